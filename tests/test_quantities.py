"""Tests of the quantities stage: examples, what is not a quantity, robustness, and properties."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import DocContext
from pipeline.normalize import load, normalize_text
from pipeline.numerals import to_number
from pipeline.quantities import UNITS, cn_normalize, cn_value, extract_quantities, table_quantities
from pipeline.tables import extract_tables
from pipeline.text import Text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "xianning-2022-01.txt"
GOLDEN = ROOT / "tests" / "golden" / "quantities"


def run(s: str, ctx: DocContext | None = None):
    t = Text(normalize_text(s))
    recs, warns = extract_quantities(t, 0, len(t.raw), ctx or DocContext())
    for r in recs:  # every record slices back to its text
        assert t.raw[r["span"][0]:r["span"][1]] == r["text"]
    return recs, warns


def keys(s: str):
    """(text, value or (min, max), unit, qualifier) of each record."""
    recs, _ = run(s)
    return [(r["text"], r["value"] if r["value"] is not None else (r["min"], r["max"]), r["unit"], r["qualifier"])
            for r in recs]


# ------------------------------------------------------------------ what is read
@pytest.mark.parametrize("src,expected", [
    ("全省地区生产总值增长9%左右。", [("9%左右", 9, "%", "左右")]),
    ("新增专项债券资金600亿元以上，", [("600亿元以上", 600, "亿元", "以上")]),
    ("减少农村贫困人口110万人以上，", [("110万人以上", 110, "万人", "以上")]),
    ("开展职业技能培训30万人次。", [("30万人次", 30, "万人次", None)]),
    ("高新技术企业数量达到2000家。", [("达到2000家", 2000, "家", "达到")]),
    ("研发投入强度提高0.1个百分点，", [("0.1个百分点", 0.1, "个百分点", None)]),
    ("网上可办率达到90%以上，", [("90%以上", 90, "%", "以上")]),  # a suffix wins over a prefix
    ("企业开办时间压缩至4天以内。", [("4天以内", 4, "天", "以内")]),
    ("运营时间满1年；", [("满1年", 1, "年", "满")]),
    ("自取消之日起3年内不得再次申请。", [("3年内", 3, "年", "以内")]),
    ("本办法自2021年9月1日起施行，有效期3年。", [("有效期3年", 3, "年", None)]),
    ("给予5万元至20万元的一次性补助；", [("5万元至20万元", (5, 20), "万元", None)]),
    ("每县建设2—3个示范点。", [("2—3个", (2, 3), "个", None)]),
    ("年满18周岁至60周岁的公民", [("18周岁至60周岁", (18, 60), "周岁", None)]),
    ("保障全县12.6万亩农田灌溉。", [("12.6万亩", 12.6, "万亩", None)]),
    ("新增调蓄容积12.8万立方米，", [("12.8万立方米", 12.8, "万立方米", None)]),
    ("按不低于项目总投资的20%安排配套资金", [("20%", 20, "%", "不低于")]),
    ("每个县至少确定1个示范点", [("至少确定1个", 1, "个", "至少")]),
    ("职工总数不超過500人，銷售收入不超過2億元", [("不超過500人", 500, "人", "不超過"),
                                       ("不超過2億元", 2, "億元", "不超過")]),
    ("按研发费用支出的１０％核定，最高不超过５０萬元。", [("１０％", 10, "％", None),
                                          ("不超过５０萬元", 50, "萬元", "不超过")]),
    ("总额1,234.5万元", [("1,234.5万元", 1234.5, "万元", None)]),
    ("百分之六十以上的村", [("百分之六十以上", 60, "%", "以上")]),
    ("海洋渔业产值突破千亿，", [("突破千亿", 1000, "亿", "突破")]),
    ("培育100多家企业，新增10余万人，带动1万多人", [("100多家", 100, "家", "多"), ("10余万人", 10, "万人", "余"),
                                        ("1万多人", 1, "万人", "多")]),
    ("涉企检查事项三个月内完成，奖励十五万元。", [("三个月内", 3, "个月", "以内"), ("十五万元", 15, "万元", None)]),
    ("本意见有效期五年。", [("有效期五年", 5, "年", None)]),
    ("两三个部门联合检查", [("两三个", (2, 3), "个", None)]),
    ("新增装机200万千瓦，发电60亿千瓦时", [("200万千瓦", 200, "万千瓦", None), ("60亿千瓦时", 60, "亿千瓦时", None)]),
    ("按500元/平方米补助", [("500元/平方米", 500, "元/平方米", None)]),
    ("在职人员45岁(含45岁)以下划入2%", [("45岁(含45岁)以下", 45, "岁", "以下"), ("2%", 2, "%", None)]),
    ("补贴期限不超过3年(含3年)。", [("不超过3年(含3年)", 3, "年", "不超过")]),
    ("每户饲养犬只不超过1只，牵引绳长度不超过2米", [("不超过1只", 1, "只", "不超过"), ("不超过2米", 2, "米", "不超过")]),
    ("投资强度不低于每亩300万元，养护资金不低于每公里每年1000元", [("300万元", 300, "万元", "不低于"),
                                                ("1000元", 1000, "元", "不低于")]),
    ("占比达到15%左右；覆盖率达到90%以上", [("达到15%左右", 15, "%", "左右"), ("90%以上", 90, "%", "以上")]),
    ("抽检1.6万批次，抽查执法案卷320卷，打井5眼", [("1.6万批次", 1.6, "万批次", None), ("320卷", 320, "卷", None),
                                     ("5眼", 5, "眼", None)]),
])
def test_reads(src, expected):
    assert keys(src) == expected


def test_range_with_inclusive_notes():
    recs, _ = run("3万元以上至10万元以下(含10万元)的部分，支付比例为70%")
    r = recs[0]
    assert (r["text"], r["value"], r["min"], r["max"], r["unit"]) == \
        ("3万元以上至10万元以下(含10万元)", None, 3, 10, "万元")
    assert r["min_inclusive"] is True and r["max_inclusive"] is True
    assert recs[1]["value"] == 70


def test_legal_range_without_connector():
    """处1万元以上5万元以下罚款 is one range; with different units the two bounds stay apart."""
    assert keys("情节严重的，处1万元以上5万元以下的罚款") == [("1万元以上5万元以下", (1, 5), "万元", None)]
    assert keys("处2000元以上1万元以下的罚款") == [("2000元以上", 2000, "元", "以上"), ("1万元以下", 1, "万元", "以下")]
    assert keys("处五千元以上二万元以下罚款") == [("五千元以上", 5000, "元", "以上"), ("二万元以下", 2, "万元", "以下")]


def test_range_after_an_ascii_comma_and_decimals():
    assert keys("园区(集群),2—3家年加工能力过万吨,1.5—2万元") == \
        [("2—3家", (2, 3), "家", None), ("过万吨", 1, "万吨", "过"), ("1.5—2万元", (1.5, 2), "万元", None)]


def test_space_before_the_unit_or_magnitude():
    assert keys("实现产值 3,456.7 亿元，增长 5 %") == [("3,456.7 亿元", 3456.7, "亿元", None), ("5 %", 5, "%", None)]


def test_small_ranges_and_cued_durations():
    assert keys("为0-3岁婴幼儿提供服务，电话0715-8126789") == [("0-3岁", (0, 3), "岁", None)]
    assert [g[:3] for g in keys("任命张三为局长（试用期一年）。近期一批项目开工。")] == [("一年", 1, "年")]


def test_date_ranges_raise_no_warning():
    recs, warns = run("从10月1日至12月31日，3个月至2022年底")
    assert [r["text"] for r in recs] == ["3个月"] and warns == []


def test_bound_flags_of_single_values():
    recs, _ = run("超过3个月的，不足6个月的，3个月以上的，不超过5年的")
    flags = [(r["text"], r["min_inclusive"], r["max_inclusive"]) for r in recs]
    assert flags == [("超过3个月", False, None), ("不足6个月", None, False), ("3个月以上", True, None),
                     ("不超过5年", None, True)]


def test_soft_line_break_between_number_and_percent():
    recs, _ = run("以下划入2\n%，46岁(含46岁)\n以上划入2.5%")
    assert [(r["value"], r["unit"], r["qualifier"]) for r in recs] == \
        [(2, "%", None), (46, "岁", "以上"), (2.5, "%", None)]


def test_categories_come_from_the_unit_table():
    recs, _ = run("投资3.46亿元，管网126公里，占比20%，2.73倍，15天")
    assert [r["category"] for r in recs] == ["money", "length", "percent", "multiple", "duration"]
    assert UNITS["万人次"] == "count" and UNITS["周岁"] == "age"


def test_a_bare_magnitude_with_a_qualifier_is_an_amount():
    """亿元以上 is 1 亿元 以上, as 超百亿元 is 100 亿元; without a qualifier it names a class (千亿级, 万元GDP)."""
    assert keys("新开工亿元以上产业项目140个，年销售收入过亿元，年加工能力过万吨，突破千亿") == [
        ("亿元以上", 1, "亿元", "以上"), ("140个", 140, "个", None), ("过亿元", 1, "亿元", "过"),
        ("过万吨", 1, "万吨", "过"), ("突破千亿", 1000, "亿", "突破")]
    assert keys("吸纳就业千余人，组织百余家企业，单笔百万元以下，人口过万") == [
        ("千余人", 1000, "人", "余"), ("百余家", 100, "家", "余"), ("百万元以下", 100, "万元", "以下"),
        ("过万", 1, "万", "过")]
    assert keys("打造千亿级产业集群，培育百亿元级企业，超千亿级，百万人口城市，万元GDP能耗，百年老店，千人计划，"
                "高新技术产业增加值(亿元)，千家万户") == []


def test_guo_is_a_prefix_qualifier_but_not_inside_a_verb():
    recs, _ = run("年销售收入过8000万元，营业收入超1亿元")
    assert [(r["text"], r["qualifier"], r["min_inclusive"]) for r in recs] == [
        ("过8000万元", "过", False), ("超1亿元", "超", False)]
    assert keys("通过3年努力，经过5轮谈判，度过2年培育期，受过2次处罚，记过1次，赶超10%，超市3家，过程中2次") == [
        ("3年", 3, "年", None), ("5轮", 5, "轮", None), ("2年", 2, "年", None), ("2次", 2, "次", None),
        ("1次", 1, "次", None), ("10%", 10, "%", None), ("3家", 3, "家", None), ("2次", 2, "次", None)]


# ------------------------------------------------------------------ what is not a quantity
@pytest.mark.parametrize("src", [
    "2025年，到2025年底前，2022年3月22日，二〇三五年远景目标",      # years and dates
    "每月25日前报送，5月31日前完成，12月20日前，9月底前，自2021年9月1日起施行",
    "《江西省数字经济发展三年行动计划（2021—2023年）》",           # a title
    "(2016—2020年)，2021-2025年，2021年至2025年",                  # periods of years
    "咸政办发〔2022〕1号，第十条，第3批，第5期，2019年第8期(总第597期)",  # numbers, labels, ordinals
    "坚决做到“两个维护”，增强“四个意识”，“十四五”期间，第二个百年奋斗目标",
    "党的十九大和十九届五中全会，省委十一届八次、九次、十次全会精神",
    "进一步推进，一律不得，统一部署，一些企业，建设一批项目，一体化发展，一次性补助",
    "一芯两带三区，1+8城市圈，5G网络，PM2.5浓度，G107国道，4A级景区",
    "联系电话：0971-8256731。",
    "第十四个五年规划，实施三年行动计划，二次供水，二元结构，汽车零部件",
    "大众创业万众创新，千家万户，数十个，几百家，每万人发明专利",
    "1—2月，3月至5月，1-6级伤残",
    "专栏3 个，附件2，表1，第 3 批",                                # labels
    "实施“五个一批”，推进最多跑一次改革，一次办好，十分重要",
    "九台区，七台河市，五台山",                                      # places
])
def test_not_quantities(src):
    assert keys(src) == []


def test_year_versus_duration():
    got = keys("2025年达到目标；建设期3年；缴存期限为3年，连续2年无欠薪；2000年以来；近5年")
    assert [(g[1], g[2]) for g in got] == [(3, "年"), (3, "年"), (2, "年"), (5, "年")]


def test_day_versus_date():
    got = keys("责令在3日内支付；自收到之日起30日内办结，可延长30日；于15日前报送；3月5日")
    assert [(g[0], g[1]) for g in got] == [("3日内", 3), ("30日内", 30), ("30日", 30)]


def test_lone_one_needs_a_qualifier():
    assert keys("形成一个平台，建设一批项目，每月召开一次") == []
    assert [g[:3] for g in keys("不超过一年，一个月内完成，为期一年")] == \
        [("不超过一年", 1, "年"), ("一个月内", 1, "个月"), ("一年", 1, "年")]


# ------------------------------------------------------------------ count words of texts and books
def test_words_books_and_pages_are_units():
    assert keys("申报材料正文不超过8000字，摘要300字左右，全文不超过1.2万字") == [
        ("不超过8000字", 8000, "字", "不超过"), ("300字左右", 300, "字", "左右"),
        ("不超过1.2万字", 1.2, "万字", "不超过")]
    assert keys("每名学生每学期阅读图书不少于6本，报告不超过20页，发放宣传手册两万本") == [
        ("不少于6本", 6, "本", "不少于"), ("不超过20页", 20, "页", "不超过"), ("两万本", 2, "万本", None)]
    assert [r["category"] for r in run("不少于12本，不超过600字，共5页")[0]] == ["count"] * 3


@pytest.mark.parametrize("src", [
    "红十字会，十字路口，十字绣，坚持十六字方针，八字真言",     # 字 inside words
    "附件1本办法所称，依照第3条本规定，2023年本市，1.本单位",   # 本 opening the next word
    "网站3页面，一本书，一字排开",
])
def test_zi_ben_ye_inside_words(src):
    assert keys(src) == []


# ------------------------------------------------------------------ capital (financial) numerals
def test_capital_numerals_in_names_are_not_numbers():
    assert keys("伍家岗区，陆家嘴片区，加强队伍建设，大陆架，登陆点，柒家村") == []
    assert keys("伍陆家企业") == []
    assert keys("沿伍家岗长江大桥至柒里河") == []


def test_capital_numerals_in_amounts_are_read():
    assert [g[1:3] for g in keys("奖励人民币伍万元整，另付叁拾元，共计叁元，大写：伍元")] == [
        (5, "万元"), (30, "元"), (3, "元"), (5, "元")]
    assert [g[1:3] for g in keys("叁拾个工作日，壹佰台")] == [(30, "个工作日"), (100, "台")]
    assert keys("由陆元同志负责，肆人小组") == []  # a lone capital glyph after a Han glyph, or with no place unit


def test_nei_after_a_duration_before_a_verb():
    assert keys("应当在受理之日起15日内审核完毕，2年内在全县建成，6个月内需补齐") == [
        ("15日内", 15, "日", "以内"), ("2年内", 2, "年", "以内"), ("6个月内", 6, "个月", "以内")]
    assert keys("设置3个内设机构") == [("3个", 3, "个", None)]


# ------------------------------------------------------------------ 分 as score points
@pytest.mark.parametrize("src,expected", [
    ("全县平均得分87.3分，较上年提高1.9分。", [("87.3分", 87.3, "分", None), ("1.9分", 1.9, "分", None)]),
    ("单项指标得分低于60分的，不得评为优秀", [("低于60分", 60, "分", "低于")]),
    ("力争考核得分95分以上", [("95分以上", 95, "分", "以上")]),
    ("逾期未报送的，每次扣3分；满分100分", [("3分", 3, "分", None), ("100分", 100, "分", None)]),
    ("良好为75—89分，合格为60分及以上", [("75—89分", (75, 89), "分", None), ("60分及以上", 60, "分", "以上")]),
    ("情节严重的扣除十分，表现突出的加五分", [("十分", 10, "分", None), ("五分", 5, "分", None)]),
])
def test_score_points(src, expected):
    assert keys(src) == expected


@pytest.mark.parametrize("src", [
    "会议于上午10时30分召开，8点45分签到，持续1小时20分结束",     # minutes of a clock or a duration
    "该项工作十分紧迫，更加十分重要，三分天下，七八分饱，一分钱，1分钱",  # words
    "部分地区，一部分资金，3部分组成",                               # 部分
    "三分之二的资金，5分之1，百分百，百分制，实行100分制",             # fractions and scales
    "位于北纬36度30分，承包地3亩5分，单价1元2角5分",                  # sub-units of 度, 亩, 角
    "计时30分15秒",
])
def test_fen_that_is_not_a_score(src):
    assert [k for k in keys(src) if k[2] == "分"] == []


def test_a_score_column_declares_its_unit():
    got = tq({"columns": ["排名", "县（区）", "得分（分）"], "rows": [["1", "甲县", "91.5"], ["2", "乙县", "88"]],
              "span": [0, 40]})
    assert [(g[2], g[3], g[4]) for g in got] == [("91.5", 91.5, "分"), ("88", 88, "分")]


def test_minutes_stay_their_own_unit():
    assert keys("列车运行间隔不超过5分钟，每次讲话不超过十分钟") == [
        ("不超过5分钟", 5, "分钟", "不超过"), ("不超过十分钟", 10, "分钟", "不超过")]


# ------------------------------------------------------------------ dates spaced out glyph by glyph
@pytest.mark.parametrize("src", [
    "2 0 2 3 年 3 月 1 5 日",
    "兰州市人民政府\n2 0 2 1 年 1 2 月 3 0 日",
    "2 0 2 4 年 6 月 8 日印发",
])
def test_a_spaced_date_is_not_a_duration(src):
    assert keys(src) == []


def test_a_spaced_duration_still_counts():
    assert [(k[1], k[2]) for k in keys("本办法有效期 5 年，可延长 3 个月，于 10 日内答复")] == \
        [(5, "年"), (3, "个月"), (10, "日")]


# ------------------------------------------------------------------ qualifiers
def test_ji_yishang_reads_yishang():
    recs, _ = run("地上层数为6层及以上，年龄在35周岁及以下")
    assert [(r["text"], r["qualifier"], r["min_inclusive"], r["max_inclusive"]) for r in recs] == [
        ("6层及以上", "以上", True, None), ("35周岁及以下", "以下", None, True)]


def test_an_adverb_bounds_the_number_ending_its_object():
    """至少/最多 bound a whole verb phrase: 至少建成回收站点2个 is at least 2个."""
    assert keys("每个乡镇至少建成污水处理站点2个，每年最多组织专项检查4次") == [
        ("2个", 2, "个", "至少"), ("4次", 4, "次", "最多")]
    # another count in the gap takes the adverb's place: the later number is not bounded
    assert keys("至少建成一个中心和3个站点") == [("3个", 3, "个", None)]
    # a verb such as 不低于 still needs a short gap or 的
    assert keys("不低于省定标准发放补贴3个月") == [("3个月", 3, "个月", None)]


def test_meetings_counted_not_session_ordinals():
    """N次 before 会议/全会 is a session ordinal (十一届八次全会) unless a holding verb, a frequency, a
    qualifier or 两 makes it a count of meetings."""
    assert keys("委员会每年至少召开2次全体会议") == [("至少召开2次", 2, "次", "至少")]
    assert keys("领导小组每半年举行1次会议，全年组织三次专题会议") == [
        ("1次", 1, "次", None), ("三次", 3, "次", None)]
    assert keys("原则上不少于两次常委会会议") == [("不少于两次", 2, "次", "不少于")]
    assert keys("学习贯彻市委七届五次全会和区十二届人大三次会议精神") == []


# ------------------------------------------------------------------ context, regions, warnings
def test_region_and_skip_spans():
    s = "前言增长5%。\n序号\n新建管网38公里\n合计\n正文新增就业3万人。"
    t = Text(normalize_text(s))
    a, b = s.index("序号"), s.index("正文")
    recs, _ = extract_quantities(t, 0, len(s), DocContext(skip_spans=[(a, b)]))
    assert [r["text"] for r in recs] == ["5%", "3万人"]
    recs, _ = extract_quantities(t, s.index("正文"), len(s), DocContext())
    assert [(r["text"], r["span"]) for r in recs] == [("3万人", [s.index("3万人"), s.index("3万人") + 3])]


def test_warnings_for_what_cannot_be_settled():
    recs, warns = run("组建3个至5家联盟，给予20至5万元奖励，年纳税额超过五十千万元的企业")
    assert [w["code"] for w in warns] == ["range_unit_mismatch", "range_inverted", "numeral_unparsed"]
    assert all(w["stage"] == "quantities" and w["message"].endswith("hand") or "check" in w["message"]
               or "own" in w["message"] for w in warns)
    assert [r["text"] for r in recs] == ["3个", "5家", "20至5万元"]


@pytest.mark.parametrize("src,start,end", [
    ("", 0, 0), ("增长5%", 5, 2), ("增长5%", -3, 99), ("增长5%", 0, None), ("\x00\ufffd%%%万亿", 0, 9),
])
def test_never_raises_on_odd_input(src, start, end):
    t = Text(src) if src else Text(" ")
    recs, warns = extract_quantities(t, start, end, None)
    assert isinstance(recs, list) and isinstance(warns, list)


def test_golden_expectations_slice_back():
    """Every stored golden record still slices back to its text (guards hand-edited expectations)."""
    cases = sorted(GOLDEN.glob("*.txt"))
    assert len(cases) >= 6
    for case in cases:
        text, _ = load(case.read_bytes(), case.name)
        exp = json.loads(case.with_name(case.stem + ".expected.json").read_text("utf-8"))
        for r in exp["records"]:
            assert text.raw[r["span"][0]:r["span"][1]] == r["text"], (case.name, r)


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample issue not present")
def test_the_sample_issue_reads_whole():
    text, _ = load(SAMPLE.read_bytes(), str(SAMPLE))
    recs, _ = extract_quantities(text, 0, len(text.raw), DocContext())
    assert len(recs) > 250


# ------------------------------------------------------------------ units declared in table headers
def tq(table: dict):
    return [(q["row"], q["column"], q["text"], q["value"] if q["value"] is not None else (q["min"], q["max"]),
             q["unit"], q["qualifier"]) for q in table_quantities(table)]


def test_table_column_headers_declare_units():
    src = ("2023年乡镇污水管网建设计划表\n\n序号\n\n乡镇\n\n新建管网（公里）\n\n计划投资（万元）\n\n备注\n\n"
           "1\n\n东岗镇\n\n12.5\n\n860\n\n\n2\n\n西湖镇\n\n8\n\n—\n\n续建\n\n合计\n\n20.5\n\n860\n")
    t = Text(normalize_text(src))
    tables, _ = extract_tables(t, 0, len(t.raw), DocContext())
    assert len(tables) == 1
    recs = table_quantities(tables[0], t)
    assert [(r["row"], r["text"], r["value"], r["unit"], r["category"]) for r in recs] == [
        (1, "12.5", 12.5, "公里", "length"), (1, "860", 860, "万元", "money"), (2, "8", 8, "公里", "length")]
    assert all(r["span"] == tables[0]["span"] and r["min"] is None and r["qualifier"] is None for r in recs)


def test_table_row_labels_declare_units():
    """An indicator table (省级高新区(个) | 2 | 4) and a transposed one (计划数(亩) | 1200 | …)."""
    table = {"columns": ["类别", "指标", "2022年基数", "2027年目标值(%)", "属性"], "orientation": "rows", "span": [10, 90],
             "rows": [["创新能力", "省级以上研发机构(个)", "12", "20", "预期性"],
                      ["创新能力", "技术合同成交额（亿元）", "3.2", "不低于8", "预期性"],
                      ["创新能力", "研发投入强度", "1.8%", "2.5", "约束性"],
                      ["创新能力", "全社会研究与试验发展(R&D)经费增长(%)", "—", "7.5以上", "预期性"]]}
    assert tq(table) == [
        (1, "2022年基数", "12", 12, "个", None), (1, "2027年目标值(%)", "20", 20, "%", None),
        (2, "2022年基数", "3.2", 3.2, "亿元", None), (2, "2027年目标值(%)", "不低于8", 8, "%", "不低于"),
        (3, "2027年目标值(%)", "2.5", 2.5, "%", None),  # 1.8%: no unit is declared for that cell
        (4, "2027年目标值(%)", "7.5以上", 7.5, "%", "以上")]
    transposed = {"columns": ["区(县)", "东城区", "西城区", "合计"], "orientation": "columns", "span": [0, 40],
                  "rows": [["计划数(亩)", "1200", "1,500", "2700"], ["完成率（%）", "90", "85.5", ""]]}
    assert tq(transposed) == [(1, "东城区", "1200", 1200, "亩", None), (1, "西城区", "1,500", 1500, "亩", None),
                              (1, "合计", "2700", 2700, "亩", None), (2, "东城区", "90", 90, "%", None),
                              (2, "西城区", "85.5", 85.5, "%", None)]


def test_table_unit_column_magnitudes_ranges_and_what_is_not_read():
    table = {"columns": ["序号", "指标", "单位", "2025年", "完成年限(年)"], "orientation": "rows", "span": [0, 99],
             "rows": [["1", "新增就业", "万人", "1.5", "2025"],
                      ["2", "新建5G基站", "个", "2000—3000", "3"],
                      ["3", "人均可支配收入", "元", "4.2万", ""],
                      ["4", "改造泵站4座，更新设备18台（套）", "", "26", "2"]]}
    assert tq(table) == [
        (1, "2025年", "1.5", 1.5, "万人", None),
        (2, "2025年", "2000—3000", (2000, 3000), "个", None), (2, "完成年限(年)", "3", 3, "年", None),
        (3, "2025年", "4.2万", 4.2, "万元", None),
        (4, "完成年限(年)", "2", 2, "年", None)]
    orgs = {"columns": ["序号", "单位", "计划人数(人)"], "orientation": "rows", "span": [0, 9],
            "rows": [["1", "市委办公室", "10"], ["2", "市人大办公室", ""]]}  # 单位 here heads organisations
    assert tq(orgs) == [(1, "计划人数(人)", "10", 10, "人", None)]


@pytest.mark.parametrize("table", [
    {}, {"columns": None, "rows": None}, {"columns": ["a(万元)"], "rows": [None, [None], ["1"], "x"]},
    {"columns": ["指标(个)", "值(%)"], "rows": [["(个)", "１２"], ["", "1.2.3"]], "span": "bad"},
])
def test_table_quantities_never_raises(table):
    assert isinstance(table_quantities(table), list)


# ------------------------------------------------------------------ Chinese numerals
@pytest.mark.parametrize("s,value", [
    ("一百零二", 102), ("三千五百万", 35000000), ("十五", 15), ("两千", 2000), ("二点五", 2.5),
    ("一千五", 1500), ("两万五", 25000), ("三百五", 350), ("十万零一十", 100010), ("壹拾贰", 12),
])
def test_cn_value(s, value):
    assert cn_value(s) == value


@pytest.mark.parametrize("s", ["十一五", "五十千", "一二", "二〇二五", "万", "百", "零零", "一百零"])
def test_cn_malformed(s):
    assert cn_normalize(s) is None


def test_numerals_short_form():
    assert to_number("一千五") == 1500
    assert to_number("两万五") == 25000
    assert to_number("三百五") == 350
    assert to_number("一千零五") == 1005


cn2an = pytest.importorskip("cn2an")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12), st.sampled_from(["low", "up"]))
def test_cn_value_agrees_with_cn2an(n, mode):
    s = cn2an.an2cn(n, mode)
    try:
        ref = cn2an.cn2an(s, "smart")
    except ValueError:  # cn2an writes 300001000 as 三亿一千 and then cannot read it back
        ref = n
    assert cn_value(s) == ref == n


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=10 ** 6, places=2, allow_nan=False, allow_infinity=False))
def test_cn_decimal_agrees_with_cn2an(d):
    s = cn2an.an2cn(str(d))
    assert abs(cn_value(s) - cn2an.cn2an(s, "smart")) < 1e-9


# ------------------------------------------------------------------ properties
PLAIN_UNITS = ["元", "万元", "亿元", "人", "万人次", "个", "家", "平方米", "吨", "%", "公里", "个百分点", "倍", "辆", "所"]
MAGNITUDE = {"万亿": 10 ** 12, "亿": 10 ** 8, "万": 10 ** 4}
FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def _digits(n: int, commas: bool) -> str:
    return f"{n:,}" if commas else str(n)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12), st.sampled_from(PLAIN_UNITS), st.booleans(), st.booleans())
def test_digits_come_back(n, unit, commas, full):
    s = _digits(n, commas) + unit
    if full:
        s = s.translate(FULL)
    recs, _ = run(f"共计{s}。")
    assert len(recs) == 1
    assert recs[0]["value"] == n and recs[0]["text"] == s
    assert recs[0]["unit"] == (unit.translate(FULL) if full else unit)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10 ** 12, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from(PLAIN_UNITS))
def test_decimals_come_back(d, unit):
    s = format(d, "f")
    recs, _ = run(f"共计{s}{unit}。")
    assert len(recs) == 1
    assert Decimal(str(recs[0]["value"])) == Decimal(s).normalize() or abs(recs[0]["value"] - float(s)) < 1e-6
    assert recs[0]["unit"] == unit


def _split_unit(u: str) -> tuple[int, str]:
    for mg, mult in MAGNITUDE.items():
        if u.startswith(mg) and u[len(mg):] in UNITS:
            return mult, u[len(mg):]
    return 1, u


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=3, max_value=10 ** 12), st.sampled_from(["元", "人", "个", "平方米", "吨", "公里", "家"]))
def test_chinese_numerals_come_back(n, unit):
    """A magnitude ending the numeral moves into the unit (三十万人 → 30 万人), as with 30万人."""
    s = cn2an.an2cn(n)
    recs, _ = run(f"共计{s}{unit}。")
    assert len(recs) == 1 and recs[0]["text"] == s + unit
    mult, base = _split_unit(recs[0]["unit"])
    assert base == unit
    assert recs[0]["value"] * mult == n


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=100), st.sampled_from(["%", "‰"]))
def test_chinese_percent(n, unit):
    words = {"%": "百分之", "‰": "千分之"}[unit]
    recs, _ = run(f"比例为{words}{cn2an.an2cn(n)}。")
    assert [(r["value"], r["unit"]) for r in recs] == [(n, unit)]


ALPHABET = st.sampled_from(list("0123456789０１２３.,，%％—-~至到以上下内左右约近超过不低于第年月日个万亿元人次"
                                "一二两三十百千零〇点分之（）()“”《》\n 的是和及、。；")) | st.characters()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=80).map("".join), st.integers(-5, 90), st.integers(-5, 90))
def test_never_raises_and_spans_slice_back(s, a, b):
    t = Text(normalize_text(s)) if s.strip() else Text(" ")
    recs, warns = extract_quantities(t, a, b, DocContext())
    lo, hi = max(0, min(a, len(t.raw))), max(0, min(b, len(t.raw)))
    for r in recs:
        assert t.raw[r["span"][0]:r["span"][1]] == r["text"]
        assert lo <= r["span"][0] <= r["span"][1] <= max(lo, hi)
        assert (r["value"] is None) == (r["min"] is not None)
        assert isinstance(r["unit"], str)
    for w in warns:
        assert w["stage"] == "quantities" and w["message"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(s):
    t = Text(s) if s else Text(" ")
    extract_quantities(t, 0, len(t.raw), None)
