"""pipeline.orgs: the gazetteer, canonical_unit, expand_shared_suffix, organizations, find_units."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import orgs
from pipeline.orgs import (TYPES, alias_collisions, canonical_line, canonical_unit, expand_shared_suffix,
                           find_units, gazetteer, organizations, split_unit_list)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "orgs"
SAMPLE = ROOT / "raw" / "xianning-2022-01.txt"


# --------------------------------------------------------------------------------- the gazetteer

def test_gazetteer_shape():
    g = gazetteer()
    entries = g["entries"]
    assert len(entries) >= 120
    for e in entries:
        assert e["canonical"] and isinstance(e["aliases"], list)
        assert e["type"] in TYPES, e
        assert e.get("prefix", "optional") in ("optional", "required", "none")
    for t in g["templates"]:
        assert t["type"] in TYPES
        assert all("{place}" in a or "{level}" in a for a in t["aliases"])


def test_no_alias_is_claimed_by_two_entries():
    assert alias_collisions() == []


@pytest.mark.parametrize("name, canonical", [
    ("市发改委", "市发展和改革委员会"), ("市发展改革委", "市发展和改革委员会"),
    ("市发展和改革委员会", "市发展和改革委员会"), ("省发展改革委", "省发展和改革委员会"),
    ("市经信局", "市经济和信息化局"), ("市人社局", "市人力资源和社会保障局"),
    ("县住建局", "县住房和城乡建设局"), ("区卫健委", "区卫生健康委员会"),
    ("市市场监管局", "市市场监督管理局"), ("州文旅局", "州文化和旅游局"),
    ("市城管执法委", "市城市管理执法委员会"), ("市政数局", "市政务服务和大数据管理局"),
    ("市医保局", "市医疗保障局"), ("市残联", "市残疾人联合会"), ("市科协", "市科学技术协会"),
    ("市工商联", "市工商业联合会"), ("市妇联", "市妇女联合会"), ("团市委", "共青团市委员会"),
    ("市科技局", "市科学技术局"), ("市水利和湖泊局", "市水利和湖泊局"), ("市国资委", "市国有资产监督管理委员会"),
    ("人行咸宁中心支行", "中国人民银行咸宁中心支行"), ("咸宁银保监分局", "中国银保监会咸宁监管分局"),
    ("国家发展改革委", "国家发展和改革委员会"), ("国务院扶贫办", "国务院扶贫开发办公室"),
    ("咸宁市发改委", "咸宁市发展和改革委员会"), ("市政府办公室", "市人民政府办公室"),
    ("市财政局等", "市财政局"), ("市 发改委", "市发展和改革委员会"),
    ("市發改委", "市发展和改革委员会"), ("（市财政局）", "市财政局"),
])
def test_known_abbreviations(name, canonical):
    r = canonical_unit(name)
    assert r == {"unit": name, "canonical": canonical, "type": r["type"], "known": True}


def test_level_prefix_is_generic():
    for level in "省市县区州":
        assert canonical_unit(level + "发改委")["canonical"] == level + "发展和改革委员会"
        assert canonical_unit(level + "人社局")["canonical"] == level + "人力资源和社会保障局"
    # a whole place name is a prefix too, kept as written (folded)
    assert canonical_unit("恩施土家族苗族自治州民政局")["canonical"] == "恩施土家族苗族自治州民政局"
    assert canonical_unit("湖北省咸宁市卫健委")["canonical"] == "湖北省咸宁市卫生健康委员会"
    # but two units glued together are no prefix + unit
    assert canonical_unit("市财政局市发改委")["known"] is False
    # party organs need their level: 委组织部 alone is nothing
    assert canonical_unit("市委组织部")["known"] is True
    assert canonical_unit("委组织部")["known"] is False


def test_all_variants_meet_in_one_canonical():
    variants = ["市发改委", "市发展改革委", "市发展和改革委员会", "市发展和改革委", "市發展和改革委員會"]
    assert len({canonical_unit(v)["canonical"] for v in variants}) == 1
    groups = ["各县市区人民政府", "各县（市、区）人民政府", "各县、市、区政府", "各县(市、区)政府"]
    assert {canonical_unit(g)["canonical"] for g in groups} == {"各县(市、区)人民政府"}


def test_unknown_units_kept_as_written():
    r = canonical_unit("市“雪亮工程”建设 领导小组办公室")
    assert r["known"] is False
    assert r["canonical"] == "市“雪亮工程”建设领导小组办公室"
    assert canonical_unit("湖北科技学院")["type"] == "school"
    assert canonical_unit("市城发集团")["type"] == "enterprise"
    assert canonical_unit("市优化营商环境领导小组成员单位")["type"] == "group"
    assert canonical_unit("长春市城市发展投资控股（集团）有限公司")["type"] == "enterprise"


@pytest.mark.parametrize("name", ["各县市区人民政府", "各县(市、区)人民政府", "市政府各部门", "市直各单位",
                                  "省直有关部门", "有关单位", "市级有关部门", "各有关部门",
                                  "有关市（州）人民政府", "市食品药品安全委员会成员单位"])
def test_groups(name):
    assert canonical_unit(name)["type"] == "group"


@pytest.mark.parametrize("bad", ["", "   ", None, 123, "、、", "（）", "\x00\x01", "等"])
def test_garbage_never_raises(bad):
    r = canonical_unit(bad)
    assert set(r) == {"unit", "canonical", "type", "known"}
    assert r["known"] is False


# ------------------------------------------------------------------------- expand_shared_suffix

@pytest.mark.parametrize("units, expected", [
    (["咸安区", "通城县人民政府"], ["咸安区人民政府", "通城县人民政府"]),
    (["咸安区", "嘉鱼县", "赤壁市人民政府"], ["咸安区人民政府", "嘉鱼县人民政府", "赤壁市人民政府"]),
    (["德阳经开区", "德阳高新区管委会"], ["德阳经开区管委会", "德阳高新区管委会"]),
    (["西湖区", "青山湖区政府"], ["西湖区政府", "青山湖区政府"]),
    (["咸安区", "市财政局"], ["咸安区", "市财政局"]),  # the last is no government
    (["市发改委", "通城县人民政府"], ["市发改委", "通城县人民政府"]),  # the first has its own suffix
    (["咸安区", "各县市区人民政府"], ["咸安区", "各县市区人民政府"]),  # a group lends no suffix
    (["市发改委", "咸安区", "通山县人民政府"], ["市发改委", "咸安区人民政府", "通山县人民政府"]),
    (["旌陽區", "羅江區人民政府"], ["旌陽區人民政府", "羅江區人民政府"]),
    ([], []),
])
def test_expand_shared_suffix(units, expected):
    assert expand_shared_suffix(units) == expected


def test_split_unit_list_respects_brackets():
    assert split_unit_list("省统计局，各市（州）人民政府") == ["省统计局", "各市（州）人民政府"]
    assert split_unit_list("各县(市、区)人民政府;市发改委") == ["各县(市、区)人民政府", "市发改委"]
    assert split_unit_list("") == []


# ----------------------------------------------------------------------------- organizations

def test_organizations_counts_tasks_per_canonical_unit():
    tasks = [
        {"lead_units": ["市发改委"], "responsible_units": ["市财政局", "咸安区", "通城县人民政府"]},
        {"lead_units": ["市发展改革委"], "responsible_units": ["市财政局", "市财政局"]},
        {"lead_units": [], "responsible_units": ["市发展和改革委员会", "市创文办"]},
        {"text": "no units"},
        "not a task",
    ]
    recs = organizations(tasks)
    assert [r["canonical"] for r in recs] == sorted(r["canonical"] for r in recs)
    by = {r["canonical"]: r for r in recs}
    ndrc = by["市发展和改革委员会"]
    assert (ndrc["lead_tasks"], ndrc["responsible_tasks"]) == (2, 1)
    assert ndrc["aliases_seen"] == sorted(["市发改委", "市发展改革委", "市发展和改革委员会"])
    assert ndrc["type"] == "department" and ndrc["known"] is True
    assert by["市财政局"]["responsible_tasks"] == 2  # named twice in one task counts once
    assert by["咸安区人民政府"]["responsible_tasks"] == 1  # shared suffix expanded
    assert by["市创文办"]["known"] is False
    assert set(recs[0]) == {"canonical", "type", "known", "lead_tasks", "responsible_tasks", "aliases_seen"}
    assert organizations([]) == []


# ------------------------------------------------------------------------------------ goldens

def _golden_cases(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def test_there_are_enough_golden_cases():
    assert len(_golden_cases(GOLDEN)) >= 6
    assert len(_golden_cases(GOLDEN / "expand")) >= 1


@pytest.mark.parametrize("case", _golden_cases(GOLDEN), ids=lambda p: p.stem)
def test_golden_canonical_unit(case):
    """The lead's runner semantics: canonical_unit over each non-empty line."""
    expected = json.loads(case.with_name(case.stem + ".expected.json").read_text("utf-8"))
    got = [canonical_unit(line.strip()) for line in case.read_text("utf-8").splitlines() if line.strip()]
    assert got == expected


