"""Tests of the tables stage (pipeline/tables.py).

Golden cases live in tests/golden/tables/<name>.txt with <name>.ctx.json and
<name>.expected.json; the round-trip property tests build random tables, flatten them the
way a scraper does and check that they are read back.
"""
from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import DocContext
from pipeline.normalize import load, normalize_text
from pipeline.tables import (cell_number, extract_tables, parse_number, read_deadline, table_cells,
                             table_tasks)
from pipeline.text import Text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "tables"
SAMPLE = next((p for p in (ROOT / "raw" / "xianning-2022-01.txt",
                           ROOT.parent / "shared" / "raw" / "xianning-2022-01.txt") if p.exists()), None)
DEVSET = ROOT.parent / "shared" / "devset"  # the shared development set beside the project


def _text(s: str) -> Text:
    return Text(normalize_text(s))


def _run(s: str, ctx: DocContext | None = None):
    t = _text(s)
    return t, *extract_tables(t, 0, len(t.raw), ctx or DocContext())


# ------------------------------------------------------------------------------------------
# cells and numbers
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, number", [
    ("7.5以上", 7.5), ("1,234", 1234), ("12.5%", 12.5), ("6左右", 6), ("5.5以内", 5.5),
    ("１２００", 1200), ("-3.2", -3.2), ("1.5万", 15000), ("约30", 30), ("82公里", 82),
    ("—", None), ("no", None), ("待定", None), ("", None), ("2025年10月底前", None), ("三", 3),
])
def test_cell_number(cell, number):
    assert cell_number(cell) == number


def test_parse_number_is_exact():
    assert parse_number("4215.5") + parse_number("3284.5") == Decimal("7500.0")
    assert parse_number("献血单位") is None


@pytest.mark.parametrize("cell, year, expected", [
    ("2025年10月底前", None, ["2025-10"]),
    ("2025年11月30日前", None, ["2025-11-30"]),
    ("年底前", 2025, ["2025"]),
    ("年底前", None, []),
    ("2022年第三季度", None, ["2022-Q3"]),
    ("上半年", 2023, ["2023-H1"]),
    ("6月底前", 2024, ["2024-06"]),
    ("长期坚持", 2024, []),
])
def test_read_deadline(cell, year, expected):
    assert read_deadline(cell, year) == expected


# ------------------------------------------------------------------------------------------
# shapes
# ------------------------------------------------------------------------------------------

def _flatten(cells: list[str], gap: int = 1) -> str:
    """A scraper's flattening: one cell per line, ``gap`` blank lines between cells, every
    empty cell one extra blank line."""
    out: list[str] = []
    pending = 0
    for c in cells:
        if c == "":
            pending += 1
            continue
        if out:
            out.append("\n" * (1 + gap + pending))
        out.append(c)
        pending = 0
    return "".join(out), pending


def _doc(title: str, cells: list[str], after: str = "三、其他事项", gap: int = 1) -> str:
    body, pending = _flatten(cells, gap)
    s = title + "\n" * (1 + gap) + body
    if after:
        s += "\n" * (1 + gap + pending) + after
    return s + "\n"


def test_simple_table_and_spans():
    s = _doc("2023年南京市改造计划表", ["序号", "区", "投资（万元）", "1", "玄武区", "3600", "2", "秦淮区", "2450"])
    t, recs, warns = _run(s)
    assert len(recs) == 1 and warns == []
    r = recs[0]
    assert r["title"] == "2023年南京市改造计划表"
    assert r["columns"] == ["序号", "区", "投资（万元）"]
    assert r["rows"] == [["1", "玄武区", "3600"], ["2", "秦淮区", "2450"]]
    assert r["orientation"] == "rows" and r["totals"] == []
    assert t.raw[r["span"][0]:r["span"][1]].startswith("序号") and t.raw[r["span"][0]:r["span"][1]].endswith("2450")
    assert t.raw[slice(*r["header_span"])].endswith("投资（万元）")
    assert [t.raw[slice(*sp)] for sp in r["row_spans"]] == ["1\n\n玄武区\n\n3600", "2\n\n秦淮区\n\n2450"]


def test_empty_cell_is_an_extra_blank_line():
    s = _doc("附件", ["序号", "单位", "人数(人)", "备注", "1", "甲局", "", "含二级单位", "2", "乙局", "30", ""])
    _, recs, _ = _run(s)
    assert recs[0]["rows"] == [["1", "甲局", "", "含二级单位"], ["2", "乙局", "30", ""]]


def test_two_line_header_is_joined():
    s = _doc("表头", ["指标", "2020年", "基数", "2025年", "目标值", "森林覆盖率(%)", "36.2", "38",
                    "草原植被盖度(%)", "55.3", "57"])
    _, recs, _ = _run(s)
    assert recs[0]["columns"] == ["指标", "2020年基数", "2025年目标值"]
    assert len(recs[0]["rows"]) == 2


def test_category_is_filled_down():
    s = _doc("主要指标", ["类型", "指标名称", "2020年", "2025年",
                      "科技创新", "重点实验室(个)", "2", "4", "研究院(个)", "2", "10",
                      "创新环境", "技术合同成交额(亿元)", "52", "80"])
    _, recs, _ = _run(s)
    assert recs[0]["rows"] == [["科技创新", "重点实验室(个)", "2", "4"], ["科技创新", "研究院(个)", "2", "10"],
                               ["创新环境", "技术合同成交额(亿元)", "52", "80"]]


def test_transposed_keeps_source_layout_and_gives_row_form():
    s = _doc("一、各县(市、区)计划安排", ["县(市、区)", "咸安", "嘉鱼", "赤壁", "计划人数(人)", "1800", "2000", "2700",
                                   "合计", "6500"])
    _, recs, warns = _run(s)
    r = recs[0]
    assert r["orientation"] == "columns"
    assert r["columns"] == ["县(市、区)", "咸安", "嘉鱼", "赤壁"]
    assert r["rows"] == [["计划人数(人)", "1800", "2000", "2700"]]
    assert r["rows_form"] == {"columns": ["县(市、区)", "计划人数(人)"],
                              "rows": [["咸安", "1800"], ["嘉鱼", "2000"], ["赤壁", "2700"]]}
    assert r["totals"] == [{"label": "合计", "column": "计划人数(人)", "stated": 6500, "computed": 6500, "ok": True}]
    assert warns == []
    cells = table_cells(r)
    assert cells[:2] == [{"row": 1, "column": "县(市、区)", "value": "咸安", "number": None},
                         {"row": 1, "column": "计划人数(人)", "value": "1800", "number": 1800}]


