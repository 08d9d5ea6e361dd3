"""Tests of the references stage (pipeline/references.py): unit cases, the sample issue, the devset,
property tests and speed. The golden cases under tests/golden/references/ run in test_golden.py."""
from __future__ import annotations

import collections
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import DocContext
from pipeline.normalize import load, normalize_text
from pipeline.references import extract_references, norm_number, norm_title
from pipeline.text import Text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "xianning-2022-01.txt"
DEVSET = ROOT.parent / "shared" / "devset"  # the shared development set beside the project


def run(s: str, **ctx):
    t = Text(normalize_text(s))
    recs, warns = extract_references(t, 0, len(t.raw), DocContext(**ctx))
    for r in recs:  # the surface is always the raw text at the span
        assert t.raw[r["span"][0]:r["span"][1]] == r["text"]
    return recs, warns


def rel(s: str, **ctx):
    recs, _ = run(s, **ctx)
    return [(r["title"], r["doc_number"], r["relation"]) for r in recs]


def codes(s: str, **ctx):
    return [w["code"] for w in run(s, **ctx)[1]]


# --------------------------------------------------------------------------- titles and numbers


def test_title_with_number_after_it():
    recs, warns = run("根据《国务院关于开展第三次全国经济普查的通知》(国发〔2012〕29号)和省、市有关要求，成立领导小组。")
    assert [(r["title"], r["doc_number"], r["relation"]) for r in recs] == [
        ("国务院关于开展第三次全国经济普查的通知", "国发〔2012〕29号", "implements")]
    assert recs[0]["text"] == "《国务院关于开展第三次全国经济普查的通知》(国发〔2012〕29号)"
    assert warns == []


def test_several_titles_in_a_row_share_the_verb():
    assert rel("根据《甲法》《乙条例》和《丙办法》等有关规定，制定本办法。") == [
        ("甲法", None, "implements"), ("乙条例", None, "implements"), ("丙办法", None, "implements")]


def test_nested_angle_brackets_are_kept_as_written():
    recs, _ = run("2011年印发的《市人民政府办公室关于调整〈咸宁市城镇职工医疗保险实施办法〉的通知》（咸政办发〔2011〕94号）同时废止。")
    assert recs[0]["title"] == "市人民政府办公室关于调整〈咸宁市城镇职工医疗保险实施办法〉的通知"
    assert recs[0]["relation"] == "repeals"


@pytest.mark.parametrize("written, canonical", [
    ("黔府办发〔2019〕9号", "黔府办发〔2019〕9号"),
    ("黔府办发[2019]9号", "黔府办发〔2019〕9号"),
    ("黔府办发［2019］9号", "黔府办发〔2019〕9号"),
    ("黔府办发(2019)9号", "黔府办发〔2019〕9号"),
    ("黔府办发（2019）9号", "黔府办发〔2019〕9号"),
    ("黔府办发【2019】9号", "黔府办发〔2019〕9号"),
    ("黔府办发﹝2019﹞9号", "黔府办发〔2019〕9号"),
    ("黔府办发〔2019〕 09 号", "黔府办发〔2019〕9号"),
    ("黔府辦發〔2019〕9號", "黔府辦發〔2019〕9號"),
    ("国发〔二〇一二〕29号", "国发〔2012〕29号"),
])
def test_bracket_styles_read_to_one_form(written, canonical):
    recs, warns = run(f"参照《某某办法》（{written}）执行。")
    assert recs[0]["doc_number"] == canonical
    recs, warns = run(f"各地参照{written}文件执行。")
    assert [r["doc_number"] for r in recs] == [canonical]
    assert warns == []


def test_bare_number_code_is_trimmed_from_the_words_before_it():
    assert rel("根据国务院办公厅国办发〔2019〕5号文件精神，结合实际。") == [(None, "国办发〔2019〕5号", "implements")]
    assert rel("按照省政府豫政【2019】3号和国发〔2012〕29号要求") == [
        (None, "豫政〔2019〕3号", "implements"), (None, "国发〔2012〕29号", "implements")]


def test_number_written_right_after_the_title_without_brackets():
    assert rel("根据《国务院关于X的通知》国发〔2012〕29号精神，制定本办法。") == [
        ("国务院关于X的通知", "国发〔2012〕29号", "implements")]
    assert rel("根据《国务院关于X的通知》精神和国发〔2012〕29号要求。") == [
        ("国务院关于X的通知", None, "implements"), (None, "国发〔2012〕29号", "implements")]


