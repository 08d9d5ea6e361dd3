"""Stage "quantities": every number with its unit in one document's running text.

    extract_quantities(text, start, end, ctx) -> (records, warnings)

A record is ``text`` (the surface, with an adjacent qualifier: 600亿元以上, 达到2000家, 9%左右),
``value`` (null for a range), ``min``/``max`` (ranges: 2—3个, 18周岁至60周岁, 5万元至20万元),
``unit`` (as written: 万人次, 億元, ％, 分 for score points; a magnitude written between number and unit
stays in the unit: 110万人 is 110 万人), ``qualifier`` (the word as written; a bare 内 reads 以内, 及以上 and
及以下 read 以上 and 以下), ``span``, and
three extras: ``category`` (money, percent, count, duration … from ``data/units.json``),
``min_inclusive`` and ``max_inclusive`` (whether a bound includes its number, for ranges and for
bounding qualifiers; null where nothing bounds that side). 以上/以下/以内/不超过 include the
number (the legal reading, 民法典第1259条), 超过/不满/低于 exclude it; a 含/不含 note decides.

分 is a score (82.6分, 低于75分, 扣2分) except as minutes or a sub-unit (10时30分, 2小时15分, 36度30分, 3亩5分)
and in words (十分重要, 部分, 三分之一, 百分制); after a Chinese numeral it needs a scoring verb (扣五分).

Not quantities: calendar years (2025年, 二〇三五年, 2016—2020年), dates (3月5日, 5月底, 25日前, and dates
spaced out glyph by glyph, 2 0 2 3 年 3 月 1 5 日),
document numbers, list labels, 第N期/第N批, session ordinals (十一届八次全会), names in quotes
(“两个维护”, “十四五”), titles inside 《》, slogans, numbers glued to Latin letters (5G, PM2.5),
capital numerals in names (伍家岗, 陆家嘴: 壹…玖 alone outside a money amount),
and the spans in ``ctx.skip_spans`` (tables: their cells are read by the tables stage). A lone 一
(一个, 一批, 一次性) counts only with a qualifier or a duration cue (一年内, 不超过一年).

Patterns run on ``text.fold``; every output string is sliced from ``text.raw`` at the same offsets.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from importlib import resources

from .model import DocContext, warning
from .numerals import NumeralError, to_number
from .text import Text, fold

STAGE = "quantities"

# ============================================================================================
# VOCABULARY: the words the rules read (units and their categories live in data/units.json)
# ============================================================================================
# qualifiers written before the number (the longest one that ends right before it wins)
PREFIX_QUALIFIERS = [
    "不得超过", "不得高于", "不得低于", "不得少于",
    "不超过", "不高于", "不低于", "不少于", "不多于", "不大于", "不小于", "不足", "不到", "不满",
    "超过", "突破", "达到", "高于", "低于", "多于", "少于", "大于", "小于", "至少", "至多", "最多", "最少",
    "最高", "最低", "接近", "将近", "大约", "满", "约", "近", "逾", "超", "过", "达", ">", "≥", "<", "≤",
]
# a one-character qualifier is part of a word when the character before it is one of these (下达, 节约, 附近)
QUALIFIER_WORD_STARTS = {
    "达": "下传表到通送抵发直转雷马豁畅腾长",
    "约": "节集制合条签履预违契特公相隐婚简",
    "近": "附最就邻临靠亲远贴",
    "超": "赶高追反",
    "满": "充美圆饱届期",
    # 过 (收入过亿元, 能力过万吨) is a qualifier except at the end of a verb: 通过, 经过, 度过, 受过, 记过
    "过": "通经超不越跨度走错看做受有犯记罚办胜曾见用学试放闯熬渡挺撑路穿滤掠略改悔难闪翻绕拿吃去来回听读说想得功补思",
}
# qualifiers that may stand a few characters before the number (不低于项目总投资的20%, 至少确定1个)
DISTANT_QUALIFIERS = ["不超过", "不高于", "不低于", "不少于", "不多于", "至少", "至多", "最多", "最少", "最高", "最低"]
# adverbs that bound a whole verb phrase, the number ending its object (至少建成回收站点2个 is at least 2个):
# any gap in the clause will do, as long as no other quantity stands in it
ADVERB_QUALIFIERS = {"至少", "至多", "最多", "最少"}
# qualifiers written after the unit
SUFFIX_QUALIFIERS = ["及以上", "及以下", "以上", "以下", "以内", "之内", "左右", "有余", "内", "多"]
# 内 / 多 after the unit only for these categories (3年内, 500米内, 1年多; not 3个内设机构)
INNER_CATEGORIES = {"duration", "length", "age"}
INNER_WORD_STARTS = "设部容涵外地陆河蒙江科销需在控审资"
# after a duration or an age, 内 is 'within' before a verb as well (10日内审核, 3年内在全市建成, 1个月内需完成);
# only these make it part of a word (3年内设)
INNER_WORD_STARTS_TIME = "设容涵"
# words before the number that belong in the record's text without being a qualifier (有效期3年)
TEXT_CUES = ["有效期为", "有效期是", "有效期"]
# words before a bare 月 (or a lone 一 with a time unit) that make it a duration: 为期一年, 连续3月, 试用期一年
DURATION_CUES = ["为期", "期限为", "期限", "期为", "期是", "期", "连续", "累计", "每隔", "延长", "缩短"]
# which side each qualifier bounds, and whether the bound includes the number
LOWER_INCLUSIVE = {"以上", "及以上", "不少于", "不低于", "至少", "最少", "最低", "满", "不小于", "不得低于",
                   "不得少于", "≥"}
LOWER_EXCLUSIVE = {"超过", "突破", "逾", "高于", "多于", "大于", "超", "过", "多", "有余", "余", ">"}
UPPER_INCLUSIVE = {"以下", "及以下", "以内", "之内", "内", "不超过", "不高于", "最多", "最高", "不多于",
                   "不大于", "至多", "不得超过", "不得高于", "≤"}
UPPER_EXCLUSIVE = {"低于", "少于", "小于", "不足", "不到", "不满", "<"}
APPROX_QUALIFIERS = {"约", "大约", "近", "将近", "接近", "左右"}  # the only prefixes a range takes
# before a Chinese numeral: vague (数十个, 几百家), ordinal (第三次, 十一届八次), a second numeral
# (“两个一百年”) or an opening quote (“两个维护”): not a quantity
CN_REJECT_BEFORE = "数几若好第届个“‘\"「『'"
# a number right after these is a label (专栏3, 附件2, 表1), whatever follows it
LABEL_WORDS_BEFORE = ["专栏", "附件", "附表", "表", "图", "序号"]
# after a Chinese numeral + unit: slogans and named rules, not counts (两个维护, 四个意识, 八项规定)
SLOGAN_FOLLOWERS = ["维护", "确立", "毫不动摇", "一百年", "百年", "务必", "代表", "意识", "自信", "全面",
                    "着力", "切实", "凡是", "结合", "必须", "规定"]
# after N年: the name of a plan, not a duration (第十四个五年规划, 三年行动计划, 三年提升计划)
YEAR_NAME_FOLLOWERS = ["规划", "计划", "行动", "纲要", "攻坚", "提升"]
# after N日: a calendar day, not a number of days (25日前, 1日起施行)
DAY_DATE_FOLLOWERS = ["以前", "之前", "前", "起", "止", "至", "零时", "24时"]
# 分 (score points: 82.6分, 扣2分, 低于75分) after a clock hour, a degree, 角 or 亩 is the smaller unit of
# that (10时30分, 2小时30分, 8点30分, 北纬30度15分, 3角5分, 3亩5分), not a score
SUBUNIT_BEFORE = ["个小时", "小时", "时", "点", "度", "°", "角", "亩"]
# a Chinese numeral before 分 is a score only right after one of these (扣五分, 满分一百分): 十分重要,
# 三分天下, 一分钱, 七八分 are words
SCORE_CUES = ["扣除", "扣减", "扣", "加", "减", "满分", "总分", "得分", "评分", "积分"]
SCORE_CUE_WORD_STARTS = {"加": "更增参附施添叠追外强", "减": "削缩递消衰"}
# units a date is written in: a digit run spaced out glyph by glyph (2 0 2 3 年 3 月 1 5 日) before one
# of them is a date, not a number of years or days
DATE_UNITS = {"年", "月", "日"}
# after N次: a session ordinal (十一届八次全会, 八次、九次、十次全会)
SESSION_WORDS = ["全会", "全体会议", "会议", "常委会", "代表大会"]
# ... unless it counts meetings: a holding verb or a frequency right before it (召开2次全体会议, 每季度1次
# 会议), a qualifier (每年至少召开2次全体会议, 不少于两次会议), or 两 (an ordinal says 二)
SESSION_COUNT_CUES = ["召开", "举行", "举办", "组织", "主持", "参加", "出席", "列席", "开", "每年", "每半年",
                      "每季度", "每季", "每月", "每周", "每届", "年均", "全年", "共", "累计"]
# Chinese percent markers
PERCENT_MARKERS = {"百分之": "%", "千分之": "‰", "万分之": "‱"}
# capital (financial) numerals are written for money (人民币伍万元整, 叁拾元); one standing alone is more
# often a name glyph (伍家岗, 陆家嘴, 队伍, 登陆). Outside money a numeral with one needs two or more glyphs
# and a place unit (叁拾天, 壹佰个); a lone one before a money unit needs a qualifier, a non-Han
# character or one of these before it (人民币伍元, 共计叁元)
CAPITAL_NUMERALS = "壹贰叁肆伍陆柒捌玖拾佰仟"
CAPITAL_PLACES = "拾佰仟万亿十百千"
CAPITAL_MONEY_LEADS = "币计共为额付缴收"
RANGE_CONNECTORS = ["——", "—", "-", "~", "至", "到"]
TRANSPARENT_WORDS = ["人民币"]  # 不超过人民币50万元: the qualifier still applies
# ============================================================================================

_DATA = json.loads(resources.files("pipeline.data").joinpath("units.json").read_text("utf-8"))
UNITS: dict[str, str] = dict(_DATA["units"])
MAGNITUDES: list[str] = list(_DATA["magnitudes"])
BARE_MAGNITUDES = set(_DATA["bare_magnitudes"])
CHINESE_ONLY = set(_DATA["chinese_only"])
ARABIC_ONLY = set(_DATA["arabic_only"])
BLOCKED_FOLLOWERS: dict[str, str] = dict(_DATA["blocked_followers"])
BLOCKED_ALL = BLOCKED_FOLLOWERS.get("all", "")

CN_ZEROS = "零〇○"
CN_NONZERO = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = "万亿"
CN_DIGIT_CHARS = CN_ZEROS + "".join(CN_NONZERO)
BARE_STARTS = "百佰千仟万亿"  # a numeral opening with one of these has no digit: 百家, 千亿, 亿元
CN_CHARS = CN_DIGIT_CHARS + "".join(CN_SMALL) + CN_BIG
NUM_START = frozenset("0123456789" + CN_CHARS)
CONN_CHARS = frozenset("".join(RANGE_CONNECTORS))
FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")


def _split_magnitude(u: str) -> tuple[str, str] | None:
    for mg in sorted(MAGNITUDES, key=len, reverse=True):
        if u.startswith(mg) and u[len(mg):] in UNITS:
            return mg, u[len(mg):]
    return None


def _alt(words) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        e = re.escape(w)
        if w[-1].isascii() and w[-1].isalpha():
            e += "(?![A-Za-z])"
        parts.append(e)
    return "(?:" + "|".join(parts) + ")"


# units the pattern lists: those not made of a magnitude and another unit (万元 = 万 + 元)
_PATTERN_UNITS = [u for u in UNITS if _split_magnitude(u) is None]

_AR = r"(?<![0-9A-Za-z.])[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?(?![0-9])"
_CN = rf"[{CN_CHARS}](?:[{CN_CHARS}]|点(?=[{CN_DIGIT_CHARS}]))*"
_NUM = rf"(?:{_AR}|{_CN})"
_UNIT = _alt(_PATTERN_UNITS)
_UNIT_ALL = _alt(UNITS)  # after a magnitude: 万 + 千瓦
_MAG = _alt(MAGNITUDES)
_NOTE = r"\(不?含[^()\n]{0,12}\)"
_CONN = _alt(RANGE_CONNECTORS)
_SINGLE = (rf"(?P<b>{_NUM})(?P<bx1>[多余])?"
           rf"(?:[ ]|\n(?=[%‰]))?(?:(?P<bu>{_UNIT})|(?P<bm>{_MAG})(?P<bx2>[多余])?(?P<bu2>{_UNIT_ALL})?|(?<=[万亿]))"
           rf"(?:/(?P<per>{_UNIT}))?")
# a range: a CONN b, or the legal form a以上b以下 (处1万元以上5万元以下罚款) with no connector
_RANGE_HEAD = (rf"(?P<a>{_NUM})(?P<am>{_MAG})?(?P<au>{_UNIT})?(?P<aq>以上|以下)?(?P<an>{_NOTE})?"
               rf"(?:[ ]?(?P<conn>{_CONN})[ ]?|(?<=以上))")
# the leading lookahead lets the engine skip quickly over text that cannot start a number
SCAN_RE = re.compile(rf"(?=[0-9{CN_CHARS}])(?:(?P<pk>{_alt(PERCENT_MARKERS)})(?P<pn>{_NUM})"
                     rf"|(?P<fd>{_CN})分之(?P<fn>{_CN})"
                     rf"|{_SINGLE})")
SINGLE_RE = re.compile(_SINGLE)
RANGE_RE = re.compile(_RANGE_HEAD + _SINGLE)
HEAD_TAIL_RE = re.compile(rf"[ ]?(?:以上|以下)?(?:{_NOTE})?[ ]?{_CONN}[ ]?[0-9{CN_CHARS}]|以上[0-9{CN_CHARS}]")
SUFFIX_RE = re.compile(
    rf"[ ]?(?P<n1>{_NOTE})?(?:[ ]|\n(?=以上|以下|以内|左右))?(?P<q>{_alt(SUFFIX_QUALIFIERS)})?(?P<n2>{_NOTE})?")
PREFIX_RE = re.compile(rf"(?P<q>{_alt(PREFIX_QUALIFIERS)})[ ]?$")
DISTANT_RE = re.compile(
    rf"(?P<q>{_alt(DISTANT_QUALIFIERS)})(?P<gap>{_alt(TRANSPARENT_WORDS)}|[^\s,;.。:、!?()0-9%“”\"]{{1,12}})$")
LABEL_RE = re.compile(rf"(?:第|{_alt(LABEL_WORDS_BEFORE)})[ ]?$")
CUE_RE = re.compile(rf"(?P<c>{_alt(TEXT_CUES)})[ ]?$")
PER_GAP_RE = re.compile(r"(?:每[^每\s]{1,3})+")
DURATION_CUE_RE = re.compile(rf"{_alt(DURATION_CUES)}[ ]?$")
MONTH_AFTER_RE = re.compile(rf"[0-9{CN_DIGIT_CHARS}十]{{1,3}}月")
SUBUNIT_BEFORE_RE = re.compile(rf"(?:[0-9{CN_CHARS}][ ]?{_alt(SUBUNIT_BEFORE)}|[0-9]:)[ ]?$")  # 10:30分
SCORE_CUE_RE = re.compile(rf"(?P<c>{_alt(SCORE_CUES)})[ ]?(?:{_alt(PREFIX_QUALIFIERS)})?[ ]?$")
SPACED_DIGIT_BEFORE_RE = re.compile(r"[0-9][ ]$")
SESSION_RE = re.compile(rf"(?:、[0-9{CN_CHARS}]{{1,4}}次)*{_alt(SESSION_WORDS)}")
SESSION_COUNT_RE = re.compile(rf"{_alt(SESSION_COUNT_CUES)}[ ]?$")
TITLE_RE = re.compile(r"《[^《》\n]{0,200}》")


def extract_quantities(text: Text, start: int, end: int,
                       ctx: DocContext | None = None) -> tuple[list[dict], list[dict]]:
    """Quantities in ``text.raw[start:end]``: (records, warnings), spans absolute."""
    try:
        n = len(text.raw)
        start = max(0, min(int(start or 0), n))
        end = max(start, min(n if end is None else int(end), n))
    except (TypeError, ValueError, AttributeError):
        return [], []
    if end <= start:
        return [], []
    scan = _Scan(text, start, end, ctx)
    scan.run()
    return scan.records, scan.warnings


class _Scan:
    """One pass over a region; offsets inside are relative to the region's start."""

    def __init__(self, text: Text, start: int, end: int, ctx: DocContext | None) -> None:
        self.raw = text.raw
        self.off = start
        seg = text.fold[start:end]
        raw_seg = text.raw[start:end]
        if "，" in raw_seg:
            # fold makes the Chinese comma ',': between ASCII digits it ends a clause (5，100个), only
            # between full-width digits (１，０００) is it a thousands separator
            pieces, last = [], 0
            i = raw_seg.find("，")
            while i >= 0:
                if not (i > 0 and raw_seg[i - 1] in FULLWIDTH_DIGITS):
                    pieces.append(seg[last:i])
                    pieces.append("，")
                    last = i + 1
                i = raw_seg.find("，", i + 1)
            pieces.append(seg[last:])
            seg = "".join(pieces)
        self.s = seg
        self.records: list[dict] = []
        self.warnings: list[dict] = []
        self.floor = 0  # nothing before this offset may start a new record
        skips = []
        for sp in (getattr(ctx, "skip_spans", None) or []):
            try:
                a, b = int(sp[0]) - start, int(sp[1]) - start
            except (TypeError, ValueError, IndexError):
                continue
            if b > 0 and a < len(seg):
                skips.append((a, b))
        skips += [(m.start(), m.end()) for m in TITLE_RE.finditer(seg)]
        merged: list[list[int]] = []
        for a, b in sorted(skips):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.skip_starts = [a for a, _ in merged]
        self.skip_ends = [b for _, b in merged]

    # ---------------------------------------------------------------- helpers
    def _skip_end(self, pos: int) -> int | None:
        """End of the skipped span (a table, a 《title》) that holds ``pos``, or None."""
        i = bisect.bisect_right(self.skip_starts, pos) - 1
        if i >= 0 and pos < self.skip_ends[i]:
            return self.skip_ends[i]
        return None

    def _warn(self, code: str, message: str, a: int, b: int) -> None:
        self.warnings.append(warning(STAGE, code, message, [a + self.off, b + self.off]))

    def _rawspan(self, a: int, b: int) -> str:
        return self.raw[a + self.off:b + self.off]

    def _emit(self, t0, t1, value, lo, hi, unit, qualifier, category, lo_incl, hi_incl) -> None:
        a, b = t0 + self.off, t1 + self.off
        if any(isinstance(v, float) and not math.isfinite(v) for v in (value, lo, hi)):
            self.warnings.append(warning(STAGE, "number_out_of_range", f"'{self.raw[a:b]}' is too large to "
                                         "store as a number; read it by hand", [a, b]))
            return
        self.records.append({
            "text": self.raw[a:b], "value": value, "min": lo, "max": hi, "unit": unit, "qualifier": qualifier,
            "category": category, "min_inclusive": lo_incl, "max_inclusive": hi_incl, "span": [a, b],
        })

    # ---------------------------------------------------------------- main loop
    def run(self) -> None:
        s = self.s
        pos = 0
        while True:
            m = SCAN_RE.search(s, pos)
            if m is None:
                break
            st = m.start()
            skip_to = self._skip_end(st)
            if skip_to is not None:
                pos = self.floor = max(skip_to, st + 1)
                continue
            try:
                if m.group("pk"):
                    nxt = self._percent(m)
                elif m.group("fd"):
                    nxt = self._fraction(m)
                else:
                    nxt = self._number_unit(m)
            except Exception as exc:  # noqa: BLE001 - one odd number must not cost the document its quantities
                self._warn("quantity_unparsed", f"the number in {m.group(0)!r} could not be read ({exc}); "
                           "check it by hand", st, m.end())
                nxt = m.end()
            pos = max(nxt, st + 1)
            self.floor = max(self.floor, pos)

    def _number_unit(self, m) -> int:
        s = self.s
        b0 = m.start("b")
        # the second half of a range whose first number has no unit (2—3个, 5至20万元)?
        k = b0 - 1 if b0 > 0 and s[b0 - 1] == " " else b0
        if k > 0 and s[k - 1] in CONN_CHARS:
            rm = self._range_ending_at(b0, k - 1)
            if rm is not None:
                return self._range(rm)
        # the first half of a range (18周岁至60周岁, 3万元以上至10万元以下)?
        if HEAD_TAIL_RE.match(s, m.end("bu") if m.group("bu") else m.end()):
            rm = RANGE_RE.match(s, b0)
            if rm is not None:
                return self._range(rm)
        return self._single(m)

    def _range_ending_at(self, b0: int, c: int):
        s = self.s
        lo = max(self.floor, c - 32)
        p = c - 1
        while p >= lo:
            if s[p] in NUM_START and (p == 0 or s[p - 1] not in NUM_START) and \
                    not (p > 1 and s[p - 1] in ".," and s[p - 2] in NUM_START):
                rm = RANGE_RE.match(s, p)
                if rm is not None and rm.start("b") == b0:
                    return rm
            p -= 1
        return None

    # ---------------------------------------------------------------- numbers
    def _number(self, num: str, a: int, bare_ok: bool = False):
        """(value, magnitude ending the numeral, its offset) for a numeral at s[a:]; None if malformed."""
        if num[0] in "0123456789":
            return to_number(num), "", -1
        norm = cn_normalize(num, bare_ok)
        if norm is None:
            return None
        for mg in ("万亿", "亿", "万"):
            if norm.endswith(mg) and len(norm) > len(mg):
                head = norm[: -len(mg)]
                if "万" not in head and "亿" not in head:
                    return to_number(head), mg, a + len(num) - len(mg)
        return to_number(norm), "", -1

    # ---------------------------------------------------------------- context
    def _prefix(self, a: int) -> tuple[str | None, int]:
        """The qualifier written right before s[a]: (as written, its start) or (None, a)."""
        w = self.s[max(0, a - 6):a]
        pm = PREFIX_RE.search(w)
        if not pm:
            return None, a
        q = pm.group("q")
        qs = a - len(w) + pm.start("q")
        if len(q) == 1 and qs > 0 and self.s[qs - 1] in QUALIFIER_WORD_STARTS.get(q, ""):
            return None, a
        return self._rawspan(qs, qs + len(q)), qs

    def _distant(self, a: int) -> tuple[str | None, int]:
        """A qualifier a few characters before the number in the same clause (不低于总投资的20%)."""
        w = self.s[max(0, a - 16):a]
        dm = DISTANT_RE.search(w)
        if not dm:
            return None, a
        gap = dm.group("gap")
        per = PER_GAP_RE.fullmatch(gap) is not None  # 不低于每亩300万元, 不低于每公里每年1000元
        near = (len(gap) <= 2 or gap in TRANSPARENT_WORDS) and not per
        q = dm.group("q")
        adverb = q in ADVERB_QUALIFIERS and not any(sm.group("bu") for sm in SINGLE_RE.finditer(gap))
        if not (near or per or gap.endswith("的") or adverb):
            return None, a
        qs = a - len(w) + dm.start("q")
        if self.records and self.records[-1]["span"][1] > qs + self.off:
            return None, a  # 至少建成1个中心和3个站点: the qualifier went to the first number
        return self._rawspan(qs, qs + len(dm.group("q"))), (qs if near else a)

    def _suffix(self, e: int, category: str):
        """The qualifier after the unit ending at s[e]: (as written, new end, 含/不含 note) or (None, e, None)."""
        sm = SUFFIX_RE.match(self.s, e)
        q = sm.group("q")
        if not q:
            n1 = sm.group("n1")  # 不超过3年(含3年): the note belongs to the quantity
            return (None, sm.end("n1"), not n1.startswith("(不")) if n1 else (None, e, None)
        qe = sm.end("q")
        if q in ("内", "多"):
            if category not in INNER_CATEGORIES:
                return None, e, None
            starts = INNER_WORD_STARTS_TIME if category in ("duration", "age") else INNER_WORD_STARTS
            if q == "内" and qe < len(self.s) and self.s[qe] in starts:
                return None, e, None
        note = sm.group("n1") or sm.group("n2")
        qs = sm.start("q")
        if q in ("及以上", "及以下"):
            qs += 1  # 4层及以上 bounds like 4层以上: the qualifier is 以上, the text keeps 及
        qraw = self._rawspan(qs, qe)
        if q == "内":
            qraw = "以" + qraw
        return qraw, sm.end(), (None if not note else not note.startswith("(不"))

    def _unit_rejected(self, unit: str, num_is_cn: bool, ue: int) -> bool:
        """The unit is part of a word (人民, 年度, 条例, 支持) or does not go with this kind of numeral."""
        nxt = self.s[ue] if ue < len(self.s) else ""
        if nxt and (nxt in BLOCKED_ALL or nxt in BLOCKED_FOLLOWERS.get(unit, "")):
            return True
        if num_is_cn:
            return unit in ARABIC_ONLY
        return unit in CHINESE_ONLY

    def _not_a_quantity(self, unit: str, value, num: str, a: int, ue: int, has_cue: bool) -> bool:
        """N年 / N月 / N日 that is a calendar expression, N次 that is a session ordinal."""
        s = self.s
        if unit in DATE_UNITS and SPACED_DIGIT_BEFORE_RE.search(s, max(0, a - 2), a):
            return True  # 2 0 2 3 年 3 月 1 5 日: the tail of a date spaced out glyph by glyph
        if UNITS.get(unit) == "score":
            return self._not_a_score(num, a, ue)
        if unit == "年":
            if isinstance(value, int) and 1000 <= value <= 2999 and not has_cue:
                return True  # 2025年
            if MONTH_AFTER_RE.match(s, ue):
                return True  # 22年3月
            return any(s.startswith(w, ue) for w in YEAR_NAME_FOLLOWERS)
        if unit == "月":
            return not has_cue  # 3月 is March; 连续3月 is a duration
        if unit == "日":
            before = s[max(0, a - 2):a].rstrip(" ")
            if before.endswith("月") or before.endswith("号"):
                return True
            return any(s.startswith(w, ue) for w in DAY_DATE_FOLLOWERS)
        if unit == "次":
            return SESSION_RE.match(s, ue) is not None and not self._counts_meetings(num, a)
        return False

    def _counts_meetings(self, num: str, a: int) -> bool:
        """N次 before a meeting word that counts meetings (召开2次全体会议), not a session ordinal (十一届八次全会)."""
        if num.startswith("两") or num.startswith("俩"):
            return True
        pq, pqs = self._prefix(a)
        if pq is not None:
            return True  # 不少于两次会议, 至少2次全体会议
        if SESSION_COUNT_RE.search(self.s, max(0, a - 4), a):
            return True  # 召开2次, 每季度1次
        return self._distant(a)[0] is not None  # 至少召开2次全体会议

    def _not_a_score(self, num: str, a: int, ue: int) -> bool:
        """N分 that is not a score: minutes after an hour (10时30分), the small unit after 度/角/亩, a
        clock or a sub-unit run on (30分15秒, 3分5厘), or a Chinese numeral with no scoring verb before it."""
        s = self.s
        if SUBUNIT_BEFORE_RE.search(s, max(0, a - 6), a):
            return True
        k = ue + 1 if s.startswith(" ", ue) else ue
        if k < len(s) and s[k] in "0123456789":
            return True
        if num[0] in "0123456789":
            return False
        cm = SCORE_CUE_RE.search(s, max(0, a - 8), a)
        if cm is None:
            return True
        c, cs = cm.group("c"), cm.start("c")
        return len(c) == 1 and cs > 0 and s[cs - 1] in SCORE_CUE_WORD_STARTS.get(c, "")

    def _capital_rejected(self, num: str, category: str | None, a: int, has_qualifier: bool) -> bool:
        """A numeral with a capital glyph (伍, 陆, 拾 …) that is part of a name, not an amount (伍家岗)."""
        if not any(c in CAPITAL_NUMERALS for c in num):
            return False
        if category != "money":
            return len(num) < 2 or not any(c in CAPITAL_PLACES for c in num)
        if len(num) >= 2 or has_qualifier:
            return False
        prev = self.s[a - 1] if a > 0 else ""
        return bool(prev) and "\u4e00" <= prev <= "\u9fff" and prev not in CAPITAL_MONEY_LEADS

    # ---------------------------------------------------------------- record kinds
    def _single(self, m) -> int:
        """A number with its unit, from a SCAN_RE or SINGLE_RE match."""
        s = self.s
        num, bx1, bu1, bm, bx2, bu2, per = m.group("b", "bx1", "bu", "bm", "bx2", "bu2", "per")
        b0, b1 = m.span("b")
        num_is_cn = num[0] not in "0123456789"
        prev = s[b0 - 1] if b0 > 0 else ""
        if LABEL_RE.search(s, max(0, b0 - 3), b0):
            return m.end()  # 第3批, 专栏3, 附件2
        if num_is_cn and ((prev and prev in CN_REJECT_BEFORE) or all(c in CN_ZEROS for c in num)):
            return m.end()
        bu = bu1 or bu2
        if bu1:
            us, ue = m.span("bu")
        elif bu2:
            us, ue = m.span("bu2")
        else:
            us = ue = m.end("bm") if bm else b1
        if bu and self._unit_rejected(bu, num_is_cn, ue):
            return m.end()
        pq, pqs = self._prefix(b0)
        if num_is_cn and len(num) == 2 and all(c in CN_DIGIT_CHARS for c in num):
            return self._digit_pair(m, num, b0, bu, us, ue, pq, pqs)
        # a magnitude standing alone for one of it (亿元以上, 过万吨, 近百家, 千余人); it needs a qualifier below
        bare = num_is_cn and num[0] in BARE_STARTS
        if bare and s.startswith("级", ue):
            return m.end()  # 千亿级产业, 百亿元级企业: the name of a class, not an amount
        parsed = self._number(num, b0, bare_ok=bare or pq is not None)
        if parsed is None:
            if num_is_cn and bu and len(num) > 1 and any(c in CN_SMALL or c in CN_BIG for c in num) \
                    and UNITS.get(bu) in ("money", "percent", "area", "length", "volume", "weight"):
                self._warn("numeral_unparsed", f"'{self._rawspan(b0, ue)}' looks like a quantity but its Chinese "
                           "numeral is malformed; read the number by hand", b0, ue)
            return m.end()
        value, cn_mag, cn_mag_at = parsed
        if cn_mag:
            mag, mag_span = cn_mag, (cn_mag_at, b1)
        elif bm:
            mag, mag_span = bm, m.span("bm")
        else:
            mag, mag_span = "", None
        if bu:
            category = UNITS.get(mag + bu) or UNITS.get(bu, "count")
        elif mag in BARE_MAGNITUDES:
            category = "magnitude"
        else:
            return m.end()
        end_unit = ue
        if per:
            if self._unit_rejected(per, False, m.end("per")):
                per = None
            else:
                end_unit = m.end("per")
        cue = CUE_RE.search(s, max(0, b0 - 6), b0)
        has_cue = pq is not None or cue is not None or DURATION_CUE_RE.search(s, max(0, b0 - 5), b0) is not None
        if bu and self._not_a_quantity(bu, value, num, b0, ue, has_cue):
            return end_unit
        if num_is_cn and bu and (any(s.startswith(w, ue) for w in SLOGAN_FOLLOWERS)
                                 or (ue < len(s) and s[ue] in CN_NONZERO)):
            return end_unit  # 两个维护, 五个一批, 三个一百年: slogans, not counts
        sq, end, note_incl = self._suffix(end_unit, category)
        if not bu and not (pq or sq):
            return end_unit  # a bare magnitude needs a qualifier: 突破千亿, 1万以上
        approx_span = m.span("bx1") if bx1 else (m.span("bx2") if bx2 else None)
        if num_is_cn and self._capital_rejected(num, category if bu else None, b0, bool(pq or sq or approx_span)):
            return end_unit  # 伍家岗, 陆家嘴: a name glyph, not five 家
        if bare and not (pq or sq or approx_span):
            return end_unit  # 千家万户, 万元GDP能耗, 百年老店, 千人计划: a word or a name, not an amount
        if num_is_cn and num == "一" and not (pq or sq or approx_span or (has_cue and category in ("duration", "age"))):
            return end_unit  # 一个, 一批, 一次性, 上一个月: words, not counts
        if num_is_cn and num == "二":
            return end_unit  # 二次供水, 二元结构, 二级: an ordinal or a word (a count says 两)
        # the qualifier: a suffix wins (达到90%以上 → 90%以上), then a prefix, then 多/余, then a distant one
        t0, qualifier = b0, None
        if sq:
            qualifier = sq
            if pq and _fold_q(sq) in APPROX_QUALIFIERS:
                t0 = pqs  # 达到15%左右 keeps its verb; 达到90%以上 reads 90%以上
        elif pq:
            qualifier, t0 = pq, pqs
        elif approx_span:
            qualifier = self._rawspan(*approx_span)
        else:
            dq, dqs = self._distant(b0)
            if dq:
                qualifier, t0 = dq, dqs
        if cue is not None and t0 == b0:
            t0 = cue.start("c")
        unit_raw = (self._rawspan(*mag_span) if mag_span else "") + (self._rawspan(us, ue) if bu else "") + \
            (self._rawspan(m.start("per") - 1, end_unit) if per else "")
        lo_incl, hi_incl = _bound_flags(_fold_q(qualifier), note_incl)
        self._emit(t0, end, value, None, None, unit_raw, qualifier, category, lo_incl, hi_incl)
        return end

    def _digit_pair(self, m, num, b0, bu, us, ue, pq, pqs) -> int:
        """两三个 / 三五年: two digits in a row, a rough range; other digit runs (二〇二五, 一二) are not."""
        d1, d2 = (CN_NONZERO.get(c, 0) for c in num)
        if not bu or not (d1 and d2 and (d2 == d1 + 1 or (d1, d2) == (3, 5))) or num[0] == "二":
            return m.end()
        if any(c in CAPITAL_NUMERALS for c in num):
            return m.end()  # 伍陆家: capital glyphs write exact amounts, never a rough range
        if bu in ("月", "日") or UNITS.get(bu) == "score":
            return m.end()  # 三四月, 七八分 (七八分饱): not ranges
        category = UNITS.get(bu, "count")
        sq, end, _ = self._suffix(ue, category)
        t0, qualifier = b0, sq
        if not sq and pq:
            qualifier, t0 = pq, pqs
        self._emit(t0, end, None, d1, d2, self._rawspan(us, ue), qualifier, category, None, None)
        return end

    def _percent(self, m) -> int:
        """百分之六十 → 60 %, 千分之三 → 3 ‰ (the unit is the symbol the words stand for)."""
        pn = m.group("pn")
        a, e = m.start(), m.end()
        if pn[0] in "0123456789":
            value = to_number(pn)
        else:
            norm = cn_normalize(pn, bare_ok=True)
            if norm is None:
                self._warn("numeral_unparsed", f"'{self._rawspan(a, e)}' is a percentage with a malformed "
                           "numeral; read the number by hand", a, e)
                return e
            value = to_number(norm)
        unit = PERCENT_MARKERS[m.group("pk")]
        return self._plain(a, e, value, unit, UNITS.get(unit, "percent"))

    def _fraction(self, m) -> int:
        """三分之二 → 0.666…, unit '' (a ratio has none)."""
        a, e = m.start(), m.end()
        prev = self.s[a - 1] if a > 0 else ""
        if prev and prev in CN_REJECT_BEFORE:
            return e
        den, num = cn_normalize(m.group("fd"), True), cn_normalize(m.group("fn"), True)
        if den is None or num is None or not to_number(den):
            return e
        return self._plain(a, e, to_number(f"{den}分之{num}"), "", "fraction")

    def _plain(self, a: int, e: int, value, unit: str, category: str) -> int:
        pq, pqs = self._prefix(a)
        sq, end, note_incl = self._suffix(e, category)
        t0, qualifier = a, None
        if sq:
            qualifier = sq
        elif pq:
            qualifier, t0 = pq, pqs
        lo, hi = _bound_flags(_fold_q(qualifier), note_incl)
        self._emit(t0, end, value, None, None, unit, qualifier, category, lo, hi)
        return end

    def _range(self, rm) -> int:
        """a CONN b unit: 2—3个, 18周岁至60周岁, 5万元至20万元, 3万元以上至10万元以下(含10万元)."""
        s = self.s
        a0, a1 = rm.span("a")
        b0, b1 = rm.span("b")
        anum, am, au, aq, an, conn = rm.group("a", "am", "au", "aq", "an", "conn")
        bnum, bu1, bm, bu2, per = rm.group("b", "bu", "bm", "bu2", "per")
        bu = bu1 or bu2
        a_cn, b_cn = anum[0] not in "0123456789", bnum[0] not in "0123456789"

        def each_alone() -> int:
            # not one range: the first number keeps its own unit if it has one, the scan goes on at the second
            if au or am:
                sm = SINGLE_RE.match(s, a0)
                if sm is not None:
                    self._single(sm)
            self.floor = max(self.floor, b0)
            return b0

        prev = s[a0 - 1] if a0 > 0 else ""
        if LABEL_RE.search(s, max(0, a0 - 3), a0) or (a_cn and prev and prev in CN_REJECT_BEFORE):
            return rm.end()
        if a_cn != b_cn:
            return each_alone()
        if conn is None and not (au and bu and a_cn == b_cn and SUFFIX_RE.match(s, rm.end()).group("q")
                                 in ("以下", "以内") and (am or "") + au == (bm or "") + (bu or "")):
            return each_alone()  # 5万元以上10家: not the legal a以上b以下 form
        if conn == "-" and anum[0] == "0" and len(anum) >= 3:
            return rm.end()  # a telephone number: 0971-8256731 (but 0-3岁 is a range)
        pa, pb = self._number(anum, a0), self._number(bnum, b0)
        if pb is None:
            return rm.end()
        if pa is None:
            return each_alone()
        va, amag, _ = pa
        vb, bmag, bmag_at = pb
        a_unit = (amag or "") + (am or "") + (au or "")
        b_mag = (bmag or "") + (bm or "")
        if not bu and not b_mag:
            return rm.end()
        if a_unit and a_unit != b_mag + (bu or "") and not (not au and a_unit == b_mag):
            if au and bu and au != bu and UNITS.get(au) == UNITS.get(bu) and UNITS.get(au) != "duration":
                self._warn("range_unit_mismatch", f"'{self._rawspan(a0, rm.end())}' joins two different units; "
                           "each end is reported on its own", a0, rm.end())
            return each_alone()
        if bu1:
            us, ue = rm.span("bu")
        elif bu2:
            us, ue = rm.span("bu2")
        else:
            us = ue = rm.end("bm") if bm else b1
        if bu == "年" and any(isinstance(v, int) and 1000 <= v <= 2999 for v in (va, vb)):
            return rm.end()  # 2016—2020年: a period of years, read by the dates stage
        if bu and self._unit_rejected(bu, b_cn, ue):
            return rm.end()
        pq, pqs = self._prefix(a0)
        has_cue = pq is not None or DURATION_CUE_RE.search(s, max(0, a0 - 5), a0) is not None
        if bu and self._not_a_quantity(bu, vb, bnum, a0, ue, has_cue):
            return rm.end()
        if not bu and not pq:
            return rm.end()
        category = UNITS.get(b_mag + (bu or "")) or UNITS.get(bu or "", "magnitude")
        if (a_cn and self._capital_rejected(anum, category, a0, pq is not None)) or \
                (b_cn and self._capital_rejected(bnum, category, b0, True)):
            return rm.end()  # 伍至陆家: capital glyphs outside money are names, not a range
        end_unit = ue
        if per:
            if self._unit_rejected(per, False, rm.end("per")):
                per = None
            else:
                end_unit = rm.end("per")
        sq, end, note_incl = self._suffix(end_unit, category)
        if bmag:
            mag_span = (bmag_at, b1)
        elif bm:
            mag_span = rm.span("bm")
        else:
            mag_span = None
        unit_raw = (self._rawspan(*mag_span) if mag_span else "") + (self._rawspan(us, ue) if bu else "") + \
            (self._rawspan(rm.start("per") - 1, end_unit) if per else "")
        lo_incl = hi_incl = True  # 2至3个 includes both ends
        if an:
            lo_incl = not an.startswith("(不")
        fq = _fold_q(sq)
        if fq in UPPER_EXCLUSIVE:
            hi_incl = False
        if note_incl is not None:
            hi_incl = note_incl
        t0, qualifier = a0, None
        if sq and fq not in ("以下", "及以下", "以内", "内", "之内"):
            qualifier = sq
        elif pq and _fold_q(pq) in APPROX_QUALIFIERS:  # 约2—3个; 年满18周岁至60周岁 bounds only its first number
            qualifier, t0 = pq, pqs
        if va > vb:
            self._warn("range_inverted", f"the range '{self._rawspan(a0, end)}' runs from the larger number to the "
                       "smaller; check which end is meant", a0, end)
        self._emit(t0, end, None, va, vb, unit_raw, qualifier, category, lo_incl, hi_incl)
        return end