def test_total_mismatch_and_not_a_number():
    s = _doc("企业表", ["序号", "单位", "计划人数(人)", "1", "甲公司", "100", "2", "乙公司", "no",
                     "3", "丙公司", "60", "合 计", "210"])
    _, recs, warns = _run(s)
    r = recs[0]
    assert len(r["rows"]) == 3 and all(row[0] != "合 计" for row in r["rows"])
    assert r["rows"][1][2] == "no"  # the cell keeps its text
    assert r["totals"] == [{"label": "合 计", "column": "计划人数(人)", "stated": 210, "computed": 160, "ok": False}]
    codes = [w["code"] for w in warns]
    assert codes.count("cell_not_a_number") == 1 and codes.count("table_total_mismatch") == 1
    mism = next(w for w in warns if w["code"] == "table_total_mismatch")
    assert "210" in mism["message"] and "160" in mism["message"] and "50" in mism["message"]
    nan = next(w for w in warns if w["code"] == "cell_not_a_number")
    assert "row 2" in nan["message"] and "no" in nan["message"]
    assert all(w["stage"] == "tables" and w["span"] for w in warns)


def test_decimal_totals_are_exact():
    s = _doc("投资表", ["序号", "项目", "投资（万元）", "1", "甲", "4215.5", "2", "乙", "3284.5", "3", "丙", "0.1",
                     "合计", "7500.1"])
    _, recs, warns = _run(s)
    assert recs[0]["totals"][0]["ok"] is True and recs[0]["totals"][0]["computed"] == 7500.1
    assert warns == []


def test_subtotals_are_checked_per_group():
    s = _doc("资金表", ["类别", "县（市）", "资金（万元）", "一类", "甲县", "10", "乙县", "20", "小计", "30",
                     "二类", "丙县", "5", "小计", "6", "合计", "35"])
    _, recs, warns = _run(s)
    r = recs[0]
    assert [t["computed"] for t in r["totals"]] == [30, 5, 35]
    assert [t["ok"] for t in r["totals"]] == [True, False, True]
    assert [w["code"] for w in warns] == ["table_total_mismatch"]
    assert r["rows"][-1] == ["二类", "丙县", "5"]


def test_no_blank_lines_source_resyncs_on_row_numbers():
    cells = ["序号", "村名", "农户数（户）", "备注", "1", "龙坞村", "860", "2", "梅里村", "1320", "省级", "3", "青山村", "待核定"]
    s = "名单\n" + "\n".join(cells) + "\n"
    _, recs, warns = _run(s)
    assert recs[0]["rows"] == [["1", "龙坞村", "860", ""], ["2", "梅里村", "1320", "省级"], ["3", "青山村", "", "待核定"]]
    assert [w["code"] for w in warns] == ["table_row_rhythm", "table_row_rhythm"]


def test_body_text_is_never_swallowed():
    s = _doc("主要指标", ["指标名称", "2020年", "2025年", "森林覆盖率(%)", "36.2", "38", "绿地率(%)", "38.5", "40"],
             after="各地要加强组织领导，确保各项指标如期完成。")
    t, recs, _ = _run(s)
    assert len(recs[0]["rows"]) == 2
    assert "各地" not in t.raw[slice(*recs[0]["span"])]


def test_table_ends_at_heading_and_next_table_is_separate():
    s = _doc("一、甲表", ["序号", "单位", "人数", "1", "甲局", "3", "2", "乙局", "4"], after="") + \
        "\n二、乙表\n\n" + _doc("", ["序号", "项目名称", "投资（万元）", "1", "甲项目", "30"], after="")
    _, recs, _ = _run(s)
    assert [r["title"] for r in recs] == ["一、甲表", "二、乙表"]
    assert [len(r["rows"]) for r in recs] == [2, 1]


def test_group_rows_inside_a_numbered_table():
    s = _doc("项目清单", ["序号", "项目名称", "总投资（亿元）", "一、交通项目", "1", "甲公路", "10", "2", "乙桥", "5",
                      "二、产业项目", "1", "丙园区", "7", "合计", "22"], after="注：以批复为准。")
    _, recs, warns = _run(s)
    r = recs[0]
    assert r["rows"] == [["1", "甲公路", "10"], ["2", "乙桥", "5"], ["1", "丙园区", "7"]]
    assert [(g["title"], g["first_row"]) for g in r["row_groups"]] == [("一、交通项目", 0), ("二、产业项目", 2)]
    assert r["totals"][0]["ok"] and warns == []


def test_total_row_above_the_rows():
    s = _doc("表1 播种面积", ["地区", "播种面积（万亩）", "全省合计", "2000", "长沙市", "1100", "株洲市", "900"])
    _, recs, warns = _run(s)
    assert recs[0]["rows"] == [["长沙市", "1100"], ["株洲市", "900"]]
    assert recs[0]["totals"] == [{"label": "全省合计", "column": "播种面积（万亩）", "stated": 2000,
                                  "computed": 2000, "ok": True}]


def test_transposed_with_years_and_total_among_names():
    s = _doc("", ["年份", "2021", "2022", "合计", "产值（亿元）", "100", "120", "230"])
    _, recs, warns = _run(s)
    r = recs[0]
    assert r["columns"] == ["年份", "2021", "2022"] and r["rows"] == [["产值（亿元）", "100", "120"]]
    assert r["totals"][0]["computed"] == 220 and r["totals"][0]["ok"] is False
    assert [w["code"] for w in warns] == ["table_total_mismatch"]


def test_two_tables_back_to_back_without_title():
    s = _doc("甲表", ["序号", "单位", "人数", "1", "甲局", "3", "2", "乙局", "4",
                    "序号", "项目名称", "投资（万元）", "1", "甲项目", "30"])
    _, recs, warns = _run(s)
    assert [len(r["rows"]) for r in recs] == [2, 1] and warns == []
    assert recs[1]["columns"] == ["序号", "项目名称", "投资（万元）"]


