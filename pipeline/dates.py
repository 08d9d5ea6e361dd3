"""Stage "dates": every date, deadline, target, period, effective date and expiry in a region.

    extract_dates(text, start, end, ctx) -> (records, warnings)

Each record has the contract's fields: ``text`` (the surface, sliced from ``text.raw``),
``kind`` (deadline | target | effective | expiry | period | published | mention), ``value``
(ISO at the precision written: ``2025``, ``2022-10``, ``2022-01-28``, ``2022-Q1``, ``2022-H1``,
an interval ``2021/2025``), ``start`` / ``end`` (first and last day covered), ``inferred_year``
and an absolute ``span``. The 成文日期 (``ctx.signed_span``) is left to the documents stage.

How it works: one pass of a compiled pattern finds date *atoms* (``2019年9月底``, ``5月20日``,
``年底``, ``一季度``, ``2022-03-22`` ...) on ``text.fold``; atoms joined by 至/—/- become
intervals, atoms joined by 、/及/和 form a list over which a trailing 前 distributes; the
words around each atom (到 …, … 前, 自 … 起施行, 截至 …, 每年 …) decide its kind. Separate
patterns find five-year plans (“十四五”期间), 自印发之日起施行 and 有效期N年. A time-limit label on
the same line (完成时限：, 时间节点:) makes whatever date follows it a deadline; a quarter or half
year is a period unless a cue makes it a time limit (完成时限：上半年, 三季度末, 第三季度完成 — the
last only when that quarter has not already passed at the document's date); a start (2023年起)
is never a deadline. A quarter or half year that is a verb's object or takes 的 (完成上半年培训补贴审核)
says which things are meant: a mention, not a period. A holiday (国庆节前, 2024年春节前, 元旦、春节前)
is its own day at day precision — fixed (10-01, 01-01, 05-01) or from the tables of 春节, 端午,
中秋 and 清明 in the data — and is kept only where a marker makes it a deadline, target or effective
date (or, with its year written, as a mention). Every word list lives in ``pipeline/data/dates.json``.

Also exported: ``parse_full_date(s)`` (one written date to ISO, for 成文日期),
``cell_deadlines(s, year, doc_date)`` (the deadlines of one time-limit table cell, full rules),
``task_deadline_values(records)`` and ``mark_deadline_cells(records, spans, text)`` (dates in a
table's 完成时限 column are deadlines; the caller knows the column).
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from .model import DocContext, warning
from .numerals import NumeralError, cn_to_int
from .text import Text, fold as _fold

STAGE = "dates"

# ---------------------------------------------------------------------------------------------
# Vocabulary (pipeline/data/dates.json) and the patterns built from it, compiled once at import.
# ---------------------------------------------------------------------------------------------
_D = json.loads(resources.files("pipeline.data").joinpath("dates.json").read_text("utf-8"))


def _alt(words) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cls(chars: str) -> str:
    return "".join(re.escape(c) for c in dict.fromkeys(chars))


CN_DIGIT = "〇零○一二三四五六七八九"
CN_NUM = CN_DIGIT + "十百千万两"
G = r"[ ]{0,3}(?:\n[ ]{0,8})?"  # what may sit between two parts of a date: spaces, one line break
_PART_FOLLOW = _cls(_D["part_initial_may_follow"])
_INITIAL = rf"初(?=[{_PART_FOLLOW}]|$)"  # 年初 / 月初, but not 初步 / 初期 …
_YEAR_PARTS = _alt(k for k in _D["year_parts"] if k != "初")  # 2022年底; the whole year is covered
_MONTH_PARTS = _alt(k for k in _D["month_parts"] if k != "初")  # 6月底, 7月中旬; the whole month
_REL = _cls("".join(_D["relative_years"]))
_QW = _cls("".join(_D["quarter_words"]))
# holidays (国庆节, 春节 …): a name → a fixed MM-DD or a table of year → MM-DD
_HOLIDAYS = _D["holidays"]
_HOLIDAY_TABLES = _D["holiday_tables"]
# 五一 is not the tail of a number (十五一); 国庆 is not 国庆节's prefix only (longest first)
_HOL = rf"(?<![{CN_NUM}])(?:{_alt(_HOLIDAYS)})"
_PERIOD_OBJECT_VERBS = sorted(_D["period_object_verbs"], key=len, reverse=True)
_PERIOD_OBJECT_AFTER = _D["period_object_after"]
_HW = _cls("".join(_D["half_words"]))

YEAR_AR = r"(?<![0-9.])[12][0-9]{3}(?![0-9])"
YEAR_CN = rf"(?<![{CN_NUM}])[一二][{CN_DIGIT}]{{3}}(?![{CN_NUM}])"
MONTH = rf"(?:(?<![0-9.])[0-9]{{1,2}}(?![0-9])|(?<![{CN_NUM}])(?:十[一二]?|[一二三四五六七八九]))"
DAY = r"(?:[0-9]{1,2}(?![0-9])|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# a date typed with a space between every glyph (2 0 2 3 年 3 月 1 5 日), as signature lines in
# PDF dumps often are. A spaced year needs every digit spaced and no digit before it; a spaced
# month or day is read only after a year, so that 表1 2月 stays two things.
_S = r"[ ]{1,2}"
_CN9 = "一二三四五六七八九"
YEAR_SP = (rf"(?<![0-9.])(?<![0-9][ ])(?<![0-9][ ]{{2}})(?<![{CN_NUM}])(?<![{CN_NUM}][ ])"
           rf"(?:[12](?:{_S}[0-9]){{3}}|[一二](?:{_S}[{CN_DIGIT}]){{3}})(?![ ]{{0,2}}[0-9{CN_NUM}])")
MONTH_SP = rf"(?:{MONTH}|(?<![0-9.])[0-9]{_S}[0-9](?![0-9])|十{_S}[一二])"
DAY_SP = rf"(?:{DAY}|[0-9]{_S}[0-9](?![0-9])|(?:[一二三]{_S})?十(?:{_S}[{_CN9}])?)"


def _tail(sfx: str, month: str = MONTH, day: str = DAY) -> str:
    """Month/day/part/quarter/half continuation after a year (group names suffixed)."""
    return (
        rf"(?:(?P<m{sfx}>{month}){G}月(?:份)?(?:{G}(?:(?P<d{sfx}>{day}){G}[日号]|(?P<mp{sfx}>{_MONTH_PARTS}|{_INITIAL})))?"
        rf"|前(?P<pq{sfx}>[一二三123])(?:个)?季度"
        rf"|第?(?P<q{sfx}>[{_QW}])季度(?P<qp{sfx}>末|底)?"
        rf"|(?P<h{sfx}>[{_HW}])半年(?P<hp{sfx}>末|底)?)"
    )


# Every atom starts with one of these characters: the lookahead lets the engine skip the rest
# of the text cheaply (it makes the scan about ten times faster).
_ATOM_FIRST = ("0-9" + CN_DIGIT + "十" + _cls("".join(_D["relative_years"])) + "前第年" + _HW
               + _cls("".join(w[0] for w in _HOLIDAYS)))
ATOM_RE = re.compile(
    rf"(?=[{_ATOM_FIRST}])(?:"
    # 2022-03-22, 2022.3.22, 2022/3/22 (with an optional time, as in 发布时间 headers)
    # (a full stop may follow: 2023.5.12. ends a sentence)
    rf"(?P<iso>(?<![0-9.])(?P<iy>[12][0-9]{{3}})(?P<isep>[-./])(?P<im>[0-9]{{1,2}})(?P=isep)(?P<id>[0-9]{{1,2}})(?![0-9]|\.[0-9])"
    rf"(?:[ T]{{1,2}}(?P<time>[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?))?)"
    # a year (written or relative: 今年, 次年 …) with an optional continuation
    # (2 0 2 3 年 3 月 1 5 日 too)
    rf"|(?:(?P<y>{YEAR_AR}|{YEAR_CN}|{YEAR_SP})|(?P<rel>[{_REL}])){G}年(?P<ydu>度)?"
    rf"(?:{G}(?:{_tail('1', MONTH_SP, DAY_SP)}|(?P<yp>年?(?:{_YEAR_PARTS}|{_INITIAL}))|(?P<yhol>{_HOL})))?"
    # a year-less month (5月20日, 6月底, 五月二十日), quarter, half year
    rf"|{_tail('2')}"
    # 年底 / 年末 without a year (kept only where a marker makes it a deadline or target)
    rf"|(?P<bare>年(?:{_YEAR_PARTS}))"
    # a holiday without a year (国庆节前, 春节前: kept only where a marker makes it a time limit)
    rf"|(?P<hol>{_HOL})"
    r")"
)

# five-year plans: “十四五”期间, 十三五时期, “十二五”末
_FYP_OPEN = _cls(_D["five_year_plan_quotes_open"])
_FYP_CLOSE = _cls(_D["five_year_plan_quotes_close"])
FYP_RE = re.compile(
    rf"(?=[{_FYP_OPEN}一二三四五六七八九十])(?P<q1>[{_FYP_OPEN}])?(?<![{CN_NUM}])(?P<n>十[一二三四五六七八九]?|二十|[一二三四五六七八九])五"
    rf"(?P<q2>[{_FYP_CLOSE}])?(?P<suf>{_alt(_D['five_year_plan_suffixes'])})?"
)

# 自印发之日起施行, 自发布之日起30日后施行
_CNN = rf"[0-9]+|[{CN_NUM}]+"
REL_EFFECTIVE_RE = re.compile(
    rf"(?P<pre>{_alt(['自', '从'])}){G}(?P<ev>{_alt(_D['effective_events'])}){G}之?{G}日{G}起{G}"
    rf"(?:(?P<n>{_CNN}){G}(?P<u>日|天|个月|年){G}后{G})?(?:正式)?(?:{_alt(_D['effective_verbs'])})"
)

# 有效期5年, 有效期为3年, 有效期两年
EXPIRY_RE = re.compile(
    rf"(?P<kw>{_alt(_D['expiry_prefixes'])}){G}(?:{_alt(_D['expiry_links'])})?{G}"
    rf"(?P<n>[0-9]{{1,2}}|[{CN_NUM}]{{1,3}}){G}(?P<u>{_alt(_D['expiry_units'])})"
)
_SUBJECT_RE = re.compile(rf"本[^\s,。;]{{0,8}}?(?:{_alt(_D['expiry_subject_kinds'])})")

# context around an atom
_LEFT_SPACE = " \n"
_DEADLINE_NOT_NEXT = _cls(_D["deadline_after_not_followed_by"])
RIGHT_RE = re.compile(
    # an optional clock time (12月31日24时前, 17:00前), then the marker
    rf"{G}(?:(?:[0-9]{{1,2}}|[{CN_NUM}]{{1,3}}){G}(?:{_alt(_D['clock_units'])})(?:{G}[0-9]{{1,2}}{G}分)?{G}"
    rf"|[0-9]{{1,2}}:[0-9]{{2}}{G})?"
    rf"(?:(?P<around>{_alt(_D['target_after'])})"
    rf"|(?P<before>{_alt(_D['deadline_after'])})(?![{_DEADLINE_NOT_NEXT}])"
    rf"|(?P<eff>(?:(?P<qi>{_alt(_D['effective_after_start'])}){G})?(?:正式)?(?:{_alt(_D['effective_verbs'])}))"
    rf"|(?P<until>{_alt(_D['until_after'])})"
    rf"|(?P<expire>{_alt(_D['expiry_after'])}))"
)
# 完成时限：2023年6月, 时间节点:上半年 — a time-limit label on the same line (a line break may follow
# only a colon: a label on a line of its own is a table header, which the tables stage reads)
_DEADLINE_LABEL_RE = re.compile(
    rf"(?:{_alt(_D['deadline_labels'])})[ ]{{0,8}}(?:(?:{_alt(_D['deadline_label_links'])})[ ]{{0,3}})?"
    rf"(?::[ ]{{0,3}}(?:\n[ ]{{0,8}})?)?\Z")
# 2023年起, 即日起: a start, never a deadline
_START_RE = re.compile(rf"{G}(?:{_alt(_D['start_after'])})")
# 2023年第三季度完成, 上半年基本实现: a quarter or half year before a verb of completion is a deadline
_QUARTER_DEADLINE_RE = re.compile(
    rf"{G}(?:{_alt(_D['quarter_deadline_adverbs'])})?(?:{_alt(_D['quarter_deadline_after'])})")
_PUBLISHED_RE = re.compile(rf"(?:{_alt(_D['published_labels'])}){G}[:]?{G}$")
_SIGNED_LABEL_RE = re.compile(rf"(?:{_alt(_D['signed_labels'])}){G}[:]?{G}$")
_SEP = _alt(_D["interval_separators"])
_INTERVAL_GAP_RE = re.compile(rf"{G}(?:{_SEP}){G}$")
_BARE_NUMBER_RE = re.compile(rf"(?P<n>(?<![0-9])[0-9]{{1,4}}|(?<![{CN_NUM}])[{CN_NUM}]{{1,4}}){G}(?:{_SEP}){G}$")
_LIST_GAP_RE = re.compile(rf"{G}(?:{_alt(_D['list_separators'])}){G}$")
_TITLE_RE = re.compile(r"《[^《》\n]{0,200}》")

_DEADLINE_BEFORE = sorted(_D["deadline_before"], key=len, reverse=True)
_TARGET_BEFORE = sorted(_D["target_before"], key=len, reverse=True)
_EXPIRY_BEFORE = sorted(_D["expiry_before"], key=len, reverse=True)
_EXPIRY_INTERVAL_BEFORE = sorted(_D["expiry_interval_before"], key=len, reverse=True)
_EFFECTIVE_BEFORE = _D["effective_before"]
_EFFECTIVE_VERBS = _D["effective_verbs"]
_RECURRING = sorted(_D["recurring_before"], key=len, reverse=True)
_RECURRING_STRIP = _D["recurring_strip"]
_BARE_BLOCKERS = set(_D["bare_year_blockers"]) | set(CN_NUM) | set("0123456789")
_RELATIVE = _D["relative_years"]
_QUARTERS = _D["quarter_words"]
_HALVES = _D["half_words"]
_FYP_FIRST = {int(k): v for k, v in _D["five_year_plan_first_years"].items()}
_FYP_REG = _D["five_year_plan_regular_from"]
_FYP_MAX = _D["five_year_plan_max_n"]
_FYP_SUF = _D["five_year_plan_suffixes"]
_FYP_SERIES = _D["five_year_plan_series"]  # other five-year series: 七五普法 counts from 1986
_FYP_SERIES_RE = re.compile(_alt(_FYP_SERIES))
_EXPIRY_UNITS = _D["expiry_units"]
_EXPIRY_REACH = _D["expiry_effective_reach"]  # chars between 施行 and 有效期 in the next sentence
_YEAR_MIN, _YEAR_MAX = _D["year_range"]
_PAST_SLACK = timedelta(days=_D["deadline_past_slack_days"])
_ROLL = timedelta(days=_D["inferred_roll_forward_days"])
_CARRY_REACH = _D["sentence_year_reach"]
_SENTENCE_STOPS = _D["sentence_stops"]

FULL_DATE_RE = re.compile(
    rf"(?:(?P<iy>[12][0-9]{{3}})(?P<isep>[-./])(?P<im>[0-9]{{1,2}})(?P=isep)(?P<id>[0-9]{{1,2}})"
    rf"|(?P<y>[12][0-9]{{3}}|[一二][{CN_DIGIT}]{{3}})\s*年\s*(?P<m>{MONTH})\s*月\s*(?P<d>{DAY})\s*[日号])"
)

# ---------------------------------------------------------------------------------------------


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    s = s.replace(" ", "").strip()
    if s.isdigit():
        return int(s)
    try:
        return cn_to_int(s)
    except (NumeralError, ValueError, KeyError):
        return None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


class _Invalid(ValueError):
    pass


@dataclass
class _Atom:
    s: int  # span in raw/fold
    e: int
    prec: str  # Y, M, D, Q, H, PQ (前三季度), X (interval)
    y: int | None = None
    y_how: str = "none"  # written | relative | none
    rel: int = 0
    m: int | None = None
    d: int | None = None
    q: int | None = None
    bare: bool = False  # 年底 without a year
    time: str | None = None
    iso: bool = False
    left_atom: "_Atom | None" = None  # intervals: the first member
    right_atom: "_Atom | None" = None
    cn_month_only: bool = False
    hol: str | None = None  # a holiday's name (国庆节, 春节): its day depends on the year
    end_part: bool = False  # 三季度末, 上半年底: the end of a quarter or half year, a point in time
    # resolved
    year: int | None = None
    inferred: bool = False
    value: str | None = None
    start: date | None = None
    end: date | None = None

    def resolve(self, year: int | None, inferred: bool) -> None:
        """Fill value/start/end for the given year. Raises _Invalid for an impossible date."""
        self.year, self.inferred = year, inferred
        if year is None:
            # no year to settle it, but 2月30日 or 13月 is wrong in any year (2000 is a leap year)
            if self.m is not None and not (1 <= self.m <= 12 and 1 <= (self.d or 1) <= _last_day(2000, self.m)):
                raise _Invalid
            self.value = self.start = self.end = None
            return
        p = self.prec
        if self.hol is not None:
            md = _holiday_md(self.hol, year)
            if md is None:  # a lunar holiday outside the table: no day to give
                self.value = self.start = self.end = None
                return
            self.m, self.d = md
        if p == "Y":
            self.value, self.start, self.end = f"{year:04d}", date(year, 1, 1), date(year, 12, 31)
        elif p == "M":
            if not 1 <= (self.m or 0) <= 12:
                raise _Invalid
            self.value = f"{year:04d}-{self.m:02d}"
            self.start, self.end = date(year, self.m, 1), date(year, self.m, _last_day(year, self.m))
        elif p == "D":
            try:
                dd = date(year, self.m or 0, self.d or 0)
            except ValueError:
                raise _Invalid from None
            self.value = dd.isoformat() + (f"T{self.time}" if self.time else "")
            self.start = self.end = dd
        elif p == "Q":
            self.value = f"{year:04d}-Q{self.q}"
            m0 = 3 * (self.q - 1) + 1
            self.start, self.end = date(year, m0, 1), date(year, m0 + 2, _last_day(year, m0 + 2))
        elif p == "H":
            self.value = f"{year:04d}-H{self.q}"
            m0 = 6 * (self.q - 1) + 1
            self.start, self.end = date(year, m0, 1), date(year, m0 + 5, _last_day(year, m0 + 5))
        elif p == "PQ":
            self.value = f"{year:04d}-Q1/{year:04d}-Q{self.q}"
            self.start, self.end = date(year, 1, 1), date(year, 3 * self.q, _last_day(year, 3 * self.q))


def _holiday_md(name: str, year: int) -> tuple[int, int] | None:
    """The (month, day) of a holiday in a year: fixed (国庆节 10-01) or from a table (春节)."""
    v = _HOLIDAYS.get(name)
    if v is None:
        return None
    if v in _HOLIDAY_TABLES:
        v = _HOLIDAY_TABLES[v].get(str(year))
        if v is None:
            return None
    mm, dd = v.split("-")
    return int(mm), int(dd)


def _atom_from_match(m: re.Match) -> _Atom | None:
    s, e = m.start(), m.end()
    g = m.group
    if g("hol"):
        return _Atom(s, e, "D", hol=g("hol"))
    if g("iso"):
        return _Atom(s, e, "D", y=int(g("iy")), y_how="written", m=int(g("im")), d=int(g("id")),
                     time=_time(g("time")), iso=True)
    if g("bare"):
        return _Atom(s, e, "Y", bare=True)
    if g("y") or g("rel"):
        a = _Atom(s, e, "Y")
        if g("y"):
            a.y, a.y_how = _num(g("y")), "written"
        else:
            a.y_how, a.rel = "relative", _RELATIVE[g("rel")]
        sfx = "1"
    else:
        a = _Atom(s, e, "Y")
        sfx = "2"
    mm, dd = g("m" + sfx), g("d" + sfx)
    if sfx == "1" and g("yhol"):
        a.prec, a.hol = "D", g("yhol")  # 2024年春节, 明年元旦
    elif mm:
        a.m = _num(mm)
        a.prec = "M"
        if dd:
            a.d, a.prec = _num(dd), "D"
        elif sfx == "2" and not g("mp" + sfx) and any(c in CN_NUM for c in mm):
            a.cn_month_only = True
    elif g("pq" + sfx):
        a.prec, a.q = "PQ", _QUARTERS.get(g("pq" + sfx)) or _num(g("pq" + sfx))
    elif g("q" + sfx):
        a.prec, a.q, a.end_part = "Q", _QUARTERS[g("q" + sfx)], bool(g("qp" + sfx))
    elif g("h" + sfx):
        a.prec, a.q, a.end_part = "H", _HALVES[g("h" + sfx)], bool(g("hp" + sfx))
    elif sfx == "2":
        return None
    if a.y_how == "relative" and a.prec == "Y" and not g("yp"):
        return None  # 今年以来, 上年度: not a date by itself
    if a.y_how == "written" and a.prec == "Y" and not (_YEAR_MIN <= (a.y or 0) <= _YEAR_MAX):
        return None  # 5000年, 1000年一遇
    return a


def _time(t: str | None) -> str | None:
    if not t:
        return None
    parts = t.split(":")
    return ":".join(p.zfill(2) for p in parts)


# ---------------------------------------------------------------------------------------------
# public helpers
# ---------------------------------------------------------------------------------------------


def parse_full_date(s: str) -> str | None:
    """One written date to ISO ``YYYY-MM-DD``: 2022年3月22日, 二〇一三年五月二十日, 2022-03-22,
    2022.3.22, 2022年3月22号, full-width digits. None when it is not one valid date."""
    if not isinstance(s, str) or not s.strip():
        return None
    m = FULL_DATE_RE.fullmatch(re.sub(r"\s+", "", _fold(s)))  # 2 0 2 3 年 3 月 1 5 日 too
    if not m:
        return None
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        y, mo, d = _num(m.group("y")), _num(m.group("m")), _num(m.group("d"))
    try:
        return date(y, mo, d).isoformat()
    except (TypeError, ValueError):
        return None


def mark_deadline_cells(records: list[dict], cell_spans, text: Text) -> list[dict]:
    """Dates written in the cells of a table's time-limit column (完成时限, 时间节点 …) are deadlines:
    ``2023/06/30``, ``2023年第二季度``, ``2023年12月`` there are time limits even with no 前. The dates
    stage cannot see columns, so whoever knows them (the tables stage) passes the cells' spans.
    A start (2023年起) and an interval stay what they are; every other mention or period inside
    one of the spans becomes a deadline. Changes the records in place and returns them."""
    spans = [(int(a), int(b)) for a, b in cell_spans or ()]
    for r in records:
        sp = r.get("span")
        if not sp or r.get("kind") not in ("mention", "period") or not r.get("value") or "/" in r["value"]:
            continue
        if not any(a <= sp[0] and sp[1] <= b for a, b in spans):
            continue
        if _START_RE.match(text.fold, sp[1], min(len(text.fold), sp[1] + 8)):
            continue
        r["kind"] = "deadline"
    return records


def cell_deadlines(s: str, year: int | None = None, doc_date: str | None = None) -> list[str]:
    """ISO values of one time-limit cell read by the full dates stage, every date in it taken as a
    deadline (as ``mark_deadline_cells`` does): '2025年国庆节前' -> ['2025-10-01'], '年底前' ->
    [str(year)], '2023年第二季度' -> ['2023-Q2']. A start (2023年起) is not read; nor is 长期坚持."""
    if not isinstance(s, str) or not s.strip():
        return []
    text = Text(s)
    recs, _ = extract_dates(text, 0, len(s), DocContext(date=doc_date, year=year))
    mark_deadline_cells(recs, [(0, len(s))], text)
    return task_deadline_values(recs)


def task_deadline_values(records: list[dict]) -> list[str]:
    """The values of the deadline and target records, in order (a task's ``deadlines``)."""
    return [r["value"] for r in records
            if r.get("kind") in ("deadline", "target") and r.get("value") is not None]


# ---------------------------------------------------------------------------------------------
# the extractor
# ---------------------------------------------------------------------------------------------


@dataclass
class _Env:
    text: Text
    start: int
    end: int
    ctx: DocContext
    doc_year: int | None
    doc_date: date | None
    warnings: list[dict] = field(default_factory=list)

    def left(self, pos: int, n: int = 10) -> str:
        return self.text.fold[max(self.start, pos - n):pos].rstrip(_LEFT_SPACE)

    def warn(self, code: str, msg: str, s: int, e: int) -> None:
        self.warnings.append(warning(STAGE, code, msg, [s, e], self.ctx.document_id))


def extract_dates(text: Text, start: int, end: int, ctx: DocContext) -> tuple[list[dict], list[dict]]:
    """Dates, deadlines, targets, periods, effective dates and expiries in ``text.raw[start:end]``."""
    try:
        return _extract(text, start, end, ctx or DocContext())
    except Exception as exc:  # pragma: no cover - last line of defence: never crash a parse
        return [], [warning(STAGE, "dates_failed", f"the dates stage failed here ({type(exc).__name__}); "
                            "check this region by hand", [start, end], getattr(ctx, "document_id", None))]


def _doc_date(ctx: DocContext) -> date | None:
    if not ctx.date:
        return None
    try:
        return date.fromisoformat(str(ctx.date)[:10])
    except ValueError:
        return None


def _extract(text: Text, start: int, end: int, ctx: DocContext):
    n = len(text.raw)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end <= start:
        return [], []
    dd = _doc_date(ctx)
    year = ctx.year if isinstance(ctx.year, int) else (dd.year if dd else None)
    env = _Env(text, start, end, ctx, year, dd)
    fold = text.fold
    excluded = _excluded_spans(env)

    def blocked(s: int, e: int) -> bool:
        return any(s < xe and xs < e for xs, xe in excluded)

    records: list[dict] = []
    atoms = []
    for m in ATOM_RE.finditer(fold, start, end):
        if blocked(m.start(), m.end()):
            continue
        a = _atom_from_match(m)
        if a is not None:
            atoms.append(a)
    atoms = _merge_intervals(env, atoms)
    records += _classify_atoms(env, atoms)
    records += _five_year_plans(env, blocked)
    records += _relative_effective(env, blocked)
    records += _expiries(env, records, blocked)
    records.sort(key=lambda r: (r["span"][0], -r["span"][1]))
    out, last_end = [], -1
    for r in records:  # where two records overlap, the earlier (then the longer) one wins
        if r["span"][0] < last_end:
            continue
        out.append(r)
        last_end = r["span"][1]
    env.warnings.sort(key=lambda w: (w["span"] or [0])[0])
    return out, env.warnings


def _excluded_spans(env: _Env) -> list[tuple[int, int]]:
    """Titles in 《》 (names of other documents) and the 成文日期 line."""
    spans = [(m.start(), m.end()) for m in _TITLE_RE.finditer(env.text.fold, env.start, env.end)]
    if env.ctx.signed_span:
        try:
            s, e = env.ctx.signed_span
            spans.append((int(s), int(e)))
        except (TypeError, ValueError):
            pass
    return spans


def _title_lines(env: _Env) -> list[tuple[int, int]]:
    """Lines that are (part of) the document's title or an enclosure's title: dates there are names."""
    titles = [_fold(t).replace(" ", "") for t in [env.ctx.title, *(env.ctx.enclosures or [])] if t]
    if not titles:
        return []
    out = []
    for ln in env.text.lines_between(env.start, env.end):
        core = ln.fold.replace(" ", "")
        if core.startswith("附件") and (":" in core[:4]):
            core = core.split(":", 1)[1]
        if len(core) >= 4 and any(core in t for t in titles):
            out.append((ln.start, ln.end))
    return out


# ---- intervals ------------------------------------------------------------------------------


def _merge_intervals(env: _Env, atoms: list[_Atom]) -> list[_Atom]:
    fold = env.text.fold
    out: list[_Atom] = []
    for a in atoms:
        prev = out[-1] if out else None
        # A 至 B: two atoms joined by a range separator
        if prev is not None and prev.prec in ("Y", "M", "D") and a.prec in ("Y", "M", "D") and not prev.bare and not a.bare \
                and prev.left_atom is None \
                and _INTERVAL_GAP_RE.fullmatch(fold, prev.e, a.s) \
                and _compatible(prev, a):
            out[-1] = _Atom(prev.s, a.e, "X", left_atom=prev, right_atom=a)
            continue
        # 2021—2025年, 1—6月: a bare number then a separator before the atom
        if a.prec in ("Y", "M") and not a.bare and a.y_how != "relative":
            lo = max(env.start, a.s - 16)
            bm = _BARE_NUMBER_RE.search(fold[lo:a.s])
            if bm:
                first = _bare_first(env, a, _num(bm.group("n")), lo + bm.start(), out)
                if first is not None:
                    if out and first.s <= out[-1].s:
                        out.pop()
                    out.append(_Atom(first.s, a.e, "X", left_atom=first, right_atom=a))
                    continue
        out.append(a)
    return out


def _compatible(a: _Atom, b: _Atom) -> bool:
    """A 至 B is a range when B is not coarser-written than A needs (B may omit the year)."""
    if b.y_how == "relative" or a.y_how == "relative":
        return b.y_how == "relative" and b.rel >= a.rel and b.prec in ("M", "D") and a.prec in ("M", "D")
    if b.y is None and a.y is None:
        return a.prec in ("M", "D") and b.prec in ("M", "D")
    if b.y is None:
        return b.prec in ("M", "D")
    return a.y is not None and a.y <= b.y


def _bare_first(env: _Env, b: _Atom, n: int | None, s: int, out: list[_Atom]) -> _Atom | None:
    if n is None:
        return None
    if b.prec == "Y" and b.y_how == "written" and b.y is not None:
        if _YEAR_MIN <= n < b.y and b.y - n <= 50:
            return _Atom(s, s + 4, "Y", y=n, y_how="written")
        return None
    if b.prec == "M" and b.m is not None and b.d is None and b.y is None and 1 <= n < b.m:
        first = _Atom(s, s + len(str(n)), "M", m=n)
        prev = out[-1] if out else None
        if prev is not None and prev.prec == "Y" and not prev.bare and prev.y_how == "written" \
                and not env.text.fold[prev.e:s].strip():
            first.s, first.y, first.y_how = prev.s, prev.y, "written"  # 2022年1—6月
            b.y, b.y_how = prev.y, "carried"
        return first
    return None


# ---- classification ------------------------------------------------------------------------


def _right(env: _Env, e: int) -> re.Match | None:
    return RIGHT_RE.match(env.text.fold, e, min(env.end, e + 16))


def _endswith_any(s: str, words) -> str | None:
    for w in words:
        if s.endswith(w):
            return w
    return None


def _startswith_any(s: str, words) -> str | None:
    for w in words:
        if s.startswith(w):
            return w
    return None


def _is_recurring(env: _Env, s: int) -> bool:
    left = env.text.fold[max(env.start, s - 8):s].rstrip(_LEFT_SPACE + _RECURRING_STRIP)
    return _endswith_any(left, _RECURRING) is not None


def _classify_atoms(env: _Env, atoms: list[_Atom]) -> list[dict]:
    fold = env.text.fold
    titles = _title_lines(env)
    # lists: atoms joined by 、/和/及 only
    groups: list[list[_Atom]] = []
    for a in atoms:
        if groups and groups[-1][-1].e <= a.s and _LIST_GAP_RE.fullmatch(fold, groups[-1][-1].e, a.s):
            groups[-1].append(a)
        else:
            groups.append([a])
    _carry_sentence_year(env, atoms)
    records = []
    for grp in groups:
        if _is_recurring(env, grp[0].s):
            continue
        # the marker after the last member distributes over the list (…及2023年1月15日前)
        tail = _right(env, grp[-1].e)
        tail_deadline = tail is not None and tail.group("before") is not None
        # a time-limit label before the first member labels the whole list (完成时限：6月、12月)
        labelled = _deadline_labelled(env, grp[0].s)
        # 报送第一季度、上半年和全年工作进展: the verb before the list (or 的 after it) makes every
        # quarter and half year in it say which reports are meant
        obj = _period_object(env, grp[0].s, grp[-1].e)
        carried_year = None
        for i, a in enumerate(grp):
            if a.y_how == "written" and a.y is not None:
                carried_year = a.y
            elif a.prec != "X" and a.y_how == "none" and not a.bare and carried_year is not None and i > 0:
                a.y, a.y_how = carried_year, "context"  # 2022年4月15日、7月15日前
            rec = _classify_one(env, a, distribute_deadline=tail_deadline and i < len(grp) - 1, titles=titles,
                                labelled=labelled, obj=obj)
            if rec is not None:
                records.append(rec)
    return records


def _carry_sentence_year(env: _Env, atoms: list[_Atom]) -> None:
    """A year-less date takes the year written earlier in its sentence (2022年1—6月…；下半年…) when
    that year is the document's year, or the next one unless it was a deadline's: 于2023年1月15日前
    报送第一季度… reports on this year's quarters. 2035年远景 or 2021年完成 never carry."""
    if env.doc_year is None:
        return
    fold = env.text.fold
    last_year, last_end, last_deadline = None, -1, False
    for a in atoms:
        written = a.right_atom if a.prec == "X" else a
        if written is not None and written.y is not None and written.y_how in ("written", "carried"):
            r = _right(env, a.e)
            last_year, last_end = written.y, a.e
            last_deadline = r is not None and r.group("before") is not None
            continue
        if a.prec == "X" or a.bare or a.y_how != "none" or last_year is None:
            continue
        if a.s - last_end > _CARRY_REACH or not (
                last_year == env.doc_year or (last_year == env.doc_year + 1 and not last_deadline)):
            continue
        gap = fold[last_end:a.s]
        if any(c in gap for c in _SENTENCE_STOPS) or "\n\n" in gap.replace(" ", ""):
            continue
        a.y, a.y_how = last_year, "context"


def _period_object(env: _Env, s: int, e: int) -> bool:
    """完成上半年培训补贴审核, 报送2023年一季度报表, 上半年的补贴: a quarter or half year at s..e that
    says which things are meant (the object of a verb, or 的 after it) is a mention, not a period."""
    if _endswith_any(env.left(s, 8), _PERIOD_OBJECT_VERBS) is not None:
        return True
    after = env.text.fold[e:min(env.end, e + 4)].lstrip(" ")
    return _startswith_any(after, _PERIOD_OBJECT_AFTER) is not None


def _deadline_labelled(env: _Env, s: int) -> bool:
    """Does a time-limit label (完成时限：, 时间节点:) stand just before ``s`` on its line?"""
    return _DEADLINE_LABEL_RE.search(env.text.fold, max(env.start, s - 24), s) is not None


def _is_start(env: _Env, e: int) -> bool:
    """2023年起, 自2023年起: the date a thing starts from, not a time limit."""
    return _START_RE.match(env.text.fold, e, min(env.end, e + 8)) is not None


def _classify_one(env: _Env, a: _Atom, distribute_deadline: bool, titles, labelled: bool = False,
                  obj: bool = False) -> dict | None:
    fold = env.text.fold
    s, e = a.s, a.e
    left = env.left(s, 12)
    r = _right(env, e)
    kind, ts, te = "mention", s, e
    by_shape = False  # a deadline only by its shape (三季度末) or verb (上半年完成), not by a marker
    if a.prec == "X":
        kind = "period"
        if (w := _endswith_any(left, _EXPIRY_INTERVAL_BEFORE)) is not None:
            kind, ts = "expiry", _back(env, s, w)  # 有效期为2022年1月1日至2024年12月31日: the last day
    elif _PUBLISHED_RE.search(left):
        kind = "published"
    elif _SIGNED_LABEL_RE.search(left):
        kind = "mention"  # the documents stage emits it as signed
    elif (w := _endswith_any(left, _EXPIRY_BEFORE)) is not None:
        kind, ts = "expiry", _back(env, s, w)
        if (v := _startswith_any(w, _EFFECTIVE_VERBS)) is not None:
            ts += len(v)  # 起施行至2025年: the verb belongs to the effective record
    elif r is not None and r.group("around"):
        kind, te = "target", r.end()
    elif r is not None and r.group("before"):
        kind, te = "deadline", r.end()
        if (w := _endswith_any(left, _DEADLINE_BEFORE)) is not None:
            ts = _back(env, s, w)
    elif (w := _endswith_any(left, _DEADLINE_BEFORE)) is not None:
        kind, ts = "deadline", _back(env, s, w)
        if r is not None and r.group("until"):
            te = r.end()
    elif r is not None and r.group("expire"):
        kind, te = "expiry", r.end()  # 2024年12月31日废止
    elif r is not None and r.group("eff") and (r.group("qi") or _endswith_any(left, _EFFECTIVE_BEFORE)):
        kind, te = "effective", r.end()
        if (w := _endswith_any(left, _EFFECTIVE_BEFORE)) is not None:
            ts = _back(env, s, w)
    elif (w := _endswith_any(left, _TARGET_BEFORE)) is not None:
        kind, ts = "target", _back(env, s, w)
        if r is not None and r.group("until"):
            kind, te = "deadline", r.end()  # 到2022年6月30日止
    elif r is not None and r.group("until"):
        kind, te = "deadline", r.end()  # 2022年6月30日止
    elif distribute_deadline:
        kind = "deadline"
    elif labelled and a.prec != "X" and not _is_start(env, e):
        kind = "deadline"  # 完成时限：2023年6月, 时间节点：2023年上半年
    elif a.prec in ("Q", "H") and not _is_start(env, e) and (
            a.end_part or _QUARTER_DEADLINE_RE.match(fold, e, min(env.end, e + 12))):
        kind, by_shape = "deadline", True  # 第三季度末, 上半年完成: a quarter as a time limit, not a period
    # what may stand alone
    if a.bare:
        if kind not in ("deadline", "target"):
            return None
        prev = fold[s - 1] if s > env.start else ""
        if prev in _BARE_BLOCKERS:
            return None
    if a.hol is not None and kind not in ("deadline", "target", "effective", "expiry"):
        if a.y_how != "written":
            return None  # 春节期间, 国庆节放假: a holiday named, not a time limit
        kind = "mention"  # 2009年国庆节、中秋节放假安排
    if a.cn_month_only and kind == "mention":
        return None  # 五月 alone is too often not a date
    if kind == "mention" and a.prec in ("Q", "H", "PQ") and not obj:
        kind = "period"
    if any(ls <= s < le for ls, le in titles):
        kind, by_shape = "mention", False
    # resolve the year
    try:
        _resolve(env, a, "period" if by_shape else kind)  # by shape: no rolling into next year
    except _Invalid:
        env.warn("date_invalid", f"“{env.text.raw[ts:te]}” is not a valid calendar date; check the source "
                 "for a typing error.", ts, te)
        return None
    if by_shape and env.doc_date is not None and a.end is not None and a.end < env.doc_date:
        kind = "period"  # 一季度完成投资12亿元 written after that quarter: what was done, not a time limit
    if a.value is None and a.hol is not None and a.year is not None:
        env.warn("date_holiday_unknown", f"“{env.text.raw[ts:te]}”: the date of {a.hol} in {a.year} is not in "
                 "the holiday tables (pipeline/data/dates.json); add that year.", ts, te)
        return None
    if a.value is None:
        env.warn("date_year_unknown", f"“{env.text.raw[ts:te]}” has no year and the document's year is "
                 "unknown; set the document date to resolve it.", ts, te)
    elif env.doc_date is not None and kind in ("deadline", "target") and not a.inferred \
            and a.end is not None and a.end < env.doc_date - _PAST_SLACK:
        kind = "mention"  # 1953年底前复退军人, 到2020年 in a 2022 document: a past time, not a task's deadline
    if kind == "expiry" and a.prec == "X":
        last = a.right_atom
        return _record(env, ts, te, kind, last.value, last.start, last.end, last.inferred)
    return _record(env, ts, te, kind, a.value, a.start, a.end, a.inferred)


def _back(env: _Env, s: int, word: str) -> int:
    """Start of ``word`` that ends (spaces aside) just before ``s``."""
    i = env.text.fold.rfind(word, max(env.start, s - len(word) - 12), s)
    return i if i >= 0 else s


def _resolve(env: _Env, a: _Atom, kind: str) -> None:
    if a.prec == "X":
        first, last = a.left_atom, a.right_atom
        if first.y is None and last.y is not None and first.y_how == "none" \
                and first.prec in ("M", "D") and last.prec in ("M", "D"):
            first.y, first.y_how = last.y, "carried"  # 3月1日至2022年5月31日
        if last.y is None and first.y is not None:
            last.y, last.y_how = first.y, "carried"
        _resolve(env, first, kind)
        if last.y_how == "relative" and first.year is not None:
            last.resolve(first.year + last.rel, first.inferred)  # 2022年11月至次年3月
        else:
            _resolve(env, last, kind)
            if last.y_how in ("carried", "none") and first.end is not None and last.end is not None \
                    and last.end < first.start:
                last.resolve(last.year + 1, last.inferred)  # 12月至2月 runs into the next year
        if first.value is None or last.value is None:
            a.value = a.start = a.end = None
            a.inferred = first.inferred or last.inferred
            return
        if last.end < first.start:
            raise _Invalid
        a.value, a.start, a.end = f"{first.value}/{last.value}", first.start, last.end
        a.inferred = first.inferred or last.inferred
        return
    if a.y_how in ("written", "carried"):
        a.resolve(a.y, False)
        return
    if a.y_how == "context":  # the year is written nearby, not in this record's own text
        a.resolve(a.y, True)
        return
    if env.doc_year is None:
        a.resolve(None, True)
        return
    if a.y_how == "relative":
        a.resolve(env.doc_year + a.rel, True)
        return
    a.resolve(env.doc_year, True)
    # a year-less deadline far before the document's date means next year (12月 document: 1月10日前)
    if kind in ("deadline", "target") and env.doc_date is not None and a.end < env.doc_date - _ROLL:
        a.resolve(env.doc_year + 1, True)


def _record(env: _Env, s: int, e: int, kind: str, value, start, end, inferred: bool) -> dict:
    return {"text": env.text.raw[s:e], "kind": kind, "value": value,
            "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
            "inferred_year": bool(inferred), "span": [s, e]}


# ---- five-year plans ------------------------------------------------------------------------


def _fyp_years(n: int, series: str | None = None) -> tuple[int, int] | None:
    if series:
        y = _FYP_SERIES[series] + 5 * (n - 1)
        return (y, y + 4) if 1 <= n <= _FYP_MAX else None
    if n in _FYP_FIRST:
        y = _FYP_FIRST[n]
    elif _FYP_REG["n"] <= n <= _FYP_MAX:
        y = _FYP_REG["year"] + 5 * (n - _FYP_REG["n"])
    else:
        return None
    return y, y + 4


def _five_year_plans(env: _Env, blocked) -> list[dict]:
    out = []
    fold = env.text.fold
    titles = None
    for m in FYP_RE.finditer(fold, env.start, env.end):
        s, e = m.start(), m.end()
        series = None
        if not m.group("suf"):
            sm = _FYP_SERIES_RE.match(fold, e, env.end)
            if sm:
                series, e = sm.group(), sm.end()
        if not (m.group("q2") or m.group("suf") or series):
            continue  # 十五 without quotes, 期间 or 普法 is a number
        if blocked(s, e):
            continue
        n = _num(m.group("n"))
        yrs = _fyp_years(n, series) if n else None
        if yrs is None:
            continue
        y0, y1 = yrs
        suf = _FYP_SUF.get(m.group("suf") or "", "period")
        if _is_recurring(env, s):
            continue
        ts, te = s, e
        if suf == "period":
            kind, value, start, end = "period", f"{y0}/{y1}", date(y0, 1, 1), date(y1, 12, 31)
        else:
            y = y1 if suf == "last" else y0
            kind, value, start, end = "mention", str(y), date(y, 1, 1), date(y, 12, 31)
            left = env.left(s, 8)
            r = _right(env, e)
            if r is not None and r.group("before"):
                kind, te = "deadline", r.end()
            elif (w := _endswith_any(left, _TARGET_BEFORE)) is not None:
                kind, ts = "target", _back(env, s, w)
            if kind in ("deadline", "target") and env.doc_date is not None and end < env.doc_date - _PAST_SLACK:
                kind = "mention"
        if titles is None:
            titles = _title_lines(env)
        if any(ls <= s < le for ls, le in titles):
            kind = "mention"
        out.append(_record(env, ts, te, kind, value, start, end, False))
    return out


# ---- 自印发之日起施行 -------------------------------------------------------------------------


def _add(d0: date, n: int, unit: str) -> date:
    """d0 plus n days, months or years; a day the target month lacks (2月29日 + 1年) rolls to the 1st
    of the next month, so that the day before it is the month's last day."""
    if unit in ("日", "天"):
        return d0 + timedelta(days=n)
    months = n * 12 if unit == "年" else n
    y, m = divmod(d0.month - 1 + months, 12)
    y, m = d0.year + y, m + 1
    if d0.day > _last_day(y, m):
        return date(y, m, _last_day(y, m)) + timedelta(days=1)
    return date(y, m, d0.day)


def _relative_effective(env: _Env, blocked) -> list[dict]:
    out = []
    for m in REL_EFFECTIVE_RE.finditer(env.text.fold, env.start, env.end):
        s, e = m.start(), m.end()
        if blocked(s, e):
            continue
        if env.doc_date is None:
            env.warn("effective_date_unknown", f"“{env.text.raw[s:e]}” takes the document's date, which is "
                     "unknown; set the 成文日期 to resolve it.", s, e)
            out.append(_record(env, s, e, "effective", None, None, None, True))
            continue
        d0 = env.doc_date
        if m.group("n"):
            k = _num(m.group("n"))
            if k is None:
                continue
            d0 = _add(d0, k, m.group("u"))
        out.append(_record(env, s, e, "effective", d0.isoformat(), d0, d0, True))
    return out


# ---- 有效期 -----------------------------------------------------------------------------------


def _expiries(env: _Env, records: list[dict], blocked) -> list[dict]:
    out = []
    fold = env.text.fold
    effective = [r for r in records if r["kind"] == "effective"]
    for m in EXPIRY_RE.finditer(fold, env.start, env.end):
        s, e = m.start(), m.end()
        if blocked(s, e):
            continue
        n = _num(m.group("n"))
        if not n:
            continue
        # the sentence before 有效期: does it speak of this document (本办法…, …起施行)?
        sent_start = max(env.start, s - 120)
        for stop in "。;!?":  # line breaks do not end a sentence: lines break anywhere
            sent_start = max(sent_start, fold.rfind(stop, sent_start, s) + 1)
        same = [r for r in effective
                if sent_start <= r["span"][0] < s or 0 <= s - r["span"][1] <= _EXPIRY_REACH]
        if not same and not _SUBJECT_RE.search(fold, sent_start, s):
            continue  # 证书有效期5年: a duration, not this document's expiry
        anchor = same[-1] if same else _nearest(effective, s)
        if anchor is not None and anchor["start"]:
            d0, inferred = date.fromisoformat(anchor["start"]), anchor["inferred_year"]
        elif anchor is None and env.doc_date is not None:
            d0, inferred = env.doc_date, True
        else:
            env.warn("expiry_anchor_unknown", f"“{env.text.raw[s:e]}” counts from the effective date, which is "
                     "unknown; set the document date or the 施行 date to resolve it.", s, e)
            out.append(_record(env, s, e, "expiry", None, None, None, True))
            continue
        unit = _EXPIRY_UNITS[m.group("u")]
        last = _add(d0, n, "年" if unit == "years" else "月") - timedelta(days=1)
        out.append(_record(env, s, e, "expiry", last.isoformat(), last, last, inferred))
    return out


def _nearest(records: list[dict], pos: int) -> dict | None:
    before = [r for r in records if r["span"][0] < pos]
    if before:
        return before[-1]
    return records[0] if records else None