# ============================================================================================
# Tables: a unit declared once in a header applies to the numbers under or beside it
# ============================================================================================
# a unit in brackets at the end of a header: 计划人数(人), 总投资（万元）, 2025年目标值(%), 投资(单位:万元)
HEADER_UNIT_RE = re.compile(r"[(](?:(?:计量|金额)?单位[:])?[ ]?(?P<u>[^()\n]{1,12}?)[ ]?[)][ ]?$")
# a column that holds each row's unit (指标 | 单位 | 2020年 | 2025年); its cells must read as units,
# since 单位 also heads a column of organisations
UNIT_COLUMN_HEADERS = {"单位", "计量单位"}
# a row label that declares a unit is a name, not a sentence or a count (更新设备18台(套) is not one)
_LABEL_BAD_RE = re.compile(r"[,;。:，；：]|[0-9][^0-9(]{0,3}$")
_CELL_NUM = rf"(?:[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?|\.[0-9]+|{_CN})"
_CELL_MAG = r"(?:万亿|亿|万|千)"
CELL_RE = re.compile(rf"(?P<q1>{_alt(PREFIX_QUALIFIERS)}|±)?(?P<sign>[+-])?(?P<num>{_CELL_NUM})(?P<mag>{_CELL_MAG})?"
                     rf"(?P<unit>{_UNIT_ALL})?(?P<q2>{_alt(SUFFIX_QUALIFIERS)})?")
