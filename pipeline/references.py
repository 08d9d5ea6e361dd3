"""Stage "references": every citation of another document or law.

    extract_references(text, start, end, ctx) -> (records, warnings)

A reference is a title in 《》 (inner 〈〉 kept as written), optionally followed by its
document number — 《国务院关于…的通知》(国发〔2012〕29号), 《…》国发〔2012〕29号 — or a bare
document number in running text (国发〔2012〕29号, 国务院令第588号). Order numbers may carry the
year of a ministry's series before 第 (交通运输部令2015年第22号, 财政部令2019年第1号) and are kept as
written with spaces removed and ASCII digits (中华人民共和国国务院令 第699号 -> …国务院令第699号); a
公告/通告 number is read the same way (国家税务总局公告2018年第28号, …常务委员会公告第12号), and inside
brackets right after a title a number may be the year and serial alone (《…的公告》（2018年第16号）).
A standard number is the cited standard's own number (``STANDARD_RE``, accepted by ``_standard_ok``:
a code of ``standard_codes``, a /T or /Z code, or a number with its year; never ``standard_code_exclude``):
《党政机关公文格式》(GB/T 9704-2012), 《X》GB 50016-2014 and GB 50016-2014《X》 are one reference each,
a bare GB/T 148 in running text is one with a null title; it is written code, one space, number, -year.
A joint order names its issuers separated by a space or 、 before 令 (建设部 财政部令第165号; each name
but the last ends with an agency word, ``order_joint_name``) and is one number, kept with one space.
A bare number that introduces the title it published belongs to that title, as one reference
(以交通部令2005年第7号公布的《Y》, 国发〔2019〕5号文印发的《Y》; ``number_publishes_title``).
Each record carries ``title`` (the text inside 《》, or null), ``doc_number`` (the agency code as written, the year
bracket — 〔〕 [] () ［］ （） 【】 in the source — written 〔〕, ASCII digits, 号/號 as written; or
null), ``relation`` and ``text``/``span`` (the surface: the title and its number; a bracket
that goes on past the number, as in (国发〔2012〕29号,以下简称《意见》), is left open).
The agency code of a bare number is cut after the last function word or issuer name before
it (根据国务院办公厅国办发〔2019〕5号 -> 国办发〔2019〕5号; word lists in data), never inside a name
of ``number_code_names`` (住房和城乡建设部令第47号 keeps its 和); an order's code is its issuer's
name, so issuer names are not cut from it. A date written just before the issuer is no part of
the code, nor the preposition after it (2005年6月21日以交通部令… -> 交通部令…; ``number_date_prepositions``).

``relation`` is read from the sentence around the reference (patterns run on ``text.fold``
with every reference masked, so verbs inside titles never count):

* ``repeals`` — a repeal verb (废止, 停止执行 …) follows the reference in its sentence through
  clauses that each hold a reference (《A》(…),《B》(…)同时废止; not 对与《A》不一致的，要…废止),
  or precedes it in its clause (同时废止《X》), or the reference ends its clause and the next
  clause is only a time and the verb (《X》，自本办法施行之日起废止; ``repeal_clause_time``), or the
  reference is an item of a list whose lead-in repeals (below);
* ``implements`` — an implementing verb (根据, 按照, 依据, 贯彻落实, 为落实 …) comes before the
  reference in the same clause (clauses end at ，,：: and sentences at 。；;！？ and line ends),
  with no blocking verb (制定, 印发 …) between them;
* list items — a line that opens with a label (一、 (一) 1. (1) ①) or a reference and whose own
  sentence gives no relation inherits one from its lead-in: the nearest line above that ends
  with a colon (现决定废止下列文件:, 下列文件同时废止:) or is a heading of a higher level
  (一、废止以下3件行政规范性文件), reached through sibling and deeper items and past headings that
  only name a group ((一)市政府文件). A repeal verb there -> ``repeals``; an implementing verb
  governing a list word (依据下列法律法规制定:) -> ``implements``; a lead-in that amends or keeps
  (二、修改以下2件…, ``list_lead_blockers``) ends the inheritance, so its items are ``cites``;
* ``cites`` — anything else.

Not references: what the notice itself issues (its enclosure: titles in ``ctx.enclosures``,
the X of a title 关于印发X的通知, 附件: X lines, and 现将《X》印发给你们 / 《X》已经…同意，现印发 /
现印发《X》 sentences, also with the X's author named first — 省发展改革委《X》已经省人民政府同意，
现转发给你们 (the clause holds only the author's name before the title, the title is approved or
the marker follows at once, and a forwarding marker 现转发/现予印发/印发给你们/转发给你们 follows with no
other title between) or 现转发省发展改革委《X》), the document's own title and number (a title equal to the own title, or to an enclosure's when
repealed, is still a reference when it carries a number other than the document's own: the earlier
notice of the same name that this one replaces; anything before
``ctx.body_start``, a number equal to ``ctx.doc_number``, a number standing alone on a header
line, a 《》 on a punctuation-free line of the title block above the number), and alias
definitions (以下简称《Y》; later mentions of 《Y》 resolve to their target's title and number).
A line just above ``ctx.body_start`` that the header reader took for the recipients (it ends
with a colon) is read as body when it holds a 《》 title and an implementing verb or lead-in word
(根据《X》…，现就有关事项公告如下：): a list of recipients never cites a title.

A document number that cannot be read (柳政办发〔20195, a year of the wrong length) becomes a
``reference_number_unreadable`` warning (and a record with ``doc_number`` null when it belongs
to a title); a 《 that never closes becomes an ``unclosed_bracket`` warning; an empty 《》
becomes ``reference_title_empty``.

Known limits: a line break ends a sentence (hard-wrapped text can split a clause); 按 alone is
not an implementing verb (too many 按时/按期); "near the start of the body" for 印发《X》 is the
first ``enclosure_near_start_chars`` characters after ``ctx.body_start`` (or the region start);
a repeal verb right after a title is read as a repeal even when it is temporal (《X》废止前); a list
item inherits only when its line opens the sentence, and an unlabelled line that is not a lead-in
ends the list (a hard-wrapped item loses its lead-in); order numbers written 第22号令 (number
before 令) are not read.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from .model import DocContext, run_extractor, warning
from .numerals import NumeralError, cn_to_int
from .text import Text, fold

STAGE = "references"

# ---------------------------------------------------------------------------------------------
# Vocabulary (pipeline/data/references.json) and the patterns built from it, once at import.
# ---------------------------------------------------------------------------------------------
VOCAB: dict = json.loads(resources.files("pipeline.data").joinpath("references.json").read_text("utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CN_DIGITS = "〇零一二三四五六七八九○"
SENTENCE_END = set("。;!?\n！？；")
CLAUSE_END = set(",:，：")
MASK = "\u25a1"  # what a reference's span becomes in the masked sentence text
TITLE_MAX = 160  # characters from 《 to 》

CODE_MAX = int(VOCAB.get("number_code_max", 12))
# an order's or 公告's code is its issuer's full name (江苏省人民代表大会常务委员会公告第12号): longer, read
# whole inside brackets after a title; a bare one is still read back at most CODE_MAX characters
NAME_CODE_MAX = int(VOCAB.get("number_name_code_max", 20))
# A document number: agency code, year in brackets, serial, 号.  国发〔2012〕29号, 国发(2012)29号
NUMBER_RE = re.compile(
    rf"(?P<code>[{CJK}]{{1,{CODE_MAX}}})\s*(?P<open>[〔\[(【])\s*(?P<year>\d{{4}}|[{CN_DIGITS}]{{4}})\s*"
    rf"(?P<close>[〕\])】])\s*第?\s*(?P<serial>\d{{1,5}})\s*(?P<hao>[号號])")
# An order number: 国务院令第588号, 省政府令第 12 号, 主席令第三十号, and with the year of a ministry's
# series before 第: 交通运输部令2015年第22号, 财政部令2019年第1号
ORDER_RE = re.compile(
    rf"(?P<code>[{CJK}]{{0,{NAME_CODE_MAX}}}令)\s*(?:(?P<year>\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*)?"
    rf"第\s*(?P<serial>\d{{1,5}}|[{CN_DIGITS}十百千]{{1,6}})\s*(?P<hao>[号號])")
# Something that starts like a number but does not read as one: 柳政办发〔20195, 国发〔201〕29号
LOOSE_RE = re.compile(
    rf"(?P<code>[{CJK}]{{1,{CODE_MAX}}}) *(?:[〔【\[] *\d[\d ]{{2,8}}(?:[〕\])】] *\d{{0,6}} *[号號]?)?"
    rf"|[〔【\[(] *(?:\d{{1,3}}|\d{{5,8}}) *[〕\])】] *\d{{1,5}} *[号號])")
# A 公告 / 通告 number: the header name, the year of its series if any, 第N号 (国家税务总局公告2018年第28号,
# 江苏省人民代表大会常务委员会公告第12号)
ANNOUNCE_RE = re.compile(
    rf"(?P<code>[{CJK}]{{1,{NAME_CODE_MAX}}}(?:公告|通告)) *(?:(?P<year>\d{{4}}|[{CN_DIGITS}]{{4}}) *年 *)?"
    rf"第 *(?P<serial>\d{{1,5}}|[{CN_DIGITS}十百千]{{1,6}}) *(?P<hao>[号號])")
# A number with no agency, only inside brackets right after a title: 《…的公告》(2018年第16号)
YEAR_SERIAL_RE = re.compile(
    rf"(?P<code>)(?P<year>\d{{4}}|[{CN_DIGITS}]{{4}}) *年 *第 *(?P<serial>\d{{1,5}}|[{CN_DIGITS}十百千]{{1,6}}) *"
    rf"(?P<hao>[号號])")
# A joint order: issuer names separated by a space or 、 before 令 (建设部 财政部令第165号,
# 人力资源社会保障部、财政部令第1号); each name but the last ends with an agency word (``order_joint_name``)
JOINT_NAME = VOCAB.get("order_joint_name", r"[\u4e00-\u9fff]{1,20}?(?:部|委|局|署|院|厅|办)")
JOINT_ORDER_RE = re.compile(
    rf"(?P<code>(?:{JOINT_NAME}(?: +| *、 *))+[{CJK}]{{1,{NAME_CODE_MAX}}}令)\s*"
    rf"(?:(?P<year>\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*)?"
    rf"第\s*(?P<serial>\d{{1,5}}|[{CN_DIGITS}十百千]{{1,6}})\s*(?P<hao>[号號])")
# the names before a bare order's issuer that make it joint: …建设部 财政部令第165号
JOINT_PREFIX_RE = re.compile(rf"(?:{JOINT_NAME}(?: +| *、 *))+$")
# A standard number (the cited standard's own number): GB/T 9704-2012, GB 50016-2014, DB42/T 1234-2020,
# T/CECS 123-2020, JTG D60-2015 (a letter before the number after a space), GB/T 148; accepted by ``_standard_ok``
STANDARD_RE = re.compile(
    r"(?<![A-Za-z0-9/_.\-])(?P<code>T/[A-Z]{2,10}|[A-Z]{1,6}(?:\d{2}(?=/))?(?:/[TZ](?![A-Za-z])|/)?) *"
    r"(?P<num>(?<= )[A-Z]\d{1,5}(?:\.\d{1,3})?|\d{1,6}(?:\.\d{1,3})?)(?: *[-—–] *(?P<year>(?:19|20)\d{2}))?(?![\dA-Za-z]|\.\d)")
STANDARD_CODES = frozenset(VOCAB.get("standard_codes", []))
STANDARD_EXCLUDE = frozenset(VOCAB.get("standard_code_exclude", []))
NUMBER_ANCHOR_RE = re.compile(rf"[〔【\[(] *(?:\d|[{CN_DIGITS}]{{4}})|令 *(?:(?:\d{{4}}|[{CN_DIGITS}]{{4}}) *年 *)?第"
                              rf"|(?:公告|通告) *(?:(?:\d{{4}}|[{CN_DIGITS}]{{4}}) *年 *)?第 *[\d{CN_DIGITS}十]")
# a date just before a number's issuer (…日以交通部令…): its tail and the preposition after it are cut
DATE_HEAD_RE = re.compile(rf"^[{CN_DIGITS}十]*[年月日](?:[{CN_DIGITS}十]+[年月日])* *"
                          rf"(?P<prep>{_alt(VOCAB.get('number_date_prepositions', []))})?")
# what stands between a bare number and the title it published: 以X公布的《Y》, X印发的《Y》
PUBLISHES_RE = re.compile(VOCAB["number_publishes_title"])
BODY_LINE_WORDS_RE = re.compile(_alt(VOCAB.get("body_line_words", [])) or "(?!)")
STOPWORDS_RE = re.compile(_alt(VOCAB["number_prefix_stopwords"]))
# names an agency code may hold that contain a stopword (中华人民共和国, 住房和城乡建设部): never cut inside
CODE_NAMES_RE = re.compile(_alt(VOCAB.get("number_code_names", [])) or "(?!)")
ISSUER_PREFIX_RE = re.compile(_alt(VOCAB["number_issuer_prefixes"]))
IMPLEMENTS_RE = re.compile(_alt(VOCAB["implements_verbs"]))
BLOCKERS_RE = re.compile(_alt(VOCAB["implements_blockers"]))
REPEAL_RE = re.compile(_alt(VOCAB["repeal_verbs"]))
# a clause that is only a time and a repeal verb: 自本办法施行之日起废止, 同时废止, 自即日起停止执行
REPEAL_CLAUSE_RE = re.compile(rf"\s*(?:{VOCAB['repeal_clause_time']})?\s*(?:{_alt(VOCAB['repeal_verbs'])})\s*")
ENC_LEAD_RE = re.compile(_alt(VOCAB["enclosure_lead"]))
ENC_VERB_RE = re.compile(_alt(VOCAB["enclosure_verbs"]))
ENC_MARK_RE = re.compile(_alt(VOCAB["enclosure_sentence_markers"]))
ENC_APPROVAL_RE = re.compile(VOCAB["enclosure_approval"])
ENC_VERB_BEFORE_RE = re.compile(rf"(?:{_alt(VOCAB['enclosure_verbs'])})\s*$")
# the sentence forwards or issues something to its readers: 现转发 / 现予印发 / 印发给你们 / 转发给你们
ENC_FORWARD_RE = re.compile(VOCAB["enclosure_forward_markers"])
ISSUER_MAX = int(VOCAB.get("enclosure_issuer_max", 20))
NOW_BEFORE_RE = re.compile(r"(?:现|特|兹)予?\s*$")
# 现转发省发展改革委《X》: an enclosure verb, then only the name of the X's author before the title
ENC_VERB_ISSUER_BEFORE_RE = re.compile(
    rf"(?:{_alt(VOCAB['enclosure_verbs'])})\s*(?P<who>[{CJK}][{CJK}\s]{{0,{ISSUER_MAX - 1}}})$")
TITLE_ENCLOSURE_RE = re.compile(VOCAB["title_enclosure"])
ATTACHMENT_RE = re.compile(VOCAB["attachment_line"])
ALIAS_BEFORE_RE = re.compile(rf"(?:{_alt(VOCAB['alias_markers'])})\s*[:]?\s*$")
NEAR_START = int(VOCAB.get("enclosure_near_start_chars", 400))
OWN_PREV_SUFFIXES = tuple(VOCAB["own_number_prev_line_suffixes"])
LIST_LABEL_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|[(]\s*[一二三四五六七八九十]+\s*[)])")
ITEM_LABEL_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.、]|[(]\s*\d{1,2}\s*[)])\s*")
LEVEL_RES = [(1, re.compile(r"\s*[一二三四五六七八九十]+\s*、")),
             (2, re.compile(r"\s*[(]\s*[一二三四五六七八九十]+\s*[)]")),
             (3, re.compile(r"\s*\d{1,2}\s*[.、](?!\d)")),
             (4, re.compile(r"\s*[(]\s*\d{1,2}\s*[)]")),
             (5, re.compile(r"\s*[\u2460-\u2473]"))]
LEVEL_STRIP_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|[(]\s*[一二三四五六七八九十\d]{1,3}\s*[)]"
                            r"|\d{1,2}\s*[.、](?!\d)|[\u2460-\u2473])\s*")
LIST_WORD_RE = re.compile(_alt(VOCAB["list_words"]))
LIST_BLOCKERS_RE = re.compile(_alt(VOCAB["list_lead_blockers"]))
_TITLE_NORM_DROP = str.maketrans("", "", " \n《》〈〉<>“”\"'‘’「」")


def norm_title(s: str | None) -> str:
    """Comparable form of a title (expects folded text): no spaces, no quotes, no 《》〈〉."""
    return (s or "").translate(_TITLE_NORM_DROP)


def norm_number(s: str | None) -> str:
    """Comparable form of a document number: folded, no spaces, year bracket 〔〕, 號 as 号."""
    if not s:
        return ""
    f = fold(s).replace(" ", "").replace("號", "号")
    return re.sub(r"[\[(【]", "〔", re.sub(r"[\])】]", "〕", f))


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------
class _Ref:
    __slots__ = ("s", "e", "ts", "te", "title", "number", "num_span", "unreadable", "skip", "alias_of", "is_alias", "standard")

    def __init__(self, s: int, e: int):
        self.s, self.e = s, e            # whole surface span
        self.ts = self.te = None         # title span (inside 《》), or None
        self.title: str | None = None
        self.number: str | None = None
        self.num_span: tuple[int, int] | None = None
        self.unreadable: tuple[int, int] | None = None
        self.skip = False
        self.alias_of: "_Ref | None" = None
        self.is_alias = False
        self.standard = False            # the number is a standard's (GB/T 9704-2012)


def _close_title(f: str, p: int, end: int) -> int | None:
    """Offset just after the 》 closing the 《 at ``p`` (nesting counted), or None."""
    depth = 0
    newlines = 0
    stop = min(end, p + TITLE_MAX)
    i = p
    while i < stop:
        c = f[i]
        if c == "《":
            depth += 1
        elif c == "》":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "\n":
            newlines += 1
            if newlines > 1 or (i + 1 < len(f) and f[i + 1] == "\n"):
                return None
        elif c == "。":
            return None
        i += 1
    return None


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _format_number(text: Text, m: re.Match) -> str:
    raw = text.raw
    code = raw[m.start("code"):m.end("code")].replace(" ", "")
    y = m.group("year")
    if not y.isdigit():
        try:
            y = str(cn_to_int(y))
        except (NumeralError, ValueError):
            pass
    serial = m.group("serial").lstrip("0") or "0"
    hao = raw[m.start("hao"):m.end("hao")]
    return f"{code}〔{y}〕{serial}{hao}"


def _format_order(text: Text, m: re.Match) -> str:
    """The order number as written, spaces removed, digits ASCII (交通运输部令2015年第22号)."""
    raw, f = text.raw, text.fold
    out = []
    for i in range(m.start("code"), m.end("hao")):
        c = f[i] if f[i].isascii() and f[i].isdigit() else raw[i]
        if not c.isspace():
            out.append(c)
    return "".join(out)


def _trim_code_start(f: str, cs: int, ce: int, order: bool = False) -> int:
    """Where a bare number's agency code really starts: after the last function word or issuer
    name in the run of characters before the bracket (根据国务院国发〔…〕 -> 国发). A stopword inside
    a name of ``number_code_names`` is no cut (住房和城乡建设部令); the code of an order number is
    its issuer's name, so issuer names are not cut from it (国务院令)."""
    seg = f[cs:ce]
    names = [(m.start(), m.end()) for m in CODE_NAMES_RE.finditer(seg)]
    cut = 0
    # the tail of a date written before the issuer (…21日以交通部令, 二〇〇五年六月二十一日经…令)
    dm = DATE_HEAD_RE.match(seg)
    if dm and dm.end() < len(seg) and (
            (cs > 0 and (f[cs - 1].isdigit() or f[cs - 1] in CN_DIGITS or f[cs - 1] == "十"))
            or seg[0] in CN_DIGITS or seg[0] == "十"):
        # the preposition is no cut where it opens a name (…年经济和信息化委员会令)
        cut = dm.start("prep") if dm.group("prep") and any(m[0] == dm.start("prep") for m in names) else dm.end()
    for m in STOPWORDS_RE.finditer(seg, cut):
        if m.end() < len(seg) and not any(a < m.end() and m.start() < b for a, b in names):
            cut = max(cut, m.end())
    if order:
        return cs + cut
    for m in ISSUER_PREFIX_RE.finditer(seg, cut):
        if len(seg) - m.end() >= 2:
            cut = max(cut, m.end())
    return cs + cut


