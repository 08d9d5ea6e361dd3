"""Tests of the people stage (pipeline/people.py): unit cases, the sample issue, the devset,
property tests and speed. The golden cases under tests/golden/people/ run in test_golden.py."""
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
from pipeline.people import extract_people, name_score, parse_entry
from pipeline.text import Text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "xianning-2022-01.txt"
DEVSET = ROOT.parent / "shared" / "devset"  # the shared development set beside the project


def run(s: str, **ctx):
    t = Text(normalize_text(s))
    recs, warns = extract_people(t, 0, len(t.raw), DocContext(**ctx))
    for r in recs:
        a, b = r["span"]
        assert 0 <= a < b <= len(t.raw)
    return recs, warns


def rows(s: str, **ctx):
    return [(r["role"], r["name"], r["position"]) for r in run(s, **ctx)[0]]


def groups(s: str, **ctx):
    return {r["group"] for r in run(s, **ctx)[0]}


# --------------------------------------------------------------------------- entries


def test_county_list_with_full_width_padding_and_continuations():
    s = ("县人民政府决定成立临泽县第三次全国经济普查领导小组。现将组成人员名单通知如下:\n\n"
         "组　　长:王　磊　　县委常委、常务副县长\n\n副 组 长:陈建国　　县政府办公室主任\n\n"
         "　　　　　刘 芳　　县统计局局长\n\n成　　员:赵　敏　　县发展和改革局局长\n\n"
         "　　　　　张国栋　　县住房和城乡建设局副局长、党组成员\n\n"
         "领导小组下设办公室,办公室设在县统计局,办公室主任由县统计局局长兼任。")
    recs, warns = run(s)
    assert [(r["role"], r["name"], r["position"]) for r in recs] == [
        ("组长", "王磊", "县委常委、常务副县长"), ("副组长", "陈建国", "县政府办公室主任"),
        ("副组长", "刘芳", "县统计局局长"), ("成员", "赵敏", "县发展和改革局局长"),
        ("成员", "张国栋", "县住房和城乡建设局副局长、党组成员")]
    assert {r["group"] for r in recs} == {"临泽县第三次全国经济普查领导小组"}
    assert warns == []


@pytest.mark.parametrize("line, name, position", [
    ("召集人:吴 刚 市委常委、市政府副市长", "吴刚", "市委常委、市政府副市长"),
    ("召   集   人:吴 刚 市委常委、市政府副市长", "吴刚", "市委常委、市政府副市长"),
    ("成       员:刘  洵 人民银行咸宁中心支行副调研员", "刘洵", "人民银行咸宁中心支行副调研员"),
    ("常务副组长:王 刚 副市长", "王刚", "副市长"),
    ("成员：镇铁桥 市委组织部副部长", "镇铁桥", "市委组织部副部长"),
    ("成员：欧阳 明　市财政局局长", "欧阳明", "市财政局局长"),
    ("成员：王 小 明　市财政局局长", "王小明", "市财政局局长"),
    ("成员：万维民 市政府 副秘书长", "万维民", "市政府 副秘书长"),
    ("组长：王磊县委常委、常务副县长", "王磊", "县委常委、常务副县长"),
    ("组长：孙志强县财政局局长", "孙志强", "县财政局局长"),
    ("组长：王磊（县委常委、常务副县长）", "王磊", "县委常委、常务副县长"),
    ("组长：王磊，县委常委", "王磊", "县委常委"),
    ("组长：县委书记 王大明", "王大明", "县委书记"),
    ("组长：县委常委、常务副县长 王 磊", "王磊", "县委常委、常务副县长"),
    ("組　　長：黃　玲　副市長", "黃玲", "副市長"),
    ("组长：张三", "张三", None),
])
def test_entry_shapes(line, name, position):
    got = rows("成立某某工作领导小组。\n" + line)
    assert [(n, p) for _, n, p in got] == [(name, position)]


def test_several_people_on_one_line():
    assert rows("副指挥长：李四（副市长）；王五（市水利局局长）") == [
        ("副指挥长", "李四", "副市长"), ("副指挥长", "王五", "市水利局局长")]
    assert rows("成员：张三、李四、王五") == [("成员", "张三", None), ("成员", "李四", None), ("成员", "王五", None)]


def test_role_is_kept_as_written_without_spaces():
    assert [r for r, _, _ in rows("副 召 集 人:万维民 市政府副秘书长\n组\u2002\u2002长：王磊 县长")] == ["副召集人", "组长"]