CELL_RANGE_RE = re.compile(rf"(?P<a>{_CELL_NUM})(?P<am>{_CELL_MAG})?[ ]?{_CONN}[ ]?(?P<num>{_CELL_NUM})"
                           rf"(?P<mag>{_CELL_MAG})?(?P<unit>{_UNIT_ALL})?(?P<q2>左右)?")


def _unit_category(u: str) -> str | None:
    """The category of a unit written in a header (万元, %, 元/平方米, 万千瓦时), None if not a unit."""
    u = u.replace(" ", "")
    if "/" in u:
        head, _, per = u.partition("/")
        return _unit_category(head) if head and _unit_category(per) is not None else None
    if u in UNITS:
        return UNITS[u]
    sp = _split_magnitude(u)
    return UNITS[sp[1]] if sp else None


def _declared_unit(raw: str, bracketed: bool = True) -> tuple[str, str, str] | None:
    """(unit as written, folded, category) declared by a header cell, or None."""
    raw = raw.strip()
    f = fold(raw)
    if bracketed:
        m = HEADER_UNIT_RE.search(f)
        if m is None:
            return None
        a, b = m.span("u")
    else:
        a, b = 0, len(f)
    cat = _unit_category(f[a:b])
    return None if cat is None else (raw[a:b], f[a:b].replace(" ", ""), cat)


