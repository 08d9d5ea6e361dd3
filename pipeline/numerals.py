"""Chinese and Arabic numerals to numbers.

A small exact converter for numeral *spans* (never whole lines): 一百零二, 二〇二五, 两千,
三千五百万, 1.5万, 十二. ``cn2an`` gives the same answers (the tests check it) but costs an
import of a larger library at start-up; this keeps the parse fast.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点點"


_FULLWIDTH_DIGITS = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}


class NumeralError(ValueError):
    pass


def _section(s: str) -> int:
    """Value of a numeral below 10^4 (digits and 十百千)."""
    if not s:
        return 0
    total = 0
    digit = None
    last_unit = None  # the unit just before a trailing digit: 一千五 is 1500, 一千零五 is 1005
    for ch in s:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] and digit:
                raise NumeralError(s)  # two digits in a row inside a positional numeral
            if DIGITS[ch] == 0:
                last_unit = None
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            if last_unit is not None and SMALL_UNITS[ch] >= last_unit:
                raise NumeralError(s)  # 十一五: units must fall
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            last_unit = SMALL_UNITS[ch]
            digit = None
        else:
            raise NumeralError(ch)
    if digit is not None:
        total += digit * (last_unit // 10 if last_unit and last_unit >= 100 else 1)
    return total


def cn_to_int(s: str) -> int:
    """一百零二 -> 102, 二〇二五 -> 2025, 三千五百万 -> 35000000, 十二 -> 12."""
    s = s.strip()
    if not s:
        raise NumeralError("empty numeral")
    if s.isdigit():
        return int(s)
    # digit-by-digit form: 二〇二五, 一九九八
    if len(s) > 1 and all(ch in DIGITS for ch in s):
        return int("".join(str(DIGITS[ch]) for ch in s))
    rest = s
    # split at 亿 then 万, left to right
    value = 0
    for big in ("亿", "億"):
        if big in rest:
            head, rest = rest.split(big, 1)
            value += cn_to_int(head) * 10**8 if head else 10**8
    for big, mult in (("万", 10**4), ("萬", 10**4)):
        if big in rest:
            head, rest = rest.split(big, 1)
            value += (_section(head) if head else 1) * mult
            if len(rest) == 1 and rest in DIGITS and DIGITS[rest]:  # 两万五 is 25000
                return value + DIGITS[rest] * mult // 10
    if value and len(rest) == 1 and rest in DIGITS and DIGITS[rest] and s[-2] in "亿億":
        return value + DIGITS[rest] * 10**7  # 三亿五
    return value + _section(rest)


def to_number(s: str) -> float | int:
    """Any numeral span to a number: '1,234.5', '１２３', '二点五', '1.5万', '三千五百万', '三分之二', '百分之六十'."""
    s = s.strip().replace(",", "").replace("，", "")
    if not s:
        raise NumeralError("empty numeral")
    s = s.translate(_FULLWIDTH_DIGITS).replace("．", ".")
    if "分之" in s:
        den, num = s.split("分之", 1)
        d = to_number(den)
        if not d:
            raise NumeralError(s)
        return _clean(Decimal(str(to_number(num))) / Decimal(str(d)))
    try:
        return _clean(Decimal(s))
    except InvalidOperation:
        pass
    # arabic number followed by a big unit: 1.5万, 3亿
    i = 0
    while i < len(s) and (s[i].isdigit() or s[i] == "."):
        i += 1
    if i and i < len(s):
        head = Decimal(s[:i])
        mult = 1
        for ch in s[i:]:
            if ch in BIG_UNITS:
                mult *= BIG_UNITS[ch]
            elif ch in SMALL_UNITS:
                mult *= SMALL_UNITS[ch]
            else:
                raise NumeralError(s)
        return _clean(head * mult)
    if s[-1] in BIG_UNITS and len(s) > 1 and any(pt in s for pt in "点點"):  # 三点五亿
        return _clean(Decimal(str(to_number(s[:-1]))) * BIG_UNITS[s[-1]])
    for pt in ("点", "點"):
        if pt in s:
            whole, frac = s.split(pt, 1)
            fdigits = "".join(str(DIGITS[c]) for c in frac if c in DIGITS)
            if len(fdigits) != len(frac):
                raise NumeralError(s)
            return _clean(Decimal(f"{cn_to_int(whole) if whole else 0}.{fdigits}"))
    return cn_to_int(s)


def _clean(d: Decimal) -> float | int:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@lru_cache(maxsize=4096)
def label_number(label: str) -> int | None:
    """The number inside a list label: '第十二条' -> 12, '(三)' -> 3, '1.' -> 1, '专栏2' -> 2."""
    digits = "".join(ch for ch in label if ch.isdigit() or ch in DIGITS or ch in SMALL_UNITS or ch in BIG_UNITS)
    if not digits:
        return None
    try:
        return int(to_number(digits))
    except (NumeralError, ValueError):
        return None