def _standard_ok(m: re.Match) -> bool:
    """A STANDARD_RE match is a standard number: its code is a known standard code (DBnn as DB),
    carries /T or /Z (or DBnn/), or the number has a year; never an excluded code (ISSN, CN, PM)."""
    code = m.group("code")
    base = re.sub(r"\d+", "", code).rstrip("/")
    if base.split("/")[-1] in STANDARD_EXCLUDE or base.split("/")[0] in STANDARD_EXCLUDE:
        return False
    if code.startswith("T/"):
        return True
    if base in STANDARD_CODES or base.endswith(("/T", "/Z")) or code != base:
        return True
    return m.group("year") is not None and len(base) >= 2


def _format_standard(m: re.Match) -> str:
    """The standard's number as it should read: code, one space, number, -year (GB/T 9704-2012)."""
    out = f"{m.group('code')} {m.group('num')}"
    return out + (f"-{m.group('year')}" if m.group("year") else "")


def _format_joint(text: Text, m: re.Match, cs: int | None = None) -> str:
    """A joint order as written: the issuer names with one space (or 、) between them, then the
    number with spaces removed and ASCII digits (建设部 财政部令第165号)."""
    cs = m.start("code") if cs is None else cs
    code = re.sub(r"\s*、\s*", "、", text.raw[cs:m.end("code")].strip())
    code = re.sub(r"\s+", " ", code)
    f, raw = text.fold, text.raw
    tail = []
    for i in range(m.end("code"), m.end("hao")):
        c = f[i] if f[i].isascii() and f[i].isdigit() else raw[i]
        if not c.isspace():
            tail.append(c)
    return code + "".join(tail)