def _row_label_unit(cell: str) -> tuple[str, str, str] | None:
    """The unit a row's label declares (省级高新区(个), 森林蓄积量(万立方米)); None for other cells."""
    f = fold(cell.strip())
    if not f or len(f) > 40 or CELL_RE.fullmatch(f.replace(" ", "")):
        return None
    m = HEADER_UNIT_RE.search(f)
    if m is None or _LABEL_BAD_RE.search(f[:m.start()]):
        return None
    return _declared_unit(cell)


def _cell_value(num: str):
    if num[0] in "0123456789.":
        return to_number(num if num[0] != "." else "0" + num)
    v = cn_value(num, bare_ok=True)
    if v is None or any(c in "万亿" for c in num):
        return None  # a Chinese numeral with its own magnitude in a cell: too rare to guess at
    return v


def table_quantities(table: dict, text: Text | None = None) -> list[dict]:
    """A quantity for every number in ``table`` (a record of the tables stage) whose unit is declared
    once for its column or its row: in the column header (计划人数(人), 总投资（万元）, 2025年目标值(%)),
    in the row's label (省级高新区(个) | 2 | 4, and the row header of a transposed table), or in a
    单位 column whose cell is a unit. A unit written in the cell itself (12.5%, 3万元) is kept.

    Records have the stage's shape: ``text`` the cell as written, ``value`` (or ``min``/``max`` for
    2—3), ``unit`` (a magnitude in the cell goes in front: 1.5万 under (人) is 1.5 万人), ``qualifier``
    from the cell (7.5以上), ``category``, ``min_inclusive``/``max_inclusive``, and ``row`` (1-based),
    ``column`` (the header as written), ``table_id``, in the table's own layout (``rows``/``columns``).
    The tables stage records no per-cell spans, so ``span`` is the table's span. The 序号 column,
    calendar years under 年, and the 合计 row (kept by the tables stage as a parsed number) are not read.
    ``text`` is not needed to read the table; it is accepted for a caller that locates cells.
    """
    from .tables import SEQ_HEADERS  # local: the tables stage imports nothing from here

    columns = [c if isinstance(c, str) else "" for c in (table.get("columns") or [])]
    rows = table.get("rows") or []
    span = table.get("span")
    span = [int(span[0]), int(span[1])] if isinstance(span, (list, tuple)) and len(span) == 2 else None
    col_keys = [fold(c).replace(" ", "") for c in columns]
    col_units = [_declared_unit(c) for c in columns]
    unit_cols = [ci for ci, k in enumerate(col_keys) if k in UNIT_COLUMN_HEADERS]
    skip_cols = {ci for ci, k in enumerate(col_keys) if k in SEQ_HEADERS}
    out: list[dict] = []
    for ri, row in enumerate(rows):
        if not isinstance(row, (list, tuple)):
            continue
        cells = [c if isinstance(c, str) else "" for c in row]
        found = {u for u in (_row_label_unit(c) for ci, c in enumerate(cells)
                             if col_units[ci:ci + 1] in ([], [None]) and ci not in unit_cols) if u}
        found |= {u for u in (_declared_unit(cells[ci], bracketed=False) for ci in unit_cols if ci < len(cells)) if u}
        row_unit = next(iter(found)) if len(found) == 1 else None
        for ci, cell in enumerate(cells):
            if ci in skip_cols or ci in unit_cols:
                continue
            declared = col_units[ci] if ci < len(col_units) and col_units[ci] else row_unit
            if declared is None:
                continue
            rec = _table_cell(cell, declared)
            if rec is None:
                continue
            rec.update(span=list(span) if span else None, row=ri + 1,
                       column=columns[ci] if ci < len(columns) else None, table_id=table.get("id"))
            out.append(rec)
    return out