def test_order_numbers():
    assert rel("依据《优化营商环境条例》（国务院令第 722 号）规定。") == [
        ("优化营商环境条例", "国务院令第722号", "implements")]


@pytest.mark.parametrize("written, canonical", [
    ("交通运输部令2016年第1号", "交通运输部令2016年第1号"),
    ("国务院令第722号", "国务院令第722号"),
    ("中华人民共和国国务院令 第699号", "中华人民共和国国务院令第699号"),
    ("中华人民共和国国务院令　第101号", "中华人民共和国国务院令第101号"),
    ("住房和城乡建设部令第47号", "住房和城乡建设部令第47号"),
    ("人力资源和社会保障部令第36号", "人力资源和社会保障部令第36号"),
    ("财政部令２０１９年第１号", "财政部令2019年第1号"),
    ("国家林业和草原局令第2号", "国家林业和草原局令第2号"),
])
def test_ministry_and_state_council_order_numbers(written, canonical):
    # after a title, in brackets
    assert rel(f"依照《某某管理规定》（{written}）等规定，结合本区实际，制定本细则。") == [
        ("某某管理规定", canonical, "implements")]
    # bare in running text: the function word before it is cut, the 和 inside the name is not
    assert rel(f"有关费用按照{written}的规定列支。") == [(None, canonical, "implements")]
    assert rel(f"详见{written}。") == [(None, canonical, "cites")]


def test_law_without_number():
    assert rel("根据《中华人民共和国献血法》，现就有关事项通知如下。") == [("中华人民共和国献血法", None, "implements")]


def test_traditional_characters_are_read_and_kept():
    assert rel("根據《中華人民共和國科學技術進步法》等規定。《青島市某辦法》（青政辦發〔2011〕21號）同時廢止。") == [
        ("中華人民共和國科學技術進步法", None, "implements"),
        ("青島市某辦法", "青政辦發〔2011〕21號", "repeals")]


def test_title_across_a_line_break_is_joined():
    recs, _ = run("根据《关于加快发展的实\n施意见》精神，制定本方案。")
    assert recs[0]["title"] == "关于加快发展的实施意见"


@pytest.mark.parametrize("s, expected", [
    # 以X公布的《Y》: the number published the title, so it is one reference
    ("2009年11月2日以合肥市人民政府令第146号公布的《合肥市城市绿化管理办法》同时废止。",
     [("合肥市城市绿化管理办法", "合肥市人民政府令第146号", "repeals")]),
    ("二〇一五年七月十日以市政府令第178号发布的《某市古树名木保护办法》同时废止。",
     [("某市古树名木保护办法", "市政府令第178号", "repeals")]),
    ("市政府办公厅以合政办〔2016〕21号文印发的《某市绿地认养实施细则》同时废止。",
     [("某市绿地认养实施细则", "合政办〔2016〕21号", "repeals")]),
    ("按照财政部令2019年第1号颁布的《某某会计规定》执行。",
     [("某某会计规定", "财政部令2019年第1号", "implements")]),
])
def test_number_that_published_a_title_belongs_to_it(s, expected):
    recs, _ = run(s)
    assert [(r["title"], r["doc_number"], r["relation"]) for r in recs] == expected
    # the surface runs from the number to the title's 》
    assert recs[0]["text"].startswith(expected[0][1][:2]) and recs[0]["text"].endswith("》")


def test_number_is_not_joined_to_a_title_it_did_not_publish():
    # a title with a number of its own, or a verb that is not publishing, keeps them apart
    assert rel("依据国务院令第588号和《某某条例》（国务院令第100号），制定本办法。") == [
        (None, "国务院令第588号", "implements"), ("某某条例", "国务院令第100号", "implements")]
    assert rel("详见国务院令第588号，以及《某某条例》。") == [
        (None, "国务院令第588号", "cites"), ("某某条例", None, "cites")]