def test_cell_wrapped_over_two_lines():
    # a source with blank lines between cells: a line with no blank line before it continues its cell
    s = "表\n\n序号\n\n项目名称\n\n投资（万元）\n\n1\n\n甲市城区雨污分流\n改造项目\n\n30\n\n2\n\n乙项目\n\n40\n"
    t, recs, warns = _run(s)
    assert recs[0]["rows"] == [["1", "甲市城区雨污分流改造项目", "30"], ["2", "乙项目", "40"]]
    # in a numbered table, a cell split by a blank line is joined back on the next row number
    s = _doc("表", ["序号", "项目名称", "投资（万元）", "备注", "1", "甲市城区雨污分流", "改造项目", "30", "新建",
                   "2", "乙项目", "40", "续建"])
    _, recs, warns = _run(s)
    assert recs[0]["rows"][0] == ["1", "甲市城区雨污分流改造项目", "30", "新建"]
    assert [w["code"] for w in warns] == ["table_row_rhythm"]


def test_task_table_gives_tasks():
    s = _doc("附件", ["序号", "重点任务", "牵头单位", "配合单位", "完成时限",
                    "1", "推行企业开办一网通办", "市市场监管局", "市公安局、市税务局，市人社局", "2022年6月底前",
                    "2", "深化审批制度改革", "市住建局", "", "年底前"], after="附件2")
    t, recs, _ = _run(s)
    tasks = table_tasks(recs[0], t, year=2022)
    assert [x["label"] for x in tasks] == ["1", "2"]
    assert tasks[0]["text"] == "推行企业开办一网通办"
    assert tasks[0]["lead_units"] == ["市市场监管局"]
    assert tasks[0]["responsible_units"] == ["市公安局", "市税务局", "市人社局"]
    assert tasks[0]["deadlines"] == ["2022-06"] and tasks[0]["deadline_text"] == "2022年6月底前"
    assert tasks[1]["responsible_units"] == [] and tasks[1]["deadlines"] == ["2022"]
    assert t.raw[slice(*tasks[1]["span"])].startswith("2\n") and t.raw[slice(*tasks[1]["span"])].endswith("年底前")
    # a table without a responsibility column gives no tasks
    s2 = _doc("表", ["序号", "单位", "人数", "1", "甲局", "3"])
    t2, recs2, _ = _run(s2)
    assert table_tasks(recs2[0], t2) == []


@pytest.mark.parametrize("before, title", [
    ("附件\n\n2025年德阳市城市排水防涝能力提升\n\n项目计划表", "2025年德阳市城市排水防涝能力提升项目计划表"),
    ("附件2：2024年重点项目表", "2024年重点项目表"),
    ("2021年资金分配表\n\n单位：万元", "2021年资金分配表"),
    ("二、各单位计划安排", "二、各单位计划安排"),
    ("咸宁市人民政府办公室\n\n2022年1月5日\n\n（此件公开发布）", None),
    ("附件", None),
    ("现将有关事项通知如下：", None),
])
def test_title(before, title):
    t, recs, _ = _run(before + "\n\n序号\n\n单位\n\n人数\n\n1\n\n甲局\n\n3\n")
    assert recs[0]["title"] == title
    if title and "title_span" in recs[0]:
        assert t.raw[slice(*recs[0]["title_span"])].replace("\n", "").replace("附件2：", "") == title


def test_region_is_respected():
    table = _doc("甲表", ["序号", "单位", "人数", "1", "甲局", "3", "2", "乙局", "4"], after="")
    s = "前言。\n\n" + table + "\n后记。\n\n" + table
    t = _text(s)
    second = s.rindex("甲表")
    recs, _ = extract_tables(t, second, len(t.raw), DocContext())
    assert len(recs) == 1 and recs[0]["span"][0] > second
    recs, _ = extract_tables(t, 0, second, DocContext())
    assert len(recs) == 1 and recs[0]["span"][1] <= second


@pytest.mark.parametrize("s", ["", "\n\n\n", "序号", "序号\n\n单位", "合计\n\n100", "单位\n\n名称\n\n\n\n",
                               "序号\n\n单位\n\n人数\n\n1", "\x00\ufffd" * 50, "附件\n\n" * 30])
def test_garbage_and_truncated_input_never_raises(s):
    t = _text(s)
    recs, warns = extract_tables(t, 0, len(t.raw), DocContext())
    assert isinstance(recs, list) and isinstance(warns, list)
    assert all(w["code"] != "table_unreadable" for w in warns)
    recs, warns = extract_tables(t, 5, 2, DocContext())  # an empty region
    assert recs == [] and warns == []


def test_long_table_is_read_to_its_end():
    cells = ["序号", "单位", "计划人数(人)", "采血地点", "备注"]
    rows = [[str(i), f"第{i}单位", str(i % 50), "献血屋", "" if i % 3 else "含二级单位"] for i in range(1, 301)]
    total = sum(i % 50 for i in range(1, 301))
    s = _doc("名单", cells + [c for r in rows for c in r] + ["", "合计", str(total), "", ""])
    _, recs, warns = _run(s)
    assert recs[0]["rows"] == rows and warns == []
    assert recs[0]["totals"][0]["ok"] and recs[0]["totals"][0]["stated"] == total


def test_header_words_in_running_text_make_no_table():
    para = "各地要加强组织领导，明确责任分工，确保各项任务按期完成，并及时报送工作进展情况。"
    words = ["单位", "序号", "备注", "项目名称", "地区", "2025年", "合计", para, para]
    s = "\n\n".join(words[(i * 7) % len(words)] for i in range(400))
    t = _text(s)
    t0 = time.perf_counter()
    recs, warns = extract_tables(t, 0, len(t.raw), DocContext())
    assert recs == [] and warns == []
    assert time.perf_counter() - t0 < 1.0


def test_truncated_last_row_is_padded_with_a_warning():
    s = "表\n\n序号\n\n单位\n\n人数(人)\n\n备注\n\n1\n\n甲局\n\n3\n\n无\n\n2\n\n乙局\n\n4"
    _, recs, warns = _run(s)
    assert recs[0]["rows"][-1] == ["2", "乙局", "4", ""]
    assert [w["code"] for w in warns] == ["table_row_rhythm"]  # re-synchronised on the 序号
    s = "表\n\n指标名称\n\n2020年\n\n2025年\n\n属性\n\n森林覆盖率(%)\n\n36\n\n38\n\n约束性\n\n绿地率(%)\n\n38\n\n40"
    _, recs, warns = _run(s)
    assert recs[0]["rows"][-1] == ["绿地率(%)", "38", "40", ""]
    assert [w["code"] for w in warns] == ["table_row_incomplete"]