def _table_cell(cell: str, declared: tuple[str, str, str]) -> dict | None:
    """One cell read under a declared unit (as written, folded, category); None if it is not a number."""
    raw = "".join(cell.split())
    if not raw:
        return None
    f = fold(raw)
    m = CELL_RE.fullmatch(f)
    rm = None if m else CELL_RANGE_RE.fullmatch(f)
    if m is None and rm is None:
        return None
    g = m or rm
    u_raw, u_fold, category = declared
    mag, unit = g.group("mag"), g.group("unit")
    if unit:  # the cell writes its own unit: 12.5%, 3万元
        u_raw, u_fold = raw[g.start("unit"):g.end("unit")], unit
        category = _unit_category(unit) or "count"
    if mag:
        if _split_magnitude(u_fold) or u_fold in MAGNITUDES:
            return None  # 1.5万 under (万元): which magnitude is meant cannot be told
        u_raw, u_fold = raw[g.start("mag"):g.end("mag")] + u_raw, mag + u_fold
        category = _unit_category(u_fold) or category
    value = _cell_value(g.group("num"))
    if value is None:
        return None
    if u_fold == "年" and isinstance(value, int) and 1000 <= value <= 2999:
        return None  # a calendar year, not a number of years
    q2 = g.group("q2")
    qualifier = raw[g.start("q2"):g.end("q2")] if q2 else None
    if q2 == "内":
        qualifier = "以" + qualifier
    elif q2 in ("及以上", "及以下"):
        qualifier = qualifier[1:]
    if m is not None:
        q1 = m.group("q1")
        if q1 and not q2:
            qualifier = raw[m.start("q1"):m.end("q1")]
        if m.group("sign") == "-":
            value = -value
        lo_incl, hi_incl = _bound_flags(_fold_q(qualifier), None)
        lo = hi = None
    else:
        lo = _cell_value(rm.group("a"))
        if lo is None or (rm.group("am") and rm.group("am") != mag):
            return None  # 1万—5千: two magnitudes, not one range
        lo, hi, value = lo, value, None
        lo_incl = hi_incl = True
    return {"text": cell.strip(), "value": value, "min": lo, "max": hi, "unit": u_raw, "qualifier": qualifier,
            "category": category, "min_inclusive": lo_incl, "max_inclusive": hi_incl}


