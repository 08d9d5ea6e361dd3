"""Tests of the dates stage (pipeline/dates.py): unit cases, golden cases, property tests."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import cell_deadlines, extract_dates, mark_deadline_cells, parse_full_date, task_deadline_values
from pipeline.model import DocContext
from pipeline.normalize import load
from pipeline.text import Text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "dates"
SAMPLE = ROOT / "raw" / "xianning-2022-01.txt"
SCORED = {"deadline", "target", "effective", "expiry", "period"}


def run(s: str, **ctx):
    t = Text(s)
    return extract_dates(t, 0, len(t.raw), DocContext(**ctx))


def kv(s: str, **ctx):
    recs, _ = run(s, **ctx)
    return [(r["kind"], r["value"]) for r in recs]


def scored(s: str, **ctx):
    return [x for x in kv(s, **ctx) if x[0] in SCORED]


# --------------------------------------------------------------------------- parse_full_date


@pytest.mark.parametrize("s, iso", [
    ("2022年3月22日", "2022-03-22"),
    ("二〇一三年五月二十日", "2013-05-20"),
    ("二零二一年十二月三十一日", "2021-12-31"),
    ("2022-03-22", "2022-03-22"),
    ("2022.3.22", "2022-03-22"),
    ("2022/3/2", "2022-03-02"),
    ("2022年3月22号", "2022-03-22"),
    ("２０２２年３月２２日", "2022-03-22"),
    ("  2019年4月12日 ", "2019-04-12"),
    ("2020年2月29日", "2020-02-29"),
])
def test_parse_full_date(s, iso):
    assert parse_full_date(s) == iso


@pytest.mark.parametrize("s, iso", [
    ("2023/06/30", "2023-06-30"),
    ("2023.5.12", "2023-05-12"),
    ("2023-5-12", "2023-05-12"),
    ("２０２３／０６／３０", "2023-06-30"),
    ("2 0 2 3 年 3 月 1 5 日", "2023-03-15"),
    ("二 〇 二 三 年 五 月 十 日", "2023-05-10"),
    ("2019　年　11　月　8　日", "2019-11-08"),
])
def test_parse_full_date_slashed_dotted_spaced(s, iso):
    assert parse_full_date(s) == iso


@pytest.mark.parametrize("s", ["2021年2月29日", "2022年13月1日", "2022年4月31日", "2022年3月", "2022年",
                               "2019131", "三月二十日", "咸政办发〔2022〕1号", "", "2022年3月22日前", None,
                               "2023/13/01", "2023.2.30", "2023/06", "2023-2025"])
def test_parse_full_date_rejects(s):
    assert parse_full_date(s) is None


# --------------------------------------------------------------------------- kinds


def test_deadlines_at_written_precision():
    ctx = dict(date="2019-04-12", year=2019)
    assert scored("于2019年5月15日前报送，2019年9月底前出台，12月20日前报送，年底前完成，6月底前建成。", **ctx) == [
        ("deadline", "2019-05-15"), ("deadline", "2019-09"), ("deadline", "2019-12-20"),
        ("deadline", "2019"), ("deadline", "2019-06")]


def test_inferred_year_flag_and_bounds():
    recs, warns = run("11月30日前完成，2019年9月底前出台。", date="2019-04-12", year=2019)
    assert warns == []
    a, b = recs
    assert (a["inferred_year"], a["start"], a["end"]) == (True, "2019-11-30", "2019-11-30")
    assert (b["inferred_year"], b["start"], b["end"]) == (False, "2019-09-01", "2019-09-30")
    assert a["text"] == "11月30日前" and b["text"] == "2019年9月底前"


def test_list_distributes_the_marker():
    got = scored("分别于4月15日、7月15日、10月15日及2023年1月15日前报送。", date="2022-01-07", year=2022)
    assert got == [("deadline", "2022-04-15"), ("deadline", "2022-07-15"), ("deadline", "2022-10-15"),
                   ("deadline", "2023-01-15")]


def test_list_carries_a_written_year_forward():
    got = scored("请于2021年1月5日、1月20日和2月5日前报送。", date="2020-12-18", year=2020)
    assert got == [("deadline", "2021-01-05"), ("deadline", "2021-01-20"), ("deadline", "2021-02-05")]


def test_targets():
    ctx = dict(date="2017-06-20", year=2017)
    assert scored("到2020年，基本建成；力争到2025年底，全面建成；2035年前后基本实现；2025年达到80%。", **ctx) == [
        ("target", "2020"), ("target", "2025"), ("target", "2035"), ("target", "2025")]


def test_effective_and_expiry():
    recs, warns = run("第十七条 本办法自2021年9月1日起施行，有效期3年。", date="2021-07-26", year=2021)
    assert [(r["kind"], r["value"], r["text"]) for r in recs] == [
        ("effective", "2021-09-01", "自2021年9月1日起施行"), ("expiry", "2024-08-31", "有效期3年")]
    assert warns == []


def test_effective_from_document_date():
    recs, _ = run("本通知自印发之日起施行，有效期5年。", date="2019-01-31", year=2019)
    assert [(r["kind"], r["value"], r["inferred_year"]) for r in recs] == [
        ("effective", "2019-01-31", True), ("expiry", "2024-01-30", True)]


def test_effective_without_document_date_warns():
    recs, warns = run("本规定自发布之日起施行。")
    assert [(r["kind"], r["value"]) for r in recs] == [("effective", None)]
    assert [w["code"] for w in warns] == ["effective_date_unknown"]


def test_expiry_variants():
    assert scored("本办法有效期至2025年12月31日。", date="2022-01-01", year=2022) == [("expiry", "2025-12-31")]
    assert scored("本办法自2020年2月29日起施行，有效期1年。", date="2020-02-01", year=2020) == [
        ("effective", "2020-02-29"), ("expiry", "2021-02-28")]
    assert scored("本规定自2022年1月1日起施行，2024年12月31日废止。", date="2021-12-01", year=2021) == [
        ("effective", "2022-01-01"), ("expiry", "2024-12-31")]


def test_a_duration_that_is_not_this_documents_expiry():
    assert scored("资格证书有效期5年，期满前3个月申请换证。", date="2022-03-01", year=2022) == []


def test_periods():
    ctx = dict(date="2021-06-01", year=2021)
    assert scored("“十三五”期间，十四五时期，“十五”期间，“八五”普法，2021—2025年，2021-2025年，2021年至2025年", **ctx) == [
        ("period", "2016/2020"), ("period", "2021/2025"), ("period", "2001/2005"), ("period", "2021/2025"),
        ("period", "2021/2025"), ("period", "2021/2025"), ("period", "2021/2025")]
    assert scored("第一季度，一季度，上半年，下半年，前三季度。2022年第三季度", **ctx) == [
        ("period", "2021-Q1"), ("period", "2021-Q1"), ("period", "2021-H1"), ("period", "2021-H2"),
        ("period", "2021-Q1/2021-Q3"), ("period", "2022-Q3")]


def test_year_written_earlier_in_the_sentence_carries():
    assert scored("2022年1—6月开展攻坚；下半年开展治理。", date="2021-09-30", year=2021) == [
        ("period", "2022-01/2022-06"), ("period", "2022-H2")]
    # a far or past year does not carry
    assert scored("2035年远景目标，6月底前完成。", date="2022-03-01", year=2022) == [("deadline", "2022-06")]
    assert scored("2021年完成投资，6月底前完成。", date="2022-03-01", year=2022) == [("deadline", "2022-06")]


def test_intervals_across_the_year_end():
    ctx = dict(date="2022-10-01", year=2022)
    assert scored("2022年11月至次年3月开展冬季行动，12月至2月实行错峰，11月1日至次年3月31日", **ctx) == [
        ("period", "2022-11/2023-03"), ("period", "2022-12/2023-02"), ("period", "2022-11-01/2023-03-31")]
    assert scored("3月1日至5月31日，2022年1—6月，9—10月", **ctx) == [
        ("period", "2022-03-01/2022-05-31"), ("period", "2022-01/2022-06"), ("period", "2022-09/2022-10")]


def test_period_bounds():
    recs, _ = run("“十四五”期间", year=2022)
    assert (recs[0]["start"], recs[0]["end"]) == ("2021-01-01", "2025-12-31")
    recs, _ = run("2022年第二季度", year=2022)
    assert (recs[0]["value"], recs[0]["start"], recs[0]["end"]) == ("2022-Q2", "2022-04-01", "2022-06-30")


def test_five_year_plan_end_is_a_target():
    assert scored("到“十四五”末，全市高新技术企业达到500家", date="2021-05-01", year=2021) == [("target", "2025")]


def test_relative_years():
    ctx = dict(date="2022-03-01", year=2022)
    assert scored("次年底前报送，明年6月底前完成，今年年底前建成", **ctx) == [
        ("deadline", "2023"), ("deadline", "2023-06"), ("deadline", "2022")]
    assert kv("今年以来，上年度研发费用", **ctx) == []


def test_december_document_rolls_year_less_deadlines_forward():
    assert scored("12月25日前走访，1月10日前发放", date="2020-12-18", year=2020) == [
        ("deadline", "2020-12-25"), ("deadline", "2021-01-10")]


def test_published_header():
    recs, _ = run("发布时间：2022-04-18 09:04:01\n发布日期:2019-02-15")
    assert [(r["kind"], r["value"]) for r in recs] == [("published", "2022-04-18T09:04:01"),
                                                       ("published", "2019-02-15")]


# --------------------------------------------------------------------------- what is not a date


@pytest.mark.parametrize("s", [
    "各牵头单位于每季度末报送进展",
    "各县于每月25日前报送工作进展",
    "企业应当于每年4月30日前提交申报材料",
    "每年年底前报送总结",
    "每年第一季度召开会议",
    "长期坚持，持续推进",
    "咸政办发〔2022〕1号",
    "依据《国家科技创新“十四五”规划》和《行动计划(2016—2020年)》",
    "当年底前完成",
    "年满18周岁至60周岁，补助5000元，十五年一遇",
    "2022年前10个月",
])
def test_not_dates(s):
    assert scored(s, date="2022-03-01", year=2022) == []


def test_past_deadline_is_a_mention():
    assert kv("1953年底前复退军人；截至2021年底，全市共有企业", date="2022-03-24", year=2022) == [
        ("mention", "1953"), ("mention", "2021")]


def test_titles_in_angle_quotes_are_skipped():
    assert kv("根据《湖南省2019年重点工作方案》（湘政发〔2019〕3号），2017年4月14日印发的文件", year=2022) == [
        ("mention", "2017-04-14")]


def test_signed_line_is_skipped():
    s = "有关事项通知如下。\n\n咸宁市人民政府\n\n2022年3月22日\n"
    i = s.index("2022年")
    assert kv(s, date="2022-03-22", year=2022, signed_span=(i, i + 10)) == []


def test_title_lines_are_mentions():
    s = "咸宁市科技创新“十四五”规划\n\n“十四五”期间，全市……"
    got = kv(s, year=2022, title="市人民政府关于印发咸宁市科技创新“十四五”规划的通知")
    assert got == [("mention", "2021/2025"), ("period", "2021/2025")]


# --------------------------------------------------------------------------- warnings


def test_invalid_date_is_a_warning_not_a_record():
    recs, warns = run("请于2月30日前报送，2021年2月29日前完成", date="2021-01-05", year=2021)
    assert recs == []
    assert [w["code"] for w in warns] == ["date_invalid", "date_invalid"]
    assert all(w["stage"] == "dates" and w["span"] for w in warns)


def test_unknown_year_warns_and_keeps_a_null_record():
    recs, warns = run("于3月15日前完成")
    assert [(r["kind"], r["value"], r["inferred_year"]) for r in recs] == [("deadline", None, True)]
    assert [w["code"] for w in warns] == ["date_year_unknown"]


def test_year_from_document_date_when_year_missing():
    assert scored("于3月15日前完成", date="2024-02-01") == [("deadline", "2024-03-15")]


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("s, value", [
    ("２０２２年３月２２日前", "2022-03-22"),
    ("二〇二二年三月二十二日前", "2022-03-22"),
    ("於2022年7月1日前完成", "2022-07-01"),
    ("2022年9月30日以前", "2022-09-30"),
    ("五月底前", "2022-05"),
    ("2022年12月31日24时前", "2022-12-31"),
    ("2022年5月20日17:00前", "2022-05-20"),
    ("不晚于6月30日", "2022-06-30"),
    ("截至2022年6月底", "2022-06"),
    ("2022年年底前", "2022"),
    ("于2022年6月\n30日前", "2022-06-30"),
])
def test_formats(s, value):
    assert scored(s, date="2022-01-10", year=2022) == [("deadline", value)]


def test_empty_and_degenerate_regions():
    assert extract_dates(Text(""), 0, 0, DocContext()) == ([], [])
    t = Text("2022年3月1日前")
    assert extract_dates(t, 5, 2, DocContext()) == ([], [])
    assert extract_dates(t, -10, 10**6, DocContext())[0][0]["value"] == "2022-03-01"


def test_region_only():
    s = "2022年1月1日前。2023年2月2日前。"
    t = Text(s)
    recs, _ = extract_dates(t, 10, len(s), DocContext(year=2022))
    assert [r["value"] for r in recs] == ["2023-02-02"]
    assert recs[0]["span"][0] >= 10


def test_task_deadline_values():
    recs, _ = run("到2025年建成，2022年6月底前完成，“十四五”期间，自2022年1月1日起施行", date="2021-12-01", year=2021)
    assert task_deadline_values(recs) == ["2025", "2022-06"]
    assert task_deadline_values([]) == []


# --------------------------------------------------------------------------- golden cases


def _golden_cases():
    return sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("name", _golden_cases())
def test_golden(name):
    text, _ = load((GOLDEN / f"{name}.txt").read_bytes(), name)
    ctx_path = GOLDEN / f"{name}.ctx.json"
    kw = json.loads(ctx_path.read_text("utf-8")) if ctx_path.exists() else {}
    if kw.get("signed_span"):
        kw["signed_span"] = tuple(kw["signed_span"])
    recs, warns = extract_dates(text, 0, len(text.raw), DocContext(**kw))
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text("utf-8"))
    assert {"records": recs, "warnings": warns} == expected
    for r in recs:
        assert text.raw[r["span"][0]:r["span"][1]] == r["text"]


def test_enough_golden_cases():
    assert len(_golden_cases()) >= 6


# --------------------------------------------------------------------------- the sample issue


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample issue not present")
def test_sample_issue_spans():  # speed is measured by bench/bench.py, not asserted here
    text, _ = load(SAMPLE.read_bytes(), str(SAMPLE))
    ctx = DocContext(date="2022-03-22", year=2022)
    recs, _ = extract_dates(text, 0, len(text.raw), ctx)
    assert len(recs) > 40
    for r in recs:
        assert text.raw[r["span"][0]:r["span"][1]] == r["text"]
    kinds = {r["kind"] for r in recs}
    assert {"deadline", "target", "effective", "expiry", "period", "published"} <= kinds


# --------------------------------------------------------------------------- properties

CN = "〇一二三四五六七八九"


def cn_small(n: int) -> str:
    """1..31 in Chinese numerals: 十, 十二, 二十, 三十一."""
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def written(d: date, style: str) -> tuple[str, str, str]:
    """(year, month, day) parts written in a style."""
    if style == "cn":
        return "".join(CN[int(c)] for c in str(d.year)), cn_small(d.month), cn_small(d.day)
    if style == "pad":
        return str(d.year), f"{d.month:02d}", f"{d.day:02d}"
    if style == "wide":
        w = str.maketrans("0123456789", "０１２３４５６７８９")
        return str(d.year).translate(w), str(d.month).translate(w), str(d.day).translate(w)
    return str(d.year), str(d.month), str(d.day)


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
styles = st.sampled_from(["ar", "cn", "pad", "wide"])


@given(d=dates, style=styles, suffix=st.sampled_from(["", "前", "以前", "之前"]),
       lead=st.sampled_from(["", "请于", "各地要在", "。"]), tail=st.sampled_from(["", "完成。", "，报送"]))
def test_property_full_date_resolves_to_itself(d, style, suffix, lead, tail):
    y, m, dd = written(d, style)
    s = f"{lead}{y}年{m}月{dd}日{suffix}{tail}"
    recs, warns = run(s)
    assert warns == []
    assert [(r["kind"], r["value"]) for r in recs] == [("deadline" if suffix else "mention", d.isoformat())]
    assert parse_full_date(f"{y}年{m}月{dd}日") == d.isoformat()


@given(d=dates, style=styles, suffix=st.sampled_from(["底前", "末前", "前", "底"]))
def test_property_month_resolves_to_itself(d, style, suffix):
    y, m, _ = written(d, style)
    recs, _ = run(f"于{y}年{m}月{suffix}完成")
    assert [(r["kind"], r["value"]) for r in recs] == [
        ("deadline" if suffix.endswith("前") else "mention", f"{d.year:04d}-{d.month:02d}")]
    assert recs[0]["start"] == date(d.year, d.month, 1).isoformat()


@given(d=dates, style=styles)
def test_property_year_end_resolves_to_itself(d, style):
    y, _, _ = written(d, style)
    recs, _ = run(f"{y}年底前完成")
    assert [(r["kind"], r["value"], r["end"]) for r in recs] == [("deadline", f"{d.year:04d}", f"{d.year:04d}-12-31")]


FRAGMENTS = ["2022年", "3月", "15日", "前", "底", "年底前", "到", "自", "起施行", "有效期", "5年", "、", "及",
             "“十四五”", "期间", "至", "—", "每年", "一季度", "上半年", "《", "》", "〔2022〕", "号", "\n", " ",
             "二〇二二年", "十二月", "三十一日", "之日", "印发", "截至", "2月30日", "２０２２", "。", "次年", "發佈"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30),
       date_=st.one_of(st.none(), dates.map(date.isoformat)), cut=st.tuples(st.integers(-5, 200), st.integers(-5, 200)))
def test_property_spans_slice_back_and_never_raises(parts, date_, cut):
    s = "".join(parts)
    if not s:
        s = " "
    t = Text(s)
    ctx = DocContext(date=date_, year=int(date_[:4]) if date_ else None)
    for a, b in ((0, len(t.raw)), cut):
        recs, warns = extract_dates(t, a, b, ctx)
        for r in recs:
            s0, e0 = r["span"]
            assert 0 <= s0 < e0 <= len(t.raw)
            assert t.raw[s0:e0] == r["text"]
            assert r["kind"] in {"deadline", "target", "effective", "expiry", "period", "published", "mention"}
            if r["value"] is not None:
                assert r["start"] <= r["end"]
        for w in warns:
            assert w["stage"] == "dates" and w["code"] and w["message"]
            assert w["code"] != "dates_failed"


@given(st.text(max_size=200))
def test_property_never_raises_on_arbitrary_text(s):
    t = Text(s) if s else Text(" ")
    recs, warns = extract_dates(t, 0, len(t.raw), DocContext(year=2022))
    assert isinstance(recs, list) and isinstance(warns, list)
    assert not any(w["code"] == "dates_failed" for w in warns)


# --------------------------------------------------------------------------- time limits (完成时限 …)

TL = dict(date="2023-03-20", year=2023)


@pytest.mark.parametrize("s, value", [
    ("（责任单位：市林草局；完成时限：2023年第二季度）", "2023-Q2"),
    ("时间节点：2024年上半年", "2024-H1"),
    ("完成时限:上半年", "2023-H1"),
    ("完成时限为下半年", "2023-H2"),
    ("三季度末前完成", "2023-Q3"),
    ("三季度末", "2023-Q3"),
    ("第四季度末全面投用", "2023-Q4"),
    ("2023年上半年前", "2023-H1"),
    ("上半年完成", "2023-H1"),
    ("2023年第三季度完成专项债券申报", "2023-Q3"),
    ("二季度基本实现全覆盖", "2023-Q2"),
])
def test_quarters_and_halves_as_time_limits_are_deadlines(s, value):
    assert scored(s, **TL) == [("deadline", value)]


@pytest.mark.parametrize("s, value", [
    ("一季度经济运行总体平稳", "2023-Q1"),
    ("上半年，全市经济运行稳中向好", "2023-H1"),
    ("下半年开展秋冬季治理", "2023-H2"),
    ("前三季度", "2023-Q1/2023-Q3"),
])
def test_plain_quarters_stay_periods(s, value):
    assert scored(s, **TL) == [("period", value)]


def test_a_quarter_already_past_is_what_was_done():
    # written in August: 上半年完成投资 reports the first half, it sets no time limit
    assert scored("上半年完成固定资产投资356亿元，三季度末实现全覆盖", date="2023-08-10", year=2023) == [
        ("period", "2023-H1"), ("deadline", "2023-Q3")]
    assert scored("第四季度完成验收", date="2023-08-10", year=2023) == [("deadline", "2023-Q4")]


def test_five_year_plans_stay_periods_beside_time_limits():
    assert scored("“十四五”时期，完成时限：2023年6月", **TL) == [("period", "2021/2025"), ("deadline", "2023-06")]


@pytest.mark.parametrize("s, value", [
    ("完成时限：2023年6月", "2023-06"),
    ("完成时限：2023年12月", "2023-12"),
    ("办结时限：2023/06/30", "2023-06-30"),
    ("时限：2023.9.15", "2023-09-15"),
    ("完成时间：2024年", "2024"),
    ("完成时限：年底", "2023"),
    ("完成时限：\n2023年6月", "2023-06"),  # a line wrapped after the colon
    ("截止时间：2023年5月31日17:00", "2023-05-31"),
])
def test_a_time_limit_label_makes_a_deadline(s, value):
    assert scored(s, **TL) == [("deadline", value)]


def test_a_label_covers_a_list():
    assert scored("（完成时限：2023年6月、2023年11月）", **TL) == [("deadline", "2023-06"), ("deadline", "2023-11")]


def test_a_label_on_its_own_line_is_a_table_header():
    # the column is the tables stage's business: here the cell is only a date
    assert kv("完成时限\n2023年12月", **TL) == [("mention", "2023-12")]
    assert kv("完成时限\n\n2023年第二季度", **TL) == [("period", "2023-Q2")]


@pytest.mark.parametrize("s", [
    "2023年起", "自2023年起", "即日起", "完成时限：即日起", "时间节点：即日起", "完成时限：2023年起",
    "时间节点：2023年起每年开展一次", "自2024年开始", "完成时限：长期", "时间节点：长期坚持", "完成时限：下半年起",
])
def test_a_start_is_not_a_deadline(s):
    assert [k for k, _ in kv(s, **TL)] in ([], ["mention"], ["period"])


@pytest.mark.parametrize("s, expected", [
    ("2023/06/30", [("mention", "2023-06-30")]),
    ("2023/05/10", [("mention", "2023-05-10")]),
    ("2023.5.12", [("mention", "2023-05-12")]),
    ("2023-5-12", [("mention", "2023-05-12")]),
    ("会议纪要于2023.5.12.印发", [("mention", "2023-05-12")]),
    ("于2023.6.15前完成", [("deadline", "2023-06-15")]),
    ("2023/7/1以前报送", [("deadline", "2023-07-01")]),
    ("索引号：000013610/2023-00187", []),
    ("增长2023.51亿元", []),
])
def test_slashed_and_dotted_dates(s, expected):
    assert kv(s, **TL) == expected


@pytest.mark.parametrize("s, expected", [
    ("2 0 2 3 年 3 月 1 5 日", [("mention", "2023-03-15")]),
    ("于2 0 2 3 年 6 月 3 0 日 前报送", [("deadline", "2023-06-30")]),
    ("二 〇 二 三 年 五 月 十 日", [("mention", "2023-05-10")]),
    ("2 0 2 3 年", [("mention", "2023")]),
    ("2 0 2 3 年 1 2 月 底前", [("deadline", "2023-12")]),
    ("二 〇 二 三 年 十 二 月 三 十 一 日前", [("deadline", "2023-12-31")]),
    ("2　0　2　3　年　上半年前", [("deadline", "2023-H1")]),
])
def test_a_date_spaced_glyph_by_glyph_is_one_date(s, expected):
    recs, _ = run(s, **TL)
    assert [(r["kind"], r["value"]) for r in recs] == expected
    assert len(recs) == 1


def test_spaced_digits_that_are_not_a_date():
    # a table row read as one line: a 序号 cell, then the date cell
    assert kv("1 2023年6月底前", **TL) == [("deadline", "2023-06")]
    assert kv("1 2 2023年", **TL) == [("mention", "2023")]
    assert kv("1 2 3 4 年", **TL) == []
    assert kv("20 23年", **TL) == []


@given(d=dates, cn=st.booleans(), gap=st.sampled_from([" ", "  ", "\u3000"]))
def test_property_spaced_full_date_resolves_to_itself(d, cn, gap):
    y, m, dd = written(d, "cn" if cn else "ar")
    s = gap.join(f"{y}年{m}月{dd}日")
    recs, warns = run(s)
    assert warns == []
    assert [(r["kind"], r["value"]) for r in recs] == [("mention", d.isoformat())]
    assert parse_full_date(s) == d.isoformat()


def test_mark_deadline_cells():
    s = "完成时限\n2023/06/30\n2023年第二季度\n2023年起\n即日起\n2023年3月—6月\n2023年12月\n\n说明：2023年12月"
    t = Text(s)
    recs, _ = extract_dates(t, 0, len(s), DocContext(**TL))
    cells = []
    for ln in t.lines[1:7]:
        cells.append((ln.start, ln.end))
    mark_deadline_cells(recs, cells, t)
    assert [(r["kind"], r["value"]) for r in recs] == [
        ("deadline", "2023-06-30"), ("deadline", "2023-Q2"), ("mention", "2023"), ("period", "2023-03/2023-06"),
        ("deadline", "2023-12"), ("mention", "2023-12")]
    assert mark_deadline_cells([], cells, t) == []


# --------------------------------------------------------------------------- quarters that name things


@pytest.mark.parametrize("s, value", [
    ("报送第一季度工作进展", "2023-Q1"),
    ("国庆节前完成上半年培训补贴审核拨付", "2023-H1"),
    ("按时上报2023年三季度统计报表", "2023-Q3"),
    ("兑现上半年的稳岗补贴", "2023-H1"),
])
def test_a_quarter_that_says_which_things_is_a_mention(s, value):
    assert ("mention", value) in kv(s, **TL)
    assert all(k != "period" for k, _ in kv(s, **TL))


def test_a_verb_before_a_list_of_quarters_covers_the_list():
    assert [k for k, v in kv("于7月10日前报送第一季度、上半年和前三季度工作进展", **TL)] == [
        "deadline", "mention", "mention", "mention"]


# --------------------------------------------------------------------------- holidays


@pytest.mark.parametrize("s, ctx, value, inferred", [
    ("国庆节前完成", dict(date="2023-08-10", year=2023), "2023-10-01", True),
    ("于国庆前完成验收", dict(date="2022-05-10", year=2022), "2022-10-01", True),
    ("2024年春节前发放到位", dict(date="2023-08-10", year=2023), "2024-02-10", False),
    ("2021年春节前组织开展冬季专项行动", dict(date="2020-07-01", year=2020), "2021-02-12", False),
    ("五一前完成整改", dict(date="2019-03-01", year=2019), "2019-05-01", True),
    ("劳动节前完成整改", dict(date="2019-03-01", year=2019), "2019-05-01", True),
    ("中秋节前完成", dict(date="2023-08-10", year=2023), "2023-09-29", True),
    ("端午节前完成", dict(date="2024-03-10", year=2024), "2024-06-10", True),
    ("清明节前完成排查", dict(date="2024-03-10", year=2024), "2024-04-04", True),
    ("清明节前完成排查", dict(date="2023-03-10", year=2023), "2023-04-05", True),
])
def test_holiday_deadlines_take_the_holidays_day(s, ctx, value, inferred):
    recs, warns = run(s, **ctx)
    assert [(r["kind"], r["value"], r["inferred_year"]) for r in recs] == [("deadline", value, inferred)]
    assert warns == []


def test_a_year_less_holiday_long_past_is_the_coming_one():
    # a September notice: 春节前 and 元旦前 are next year's
    assert scored("春节前完成", date="2023-09-05", year=2023) == [("deadline", "2024-02-10")]
    assert scored("元旦前完成", date="2023-09-05", year=2023) == [("deadline", "2024-01-01")]
    # an October notice: 国庆节前 just passed is still this year's (no roll within half a year)
    assert scored("国庆节前完成", date="2023-10-20", year=2023) == [("deadline", "2023-10-01")]


def test_holidays_in_lists_relative_years_and_effective_dates():
    assert scored("元旦、春节前完成", date="2021-11-02", year=2021) == [
        ("deadline", "2022-01-01"), ("deadline", "2022-02-01")]
    assert scored("明年春节前完成", date="2021-05-02", year=2021) == [("deadline", "2022-02-01")]
    assert scored("本办法自2024年元旦起施行", date="2023-11-02", year=2023) == [("effective", "2024-01-01")]
    assert scored("国庆节前后开展检查", date="2023-08-02", year=2023) == [("target", "2023-10-01")]


@pytest.mark.parametrize("s", [
    "春节期间加强值守", "每年春节前走访慰问", "国庆节前夕开展慰问", "2009年国庆节、中秋节放假安排",
    "国庆节放假期间", "十五一个单位",
])
def test_holidays_without_a_time_limit_are_not_scored(s):
    assert scored(s, date="2009-09-10", year=2009) == []


def test_a_holiday_outside_the_tables_warns():
    recs, warns = run("2050年春节前完成", date="2049-06-01", year=2049)
    assert recs == []
    assert [w["code"] for w in warns] == ["date_holiday_unknown"]
    # a fixed-date holiday needs no table
    assert scored("2050年国庆节前完成", date="2049-06-01", year=2049) == [("deadline", "2050-10-01")]


@pytest.mark.parametrize("s, value", [
    ("2025年国庆节前", ["2025-10-01"]), ("国庆节前", ["2023-10-01"]), ("2023年9月中旬前", ["2023-09"]),
    ("年底前", ["2023"]), ("2023年第二季度", ["2023-Q2"]), ("长期坚持", []), ("2023年起", []),
])
def test_cell_deadlines(s, value):
    assert cell_deadlines(s, 2023, "2023-03-20") == value
