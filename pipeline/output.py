"""Serialise a parsed issue: issue.json plus one CSV per record list (UTF-8 with BOM).

Writes are atomic: each file goes to a temporary name in the same folder and is renamed into
place, so an interrupted run never leaves a half-written file. The same input gives
byte-identical files.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

# CSV columns per list, in order; list values are joined with " | "; spans become two columns.
CSV_COLUMNS = {
    "documents": ["id", "title", "doc_number", "agency_code", "doc_year", "serial", "issuer", "doc_type", "recipients",
                  "signed_by", "date", "disclosure", "enclosures", "span_start", "span_end"],
    "sections": ["id", "document_id", "parent_id", "kind", "label", "number", "title", "text", "span_start", "span_end"],
    "tasks": ["id", "document_id", "section_id", "label", "text", "lead_units", "responsible_units", "deadlines",
              "span_start", "span_end"],
    "task_units": ["task_id", "role", "unit", "canonical", "type", "known"],
    "organizations": ["canonical", "type", "known", "lead_tasks", "responsible_tasks", "aliases_seen"],
    "tables": ["id", "document_id", "title", "columns", "orientation", "n_rows", "totals_ok", "span_start", "span_end"],
    "table_cells": ["table_id", "row", "column", "value", "number"],
    "people": ["id", "document_id", "section_id", "group", "role", "name", "position", "span_start", "span_end"],
    "quantities": ["id", "document_id", "section_id", "text", "value", "min", "max", "unit", "qualifier",
                   "span_start", "span_end"],
    "dates": ["id", "document_id", "section_id", "text", "kind", "value", "start", "end", "inferred_year",
              "span_start", "span_end"],
    "references": ["id", "document_id", "section_id", "text", "title", "doc_number", "relation", "span_start", "span_end"],
    "warnings": ["id", "stage", "code", "message", "document_id", "span_start", "span_end"],
    "noise": ["id", "kind", "document_id", "text", "span_start", "span_end"],
}


def issue_id(result: dict) -> str:
    """Folder name for an issue: the input file's name (safe characters only)."""
    src = result.get("source") or {}
    stem = Path(src.get("path") or "issue").stem
    stem = re.sub(r"[^\w\-.]+", "_", stem).strip("_") or "issue"
    return stem


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def dump_json(result: dict, fh) -> None:
    """The same bytes as ``to_json``, written piece by piece: a large issue is never one string."""
    json.dump(result, fh, ensure_ascii=False, indent=1, sort_keys=False)
    fh.write("\n")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return " | ".join(_cell(x) for x in v)
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def rows_for(result: dict, kind: str) -> list[dict]:
    if kind == "documents":
        rows = []
        for d in result["documents"]:
            p = d.get("doc_number_parts") or {}
            rows.append({**d, "agency_code": p.get("agency_code"), "doc_year": p.get("year"), "serial": p.get("serial")})
        return _spans(rows)
    if kind == "task_units":
        return task_units(result)
    if kind == "tables":
        return _spans([{**t, "n_rows": len(t.get("rows") or []),
                        "totals_ok": all(x.get("ok") for x in t.get("totals") or []) if t.get("totals") else None}
                       for t in result["tables"]])
    if kind == "table_cells":
        from .tables import table_cells

        out = []
        for t in result["tables"]:
            for c in table_cells(t):
                out.append({"table_id": t["id"], **c})
        return out
    return _spans(result.get(kind) or [])


def task_units(result: dict) -> list[dict]:
    """One row per (task, role, unit): the unit as written and its canonical name (shared suffixes expanded)."""
    from .orgs import canonical_unit, expand_shared_suffix

    rows = []
    for t in result["tasks"]:
        for role, key in (("lead", "lead_units"), ("responsible", "responsible_units")):
            written = t.get(key) or []
            expanded = expand_shared_suffix(written)
            if len(expanded) != len(written):
                expanded = written
            for u, x in zip(written, expanded):
                c = canonical_unit(x)
                rows.append({"task_id": t["id"], "role": role, "unit": u, "canonical": c["canonical"],
                             "type": c["type"], "known": c["known"]})
    return rows


def _spans(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        sp = r.get("span") or [None, None]
        out.append({**r, "span_start": sp[0], "span_end": sp[1]})
    return out


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return "\ufeff" + buf.getvalue()


_UMASK: int | None = None


def _file_mode() -> int:
    """The permissions a plain open() would give (mkstemp makes 0600 files)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kw):
    """Write a temporary file in the same folder and rename it into place on success, so an
    interrupted run never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def atomic_write(path: Path, content) -> None:
    """``content`` is a string, or a function that writes to a text stream."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        if callable(content):
            content(fh)
        else:
            fh.write(content)


def write_outputs(result: dict, out_dir: str | Path) -> Path:
    """Write OUT/<issue_id>/issue.json and the CSVs; returns the issue folder."""
    folder = Path(out_dir) / issue_id(result)
    atomic_write(folder / "issue.json", lambda fh: dump_json(result, fh))
    for kind, cols in CSV_COLUMNS.items():
        atomic_write(folder / f"{kind}.csv", to_csv(rows_for(result, kind), cols))
    for t in result["tables"]:
        atomic_write(folder / "tables" / f"{t['id']}.csv", tidy_csv(t))
    return folder


def tidy_csv(table: dict) -> str:
    """One table as a tidy CSV: its columns as written, numbers as numbers where a whole column reads as one."""
    from .numerals import NumeralError, to_number

    cols = list(table.get("columns") or [])
    rows = [list(r) for r in table.get("rows") or []]
    width = max([len(cols)] + [len(r) for r in rows]) if (cols or rows) else 0
    cols += [f"column_{i + 1}" for i in range(len(cols), width)]

    def num(v: str):
        v = (v or "").strip()
        if not v:
            return ""
        try:
            return to_number(v)
        except (NumeralError, ValueError, ArithmeticError):
            return None

    numeric = []
    for i in range(width):
        vals = [r[i] if i < len(r) else "" for r in rows]
        parsed = [num(v) for v in vals]
        numeric.append(bool(vals) and all(p is not None for p in parsed) and any(p != "" for p in parsed))
    out = []
    for r in rows:
        r = r + [""] * (width - len(r))
        out.append({c: (num(v) if numeric[i] else v) for i, (c, v) in enumerate(zip(cols, r))})
    return to_csv(out, cols)