def _fold_q(q: str | None) -> str | None:
    return None if q is None else fold(q)


def _bound_flags(q: str | None, note_incl: bool | None) -> tuple[bool | None, bool | None]:
    """(min_inclusive, max_inclusive) of a single value: the side its qualifier bounds, and how."""
    if q in LOWER_INCLUSIVE or q in LOWER_EXCLUSIVE:
        return (note_incl if note_incl is not None else q in LOWER_INCLUSIVE), None
    if q in UPPER_INCLUSIVE or q in UPPER_EXCLUSIVE:
        return None, (note_incl if note_incl is not None else q in UPPER_INCLUSIVE)
    return None, None


# ============================================================================================
# Chinese numerals: strict reading (a span that is not a well-formed numeral is not a number)
# ============================================================================================
def cn_normalize(s: str, bare_ok: bool = False) -> str | None:
    """A well-formed Chinese numeral, in the form ``numerals.to_number`` reads; None if malformed.

    一百零二, 三千五百万, 十五, 二点五 pass; 十一五, 五十千, 一二, 万 fail. The spoken short forms
    are completed (一千五 → 一千五百, 两万五 → 两万五千), which ``to_number`` alone misreads.
    ``bare_ok`` lets a numeral start with 百/千/万/亿 (近百家, 突破千亿), read as 一百 / 一千.
    """
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or not whole or any(c not in CN_DIGIT_CHARS for c in frac):
            return None
        w = cn_normalize(whole, bare_ok)
        return None if w is None else f"{w}点{frac}"
    if len(s) == 1:
        if s in CN_DIGIT_CHARS or s in "十拾":
            return s
        if bare_ok and s in "百佰千仟万亿":
            return "一" + s  # 百 → 一百, 亿 (亿元以上) → 一亿
        return None
    if all(c in CN_DIGIT_CHARS for c in s):
        return None  # 二〇二五, 一二: digit by digit, a year or a list, not an amount
    if bare_ok and s[0] in "百佰千仟万亿":
        s = "一" + s
    return _big(s)