def test_unit_line_is_a_warning_not_a_person():
    recs, warns = run("成　　员：黄志坚　市委统战部副部长\n　　　　　各区政府分管负责同志\n　　　　　吴　敏　市财政局副局长")
    assert [(r["name"], r["position"]) for r in recs] == [("黄志坚", "市委统战部副部长"), ("吴敏", "市财政局副局长")]
    assert "member_without_name" in [w["code"] for w in warns]


def test_running_text_roles_are_not_entries():
    assert rows("领导小组下设办公室，办公室主任由县统计局局长兼任。") == []
    assert rows("联席会议办公室设在市发展改革委，办公室主任由王晓燕同志兼任。") == []
    assert rows("组长：负责全面工作，统筹协调。") == []
    assert run("主任 委员会的工作安排") == ([], [])


def test_list_ends_at_running_text_and_headings():
    s = "成员：赵敏 县财政局局长\n三、工作规则\n　　　　　孙志强 县税务局局长"
    assert rows(s) == [("成员", "赵敏", "县财政局局长")]
    s = "成员：赵敏 县财政局局长\n各成员单位要按照职责分工，密切配合。\n孙志强 县税务局局长"
    assert rows(s) == [("成员", "赵敏", "县财政局局长")]


def test_unreadable_role_line_warns():
    recs, warns = run("成立某某工作领导小组。\n组员：甲乙丙丁戊己庚 县某某局")
    assert recs == [] and [w["code"] for w in warns] == ["person_unparsed"]


# --------------------------------------------------------------------------- names-only lists


@pytest.mark.parametrize("line, expected", [
    ("副组长：李娟、杨志忠", [("李娟", None), ("杨志忠", None)]),
    ("成员：赵六，钱七，孙八", [("赵六", None), ("钱七", None), ("孙八", None)]),
    ("成员：李 娟、杨志忠", [("李娟", None), ("杨志忠", None)]),
    ("成员：张三（市发改委主任）、李四、王五（市财政局局长）",
     [("张三", "市发改委主任"), ("李四", None), ("王五", "市财政局局长")]),
    ("成员：张三（市发改委（粮食局）主任）", [("张三", "市发改委（粮食局）主任")]),
    ("成员：张三、李四等同志", [("张三", None), ("李四", None)]),
    # one unknown surname among known ones still reads as a list of names
    ("成员：丁海龙、锷立平、田丽娜", [("丁海龙", None), ("锷立平", None), ("田丽娜", None)]),
    ("成员：艾力·买买提、阿依古丽·吐尔逊、王建军", [("艾力·买买提", None), ("阿依古丽·吐尔逊", None), ("王建军", None)]),
    ("成员：扎西次仁、格桑卓玛、次仁多吉", [("扎西次仁", None), ("格桑卓玛", None), ("次仁多吉", None)]),
    ("组长：阿依古丽·吐尔逊　副州长", [("阿依古丽·吐尔逊", "副州长")]),
])
def test_names_only_and_bracket_lists(line, expected):
    assert [(n, p) for _, n, p in rows("决定成立某某工作专班。\n" + line)] == expected


def test_names_only_list_wraps_onto_continuation_lines():
    s = "决定成立某某工作专班。\n成　　员：丁海龙、白玉梅、金学军、\n　　　　　冯晓燕、沙建国"
    assert [n for _, n, _ in rows(s)] == ["丁海龙", "白玉梅", "金学军", "冯晓燕", "沙建国"]


def test_list_of_units_or_posts_is_not_people():
    for line in ("成员：县发改局、县财政局、县自然资源局", "成员：县发改局局长、县财政局局长"):
        recs, warns = run("决定成立某某领导小组。\n" + line)
        assert recs == [] and [w["code"] for w in warns] == ["member_without_name"]
    # mostly unknown "names" are not read as a names-only list
    assert rows("决定成立某某领导小组。\n成员：统筹协调、督促指导") == []


# --------------------------------------------------------------------------- roles not in the list


def test_generic_role_with_spaces_then_name_and_position():
    s = ("市人民政府决定成立某市先行区建设工作专班（以下简称专班）。现将有关事项通知如下：\n一、专班组成\n"
         "专 班 长：马文斌　市人民政府副市长\n副专班长：李娟、杨志忠\n成　　员：丁海龙、白玉梅\n"
         "专班办公室设在市发展改革委，杨志忠同志兼任办公室主任。")
    recs, warns = run(s)
    assert [(r["role"], r["name"], r["position"]) for r in recs] == [
        ("专班长", "马文斌", "市人民政府副市长"), ("副专班长", "李娟", None), ("副专班长", "杨志忠", None),
        ("成员", "丁海龙", None), ("成员", "白玉梅", None)]
    assert {r["group"] for r in recs} == {"某市先行区建设工作专班"}
    assert warns == []