def _scan(text: Text, start: int, end: int, warnings: list[dict], quiet_before: int | None = None) -> list[_Ref]:
    f = text.fold
    refs: list[_Ref] = []
    taken: list[tuple[int, int]] = []
    p = f.find("《", start, end)
    while p >= 0:
        q = _close_title(f, p, end)
        if q is None:
            if quiet_before is None or p >= quiet_before:
                warnings.append(warning(STAGE, "unclosed_bracket",
                                        "A 《 opens a title that never closes; check the source near this point "
                                        "and close the title so the citation can be read.", [p, min(end, p + 20)]))
            p = f.find("《", p + 1, end)
            continue
        r = _Ref(p, q)
        r.ts, r.te = p + 1, q - 1
        title = text.raw[p + 1:q - 1]
        if "\n" in title:
            title = re.sub(r"\s*\n\s*", "", title)
        r.title = title.strip() or None
        # alias definition: (以下简称《Y》)
        if ALIAS_BEFORE_RE.search(f, max(start, p - 8), p):
            r.is_alias = True
        # a number right after the title: (国发〔2012〕29号) or (国发〔2012〕29号,以下简称…)
        k = q
        while k < end and f[k] == " ":
            k += 1
        direct = NUMBER_RE.match(f, k, end) if k < end and _is_cjk(f[k]) else None
        sd = STANDARD_RE.match(f, k, end) if k < end and f[k].isascii() and f[k].isupper() else None
        if sd is not None and _standard_ok(sd):
            # 《建筑设计防火规范》GB 50016-2014 (the standard's number right after its title)
            r.number, r.num_span, r.e, r.standard = _format_standard(sd), (k, sd.end()), sd.end(), True
        elif direct is not None and direct.end("code") - k <= 8 and \
                _trim_code_start(f, k, direct.end("code")) == k:
            # 《X》国发〔2012〕29号 (the number right after the title, no brackets around it)
            r.number = _format_number(text, direct)
            r.num_span = (k, direct.end())
            r.e = direct.end()
        elif k < end and f[k] in "([【":
            j = k + 1
            while j < end and f[j] == " ":
                j += 1
            nm = NUMBER_RE.match(f, j, end)
            jm = None if nm else JOINT_ORDER_RE.match(f, j, end)
            om = None if nm or jm else (ORDER_RE.match(f, j, end) or ANNOUNCE_RE.match(f, j, end)
                                        or YEAR_SERIAL_RE.match(f, j, end))
            sm = STANDARD_RE.match(f, j, end) if not (nm or jm or om) else None
            if sm is not None and not _standard_ok(sm):
                sm = None
            mm = nm or jm or om
            if sm is not None:
                # 《党政机关公文格式》(GB/T 9704-2012): the standard's own number
                r.number, r.num_span, r.standard = _format_standard(sm), (j, sm.end()), True
                e2 = sm.end()
                while e2 < end and f[e2] == " ":
                    e2 += 1
                r.e = e2 + 1 if e2 < end and f[e2] in ")]】" else sm.end()
            elif mm and mm.start("code") == j:
                r.number = (_format_number(text, nm) if nm else _format_joint(text, jm) if jm
                            else _format_order(text, om))
                r.num_span = (mm.start("code"), mm.end())
                e2 = mm.end()
                while e2 < end and f[e2] == " ":
                    e2 += 1
                r.e = e2 + 1 if e2 < end and f[e2] in ")]】" else mm.end()
            else:
                lm = LOOSE_RE.match(f, j, end)
                if lm and lm.end() - j >= 3 and any(c.isdigit() for c in f[j:lm.end()]):
                    r.unreadable = (j, lm.end())
                    warnings.append(warning(
                        STAGE, "reference_number_unreadable",
                        f"The document number after 《{r.title or ''}》 cannot be read "
                        f"({text.raw[j:lm.end()]!s}); check its brackets and year and correct it.",
                        [j, lm.end()]))
        refs.append(r)
        taken.append((r.s, r.e))
        if r.unreadable:
            taken.append(r.unreadable)
        p = f.find("《", q, end)

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    # bare numbers: anchored on their year bracket (or 令第), then read backwards to the code
    for am in NUMBER_ANCHOR_RE.finditer(f, start, end):
        b = am.start()
        k = b
        while k > start and f[k - 1] == " ":
            k -= 1
        cs0 = k
        while cs0 > start and k - cs0 < CODE_MAX and _is_cjk(f[cs0 - 1]):
            cs0 -= 1
        if cs0 == k:
            continue
        is_order = am.group(0).startswith(("令", "公告", "通告"))
        if am.group(0).startswith("令"):
            rx, fmt = ORDER_RE, _format_order
            # the code ends with 令
            k = b + 1
        elif is_order:
            rx, fmt = ANNOUNCE_RE, _format_order
            k = b + 2  # the code ends with 公告 / 通告
        else:
            rx, fmt = NUMBER_RE, _format_number
        cs = _trim_code_start(f, cs0, k, is_order)
        mm = rx.match(f, cs, end)
        if mm and mm.start("hao") >= b:
            if overlaps(cs, mm.end()):
                continue
            number = fmt(text, mm)
            if rx is ORDER_RE and cs == cs0:
                # 建设部 财政部令第165号: issuer names joined by a space or 、 before the order's issuer
                jp = JOINT_PREFIX_RE.search(f, max(start, cs - 3 * NAME_CODE_MAX), cs)
                if jp is not None:
                    js = jp.start()
                    while js > start and _is_cjk(f[js - 1]):
                        js -= 1
                    js = _trim_code_start(f, js, jp.end(), True)
                    jm = JOINT_ORDER_RE.match(f, js, end)
                    if jm is not None and jm.end() == mm.end() and not overlaps(js, cs):
                        cs, number = js, _format_joint(text, jm)
            r = _Ref(cs, mm.end())
            r.number = number
            r.num_span = (cs, mm.end())
            refs.append(r)
            taken.append((r.s, r.e))
            continue
        if is_order:
            continue
        lm = LOOSE_RE.match(f, cs, end)
        if not lm or overlaps(cs, lm.end()) or lm.end() <= b:
            continue
        # unreadable bare number (〔 or 【 with digits that do not read as a number)
        r = _Ref(cs, lm.end())
        r.unreadable = (cs, lm.end())
        refs.append(r)
        taken.append(r.unreadable)
    # bare standard numbers: GB/T 148, GB 50016-2014 in running text
    for sm in STANDARD_RE.finditer(f, start, end):
        if not _standard_ok(sm) or overlaps(sm.start(), sm.end()):
            continue
        r = _Ref(sm.start(), sm.end())
        r.number, r.num_span, r.standard = _format_standard(sm), (sm.start(), sm.end()), True
        refs.append(r)
        taken.append((r.s, r.e))
    refs.sort(key=lambda r: r.s)
    return _join_published(f, refs)