@pytest.mark.parametrize("s, number", [
    ("2005年6月21日以交通部令2005年第7号同时废止。", "交通部令2005年第7号"),
    ("2018年3月1日经省人民政府令第251号修正。", "省人民政府令第251号"),
    ("二〇一二年三月五日于市人民政府令第9号中规定。", "市人民政府令第9号"),
    ("2019年5月1日日照市人民政府令第3号同时废止。", "日照市人民政府令第3号"),  # a place named 日…
    ("2019年5月以国办发〔2019〕5号同时废止。", "国办发〔2019〕5号"),
])
def test_a_date_before_the_issuer_is_not_part_of_the_number(s, number):
    assert [r["doc_number"] for r in run(s)[0]] == [number]


@pytest.mark.parametrize("written, canonical", [
    ("2018年第16号", "2018年第16号"),
    ("２０１９年第３号", "2019年第3号"),
    ("国家税务总局公告2018年第28号", "国家税务总局公告2018年第28号"),
    ("江苏省人民代表大会常务委员会公告第12号", "江苏省人民代表大会常务委员会公告第12号"),
])
def test_announcement_numbers_after_a_title(written, canonical):
    assert rel(f"《某局关于某事项的公告》（{written}）同时废止。") == [
        ("某局关于某事项的公告", canonical, "repeals")]


def test_bare_announcement_numbers():
    assert rel("按照国家税务总局公告2018年第28号的有关规定保存凭证。") == [
        (None, "国家税务总局公告2018年第28号", "implements")]
    # a year and a serial with no agency is read only in brackets after a title
    assert rel("本刊2021年第20号刊登了有关内容。") == []
    assert rel("本公告第三条所称企业，依照本公告第3条办理。") == []


# --------------------------------------------------------------------------- relations


@pytest.mark.parametrize("s, relation", [
    ("为贯彻落实《甲意见》精神，结合实际。", "implements"),
    ("为落实《甲意见》要求，提出如下措施。", "implements"),
    ("为贯彻《甲意见》，提出如下措施。", "implements"),
    ("依据《甲条例》第十条规定，处以罚款。", "implements"),
    ("按照《甲方案》安排，做好工作。", "implements"),
    ("你局《关于道路命名的请示》收悉。", "cites"),
    ("先后出台《甲办法》等一系列政策文件。", "cites"),
    ("探索制定《甲暂行办法》，贯彻落实好各项政策。", "cites"),
    ("按照要求，研究制定《甲办法》。", "cites"),
    ("本办法自2020年1月1日起施行。《甲办法》同时废止。", "repeals"),
    ("本办法自印发之日起施行，同时废止《甲办法》。", "repeals"),
    ("原《甲规定》停止执行。", "repeals"),
    ("对与《甲条例》不一致的，要及时修改或废止。", "cites"),
])
def test_relation(s, relation):
    assert [r[2] for r in rel(s)] == [relation]


def test_repeal_reaches_back_through_clauses_that_hold_references():
    s = ("本办法自2022年4月1日起施行。2011年12月28日印发的《甲通知》(咸政办发〔2011〕94号),"
         "2017年4月14日印发的《乙通知》(咸政规〔2017〕2号)同时废止。此前规定与本办法不一致的,依照本办法执行。")
    assert rel(s) == [("甲通知", "咸政办发〔2011〕94号", "repeals"), ("乙通知", "咸政规〔2017〕2号", "repeals")]


def test_implements_in_one_clause_and_repeals_in_the_next():
    assert rel("根据《甲规定》，《乙办法》（甲发〔2001〕1号）同时废止。") == [
        ("甲规定", None, "implements"), ("乙办法", "甲发〔2001〕1号", "repeals")]


def test_list_under_a_repeal_decision():
    s = "决定废止以下规范性文件：\n\n1.《甲办法》（甲政发〔2005〕3号）\n\n2.《乙规定》（甲政办发〔2008〕15号）\n\n对《丙办法》作出修改。"
    assert rel(s) == [("甲办法", "甲政发〔2005〕3号", "repeals"), ("乙规定", "甲政办发〔2008〕15号", "repeals"),
                      ("丙办法", None, "cites")]