@pytest.mark.parametrize("case", _golden_cases(GOLDEN / "expand"), ids=lambda p: p.stem)
def test_golden_suffix_expansion(case):
    """Each line a written list of units: split, expand_shared_suffix, canonical_unit."""
    expected = json.loads(case.with_name(case.stem + ".expected.json").read_text("utf-8"))
    got = [canonical_line(line) for line in case.read_text("utf-8").splitlines() if line.strip()]
    assert got == expected


# ---------------------------------------------------------------------------------- find_units

FIND_CASES = [
    ("(牵头单位:市发改委;责任单位:各县市区人民政府,咸宁高新区管委会)",
     ["市发展和改革委员会", "各县(市、区)人民政府", "咸宁高新区管理委员会"]),
    ("（牵头单位：省发展改革委、省财政厅；责任单位：省统计局，各市（州）人民政府）",
     ["省发展和改革委员会", "省财政厅", "省统计局", "各市(州)人民政府"]),
    ("责任单位:市交通运输局各县市区人民政府", ["市交通运输局", "各县(市、区)人民政府"]),
    ("市经信局市邮政管理局", ["市经济和信息化局", "市邮政管理局"]),
    ("省财政厅牵头，省发展改革委配合", ["省财政厅", "省发展和改革委员会"]),
    ("市委统战部副部长、市工商联党组书记", ["市委统一战线工作部", "市工商业联合会"]),
    ("县住房和城乡建设局副局长、党组成员", ["县住房和城乡建设局"]),
    ("人行厦门市中心支行副行长", ["中国人民银行厦门市中心支行"]),
    ("咸安区、嘉鱼县、赤壁市人民政府", ["咸安区人民政府", "嘉鱼县人民政府", "赤壁市人民政府"]),
    ("湖北省咸宁市发改委", ["湖北省咸宁市发展和改革委员会"]),
    ("青島市科技局會同市財政局", ["青岛市科学技术局", "市财政局"]),
    ("国务院扶贫办、中央编办", ["国务院扶贫开发办公室", "中央机构编制委员会办公室"]),
    ("省药品监督管理局咸宁分局,咸宁供电公司,市电信公司", ["省药品监督管理局咸宁分局", "咸宁供电公司", "市电信公司"]),
    ("市食品药品安全委员会成员单位、市质量强市工作委员会成员单位",
     ["市食品药品安全委员会成员单位", "市质量强市工作委员会成员单位"]),
    ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
     ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]),
    ("由市发改委牵头", ["市发展和改革委员会"]),
    ("你局《关于城区部分道路命名的请示》", []),
    ("", []),
]