def _join_published(f: str, refs: list[_Ref]) -> list[_Ref]:
    """A bare number that introduces the title it published belongs to that title:
    以交通部令2005年第7号公布的《Y》, 国发〔2019〕5号文印发的《Y》 -> one reference (Y, its number)."""
    out: list[_Ref] = []
    i = 0
    while i < len(refs):
        r = refs[i]
        nx = refs[i + 1] if i + 1 < len(refs) else None
        if (nx is not None and r.title is None and r.ts is None and r.number and r.unreadable is None
                and nx.ts is not None and nx.number is None and nx.unreadable is None and not nx.is_alias
                and r.e <= nx.s and (PUBLISHES_RE.fullmatch(f, r.e, nx.s)
                                     or (r.standard and not f[r.e:nx.s].strip()))):
            # (GB 50016-2014《建筑设计防火规范》: a standard's number right before its title)
            nx.number, nx.num_span, nx.s, nx.standard = r.number, r.num_span, r.s, r.standard
            out.append(nx)
            i += 2
            continue
        out.append(r)
        i += 1
    return out


# ---------------------------------------------------------------------------------------------
# Context: sentences, clauses, enclosures, the document's own title and number
# ---------------------------------------------------------------------------------------------
def _bounds(masked: str, base: int, p: int, q: int, stops: set[str]) -> tuple[int, int]:
    """(start, end) absolute offsets of the unit around masked[p-base:q-base] ending at ``stops``."""
    i = p - base
    while i > 0 and masked[i - 1] not in stops:
        i -= 1
    j = q - base
    n = len(masked)
    while j < n and masked[j] not in stops:
        j += 1
    return base + i, base + j