def test_list_items_inherit_the_relation_of_their_heading():
    s = ("经清理，市政府决定：\n\n一、下列规范性文件予以废止\n\n1.《甲办法》（甲政发〔2007〕4号）\n\n"
         "2.《乙意见》（甲政发〔2011〕19号）\n\n二、下列规范性文件予以修改\n\n"
         "1.将《丙办法》（甲政发〔2016〕2号）第五条中的“三十日”修改为“十五日”。\n\n本决定自公布之日起施行。")
    assert rel(s) == [("甲办法", "甲政发〔2007〕4号", "repeals"), ("乙意见", "甲政发〔2011〕19号", "repeals"),
                      ("丙办法", "甲政发〔2016〕2号", "cites")]


@pytest.mark.parametrize("lead", ["现决定废止下列文件：", "下列文件同时废止：", "一、废止以下2件规范性文件"])
def test_list_lead_in_shapes(lead):
    s = f"{lead}\n（一）《甲办法》（甲发〔2001〕1号）\n（二）《乙规定》\n"
    assert [r[2] for r in rel(s)] == ["repeals", "repeals"]


def test_group_headings_under_a_lead_in_are_passed():
    s = ("一、废止以下文件\n（一）市政府文件\n1.《甲》（甲发〔2001〕1号）\n（二）市政府办公室文件\n"
         "1.《乙》（甲办发〔2002〕2号）\n二、其他事项\n1.《丙》所列单位要抓好落实。")
    assert rel(s) == [("甲", "甲发〔2001〕1号", "repeals"), ("乙", "甲办发〔2002〕2号", "repeals"), ("丙", None, "cites")]


def test_implementing_lead_in():
    assert [r[2] for r in rel("本规定依据下列法律法规制定：\n1.《中华人民共和国甲法》\n2.《乙条例》\n")] == [
        "implements", "implements"]
    # a lead-in whose verb governs a title of its own, or that only announces the items
    assert rel("现根据《甲》通知如下：\n一、《乙》要求各地做好衔接。") == [("甲", None, "implements"), ("乙", None, "cites")]
    assert rel("三、严格执行\n1.《甲办法》要严格执行。") == [("甲办法", None, "cites")]
    # amends and repeals at once: the items are read on their own
    assert rel("决定对下列文件予以废止和修改：\n1.《甲》\n") == [("甲", None, "cites")]


def test_verbs_inside_titles_do_not_count():
    # 印发 and 落实 inside the title neither make it an enclosure nor govern it
    assert rel("《科技部关于印发〈科技企业孵化器管理办法〉的通知》已作出规定。") == [
        ("科技部关于印发〈科技企业孵化器管理办法〉的通知", None, "cites")]


def test_repeal_in_a_time_clause_after_the_title():
    assert rel("《乙办法》（丙发〔2010〕3号），自2023年1月1日起废止。") == [("乙办法", "丙发〔2010〕3号", "repeals")]
    assert rel("《丁办法》，自本办法施行之日起停止执行。") == [("丁办法", None, "repeals")]
    # the subject of the repeal is not the title
    assert rel("凡与《甲办法》不一致的，自即日起废止。") == [("甲办法", None, "cites")]
    assert rel("对与《戊法》相抵触的，要及时修改或废止。") == [("戊法", None, "cites")]


# --------------------------------------------------------------------------- not references


@pytest.mark.parametrize("s", [
    "现将《咸宁市科技创新“十四五”规划》印发给你们，请认真贯彻落实。",
    "《嘉兴市科技企业孵化器管理办法》经市政府同意，现予印发，请结合实际认真组织实施。",
    "《青島市某某補助辦法》已經市政府同意，現印發給你們，請認真貫徹執行。",
    "《2022年市〈政府工作报告〉确定的主要目标任务责任分解方案》已经市人民政府同意，现就有关事项通知如下。",
    "现印发《关于做好X的若干措施》，请遵照执行。",
])
def test_what_the_notice_issues_is_not_a_reference(s):
    assert rel(s) == []


@pytest.mark.parametrize("s", [
    "市教育局《关于推进中小学课后服务的实施意见》已经市人民政府同意，现转发给你们，请认真组织实施。",
    "省卫生健康委、省财政厅《甲办法》和《乙细则》业经省政府同意，现予印发，请遵照执行。",
    "经研究，市住建局《关于X的工作方案》已经市政府同意，现印发给你们。",
    "现转发省商务厅《关于促进外贸稳增长的若干措施》，请结合实际抓好落实。",
])
def test_what_the_notice_forwards_with_its_author_named_first_is_not_a_reference(s):
    assert rel(s) == []


