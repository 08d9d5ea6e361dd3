"""The library API: bytes or a file in, the contract's issue object out.

    from pipeline.api import parse_file
    result = parse_file("raw/xianning-2022-01.txt")   # a dict, as `gazette parse --stdout` prints

The stages run in order, each a small module with one job:
normalize → header → documents → (per document) tables → outline → tasks → dates →
quantities → references → people → validate. See ``STAGES`` below.
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict
from pathlib import Path

from . import coverage as coverage_mod
from . import dates as dates_mod
from . import documents as documents_mod
from . import header as header_mod
from . import orgs as orgs_mod
from . import outline as outline_mod
from . import people as people_mod
from . import quantities as quantities_mod
from . import references as references_mod
from . import tables as tables_mod
from . import tasks as tasks_mod
from .model import DocContext, warning
from .normalize import InputError, load
from .text import Text

SCHEMA_VERSION = "1.0"

# per-document extractors: (stage name, function, output list)
EXTRACTORS = [
    ("dates", dates_mod.extract_dates, "dates"),
    ("quantities", quantities_mod.extract_quantities, "quantities"),
    ("references", references_mod.extract_references, "references"),
    ("people", people_mod.extract_people, "people"),
]

ID_PREFIX = {"dates": "dt", "quantities": "q", "references": "r", "people": "p", "tables": "tb"}


class NoDocumentError(InputError):
    pass


def parse_file(path: str | Path, *, validate: bool = True, timings: dict | None = None) -> dict:
    data = Path(path).read_bytes()
    return parse_bytes(data, str(path), validate=validate, timings=timings)


def parse_bytes(data: bytes, path: str = "<bytes>", *, validate: bool = True, timings: dict | None = None) -> dict:
    t = timings if timings is not None else {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = t.get(name, 0.0) + now - clock
        clock = now

    text, source = load(data, path)
    lap("normalize")
    result = parse_text(text, source_info=asdict(source), lap=lap, validate=validate)
    return result


def parse_text(text: Text, source_info: dict | None = None, lap=None, validate: bool = True) -> dict:
    lap = lap or (lambda name: None)
    source = dict(source_info or {"path": "<text>", "sha256": None, "encoding": "utf-8", "chars": len(text.raw)})
    warnings: list[dict] = list(source.pop("warnings", []) or [])
    found = documents_mod.find_documents(text)
    first = text.lines[found[0].start_line].start if found else len(text.raw)
    issue, w2 = header_mod.parse_header(text, first)
    lap("header")
    if not found:
        raise NoDocumentError("no official document was found (no title followed by a document number or recipients)")
    # issuers read from titles (市人民政府办公室关于…) need the place the issue names
    docs, w = documents_mod.parse_documents(text, _place_of(issue), found)
    lap("documents")
    warnings += w + w2
    out: dict = {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "issue": issue,
        "documents": [],
        "sections": [],
        "tasks": [],
        "tables": [],
        "people": [],
        "quantities": [],
        "dates": [],
        "references": [],
        "warnings": [],
    }
    issue_year = issue.get("year") if issue else None
    content = text.view(lambda ln: not documents_mod.is_noise(ln.fold))  # page numbers, running heads …
    for d in docs:
        out["documents"].append(d.record)
        part, pw = _parse_document(text, content, d, issue_year, lap)
        for key, recs in part.items():
            out[key] += recs
        warnings += pw
    out["dates"] += _metadata_dates(text, docs)
    _number_records(out)
    out["organizations"] = orgs_mod.organizations(out["tasks"])
    lap("orgs")
    out["noise"] = coverage_mod.noise_records(text, [(d["span"][0], d["span"][1], d["id"]) for d in out["documents"]],
                                              skip=tuple(issue["span"]) if issue and issue.get("span") else None)
    summary, cw = coverage_mod.account(text, _owned_spans(out))
    out["coverage"] = summary
    warnings += cw
    lap("coverage")
    out["warnings"] = _sorted_warnings(warnings)
    for k, wr in enumerate(out["warnings"]):
        wr["id"] = f"w{k + 1:04d}"
    if validate:
        from .validate import validate_result

        vw = validate_result(out)
        for k, wr in enumerate(vw, start=len(out["warnings"]) + 1):
            wr["id"] = f"w{k:04d}"
        out["warnings"] += vw
        lap("validate")
    return out


ELEMENT_SPANS = ("title_span", "doc_number_span", "recipients_span", "body_span", "signed_by_span", "date_span",
                 "disclosure_span")


def _owned_spans(out: dict) -> list[tuple[int, int]]:
    spans = []
    if out["issue"] and out["issue"].get("span"):
        spans.append(tuple(out["issue"]["span"]))
    for d in out["documents"]:
        spans += [tuple(d[k]) for k in ELEMENT_SPANS if d.get(k)]
    for key in ("sections", "tables", "noise"):
        spans += [tuple(r["span"]) for r in out[key] if r.get("span")]
    return spans



LIST_KEYS = ("sections", "tasks", "tables", "people", "quantities", "dates", "references")


def _parse_document(text: Text, content: Text, d, issue_year: int | None, lap) -> tuple[dict, list[dict]]:
    """Every stage after documents, for one document: its records by list, and its warnings.

    ``content`` is the text without page-furniture lines: tables read their cells from it, so a
    page number or running head between two rows does not break a table."""
    rec = d.record
    doc_id = rec["id"]
    part: dict = {k: [] for k in LIST_KEYS}
    warnings: list[dict] = []
    year = int(rec["date"][:4]) if rec.get("date") else \
        (rec.get("doc_number_parts") or {}).get("year") or issue_year
    ctx = DocContext(document_id=doc_id, title=rec["title"], doc_number=rec["doc_number"], issuer=rec["issuer"],
                     date=rec.get("date"), year=year, signed_span=d.signed_span, enclosures=rec["enclosures"],
                     body_start=d.body_start)
    start, end = rec["span"]
    element_spans = [tuple(rec[k]) for k in ("title_span", "doc_number_span", "recipients_span", "signed_by_span",
                                              "date_span", "disclosure_span") if rec.get(k)]
    # tables first: their cells are not headings
    def guarded(stage: str, fn, *args, **kw):
        """Run one stage; a bug in it becomes a warning and an empty result, never a lost issue."""
        try:
            return fn(*args, **kw)
        except Exception as exc:
            warnings.append(warning(stage, "extractor_failed", f"{stage} failed on this document: {exc!r}; "
                                    "its records for this document are missing", [start, end], doc_id))
            return [], []

    tabs, tw = guarded("tables", tables_mod.extract_tables, content, start, end, ctx)
    for k, tb in enumerate(tabs):
        tb["id"] = f"{doc_id}tb{k + 1:02d}"
        tb["document_id"] = doc_id
    part["tables"] = tabs
    for tb in tabs:  # numbers in cells take the unit their column or row header declares
        cells, _ = guarded("quantities", lambda t: (_locate_cells(content, t, quantities_mod.table_quantities(t, text)),
                                                    []), tb)
        for q in cells:
            q["document_id"] = doc_id
            q.setdefault("section_id", None)
        part["quantities"] += cells
    _own(tw, doc_id)
    warnings += tw
    ctx.skip_spans = [tuple(tb["span"]) for tb in tabs]
    lap("tables")
    sections, sw = guarded("outline", outline_mod.build_sections, text, doc_id, d.title_lines[-1].index + 1,
                           d.end_line, element_spans + ctx.skip_spans, _enclosure_title_lines(text, d, ctx.skip_spans), doc_id,
                           listing_until=(rec.get("date_span") or [None])[0])
    part["sections"] = sections
    warnings += sw
    if d.body_start is not None and d.body_start < end:
        stops = [x["span"][0] for x in sections] + [a for a, _ in element_spans if a >= d.body_start] + [end]
        body_end = min(x for x in stops if x >= d.body_start)
        if body_end > d.body_start:
            rec["body_span"] = [d.body_start, body_end]
    lap("outline")
    tasks, tw2 = guarded("tasks", tasks_mod.build_tasks, text, doc_id, sections, doc_id, (d.body_start or start, end))
    for tb in tabs:
        table_tasks, _ = guarded("tables", lambda t: (tables_mod.table_tasks(t, text, year=ctx.year), []), tb)
        for task in table_tasks:
            task["document_id"] = doc_id
            task["section_id"] = None
            task.setdefault("deadlines", [])
            tasks.append(task)
    for k, task in enumerate(tasks):
        task["id"] = f"{doc_id}t{k + 1:04d}"
    warnings += tw2
    lap("tasks")
    if d.signed_span and rec.get("date"):
        s, e = d.signed_span
        part["dates"].append({"document_id": doc_id, "section_id": None, "text": text.raw[s:e], "kind": "signed",
                              "value": rec["date"], "start": rec["date"], "end": rec["date"],
                              "inferred_year": False, "span": [s, e]})
    for stage, fn, key in EXTRACTORS:
        recs, ew = guarded(stage, fn, text, start, end, ctx)
        for r in recs:
            r["document_id"] = doc_id
            r.setdefault("section_id", None)
        _own(ew, doc_id)
        part[key] += recs
        warnings += ew
        lap(stage)
    cells = [sp for tb in tabs for sp in tables_mod.deadline_cell_spans(tb, text)]
    if cells:  # a table's 完成时限 column: the dates written in it are deadlines
        dates_mod.mark_deadline_cells(part["dates"], cells, text)
    deadlines = [x for x in part["dates"] if x.get("kind") in ("deadline", "target") and x.get("value")]
    for task in tasks:
        a, b = task["span"]
        task["deadlines"] = task.get("deadlines") or [x["value"] for x in deadlines if a <= x["span"][0] < b]
    part["tasks"] = tasks
    _assign_sections(part, sections)
    lap("assign")
    return part, warnings

def _locate_cells(content: Text, table: dict, quantities: list[dict]) -> list[dict]:
    """Give each table quantity the span of its own cell line: cells are read in order within
    their row's span, so two equal cells of one row get their own lines."""
    rows = table.get("row_spans") or []
    pointer: dict[int, int] = {}
    for q in quantities:
        r = q.get("row")
        if not isinstance(r, int) or not 1 <= r <= len(rows):
            continue
        a, b = rows[r - 1]
        for ln in content.lines_between(pointer.get(r, a), b):
            if ln.raw == q["text"]:
                q["span"] = [ln.start, ln.end]
                pointer[r] = ln.end
                break
    return quantities