def _line_bounds(f: str, p: int) -> tuple[int, int]:
    a = f.rfind("\n", 0, p) + 1
    b = f.find("\n", p)
    return a, (len(f) if b < 0 else b)


def _enclosure_set(text: Text, start: int, end: int, ctx: DocContext) -> set[str]:
    out: set[str] = set()
    for t in ctx.enclosures or []:
        n = norm_title(fold(t))
        if n:
            out.add(n)
    if ctx.title:
        m = TITLE_ENCLOSURE_RE.search(fold(ctx.title).replace(" ", ""))
        if m:
            whole = m.group("t")
            out.add(norm_title(whole))
            for part in re.split(r"》\s*(?:和|及|、|与)\s*《", whole):
                out.add(norm_title(part))
    # 附件: X / 附件1: X and the numbered lines under 附件:
    lines = text.lines_between(start, end)
    in_list = False
    for ln in lines:
        am = ATTACHMENT_RE.match(ln.fold)
        if am:
            t = am.group("t").strip()
            in_list = True
            if t:
                t = ITEM_LABEL_RE.sub("", t)
                if 2 <= len(t) <= 80 and not t.endswith("。"):
                    out.add(norm_title(t))
            continue
        if in_list and ITEM_LABEL_RE.match(ln.fold) and len(ln.fold) <= 80 and not ln.fold.endswith("。"):
            out.add(norm_title(ITEM_LABEL_RE.sub("", ln.fold)))
            continue
        in_list = False
    out.discard("")
    return out