@pytest.mark.parametrize("s, expected", [
    # the author rule needs a forwarding marker in the sentence, approval or the marker at once,
    # and nothing but the author's name (no verb) before the title in its clause
    ("国务院《关于X的意见》提出了明确要求，结合实际，我们制定了实施方案，现印发给你们。",
     [("关于X的意见", None, "cites")]),
    ("为落实省政府《关于Q的意见》，现将《Q实施方案》印发给你们。", [("关于Q的意见", None, "implements")]),
    ("市政府《关于X的通知》已经废止，现印发新的《Y规定》给你们。", [("关于X的通知", None, "repeals")]),
    ("国务院办公厅转发国家发展改革委《关于Y的意见》，请各地结合实际贯彻落实。", [("关于Y的意见", None, "cites")]),
    ("根据省政府转发省发改委《关于Z的通知》精神，结合实际。", [("关于Z的通知", None, "cites")]),
])
def test_forwarding_rule_leaves_other_references_alone(s, expected):
    assert rel(s) == expected


def test_enclosure_is_skipped_everywhere_once_known():
    s = "现将《甲实施方案》（以下简称《方案》）印发给你们。\n各地要按照《方案》和《甲实施方案》要求抓好落实。"
    assert rel(s) == []


def test_ctx_enclosures_title_and_attachment_lines():
    assert rel("各地要按照《乙计划表》安排。", enclosures=["乙计划表"]) == []
    assert rel("各地要按照《乙计划表》安排。", title="市政府办公室关于印发乙计划表的通知") == []
    assert rel("各地要按照《乙计划表》安排。\n\n附件：乙计划表") == []
    assert rel("各地要按照《乙计划表》安排。\n\n附件：1.丙方案\n　　　2.乙计划表") == []
    assert rel("各地要按照《乙计划表》安排。") == [("乙计划表", None, "implements")]


def test_own_header_is_not_a_reference():
    s = "市人民政府办公室关于印发\n\n2022年市《政府工作报告》确定的主要目标任务\n\n责任分解方案的通知\n\n咸政办发〔2022〕1号\n\n各县市区人民政府:\n\n根据《甲通知》要求。"
    assert rel(s) == [("甲通知", None, "implements")]
    # with the context the pipeline gives: body_start and the document's own number
    t = Text(normalize_text(s))
    body = t.raw.index("根据")
    recs, _ = extract_references(t, 0, len(t.raw), DocContext(body_start=body, doc_number="咸政办发〔2022〕1号"))
    assert [r["title"] for r in recs] == ["甲通知"]
    assert rel("依照咸政办发〔2022〕1号执行。", doc_number="咸政办发〔2022〕1号") == []


def _with_body_start(s: str, body_marker: str, **ctx):
    t = Text(normalize_text(s))
    recs, _ = extract_references(t, 0, len(t.raw), DocContext(body_start=t.raw.index(body_marker), **ctx))
    return [(r["title"], r["doc_number"], r["relation"]) for r in recs]


def test_first_body_line_taken_for_recipients_still_gives_references():
    # the header reader takes a first line ending with a colon for the recipients; a line with
    # titles and a verb is the body's first sentence (a 公告 has no recipients)
    s = ("某省市场监督管理局公告\n\n2022年第7号\n\n依据《中华人民共和国计量法》和《某省计量条例》（某省人民代表大会"
         "常务委员会公告第12号），现就有关事项公告如下：\n\n一、经营者应当依法申请检定。\n\n特此公告。")
    assert _with_body_start(s, "一、", title="某省市场监督管理局公告", doc_number="某省市场监督管理局公告2022年第7号") == [
        ("中华人民共和国计量法", None, "implements"),
        ("某省计量条例", "某省人民代表大会常务委员会公告第12号", "implements")]
    # a real recipients line, and the title block, stay outside the body
    s2 = "关于贯彻落实《甲条例》的通知\n\n某政发〔2022〕3号\n\n各区人民政府，市政府各部门：\n\n现就贯彻《乙办法》通知如下。"
    assert _with_body_start(s2, "现就", title="关于贯彻落实《甲条例》的通知", doc_number="某政发〔2022〕3号") == [
        ("乙办法", None, "implements")]
    s3 = "关于贯彻落实《甲条例》的意见：\n\n现就贯彻《乙办法》提出如下意见。"
    assert _with_body_start(s3, "现就", title="关于贯彻落实《甲条例》的意见") == [("乙办法", None, "implements")]


