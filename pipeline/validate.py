"""Stage: JSON Schema validation of every record, at run time.

A record that fails its schema is kept as it is and reported as a warning that quotes the
validation error, so nothing is dropped silently. ``validate_file`` checks written output.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
BASE = "https://gazette.example/schemas/"

# list in the issue object -> schema name of one record
RECORD_SCHEMAS = {
    "documents": "document", "sections": "section", "tasks": "task", "tables": "table", "people": "person",
    "quantities": "quantity", "dates": "date", "references": "reference", "warnings": "warning",
}


def schema_dir() -> Path:
    if SCHEMA_DIR.is_dir():
        return SCHEMA_DIR
    from importlib import resources

    return Path(str(resources.files("pipeline.data").joinpath("schemas")))


@lru_cache(maxsize=1)
def _validators() -> dict:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {p.name.split(".")[0]: json.loads(p.read_text("utf-8")) for p in schema_dir().glob("*.schema.json")}
    registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
    return {name: Draft202012Validator(s, registry=registry) for name, s in schemas.items()}


@lru_cache(maxsize=1)
def _fast_checks() -> dict:
    """Compiled record checks (fastjsonschema) for the hot path; None when it is not installed."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - jsonschema alone is correct, only slower
        return {}
    out = {}
    for p in schema_dir().glob("*.schema.json"):
        schema = json.loads(p.read_text("utf-8"))
        if "$ref" in json.dumps(schema):
            continue
        schema = {k: v for k, v in schema.items() if k != "$schema"}  # same keywords, draft-07 engine
        out[p.name.split(".")[0]] = fastjsonschema.compile(schema)
    return out


def _message(err) -> str:
    path = "/".join(str(p) for p in err.absolute_path) or "(record)"
    return f"{path}: {err.message}"[:300]


def validate_result(result: dict) -> list[dict]:
    """Warnings for every record (and the top level) that fails its schema."""
    v = _validators()
    warnings: list[dict] = []
    top = {k: val for k, val in result.items() if k not in RECORD_SCHEMAS}
    top.update({k: [] for k in RECORD_SCHEMAS})
    top["issue"] = result.get("issue")
    for err in v["issue"].iter_errors(top):
        warnings.append({"stage": "validate", "code": "schema_invalid",
                         "message": f"issue object fails its schema: {_message(err)}",
                         "document_id": None, "span": None})
    fast = _fast_checks()
    for key, name in RECORD_SCHEMAS.items():
        val = v[name]
        check = fast.get(name)
        for rec in result.get(key) or []:
            if check is not None:
                try:
                    check(rec)
                    continue
                except Exception:  # invalid: let jsonschema say why, in its words
                    pass
            for err in val.iter_errors(rec):
                warnings.append({"stage": "validate", "code": "schema_invalid",
                                 "message": f"{name} {rec.get('id', '')} fails its schema: {_message(err)}",
                                 "document_id": rec.get("document_id"), "span": rec.get("span")})
    return warnings


def validate_file(path: str | Path) -> list[str]:
    """Schema errors of a written issue.json (empty list when valid)."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"cannot read {path}: {exc}"]
    v = _validators()["issue"]
    return [_message(e) for e in v.iter_errors(data)]