def _body_line_before(text: Text, start: int, body_start: int, ctx: DocContext) -> int:
    """Where the body really starts for this stage. The header reader takes a line ending with a
    colon right under the title or number for the recipients (主送机关); a list of names never holds
    a 《》 title, so such a line that holds one and reads as a sentence — an implementing verb or a
    lead-in word (根据《X》…，现就有关事项公告如下：) — is the first line of the body."""
    i = text.line_at(body_start - 1) if body_start > start else None
    if i is None:
        return body_start
    ln = text.lines[i]
    if ln.start < start or ln.end > body_start:
        return body_start
    line = ln.fold.strip()
    if not line.endswith(":") or "《" not in line or "》" not in line:
        return body_start
    if ctx.title and norm_title(line.rstrip(":")) in norm_title(fold(ctx.title)):
        return body_start
    if _in_title_block(text, ln.start):
        return body_start
    if IMPLEMENTS_RE.search(line) or BODY_LINE_WORDS_RE.search(line):
        return ln.start
    return body_start


def _number_line(f: str) -> bool:
    f = f.strip()
    m = NUMBER_RE.fullmatch(f) or ORDER_RE.fullmatch(f) or LOOSE_RE.fullmatch(f)
    return m is not None


def _in_title_block(text: Text, p: int) -> bool:
    """The line at ``p`` belongs to a document's title block: a number line follows within
    three lines, and the lines between carry no punctuation."""
    i = text.line_at(p)
    lines = text.lines
    for k in range(i + 1, min(i + 4, len(lines))):
        f = lines[k].fold
        if _number_line(f):
            return True
        if any(c in f for c in "。,;:，；："):
            return False
    return False


def _own_number_line(text: Text, r: _Ref, ctx: DocContext) -> bool:
    """A number standing alone on its line in a document header (the document's own number)."""
    f = text.fold
    a, b = _line_bounds(f, r.s)
    if f[a:b].strip() != f[r.s:r.e].strip():
        return False
    i = text.line_at(r.s)
    lines = text.lines
    nxt = lines[i + 1].fold if i + 1 < len(lines) else ""
    prv = lines[i - 1].fold if i > 0 else ""
    if nxt.rstrip().endswith(":") or prv.rstrip().endswith(OWN_PREV_SUFFIXES):
        return True
    return ctx.body_start is not None and r.s < ctx.body_start


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------
def extract_references(text: Text, start: int, end: int, ctx: DocContext) -> tuple[list[dict], list[dict]]:
    return run_extractor(STAGE, "references", _extract, text, start, end, ctx)