def test_alias_definition_is_not_a_reference_and_mentions_resolve():
    recs, _ = run("为贯彻《国务院关于X的意见》（国发〔2015〕23号，以下简称《意见》），现提出如下措施。落实《意见》要求。")
    assert [(r["title"], r["doc_number"], r["relation"]) for r in recs] == [
        ("国务院关于X的意见", "国发〔2015〕23号", "implements"), ("国务院关于X的意见", "国发〔2015〕23号", "implements")]
    assert recs[1]["text"] == "《意见》"


# --------------------------------------------------------------------------- warnings


def test_unreadable_number_after_a_title():
    recs, warns = run("为落实《某某通知》（柳政办发〔20195），现通知如下。")
    assert [(r["title"], r["doc_number"]) for r in recs] == [("某某通知", None)]
    assert [w["code"] for w in warns] == ["reference_number_unreadable"]
    assert warns[0]["stage"] == "references" and warns[0]["span"][0] < warns[0]["span"][1]


@pytest.mark.parametrize("s", ["各地要按国发〔201〕29号要求执行。", "依照国发〔20122〕29号执行。", "依照国发【2012 执行。"])
def test_unreadable_bare_number_warns(s):
    recs, warns = run(s)
    assert recs == [] and [w["code"] for w in warns] == ["reference_number_unreadable"]


def test_broken_own_number_line_is_left_to_the_documents_stage():
    assert run("某市人民政府办公室关于加强养犬管理的通知\n\n柳政办发〔20195\n\n各城区人民政府:\n\n现就有关事项通知如下。") == ([], [])


def test_square_brackets_used_as_parentheses_are_not_numbers():
    assert run("〔牵头单位:市教育局;责任单位:市民政局〕") == ([], [])
    assert run("研究表明[1]，效果明显。") == ([], [])


def test_unclosed_title_warns():
    assert codes("根据《未闭合的标题，结合实际。") == ["unclosed_bracket"]


# --------------------------------------------------------------------------- robustness and properties


@pytest.mark.parametrize("s", ["", "《", "》", "《》", "〔2012〕29号", "国发〔", "《" * 50, "\n\n\n", "根据《"])
def test_garbage_never_raises(s):
    recs, warns = run(s)
    assert isinstance(recs, list) and isinstance(warns, list)


def test_region_outside_the_text_and_empty_region():
    t = Text("根据《甲法》执行。")
    assert extract_references(t, 5, 5, DocContext()) == ([], [])
    assert extract_references(t, 100, 200, DocContext()) == ([], [])
    recs, _ = extract_references(t, -5, 1000, DocContext())
    assert [r["title"] for r in recs] == ["甲法"]


def test_region_limits_are_respected():
    s = "根据《甲法》执行。根据《乙法》执行。"
    t = Text(s)
    cut = s.index("根据《乙")
    recs, _ = extract_references(t, cut, len(s), DocContext())
    assert [r["title"] for r in recs] == ["乙法"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("《》〈〉〔〕[]()【】（）国发号第令年部和根据废止印发转现将给你们以下一、1.，。、：\n 0123456789二〇")), max_size=120))
def test_random_text_never_raises_and_spans_are_sound(s):
    t = Text(normalize_text(s))
    recs, warns = extract_references(t, 0, len(t.raw), DocContext())
    for r in recs:
        a, b = r["span"]
        assert 0 <= a < b <= len(t.raw) and t.raw[a:b] == r["text"]
        assert r["relation"] in ("cites", "implements", "repeals")
        assert r["title"] is not None or r["doc_number"] is not None
    for w in warns:
        assert w["stage"] == "references" and w["message"]


