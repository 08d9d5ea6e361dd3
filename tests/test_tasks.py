import pytest
from hypothesis import given, strategies as st

from pipeline.tasks import find_notes, parse_note, split_units
from pipeline.text import Text


@pytest.mark.parametrize("s,units", [
    ("省生态环境厅和省水利厅", ["省生态环境厅", "省水利厅"]),
    ("省工业和信息化厅", ["省工业和信息化厅"]),
    ("省生态移民局、省自然资源厅及有关市（州）人民政府", ["省生态移民局", "省自然资源厅", "有关市（州）人民政府"]),
    ("省财政厅、省地方金融监管局等", ["省财政厅", "省地方金融监管局"]),
    ("咸宁职教(集团)学校、市残联", ["咸宁职教(集团)学校", "市残联"]),
    ("各县(市、区)人民政府，市直各单位", ["各县(市、区)人民政府", "市直各单位"]),
    ("市发展和改革委员会", ["市发展和改革委员会"]),
])
def test_split_units(s, units):
    assert split_units(s) == units


def notes_of(s):
    t = Text(s)
    out = []
    for n in find_notes(t, 0, len(s)):
        a, b = n["inner"]
        out.append((parse_note(t.raw[a:b], t.fold[a:b])[:2], n["closed"]))
    return out


@pytest.mark.parametrize("s,lead,resp,closed", [
    ("1.做好工作。(牵头单位:市发改委;责任单位:市财政局、市统计局)", ["市发改委"], ["市财政局", "市统计局"], True),
    ("2.做好工作。〔牵头单位：市教育局；责任单位：咸宁职教(集团)学校，各县市区人民政府〕", ["市教育局"],
     ["咸宁职教(集团)学校", "各县市区人民政府"], True),
    ("3.做好工作。（省财政厅牵头，省发展改革委配合）", ["省财政厅"], ["省发展改革委"], True),
    ("4.做好工作。（省商务厅负责）", [], ["省商务厅"], True),
    ("5.做好工作。（省财政厅、省地方金融监管局等负责）", [], ["省财政厅", "省地方金融监管局"], True),
    ("6.做好工作。(牵头单位:市农业农村局;责任单位:市财政局、各县市区人民政府", ["市农业农村局"],
     ["市财政局", "各县市区人民政府"], False),
    ("7.做好工作。（省人力资源社会保障厅负责，2018年6月底前完成）", [], ["省人力资源社会保障厅"], True),
    ("8.做好工作。(责任单位:各县(市、区)人民政府)", [], ["各县(市、区)人民政府"], True),
])
def test_notes(s, lead, resp, closed):
    assert notes_of(s) == [((lead, resp), closed)]


def test_not_a_note():
    assert notes_of("（一）由市政府负责同志召集会议，研究部署工作。") == []
    assert notes_of("完善(以市场为导向)的体系。") == []


units = st.lists(st.sampled_from(["市发改委", "市财政局", "各县市区人民政府", "咸宁职教(集团)学校", "市残联",
                                  "省工业和信息化厅", "市自然资源和规划局"]), min_size=1, max_size=5, unique=True)


@given(units, units)
def test_labelled_note_roundtrip(lead, resp):
    s = f"9.做好工作。(牵头单位:{'、'.join(lead)};责任单位:{'、'.join(resp)})"
    assert notes_of(s) == [((lead, resp), True)]


def test_note_lines_of_their_own():
    s = ("1．推进源头减量。督促企业开展审核。\n\n牵头单位：区城市管理委\n\n责任单位：区工业和信息化局、区生态环境局\n\n"
         "完成时限：上半年\n")
    assert notes_of(s) == [((["区城市管理委"], []), True), (([], ["区工业和信息化局", "区生态环境局"]), True)]


def test_time_label_is_not_a_unit():
    assert notes_of("2.做好工作。（责任单位：市住建局；完成时限：上半年）") == [(([], ["市住建局"]), True)]
    assert notes_of("3.做好工作。【牵头单位：市商务局；时间节点：即日起】") == [((["市商务局"], []), True)]


def test_closing_phrases_of_a_note():
    assert notes_of("1、落实政策。（责任单位：市人社局，市财政局、各县区政府按职责分工负责）") == \
        [(([], ["市人社局", "市财政局", "各县区政府"]), True)]
    assert notes_of("2、加强培训。（市委组织部、市人社局按职责分工落实）") == [(([], ["市委组织部", "市人社局"]), True)]


@pytest.mark.parametrize("s,lead,resp", [
    ("（二）加强防控。（由县卫计局牵头，县财政局、县农业局协同配合）", ["县卫计局"], ["县财政局", "县农业局"]),
    ("（三）改善环境。（县住建局为牵头单位，各乡（镇）人民政府为责任单位）", ["县住建局"], ["各乡（镇）人民政府"]),
    ("（四）抓好落实。（由各乡（镇）人民政府具体负责）", [], ["各乡（镇）人民政府"]),
])
def test_more_note_wordings(s, lead, resp):
    assert notes_of(s) == [((lead, resp), True)]