META_DATE_RE = re.compile(r"^(?P<k>成文日期|发文日期|发布日期|印发日期|发布时间)\s*[:：]\s*(?P<v>\S[^ ]*)")


def _metadata_dates(text: Text, docs) -> list[dict]:
    """A web page's metadata block (成文日期：2023/05/10, 发布日期：…) above a document's title
    dates that document: signed for 成文日期/发文日期, published for 发布日期/印发日期."""
    out = []
    starts = [text.lines[d.start_line].start for d in docs]
    for ln in text.lines:
        m = META_DATE_RE.match(ln.fold)
        if not m:
            continue
        # the document whose title follows within a few lines, else the one that holds the line
        k = next((i for i, a in enumerate(starts) if a > ln.start and text.line_at(a) - text.line_at(ln.start) <= 12),
                 None)
        if k is None:
            k = next((i for i in range(len(docs) - 1, -1, -1) if starts[i] <= ln.start), None)
        if k is None:
            continue
        value = dates_mod.parse_full_date(m.group("v"))
        if not value:
            continue
        s, e = ln.start + m.start("v"), ln.start + m.end("v")
        kind = "signed" if m.group("k") in ("成文日期", "发文日期") else "published"
        out.append({"document_id": docs[k].record["id"], "section_id": None, "text": text.raw[s:e], "kind": kind,
                    "value": value, "start": value, "end": value, "inferred_year": False, "span": [s, e]})
    return out


