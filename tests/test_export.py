"""gazette export: CSV with a Frictionless Data Package that validates, JSON Lines, Parquet."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLE

from pipeline import catalog
from pipeline.export import ExportError, datapackage, export
from pipeline.ingest import ingest


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The sample issue and a second, smaller one, ingested."""
    src = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLE, src / SAMPLE.name)
    golden = Path(__file__).parent / "golden" / "dates" / "guangzhou_2023_task_deadlines.txt"
    shutil.copy(golden, src / "guangzhou.txt")
    o = tmp_path_factory.mktemp("out")
    s = ingest([src], o)
    assert not s.failed
    return o


def _db_counts(out):
    return {k: len(v) for k, v in catalog.dump(out / "gazette.db").items() if k != "sections_fts"}


def test_csv_and_datapackage(out):
    written = export(out, "csv")
    folder = out / "export" / "csv"
    counts = _db_counts(out)
    assert set(written) == set(catalog.KINDS) | {"datapackage"}
    for kind, n in counts.items():
        with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as fh:
            assert not fh.read(1) == "\ufeff"
            fh.seek(0)
            rows = list(csv.DictReader(fh))
        assert len(rows) == n, kind
    with open(folder / "tasks.csv", encoding="utf-8", newline="") as fh:
        task = next(r for r in csv.DictReader(fh) if r["id"] == "xianning-2022-01:d002t0001")
    assert json.loads(task["lead_units"]) == ["市发改委"] and task["document_id"] == "xianning-2022-01:d002"
    pkg = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert pkg == datapackage()
    res = {r["name"]: r for r in pkg["resources"]}
    assert set(res) == set(catalog.KINDS)
    assert res["table_cells"]["schema"]["primaryKey"] == ["table_id", "row", "col"]
    fks = {(f["fields"], f["reference"]["resource"]) for f in res["sections"]["schema"]["foreignKeys"]}
    assert {("document_id", "documents"), ("parent_id", ""), ("issue_key", "issues")} <= fks
    types = {f["name"]: f["type"] for f in res["dates"]["schema"]["fields"]}
    assert types["start"] == "date" and types["inferred_year"] == "boolean" and types["span_start"] == "integer"
    assert all(f["description"] for r in pkg["resources"] for f in r["schema"]["fields"])
    assert pkg["licenses"] and "public government documents" in pkg["licenses"][0]["title"]


def test_frictionless_validates_the_package(out):
    frictionless = pytest.importorskip("frictionless")
    export(out, "csv")
    descriptor = out / "export" / "csv" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    cli = Path(sys.executable).parent / "frictionless"
    if cli.exists():  # the command line a portal's pipeline would run
        r = subprocess.run([str(cli), "validate", str(descriptor)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout[-2000:]
    # and it does catch a broken foreign key
    bad = out / "export" / "bad"
    shutil.copytree(out / "export" / "csv", bad, dirs_exist_ok=True)
    text = (bad / "tasks.csv").read_text("utf-8").replace(",xianning-2022-01:d002,", ",xianning-2022-01:d999,", 1)
    (bad / "tasks.csv").write_text(text, encoding="utf-8")
    report = frictionless.validate(str(bad / "datapackage.json"))
    assert not report.valid and "foreign-key" in json.dumps(report.to_dict())


def test_jsonl(out):
    export(out, "jsonl")
    folder = out / "export" / "jsonl"
    counts = _db_counts(out)
    for kind, n in counts.items():
        lines = (folder / f"{kind}.jsonl").read_text("utf-8").splitlines()
        assert len(lines) == n, kind
    doc = next(json.loads(x) for x in (folder / "documents.jsonl").read_text("utf-8").splitlines()
               if json.loads(x)["id"] == "xianning-2022-01:d001")
    assert doc["recipients"] == ["各县、市、区人民政府", "市政府各部门", "咸宁高新区管委会"]
    date = next(json.loads(x) for x in (folder / "dates.jsonl").read_text("utf-8").splitlines()
                if json.loads(x)["kind"] == "signed")
    assert date["inferred_year"] is False and len(date["start"]) == 10


def test_parquet(out):
    pq = pytest.importorskip("pyarrow.parquet")
    export(out, "parquet")
    counts = _db_counts(out)
    for kind, n in counts.items():
        t = pq.read_table(out / "export" / "parquet" / f"{kind}.parquet")
        assert t.num_rows == n, kind
    docs = [d for d in pq.read_table(out / "export" / "parquet" / "documents.parquet").to_pylist()
            if d["id"] == "xianning-2022-01:d001"]
    assert str(docs[0]["date"]) == "2022-03-22" and isinstance(docs[0]["recipients"], list)
    q = pq.read_table(out / "export" / "parquet" / "quantities.parquet")
    assert str(q.schema.field("value").type) == "double"


def test_export_is_deterministic_and_cli(out, tmp_path):
    from pipeline.cli_batch import export as export_cmd

    export(out, "csv")
    first = {p.name: p.read_bytes() for p in (out / "export" / "csv").iterdir()}
    r = CliRunner().invoke(export_cmd, [str(out), "--format", "csv"])
    assert r.exit_code == 0 and "datapackage.json" in r.output
    assert {p.name: p.read_bytes() for p in (out / "export" / "csv").iterdir()} == first
    r = CliRunner().invoke(export_cmd, [str(tmp_path), "--format", "csv"])
    assert r.exit_code == 1 and "no such catalogue" in r.output
    assert CliRunner().invoke(export_cmd, [str(out), "--format", "xlsx"]).exit_code == 2
    with pytest.raises(ExportError):
        export(out, "xlsx")