# ------------------------------------------------------------------------------------------
# tables written one row per line (cells separated by U+3000 padding or TABs)
# ------------------------------------------------------------------------------------------

W = "\u3000"


def test_padded_rows_on_one_line():
    s = ("2021年度各旗县营商环境考核结果\n\n"
         f"名次{W*2}旗县（市、区）{W*4}总分{W*3}等次\n"
         f"1{W*3}东胜区{W*8}95.2{W*3}优秀\n"
         f"2{W*3}达拉特旗{W*7}90.6{W*3}优秀\n"
         f"3{W*2} 鄂托克前旗{W*5}84.0{W*3}良好\n\n"
         "二、下一步工作\n")
    t, recs, warns = _run(s)
    assert len(recs) == 1 and warns == []
    r = recs[0]
    assert r["title"] == "2021年度各旗县营商环境考核结果"
    assert r["columns"] == ["名次", "旗县（市、区）", "总分", "等次"]
    assert r["rows"] == [["1", "东胜区", "95.2", "优秀"], ["2", "达拉特旗", "90.6", "优秀"],
                         ["3", "鄂托克前旗", "84.0", "良好"]]
    assert t.raw[slice(*r["row_spans"][2])] == "3   鄂托克前旗     84.0   良好"
    assert t.raw[slice(*r["span"])].startswith("名次") and t.raw[slice(*r["span"])].endswith("良好")


def test_tab_separated_rows_count_empty_cells_exactly():
    s = ("主要指标\n"
         "指标\t单位\t2022年\t2025年\t属性\n"
         "森林覆盖率\t%\t46.5\t48\t约束性\n"
         "湿地保护率\t%\t\t55\t预期性\n"       # two TABs: an empty cell
         "草原综合植被盖度\t%\t58.2\t60\t\n"   # a TAB at the end: the last cell is empty
         "各地要抓好落实。\n")
    _, recs, warns = _run(s)
    assert recs[0]["rows"] == [["森林覆盖率", "%", "46.5", "48", "约束性"], ["湿地保护率", "%", "", "55", "预期性"],
                               ["草原综合植被盖度", "%", "58.2", "60", ""]]
    assert warns == []


def test_tab_separated_row_with_a_space_in_a_cell_ends_the_table():
    # a TAB and a space are both one space after normalization: the row cannot be split safely
    s = ("附表\n序号\t单位\t联络员\t职务\n1\t市发展改革委\t吴迪\t科长\n2\t市财政局\t郑凯\t副科长\n"
         "3\t市委 市政府督查室\t周敏\t主任\n")
    _, recs, warns = _run(s)
    assert len(recs[0]["rows"]) == 2
    assert [w["code"] for w in warns] == ["table_rhythm_break"]


def test_padded_row_with_an_empty_cell_is_placed_by_position_and_warned():
    s = ("表\n"
         "序号  单位          人数(人)  备注\n"
         "1     甲街道        120       新建\n"
         "2     乙街道                  待定\n"
         "3     丙街道        80        续建\n")
    _, recs, warns = _run(s)
    assert recs[0]["rows"][1] == ["2", "乙街道", "", "待定"]
    assert [w["code"] for w in warns] == ["table_row_rhythm"]


def test_padded_row_whose_place_is_not_clear_ends_the_table_with_a_warning():
    s = ("表\n"
         "单位      计划(亩)   完成(亩)   完成率(%)\n"
         "甲县      100        110        110\n"
         "乙县      200        190        95\n"
         "丙县   另行   报送\n"
         "丁县      50         50         100\n")
    _, recs, warns = _run(s)
    assert len(recs[0]["rows"]) == 2
    assert [w["code"] for w in warns] == ["table_rhythm_break"]


def test_padded_total_row_and_wrapped_cell():
    s = ("附件\n\n2022年重点项目表\n\n"
         "序号    项目名称                  建设单位        投资(万元)\n"
         "1       城北污水处理厂提标改造    市水务集团      3200\n"
         "        工程（二期）\n"
         "2       滨江路综合管廊            市城投公司      5800\n"
         "        合计                                      9000\n\n"
         "三、其他\n")
    _, recs, warns = _run(s)
    r = recs[0]
    assert r["rows"] == [["1", "城北污水处理厂提标改造工程（二期）", "市水务集团", "3200"],
                         ["2", "滨江路综合管廊", "市城投公司", "5800"]]
    assert r["totals"] == [{"label": "合计", "column": "投资(万元)", "stated": 9000, "computed": 9000, "ok": True}]
    assert warns == []


@pytest.mark.parametrize("s", [
    f"为贯彻落实《中共中央{W}国务院关于优化营商环境的意见》精神，现通知如下：\n",
    f"组{W*2}长：王建国{W*2}市人民政府市长\n副组长：赵丽华{W*2}市人民政府副市长\n成{W*2}员：孙晓明{W*2}市发改委主任\n",
    f"一、总体要求{W*4}……{W*2}3\n二、重点任务{W*4}……{W*2}5\n三、保障措施{W*4}……{W*2}9\n",
    f"单位{W*2}人数{W*2}备注\n各地{W*2}各部门{W*2}各单位要高度重视，认真组织实施。\n",
    "姓名 职务 单位\n张三 局长 市财政局\n",  # a single row is not enough
])
def test_spaced_text_is_not_a_table(s):
    _, recs, warns = _run(s)
    assert recs == [] and warns == []


# ------------------------------------------------------------------------------------------
# one cell per line, no 序号 and no vocabulary word to start from: the rhythm of the rows
# ------------------------------------------------------------------------------------------

def test_rhythm_finds_the_header_and_a_subtotal_column():
    s = _doc("2024年各片区名额表", ["片区", "城镇（个）", "农村（个）", "小计", "东片", "4", "9", "13", "西片", "3", "8", "11",
                               "南片", "5", "6", "11", "合计", "12", "23", "35"])
    _, recs, warns = _run(s)
    r = recs[0]
    assert r["columns"] == ["片区", "城镇（个）", "农村（个）", "小计"]
    assert r["rows"] == [["东片", "4", "9", "13"], ["西片", "3", "8", "11"], ["南片", "5", "6", "11"]]
    assert [(t["column"], t["stated"], t["ok"]) for t in r["totals"]] == \
        [("城镇（个）", 12, True), ("农村（个）", 23, True), ("小计", 35, True)]
    assert warns == []


