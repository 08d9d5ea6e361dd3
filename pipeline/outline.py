"""Stage 4: the section tree of each document.

Every heading line (第X编/章/节/条, 一、, (一), 1., (1), ①, 专栏N, 附件N, and the title of an
enclosure or a short unlabelled subheading as ``part``) opens a section that runs to the next
heading. Nesting follows the rank of the kinds: a heading closes every open section of its
own rank or deeper, and becomes the child of what stays open. Heading shapes live in
``data/outline.json``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import warning
from .numerals import label_number
from .text import Line, Text

STAGE = "outline"

RANK = {"part": 0, "attachment": 0, "book": 1, "chapter": 2, "division": 3, "article": 4, "level1": 5,
        "level2": 6, "level3": 7, "level4": 8, "level5": 9, "column": 10}


@dataclass
class Heading:
    kind: str
    label: str  # as written
    number: int | None
    title: str
    line: Line
    repaired: str | None = None  # warning message when the label was repaired


@lru_cache(maxsize=1)
def _shapes():
    v = json.loads(resources.files("pipeline.data").joinpath("outline.json").read_text("utf-8"))
    N = v["numeral"]
    kinds = [(k["kind"], re.compile(k["pattern"].replace("{N}", N))) for k in v["kinds"]]
    repairs = [(r["kind"], re.compile(r["pattern"]), r["message"]) for r in v["repairs"]]
    return kinds, re.compile(v["column"].replace("{N}", N)), re.compile(v["attachment"]), repairs, v["part_max_len"]


def _title_of(kind: str, rest_raw: str) -> str:
    """Heading text: the short first sentence after the label (may be empty)."""
    rest = rest_raw.strip()
    if kind == "article":
        return ""
    m = re.match(r"^([^。；;：:!?！？]{1,40})(?:[。；;：:!?！？]|$)", rest)
    if not m:
        return ""
    t = m.group(1).strip()
    if re.fullmatch(r"(?:[\u4e00-\u9fff]\s+)+[\u4e00-\u9fff]", t):  # 总 则 -> 总则
        t = re.sub(r"\s+", "", t)
    return t


def classify(ln: Line) -> Heading | None:
    """The heading a line opens, or None."""
    kinds, column, attachment, repairs, _ = _shapes()
    f = ln.fold
    for kind, rx in kinds:
        m = rx.match(f)
        if not m:
            continue
        label_end = m.start("rest")
        label = ln.raw[:label_end].strip()
        rest = ln.raw[label_end:]
        return Heading(kind, label, label_number(m.group("n")), _title_of(kind, rest), ln)
    m = column.match(f)
    if m:
        label_end = m.start("rest")
        return Heading("column", ln.raw[:label_end].strip(), label_number(m.group("n") or "") if m.group("n") else None,
                       ln.raw[label_end:].strip(), ln)
    m = attachment.match(f)
    if m:
        rest_start = m.start("rest") if m.group("rest") is not None else m.end()
        return Heading("attachment", ln.raw[:rest_start].strip().rstrip(":："),
                       int(m.group("n")) if m.group("n") else None, ln.raw[rest_start:].strip(), ln)
    for kind, rx, msg in repairs:
        m = rx.match(f)
        if m and len(f) <= 200:
            label_end = m.start("rest")
            label = ln.raw[:label_end].strip()
            return Heading(kind, label, label_number(m.group("n")), _title_of(kind, ln.raw[label_end:]), ln,
                           repaired=msg.format(label=label))
    return None


def _is_part(ln: Line, nxt: Heading | None) -> bool:
    """A short unlabelled subheading right above a labelled heading (深度融入同城化发展。)."""
    _, _, _, _, max_len = _shapes()
    f = ln.fold.strip()
    if nxt is None or len(f) > max_len or len(f) < 4:
        return False
    if RANK[nxt.kind] < RANK["level1"] or nxt.kind == "column":  # regulations structure by chapters, not parts
        return False
    if re.search(r"[,，:：;；、()《》\d]", f) or f.count("。") > 1 or f.endswith(("：", ":")):
        return False
    return bool(re.fullmatch(r"[\u4e00-\u9fff“”\"]+。?", f))


def build_sections(text: Text, doc_id: str, start_line: int, end_line: int, skip: list[tuple[int, int]],
                   enclosure_lines: tuple[int, int] | None, id_prefix: str,
                   listing_until: int | None = None) -> tuple[list[dict], list[dict]]:
    """Sections of one document between lines [start_line, end_line).

    Lines inside ``skip`` spans (document elements, tables) and page-furniture lines are not
    headings; ``附件:X`` lines before ``listing_until`` (the signature) list attachments and
    are not headings either.
    """
    from .documents import is_noise

    lines = text.lines
    warnings: list[dict] = []
    heads: list[Heading] = []
    cls = [None] * (end_line - start_line)

    skip_starts = {ln.start for a, b in skip for ln in text.lines_between(a, b)}

    def skipped(ln: Line) -> bool:
        return ln.start in skip_starts

    listings: list[int] = []
    for k in range(start_line, end_line):
        ln = lines[k]
        if skipped(ln) or is_noise(ln.fold):
            continue
        h = classify(ln)
        if h is not None and h.kind == "attachment" and h.title and (
                (listing_until is not None and ln.start < listing_until)
                or re.search(r"[(（]略[)）]$", ln.fold)):  # 附件：X（略）: the attachment is not printed
            listings.append(k)
        cls[k - start_line] = h
    # 附件:X that lists an attachment whose own heading (a bare 附件 / 附件1) comes later is a listing
    bare_after = False
    for k in range(end_line - 1, start_line - 1, -1):
        h = cls[k - start_line]
        if h is None or h.kind != "attachment":
            continue
        if h.title and ":" in lines[k].fold[:8] and bare_after:
            listings.append(k)
        elif not h.title:
            bare_after = True
    # a listing (附件:1.X) and the numbered lines that continue it (2.Y) are not headings
    for k in listings:
        cls[k - start_line] = None
        j = k + 1
        while j < end_line and cls[j - start_line] is not None and cls[j - start_line].kind in ("level3", "level4") \
                and len(lines[j].fold) <= 60 and "。" not in lines[j].fold:
            cls[j - start_line] = None
            j += 1
    for k in range(start_line, end_line):
        ln = lines[k]
        if skipped(ln) or is_noise(ln.fold):
            continue
        h = cls[k - start_line]
        if enclosure_lines and enclosure_lines[0] < k < enclosure_lines[1]:
            continue  # continuation of the enclosure title
        if enclosure_lines and k == enclosure_lines[0]:
            title = "".join(lines[j].raw.strip() for j in range(*enclosure_lines))
            h = Heading("part", "", None, title, ln)
        elif h is None and k + 1 < end_line and _is_part(ln, cls[k + 1 - start_line]):
            h = Heading("part", "", None, ln.raw.strip().rstrip("。"), ln)
            h.sub = True  # type: ignore[attr-defined]
        if h is not None:
            heads.append(h)
    sections: list[dict] = []
    stack: list[tuple[float, dict]] = []
    doc_end = lines[end_line - 1].end if end_line > start_line else 0
    bounds = [h.line.start for h in heads] + [doc_end]
    for i, h in enumerate(heads):
        rank: float = RANK[h.kind]
        if h.kind == "part" and h.label:  # 第一部分: inside an enclosure, above its chapters and items
            rank = 0.5
        if h.kind == "part" and getattr(h, "sub", False):
            nxt = heads[i + 1] if i + 1 < len(heads) else None
            rank = (RANK[nxt.kind] - 0.5) if nxt else 9.5
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1]["id"] if stack else None
        s, e = h.line.start, bounds[i + 1]
        e = _trim_end(text, s, e, skip)
        sec = {
            "id": f"{id_prefix}s{len(sections) + 1:04d}",
            "document_id": doc_id,
            "parent_id": parent,
            "kind": h.kind,
            "label": h.label,
            "number": h.number,
            "title": h.title,
            "text": text.raw[s:e].strip(),
            "span": [s, s + len(text.raw[s:e].rstrip())],
        }
        sections.append(sec)
        stack.append((rank, sec))
        if h.repaired:
            warnings.append(warning(STAGE, "heading_repaired", h.repaired, [h.line.start, h.line.end], doc_id))
    return sections, warnings


def _trim_end(text: Text, s: int, e: int, skip: list[tuple[int, int]]) -> int:
    """A section's own text stops where a table or the signature block starts."""
    for a, b in skip:
        if s < a < e:
            e = a
    return e
