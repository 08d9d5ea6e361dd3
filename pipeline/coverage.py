"""Lossless accounting: who owns each non-space character of the normalized text.

Owners are the issue header, a document element (title, number, recipients, opening body,
signature, date, note, enclosure title), a section, a table, or a noise record (page
furniture such as 分享到:, 【打印本页】, 责任编辑:…). What nobody owns is reported as a warning,
one per run of text, so nothing is silently dropped.
"""
from __future__ import annotations

import re

from .documents import is_noise
from .model import warning
from .text import Text

STAGE = "coverage"
TOC_RE = re.compile(r"^目\s*录$")


def noise_records(text: Text, doc_ranges: list[tuple[int, int, str]],
                  skip: tuple[int, int] | None = None) -> list[dict]:
    """Page-furniture lines as records of their own (none inside ``skip``, the issue header)."""
    out = []
    first_doc = min((a for a, _, _ in doc_ranges), default=len(text.raw))
    toc_from = next((ln.start for ln in text.lines if ln.start < first_doc and TOC_RE.match(ln.fold)), None)
    for ln in text.lines:
        if skip and skip[0] <= ln.start < skip[1]:
            continue
        if toc_from is not None and toc_from < ln.start < first_doc:  # entries of a 目录 before the documents
            out.append({"id": f"n{len(out) + 1:04d}", "kind": "table_of_contents", "document_id": None,
                        "text": ln.raw, "span": [ln.start, ln.end]})
            continue
        if is_noise(ln.fold):
            doc = next((d for a, b, d in doc_ranges if a <= ln.start < b), None)
            out.append({"id": f"n{len(out) + 1:04d}", "kind": "page_furniture", "document_id": doc,
                        "text": ln.raw, "span": [ln.start, ln.end]})
    return out


def _nonspace(s: str) -> int:
    """Non-space characters (normalize leaves only spaces and newlines as white space)."""
    return len(s) - s.count(" ") - s.count("\n")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def account(text: Text, owned_spans: list[tuple[int, int]], max_warnings: int = 200) -> tuple[dict, list[dict]]:
    """(coverage summary, warnings for unowned runs)."""
    raw = text.raw
    merged = _merge(owned_spans)
    total = _nonspace(raw)
    owned = 0
    gaps: list[tuple[int, int]] = []
    pos = 0
    for a, b in merged + [(len(raw), len(raw))]:
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
        if a < b:
            owned += _nonspace(raw[a:b])
    warnings = []
    unowned = 0
    for a, b in gaps:
        seg = raw[a:b]
        n = _nonspace(seg)
        if not n:
            continue
        unowned += n
        s = a + (len(seg) - len(seg.lstrip()))
        e = b - (len(seg) - len(seg.rstrip()))
        if len(warnings) < max_warnings:
            snippet = raw[s:e]
            snippet = snippet if len(snippet) <= 40 else snippet[:37] + "…"
            warnings.append(warning(STAGE, "text_not_owned",
                                    f"{n} character(s) belong to no header, document element, section, table or "
                                    f"noise record: '{snippet}'", [s, e]))
    summary = {"total_chars": total, "owned_chars": total - unowned,
               "ratio": round((total - unowned) / total, 6) if total else 1.0}
    return summary, warnings