def test_rhythm_checks_the_subtotal_column_of_each_row():
    s = _doc("分配表", ["片区", "城镇（个）", "农村（个）", "小计", "东片", "4", "9", "14", "西片", "3", "8", "11",
                     "南片", "5", "6", "11"])
    _, recs, warns = _run(s)
    assert [w["code"] for w in warns] == ["table_row_total_mismatch"]
    assert "东片" in warns[0]["message"] and "14" in warns[0]["message"] and "13" in warns[0]["message"]


def test_rhythm_needs_three_rows_and_a_header_like_run():
    # two rows and no total: not enough rhythm
    _, recs, _ = _run(_doc("", ["片区", "城镇（个）", "东片", "4", "西片", "3"]))
    assert recs == []
    # short lines of running text followed by numbers are no header
    _, recs, _ = _run(_doc("", ["联系人：", "周倩", "电话", "68792365", "刘永刚", "68792366", "王芳", "68792367"]))
    assert recs == []


# ------------------------------------------------------------------------------------------
# task tables: roles written in the cells, deadlines
# ------------------------------------------------------------------------------------------

def test_task_table_lead_marker_inside_a_unit_cell():
    s = _doc("附件", ["序号", "工作任务", "责任单位", "完成时限",
                    "1", "推行企业开办一日办结", "区市场监管局（牵头）、区政务服务局", "2023/06/30",
                    "2", "建立服务包制度", "区投资促进局牵头，各街道办事处配合", "2023年起",
                    "3", "开展体验官活动", "区政务服务局", "长期"], after="附件2")
    t, recs, _ = _run(s)
    tasks = table_tasks(recs[0], t, year=2023)
    assert [(x["lead_units"], x["responsible_units"]) for x in tasks] == [
        (["区市场监管局"], ["区政务服务局"]), (["区投资促进局"], ["各街道办事处"]), ([], ["区政务服务局"])]
    assert [x["deadlines"] for x in tasks] == [["2023-06-30"], [], []]
    assert [x["deadline_text"] for x in tasks] == ["2023/06/30", "2023年起", "长期"]


def test_task_table_lead_and_partner_columns():
    s = _doc("附件", ["序号", "重点任务", "牵头单位", "配合单位", "完成时间",
                    "1", "编制专项规划", "市自然资源局（牵头）", "市住建局、市交通局", "2024年第二季度",
                    "2", "完善配套政策", "市发展改革委", "市财政局（配合）", "2024.9"], after="附件2")
    t, recs, _ = _run(s)
    tasks = table_tasks(recs[0], t)
    assert [(x["lead_units"], x["responsible_units"]) for x in tasks] == [
        (["市自然资源局"], ["市住建局", "市交通局"]), (["市发展改革委"], ["市财政局"])]
    assert [x["deadlines"] for x in tasks] == [["2024-Q2"], ["2024-09"]]


def test_traditional_lead_marker():
    s = _doc("附件", ["序號", "工作任務", "責任單位", "完成時限",
                    "1", "推進數字政府建設", "自治區大數據發展局（牽頭）、自治區財政廳", "2022年12月底前",
                    "2", "優化審批流程", "自治區政務服務辦", "2022年第四季度"], after="附件2")
    t, recs, _ = _run(s)
    tasks = table_tasks(recs[0], t)
    assert tasks[0]["lead_units"] == ["自治區大數據發展局"] and tasks[0]["responsible_units"] == ["自治區財政廳"]


@pytest.mark.parametrize("cell, year, expected", [
    ("2023/06/30", None, ["2023-06-30"]),
    ("2023.6.15前", None, ["2023-06-15"]),
    ("2023-9", None, ["2023-09"]),
    ("2023年起", 2023, []),
    ("即日起", 2023, []),
    ("2023年3月起至2023年12月底", None, ["2023-12"]),
    ("即日起至6月底", 2023, ["2023-06"]),
    ("2023年12月", None, ["2023-12"]),
    ("2023/13/01", None, []),
])
def test_read_deadline_numeric_dates_and_starts(cell, year, expected):
    assert read_deadline(cell, year) == expected


# ------------------------------------------------------------------------------------------
# the sample issue and the development set
# ------------------------------------------------------------------------------------------

@pytest.mark.skipif(SAMPLE is None, reason="sample issue not available")
def test_sample_issue():
    t, _ = load(SAMPLE.read_bytes(), str(SAMPLE))
    recs, warns = extract_tables(t, 0, len(t.raw), DocContext())
    assert len(recs) == 4
    ind, county, units, firms = recs
    assert ind["columns"] == ["类型", "指标名称", "2020年现状值", "2025年目标值"]
    assert len(ind["rows"]) == 17 and all(len(r) == 4 for r in ind["rows"])
    assert ind["rows"][3][0] == "科技创新能力" and ind["rows"][4][0] == "支撑发展成效"
    assert ind["rows"][13][3] == "7.5以上"
    assert county["orientation"] == "columns" and len(county["rows"]) == 1
    assert county["columns"][1:] == ["咸安", "嘉鱼", "赤壁", "通城", "崇阳", "通山"]
    assert county["totals"][0]["ok"] is True
    assert len(units["rows"]) == 127 and units["totals"][0]["stated"] == 10032 and units["totals"][0]["ok"]
    assert units["rows"][28] == ["29", "市公安局", "200", "献血单位", "含二级单位"]
    assert len(firms["rows"]) == 21
    tot = firms["totals"][0]
    assert (tot["stated"], tot["computed"], tot["ok"]) == (1361, 1251, False)
    assert sorted(w["code"] for w in warns) == ["cell_not_a_number", "table_total_mismatch"]