def test_generic_roles_open_a_list_only_inside_a_membership_block():
    # a listed role follows in the same run of lines
    assert [r for r, _, _ in rows("总 协 调 人：王强　区长\n成员：李四 区财政局局长")] == ["总协调人", "成员"]
    # the line before introduces the body or says it is a list
    s = "决定组建县应急救援突击队。名单如下：\n队　长：张三　县应急局局长\n副队长：李四\n队　员：王五、赵六、钱七"
    assert rows(s) == [("队长", "张三", "县应急局局长"), ("副队长", "李四", None), ("队员", "王五", None),
                       ("队员", "赵六", None), ("队员", "钱七", None)]
    assert groups(s) == {"县应急救援突击队"}
    # not a membership block
    assert rows("三、保障措施\n牵头人：李四 副县长") == []
    assert rows("出席：张三 李四\n主持人：王五 副市长\n记录人：赵六") == []


@pytest.mark.parametrize("tail", ["联系人：王五，电话：12345678", "联 系 人：基层卫生健康司　周倩、刘永刚",
                                  "列席人员：各县分管负责同志", "责任人：张三 县长"])
def test_non_member_labels_are_never_roles(tail):
    s = "决定成立某某领导小组。\n组长：张三 副县长\n" + tail
    assert rows(s) == [("组长", "张三", "副县长")]
    assert rows("决定成立某某领导小组。成员名单如下：\n" + tail) == []


def test_contact_line_alone_is_not_a_list():
    assert run("联系人：基层卫生健康司　周倩、刘永刚\n联系电话：010-12345678") == ([], [])


# --------------------------------------------------------------------------- groups


def test_group_from_heading_alias_title_and_intro():
    assert groups("(一)咸宁市社会组织工作联席会议成员。\n召集人:吴 刚 市政府副市长") == {"咸宁市社会组织工作联席会议"}
    s = "建立厦门市促进民营经济发展联席会议（以下简称联席会议）制度。联席会议组成人员如下：\n召 集 人：林国栋 市政府副市长"
    assert groups(s) == {"厦门市促进民营经济发展联席会议"}
    s = "联席会议组成人员如下：\n召 集 人：林国栋 市政府副市长"
    assert groups(s, title="市政府办公厅关于建立厦门市促进民营经济发展联席会议制度的通知") == {"厦门市促进民营经济发展联席会议"}
    s = "市人民政府决定成立咸宁市支持华润蒲圻电厂三期项目建设领导小组。现将领导小组成员名单通知如下:\n组 长:杨良锋 市委常委"
    assert groups(s) == {"咸宁市支持华润蒲圻电厂三期项目建设领导小组"}
    s = "决定调整充实县脱贫攻坚工作领导小组。调整后的领导小组成员如下：\n组长：段永红 县委书记"
    assert groups(s) == {"县脱贫攻坚工作领导小组"}


def test_short_mention_takes_the_full_name_it_ends():
    s = "现将调整后的区防汛抗旱指挥部成员名单通知如下：\n指  挥  长：刘志刚（区委副书记、区长）"
    assert groups(s) == {"区防汛抗旱指挥部"}
    assert groups(s, title="重庆市某区人民政府办公室关于调整渝北区防汛抗旱指挥部成员的通知") == {"渝北区防汛抗旱指挥部"}


def test_two_lists_two_groups():
    s = ("(一)德州市河长制工作领导小组成员。\n组  长：郑建军 市委书记\n"
         "(二)德州市河长制工作领导小组办公室成员。\n主  任：宋  涛 市水利局局长")
    assert [(r["group"], r["name"]) for r in run(s)[0]] == [
        ("德州市河长制工作领导小组", "郑建军"), ("德州市河长制工作领导小组办公室", "宋涛")]


def test_no_group_warns_once():
    recs, warns = run("组长：王磊 县长\n副组长：李四 副县长")
    assert len(recs) == 2 and recs[0]["group"] is None
    assert [w["code"] for w in warns] == ["people_group_unknown"]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("s, score", [("王磊", 2), ("欧阳明", 2), ("那日苏", 2), ("县统计局", 0), ("局长", 0),
                                      ("王", 0), ("甲乙丙丁戊", 0), ("市财政局", 0), ("各区政府", 0)])