def _big(s: str) -> str | None:
    if s.count("亿") > 1:
        return None
    if "亿" in s:
        head, tail = s.split("亿")
        h = _wan(head, False) if head else None
        if h is None:
            return None
        if not tail:
            return h + "亿"
        if len(tail) == 1 and tail in CN_NONZERO:  # 三亿五 = 三亿五千万
            return h + "亿" + tail + "千万"
        t = _wan(tail, True)
        return None if t is None else h + "亿" + t
    return _wan(s, False)


def _wan(s: str, lead_zero: bool) -> str | None:
    if s.count("万") > 1:
        return None
    if "万" in s:
        head, tail = s.split("万")
        h = _section(head, lead_zero) if head else None
        if h is None:
            return None
        if not tail:
            return h + "万"
        if len(tail) == 1 and tail in CN_NONZERO:  # 两万五 = 两万五千
            return h + "万" + tail + "千"
        t = _section(tail, True)
        return None if t is None else h + "万" + t
    return _section(s, lead_zero)


def _section(s: str, lead_zero: bool) -> str | None:
    """A numeral below 10^4: place units strictly falling, one digit before each (十 may open alone)."""
    last_unit = 10 ** 4
    pending = False
    prev = None  # 'digit' | 'zero' | 'unit'
    for i, ch in enumerate(s):
        if ch in CN_ZEROS:
            if pending or prev == "zero" or (i == 0 and not lead_zero):
                return None
            prev = "zero"
        elif ch in CN_NONZERO:
            if pending:
                return None
            pending = True
            prev = "digit"
        elif ch in CN_SMALL:
            u = CN_SMALL[ch]
            if u >= last_unit or (not pending and not (u == 10 and (i == 0 or prev == "zero"))):
                return None
            last_unit = u
            pending = False
            prev = "unit"
        else:
            return None
    if prev == "zero":
        return None
    if pending and len(s) >= 2 and s[-2] in CN_SMALL and last_unit in (100, 1000):
        return s + ("百" if last_unit == 1000 else "十")  # 一千五 = 一千五百, 三百五 = 三百五十
    return s


def cn_value(s: str, bare_ok: bool = False):
    """The value of a Chinese numeral span as this stage reads it; None when malformed."""
    norm = cn_normalize(s, bare_ok)
    if norm is None:
        return None
    try:
        return to_number(norm)
    except (NumeralError, ValueError, ArithmeticError):
        return None