@pytest.mark.skipif(not DEVSET.exists(), reason="development set not available")
@pytest.mark.parametrize("case", ["d04", "d07", "d09"])
def test_devset_tables(case):
    gold = json.loads((DEVSET / "gold" / f"{case}.json").read_text("utf-8"))["tables"]
    t, _ = load((DEVSET / "cases" / f"{case}.txt").read_bytes())
    recs, _ = extract_tables(t, 0, len(t.raw), DocContext())
    norm = lambda s: s.replace("（", "(").replace("）", ")").replace(" ", "")  # noqa: E731
    assert len(recs) == len(gold)
    for g, r in zip(gold, recs):
        assert [norm(c) for c in r["columns"]] == [norm(c) for c in g["columns"]]
        assert len(r["rows"]) == g["n_rows"]
        assert r["rows"] == g["rows"]
        assert [(t_["label"], t_["stated"], t_["computed"]) for t_ in r["totals"]] == \
               [(t_["label"], t_["stated"], t_["computed"]) for t_ in g["totals"]]


# ------------------------------------------------------------------------------------------
# golden cases
# ------------------------------------------------------------------------------------------

GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def test_there_are_enough_golden_cases():
    assert len(GOLDEN_CASES) >= 6


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name):
    text, _ = load((GOLDEN / f"{name}.txt").read_bytes(), name)
    ctx_path = GOLDEN / f"{name}.ctx.json"
    ctx = DocContext(**json.loads(ctx_path.read_text("utf-8"))) if ctx_path.exists() else DocContext()
    records, warnings = extract_tables(text, 0, len(text.raw), ctx)
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text("utf-8"))
    assert json.loads(json.dumps({"records": records, "warnings": warnings}, ensure_ascii=False)) == expected


# ------------------------------------------------------------------------------------------
# property tests: random tables, flattened like a scraper, read back
# ------------------------------------------------------------------------------------------

TEXT_HEADERS = ["单位", "项目名称", "建设地点", "责任单位", "采血地点", "建设内容"]
NUM_HEADERS = ["计划人数(人)", "总投资(万元)", "面积(亩)", "里程(公里)", "数量(个)", "完成值"]
FIRST = "东西南北城新安兴和平永长青龙清河山湖江桥"
LAST = ["区", "县", "镇", "村", "社区", "学校", "医院", "公司", "中心", "馆", "局"]

names = st.builds(lambda a, b, c: a + b + c, st.sampled_from(FIRST), st.sampled_from(FIRST + "华光明"),
                  st.sampled_from(LAST))
numbers = st.one_of(st.integers(0, 99999).map(str),
                    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(1, 9)))


def _sum(values: list[str]):
    nums = [Decimal(v) for v in values if v]
    if not nums:
        return None
    s = sum(nums, Decimal(0))
    return int(s) if s == s.to_integral_value() else float(s)


@st.composite
def row_tables(draw):
    seq = draw(st.booleans())
    ntext = draw(st.integers(1, 3))
    nnum = draw(st.integers(0 if seq else 1, 3))
    kinds = ["text"] + draw(st.permutations(["text"] * (ntext - 1) + ["num"] * nnum))
    texts = draw(st.permutations(TEXT_HEADERS))
    nums = draw(st.permutations(NUM_HEADERS))
    ti = ni = 0
    header = []
    for k in kinds:
        if k == "text":
            header.append(texts[ti]); ti += 1
        else:
            header.append(nums[ni]); ni += 1
    remark = draw(st.booleans())
    if remark:
        header.append("备注"); kinds.append("remark")
    nrows = draw(st.integers(1 if seq else 2, 8))
    rows = []
    for i in range(nrows):
        row = []
        for ci, k in enumerate(kinds):
            if ci == 0:
                row.append(draw(names))  # the first text column is always filled
            elif k == "text":
                row.append(draw(st.one_of(names, st.just(""))))
            elif k == "num":
                row.append(draw(st.one_of(numbers, numbers, numbers, st.just(""))))
            else:
                row.append(draw(st.sampled_from(["", "", "含二级单位", "另行通知"])))
        if seq:
            row = [str(i + 1)] + row
        rows.append(row)
    if seq:
        header = ["序号"] + header
        kinds = ["seq"] + kinds
    total = draw(st.sampled_from(["none", "positional", "merged"])) if "num" in kinds else "none"
    sums = {ci: _sum([r[ci] for r in rows]) for ci, k in enumerate(kinds) if k == "num"}
    if total == "merged" and any(v is None for v in sums.values()):
        total = "positional"
    return header, kinds, rows, total, sums


@given(row_tables(), st.sampled_from(["二、其他事项", "附件2"]))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_row_tables_round_trip(table, after):
    header, kinds, rows, total, sums = table
    cells = list(header) + [c for r in rows for c in r]
    expected_totals = []
    if total != "none":
        label_col = 1 if kinds[0] == "seq" else 0
        if total == "positional":
            trow = [""] * len(header)
            trow[label_col] = "合计"
            for ci, v in sums.items():
                trow[ci] = "" if v is None else str(v)
            cells += trow
        else:
            cells += ["合计"] + [str(v) for v in sums.values()]
        expected_totals = [{"label": "合计", "column": header[ci], "stated": v, "computed": v, "ok": True}
                           for ci, v in sums.items() if v is not None]
    s = _doc("2023年某市任务分解表", cells, after=after)
    _, recs, warns = _run(s)
    assert len(recs) == 1, s
    r = recs[0]
    assert r["columns"] == header
    assert r["rows"] == rows, s
    assert r["totals"] == expected_totals, s
    assert not [w for w in warns if w["code"] != "table_row_incomplete"], (s, warns)


@st.composite
def transposed_tables(draw):
    head = draw(st.sampled_from(["县(市、区)", "地区", "区(县)", "县（市、区）"]))
    n = draw(st.integers(2, 8))
    labels = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    k = draw(st.integers(1, 3))
    blocks = draw(st.permutations(NUM_HEADERS))[:k]
    values = []
    for _ in range(k):
        vals = draw(st.lists(st.one_of(numbers, numbers, numbers, st.just("")), min_size=n, max_size=n))
        if sum(1 for v in vals if v) * 2 < n:
            vals = [v or "0" for v in vals]
        values.append(vals)
    with_total = draw(st.booleans())
    return head, labels, blocks, values, with_total