def test_name_score(s, score):
    assert name_score(s) == score


def test_parse_entry_kinds():
    for s, kind in [("", "empty"), ("各区政府分管负责同志", "unit"), ("负责全面工作，统筹协调。", "sentence"),
                    ("王磊 县长", "ok")]:
        t = Text(s)
        assert parse_entry(t, 0, len(s))[0] == kind


# --------------------------------------------------------------------------- properties and robustness

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤")
GIVEN = list("明华强伟芳敏静丽军杰涛磊超勇艳娟霞平刚英文辉玲峰建国志海燕红林雪飞斌波宇浩凯晨婷欣怡佳俊鹏洋晓东春秋")
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫"]
SPACES = ["\u3000", " ", "\u2002", "  ", "\u00a0", "\u3000\u3000"]
ROLES = ["组长", "副组长", "常务副组长", "成员", "召集人", "副召集人", "主任", "副主任", "委员", "办公室主任", "秘书长"]
POSITIONS = ["县委常委", "常务副县长", "县政府办公室主任", "县统计局局长", "市发展改革委副主任", "市财政局副局长",
             "党组成员", "市委统战部副部长", "市工商联党组书记", "人行某市中心支行副行长", "市政府副秘书长", "四级调研员",
             "区人民政府副区长", "市公安局副局长"]


@st.composite
def person(draw):
    kind = draw(st.sampled_from(["2", "3", "4c", "2p", "3p", "4cp"]))
    sur = draw(st.sampled_from(COMPOUND)) if kind.startswith("4") else draw(st.sampled_from(SURNAMES))
    n_given = {"2": 1, "3": 2, "4": 2}[kind[0]]
    given = "".join(draw(st.lists(st.sampled_from(GIVEN), min_size=n_given, max_size=n_given)))
    name = sur + given
    if kind.endswith("p"):  # padded inside: 吴 刚, 王 小明, 欧阳 晓明
        written = sur + draw(st.sampled_from(SPACES)) + given
    else:
        written = name
    pos = "、".join(draw(st.lists(st.sampled_from(POSITIONS), min_size=1, max_size=3, unique=True)))
    sep = draw(st.sampled_from(SPACES + [" "]))
    return name, written, pos, sep


def _pad(role: str, draw_space: str) -> str:
    return draw_space.join(role) if len(role) <= 3 else role


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ROLES), st.lists(person(), min_size=1, max_size=4), st.sampled_from(SPACES),
                          st.sampled_from(["：", ":"]), st.booleans()),
                min_size=1, max_size=4),
       st.sampled_from(["临泽县第三次全国经济普查领导小组", "咸宁市社会组织工作联席会议", "某市防汛抗旱指挥部"]))
def test_generated_membership_lists_parse_back(blocks, group):
    lines = [f"县人民政府决定成立{group}。现将组成人员名单通知如下："]
    expected = []
    for role, people, pad, colon, blank in blocks:
        label = _pad(role, pad if pad.strip() == "" and len(pad) == 1 else " ")
        for k, (name, written, pos, sep) in enumerate(people):
            head = f"{label}{colon}" if k == 0 else "\u3000" * (len(label) + 1)
            lines.append(f"{head}{written}{sep}{pos}")
            if blank:
                lines.append("")
            expected.append((role, name, pos))
    lines.append("领导小组负责全县普查工作的组织实施。")
    recs, warns = run("\n".join(lines))
    assert [(r["role"], r["name"], r["position"]) for r in recs] == expected
    assert {r["group"] for r in recs} == {group}
    assert warns == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("组长副成员召集人主任委员:：、,，。王李磊刚县市局长书记同志负责 \u3000\n()（）")), max_size=150))
def test_random_text_never_raises(s):
    t = Text(normalize_text(s))
    recs, warns = extract_people(t, 0, len(t.raw), DocContext())
    for r in recs:
        assert 2 <= len(r["name"]) <= 4 and " " not in r["name"]
        assert r["role"] and " " not in r["role"]
    for w in warns:
        assert w["stage"] == "people" and w["message"]


@pytest.mark.parametrize("s", ["", "\n\n", "组长", "组长:", "成员：\n\n", "组长：王", "召集人:" + "王" * 300])
def test_garbage_never_raises(s):
    recs, warns = run(s)
    assert isinstance(recs, list) and isinstance(warns, list)


