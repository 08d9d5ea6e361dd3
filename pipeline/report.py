"""A review page for one parsed issue: one self-contained HTML file a person can read.

    from pipeline.report import render_report, write_report
    write_report("raw/xianning-2022-01.txt", "out/report.html")

The page holds the issue header, counts per record kind, the warnings (each linking to its
place in the text), the documents with their metadata, each document's outline as a
collapsible tree, the tables drawn as tables with their totals marked right or wrong, and the
normalized text with the extracted units, quantities, dates, references and people
highlighted displaCy-style (a coloured mark with a label chip). CSS and JS are inline: the
page makes no network request. Every string from the input goes through ``html.escape``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

# entity kinds in the text: key → (chip label, legend text); colours live in the CSS
ENTITY_KINDS = {
    "lead": ("LEAD", "lead unit (牵头单位)"),
    "unit": ("UNIT", "responsible unit (责任单位)"),
    "qty": ("QTY", "quantity"),
    "date": ("DATE", "date, deadline, target, period"),
    "ref": ("REF", "reference to a document or law"),
    "per": ("PER", "person in a membership list"),
}
DATE_CHIPS = {"deadline": "DEADLINE", "target": "TARGET", "period": "PERIOD", "effective": "EFFECTIVE",
              "expiry": "EXPIRY", "signed": "SIGNED", "published": "PUBLISHED"}
COUNT_KINDS = ("documents", "sections", "tasks", "tables", "people", "quantities", "dates", "references",
               "warnings", "organizations", "noise")
DOC_COUNT_KINDS = ("sections", "tasks", "tables", "quantities", "dates", "references", "people", "warnings")
# priority when two spans start and end at the same place: the smaller number is the outer one
_PRIORITY = {"wsp": 0, "ref": 1, "per": 2, "lead": 3, "unit": 3, "date": 4, "qty": 5}

CSS = """
:root{--ink:#1f2328;--mute:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--bad:#cf222e;--ok:#1a7f37;
--lead:#7aecec;--unit:#c6f6d5;--qty:#fde68a;--date:#bfdbfe;--ref:#f5c2e7;--per:#ddd6fe}
*{box-sizing:border-box}
html{scroll-padding-top:3.4rem}
body{margin:0;color:var(--ink);background:var(--bg);font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC",
"PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",system-ui,sans-serif}
nav.top{position:sticky;top:0;z-index:5;background:#24292f;color:#fff;padding:.45rem 1rem;display:flex;gap:1rem;
flex-wrap:wrap;align-items:center;font-size:14px}
nav.top a{color:#fff;text-decoration:none}nav.top a:hover{text-decoration:underline}
nav.top .brand{font-weight:700}nav.top button{font:inherit;font-size:12px;padding:.1rem .5rem;cursor:pointer}
main{max-width:1180px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.55rem;margin:.6rem 0 .3rem}h2{font-size:1.25rem;border-bottom:1px solid var(--line);
padding-bottom:.2rem;margin:2rem 0 .8rem}h3{font-size:1.08rem;margin:.2rem 0 .5rem}
a{color:#0969da}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .9rem;margin:.3rem 0 .6rem;font-size:14px}
.meta dt{color:var(--mute)}.meta dd{margin:0;overflow-wrap:anywhere}
.headline{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.stat{border:1px solid var(--line);border-radius:8px;padding:.35rem .8rem;min-width:7.5rem;background:var(--soft)}
.stat .n{display:block;font-size:1.5rem;font-weight:700;line-height:1.2}.stat .k{color:var(--mute);font-size:13px}
.stat.flag{border-color:var(--bad);background:#ffebe9}.stat.flag .n{color:var(--bad)}
.stat.good .n{color:var(--ok)}
table{border-collapse:collapse;font-size:14px}
th,td{border:1px solid var(--line);padding:.2rem .5rem;vertical-align:top;text-align:left}
th{background:var(--soft)}td.num{text-align:right;font-variant-numeric:tabular-nums}
.counts td.n{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
ol.warnings{padding-left:1.6rem}ol.warnings li{margin:.25rem 0}
code,.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em;background:var(--soft);
padding:0 .25rem;border-radius:4px}
.badge{display:inline-block;font-size:12px;border-radius:10px;padding:0 .45rem;background:var(--soft);
border:1px solid var(--line);color:var(--mute);white-space:nowrap}
.badge.bad{color:var(--bad);border-color:var(--bad);background:#ffebe9}.badge.ok{color:var(--ok);border-color:var(--ok)}
article.doc{border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;margin:1rem 0}
article.doc h3 .id{color:var(--mute);font-weight:400;margin-right:.4rem}
.doccounts{font-size:13px;color:var(--mute)}
details.outline>summary{cursor:pointer;font-weight:600;margin:.4rem 0}
.tree,.tree ul{list-style:none;margin:0;padding-left:1.1rem}.tree{padding-left:.2rem;font-size:14px}
.tree li{margin:.05rem 0}.tree summary{cursor:pointer}.tree .k{color:var(--mute);font-size:11px;margin-left:.3rem}
.tree a{text-decoration:none}.tree a:hover{text-decoration:underline}
figure.tbl{margin:1rem 0;border-left:4px solid var(--line);padding-left:.8rem}
figure.tbl.flagged{border-left-color:var(--bad)}
figure.tbl figcaption{font-weight:600;margin-bottom:.35rem}
.scroll{overflow-x:auto;max-width:100%}
tr.totalrow td,tr.totalrow th{font-weight:700;background:#fafbfc}
td.tot.ok{background:#dafbe1;color:var(--ok)}td.tot.bad{background:#ffebe9;color:var(--bad);outline:2px solid var(--bad)}
ul.totals{margin:.4rem 0;padding-left:1.2rem;font-size:14px}ul.totals .bad{color:var(--bad);font-weight:600}
ul.totals .ok{color:var(--ok)}
#legend{position:sticky;top:2.75rem;z-index:4;background:#fff;box-shadow:0 2px 4px rgba(0,0,0,.06);border:1px solid var(--line);
border-radius:8px;padding:.35rem .7rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:13px}
#legend label{cursor:pointer;white-space:nowrap}
.texthead{margin:1.6rem 0 .4rem;font-size:1rem}.texthead .id{color:var(--mute);font-weight:400}
.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.95;font-size:15px;border:1px solid var(--line);
border-radius:8px;padding:.6rem .9rem;background:#fff}
mark.e{padding:.1em .3em;border-radius:.35em;color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.e .l{font-size:.58em;font-weight:700;letter-spacing:.02em;margin-left:.3em;vertical-align:.12em;
user-select:none;-webkit-user-select:none;font-family:system-ui,sans-serif;color:#333}
mark.lead{background:var(--lead)}mark.unit{background:var(--unit)}mark.qty{background:var(--qty)}
mark.date{background:var(--date)}mark.ref{background:var(--ref)}mark.per{background:var(--per)}
span.bl{display:none}
span.wsp{text-decoration:underline wavy var(--bad);text-underline-offset:.25em}
a.wf{font-size:.68em;font-weight:700;color:#fff;background:var(--bad);border-radius:.35em;padding:.05em .3em;
margin:0 .15em;text-decoration:none;vertical-align:.12em;user-select:none;-webkit-user-select:none}
a.tl{font-size:.68em;color:#fff;background:#57606a;border-radius:.35em;padding:.05em .3em;margin-right:.2em;
text-decoration:none;vertical-align:.12em}
a.sa:target::before{content:"▶";color:var(--bad)}
:target{scroll-margin-top:5.5rem}a.wf:target,mark:target{outline:3px solid var(--bad)}
li:target,figure:target,article:target{background:#fff8c5}
body.hide-lead mark.lead,body.hide-unit mark.unit,body.hide-qty mark.qty,body.hide-date mark.date,
body.hide-ref mark.ref,body.hide-per mark.per{background:none;padding:0}
body.hide-lead mark.lead .l,body.hide-unit mark.unit .l,body.hide-qty mark.qty .l,body.hide-date mark.date .l,
body.hide-ref mark.ref .l,body.hide-per mark.per .l{display:none}
.muted{color:var(--mute)}
footer{margin-top:2rem;color:var(--mute);font-size:12px}
@media print{
@page{margin:14mm 12mm}
body{font-size:10.5pt}nav.top,#legend label input,.noprint{display:none}
#legend{position:static}main{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
article.doc,figure.tbl,tr{break-inside:avoid}h2,h3{break-after:avoid}
.text{border:none;padding:0;font-size:10.5pt;line-height:1.9}
.scroll{overflow:visible}
details.outline .tree{columns:2;column-gap:2rem;font-size:9pt}
}
"""

JS = """
(function(){
var q=function(s){return Array.prototype.slice.call(document.querySelectorAll(s))};
q('#legend input[data-k]').forEach(function(cb){cb.addEventListener('change',function(){
document.body.classList.toggle('hide-'+cb.getAttribute('data-k'),!cb.checked)})});
function setAll(open){q('details').forEach(function(d){d.open=open})}
var ex=document.getElementById('expand-all'),co=document.getElementById('collapse-all');
if(ex)ex.addEventListener('click',function(){setAll(true)});
if(co)co.addEventListener('click',function(){setAll(false)});
var saved=null;
window.addEventListener('beforeprint',function(){saved=q('details').map(function(d){return d.open});setAll(true)});
window.addEventListener('afterprint',function(){if(saved){q('details').forEach(function(d,i){d.open=saved[i]});saved=null}});
})();
"""


def esc(v) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if v is None else str(v), quote=True)


# ---------------------------------------------------------------- highlighted text


class _Span:
    __slots__ = ("start", "end", "kind", "label", "title", "order")

    def __init__(self, start: int, end: int, kind: str, label: str | None, title: str, order: int):
        self.start, self.end, self.kind, self.label, self.title, self.order = start, end, kind, label, title, order

    def open_tag(self, first: bool) -> str:
        tip = f' title="{esc(self.title)}"' if first and self.title else ""
        if self.kind == "wsp":
            return f'<span class="wsp"{tip}>'
        return f'<mark class="e {self.kind}"{tip}>'

    def close_tag(self, final: bool) -> str:
        if self.kind == "wsp":
            return "</span>"
        chip = f'<b class="l" aria-hidden="true">{esc(self.label)}</b>' if final and self.label else ""
        return chip + "</mark>"


def render_marked(text: str, start: int, end: int, spans: list[_Span], points: dict[int, list[str]]) -> str:
    """text[start:end] escaped, with spans as properly nested marks and point HTML inserted at offsets.

    Spans that cross one another are split: the inner one is closed and reopened, so every
    span is drawn whole and the HTML stays well formed; the label chip follows the last piece.
    """
    spans = [s for s in spans if s.end > s.start and s.start < end and s.end > start]
    for s in spans:
        s.start, s.end = max(s.start, start), min(s.end, end)
    by_start: dict[int, list[_Span]] = {}
    for s in spans:
        by_start.setdefault(s.start, []).append(s)
    for lst in by_start.values():
        lst.sort(key=lambda s: (-s.end, _PRIORITY.get(s.kind, 9), s.order))
    cuts = sorted({start, end} | set(by_start) | {s.end for s in spans} | {p for p in points if start <= p <= end})
    out: list[str] = []
    stack: list[_Span] = []
    for i, p in enumerate(cuts):
        ending = [k for k, s in enumerate(stack) if s.end == p]
        if ending:
            low = ending[0]
            popped = stack[low:]
            del stack[low:]
            for s in reversed(popped):
                out.append(s.close_tag(final=s.end == p))
            for s in popped:
                if s.end != p:
                    stack.append(s)
                    out.append(s.open_tag(first=False))
        if p in points:
            out.extend(points[p])
        for s in by_start.get(p, []):
            stack.append(s)
            out.append(s.open_tag(first=True))
        if i + 1 < len(cuts):
            out.append(_text_html(text[p:cuts[i + 1]]))
    for s in reversed(stack):  # only when a span ran past `end`, which the clipping above prevents
        out.append(s.close_tag(final=True))
    return "".join(out)


_BLANK_RUN = re.compile(r"\n(\n+)")


def _text_html(s: str) -> str:
    """Escaped text; of every run of line breaks one is hidden (kept in the DOM), so the many blank
    lines of scraped gazettes do not double the page's length, while a paragraph break stays visible."""
    s = esc(s)
    if "\n\n" not in s:
        return s
    return _BLANK_RUN.sub(lambda m: '\n<span class="bl">\n</span>' + m.group(1)[1:], s)


def _unit_spans(result: dict, text: str, fold_text: str, canon: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, title) of every lead/responsible unit, found inside its task's note spans."""
    from .text import fold

    found = []
    for t in result.get("tasks") or []:
        regions = [tuple(x) for x in t.get("note_spans") or [] if x] or ([tuple(t["span"])] if t.get("span") else [])
        for role, key in (("lead", "lead_units"), ("unit", "responsible_units")):
            for u in t.get(key) or []:
                needle = fold(u)
                if not needle:
                    continue
                for a, b in regions + ([tuple(t["span"])] if t.get("span") else []):
                    k = fold_text.find(needle, a, b)
                    if k >= 0:
                        c = canon.get((t.get("id"), role, u))
                        title = f"task {t.get('id')}" + (f" · canonical {c}" if c and c != u else "")
                        found.append((k, k + len(needle), role, title))
                        break
    # one mark per place: a unit named twice in one note is drawn once per occurrence found
    seen, out = set(), []
    for s in found:
        if (s[0], s[1]) not in seen:
            seen.add((s[0], s[1]))
            out.append(s)
    return out


def _entity_spans(result: dict, text: str) -> list[_Span]:
    from .text import fold

    canon: dict = {}
    try:
        from .output import task_units

        for r in task_units(result):
            canon[(r["task_id"], "lead" if r["role"] == "lead" else "unit", r["unit"])] = r["canonical"]
    except Exception:  # the canonical name is a tooltip nicety, never a reason to fail the page
        canon = {}
    fold_text = fold(text)
    spans: list[_Span] = []
    n = len(text)

    def add(sp, kind, label, title):
        if not sp or len(sp) != 2 or sp[0] is None or sp[1] is None:
            return
        a, b = max(0, int(sp[0])), min(n, int(sp[1]))
        if b > a:
            spans.append(_Span(a, b, kind, label, title, len(spans)))

    for a, b, role, title in _unit_spans(result, text, fold_text, canon):
        add((a, b), role, ENTITY_KINDS[role][0], title)
    for q in result.get("quantities") or []:
        v = q.get("value")
        rng = f"{q.get('min')}–{q.get('max')}" if v is None and (q.get("min") is not None or q.get("max") is not None) else v
        bits = [q.get("id") or "quantity", f"{rng} {q.get('unit') or ''}".strip()]
        if q.get("qualifier"):
            bits.append(q["qualifier"])
        add(q.get("span"), "qty", "QTY", " · ".join(bits))
    for d in result.get("dates") or []:
        rng = f" ({d.get('start')} – {d.get('end')})" if d.get("start") and d.get("start") != d.get("end") else ""
        title = f"{d.get('id') or d.get('kind')} · {d.get('value')}{rng}" + \
            (" · year inferred" if d.get("inferred_year") else "")
        add(d.get("span"), "date", DATE_CHIPS.get(d.get("kind"), "DATE"), title)
    for r in result.get("references") or []:
        bits = [r.get("id") or "reference", r.get("relation") or "cites"]
        if r.get("doc_number"):
            bits.append(r["doc_number"])
        add(r.get("span"), "ref", "REF", " · ".join(bits))
    for p in result.get("people") or []:
        add(p.get("span"), "per", "PER", f"{p.get('group') or ''} · {p.get('role') or ''} · {p.get('name') or ''}")
    for w in result.get("warnings") or []:
        add(w.get("span"), "wsp", None, f"{w.get('stage')}/{w.get('code')}: {w.get('message')}")
    return spans


def _points(result: dict, n: int) -> dict[int, list[str]]:
    """Zero-width HTML at text offsets: section anchors, table links, warning flags."""
    pts: dict[int, list[str]] = {}

    def put(pos, s):
        if pos is None:
            return
        pts.setdefault(min(max(0, int(pos)), n), []).append(s)

    for s in result.get("sections") or []:
        if s.get("span") and s.get("id"):
            put(s["span"][0], f'<a class="sa" id="{esc(s["id"])}"></a>')
    for t in result.get("tables") or []:
        if t.get("span") and t.get("id"):
            put(t["span"][0], f'<a class="tl" href="#{esc(t["id"])}" title="drawn as a table above">'
                              f'▦ table {esc(t["id"])}</a>')
    for w in result.get("warnings") or []:
        if w.get("span") and w.get("id"):
            put(w["span"][0], f'<a class="wf" id="{esc(w["id"])}" href="#li-{esc(w["id"])}" '
                              f'title="{esc(w.get("code"))}: {esc(w.get("message"))}">⚠ {esc(w["id"])}</a>')
    return pts


# ---------------------------------------------------------------- page parts


def _by_doc(result: dict, kind: str) -> dict:
    out: dict = {}
    for r in result.get(kind) or []:
        out.setdefault(r.get("document_id"), []).append(r)
    return out


def _warning_target(w: dict, result: dict) -> str:
    if w.get("span") and w.get("id"):
        return f"#{w['id']}"
    if w.get("document_id") and any(d.get("id") == w["document_id"] for d in result.get("documents") or []):
        return f"#doc-{w['document_id']}"
    return "#text"


def _ensure_warning_ids(result: dict) -> list[dict]:
    ws = []
    for k, w in enumerate(result.get("warnings") or []):
        w = dict(w)
        w.setdefault("id", None)
        if not w["id"]:
            w["id"] = f"w{k + 1:04d}"
        ws.append(w)
    return ws


def _header(result: dict) -> str:
    iss = result.get("issue") or {}
    src = result.get("source") or {}
    title = iss.get("title") or Path(src.get("path") or "issue").name
    rows = [("主办单位 publisher", iss.get("publisher")), ("year", iss.get("year")), ("期号 number", iss.get("number")),
            ("总号 total number", iss.get("total_number")), ("发布时间 published", iss.get("published_at")),
            ("source", src.get("path")), ("encoding", src.get("encoding")), ("characters", src.get("chars")),
            ("sha256", src.get("sha256"))]
    cov = result.get("coverage") or {}
    if cov.get("ratio") is not None:
        rows.append(("text accounted for", f"{cov['ratio'] * 100:.1f}%"))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v not in (None, ""))
    none = "" if result.get("issue") else '<p class="muted">This file has no gazette issue header.</p>'
    return f'<header id="issue"><h1>{esc(title)}</h1>{none}<dl class="meta">{dl}</dl></header>'


def _flagged_totals(result: dict) -> list[tuple[dict, dict]]:
    return [(t, x) for t in result.get("tables") or [] for x in t.get("totals") or [] if x.get("ok") is False]


def _summary(result: dict, ws: list[dict]) -> str:
    flagged = _flagged_totals(result)
    n_tot = sum(len(t.get("totals") or []) for t in result.get("tables") or [])
    n_docs = len(result.get("documents") or [])
    stats = [f'<div class="stat" id="stat-documents"><span class="n">{n_docs}</span><span class="k">documents</span></div>',
             f'<div class="stat"><span class="n">{len(result.get("tasks") or [])}</span><span class="k">tasks</span></div>',
             f'<div class="stat"><span class="n">{len(result.get("tables") or [])}</span><span class="k">tables</span></div>']
    if flagged:
        t = flagged[0][0]
        stats.append(f'<div class="stat flag" id="stat-flagged"><span class="n">{len(flagged)}</span>'
                     f'<span class="k">of {n_tot} table totals flagged · <a href="#{esc(t["id"])}">see '
                     f'{esc(t["id"])}</a></span></div>')
    else:
        stats.append(f'<div class="stat good" id="stat-flagged"><span class="n">0</span>'
                     f'<span class="k">of {n_tot} table totals flagged</span></div>')
    stats.append(f'<div class="stat{" flag" if ws else ""}"><span class="n">{len(ws)}</span>'
                 f'<span class="k"><a href="#warnings">warnings</a></span></div>')
    rows = []
    for k in COUNT_KINDS:
        v = result.get(k)
        if k == "warnings":
            v = ws
        if isinstance(v, list):
            rows.append(f'<tr id="count-{k}"><th>{esc(k)}</th><td class="n">{len(v)}</td></tr>')
    per_doc_head = "".join(f"<th>{esc(k)}</th>" for k in DOC_COUNT_KINDS)
    groups = {k: _by_doc(result, k) for k in DOC_COUNT_KINDS if k != "warnings"}
    groups["warnings"] = {}
    for w in ws:
        groups["warnings"].setdefault(w.get("document_id"), []).append(w)
    per_doc = []
    for d in result.get("documents") or []:
        cells = "".join(f'<td class="num">{len(groups[k].get(d.get("id"), []))}</td>' for k in DOC_COUNT_KINDS)
        per_doc.append(f'<tr><th><a href="#doc-{esc(d.get("id"))}">{esc(d.get("id"))}</a></th>{cells}</tr>')
    return (f'<section id="summary"><h2>At a glance</h2><div class="headline">{"".join(stats)}</div>'
            f'<div style="display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start">'
            f'<table class="counts"><caption class="muted" style="text-align:left">records per kind</caption>'
            f'{"".join(rows)}</table>'
            f'<div class="scroll"><table class="perdoc"><caption class="muted" style="text-align:left">records per '
            f'document</caption><tr><th>document</th>{per_doc_head}</tr>{"".join(per_doc)}</table></div></div></section>')


def _warnings(result: dict, ws: list[dict]) -> str:
    if not ws:
        return '<section id="warnings"><h2>Warnings (0)</h2><p class="muted">The parser raised no warning.</p></section>'
    by_code: dict = {}
    for w in ws:
        by_code[w.get("code")] = by_code.get(w.get("code"), 0) + 1
    codes = " ".join(f'<span class="badge">{esc(c)} × {n}</span>' for c, n in sorted(by_code.items(), key=str))
    items = []
    for w in ws:
        doc = f' <a class="badge" href="#doc-{esc(w["document_id"])}">{esc(w["document_id"])}</a>' \
            if w.get("document_id") else ""
        where = f' <span class="muted">@{esc(w["span"][0])}</span>' if w.get("span") else \
            ' <span class="muted">(no place in the text)</span>'
        items.append(f'<li id="li-{esc(w["id"])}"><a href="{esc(_warning_target(w, result))}">{esc(w["id"])}</a> '
                     f'<code>{esc(w.get("stage"))}/{esc(w.get("code"))}</code>{doc} {esc(w.get("message"))}{where}</li>')
    return (f'<section id="warnings"><h2>Warnings ({len(ws)})</h2><p>{codes}</p>'
            f'<ol class="warnings">{"".join(items)}</ol></section>')


def _outline(sections: list[dict]) -> str:
    if not sections:
        return '<p class="muted">No outline.</p>'
    ids = {s.get("id") for s in sections}
    kids: dict = {}
    for s in sections:
        p = s.get("parent_id") if s.get("parent_id") in ids else None
        kids.setdefault(p, []).append(s)

    def item(s: dict, depth: int) -> str:
        head = " ".join(x for x in (s.get("label") or "", s.get("title") or "") if x).strip()
        if not head:
            head = (s.get("text") or "").strip().split("\n")[0][:40] or s.get("id") or ""
        link = f'<a href="#{esc(s.get("id"))}">{esc(head)}</a><span class="k">{esc(s.get("kind"))}</span>'
        ch = kids.get(s.get("id"))
        if not ch:
            return f"<li>{link}</li>"
        inner = "".join(item(c, depth + 1) for c in ch)
        op = " open" if depth == 0 else ""
        return f'<li><details{op}><summary>{link} <span class="k">({len(ch)})</span></summary><ul>{inner}</ul></details></li>'

    return f'<ul class="tree">{"".join(item(s, 0) for s in kids.get(None, []))}</ul>'


def _nospace(s) -> str:
    return "".join(str(s or "").split())


def _table(t: dict, ws: list[dict]) -> str:
    cols = list(t.get("columns") or [])
    rows = [list(r) for r in t.get("rows") or []]
    width = max([len(cols)] + [len(r) for r in rows]) if (cols or rows) else 0
    totals = list(t.get("totals") or [])
    bad = any(x.get("ok") is False for x in totals)
    # warnings that fall on a row of this table get a flag in that row
    row_flags: dict = {}
    spans = t.get("row_spans") or []
    for w in ws:
        if not w.get("span"):
            continue
        p = w["span"][0]
        for i, rs in enumerate(spans[:len(rows)]):
            if rs and rs[0] <= p < rs[1]:
                row_flags.setdefault(i, []).append(w)
                break

    def total_cell(x: dict) -> str:
        cls = "ok" if x.get("ok") else "bad"
        mark = "✓" if x.get("ok") else "✗"
        tip = f"stated {x.get('stated')}, computed {x.get('computed')}"
        return f'<td class="num tot {cls}" title="{esc(tip)}">{esc(x.get("stated"))} {mark}</td>'

    extra_cols: list[dict] = []  # transposed tables: a total of a row label becomes an extra column
    foot_rows: list[str] = []
    placed = set()
    nc = [_nospace(c) for c in cols]
    for k, x in enumerate(totals):
        c = _nospace(x.get("column"))
        if c and c in nc and width:
            j = nc.index(c)
            label_col = 1 if width > 1 and nc[0] in ("序号", "") and j != 1 else 0
            cells = []
            for i in range(width):
                if i == j:
                    cells.append(total_cell(x))
                elif i == label_col:
                    cells.append(f"<th>{esc(x.get('label'))}</th>")
                else:
                    cells.append("<td></td>")
            foot_rows.append(f'<tr class="totalrow">{"".join(cells)}</tr>')
            placed.add(k)
        elif c and any(r and _nospace(r[0]) == c for r in rows):
            extra_cols.append(x)
            placed.add(k)
    head = "".join(f"<th>{esc(c)}</th>" for c in cols + [""] * (width - len(cols)))
    head += "".join(f'<th class="totalrow">{esc(x.get("label"))}</th>' for x in extra_cols)
    body = []
    for i, r in enumerate(rows):
        r = r + [""] * (width - len(r))
        cells = []
        for j, v in enumerate(r):
            flag = ""
            if j == 0 and i in row_flags:
                flag = "".join(f' <a class="wf" href="#li-{esc(w["id"])}" title="{esc(w.get("message"))}">⚠ '
                               f'{esc(w["id"])}</a>' for w in row_flags[i])
            num = ' class="num"' if _looks_numeric(v) else ""
            cells.append(f"<td{num}>{esc(v)}{flag}</td>")
        for x in extra_cols:
            cells.append(total_cell(x) if _nospace(r[0]) == _nospace(x.get("column")) else "<td></td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    items = []
    for x in totals:
        ok = x.get("ok")
        diff = ""
        try:
            diff = f" (difference {x['stated'] - x['computed']:g})" if not ok else ""
        except (TypeError, KeyError, ValueError):
            pass
        items.append(f'<li class="{"ok" if ok else "bad"}">{esc(x.get("label"))} · {esc(x.get("column"))}: '
                     f'stated {esc(x.get("stated"))}, cells add up to {esc(x.get("computed"))} '
                     f'{"✓ right" if ok else "✗ wrong" + esc(diff)}</li>')
    status = ""
    if totals:
        status = ' <span class="badge bad">total flagged</span>' if bad else ' <span class="badge ok">totals right</span>'
    orient = ' <span class="badge">transposed</span>' if t.get("orientation") == "columns" else ""
    return (f'<figure class="tbl{" flagged" if bad else ""}" id="{esc(t.get("id"))}"><figcaption>'
            f'<span class="muted">{esc(t.get("id"))}</span> {esc(t.get("title") or "(untitled table)")}{orient}{status}'
            f' <span class="muted">· {len(rows)} rows</span></figcaption>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            f'<tfoot>{"".join(foot_rows)}</tfoot></table></div>'
            f'{"<ul class=totals>" + "".join(items) + "</ul>" if items else ""}</figure>')


def _looks_numeric(v: str) -> bool:
    v = (v or "").strip().replace(",", "").replace("%", "")
    if not v:
        return False
    try:
        float(v)
        return True
    except ValueError:
        return False


def _documents(result: dict, ws: list[dict]) -> str:
    secs = _by_doc(result, "sections")
    tabs = _by_doc(result, "tables")
    counts = {k: _by_doc(result, k) for k in ("tasks", "quantities", "dates", "references", "people")}
    wdoc: dict = {}
    for w in ws:
        wdoc.setdefault(w.get("document_id"), []).append(w)
    out = []
    docs = result.get("documents") or []
    for d in docs:
        did = d.get("id")
        parts = d.get("doc_number_parts") or {}
        num = esc(d.get("doc_number"))
        if parts:
            num += (f' <span class="muted">(agency {esc(parts.get("agency_code"))} · year {esc(parts.get("year"))}'
                    f' · serial {esc(parts.get("serial"))})</span>')
        rows = [("发文字号 number", num), ("发文机关 issuer", esc(d.get("issuer"))), ("文种 type", esc(d.get("doc_type"))),
                ("主送机关 recipients", esc("、".join(d.get("recipients") or []))), ("署名 signed by", esc(d.get("signed_by"))),
                ("成文日期 date", esc(d.get("date"))), ("附注 disclosure", esc(d.get("disclosure"))),
                ("enclosures", "<br>".join(esc(e) for e in d.get("enclosures") or [])),
                ("span", esc(d.get("span")))]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
        dws = wdoc.get(did, [])
        wl = ""
        if dws:
            wl = "<dt>warnings</dt><dd>" + " ".join(
                f'<a class="badge bad" href="#li-{esc(w["id"])}" title="{esc(w.get("message"))}">{esc(w.get("code"))}</a>'
                for w in dws) + "</dd>"
        s = secs.get(did, [])
        c = " · ".join(_n(len(counts[k].get(did, [])), k) for k in counts)
        tables = "".join(_table(t, ws) for t in tabs.get(did, []))
        out.append(
            f'<article class="doc" id="doc-{esc(did)}"><h3><span class="id">{esc(did)}</span>{esc(d.get("title"))}</h3>'
            f'<dl class="meta">{dl}{wl}</dl>'
            f'<p class="doccounts">{_n(len(s), "sections")} · {_n(len(tabs.get(did, [])), "tables")} · {c} · '
            f'<a href="#text-{esc(did)}">read the text ↓</a></p>'
            f'<details class="outline"><summary>Outline ({len(s)} sections)</summary>{_outline(s)}</details>'
            f'{tables}</article>')
    return (f'<section id="documents"><h2>Documents ({len(docs)})</h2>'
            f'<p class="noprint"><button id="expand-all" type="button">expand all outlines</button> '
            f'<button id="collapse-all" type="button">collapse all</button></p>{"".join(out)}</section>')


_SINGULAR = {"sections": "section", "tables": "table", "tasks": "task", "quantities": "quantity", "dates": "date",
             "references": "reference", "people": "person"}


def _n(n: int, kind: str) -> str:
    return f"{n} {_SINGULAR.get(kind, kind) if n == 1 else kind}"


def _legend(result: dict) -> str:
    n = {"lead": 0, "unit": 0}
    for t in result.get("tasks") or []:
        n["lead"] += len(t.get("lead_units") or [])
        n["unit"] += len(t.get("responsible_units") or [])
    n.update(qty=len(result.get("quantities") or []), date=len(result.get("dates") or []),
             ref=len(result.get("references") or []), per=len(result.get("people") or []))
    items = "".join(f'<label><input type="checkbox" checked data-k="{k}"> <mark class="e {k}">{esc(lab)}</mark> '
                    f'{esc(txt)} ({n[k]})</label>' for k, (lab, txt) in ENTITY_KINDS.items())
    items += ('<span><span class="wsp">wavy</span> <a class="wf" href="#warnings">⚠ w…</a> warning</span>'
              '<span><a class="tl" href="#documents">▦ table</a> drawn above</span>')
    return f'<div id="legend" role="note"><strong>Legend</strong>{items}</div>'


def _text(result: dict, text: str) -> str:
    spans = _entity_spans(result, text)
    points = _points(result, len(text))
    docs = sorted((d for d in result.get("documents") or [] if d.get("span")), key=lambda d: d["span"][0])
    blocks: list[tuple[int, int, dict | None]] = []
    pos = 0
    for d in docs:
        a, b = max(pos, d["span"][0]), max(pos, min(len(text), d["span"][1]))
        if a > pos:
            blocks.append((pos, a, None))
        if b > a:
            blocks.append((a, b, d))
        pos = max(pos, b)
    if pos < len(text) or not blocks:
        blocks.append((pos, len(text), None))
    out = []
    for a, b, d in blocks:
        if d is None:
            if not text[a:b].strip():
                continue
            head = '<h3 class="texthead muted">outside any document</h3>'
        else:
            head = (f'<h3 class="texthead" id="text-{esc(d.get("id"))}"><a class="id" href="#doc-{esc(d.get("id"))}">'
                    f'{esc(d.get("id"))}</a> {esc(d.get("title"))}</h3>')
        inner = [s for s in spans if s.start < b and s.end > a]
        pts = {p: v for p, v in points.items() if a <= p < b or (p == b == len(text))}
        out.append(f'{head}<div class="text">{render_marked(text, a, b, inner, pts)}</div>')
    return f'<section id="text"><h2>Text with extractions</h2>{_legend(result)}{"".join(out)}</section>'


def render_report(result: dict, text: str) -> str:
    """The whole review page for one parsed issue (``parse_file``'s dict) and its normalized text."""
    ws = _ensure_warning_ids(result)
    result = {**result, "warnings": ws}
    iss = result.get("issue") or {}
    title = iss.get("title") or Path((result.get("source") or {}).get("path") or "issue").name
    nav = ('<nav class="top"><span class="brand">gazette report</span><a href="#issue">issue</a>'
           '<a href="#summary">at a glance</a><a href="#warnings">warnings</a><a href="#documents">documents</a>'
           '<a href="#text">text</a><button type="button" onclick="window.print()">print</button></nav>')
    body = (_header(result) + _summary(result, ws) + _warnings(result, ws) + _documents(result, ws) + _text(result, text))
    foot = (f'<footer>schema {esc(result.get("schema_version"))} · spans are character offsets into the normalized '
            f'text ({len(text)} characters) · generated by gazette</footer>')
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)} · gazette report</title><style>{CSS}</style></head>'
            f'<body>{nav}<main>{body}{foot}</main><script>{JS}</script></body></html>\n')


def report_for_bytes(data: bytes, path: str) -> str:
    """Parse raw bytes and render their review page. Raises ``InputError`` for input that cannot be parsed."""
    from .api import parse_bytes
    from .normalize import load

    result = parse_bytes(data, path)
    text = load(data, path)[0].raw
    return render_report(result, text)


def write_report(path_in: str | Path, path_out: str | Path) -> Path:
    """Parse ``path_in`` and write its review page to ``path_out`` atomically; returns the output path."""
    from .output import atomic_write

    data = Path(path_in).read_bytes()
    page = report_for_bytes(data, str(path_in))
    out = Path(path_out)
    atomic_write(out, page)
    _readable(out)
    return out


def _readable(path: Path) -> None:
    """The temporary file behind an atomic write is private (0600); a page is for sharing: honour the umask."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(path, 0o666 & ~mask)
    except OSError:
        pass