CODES = st.sampled_from(["国发", "国办发", "鄂政办发", "黔府办发", "川办发", "闽政", "厦府办", "青政辦發", "财税", "人社部发"])
OPENS = st.sampled_from([("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】")])
TITLE_CHARS = st.text(alphabet=st.sampled_from(list("省市县人民政府办公厅关于加强进一步做好工作的通知意见实施方案管理办法")), min_size=2, max_size=30)
VERBS = st.sampled_from([("根据", "implements"), ("按照", "implements"), ("为贯彻落实", "implements"),
                         ("依据", "implements"), ("参照", "cites"), ("对照", "cites")])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TITLE_CHARS, st.one_of(st.none(), st.tuples(CODES, st.integers(1990, 2035), st.integers(1, 999), OPENS))),
                min_size=1, max_size=4), VERBS, st.sampled_from(["和", "、", "", "及"]))
def test_generated_citations_parse_back(items, verb, joiner):
    pieces = []
    expected = []
    for title, num in items:
        if num is None:
            pieces.append(f"《{title}》")
            expected.append((title, None))
        else:
            code, year, serial, (o, c) = num
            pieces.append(f"《{title}》（{code}{o}{year}{c}{serial}号）")
            expected.append((title, f"{code}〔{year}〕{serial}号"))
    s = f"{verb[0]}{joiner.join(pieces)}要求，结合本地实际，制定本办法。"
    got = rel(s)
    assert [(t, n) for t, n, _ in got] == expected
    assert {r for _, _, r in got} == {verb[1]}


def test_norm_helpers():
    assert norm_number("国发（2012）29號") == norm_number("国发〔2012〕29号")
    assert norm_title("关于调整〈某办法〉的“通知”") == norm_title("关于调整《某办法》的通知")


# --------------------------------------------------------------------------- the sample issue and the devset


@pytest.fixture(scope="module")
def sample():
    if not SAMPLE.exists():
        pytest.skip("sample issue not present")
    text, _ = load(SAMPLE.read_bytes(), str(SAMPLE))
    return text


def test_sample_issue(sample):
    recs, warns = extract_references(sample, 0, len(sample.raw), DocContext())
    got = [(r["title"], r["doc_number"], r["relation"]) for r in recs]
    assert ("省人民政府办公厅关于分解落实省政府工作报告的通知", "鄂政办发〔2022〕1号", "implements") in got
    assert ("市人民政府办公室关于调整〈咸宁市城镇职工医疗保险实施办法〉的通知", "咸政办发〔2011〕94号", "repeals") in got
    assert ("市人民政府关于印发咸宁市职工生育保险实施办法的通知", "咸政规〔2017〕2号", "repeals") in got
    assert ("湖北省全面推进生育保险和职工基本医疗保险合并实施意见", "鄂医保发〔2019〕42号", "implements") in got
    titles = [t for t, _, _ in got]
    # enclosures, the issue's own numbers and document titles are not references
    for t in ("咸宁市科技创新“十四五”规划", "政府工作报告", "2022年咸宁市团体无偿献血计划表",
              "咸宁市职工基本医疗保险和生育保险实施办法", "咸宁市国土空间规划委员会工作规则"):
        assert t not in titles
    assert not any(r["doc_number"] and r["doc_number"].startswith(("咸政发〔2022〕", "咸政办函〔2022", "咸政办发〔2022〕"))
                   for r in recs)
    assert len(recs) == 21 and warns == []


def _n(s):
    if s is None:
        return None
    return unicodedata.normalize("NFKC", str(s)).replace(" ", "").replace("\u3000", "").strip() or None