def test_region_limits():
    s = "成立某某领导小组。\n组长：王磊 县长\n副组长：李四 副县长"
    t = Text(s)
    cut = s.index("副组长")
    recs, _ = extract_people(t, 0, cut, DocContext())
    assert [r["name"] for r in recs] == ["王磊"]
    assert extract_people(t, 500, 900, DocContext()) == ([], [])


# --------------------------------------------------------------------------- the sample issue and the devset


@pytest.fixture(scope="module")
def sample():
    if not SAMPLE.exists():
        pytest.skip("sample issue not present")
    text, _ = load(SAMPLE.read_bytes(), str(SAMPLE))
    return text


def test_sample_issue_has_46_people_in_two_lists(sample):
    recs, warns = extract_people(sample, 0, len(sample.raw), DocContext())
    assert len(recs) == 46 and warns == []
    by_group = collections.Counter(r["group"] for r in recs)
    assert by_group == {"咸宁市社会组织工作联席会议": 30, "咸宁市支持华润蒲圻电厂三期项目建设领导小组": 16}
    got = {(r["role"], r["name"], r["position"]) for r in recs}
    for row in [("召集人", "吴刚", "市委常委、市政府副市长"), ("副召集人", "张志才", "市民政局局长"),
                ("成员", "刘洵", "人民银行咸宁中心支行副调研员"), ("成员", "佘蒲生", "市人社局副局长"),
                ("常务副组长", "王刚", "副市长"), ("副组长", "张善猛", "市发改委主任、二级巡视员"),
                ("成员", "葛军", "赤壁市委副书记、市长"), ("成员", "戴海林", "咸宁银保监分局副局长")]:
        assert row in got
    for r in recs:
        assert sample.raw[r["span"][0]:r["span"][1]].endswith(r["position"])


def _n(s):
    if s is None:
        return None
    return unicodedata.normalize("NFKC", str(s)).replace(" ", "").replace("\u3000", "").strip() or None


@pytest.mark.parametrize("devset", [DEVSET, ROOT / "tests" / "devset2", ROOT / "tests" / "devset3"],
                         ids=["devset", "devset2", "devset3"])
def test_devset_people(devset):
    if not (devset / "gold").exists():
        pytest.skip("devset not present")
    for key in (lambda p: (_n(p["role"]), _n(p["name"])), lambda p: (_n(p["name"]), _n(p["position"])),
                lambda p: (_n(p["group"]), _n(p["name"]))):
        for gold_path in sorted((devset / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text("utf-8"))
            if "people" not in gold:
                continue
            text, _ = load((devset / "cases" / (gold_path.stem + ".txt")).read_bytes(), gold_path.stem)
            recs, _ = extract_people(text, 0, len(text.raw), DocContext())
            assert collections.Counter(map(key, recs)) == collections.Counter(map(key, gold["people"])), gold_path.stem


def test_position_wrapped_after_a_trailing_comma_goes_on_and_the_list_continues():
    s = ("调整后的防汛抗旱指挥部成员名单如下：\n"
         "成　员：\n"
         "赵　岚　　区水务局副局长、\n"
         "　　　　　区河道管理所所长\n"
         "孙建华　　区气象局局长\n")
    assert rows(s) == [("成员", "赵岚", "区水务局副局长、区河道管理所所长"),
                       ("成员", "孙建华", "区气象局局长")]
    recs, _ = run(s)
    t = Text(normalize_text(s))
    a, b = recs[0]["span"]
    assert t.raw[a:b].startswith("赵") and t.raw[a:b].endswith("所长")


def test_position_ending_in_a_joining_word_takes_the_next_line():
    s = ("领导小组成员如下：\n"
         "组　长：郑　伟　　县委常委兼\n"
         "　　　　　　　　　县委政法委书记\n"
         "副组长：吴海涛　　县公安局局长\n")
    assert rows(s) == [("组长", "郑伟", "县委常委兼县委政法委书记"),
                       ("副组长", "吴海涛", "县公安局局长")]


def test_a_person_after_a_trailing_comma_is_not_a_continuation():
    s = ("领导小组成员如下：\n"
         "成员：钱　进　　县财政局局长、\n"
         "　　　李　明　　县审计局局长\n")
    assert rows(s) == [("成员", "钱进", "县财政局局长"), ("成员", "李明", "县审计局局长")]


def test_a_line_without_a_name_after_a_complete_position_still_ends_the_list():
    s = ("领导小组成员如下：\n"
         "成员：钱　进　　县财政局局长\n"
         "县统计局负责日常联络工作\n"
         "　　　李　明　　县审计局局长\n")
    assert rows(s) == [("成员", "钱进", "县财政局局长")]
