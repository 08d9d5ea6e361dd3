"""What every stage shares: the per-document context an extractor reads, and warning records.

Extractors (dates, quantities, references, people, tables) are pure functions

    extract_X(text: Text, start: int, end: int, ctx: DocContext) -> tuple[list[dict], list[dict]]

returning (records, warnings) for the region ``text.raw[start:end]`` of one document.
Records are plain JSON-ready dicts with the contract's fields and an absolute ``span``; the
pipeline fills ``id``, ``document_id`` and ``section_id`` afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocContext:
    document_id: str | None = None
    title: str | None = None  # one-line title of the document
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None  # 成文日期, ISO YYYY-MM-DD, None when unknown
    year: int | None = None  # the document's year: from its date, else its number, else the issue
    signed_span: tuple[int, int] | None = None  # span of the 成文日期 line (dates: skip it)
    enclosures: list[str] = field(default_factory=list)  # titles the notice issues (not references)
    body_start: int | None = None  # where the body starts (after title, number, recipients)
    skip_spans: list[tuple[int, int]] = field(default_factory=list)  # e.g. tables, for extractors that skip them


def warning(stage: str, code: str, message: str, span: list[int] | tuple[int, int] | None = None,
            document_id: str | None = None) -> dict:
    return {"stage": stage, "code": code, "message": message,
            "document_id": document_id, "span": list(span) if span is not None else None}


def run_extractor(stage: str, what: str, extract, text, start: int, end: int, ctx: "DocContext | None"
                  ) -> tuple[list[dict], list[dict]]:
    """Clamp the region to the text, then run ``extract(text, start, end, ctx, warnings)``; a bug
    becomes an ``extractor_error`` warning for the region instead of an exception."""
    warnings: list[dict] = []
    n = len(text.raw)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if end <= start:
        return [], []
    try:
        return extract(text, start, end, ctx or DocContext(), warnings)
    except Exception as exc:  # pragma: no cover - a bug must never lose the document
        return [], warnings + [warning(stage, "extractor_error", f"{what} could not be read here: {exc!r}",
                                       [start, end])]
