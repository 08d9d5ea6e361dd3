"""Open-data packages of the whole catalogue: every record list across all ingested issues.

    from pipeline.export import export
    export("out/", "csv")       # out/export/csv/<kind>.csv + datapackage.json (Frictionless)
    export("out/", "jsonl")     # out/export/jsonl/<kind>.jsonl
    export("out/", "parquet")   # out/export/parquet/<kind>.parquet (needs pyarrow)

The rows come from ``OUT/gazette.db`` (run ``gazette ingest`` first), one file per table of
``pipeline.catalog.TABLES``, rows in primary-key order, so the same catalogue gives the same
bytes. IDs are the catalogue's (``<issue_key>:<id>``). In CSV, lists are JSON arrays
(Table Schema type ``array``), booleans ``true``/``false``, empty cells are nulls; the CSV
files are plain UTF-8 (no BOM), as data portals expect. ``datapackage.json`` describes each
CSV as a Tabular Data Resource: field types and descriptions, primary and foreign keys, the
licence and the source; ``frictionless validate OUT/export/csv/datapackage.json`` checks it.

Every file is written atomically (temporary file in the same folder, then renamed).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .catalog import TABLES, Col, Table, connect, metadata, q
from .output import atomic_open

FORMATS = {"csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}
FRICTIONLESS_TYPE = {"text": "string", "int": "integer", "real": "number", "bool": "boolean", "date": "date",
                     "list": "array", "json": "array"}
BATCH = 20000


class ExportError(Exception):
    """The export cannot run (no catalogue, unknown format, missing pyarrow)."""


def _rows(con, t: Table):
    order = ", ".join(q(c) for c in t.primary_key)
    cur = con.execute(f"SELECT {', '.join(q(c) for c in t.names)} FROM {q(t.name)} ORDER BY {order}")
    while True:
        batch = cur.fetchmany(BATCH)
        if not batch:
            return
        yield batch


def _csv_cell(col: Col, v) -> str:
    if v is None:
        return ""
    if col.type == "bool":
        return "true" if v else "false"
    if col.type == "real":
        f = float(v)
        return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
    return str(v)


def _json_value(col: Col, v):
    if v is None:
        return None
    if col.type == "bool":
        return bool(v)
    if col.type in ("list", "json"):
        return json.loads(v)
    if col.type == "real":
        f = float(v)
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    return v


def _write_csv(con, t: Table, path: Path) -> int:
    n = 0
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(t.names)
        for batch in _rows(con, t):
            for r in batch:
                w.writerow([_csv_cell(c, v) for c, v in zip(t.columns, r)])
            n += len(batch)
    return n


def _write_jsonl(con, t: Table, path: Path) -> int:
    n = 0
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        for batch in _rows(con, t):
            for r in batch:
                fh.write(json.dumps({c.name: _json_value(c, v) for c, v in zip(t.columns, r)}, ensure_ascii=False))
                fh.write("\n")
            n += len(batch)
    return n


def _arrow_schema(t: Table):
    import pyarrow as pa

    typ = {"text": pa.string(), "int": pa.int64(), "real": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
           "list": pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([pa.field(c.name, typ[c.type], nullable=c.nullable) for c in t.columns])


def _arrow_value(col: Col, v):
    import datetime as dt

    if v is None:
        return None
    if col.type == "bool":
        return bool(v)
    if col.type == "list":
        return [None if x is None else str(x) for x in json.loads(v)]
    if col.type == "date":
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            raise ExportError(f"{v!r} in column {col.name} is not an ISO date") from None
    return v


def _write_parquet(con, t: Table, path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("--format parquet needs pyarrow: pip install 'gazette[parquet]'") from None
    schema = _arrow_schema(t)
    n = 0
    with atomic_open(path, "wb") as fh:
        with pq.ParquetWriter(fh, schema, compression="zstd") as writer:
            for batch in _rows(con, t):
                cols = [[_arrow_value(c, r[i]) for r in batch] for i, c in enumerate(t.columns)]
                writer.write_table(pa.Table.from_arrays([pa.array(v, type=f.type) for v, f in zip(cols, schema)],
                                                        schema=schema))
                n += len(batch)
            if n == 0:
                writer.write_table(schema.empty_table())
    return n


def datapackage() -> dict:
    """The Frictionless Data Package descriptor of the CSV export."""
    meta = metadata()
    tables = meta["databases"]["gazette"]["tables"]
    resources = []
    for t in TABLES:
        info = tables.get(t.name) or {}
        descr = info.get("columns") or {}
        fields = []
        for c in t.columns:
            f = {"name": c.name, "type": FRICTIONLESS_TYPE[c.type], "description": descr.get(c.name, "")}
            if c.type == "list":
                f["description"] = (f["description"] + " (JSON array of strings)").strip()
            if not c.nullable:
                f["constraints"] = {"required": True}
            fields.append(f)
        schema = {"fields": fields, "missingValues": [""],
                  "primaryKey": list(t.primary_key) if len(t.primary_key) > 1 else t.primary_key[0]}
        fks = []
        for col, ref, refcol in t.foreign_keys:
            fks.append({"fields": col, "reference": {"resource": "" if ref == t.name else ref, "fields": refcol}})
        if fks:
            schema["foreignKeys"] = fks
        res = {"name": t.name, "path": f"{t.name}.csv", "profile": "tabular-data-resource", "format": "csv",
               "mediatype": "text/csv", "encoding": "utf-8", "description": info.get("description", ""),
               "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
               "schema": schema}
        resources.append(res)
    return {
        "profile": "tabular-data-package",
        "name": "gazette",
        "title": meta.get("title"),
        "description": meta.get("description"),
        "licenses": [
            {"name": "other-pd", "title": "Texts: public government documents, not protected by copyright in the "
                                          "PRC (Copyright Law, art. 5)"},
            {"name": "MIT", "title": "Extracted structure: MIT, as the gazette project"},
        ],
        "sources": [{"title": meta.get("source")}],
        "resources": resources,
    }


def export(out_dir: str | Path, fmt: str = "csv") -> dict[str, Path]:
    """Write OUT/export/<fmt>/<kind>.<ext> for every record kind (and datapackage.json for csv).

    Returns {kind: path} (plus "datapackage" for csv)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (csv, jsonl or parquet)")
    out_dir = Path(out_dir)
    db = out_dir / "gazette.db"
    from .catalog import CatalogError

    try:
        con = connect(db, create=False)
    except CatalogError as exc:
        raise ExportError(str(exc)) from None
    folder = out_dir / "export" / fmt
    written: dict[str, Path] = {}
    counts: dict[str, int] = {}
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    try:
        for t in TABLES:
            path = folder / f"{t.name}.{FORMATS[fmt]}"
            counts[t.name] = writer(con, t, path)
            written[t.name] = path
    finally:
        con.close()
    if fmt == "csv":
        path = folder / "datapackage.json"
        with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")
        written["datapackage"] = path
    return written