@given(transposed_tables())
@settings(max_examples=150, deadline=None)
def test_random_transposed_tables_round_trip(table):
    head, labels, blocks, values, with_total = table
    cells = [head] + labels
    for b, vals in zip(blocks, values):
        cells += [b] + vals
    sums = [_sum(vals) for vals in values]
    if with_total:
        cells += ["合计"] + [str(v) for v in sums]
    s = _doc("一、各县(市、区)任务安排", cells)
    _, recs, warns = _run(s)
    assert len(recs) == 1, s
    r = recs[0]
    assert r["orientation"] == "columns"
    assert r["columns"] == [head] + labels
    assert r["rows"] == [[b] + vals for b, vals in zip(blocks, values)]
    assert r["rows_form"]["rows"] == [[lab] + [vals[j] for vals in values] for j, lab in enumerate(labels)]
    if with_total:
        assert r["totals"] == [{"label": "合计", "column": b, "stated": v, "computed": v, "ok": True}
                               for b, v in zip(blocks, sums)]
    assert warns == []


@given(row_tables())
@settings(max_examples=100, deadline=None)
def test_random_tables_without_blank_lines_and_no_empty_cells(table):
    header, kinds, rows, _, _ = table
    rows = [[c or ("另行通知" if kinds[ci] in ("text", "remark") else "0") for ci, c in enumerate(r)] for r in rows]
    s = "2023年某市任务分解表\n" + "\n".join(header + [c for r in rows for c in r]) + "\n二、其他事项\n"
    _, recs, warns = _run(s)
    assert len(recs) == 1
    assert recs[0]["rows"] == rows
    assert warns == []


CHUNKS = ["序号", "单位", "合计", "小计", "县(市、区)", "计划人数(人)", "1", "2", "100", "—", "no", "", "",
          "二、工作要求", "附件", "类型", "2025年", "目标值", "各地要加强组织领导。", "甲局", "7.5以上"]


@given(st.lists(st.sampled_from(CHUNKS) | st.text(max_size=8), max_size=80),
       st.integers(0, 3), st.integers(0, 400), st.integers(0, 400))
@settings(max_examples=300, deadline=None)
def test_random_cells_never_raise_and_records_are_well_formed(chunks, gap, a, b):
    s = ("\n" * (1 + gap)).join(chunks)
    t = _text(s)
    start, end = min(a, b, len(t.raw)), min(max(a, b), len(t.raw))
    recs, warns = extract_tables(t, start, end, DocContext())
    for r in recs:
        assert start <= r["span"][0] <= r["span"][1] <= end
        assert r["orientation"] in ("rows", "columns")
        assert all(len(row) == len(r["columns"]) for row in r["rows"]) or r["orientation"] == "columns"
        for tot in r["totals"]:
            assert set(tot) == {"label", "column", "stated", "computed", "ok"}
        json.dumps(r, ensure_ascii=False)
        table_cells(r)
        table_tasks(r, t)
    for w in warns:
        assert w["stage"] == "tables" and w["code"] and w["message"]
        assert w["code"] != "table_unreadable", w  # an internal error, caught so a parse goes on