def test_devset_references():
    if not (DEVSET / "gold").exists():
        pytest.skip("devset not present")
    tp = fp = fn = 0
    for gold_path in sorted((DEVSET / "gold").glob("d*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        if "references" not in gold:
            continue
        text, _ = load((DEVSET / "cases" / (gold_path.stem + ".txt")).read_bytes(), gold_path.stem)
        recs, _ = extract_references(text, 0, len(text.raw), DocContext())
        g = collections.Counter((_n(r["doc_number"]) or _n(r["title"]), r["relation"]) for r in gold["references"])
        p = collections.Counter((_n(r["doc_number"]) or _n(r["title"]), r["relation"]) for r in recs)
        tp += sum((g & p).values())
        fp += sum((p - g).values())
        fn += sum((g - p).values())
    assert tp and fp == 0 and fn == 0, (tp, fp, fn)


# --------------------------------------------------------------------------- standards, joint orders, own title


def test_standard_number_after_its_title_is_the_titles_number():
    recs, warns = run("公文格式应当符合《党政机关公文格式》（GB/T 9704-2012）的要求。")
    assert [(r["title"], r["doc_number"], r["relation"]) for r in recs] == [
        ("党政机关公文格式", "GB/T 9704-2012", "cites")]
    assert recs[0]["text"] == "《党政机关公文格式》（GB/T 9704-2012）"
    assert warns == []


def test_standard_number_written_right_before_or_after_its_title():
    assert rel("新建厂房应按照GB 50016-2014《建筑设计防火规范》进行设计。") == [
        ("建筑设计防火规范", "GB 50016-2014", "implements")]
    assert rel("排放应满足《污水综合排放标准》GB 8978-1996的限值。") == [
        ("污水综合排放标准", "GB 8978-1996", "cites")]


def test_bare_standard_numbers_in_running_text():
    assert rel("纸张采用GB/T 148规定的A4型，地方标准采用DB42/T 1234-2020，团体标准采用T/CECS 123-2020。") == [
        (None, "GB/T 148", "cites"), (None, "DB42/T 1234-2020", "cites"), (None, "T/CECS 123-2020", "cites")]
    assert rel("桥梁荷载采用JTG D60-2015，采暖系统符合JGJ 26-2018。") == [
        (None, "JTG D60-2015", "cites"), (None, "JGJ 26-2018", "cites")]
    # full-width forms read the same
    assert rel("采用ＧＢ／Ｔ　９７０４－２０１２。") == [(None, "GB/T 9704-2012", "cites")]


def test_things_that_look_like_standards_are_not():
    assert rel("PM2.5浓度下降，G106国道改造，A4纸打印，MH370航班，ISSN 1004-2020，刊号CN42-1234/D。") == []


def test_joint_order_is_one_number():
    assert rel("根据《物业管理条例》（国务院令第379号）和《住宅专项维修资金管理办法》（建设部 财政部令第165号）等规定，"
               "制定本办法。") == [
        ("物业管理条例", "国务院令第379号", "implements"),
        ("住宅专项维修资金管理办法", "建设部 财政部令第165号", "implements")]
    assert rel("依照人力资源社会保障部、财政部令第1号执行。") == [
        (None, "人力资源社会保障部、财政部令第1号", "implements")]
    # a full-width space between the names is one space
    assert rel("根据住房和城乡建设部\u3000国家发展改革委令第9号，制定本细则。") == [
        (None, "住房和城乡建设部 国家发展改革委令第9号", "implements")]


def test_own_title_with_another_number_is_the_earlier_document():
    ctx = dict(title="黄石市人民政府办公室关于调整黄石市防汛抗旱指挥部成员的通知", doc_number="黄政办函〔2021〕7号")
    assert rel("《黄石市人民政府办公室关于调整黄石市防汛抗旱指挥部成员的通知》（黄政办函〔2018〕30号）同时废止。",
               **ctx) == [("黄石市人民政府办公室关于调整黄石市防汛抗旱指挥部成员的通知", "黄政办函〔2018〕30号", "repeals")]
    # the own title alone, or with its own number, is still no reference
    assert rel("《黄石市人民政府办公室关于调整黄石市防汛抗旱指挥部成员的通知》自印发之日起执行。", **ctx) == []
    assert rel("《黄石市人民政府办公室关于调整黄石市防汛抗旱指挥部成员的通知》（黄政办函〔2021〕7号）。", **ctx) == []


def test_enclosure_title_with_an_older_number_is_repealed_but_a_forwarded_one_is_not():
    ctx = dict(title="黄石市人民政府关于印发黄石市餐厨垃圾管理办法的通知", doc_number="黄政发〔2019〕3号")
    assert rel("现将《黄石市餐厨垃圾管理办法》印发给你们。《黄石市餐厨垃圾管理办法》（黄政发〔2012〕8号）同时废止。",
               **ctx) == [("黄石市餐厨垃圾管理办法", "黄政发〔2012〕8号", "repeals")]
    fwd = dict(title="黄石市人民政府关于转发省人民政府关于加强河湖管理的通知的通知", doc_number="黄政发〔2019〕4号")
    assert rel("现将《省人民政府关于加强河湖管理的通知》（鄂政发〔2019〕1号）转发给你们，请认真贯彻执行。", **fwd) == []