def _place_of(issue: dict | None) -> str | None:
    if not issue:
        return None
    for k in ("publisher", "title"):
        v = issue.get(k) or ""
        m = re.match(r"^(.{1,8}?[省市县区州盟旗])", v)
        if m:
            return m.group(1)
    return None


def _own(ws: list[dict], doc_id: str) -> None:
    for x in ws:
        x.setdefault("document_id", doc_id)
        if x.get("document_id") is None:
            x["document_id"] = doc_id


def _enclosure_title_lines(text: Text, d, skip: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Lines [i, j) after the signature block that carry the enclosure's own title (one to three short lines)."""
    rec = d.record
    after = rec.get("disclosure_span") or rec.get("date_span")
    if not after:
        return None
    k = text.line_at(after[1] - 1) + 1
    while k < d.end_line and documents_mod.is_noise(text.lines[k].fold):
        k += 1
    j = k
    while j < d.end_line and j - k < 3:
        ln = text.lines[j]
        if len(ln.fold) > 40 or ln.fold[-1] in "。；;:：" or outline_mod.classify(ln) is not None \
                or documents_mod.is_noise(ln.fold) or any(a <= ln.start < b for a, b in skip):
            break
        j += 1
    return (k, j) if j > k else None


def _assign_sections(part: dict, sections: list[dict]) -> None:
    """Every record of one document gets the innermost section whose span holds its start."""
    import bisect

    secs = sorted(sections, key=lambda s: (s["span"][0], -s["span"][1]))
    starts = [s["span"][0] for s in secs]
    for key in ("quantities", "dates", "references", "people", "tables"):
        for r in part[key]:
            if r.get("section_id") or not r.get("span"):
                continue
            p = r["span"][0]
            i = bisect.bisect_right(starts, p) - 1
            while i >= 0:
                s = secs[i]
                if s["span"][0] <= p < s["span"][1]:
                    r["section_id"] = s["id"]
                    break
                i -= 1
            if key == "tables":
                r.pop("section_id", None)


def _number_records(out: dict) -> None:
    """Stable IDs: the document's id, a kind letter and the order within the document."""
    for key, letter in (("dates", "dt"), ("quantities", "q"), ("references", "r"), ("people", "p")):
        counters: dict = {}
        out[key].sort(key=lambda r: (r["document_id"] or "", r["span"][0] if r.get("span") else 0))
        for i, r in enumerate(out[key]):
            doc = r.get("document_id") or "x"
            counters[doc] = counters.get(doc, 0) + 1
            out[key][i] = {"id": f"{doc}{letter}{counters[doc]:04d}", **{k: v for k, v in r.items() if k != "id"}}


def _sorted_warnings(ws: list[dict]) -> list[dict]:
    def key(w):
        sp = w.get("span") or [0, 0]
        return (sp[0] if sp else 0, w.get("stage") or "", w.get("code") or "")

    return [{"stage": w.get("stage"), "code": w.get("code"), "message": w.get("message"),
             "document_id": w.get("document_id"), "span": w.get("span")} for w in sorted(ws, key=key)]