def _extract(text: Text, start: int, end: int, ctx: DocContext, warnings: list[dict]) -> tuple[list[dict], list[dict]]:
    f = text.fold
    body_start = ctx.body_start if ctx.body_start is not None and start <= ctx.body_start < end else None
    if body_start is not None:
        body_start = _body_line_before(text, start, body_start, ctx)
    refs = _scan(text, start, end, warnings, body_start)
    if not refs:
        return [], warnings
    # masked copy of the region: every reference a run of MASK, so verbs inside titles never count
    parts: list[str] = []
    prev = start
    for r in refs:  # sorted, never overlapping
        if r.s > prev:
            parts.append(f[prev:r.s])
        a = max(prev, r.s)
        if r.e > a:
            parts.append(MASK * (r.e - a))
        prev = max(prev, r.e)
    parts.append(f[prev:end])
    masked = "".join(parts)

    enclosures = _enclosure_set(text, start, end, ctx)
    own_title = norm_title(fold(ctx.title)) if ctx.title else ""
    own_number = norm_number(ctx.doc_number)
    near_start_from = body_start if body_start is not None else start

    # pass 1: sentence-level enclosure patterns add to the enclosure set
    for r in refs:
        if r.title is None or r.is_alias:
            continue
        ss, se = _bounds(masked, start, r.s, r.e, SENTENCE_END)
        before = masked[ss - start:r.s - start]
        after = masked[r.e - start:se - start]
        enc = False
        if ENC_LEAD_RE.search(before) and ENC_VERB_RE.search(after):
            enc = True  # 现将《X》印发给你们
        elif not before.replace(MASK, "").strip(" 、和及与") and (
                ENC_APPROVAL_RE.search(after) or ENC_MARK_RE.search(after)):
            enc = True  # 《X》已经市政府同意，现印发给你们 / 《X》经…同意，现予印发
        elif ENC_VERB_BEFORE_RE.search(before) and (
                ENC_MARK_RE.search(masked[ss - start:se - start]) or "现" in before
                or r.s - near_start_from <= NEAR_START):
            enc = True  # 现印发《X》 near the start of the body
        elif _forwarded_with_author(before, after):
            enc = True  # 省发展改革委《X》已经省人民政府同意，现转发给你们
        else:
            vm = ENC_VERB_ISSUER_BEFORE_RE.search(before)
            if vm and not IMPLEMENTS_RE.search(before) and (
                    NOW_BEFORE_RE.search(before, 0, vm.start()) or ENC_FORWARD_RE.search(after)):
                enc = True  # 现转发省发展改革委《X》，请认真贯彻执行
        if enc:
            enclosures.add(norm_title(f[r.ts:r.te]))

    records: list[dict] = []
    last_real: _Ref | None = None
    aliases: dict[str, _Ref] = {}
    for r in refs:
        # the document's own header (title, number)
        if body_start is not None and r.s < body_start:
            continue
        if r.title is None:
            if r.number and own_number and norm_number(r.number) == own_number:
                continue
            if _own_number_line(text, r, ctx):
                continue
        if r.unreadable and r.title is None:
            a, b = r.unreadable
            warnings.append(warning(STAGE, "reference_number_unreadable",
                                    f"The document number {text.raw[a:b]!s} cannot be read (broken bracket or "
                                    f"a year of the wrong length); check it against the source.", [a, b]))
            continue
        if r.ts is not None and r.title is None and r.number is None:
            warnings.append(warning(STAGE, "reference_title_empty",
                                    "An empty 《》 stands where a title should be; check the source for the "
                                    "missing title.", [r.s, r.e]))
            continue
        if r.title is not None:
            nt = norm_title(f[r.ts:r.te])
            if r.is_alias:
                if last_real is not None:
                    aliases[nt] = last_real
                continue
            if nt in aliases:
                target = aliases[nt]
                if target.skip:
                    continue
                r.alias_of = target
            elif nt in enclosures or (own_title and nt == own_title):
                # a title followed by a number other than the document's own names another document
                # (the earlier notice of the same title that this one repeals): still a reference
                # (an enclosure's title so only when repealed: a forwarded document keeps its number)
                keep = r.number is not None and norm_number(r.number) != own_number
                if keep and nt in enclosures:
                    keep = _relation(masked, start, r) == "repeals"
                if not keep:
                    r.skip = True
            else:
                # a heading line that repeats the enclosure's (or the document's) title
                a, b = _line_bounds(f, r.s)
                line = f[a:b]
                if not any(c in line for c in "。,;:，；：") and len(line.strip()) <= 80:
                    nl = norm_title(line)
                    if (own_title and nl in own_title) or any(nl in e for e in enclosures) \
                            or _in_title_block(text, r.s):
                        r.skip = True
            last_real = r
            if r.skip:
                continue
        records.append(_record(text, r, _relation(masked, start, r)))
    return records, warnings


_AUTHOR_RE = re.compile(rf"[{CJK}、\s]{{1,{ISSUER_MAX}}}")
_JOINED = MASK + " 、和及与"


def _forwarded_with_author(before: str, after: str) -> bool:
    """《X》 is what the sentence forwards or issues although its author's name stands before it:
    its clause opens with that name alone (no verb of its own, no other title), the title
    (with any titles joined to it by 、和及与) is the subject, it was approved (已经…同意) or the
    marker follows at once, and a forwarding marker such as 现转发 / 印发给你们 ends the sentence's
    business with no other title between."""
    k = max(before.rfind(c) for c in CLAUSE_END)
    who = before[k + 1:].strip(_JOINED)
    if not who or not _AUTHOR_RE.fullmatch(who) or IMPLEMENTS_RE.search(who) or ENC_LEAD_RE.search(who):
        return False
    rest = after.lstrip(_JOINED)
    m = ENC_FORWARD_RE.search(rest)
    if m is None or MASK in rest[:m.start()] or REPEAL_RE.search(rest, 0, m.start()):
        return False
    return m.start() <= 2 or ENC_APPROVAL_RE.search(rest) is not None


