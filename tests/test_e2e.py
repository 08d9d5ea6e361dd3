"""The sample issue end to end: the figures issue 2 asks for, and determinism."""
import collections
import json

import pytest

from conftest import SAMPLE
from pipeline.api import parse_file
from pipeline.output import to_json, write_outputs
from pipeline.validate import validate_file


@pytest.fixture(scope="module")
def result():
    return parse_file(SAMPLE)


def test_issue_header(result):
    iss = result["issue"]
    assert iss["title"] == "咸宁市人民政府公报(2022年第1号)"
    assert (iss["publisher"], iss["year"], iss["number"], iss["total_number"]) == ("咸宁市人民政府", 2022, 1, 66)
    assert iss["published_at"] == "2022-04-18T09:04:01"


def test_ten_documents(result):
    docs = result["documents"]
    assert [d["doc_number"] for d in docs] == [
        "咸政发〔2022〕2号", "咸政办发〔2022〕1号", "咸政办发〔2022〕2号", "咸政办发〔2022〕3号", "咸政办发〔2022〕7号",
        "咸政办发〔2022〕8号", "咸政办函〔2022〕1号", "咸政办函〔2022〕2号", "咸政办函〔2022〕4号", "咸政办函〔2022〕6号"]
    assert [d["date"] for d in docs] == ["2022-03-22", "2022-01-07", "2022-02-22", "2022-02-28", "2022-03-24",
                                        "2022-03-24", "2022-01-05", "2022-01-06", "2022-01-25", "2022-03-24"]
    assert docs[0]["issuer"] == "咸宁市人民政府"
    assert all(d["issuer"] == "咸宁市人民政府办公室" for d in docs[1:])
    assert all(d["doc_type"] == "通知" for d in docs)
    assert docs[1]["title"] == "市人民政府办公室关于印发2022年市《政府工作报告》确定的主要目标任务责任分解方案的通知"
    assert docs[0]["recipients"] == ["各县、市、区人民政府", "市政府各部门", "咸宁高新区管委会"]
    assert all(d["disclosure"] == "此件公开发布" for d in docs)
    assert docs[0]["enclosures"] == ["咸宁市科技创新“十四五”规划"]
    codes = collections.Counter(w["code"] for w in result["warnings"])
    assert codes["doc_number_repaired"] == 1 and codes["date_repaired"] == 1


def test_chapters_and_articles(result):
    kinds = collections.Counter(s["kind"] for s in result["sections"])
    assert kinds["chapter"] == 14
    assert kinds["article"] == 69
    ids = {s["id"] for s in result["sections"]}
    assert all(s["parent_id"] is None or s["parent_id"] in ids for s in result["sections"])


def test_286_notes(result):
    notes = sum(len(t["note"]) for t in result["tasks"] if "note" in t)
    assert notes == 286
    by_doc = collections.Counter(t["document_id"] for t in result["tasks"] if "note" in t)
    assert len(by_doc) == 3
    t74 = next(t for t in result["tasks"] if t["label"] == "74." and t["document_id"] == "d002")
    assert t74["lead_units"] == ["市教育局"]
    assert "咸宁职教(集团)学校" in t74["responsible_units"]


def test_spans_slice_back(result):
    from pipeline.normalize import load

    norm, _ = load(SAMPLE.read_bytes())
    for key in ("quantities", "dates", "references"):
        for r in result[key]:
            if "text" in r:
                s, e = r["span"]
                assert norm.raw[s:e] == r["text"], (key, r)


def test_valid_and_deterministic(result, tmp_path):
    assert not [w for w in result["warnings"] if w["code"] == "schema_invalid"]
    again = parse_file(SAMPLE)
    assert to_json(again) == to_json(result)
    folder = write_outputs(result, tmp_path)
    assert validate_file(folder / "issue.json") == []
    first = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    folder2 = write_outputs(again, tmp_path / "b")
    assert {p.name: p.read_bytes() for p in folder2.glob("*.csv")} == first
    import pandas as pd

    docs = pd.read_csv(folder / "documents.csv", encoding="utf-8-sig")
    assert len(docs) == 10
    assert json.loads((folder / "issue.json").read_text("utf-8"))["schema_version"] == "1.0"