def _check_spans(s, found):
    prev = 0
    for a, b, c in found:
        assert 0 <= prev <= a < b <= len(s)
        assert c
        prev = b


@pytest.mark.parametrize("s, canon", FIND_CASES)
def test_find_units_regex(s, canon):
    found = find_units(s, engine="regex")
    _check_spans(s, found)
    assert [c for _, _, c in found] == canon


@pytest.mark.parametrize("s, canon", FIND_CASES)
def test_find_units_spacy(s, canon):
    pytest.importorskip("spacy")
    pytest.importorskip("jieba")
    found = find_units(s, engine="spacy")
    _check_spans(s, found)
    assert [c for _, _, c in found] == canon
    assert found == find_units(s, engine="regex")


def test_find_units_spans_index_the_input():
    s = "（牵头单位：省發展改革委；责任单位：省財政廳）"
    found = find_units(s, engine="regex")
    assert [s[a:b] for a, b, _ in found] == ["省發展改革委", "省財政廳"]


def test_jieba_dictionary_is_the_ruler_list():
    words = orgs.jieba_user_words()
    assert "市发改委" in words and "发改委" in words and "省发展改革委" in words
    assert "委组织部" not in words and "市委组织部" in words  # required prefix


def test_import_is_cheap_and_lazy():
    code = ("import sys, time; t = time.perf_counter(); import pipeline.orgs as o; "
            "dt = time.perf_counter() - t; "
            "o.canonical_unit('市发改委'); "
            "print(dt, 'spacy' in sys.modules, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    dt, has_spacy, has_jieba = out.stdout.split()
    assert has_spacy == "False" and has_jieba == "False"  # canonical_unit needs neither
    # the import time itself is printed by bench/bench.py, not asserted here


# ------------------------------------------------------------------------------------ the sample

def _sample_units() -> list[str]:
    from pipeline.normalize import load

    text, _ = load(SAMPLE.read_bytes(), SAMPLE.name)
    units: list[str] = []
    for note in re.findall(r"\(((?:牵头单位|责任单位):[^()]*)\)", text.fold):
        for part in re.split(r"[;；]", note):
            if ":" in part:
                units += expand_shared_suffix(split_unit_list(part.split(":", 1)[1]))
    return units


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample issue not in the tree")
def test_sample_issue_units(capsys):
    units = _sample_units()
    distinct = sorted(set(units))
    results = {u: canonical_unit(u) for u in distinct}
    known = [u for u in distinct if results[u]["known"]]
    assert len(distinct) >= 100
    assert len(known) >= 70
    for must in ["市发改委", "市经信局", "市自然资源和规划局", "市城管执法委", "咸宁高新区管委会", "各县市区人民政府",
                 "人行咸宁中心支行", "咸宁银保监分局", "省药品监督管理局咸宁分局", "国家外汇管理局咸宁支局",
                 "市政务服务和大数据管理局", "团市委", "市国动办", "市委外办", "咸宁供电公司"]:
        assert results[must]["known"], must
    # canonical names are fixed points
    for r in results.values():
        if r["known"]:
            assert canonical_unit(r["canonical"])["canonical"] == r["canonical"]
    for u in units:
        assert canonical_unit(u)["unit"] == u


# ------------------------------------------------------------------------------ property tests

UNITISH = st.text(alphabet=st.sampled_from(list("市省县区州各有关发改委局厅人民政府办公室、，,()（）等咸宁财政 团监管中心支行分")),
                  max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), UNITISH))
def test_canonical_unit_total(s):
    r = canonical_unit(s)
    assert r["unit"] == s
    assert r["type"] in TYPES
    assert isinstance(r["known"], bool)
    assert " " not in r["canonical"]
    if r["known"]:
        assert canonical_unit(r["canonical"])["canonical"] == r["canonical"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), UNITISH), max_size=6))
def test_expand_shared_suffix_total(units):
    out = expand_shared_suffix(units)
    assert len(out) == len(units)
    for a, b in zip(units, out):
        assert b == a or b.startswith(a.strip())


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), UNITISH))
def test_find_units_total(s):
    found = find_units(s, engine="regex")
    _check_spans(s, found)
