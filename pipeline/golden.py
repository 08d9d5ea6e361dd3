"""Golden-file regression: every stage's parser over tests/golden/<stage>/*, compared field by field.

A case is ``<name>.txt`` (input), an optional ``<name>.ctx.json`` (DocContext keyword arguments
for the extractor stages) and ``<name>.expected.json`` (the stored output). ``check`` reports,
for each difference, the case, the record and the changed fields; ``update`` rewrites the
expectations after showing the same diff; ``add`` copies a new sample in and records today's
output for review.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

EXTRACTOR_STAGES = {
    "dates": ("pipeline.dates", "extract_dates"),
    "quantities": ("pipeline.quantities", "extract_quantities"),
    "references": ("pipeline.references", "extract_references"),
    "people": ("pipeline.people", "extract_people"),
    "tables": ("pipeline.tables", "extract_tables"),
}
PIPELINE_STAGES = {"header": "issue", "documents": "documents", "outline": "sections", "tasks": "tasks"}


def _load_text(path: Path):
    from .normalize import load

    return load(path.read_bytes(), path.name)


def run_stage(stage: str, case: Path) -> object:
    """What stage ``stage`` produces today for the input file ``case`` ({"error": …} for unreadable input)."""
    from .normalize import InputError

    try:
        return _run_stage(stage, case)
    except InputError as exc:
        return {"error": str(exc)}


def _run_stage(stage: str, case: Path) -> object:
    import importlib

    if stage in EXTRACTOR_STAGES:
        from .model import DocContext

        text, _ = _load_text(case)
        ctx_path = case.with_name(case.name[: -len(".txt")] + ".ctx.json")
        kw = json.loads(ctx_path.read_text("utf-8")) if ctx_path.exists() else {}
        if "signed_span" in kw and kw["signed_span"] is not None:
            kw["signed_span"] = tuple(kw["signed_span"])
        mod, fn = EXTRACTOR_STAGES[stage]
        records, warnings = getattr(importlib.import_module(mod), fn)(text, 0, len(text.raw), DocContext(**kw))
        return {"records": records, "warnings": warnings}
    if stage == "normalize":
        text, src = _load_text(case)
        return {"encoding": src.encoding, "chars": src.chars, "lines": [ln.raw for ln in text.lines],
                "warnings": src.warnings}
    if stage == "orgs":
        from .orgs import canonical_unit

        return [canonical_unit(line.strip()) for line in case.read_text("utf-8").splitlines() if line.strip()]
    from .api import parse_bytes

    result = parse_bytes(case.read_bytes(), case.name, validate=stage == "e2e")
    if stage == "e2e":
        return result
    key = PIPELINE_STAGES[stage]
    return {key: result[key], "warnings": [w for w in result["warnings"] if w["stage"] in (stage, "documents")]}


def stages() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) if GOLDEN.is_dir() else []


def cases(stage: str | None = None) -> list[tuple[str, Path]]:
    out = []
    for st in ([stage] if stage else stages()):
        for p in sorted((GOLDEN / st).glob("*.txt")):
            out.append((st, p))
    return out


def expected_path(case: Path) -> Path:
    return case.with_name(case.name[: -len(".txt")] + ".expected.json")


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Diff:
    stage: str
    case: str
    where: str  # e.g. records[3].value
    expected: object
    got: object

    def __str__(self) -> str:
        return f"{self.stage}/{self.case}: {self.where}: expected {_short(self.expected)}, got {_short(self.got)}"


def _short(v) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 160 else s[:157] + "..."


def diff(expected, got, where: str = "") -> list[tuple[str, object, object]]:
    """Field-level differences between two JSON values (records compared by position)."""
    if type(expected) is not type(got) and not (isinstance(expected, (int, float)) and isinstance(got, (int, float))):
        return [(where or "(root)", expected, got)]
    if isinstance(expected, dict):
        out = []
        for k in list(expected) + [k for k in got if k not in expected]:
            if k not in got:
                out.append((f"{where}.{k}".lstrip("."), expected[k], "(missing)"))
            elif k not in expected:
                out.append((f"{where}.{k}".lstrip("."), "(missing)", got[k]))
            else:
                out += diff(expected[k], got[k], f"{where}.{k}".lstrip("."))
        return out
    if isinstance(expected, list):
        out = []
        for i in range(max(len(expected), len(got))):
            w = f"{where}[{i}]"
            if i >= len(got):
                out.append((w, expected[i], "(missing)"))
            elif i >= len(expected):
                out.append((w, "(missing)", got[i]))
            else:
                out += diff(expected[i], got[i], w)
        return out
    return [] if expected == got else [(where or "(root)", expected, got)]


def check_case(stage: str, case: Path) -> list[Diff]:
    exp_path = expected_path(case)
    got = json.loads(dumps(run_stage(stage, case)))  # through JSON, as stored
    if not exp_path.exists():
        return [Diff(stage, case.stem, "(file)", "an expected file", "none: run `gazette golden update`")]
    expected = json.loads(exp_path.read_text("utf-8"))
    return [Diff(stage, case.stem, w, e, g) for w, e, g in diff(expected, got)]


def check(stage: str | None = None, case: str | None = None) -> list[Diff]:
    out = []
    for st, p in cases(stage):
        if case and p.stem != case:
            continue
        out += check_case(st, p)
    return out


def update(stage: str | None = None, case: str | None = None) -> list[Diff]:
    diffs = []
    for st, p in cases(stage):
        if case and p.stem != case:
            continue
        d = check_case(st, p)
        if d:
            expected_path(p).write_text(dumps(run_stage(st, p)), encoding="utf-8")
            diffs += d
    return diffs


def add(src: Path, stage: str, name: str | None = None) -> Path:
    dest_dir = GOLDEN / stage
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / ((name or src.stem) + ".txt")
    shutil.copyfile(src, dest)
    ctx = src.with_name(src.stem + ".ctx.json")  # the extractor stages' DocContext travels with the input
    if ctx.exists():
        shutil.copyfile(ctx, dest.with_name(dest.stem + ".ctx.json"))
    expected_path(dest).write_text(dumps(run_stage(stage, dest)), encoding="utf-8")
    return dest