def _width(s: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _line_of(cells: list[str], widths: list[int] | None, sep: str) -> str:
    """One row on one line: TAB-separated (``widths`` None), or padded with spaces to the
    columns' widths like a monospace text dump."""
    if widths is None:
        return sep.join(cells)
    out = ""
    for c, w in zip(cells, widths):
        out += c + " " * (w - _width(c))
    return out.rstrip()


@given(row_tables(), st.sampled_from(["tab", "padded"]))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_tables_one_row_per_line_round_trip(table, mode):
    header, kinds, rows, total, sums = table
    if len(header) < 3 or len(rows) < 2:
        return
    rows = [list(r) for r in rows]
    fill = lambda ci: "另行通知" if kinds[ci] in ("text", "remark") else "0"  # noqa: E731
    rows[0] = [c or fill(ci) for ci, c in enumerate(rows[0])]  # the first row is full
    if mode == "padded":  # a padded line with less than half its cells is not placed (by design)
        for r in rows:
            for ci in range(len(r)):
                if sum(1 for c in r if c) < max(2, (len(r) + 1) // 2):
                    r[ci] = r[ci] or fill(ci)
    lines = [header] + rows
    expected_totals = []
    if total != "none":
        label_col = 1 if kinds[0] == "seq" else 0
        trow = [""] * len(header)
        trow[label_col] = "合计"
        for ci, v in sums.items():
            trow[ci] = "" if v is None else str(v)
        if mode == "tab" or all(trow[ci] for ci in range(label_col, len(header))):
            lines.append(trow)
            expected_totals = [{"label": "合计", "column": header[ci], "stated": v, "computed": v, "ok": True}
                               for ci, v in sums.items() if v is not None]
    widths = None
    if mode == "padded":
        widths = [max(_width(r[ci]) for r in lines) + 3 for ci in range(len(header))]
    body = "\n".join(_line_of(r, widths, "\t") for r in lines)
    s = "2023年某市任务分解表\n\n" + body + "\n\n二、其他事项\n"
    _, recs, warns = _run(s)
    assert len(recs) == 1, s
    r = recs[0]
    assert r["columns"] == header, s
    assert r["rows"] == rows, s
    assert r["totals"] == expected_totals, s
    assert all(w["code"] == "table_row_rhythm" for w in warns), (s, warns)
    if mode == "tab":
        assert warns == []


REGIONS = ["片区", "盟市", "省份", "流域", "园区"]


@given(st.sampled_from(REGIONS), st.permutations(NUM_HEADERS), st.integers(1, 3), st.integers(3, 8),
       st.booleans(), st.data())
@settings(max_examples=100, deadline=None)
def test_random_rhythm_tables_round_trip(head, num_headers, k, nrows, with_total, data):
    header = [head] + list(num_headers[:k])
    labels = data.draw(st.lists(names, min_size=nrows, max_size=nrows, unique=True))
    rows = [[lab] + [data.draw(numbers) for _ in range(k)] for lab in labels]
    cells = header + [c for r in rows for c in r]
    sums = [_sum([r[ci] for r in rows]) for ci in range(1, k + 1)]
    if with_total:
        cells += ["合计"] + [str(v) for v in sums]
    s = _doc("附件", cells)
    _, recs, warns = _run(s)
    assert len(recs) == 1, s
    r = recs[0]
    assert r["columns"] == header and r["rows"] == rows, s
    if with_total:
        assert [t_["stated"] for t_ in r["totals"]] == sums and all(t_["ok"] for t_ in r["totals"])
    assert warns == []


LINE_WORDS = ["序号", "单位", "指标", "2025年", "属性", "合计", "小计", "甲局", "1", "2", "35.5", "—", "", "约束性",
              "各地要加强组织领导。", "二、工作要求", "区财政局（牵头）"]


@given(st.lists(st.lists(st.sampled_from(LINE_WORDS), max_size=7), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\t", "\u3000\u3000", "\t\t", "      "]), min_size=1, max_size=6),
       st.integers(0, 2))
@settings(max_examples=300, deadline=None)
def test_random_spaced_lines_never_raise_and_records_are_well_formed(lines, seps, gap):
    s = ("\n" * (1 + gap)).join(seps[i % len(seps)].join(words) for i, words in enumerate(lines))
    t = _text(s)
    recs, warns = extract_tables(t, 0, len(t.raw), DocContext())
    for r in recs:
        assert 0 <= r["span"][0] <= r["span"][1] <= len(t.raw)
        assert all(len(row) == len(r["columns"]) for row in r["rows"]) or r["orientation"] == "columns"
        table_cells(r)
        table_tasks(r, t)
    for w in warns:
        assert w["stage"] == "tables" and w["code"] != "table_unreadable", w


# ------------------------------------------------------------------------------------------
# a 合计 row in any position; a table that cannot be read is warned
# ------------------------------------------------------------------------------------------

LEAD_HEADER = ["区县", "受益户数（户）", "省级补助", "市级补助", "区县配套"]
LEAD_ROWS = [["南湖区", "120", "36.5", "12", "24"], ["秀洲区", "200", "60", "20", "40"],
             ["海宁市", "180", "54.5", "18", "36"]]
LEAD_SUMS = ["500", "151.0", "50", "100"]


@pytest.mark.parametrize("where", ["first", "last"])
def test_total_row_first_or_last_with_headers_outside_the_vocabulary(where):
    total = ["合计"] + LEAD_SUMS
    body = [c for r in LEAD_ROWS for c in r]
    cells = LEAD_HEADER + (total + body if where == "first" else body + total)
    _, recs, warns = _run(_doc("2011年农村改厕补助资金表", cells))
    assert len(recs) == 1
    r = recs[0]
    assert r["columns"] == LEAD_HEADER and r["rows"] == LEAD_ROWS  # the 合计 row is not a row
    assert [(t["column"], t["stated"], t["ok"]) for t in r["totals"]] == [
        ("受益户数（户）", 500, True), ("省级补助", 151, True), ("市级补助", 50, True), ("区县配套", 100, True)]
    assert warns == []


def test_total_row_first_is_checked():
    cells = LEAD_HEADER + ["合计", "501"] + LEAD_SUMS[1:] + [c for r in LEAD_ROWS for c in r]
    _, recs, warns = _run(_doc("2011年农村改厕补助资金表", cells))
    assert len(recs) == 1 and len(recs[0]["rows"]) == 3
    assert [w["code"] for w in warns] == ["table_total_mismatch"]
    assert "501" in warns[0]["message"] and "500" in warns[0]["message"]


def test_total_row_first_without_header_words_is_found_by_the_rhythm():
    header = ["地市", "新增造林（万亩）", "森林抚育（万亩）"]
    header[0] = "设区市名"  # no header word of the vocabulary starts the table
    rows = [["甲市", "12.5", "30"], ["乙市", "8.5", "25"], ["丙市", "9", "20"]]
    cells = header + ["总计", "30", "75"] + [c for r in rows for c in r]
    _, recs, warns = _run(_doc("2017年造林任务分解表", cells))
    assert len(recs) == 1
    assert recs[0]["columns"] == header and recs[0]["rows"] == rows
    assert all(t["ok"] for t in recs[0]["totals"]) and len(recs[0]["totals"]) == 2
    assert warns == []


def test_total_row_first_in_a_table_written_one_row_per_line():
    s = ("2019年各县新建学校计划\n\n县区\u3000\u3000新建小学\u3000\u3000新建初中\u3000\u3000省级补助（万元）\n"
         "合计\u3000\u30009\u3000\u30005\u3000\u30004200\n城区\u3000\u30003\u3000\u30002\u3000\u30001500\n"
         "东县\u3000\u30004\u3000\u30001\u3000\u30001600\n西县\u3000\u30002\u3000\u30002\u3000\u30001100\n\n二、保障措施\n")
    _, recs, warns = _run(s)
    assert len(recs) == 1 and [r[0] for r in recs[0]["rows"]] == ["城区", "东县", "西县"]
    assert [t["stated"] for t in recs[0]["totals"]] == [9, 5, 4200] and all(t["ok"] for t in recs[0]["totals"])
    assert warns == []


def test_subtotal_column_is_not_a_leading_total_row():
    header = ["片区", "新建（所）", "改扩建（所）", "小计"]
    rows = [["东片", "1", "2", "3"], ["西片", "2", "2", "4"], ["南片", "3", "1", "4"]]
    cells = header + [c for r in rows for c in r] + ["合计", "6", "5", "11"]
    _, recs, warns = _run(_doc("幼儿园建设任务表", cells))
    assert len(recs) == 1 and recs[0]["columns"] == header and recs[0]["rows"] == rows
    assert warns == []


def test_one_character_header_keyword_only_at_the_end():
    from pipeline.tables import _col_hint
    assert _col_hint("所在县区") == "text" and _col_hint("联系人") == "text"
    assert _col_hint("市级补助") != "text" and _col_hint("区级配套") != "text"


def test_a_table_that_cannot_be_read_is_warned():
    cells = ["单位：万立方米", "镇街", "清淤量", "完成期", "合计", "36.5", "", "端州", "8.0", "睦岗", "12",
             "黄岗街道", "9.5", "7.0", "城东"]
    _, recs, warns = _run(_doc("2018年各镇（街）河道清淤任务表", cells))
    assert recs == []
    assert [w["code"] for w in warns] == ["table_not_read"]


def test_a_total_in_running_text_is_not_a_lost_table():
    s = "全年完成投资情况如下。\n\n合计完成投资3.5亿元，同比增长12%。\n\n二、下一步工作\n"
    _, recs, warns = _run(s)
    assert recs == [] and warns == []
