"""Documents and header: shapes other gazettes use (unit tests; whole cases live in tests/golden)."""
import pytest

from pipeline.api import parse_bytes

NOTICE = "\n\n各县区人民政府：\n\n现将有关事项通知如下。\n\n某某市人民政府办公室\n\n2021年3月1日\n"


def docs(s):
    return parse_bytes(s.encode("utf-8"), "x")["documents"]


def test_ministry_order_and_announcement():
    s = ("中华人民共和国交通运输部令\n\n2021年第12号\n\n《城市轨道交通乘客服务管理规定》已于2021年6月10日经第14次部务会议通过，"
         "现予公布，自2021年9月1日起施行。\n\n部长　　李明远\n\n2021年6月22日\n\n城市轨道交通乘客服务管理规定\n\n第一条　为了规范服务，制定本规定。\n\n"
         "国家市场监督管理总局公告\n\n2021年第28号\n\n为进一步优化营商环境，市场监管总局决定修改部分规章。现公告如下：\n\n一、自发布之日起施行。\n\n"
         "市场监管总局\n\n2021年6月28日\n")
    d = docs(s)
    assert [(x["title"], x["doc_number"], x["issuer"], x["date"], x["doc_type"]) for x in d] == [
        ("城市轨道交通乘客服务管理规定", "中华人民共和国交通运输部令2021年第12号", "中华人民共和国交通运输部", "2021-06-22", "令"),
        ("国家市场监督管理总局公告", "国家市场监督管理总局公告2021年第28号", "国家市场监督管理总局", "2021-06-28", "公告")]


def test_trial_title_without_recipients():
    s = "吴忠市城区建筑垃圾管理办法（试行）\n\n吴政规发〔2023〕2号\n\n第一条　为加强建筑垃圾管理，制定本办法。\n\n吴忠市人民政府\n\n2023年6月5日\n"
    d = docs(s)
    assert (d[0]["title"], d[0]["doc_type"], d[0]["issuer"]) == ("吴忠市城区建筑垃圾管理办法（试行）", "办法", "吴忠市人民政府")


def test_doc_type_keeps_the_source_script():
    s = "廣西壯族自治區人民政府辦公廳關於加快林下經濟發展的實施意見\n\n桂政辦發〔2022〕45號" + NOTICE
    assert docs(s)[0]["doc_type"] == "意見"


@pytest.mark.parametrize("line", ["[2018]", "（2018）", "【2018】", "〔２０１８〕"])
def test_number_brackets_are_standardised(line):
    s = f"某县人民政府关于表彰先进的决定\n\n某政发{line}9号" + NOTICE
    assert docs(s)[0]["doc_number"] == "某政发〔2018〕9号"


def test_toc_and_web_metadata_are_not_titles():
    toc = ("某省人民政府公报\n\n2020年第15期\n\n目　　录\n\n某省人民政府关于同意设立工业园区的批复……………………2\n\n"
           "某省人民政府关于同意设立\n\n工业园区的批复\n\n某府字〔2020〕58号" + NOTICE)
    meta = ("标　　题：某委办公厅关于开展评价工作的通知\n发文字号：某办函〔2023〕156号\n发布日期：2023/05/16\n\n"
            "某委办公厅关于开展评价工作的通知\n\n某办函〔2023〕156号" + NOTICE)
    assert [d["title"] for d in docs(toc)] == ["某省人民政府关于同意设立工业园区的批复"]
    assert [d["title"] for d in docs(meta)] == ["某委办公厅关于开展评价工作的通知"]