def _relation(masked: str, base: int, r: _Ref) -> str:
    ss, se = _bounds(masked, base, r.s, r.e, SENTENCE_END)
    cs, ce = _bounds(masked, base, r.s, r.e, SENTENCE_END | CLAUSE_END)
    clause_before = masked[cs - base:r.s - base]
    # repeal verbs are found first and blanked, so 停止执行 never reads as 执行
    rep_spans = [(m.start(), m.end()) for m in REPEAL_RE.finditer(clause_before)]
    cb = list(clause_before)
    for a, b in rep_spans:
        for i in range(a, b):
            cb[i] = " "
    cb_s = "".join(cb)
    last = None
    for m in IMPLEMENTS_RE.finditer(cb_s):
        last = m
    if last is not None and not BLOCKERS_RE.search(cb_s, last.end()):
        return "implements"
    if rep_spans or _repeal_follows(masked, base, r.e, ce, se):
        return "repeals"
    if (ss - base == 0 or masked[ss - base - 1] == "\n") and _is_list_item(masked[ss - base:se - base]):
        return _list_lead(masked, base, ss) or "cites"
    return "cites"


def _repeal_follows(masked: str, base: int, e: int, ce: int, se: int) -> bool:
    """A repeal verb later in the sentence, reached through clauses that each hold a reference:
    《A》(…),《B》(…)同时废止 — but not 对与《A》不一致的，要及时修改或废止."""
    i = e - base
    clause_end = ce - base
    if REPEAL_RE.search(masked, i, clause_end):
        return True
    end = se - base
    while clause_end < end:
        a = clause_end + 1
        b = a
        while b < end and masked[b] not in CLAUSE_END:
            b += 1
        if MASK not in masked[a:b]:
            # 《X》(…)，自本办法施行之日起废止: the title ends its clause and the next clause is only
            # a time and the repeal verb
            return not masked[i:ce - base].strip(" )]】") and REPEAL_CLAUSE_RE.fullmatch(masked, a, b) is not None
        if REPEAL_RE.search(masked, a, b):
            return True
        clause_end = b
    return False


def _is_list_item(line: str) -> bool:
    return _label_level(line) is not None


def _label_level(line: str) -> int | None:
    """How deep a list line's label is: 一、 1, (一) 2, 1. 3, (1) 4, ① 5, a line that opens with a
    reference and no label 9; None for a line that is not a list item."""
    line = line.strip()
    if not line:
        return None
    if line.startswith(MASK):
        return 9
    for level, rx in LEVEL_RES:
        if rx.match(line):
            return level
    return None


def _list_lead(masked: str, base: int, ss: int) -> str | None:
    """The relation a list item inherits from its lead-in: the nearest line above it that ends
    with a colon (决定废止下列文件:) or is a heading of a higher level (一、废止以下3件文件), reached
    through sibling and deeper items only; a heading that only names a group ((一)市政府文件) is
    passed, and its own lead-in is looked for at its level. ``repeals`` or ``implements`` (see
    ``_lead_relation``), or None when the lead-in carries neither or the list is not under one."""
    j = ss - base - 1  # the newline before this line
    e = masked.find("\n", ss - base)
    level = _label_level(masked[ss - base:e if e >= 0 else len(masked)])
    if level is None:
        return None
    while j > 0:
        a = masked.rfind("\n", 0, j) + 1
        line = masked[a:j].strip()
        if line:
            lv = _label_level(line)
            if line.endswith(":"):
                return _lead_relation(line, heading=False) or None
            if lv is not None and lv < level:
                rel = _lead_relation(line, heading=True)
                if rel != "":
                    return rel
                level = lv
            elif lv is None:
                return None
        j = a - 1
    return None


def _lead_relation(line: str, heading: bool) -> str | None:
    """What a list's lead-in line does to its items, read in its last clause: a repeal verb
    (废止, 同时废止 …) -> repeals; an implementing verb (根据, 依据 …) followed by a list word (以下,
    下列 …) with no blocker and no title between them -> implements. A lead-in that also amends or keeps (修改, 保留 …, words
    in ``list_lead_blockers``) gives nothing: its items are read on their own. A heading without a
    colon needs a list word for either relation unless it opens with the repeal verb
    (一、废止以下3件行政规范性文件, 二、废止的规范性文件). "" for a line with none of these words
    (a heading that only names a group)."""
    body = LEVEL_STRIP_RE.sub("", line).rstrip(":")
    k = max(body.rfind(c) for c in CLAUSE_END)
    clause = body[k + 1:]
    if not (LIST_WORD_RE.search(body) or REPEAL_RE.search(body) or IMPLEMENTS_RE.search(body)
            or BLOCKERS_RE.search(body) or LIST_BLOCKERS_RE.search(body) or MASK in body):
        return ""
    if LIST_BLOCKERS_RE.search(clause):
        return None
    has_list_word = LIST_WORD_RE.search(clause) is not None
    rep = list(REPEAL_RE.finditer(clause))
    if rep and (not heading or has_list_word or rep[0].start() == 0):
        return "repeals"
    if not has_list_word:
        return None
    # 依据下列法律法规制定: the verb governs the list word (no blocker, no title between them)
    blanked = REPEAL_RE.sub(lambda m: " " * len(m.group(0)), clause)
    for m in IMPLEMENTS_RE.finditer(blanked):
        lw = LIST_WORD_RE.search(blanked, m.end())
        if lw and not BLOCKERS_RE.search(blanked, m.end(), lw.start()) and MASK not in blanked[m.end():lw.start()]:
            return "implements"
    return None


def _record(text: Text, r: _Ref, relation: str) -> dict:
    title = r.title
    number = r.number
    if r.alias_of is not None:
        title = r.alias_of.title
        number = r.alias_of.number
    return {"title": title, "doc_number": number, "relation": relation,
            "text": text.raw[r.s:r.e], "span": [r.s, r.e]}