@pytest.mark.parametrize("head,expected", [
    ("西藏政报\n\n2022年第4期（总第95期）\n", ("西藏政报2022年第4期", 2022, 4, 95)),
    ("某州人民政府公报\n\n二〇二二年第四期（总第九十五期）\n", ("某州人民政府公报二〇二二年第四期", 2022, 4, 95)),
    ("中华人民共和国国务院公报\n\n2021年　第20号\n\n（总号：1742）\n\n国务院办公厅主办　　2021年7月20日出版\n",
     ("中华人民共和国国务院公报2021年 第20号", 2021, 20, 1742)),
    ("晋 城 市 人 民 政 府 公 报\n\n（月刊）\n\n第6期（总第118期）\n\n晋城市人民政府办公厅主办　　2011年6月30日出版\n",
     ("晋城市人民政府公报", 2011, 6, 118)),
])
def test_issue_headers(head, expected):
    s = head + "\n市人民政府办公室关于做好春季防火工作的通知\n\n某政办发〔2021〕3号" + NOTICE
    iss = parse_bytes(s.encode("utf-8"), "x")["issue"]
    assert (iss["title"], iss["year"], iss["number"], iss["total_number"]) == expected


def test_labelled_header_fields_and_a_lone_signing_date():
    s = ("六安市人民政府公报\n\n期　　号：2023年第9期\n总 期 号：第213期\n主办单位：六安市人民政府办公室\n出版日期：2023年9月28日\n\n"
         "市人民政府关于印发住宅专项维修资金管理办法的通知\n\n某政发〔2008〕66号\n\n各县区人民政府：\n\n"
         "现将《住宅专项维修资金管理办法》印发给你们，请认真贯彻执行。\n\n二〇〇八年三月二十八日\n\n住宅专项维修资金管理办法\n\n第一章　总则\n\n"
         "第一条　为了加强管理，制定本办法。\n")
    r = parse_bytes(s.encode("utf-8"), "x")
    iss = r["issue"]
    assert (iss["year"], iss["number"], iss["total_number"], iss["publisher"]) == (2023, 9, 213, "六安市人民政府办公室")
    assert r["documents"][0]["date"] == "2008-03-28"


def test_numbered_parts_hold_their_chapters():
    s = ("市人民政府关于印发发展规划的通知\n\n某政发〔2021〕6号\n\n各县区人民政府：\n\n现将《发展规划》印发给你们。\n\n"
         "某某市人民政府\n\n2021年3月1日\n\n发展规划\n\n第一部分　总体要求\n\n一、指导思想\n\n内容。\n\n第二部分　重点任务\n\n一、产业\n\n内容。\n")
    secs = parse_bytes(s.encode("utf-8"), "x")["sections"]
    parts = [x for x in secs if x["kind"] == "part" and x["label"]]
    assert [(p["label"], p["number"], p["title"]) for p in parts] == [("第一部分", 1, "总体要求"), ("第二部分", 2, "重点任务")]
    by_id = {x["id"]: x for x in secs}
    items = [x for x in secs if x["kind"] == "level1"]
    assert [by_id[x["parent_id"]]["label"] for x in items] == ["第一部分", "第二部分"]


def test_web_metadata_dates_the_document():
    s = ("成文日期：2023/05/10\n标　　题：某委办公厅关于开展评价工作的通知\n发布日期：2023/05/16\n\n"
         "某委办公厅关于开展评价工作的通知\n\n某办函〔2023〕156号" + NOTICE)
    r = parse_bytes(s.encode("utf-8"), "x")
    got = sorted((d["kind"], d["value"]) for d in r["dates"] if d["kind"] in ("signed", "published"))
    assert got == [("published", "2023-05-16"), ("signed", "2021-03-01"), ("signed", "2023-05-10")]


def test_minutes_under_a_masthead():
    s = ("某州人民政府\n\n专题会议纪要\n\n某府专议〔2023〕18号\n\n某州人民政府办公室　　　　　　2023.5.12\n\n"
         "关于加快推进城区老旧小区改造工作的会议纪要\n\n2023年5月9日，副州长主持召开专题会议。现将会议议定事项纪要如下：\n\n一、关于年度目标\n")
    d = docs(s)[0]
    assert (d["title"], d["doc_number"], d["issuer"], d["date"], d["doc_type"]) == (
        "关于加快推进城区老旧小区改造工作的会议纪要", "某府专议〔2023〕18号", "某州人民政府", "2023-05-12", "纪要")
