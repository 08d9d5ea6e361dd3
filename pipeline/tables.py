"""Stage "tables": tables flattened by scraping, rebuilt into rows and columns.

A scraped gazette table arrives as one cell per line. Most sources separate the cells by one
blank line and show an empty cell only as one *extra* blank line (``Line.blanks_before`` is
then 2 instead of 1); some sources put no blank line at all between cells, and then an empty
cell cannot be seen. A merged category cell ("科技创新能力" spanning four rows) is written
once. A 合计 row may have its label merged over several columns.

How a table is read:

1. Detection. A table starts at a cell of the header vocabulary (``data/tables.json``:
   序号, 单位, 项目名称, 指标名称, 县(市、区) …). The header is the run of header-like cells
   after it (for a 序号 table: everything up to the first row number); a header written over
   two lines (``2025年`` / ``目标值``) is joined without a separator. When the header cell is
   followed by a run of names and then a label with as many values (``县(市、区)`` / 咸安 /
   嘉鱼 … / ``计划人数(人)`` / 1800 …), the table is transposed. Where no header word starts
   the table (``省份`` / ``社区卫生服务中心（个）`` / … / ``小计``), the rows' rhythm finds it: short
   text lines, then rows that repeat text cells and numeric cells at fixed positions (at
   least three rows, or two and a 合计); the header is the run of lines before the first row.
   A table may also come one row per line, its cells separated by runs of spaces (U+3000
   padding) or by TABs (both one space each after normalization): a header line of at least
   three separated header words, then lines with as many cells. A TAB-separated row counts its
   empty cells exactly (two TABs, a TAB at either end); a padded row with fewer cells is
   placed by where its cells start under the header (warned), a line with only text under
   text cells and no first cell continues the row above, and a line that fits nowhere ends the
   table (warned when it looks like a row).
2. Rows. The cells after the header are cut into rows of the header's width, checked against
   the types of the first row (number or text) and the 序号 count; a row that is one cell short
   at the left is a row under a merged category cell (filled down); in a 序号 table a row of
   the wrong width is re-synchronised on the next row number (with a warning: an empty cell
   could not be seen). The table ends where the rhythm breaks: a heading (二、, 附件2, 第三条),
   a long sentence, a cell that fits no row, or the 合计 row.
3. Totals. Every 合计/总计/小计 row is checked against the sum of its column's readable
   numbers; a mismatch, and a cell that should be a number but is not, become warnings. A
   column headed 小计/合计 is checked in every row against the numeric columns before it.

``extract_tables`` is a pure function; ``table_cells`` and ``table_tasks`` derive the long
form and the task records from a table record.
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from .model import DocContext, warning
from .numerals import NumeralError, label_number, to_number
from .text import Text

STAGE = "tables"

# =====================================================================================
# Vocabulary and patterns (the data lives in pipeline/data/tables.json; the patterns that
# are grammar rather than vocabulary are here, compiled once at import)
# =====================================================================================

_VOCAB = json.loads(resources.files("pipeline.data").joinpath("tables.json").read_text("utf-8"))


def _keyset(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"\s+", "", w) for w in _VOCAB.get(name, []))


HEADER_CELLS = _keyset("header_cells") | _keyset("transposed_first_headers")
HEADER_KEYWORDS = tuple(_VOCAB["header_keywords"])
VALUE_HEADER_WORDS = _keyset("value_header_words")
SEQ_HEADERS = _keyset("seq_headers")
CATEGORY_HEADERS = _keyset("category_headers")
TEXT_HEADER_KEYWORDS = tuple(_VOCAB["text_header_keywords"])
NUMERIC_HEADER_KEYWORDS = tuple(_VOCAB["numeric_header_keywords"])
UNITS = frozenset(_VOCAB["units"])
TOTAL_LABELS = _keyset("total_labels")
GROUP_TOTAL_LABELS = _keyset("group_total_labels")
PLACEHOLDERS = _keyset("placeholders")
TRANSPOSED_FIRST = _keyset("transposed_first_headers")
LEAD_HEADERS = _keyset("lead_headers")
RESPONSIBLE_HEADERS = _keyset("responsible_headers")
TASK_TEXT_HEADERS = tuple(_VOCAB["task_text_headers"])
DEADLINE_HEADERS = _keyset("deadline_headers")
UNIT_NOTE_PREFIXES = tuple(_VOCAB["unit_note_prefixes"])
LONG_TEXT_HEADER_KEYWORDS = tuple(_VOCAB["long_text_header_keywords"])
UNIT_SEPARATORS = _VOCAB["unit_separators"]
REMARK_HEADERS = _keyset("remark_headers")
PLACEHOLDER_CHARS = frozenset(_VOCAB["placeholder_chars"])

_WS = re.compile(r"\s+")
_CELL_UNITS = sorted((u for u in UNITS if u not in {"年", "月", "日"}), key=len, reverse=True)
NUMBER_RE = re.compile(
    r"^(?P<q1>约|近|超过|超|不低于|不少于|不超过|不高于|低于|高于|≥|>=|≤|<=|>|<|±)?"
    r"(?P<sign>[+-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<mult>万|亿|千)?"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _CELL_UNITS) + r")?"
    r"(?P<q2>以上|以下|左右|以内|及以上|及以下|多|余)?$")
SEQ_RE = re.compile(r"^[(]?(\d{1,4}|[一二三四五六七八九十百]{1,4})[)]?[.、]?$")
# a document-level line: the end of any table, wherever it appears
DOC_STOP_RE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]{1,5}[章节条编]"
    r"|附件\s*\d*\s*[:：]?$|附件\s*\d+|附表\s*\d*"
    r"|专栏\s*\d"
    r"|(?:续)?表\s*\d+(?:[-.]\d+)?(?:\s|[:：]|$)"
    r"|(?:注|注释|备注|说明|资料来源|数据来源)\s*\d*[:：]"
    r"|[(（]此件.*[)）]$"
    r"|.*[〔\[(（]\d{4}[〕\])）]\s*\d+\s*号$)")
# a section heading (二、 (三)): the end of a table, or a group row inside a 序号 table
SECTION_RE = re.compile(r"^(?:[一二三四五六七八九十百]{1,3}、|[(（][一二三四五六七八九十百]{1,3}[)）])(?=\S)")
SENTENCE_END_RE = re.compile(r"[。；;!！?？]$")
UNIT_PAREN_RE = re.compile(r"^(?P<head>.*?)[(（](?P<unit>[^()（）]{1,10})[)）]$")
UNIT_ONLY_RE = re.compile(r"^[(（][^()（）]{1,10}[)）]$")
YEARISH_RE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:度|底|末|初)?|(?:19|20)\d{2}|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|末|期末|初)?)"
    r"(?P<rest>.{0,12})$")
PURE_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
UNIT_NOTE_RE = re.compile(r"^[(（]?(?:" + "|".join(map(re.escape, UNIT_NOTE_PREFIXES)) + r")\s*[:：]")
ANNEX_PREFIX_RE = re.compile(r"^附件\s*\d*\s*[:：]\s*")
DATE_ONLY_RE = re.compile(r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年\S{1,3}月\S{1,3}日$")
ANNEX_ONLY_RE = re.compile(r"^附件\s*\d*\s*[:：]?$")
TITLE_LIKE_RE = re.compile(r"^(?:附件\s*\d*\s*[:：]|附表|(?:续)?表\s*\d|专栏\s*\d)")

# deadline cells of task tables (a small reader; the dates stage is the full one)
_DL_FULL = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_DL_MONTH = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")
_DL_QUARTER = re.compile(r"((?:19|20)\d{2})?年?(?:第)?([一二三四1-4])季度")
_DL_HALF = re.compile(r"((?:19|20)\d{2})?年?(上|下)半年")
_DL_YEAR = re.compile(r"((?:19|20)\d{2})年")
_DL_MD = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_DL_M = re.compile(r"(?<![\d年])(\d{1,2})月(?:底|末|中旬|上旬|下旬)?")
_DL_YEAR_END = re.compile(r"年底|年末|年内|全年")
# 2023/06/30, 2023.6.30, 2023-06-30, 2023.6 (a month)
_DL_NUMERIC = re.compile(r"(?<![\d./-])((?:19|20)\d{2})[./-](\d{1,2})(?:[./-](\d{1,2}))?(?![\d./-])")
# a start, not a deadline: 2023年起, 2023年3月起, 2023.3.1起, 即日起, 自…开始
_DL_START = re.compile(r"(?:(?:19|20)\d{2}(?:年(?:\d{1,2}月(?:\d{1,2}日)?)?|[./-]\d{1,2}(?:[./-]\d{1,2})?)"
                       r"|\d{1,2}月(?:\d{1,2}日)?|即日)(?:起(?!草)|开始|以来)")

MAX_HEADER = 24  # cells
MAX_CELL_HEADER = 24  # characters of a header cell
MAX_STREAM = 20000  # cells read after a header, at most
FIRST_STREAM = 64  # cells read after a header at first
LONG_CELL = 60  # a row-start cell this long that ends like a sentence is body text


# =====================================================================================
# Cells
# =====================================================================================

class _Cell:
    __slots__ = ("text", "key", "start", "end", "kind", "num", "total", "line")

    def __init__(self, text, key, start, end, kind, num, total, line):
        self.text = text  # as written (raw)
        self.key = key  # folded, spaces removed
        self.start = start
        self.end = end
        self.kind = kind  # E empty, N number, P placeholder, T text
        self.num = num  # Decimal or None
        self.total = total  # None, "grand" or "group"
        self.line = line  # index in the region's line list, -1 for an empty cell

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"<{self.kind}:{self.text!r}>"


def _key(s: str) -> str:
    return _WS.sub("", s)


def parse_number(key: str) -> Decimal | None:
    """The number a cell holds ('7.5以上' -> 7.5, '1,234' -> 1234, '12.5%' -> 12.5, '1.5万' -> 15000)."""
    m = NUMBER_RE.match(key)
    if not m:
        return None
    try:
        d = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    if m.group("sign") == "-":
        d = -d
    mult = m.group("mult")
    if mult:
        d *= {"万": 10**4, "亿": 10**8, "千": 10**3}[mult]
    return d


def _classify(key: str) -> tuple[str, Decimal | None]:
    if not key:
        return "E", None
    n = parse_number(key)
    if n is not None:
        return "N", n
    if key in PLACEHOLDERS or all(c in PLACEHOLDER_CHARS for c in key):
        return "P", None
    return "T", None


def _total_kind(key: str) -> str | None:
    k = key.rstrip(":：")
    m = UNIT_PAREN_RE.match(k)
    if m:
        k = m.group("head")
    if k in GROUP_TOTAL_LABELS:
        return "group"
    if k in TOTAL_LABELS:
        return "grand"
    return None


@lru_cache(maxsize=4096)
def _seq_value(key: str) -> int | None:
    m = SEQ_RE.match(key)
    if not m:
        return None
    return label_number(m.group(1))


def _hard_stop(key: str) -> bool:
    return bool(DOC_STOP_RE.match(key) or SECTION_RE.match(key)) or len(key) > 300


def _doc_stop(key: str) -> bool:
    return bool(DOC_STOP_RE.match(key)) or len(key) > 300


@lru_cache(maxsize=4096)
def _row_stop(key: str) -> bool:
    """A cell where a row should start but body text goes on instead."""
    if _hard_stop(key):
        return True
    if len(key) > LONG_CELL and SENTENCE_END_RE.search(key):
        return True
    if len(key) > 2 * LONG_CELL and ("。" in key or "；" in key):
        return True
    if len(key) > 3 and key[-1] in ":：" and not UNIT_NOTE_RE.match(key):
        return True
    return False


@lru_cache(maxsize=4096)
def _header_strength(key: str) -> int:
    """2 = a header word of the vocabulary, 1 = looks like a header, 0 = not a header."""
    if not key or len(key) > MAX_CELL_HEADER or _hard_stop(key) or UNIT_NOTE_RE.match(key):
        return 0
    if key in HEADER_CELLS or key in VALUE_HEADER_WORDS:
        return 2
    m = UNIT_PAREN_RE.match(key)
    if m and (m.group("head") in HEADER_CELLS or m.group("head") in VALUE_HEADER_WORDS):
        return 2
    if parse_number(key) is not None or _total_kind(key):
        return 0
    y = YEARISH_RE.match(key)
    if y:
        rest = y.group("rest")
        if not rest or rest in VALUE_HEADER_WORDS or _header_strength(rest) or _unit_only(rest):
            return 1
        return 0
    if m and _is_unit(m.group("unit")) and len(key) <= 16:
        return 1
    if len(key) <= 10 and not any(c.isdigit() for c in key) and any(w in key for w in HEADER_KEYWORDS):
        return 1
    return 0


def _unit_only(key: str) -> bool:
    """'(万元)', '（人）': a unit in brackets and nothing else."""
    return bool(UNIT_ONLY_RE.match(key)) and _is_unit(key[1:-1])


def _is_unit(u: str) -> bool:
    u = _key(u)
    if u in UNITS:
        return True
    for sep in ("/", "、", ",", "，"):
        if sep in u:
            return all(p in UNITS for p in u.split(sep) if p)
    return u.startswith(("万", "亿")) and u[1:] in UNITS


class _Region:
    """Per-line facts of one region, computed once (cells and stops are cached on first use)."""

    def __init__(self, text: Text, start: int, end: int):
        self.lines = [ln for ln in text.lines_between(start, end) if ln.end <= end]
        self.keys = [_key(ln.fold) for ln in self.lines]
        self.raw = text.raw
        self.fold = text.fold
        self.cells: list[_Cell | None] = [None] * len(self.lines)
        self.stops: list[int] = [-1] * len(self.lines)  # -1 unknown, 0 no, 1 section, 2 document

    def stop(self, j: int) -> int:
        v = self.stops[j]
        if v < 0:
            k = self.keys[j]
            v = 2 if _doc_stop(k) else (1 if SECTION_RE.match(k) else 0)
            self.stops[j] = v
        return v


def _make_cell(reg: _Region, li: int) -> _Cell:
    c = reg.cells[li]
    if c is None:
        ln = reg.lines[li]
        key = reg.keys[li]
        kind, num = _classify(key)
        c = reg.cells[li] = _Cell(ln.raw, key, ln.start, ln.end, kind, num, _total_kind(key), li)
    return c


def _empty_cell(at: int) -> _Cell:
    return _Cell("", "", at, at, "E", None, None, -1)


_EMPTY = _empty_cell(0)


def _base_gap(reg: _Region, li: int) -> int:
    """The usual number of blank lines between two cells. Header cells have no empty cells
    between them, so the gaps inside the header run decide; the commonest gap otherwise."""
    window = reg.lines[li + 1:li + 40]
    if not window:
        return 1
    counts: dict[int, int] = {}
    for ln in window:
        counts[ln.blanks_before] = counts.get(ln.blanks_before, 0) + 1
    hdr = []
    for j in range(li + 1, min(len(reg.lines), li + 1 + MAX_HEADER)):
        k = reg.keys[j]
        if not (_header_strength(k) or PURE_YEAR_RE.match(k)):
            break
        hdr.append(reg.lines[j].blanks_before)
    if not hdr:
        return max(sorted(counts), key=lambda b: counts[b])
    base = min(hdr)
    if base == 0 and counts.get(0, 0) < 0.3 * len(window):
        # a header cell wrapped over two lines in a source with blank lines between cells
        common = [v for v in sorted(counts) if v >= 1 and counts[v] >= 0.2 * len(window)]
        base = common[0] if common else 1
    return base


def _seq_next(reg: _Region, j: int) -> bool:
    """Is the line after ``j`` a row number (so that ``j`` may be a group row of a 序号 table)?"""
    return j + 1 < len(reg.lines) and _seq_value(reg.keys[j + 1]) is not None


def _stream(reg: _Region, li: int, base: int, cap: int = MAX_STREAM) -> list[_Cell]:
    """Cells from line ``li`` on, empty cells made visible, up to the first heading."""
    cells: list[_Cell] = []
    n = len(reg.lines)
    lay_cap = 40  # more empty cells than this in a row is a gap, not a table
    for j in range(li, n):
        ln = reg.lines[j]
        if j > li:
            stop = reg.stop(j)
            if stop == 2 or (stop == 1 and not _seq_next(reg, j)):
                # empty cells at the end of the last row show only before the next line
                for _ in range(min(max(0, ln.blanks_before - base), lay_cap)):
                    cells.append(_empty_cell(ln.start))
                break
            if base >= 1 and ln.blanks_before == 0 and cells and cells[-1].kind != "E":
                # a cell wrapped over two lines: join without separator
                prev = cells[-1]
                text = prev.text + ln.raw
                key = prev.key + reg.keys[j]
                kind, num = _classify(key)
                cells[-1] = _Cell(text, key, prev.start, ln.end, kind, num, _total_kind(key), prev.line)
                continue
            for _ in range(min(max(0, ln.blanks_before - base), lay_cap)):
                cells.append(_empty_cell(ln.start))
        cells.append(_make_cell(reg, j))
        if len(cells) >= cap:
            break
    return cells


# =====================================================================================
# Columns
# =====================================================================================

def _join_header(cells: list[_Cell]) -> list[list[_Cell]]:
    """Group header lines into columns: '2025年' + '目标值', '总投资' + '(万元)'."""
    cols: list[list[_Cell]] = []
    i = 0
    while i < len(cells):
        c = cells[i]
        if i + 1 < len(cells):
            nxt = cells[i + 1]
            y = YEARISH_RE.match(c.key)
            year_only = bool(y) and not y.group("rest")
            nxt_year = YEARISH_RE.match(nxt.key)
            if (year_only and not nxt_year and len(nxt.key) <= 10 and nxt.key not in SEQ_HEADERS) \
                    or _unit_only(nxt.key) or c.key.endswith(("(", "（", "、", "及", "和")):
                cols.append([c, nxt])
                i += 2
                continue
        cols.append([c])
        i += 1
    return cols


def _col_name(group: list[_Cell]) -> str:
    return "".join(c.text for c in group)


@lru_cache(maxsize=1024)
def _col_hint(name_key: str) -> str | None:
    """What a header says about its column: seq, cat(egory text), num, text, any or None."""
    if name_key in SEQ_HEADERS:
        return "seq"
    m = UNIT_PAREN_RE.match(name_key)
    head = m.group("head") if m else name_key
    if head in CATEGORY_HEADERS:
        return "cat"
    if head in REMARK_HEADERS:
        return "any"
    if m and _is_unit(m.group("unit")):
        return "num"
    if any(w in name_key for w in NUMERIC_HEADER_KEYWORDS):
        return "num"
    if YEARISH_RE.match(name_key):
        return "num"
    # a one-character keyword (县, 区, 市, 人) names a column of places or persons only at the
    # end of the header (所在县区, 联系人); 市级补助 and 区级配套 are amounts
    if any((w in name_key) if len(w) > 1 else head.endswith(w) for w in TEXT_HEADER_KEYWORDS):
        return "text"
    return None


# =====================================================================================
# Row reading
# =====================================================================================

class _Layout:
    def __init__(self, names: list[str], hints: list[str | None]):
        self.names = names
        self.n = len(names)
        self.hints = hints
        self.seq = hints.index("seq") if "seq" in hints else None
        self.types: list[str] = ["any"] * self.n  # fixed after the first row
        self.fill: list[int] = []  # columns a merged cell may leave out (filled down)
        self.seen: list[set[str]] = [set() for _ in names]  # values met in each column
        self.long_first = False  # the first column holds sentences (a task list without 序号)
        # columns whose header announces running text (工作任务, 建设内容, 具体措施 …)
        self.long_ok = [_long_text_column(nm) for nm in names]


@lru_cache(maxsize=512)
def _long_text_column(name: str) -> bool:
    key = _key(name)
    return any(w in key for w in LONG_TEXT_HEADER_KEYWORDS)


def _match(cell: _Cell, ctype: str) -> tuple[float, int]:
    """(score, mismatches) of one cell in a column of type ``ctype``."""
    k = cell.kind
    if k == "E":
        return 0.0, 0
    if ctype == "num":
        return {"N": 2.0, "P": 1.0}.get(k, -2.0), (1 if k == "T" else 0)
    if ctype == "text":
        return {"T": 1.0, "P": 0.0}.get(k, -0.5), 0
    return 0.25, 0  # any


def _row_score(mapping: list[_Cell | None], lay: _Layout, expect: int | None) -> tuple[float, int] | None:
    score, bad = 0.0, 0
    for ci, cell in enumerate(mapping):
        if cell is None:
            continue
        if cell.total:
            return None
        if ci == lay.seq:
            if expect is None or _seq_value(cell.key) != expect:
                return None
            score += 2.0
            continue
        if not lay.long_ok[ci] and _sentence(cell.key):
            return None  # running text does not sit in a column of names or numbers
        s, b = _match(cell, lay.types[ci])
        score += s
        bad += b
    return score, bad


def _align(cells: list[_Cell], lay: _Layout) -> tuple[float, list[list[_Cell]]]:
    """Best order-keeping assignment of ``cells`` to the columns: a column may get no cell (an
    empty cell the source did not show) or, in a source without blank lines, two or three (a
    cell split over lines). A value already met in a column is a hint that it belongs there."""
    m, k = len(cells), lay.n
    NEG = -1e9
    best = [[NEG] * (k + 1) for _ in range(m + 1)]  # best[i][j]: cells[:i] placed in columns[:j]
    back: list[list[tuple[int, int] | None]] = [[None] * (k + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    maxgroup = 3 if m > k else 1
    for j in range(1, k + 1):
        ct = lay.types[j - 1]
        seen = lay.seen[j - 1]
        for i in range(0, m + 1):
            v = best[i][j - 1] - (0.8 if ct == "any" else 1.2) - 0.01 * (k - j)  # column j-1 left empty
            if v > best[i][j]:
                best[i][j], back[i][j] = v, (i, j - 1)
            for t in range(max(0, i - maxgroup), i):  # column j-1 takes cells[t:i]
                if best[t][j - 1] == NEG:
                    continue
                group = cells[t:i]
                if len(group) > 1 and any(g.kind == "E" for g in group):
                    continue
                cell = group[0] if len(group) == 1 else _joined(group)
                if j - 1 == lay.seq:
                    sc = 2.0 if _seq_value(cell.key) is not None else -3.0
                else:
                    sc = _match(cell, ct)[0] + (0.75 if cell.key and cell.key in seen else 0.0)
                v = best[t][j - 1] + sc - 1.5 * (len(group) - 1)
                if v > best[i][j]:
                    best[i][j], back[i][j] = v, (t, j - 1)
    if best[m][k] == NEG:
        return NEG, []
    out: list[list[_Cell]] = [[] for _ in range(k)]
    i, j = m, k
    while j > 0:
        t, pj = back[i][j]
        if t != i:
            out[j - 1] = cells[t:i]
        i, j = t, pj
    return best[m][k], out


def _joined(group: list[_Cell]) -> _Cell:
    text = "".join(g.text for g in group)
    key = "".join(g.key for g in group)
    kind, num = _classify(key)
    return _Cell(text, key, group[0].start, group[-1].end, kind, num, _total_kind(key), group[0].line)


class _Body:
    """The result of reading rows: rows of cells (None = empty), totals rows, warnings."""

    def __init__(self):
        self.rows: list[list[_Cell | None]] = []
        self.filled: list[set[int]] = []  # per row: columns filled down
        self.totals: list[tuple[_Cell, list[_Cell | None], int]] = []  # (label, cells per column, rows before it)
        self.notes: list[tuple[str, str, list[int]]] = []  # (code, message, span)
        self.end = 0  # stream index after the table
        self.score = 0.0
        self.groups: list[dict] = []  # rows spanning the table that head a group of rows


def _sentence(key: str) -> bool:
    return len(key) >= 24 and key[-1] in "。！？；!?;" and any(c in key for c in "，,、")


def _body_text(cell: _Cell, lay: _Layout) -> bool:
    """A cell where a row should start that reads like running text: the table has ended."""
    if _row_stop(cell.key):
        return True
    if lay.long_first:
        return False
    return _sentence(cell.key)


def _lookahead(cells: list[_Cell], q: int, lay: _Layout, expect_next: int | None) -> float:
    """How well the cells after a candidate row start the next row (or end the table)."""
    if q >= len(cells):
        return 1.0
    r = q
    while r < len(cells) and cells[r].kind == "E":
        r += 1
    if r >= len(cells):
        return 0.5
    c = cells[r]
    if c.total:
        return 1.5
    if _body_text(c, lay):
        return 1.0 if r == q else 0.5
    if c.kind == "T" and _header_strength(c.key) == 2 and lay.seq is not None:
        return 0.5  # the header of the next table
    if lay.seq is not None:
        if r == q and _group_row(cells, r, expect_next, False):
            return 2.0
        if r == q and _seq_value(c.key) == expect_next:
            return 3.0
        if c.kind == "T" and len(c.key) > 20:
            return 0.5  # running text after the last row
        return -3.0
    first = [lay.types[0]]
    if lay.fill:
        nf = next((ci for ci in range(lay.n) if ci not in lay.fill), None)
        if nf is not None:
            first.append(lay.types[nf])
    return 0.5 * max(_match(c, t)[0] for t in first)


def _candidates(cells: list[_Cell], p: int, lay: _Layout, base: int, expect: int | None, best):
    n = lay.n
    cands: list[tuple[int, list[_Cell | None], set[int], float, str | None]] = []
    if p + n <= len(cells):  # the whole row
        cands.append((p + n, list(cells[p:p + n]), set(), 0.0, None))
    for k in range(1, len(lay.fill) + 1):  # a row under a merged category cell
        skip = set(lay.fill[:k])
        width = n - k
        if p + width <= len(cells):
            it = iter(cells[p:p + width])
            mapping = [None if ci in skip else next(it) for ci in range(n)]
            cands.append((p + width, mapping, skip, -0.25 * k, None))
    best = _best_candidate(cells, cands, lay, expect, best)
    # a row of the wrong width (an empty cell the source does not show; in a source without
    # blank lines also a cell split over lines): only where a 序号 or a source without blank
    # lines gives evidence, and nothing else fits
    if (lay.seq is not None or base == 0) and (best is None or best[6] < 1.0 or best[1] <= 0):
        cands = []
        top = n + 3 if (base == 0 or lay.seq is not None) else n
        for width in range(max(2, n - 3), top):
            if width == n or p + width > len(cells):
                continue
            q = p + width
            if lay.seq is not None:
                nxt = cells[q] if q < len(cells) else None
                real = nxt is not None and (_seq_value(nxt.key) == expect + 1 or bool(nxt.total))
                if width > n and base >= 1 and not real:
                    continue  # a longer row needs the next row number right after it
                if nxt is not None and not (real or nxt.kind == "E" or _body_text(nxt, lay)):
                    continue
            _, groups = _align(cells[p:q], lay)
            if not groups:
                continue
            mapping = [(_joined(g) if len(g) > 1 else g[0]) if g else None for g in groups]
            cands.append((q, mapping, set(), -1.0 - 0.5 * abs(width - n), "rhythm"))
        best = _best_candidate(cells, cands, lay, expect, best)
    return best


def _read_rows(cells: list[_Cell], p: int, lay: _Layout, base: int) -> _Body:
    body = _Body()
    n = lay.n
    expect = None
    first = True
    # until the first row is read, the header says what each column holds
    lay.types = [{"seq": "seq", "num": "num", "text": "text", "cat": "text"}.get(h or "", "any") for h in lay.hints]
    while p < len(cells):
        r = p
        while r < len(cells) and cells[r].kind == "E":
            r += 1
        if r >= len(cells):
            p = r
            break
        if cells[r].total:  # leading empty cells, then a total label: a total row
            if first and not (r + 1 < len(cells) and cells[r + 1].kind in ("N", "P", "E")):
                break  # a total label with no numbers after it, before any row: not this table
            p = _read_total(cells, p, r, lay, body, expect, leading=first)
            if first:
                # a total row above the rows: the columns it states a number for are numeric,
                # whatever their header words suggest
                for ci, st in enumerate(body.totals[-1][1]):
                    if st is not None and st.kind == "N" and ci != lay.seq:
                        lay.hints[ci] = "num"
                        lay.types[ci] = "num"
            if cells[r].total == "grand" and not first:
                break
            continue
        if lay.seq is not None and _group_row(cells, r, expect, first):
            # a row spanning the table (一、交通项目) before numbered rows: a group, not data
            g = cells[r]
            body.groups.append({"title": g.text, "first_row": len(body.rows), "span": [g.start, g.end]})
            p = r + 1
            nxt = next((c for c in cells[p:] if c.kind != "E"), None)
            if nxt is not None and _seq_value(nxt.key) == 1:
                expect = 1  # the numbering restarts in each group
            continue
        if r == p and _body_text(cells[r], lay) or _hard_stop(cells[r].key) \
                or (r == p and cells[r].kind == "T" and _header_strength(cells[r].key) == 2 and not first
                    and lay.seq is not None):
            break
        if lay.seq is not None:
            if expect is None:
                # the first row number, read where the 序号 column sits
                expect = _seq_value(cells[r + lay.seq].key) if r + lay.seq < len(cells) else None
                if expect is None:
                    break
                p = r
            elif r > p and _seq_value(cells[r].key) == expect:
                p = r  # stray empty cells before a row number belong to no column
        if first and lay.seq is None:
            row = cells[p:p + n]
            if len(row) < n or any(x.total for x in row):
                break
            _set_types(lay, row)
            sc = _row_score(list(row), lay, expect)
            if sc is None or not _first_row_ok(lay, row):
                break
            _add_row(body, lay, [x if x.kind != "E" else None for x in row], set(), sc[0])
            lay.long_first = len(row[0].key) >= 24
            p += n
            first = False
            continue
        best = _candidates(cells, p, lay, base, expect, None)
        if (best is None or best[1] <= 0) and r > p:
            best = _candidates(cells, r, lay, base, expect, None)  # re-synchronise past empty cells
            if best is not None and best[1] > 0:
                body.score -= r - p
                p = r
        if best is None or best[1] <= 0:
            _end_of_rows(cells, p, lay, body, expect, best)
            p = body.end
            break
        val, rs, q, mapping, skip, note, _ = best
        if first:
            full = [m if m is not None else _EMPTY for m in mapping]
            _set_types(lay, full)
            if not _first_row_ok(lay, full):
                break
            first = False
        row = [m if m is not None and m.kind != "E" else None for m in mapping]
        if skip:
            prev = body.rows[-1]
            for ci in skip:
                row[ci] = prev[ci]
        if note == "rhythm":
            label = cells[p].text
            body.notes.append(("table_row_rhythm",
                               f"row {label or len(body.rows) + 1} has {q - p} cells for {n} columns "
                               "(an empty cell the source does not show, or a cell split over lines); "
                               "the cells were placed by their type: check this row",
                               [cells[p].start, cells[q - 1].end]))
        _add_row(body, lay, row, skip, rs)
        p = q
        if expect is not None:
            expect += 1
    body.end = max(p, body.end)
    while body.groups and body.groups[-1]["first_row"] >= len(body.rows):
        body.groups.pop()  # a heading after the last row is not a group of this table
    return body


def _group_row(cells: list[_Cell], r: int, expect: int | None, first: bool) -> bool:
    c = cells[r]
    if c.kind != "T" or len(c.key) > 40 or not SECTION_RE.match(c.key):
        return False
    q = r + 1
    while q < len(cells) and cells[q].kind == "E":
        q += 1
    if q >= len(cells):
        return False
    v = _seq_value(cells[q].key)
    return v is not None and (v == expect or v == 1 or (first and expect is None))


def _add_row(body: _Body, lay: _Layout, row: list[_Cell | None], skip: set[int], score: float) -> None:
    body.rows.append(row)
    body.filled.append(skip)
    body.score += score
    for ci, c in enumerate(row):
        if c is not None and ci not in skip:
            lay.seen[ci].add(c.key)


def _end_of_rows(cells: list[_Cell], p: int, lay: _Layout, body: _Body, expect, best) -> None:
    """No row fits at ``p``: a last row cut short by the end of the text, or the end of the table."""
    n = lay.n
    body.end = p
    rest = cells[p:]
    stop = next((i for i, x in enumerate(rest) if _body_text(x, lay) or x.total or _hard_stop(x.key)), len(rest))
    part = rest[:stop]
    if 2 <= len(part) < n and stop == len(rest) and len([x for x in part if x.kind != "E"]) * 2 >= n:
        mapping = part + [None] * (n - len(part))
        sc = _row_score(mapping, lay, expect)
        if sc is not None and sc[0] > 0 and sc[1] == 0:
            _add_row(body, lay, [x if x is not None and x.kind != "E" else None for x in mapping], set(), sc[0])
            body.notes.append(("table_row_incomplete",
                               f"the last row has {len(part)} of {n} cells; the missing cells are left empty",
                               [part[0].start, part[-1].end]))
            body.end = p + len(part)
            return
    if p < len(cells) and cells[p].kind != "E" and len(cells[p].key) <= 20 and not _body_text(cells[p], lay) \
            and _header_strength(cells[p].key) < 2 and body.rows and best is not None:
        body.notes.append(("table_rhythm_break",
                           f"the cells after row {len(body.rows)} no longer fit the {n} columns; "
                           "the table is read up to there",
                           [cells[p].start, cells[p].end]))


def _best_candidate(cells, cands, lay: _Layout, expect, best):
    for q, mapping, skip, penalty, note in cands:
        if any(m is not None and m.total for m in mapping):
            continue
        sc = _row_score(mapping, lay, expect)
        if sc is None:
            continue
        rs, bad = sc
        if bad > max(1, lay.n // 3):
            continue
        la = _lookahead(cells, q, lay, expect + 1 if expect is not None else None)
        val = rs + penalty + la
        if best is None or val > best[0] + 1e-9:
            best = (val, rs, q, mapping, skip, note, la)
    return best


def _set_types(lay: _Layout, row: list[_Cell]) -> None:
    for ci, cell in enumerate(row):
        hint = lay.hints[ci]
        if ci == lay.seq:
            lay.types[ci] = "seq"
        elif hint == "any":
            lay.types[ci] = "any"
        elif cell.kind == "N":
            lay.types[ci] = "any" if hint in ("text", "cat") else "num"
        elif cell.kind == "T":
            lay.types[ci] = "num" if hint == "num" else "text"
        else:  # empty or placeholder: the header decides
            lay.types[ci] = {"num": "num", "text": "text", "cat": "text"}.get(hint or "", "any")
    # columns a merged category cell may leave out: the first text columns
    start = 1 if lay.seq == 0 else 0
    fill: list[int] = []
    for ci in range(start, min(start + 2, lay.n - 1)):
        if lay.types[ci] != "text":
            break
        if ci == start and (lay.seq is None or lay.hints[ci] == "cat"):
            fill.append(ci)
        elif ci > start and lay.hints[ci] == "cat" and fill:
            fill.append(ci)
        else:
            break
    lay.fill = fill


def _first_row_ok(lay: _Layout, row: list[_Cell]) -> bool:
    """The first row must not contradict the header: numbers under numeric headers."""
    hinted = [(ci, h) for ci, h in enumerate(lay.hints) if h in ("num", "text", "cat")]
    bad = 0
    for ci, h in hinted:
        k = row[ci].kind
        if h == "num" and k == "T":
            bad += 1
        if h in ("text", "cat") and k == "N" and row[ci].num is not None and len(row[ci].key) > 0:
            bad += 0.5
    if any(c.kind != "E" and _header_strength(c.key) == 2 for c in row):
        bad += 1
    return bad <= max(0, len(hinted) // 3)


def _read_total(cells: list[_Cell], p: int, r: int, lay: _Layout, body: _Body, expect: int | None,
                leading: bool = False) -> int:
    """A 合计 row: leading empty cells[p:r], the label cells[r], then its numbers (and empty cells)."""
    label = cells[r]
    lead = r - p
    limit = max(0, lay.n - 1 - lead)
    taken: list[_Cell] = []
    q = r + 1
    while q < len(cells) and len(taken) < limit:
        c = cells[q]
        if c.total or c.kind == "T" or _body_text(c, lay) or _hard_stop(c.key):
            break
        # a 小计 in a 序号 table: the next row's number is not part of it
        if expect is not None and _seq_value(c.key) == expect and q + 1 < len(cells) and cells[q + 1].kind == "T":
            break
        taken.append(c)
        q += 1
    per_col: list[_Cell | None] = [None] * lay.n
    positional = lead + 1 + len(taken) == lay.n and all(
        c.kind == "E" or lay.types[lead + 1 + t] == "num" for t, c in enumerate(taken))
    if positional:
        for t, c in enumerate(taken):
            per_col[lead + 1 + t] = c if c.kind != "E" else None
    else:
        vals = [c for c in taken if c.kind != "E"]
        numcols = [ci for ci in range(lay.n) if ci != lay.seq and lay.types[ci] == "num"]
        if len(vals) > len(numcols):
            numcols = [ci for ci in range(lay.n) if ci != lay.seq][-len(vals):]
        for ci, c in zip(numcols, vals):
            per_col[ci] = c
    body.totals.append((label, per_col, -1 if leading else len(body.rows)))
    return q


# =====================================================================================
# Table assembly
# =====================================================================================

def _num_out(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _check_total(title, label: _Cell, colname: str, stated: _Cell, values: list[Decimal],
                 out_totals: list[dict], warns: list[dict]) -> None:
    if stated.num is None or not values:
        return
    computed = sum(values, Decimal(0))
    places = _decimals(stated.num)
    rounded = computed.quantize(Decimal(1).scaleb(-places)) if places < 12 else computed
    ok = rounded == stated.num
    out_totals.append({"label": label.text, "column": colname, "stated": _num_out(stated.num),
                       "computed": _num_out(computed), "ok": bool(ok)})
    if not ok:
        diff = stated.num - computed
        warns.append(warning(STAGE, "table_total_mismatch",
                             f"table {_tname(title)}: the {label.text} row states {stated.text} for "
                             f"{colname} but its readable cells add up to {_num_out(computed)} "
                             f"(difference {_num_out(diff)}); check the cells and the total",
                             [stated.start, stated.end]))


def _tname(title: str | None) -> str:
    return f"“{title}”" if title else "(untitled)"


def _finish_rows_table(title, title_line, header_groups, lay: _Layout, body: _Body) -> tuple[dict, list[dict]]:
    warns: list[dict] = []
    n = lay.n
    rows_txt = [[c.text if c is not None else "" for c in row] for row in body.rows]
    # numeric columns: the header says so or most cells are numbers
    numeric = []
    for ci in range(n):
        if ci == lay.seq or lay.hints[ci] in ("text", "cat", "any"):
            numeric.append(False)
            continue
        kinds = [row[ci].kind for ri, row in enumerate(body.rows)
                 if row[ci] is not None and ci not in body.filled[ri]]
        nn = kinds.count("N")
        other = len(kinds) - nn
        numeric.append((lay.hints[ci] == "num" and nn >= 1) or (nn >= 2 and nn >= 2 * other))
    for ri, row in enumerate(body.rows):
        for ci in range(n):
            c = row[ci]
            if numeric[ci] and c is not None and c.kind in ("T", "P") and ci not in body.filled[ri]:
                lab = row[lay.seq].text if lay.seq is not None and row[lay.seq] is not None else str(ri + 1)
                warns.append(warning(STAGE, "cell_not_a_number",
                                     f"table {_tname(title)}, row {lab}: the {lay.names[ci]} cell reads "
                                     f"“{c.text}”, not a number; it is kept as text and left out of the totals",
                                     [c.start, c.end]))
    warns.extend(_row_total_warnings(title, lay, body, numeric))
    totals: list[dict] = []
    group_start = 0
    for label, per_col, upto in body.totals:
        if upto < 0:  # a total row above the rows it adds up
            upto = len(body.rows)
        is_group = label.total == "group"
        lo = group_start if is_group else 0
        for ci, stated in enumerate(per_col):
            if stated is None:
                continue
            if stated.num is None:
                warns.append(warning(STAGE, "cell_not_a_number",
                                     f"table {_tname(title)}: the {label.text} cell of {lay.names[ci]} reads "
                                     f"“{stated.text}”, not a number; the total is not checked",
                                     [stated.start, stated.end]))
                continue
            vals = [row[ci].num for ri, row in enumerate(body.rows[lo:upto], lo)
                    if row[ci] is not None and row[ci].num is not None and ci not in body.filled[ri]]
            _check_total(title, label, lay.names[ci], stated, vals, totals, warns)
        if is_group:
            group_start = upto
    first = header_groups[0][0]
    last_end = _last_end(body, first.end)
    rec = {
        "title": title,
        "columns": list(lay.names),
        "rows": rows_txt,
        "orientation": "rows",
        "totals": totals,
        "span": [first.start, last_end],
        "header_span": [first.start, header_groups[-1][-1].end],
        "row_spans": [_row_span(row, body.filled[ri]) for ri, row in enumerate(body.rows)],
    }
    if body.groups:
        rec["row_groups"] = body.groups
    if title_line is not None:
        rec["title_span"] = [title_line.start, title_line.end]
    for code, msg, span in body.notes:
        warns.append(warning(STAGE, code, f"table {_tname(title)}: {msg}", span))
    return rec, warns


def _row_total_warnings(title, lay: _Layout, body: _Body, numeric: list[bool]) -> list[dict]:
    """A column headed 小计/合计 (社区 | 乡镇 | 小计) holds each row's sum of the numeric columns
    before it (back to the previous such column): a row where it does not is warned."""
    out: list[dict] = []
    prev = -1
    for ci in range(lay.n):
        key = _key(_fold(lay.names[ci]))
        if not _total_kind(key):
            continue
        addends = [cj for cj in range(prev + 1, ci) if numeric[cj] and cj != lay.seq
                   and not any(w in _key(_fold(lay.names[cj])) for w in ("%", "率", "比"))]
        prev = ci
        if len(addends) < 2 or not numeric[ci]:
            continue
        for ri, row in enumerate(body.rows):
            stated = row[ci]
            if stated is None or stated.num is None or ci in body.filled[ri]:
                continue
            vals = [row[cj].num for cj in addends if row[cj] is not None and row[cj].num is not None]
            if not vals:
                continue
            computed = sum(vals, Decimal(0))
            places = _decimals(stated.num)
            if computed.quantize(Decimal(1).scaleb(-places)) != stated.num:
                lab = row[lay.seq].text if lay.seq is not None and row[lay.seq] is not None else \
                    (row[0].text if row[0] is not None else str(ri + 1))
                out.append(warning(STAGE, "table_row_total_mismatch",
                                   f"table {_tname(title)}, row {lab}: the {lay.names[ci]} cell states "
                                   f"{stated.text} but the cells before it add up to {_num_out(computed)}; "
                                   "check the row", [stated.start, stated.end]))
    return out


def _row_span(row: list[_Cell | None], filled: set[int]) -> list[int] | None:
    """From the row's first own cell to its last (a cell filled down from above is not its own)."""
    own = [c for ci, c in enumerate(row) if c is not None and ci not in filled]
    if not own:
        return None
    return [min(c.start for c in own), max(c.end for c in own)]


def _last_end(body: _Body, default: int) -> int:
    end = default
    for row in body.rows:
        for c in row:
            if c is not None and c.end > end:
                end = c.end
    for label, per_col, _ in body.totals:
        end = max(end, label.end, *(c.end for c in per_col if c is not None))
    return end


def _try_rows(cells: list[_Cell], base: int, force_h: int | None = None) -> tuple[_Body, list, _Layout] | None:
    """The header run at ``cells[0]`` and the rows under it; the best reading wins. ``force_h``:
    the header is exactly that many cells (found from the rhythm of the rows, not its words)."""
    head = cells[0]
    runs: list[int] = []
    if force_h is not None:
        runs.append(force_h)
    elif head.key in SEQ_HEADERS:
        # a 序号 table: the header is everything before the first row number
        for k in range(2, min(len(cells), MAX_HEADER + 1)):
            c = cells[k]
            if _seq_value(c.key) in (0, 1) or (SECTION_RE.match(c.key) and _group_row(cells, k, None, True)):
                runs.append(k)
                break
            if not (c.kind == "T" or PURE_YEAR_RE.match(c.key)) or _row_stop(c.key) or len(c.key) > 30:
                break
    k = 0
    while force_h is None and k < len(cells) and k < MAX_HEADER and (
            (cells[k].kind == "T" and _header_strength(cells[k].key))
            or (k >= 1 and PURE_YEAR_RE.match(cells[k].key))):
        k += 1
    if k >= 2 and k not in runs:
        runs.append(k)
    if force_h is None:
        tk = _leading_total_at(cells)
        if tk is not None and tk not in runs:
            runs.insert(0, tk)
    if not runs:
        return None
    best = None
    seen = set()
    for run in runs:
        for h in range(run, max(1, run - 3) if force_h is None else run - 1, -1):
            hcells = cells[:h]
            variants = [_join_header(hcells)]
            plain = [[c] for c in hcells]
            if len(variants[0]) != len(plain):
                variants.append(plain)
            for groups in variants:
                sig = (h, len(groups))
                if sig in seen or len(groups) < 2:
                    continue
                seen.add(sig)
                names = [_col_name(g) for g in groups]
                hints = [_col_hint(_key("".join(c.key for c in g))) for g in groups]
                lay = _Layout(names, hints)
                body = _read_rows(cells, h, lay, base)
                if not body.rows:
                    continue
                # strength of the reading: rows that fit, a header that is made of header words
                strong = sum(1 for g in groups if any(_header_strength(c.key) == 2 for c in g))
                first_row = [c for c in body.rows[0] if c is not None]
                left_out = sum(1 for c in first_row if _header_strength(c.key) == 2)
                value = body.score + 1.0 * strong - 2.0 * left_out + (3.0 if body.totals else 0.0)
                if best is None or value > best[0]:
                    best = (value, body, groups, lay)
    if best is None:
        return None
    value, body, groups, lay = best
    own = [c for ri, row in enumerate(body.rows) for ci, c in enumerate(row)
           if c is not None and ci not in body.filled[ri] and ci != lay.seq]
    if own and (3 * sum(1 for c in own if _header_strength(c.key) == 2) > len(own)
                or 2 * sum(1 for c in own if _header_strength(c.key)) > len(own)):
        return None  # a run of header words in running text, not a table
    # a single row is a table only with evidence: a total row, a 序号, or numbers under numeric headers
    stated = any(c is not None for _, per_col, _ in body.totals for c in per_col)
    if len(body.rows) < 2 and not stated:
        row = body.rows[0]
        nums = sum(1 for ci, c in enumerate(row) if c is not None and c.kind == "N" and lay.hints[ci] == "num")
        if lay.seq is None and nums == 0:
            return None
    return body, groups, lay


def _leading_total_at(cells: list[_Cell]) -> int | None:
    """A 合计 row right under the header (before the rows it adds up): the header is every cell
    before its label, when those are all short header-like text cells (a header word of the
    vocabulary need not be among them: 省级补助, 县区配套) and numbers follow the label."""
    for k in range(1, min(len(cells), MAX_HEADER + 1)):
        c = cells[k]
        if c.total == "grand":  # (a 小计 here is rather a column: 新建 / 改扩建 / 小计)
            if k < 2:
                return None
            q = k + 1
            while q < len(cells) and cells[q].kind == "E":
                q += 1
            return k if q < len(cells) and cells[q].kind == "N" else None
        if not (c.kind == "T" and _headerish(c.key, False) or PURE_YEAR_RE.match(c.key)):
            return None
    return None


def _try_transposed(cells: list[_Cell]) -> dict | None:
    """``county-header / names … / label / values … [/ label / values …] [/ 合计 / totals]``.
    A 合计 may also stand among the names (first or last): then each block holds its total."""
    head = cells[0]
    m = UNIT_PAREN_RE.match(head.key)
    if head.key not in TRANSPOSED_FIRST and not (m and m.group("head") in TRANSPOSED_FIRST):
        return None
    names: list[_Cell] = []
    i = 1
    while i < len(cells):
        c = cells[i]
        if not (c.kind == "T" or PURE_YEAR_RE.match(c.key)) or len(c.key) > 20 \
                or (c.kind == "T" and _header_strength(c.key)) or _row_stop(c.key):
            break
        names.append(c)
        i += 1
    tot_at = [j for j, c in enumerate(names) if c.total]
    if len(names) < 2 or len(tot_at) > 1 or (tot_at and tot_at[0] not in (0, len(names) - 1)):
        return None
    n = len(names)
    blocks: list[tuple[_Cell, list[_Cell]]] = []
    while i < len(cells):
        lab = cells[i]
        if lab.kind != "T" or lab.total or _row_stop(lab.key) or len(lab.key) > 24:
            break
        if not blocks and not _header_strength(lab.key):
            break
        vals = cells[i + 1:i + 1 + n]
        if len(vals) < n:
            break
        kinds = [v.kind for v in vals]
        if any(v.total for v in vals) or kinds.count("N") * 2 < n or kinds.count("T") > max(1, n // 4):
            break
        blocks.append((lab, vals))
        i += 1 + n
    if not blocks:
        return None
    totals_cells: tuple[_Cell, list[_Cell]] | None = None
    r = i
    while r < len(cells) and cells[r].kind == "E":
        r += 1
    if not tot_at and r < len(cells) and cells[r].total:
        vals = []
        q = r + 1
        while q < len(cells) and len(vals) < len(blocks) and cells[q].kind in ("N", "P"):
            vals.append(cells[q])
            q += 1
        totals_cells = (cells[r], vals)
        i = q
    return {"head": head, "names": names, "blocks": blocks, "totals": totals_cells,
            "total_at": tot_at[0] if tot_at else None, "end": i}


def _finish_transposed(title, title_line, t: dict) -> tuple[dict, list[dict]]:
    warns: list[dict] = []
    head, names, blocks = t["head"], t["names"], t["blocks"]
    ta = t["total_at"]
    data_idx = [j for j in range(len(names)) if j != ta]
    data_names = [names[j] for j in data_idx]
    columns = [head.text] + [c.text for c in data_names]  # a 合计 among the names goes to totals only
    rows = [[lab.text] + [vals[j].text for j in data_idx] for lab, vals in blocks]
    totals: list[dict] = []
    for lab, vals in blocks:
        data = [vals[j] for j in data_idx]
        kinds = [v.kind for v in data]
        numeric = kinds.count("N") * 2 >= max(1, len(kinds) - kinds.count("E"))
        if not numeric:
            continue
        for j, v in enumerate(data):
            if v.kind in ("T", "P"):
                warns.append(warning(STAGE, "cell_not_a_number",
                                     f"table {_tname(title)}, row {lab.text}: the {data_names[j].text} cell reads "
                                     f"“{v.text}”, not a number; it is kept as text and left out of the totals",
                                     [v.start, v.end]))
    stated_pairs: list[tuple[_Cell, _Cell, _Cell, list[_Cell]]] = []
    if ta is not None:
        tl = names[ta]
        for lab, vals in blocks:
            if vals[ta].kind != "E":
                stated_pairs.append((tl, lab, vals[ta], [vals[j] for j in data_idx]))
    elif t["totals"]:
        tl, tv = t["totals"]
        for (lab, vals), st in zip(blocks, tv):
            stated_pairs.append((tl, lab, st, vals))
    for tl, lab, st, vals in stated_pairs:
        if st.num is None:
            warns.append(warning(STAGE, "cell_not_a_number",
                                 f"table {_tname(title)}: the {tl.text} cell of {lab.text} reads “{st.text}”, "
                                 "not a number; the total is not checked", [st.start, st.end]))
            continue
        _check_total(title, tl, lab.text, st, [v.num for v in vals if v.num is not None], totals, warns)
    last = [head.end] + [c.end for c in names] + [v.end for _, vals in blocks for v in vals if v.kind != "E"]
    if t["totals"]:
        last += [t["totals"][0].end] + [v.end for v in t["totals"][1]]
    rows_form = {
        "columns": [head.text] + [lab.text for lab, _ in blocks],
        "rows": [[names[j].text] + [vals[j].text for _, vals in blocks] for j in data_idx],
    }
    rec = {
        "title": title,
        "columns": columns,
        "rows": rows,
        "orientation": "columns",
        "totals": totals,
        "span": [head.start, max(last)],
        "header_span": [head.start, names[-1].end],
        "row_spans": [[lab.start, max([lab.end] + [v.end for v in vals if v.kind != "E"])] for lab, vals in blocks],
        "rows_form": rows_form,
    }
    if title_line is not None:
        rec["title_span"] = [title_line.start, title_line.end]
    return rec, warns


def _title(reg: _Region, li: int, floor: int):
    """The title: the non-empty line before the header (a unit note is passed over)."""
    j = li - 1
    while j >= 0 and reg.lines[j].start >= floor:
        key = reg.keys[j]
        if UNIT_NOTE_RE.match(key) or _unit_only(key):
            j -= 1
            continue
        if ANNEX_ONLY_RE.match(key) or DATE_ONLY_RE.match(key) or (_row_stop(key) and not (SECTION_RE.match(key) or TITLE_LIKE_RE.match(key))) \
                or len(key) > 80:
            return None, None
        ln = reg.lines[j]
        m = ANNEX_PREFIX_RE.match(ln.fold)
        if m and m.end() < len(ln.fold):
            s = ln.start + m.end()
            return reg.raw[s:ln.end], _Span(s, ln.end)
        prev = _title_head(reg, j, floor)
        if prev is not None:  # a title wrapped over two lines: joined without separator
            return prev.raw + ln.raw, _Span(prev.start, ln.end)
        return ln.raw, ln
    return None, None


def _title_head(reg: _Region, j: int, floor: int):
    """The line before a short title line, when the title was wrapped onto two lines."""
    key = reg.keys[j]
    if j == 0 or len(key) > 12 or SECTION_RE.match(key) or _hard_stop(key) or reg.lines[j].blanks_before > 1:
        return None
    pk = reg.keys[j - 1]
    pl = reg.lines[j - 1]
    if pl.start < floor or len(pk) > 40 or len(pk) < 4 or _row_stop(pk) or _hard_stop(pk) \
            or SENTENCE_END_RE.search(pk) or pk[-1] in ",，、" or DATE_ONLY_RE.match(pk) \
            or _header_strength(pk) or parse_number(pk) is not None or pk.endswith(("表", "单", "录")):
        return None
    return pl


class _Span:
    __slots__ = ("start", "end")

    def __init__(self, s, e):
        self.start, self.end = s, e


# =====================================================================================
# Tables whose rows are lines: cells separated by runs of spaces (U+3000 padding) or TABs
# (both are one ASCII space each after normalization)
# =====================================================================================

_RUN1 = re.compile(r" +")
_RUN2 = re.compile(r" {2,}")
_HEADER_PUNCT = frozenset("。，,；;：:！？!?")
MIN_LINE_COLS = 3  # a header line has at least this many separated words
MAX_LINE_CELL = 40  # characters of a cell in a table written one row per line


@lru_cache(maxsize=4096)
def _headerish(key: str, first: bool = True) -> bool:
    """A cell that may be a column header: short text, no sentence punctuation, no number
    (a year as in 2025年目标值 and a unit as in 面积（亩） are fine). A total label (小计) may head a
    column, but not the first one."""
    if not key or len(key) > MAX_CELL_HEADER or _hard_stop(key) or UNIT_NOTE_RE.match(key):
        return False
    if _total_kind(key):
        return not first
    if _classify(key)[0] != "T" or DATE_ONLY_RE.match(key) or any(c in _HEADER_PUNCT for c in key):
        return False
    if any(c.isdigit() for c in key) and not _header_strength(key):
        return False
    return not (len(key) > 4 and key.endswith(("表", "清单", "名单", "名录")))  # a table's title


def _split_line(ln, thr: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Offsets of the cells of one line split at runs of ``thr`` or more spaces, and the runs."""
    f = ln.fold
    toks: list[tuple[int, int]] = []
    runs: list[int] = []
    pos = 0
    for m in (_RUN2 if thr >= 2 else _RUN1).finditer(f):
        toks.append((pos, m.start()))
        runs.append(m.end() - m.start())
        pos = m.end()
    toks.append((pos, len(f)))
    out = []
    for a, b in toks:
        while a < b and f[a] == " ":
            a += 1
        while b > a and f[b - 1] == " ":
            b -= 1
        out.append((ln.start + a, ln.start + b))
    return out, runs


def _line_header(reg: _Region, li: int) -> tuple[int, list[tuple[int, int]]] | None:
    """(split threshold, cell offsets) when line ``li`` is a header of separated header words."""
    ln = reg.lines[li]
    if " " not in ln.fold or len(ln.fold) > 200:
        return None
    toks1, runs1 = _split_line(ln, 1)
    if len(toks1) < MIN_LINE_COLS:
        return None
    options = []
    if max(runs1) >= 2:
        options.append(2)  # padded with U+3000: single spaces may sit inside a cell
    if min(runs1) == 1:
        options.append(1)
    for thr in options:
        toks, _ = _split_line(ln, thr) if thr == 2 else (toks1, runs1)
        if len(toks) < MIN_LINE_COLS:
            continue
        keys = [_key(reg.fold[a:b]) for a, b in toks]
        if not all(_headerish(k, i == 0) for i, k in enumerate(keys)):
            continue
        strengths = [_header_strength(k) for k in keys]
        # a word of the vocabulary; where single spaces separate, most words header-like
        if 2 not in strengths or (thr == 1 and 2 * sum(1 for x in strengths if x) < len(keys)):
            continue
        return thr, toks
    return None


def _char_width(ch: str, space: int) -> int:
    if ch == " ":
        return space
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _columns_at(raw: str, toks: list[tuple[int, int]], space: int) -> list[int]:
    """The display column where each cell starts (a CJK glyph is two columns wide; a space is
    ``space`` wide: 2 where it stood for U+3000, 1 for an ASCII space)."""
    line_start = raw.rfind("\n", 0, toks[0][0]) + 1
    out, col, pos = [], 0, line_start
    for a, _ in toks:
        for ch in raw[pos:a]:
            col += _char_width(ch, space)
        out.append(col)
        pos = a
    return out


class _LineTable:
    """What is known of a table written one row per line while it is read."""

    def __init__(self, reg: _Region, li: int, thr: int, header: list[tuple[int, int]]):
        self.reg = reg
        self.thr = thr
        self.header = header
        self.n = len(header)
        # TAB-separated (every separator one space): two spaces are an empty cell between
        self.tabbed = thr == 1 and all(r == 1 for r in _split_line(reg.lines[li], 1)[1])
        self.anchors: dict[int, list[int]] = {}  # start column of each header cell, when needed
        self.full: list[list[tuple[int, int]]] = []  # the cells of the full rows
        self.starts: dict[int, list[list[int]]] = {1: [], 2: []}  # their start columns, when needed

    def add_full(self, toks):
        self.full.append(toks)

    def place(self, toks) -> list[int] | None:
        """The column of each cell of a short row, from where the cells start on the line, as
        the full rows stand under the header; None when the spacing does not settle it: each
        cell must start much nearer one column than any other, in the columns' order."""
        if not self.full:
            return None
        if not self.anchors:
            self.anchors = {w: _columns_at(self.reg.raw, self.header, w) for w in (1, 2)}
        best = None
        for w in (1, 2):  # a space as wide as a glyph (U+3000) or half of it
            anchors = self.anchors[w]
            starts = self.starts[w]
            starts.extend(_columns_at(self.reg.raw, toks, w) for toks in self.full[len(starts):])
            starts = starts[-30:]  # the full rows nearest this one
            dev = sum(abs(r[c] - anchors[c]) for r in starts for c in range(self.n))
            if best is None or dev < best[0]:
                best = (dev, w, starts)
        _, w, starts = best
        anchors = self.anchors[w]
        offs = [sorted(r[c] - anchors[c] for r in starts) for c in range(self.n)]
        adj = [anchors[c] + offs[c][len(offs[c]) // 2] for c in range(self.n)]
        cols: list[int] = []
        for x in _columns_at(self.reg.raw, toks, w):
            dist = sorted((abs(x - adj[c]), c) for c in range(self.n))
            d, c = dist[0]
            if len(dist) > 1 and 3 * d > dist[1][0]:
                return None
            if cols and c <= cols[-1]:
                return None
            cols.append(c)
        return cols


def _line_cells(reg: _Region, toks, line_index: int) -> list[_Cell]:
    out = []
    for a, b in toks:
        text = reg.raw[a:b]
        key = _key(reg.fold[a:b])
        kind, num = _classify(key)
        out.append(_Cell(text, key, a, b, kind, num, _total_kind(key), line_index))
    return out


def _line_row(lt: _LineTable, lay: _Layout, j: int) -> tuple[str, list[_Cell | None] | None, list[_Cell]]:
    """Line ``j`` read as a row: (how, cells per column, the cells). ``how`` is 'full',
    'exact' (empty cells counted by TABs), 'placed' (empty cells seen in the spacing), 'total' or 'no'."""
    reg, n = lt.reg, lt.n
    ln = reg.lines[j]
    toks, runs = _split_line(ln, lt.thr)
    if lt.thr == 1 and len(toks) > n and len(_split_line(ln, 2)[0]) == n:
        toks, runs = _split_line(ln, 2)  # a space inside a cell of a table separated by two spaces
    elif lt.thr == 2 and len(toks) < n and len(_split_line(ln, 1)[0]) == n:
        toks, runs = _split_line(ln, 1)  # a row padded with single spaces under a padded header
    cells = _line_cells(reg, toks, j)
    total = bool(cells) and cells[0].total is not None
    if len(toks) == n:
        return "total" if total else "full", list(cells), cells
    if len(toks) > n:
        return "no", None, cells
    cols = None
    if lt.tabbed:
        # every TAB is one space: TABs before, between (two or more) and after the cells count
        # the empty cells exactly
        line_start = reg.raw.rfind("\n", 0, ln.start) + 1
        line_end = reg.raw.find("\n", ln.end)
        lead = ln.start - line_start
        trail = (len(reg.raw) if line_end < 0 else line_end) - ln.end
        if lead + sum(r - 1 for r in runs) + trail == n - len(toks):
            cols, c = [], lead
            for i in range(len(toks)):
                cols.append(c)
                c += 1 + (runs[i] - 1 if i < len(runs) else 0)
            mapping: list[_Cell | None] = [None] * n
            for c, cell in zip(cols, cells):
                mapping[c] = cell
            return "total" if total else "exact", mapping, cells
        cols = None
    elif lt.thr == 2:
        cols = lt.place(toks)
    if total:
        if cols is None:
            return "total", None, cells
        mapping = [None] * n
        for c, cell in zip(cols, cells):
            mapping[c] = cell
        return "total", mapping, cells
    if cols is None and len(toks) == n - 1 and len(toks) >= 2 and lt.thr == 1 \
            and _key(_fold(lay.names[-1])) in REMARK_HEADERS:
        cols = list(range(n - 1))  # an empty 备注 at the end of the line
    if cols is None:
        return "no", None, cells
    mapping: list[_Cell | None] = [None] * n
    for c, cell in zip(cols, cells):
        mapping[c] = cell
    return "placed", mapping, cells


def _not_a_line_cell(c: _Cell, long_ok: bool) -> bool:
    """Body text rather than a cell: a heading, or a sentence outside a column of running text."""
    if _hard_stop(c.key):
        return True
    if long_ok:
        return False
    return len(c.key) > 2 * MAX_LINE_CELL or _sentence(c.key) or _row_stop(c.key)


def _continues(body: _Body, lay: _Layout, mapping: list[_Cell | None]) -> bool:
    """A placed line that only carries text under text cells of the row above, with the row's
    first cell (its number or name) empty, is the rest of cells wrapped over two lines."""
    if not body.rows or mapping[0] is not None or (lay.seq is not None and mapping[lay.seq] is not None):
        return False
    if lay.seq is None and "num" not in lay.types:
        return False  # nothing tells a wrapped cell from a row under a merged category
    prev = body.rows[-1]
    for ci, c in enumerate(mapping):
        if c is None:
            continue
        if lay.types[ci] == "num" or c.kind != "T" or prev[ci] is None or prev[ci].kind != "T":
            return False
    return True


def _try_line_table(reg: _Region, li: int, floor: int) -> tuple[dict, list[dict]] | None:
    got = _line_header(reg, li)
    if got is None:
        return None
    thr, htoks = got
    lt = _LineTable(reg, li, thr, htoks)
    hcells = _line_cells(reg, htoks, li)
    names = [c.text for c in hcells]
    lay = _Layout(names, [_col_hint(c.key) for c in hcells])
    lay.types = [{"seq": "seq", "num": "num", "text": "text", "cat": "text"}.get(h or "", "any") for h in lay.hints]
    body = _Body()
    n = lt.n
    expect = None
    j = li + 1
    while j < len(reg.lines):
        ln = reg.lines[j]
        if ln.blanks_before > 1 or reg.stop(j) == 2 or (reg.stop(j) == 1 and " " not in ln.fold):
            break
        how, mapping, cells = _line_row(lt, lay, j)
        if how == "total":
            label = cells[0]
            if any(c.kind == "T" for c in cells[1:]):
                break
            upto = len(body.rows) if body.rows else -1
            if mapping is not None:  # the numbers' columns are known
                body.totals.append((label, [c if c is not label else None for c in mapping], upto))
            else:
                _read_total(cells, 0, 0, lay, body, None, leading=not body.rows)
            j += 1
            if label.total == "grand" and body.rows:
                break
            continue
        if how == "no" or mapping is None:
            # warned where the line reads like a row that lost its rhythm (right under the rows,
            # about as many cells); a signature or a sentence after the table is not
            if body.rows and ln.blanks_before == 0 and max(2, n - 1) <= len(cells) <= n + 1 \
                    and all(len(c.key) <= MAX_LINE_CELL for c in cells):
                body.notes.append(("table_rhythm_break",
                                   f"the line after row {len(body.rows)} has {len(cells)} cells for {n} columns; "
                                   "the table is read up to there", [ln.start, ln.end]))
            break
        if how in ("placed", "exact") and _continues(body, lay, mapping):
            prev = body.rows[-1]
            for ci, c in enumerate(mapping):
                if c is not None:
                    p = prev[ci]
                    prev[ci] = _Cell(p.text + c.text, p.key + c.key, p.start, c.end, "T", None, None, p.line)
            j += 1
            continue
        if how == "placed" and len(cells) < max(2, (n + 1) // 2):
            break  # too little of a row to be placed by its spacing
        if any(c is not None and _not_a_line_cell(c, lay.long_ok[ci]) for ci, c in enumerate(mapping)):
            break
        if all(c is None or (c.kind == "T" and _header_strength(c.key) == 2) for c in mapping):
            break  # the header of the next table
        full = [c if c is not None else _EMPTY for c in mapping]
        if not body.rows:
            if lay.seq is not None:
                expect = _seq_value(full[lay.seq].key)
                if expect is None:
                    break
            _set_types(lay, full)
            if not _first_row_ok(lay, full):
                break
        if lay.seq is not None and _seq_value(full[lay.seq].key) != expect:
            body.notes.append(("table_rhythm_break",
                               f"row {len(body.rows) + 1} is numbered “{full[lay.seq].text}”, not {expect}; "
                               "the table is read up to there", [ln.start, ln.end]))
            break
        sc = _row_score(mapping, lay, expect)
        if sc is None or sc[1] > max(1, n // 3):
            if body.rows:
                body.notes.append(("table_rhythm_break",
                                   f"the cells of the line after row {len(body.rows)} do not fit the columns; "
                                   "the table is read up to there", [ln.start, ln.end]))
            break
        skip: set[int] = set()
        if how in ("placed", "exact"):
            for ci in lay.fill:  # a category written once: filled down
                if mapping[ci] is None and body.rows and body.rows[-1][ci] is not None:
                    mapping[ci] = body.rows[-1][ci]
                    skip.add(ci)
        if how == "placed":
            body.notes.append(("table_row_rhythm",
                               f"row {len(body.rows) + 1} has {len(cells)} cells for {n} columns; the empty "
                               "cells were placed by the spacing of the line: check this row",
                               [ln.start, ln.end]))
        elif how == "full":
            lt.add_full([(c.start, c.end) for c in cells])
        _add_row(body, lay, [c if c is not None and c.kind != "E" else None for c in mapping], skip, sc[0])
        if expect is not None:
            expect += 1
        j += 1
    stated = any(c is not None for _, per_col, _ in body.totals for c in per_col)
    if len(body.rows) < 2 and not (body.rows and stated):
        return None
    title, tline = _title(reg, li, floor)
    rec, w = _finish_rows_table(title, tline, [[c] for c in hcells], lay, body)
    return rec, w


# =====================================================================================
# One cell per line, no 序号 and no header word to start from: the rhythm of the rows
# =====================================================================================

def _run_start(reg: _Region, li: int, floor: int) -> bool:
    if not _headerish(reg.keys[li]):
        return False
    return li == 0 or reg.lines[li - 1].start < floor or not _headerish(reg.keys[li - 1], False)


def _try_rhythm(reg: _Region, li: int, floor: int):
    """``name / value header … / row label / numbers … / row label / numbers …``: the header is
    found from the rows, which repeat text cells and numeric cells at fixed positions.
    Returns (header line index, header width, first row's line) or None."""
    # a cheap first look at the lines: at least three short text lines, then a number
    j = li
    while j < len(reg.lines) and j - li <= MAX_HEADER + 3 and reg.keys[j] and len(reg.keys[j]) <= MAX_LINE_CELL \
            and parse_number(reg.keys[j]) is None:
        j += 1
    if j - li < 3 or j >= len(reg.lines) or parse_number(reg.keys[j]) is None \
            or not all(_headerish(reg.keys[q], q == li) for q in range(li, max(li + 2, j - 3))):
        return None  # (the last three may be the first row's text cells)
    base = _base_gap(reg, li)
    cells = _stream(reg, li, base, FIRST_STREAM)
    i = 0
    while i < len(cells) and cells[i].kind == "T" and len(cells[i].key) <= MAX_LINE_CELL \
            and not _row_stop(cells[i].key) and not (i and cells[i].total == "grand"):
        i += 1
    if i < 3 or i >= len(cells):
        return None
    lead_end = None  # a 合计 row right under the header: the rows start after its numbers
    if cells[i].total == "grand":
        q = i + 1
        while q < len(cells) and cells[q].kind in ("N", "P", "E"):
            q += 1
        if not any(c.kind == "N" for c in cells[i + 1:q]) or q >= len(cells) or cells[q].kind != "T":
            return None
        lead_end = q
        while q < len(cells) and cells[q].kind == "T" and not cells[q].total \
                and len(cells[q].key) <= MAX_LINE_CELL and not _row_stop(cells[q].key):
            q += 1
        ntext1 = q - lead_end
        k = q
    else:
        if cells[i].kind != "N":
            return None
        k = i
    k0 = k
    if k0 >= len(cells) or cells[k0].kind != "N":
        return None
    while k < len(cells) and cells[k].kind in ("N", "P"):
        k += 1
    nums = k - k0
    t = k
    while t < len(cells) and cells[t].kind == "T" and not cells[t].total and len(cells[t].key) <= MAX_LINE_CELL:
        t += 1
    ntext = t - k
    if lead_end is not None:
        if ntext1 != ntext and t < len(cells):
            return None
        ntext = ntext1
    elif t >= len(cells) or cells[t].kind not in ("N", "P"):
        return None
    if not 1 <= ntext <= 3:
        return None
    n = ntext + nums
    hs = i - (0 if lead_end is not None else ntext) - n
    if lead_end is not None and lead_end - i > n:
        return None  # more numbers in the total row than the rows have cells
    if hs < 0 or n < 2 or hs > 2 or any(_header_strength(c.key) == 2 for c in cells[:hs]):
        return None  # header words before the header: the rhythm belongs to a wider table
    header = cells[hs:hs + n]
    if not all(_headerish(c.key, q == 0) for q, c in enumerate(header)) or len({c.key for c in header}) < n:
        return None
    # a header without any header-like word (镇名 / 省级补助 / 市级补助) needs a 合计 row to
    # show that the rows are a table
    worded = any(_header_strength(c.key) for c in header)
    # the rows: the same kinds at the same positions
    p, rows = (hs + n if lead_end is None else lead_end), 0
    while p + n <= len(cells):
        row = cells[p:p + n]
        if not all(c.kind == "T" and not c.total and len(c.key) <= MAX_LINE_CELL and not _row_stop(c.key)
                   for c in row[:ntext]):
            break
        if not all(c.kind in ("N", "P") for c in row[ntext:]) or not any(c.kind == "N" for c in row[ntext:]):
            break
        rows += 1
        p += n
    total_next = p < len(cells) and cells[p].total is not None
    totalled = total_next or lead_end is not None
    if (rows < 3 and not (rows >= 2 and totalled)) or not (worded or totalled):
        return None
    hl = header[0].line
    if hl < 0:
        return None
    return hl, n, cells[hs + n].line


# =====================================================================================
# Public API
# =====================================================================================

def extract_tables(text: Text, start: int, end: int, ctx: DocContext | None = None) -> tuple[list[dict], list[dict]]:
    """Tables in ``text.raw[start:end]``: (records, warnings). Never raises on bad input."""
    try:
        return _extract(text, start, end)
    except Exception as exc:  # pragma: no cover - a table we cannot read must not stop the parse
        return [], [warning(STAGE, "table_unreadable",
                            f"the tables of this region could not be read ({type(exc).__name__}); "
                            "report the input to the maintainers", [start, end])]


def _extract(text: Text, start: int, end: int) -> tuple[list[dict], list[dict]]:
    start = max(0, start)
    end = min(len(text.raw), end)
    if end <= start:
        return [], []
    reg = _Region(text, start, end)
    records: list[dict] = []
    warns: list[dict] = []
    floor = start
    li = 0
    nlines = len(reg.lines)
    while li < nlines:
        key = reg.keys[li]
        got = None
        if " " in reg.lines[li].fold:
            got = _try_line_table(reg, li, floor)  # a table written one row per line
        skip_to = li + 1
        if got is None and _header_strength(key) == 2 and _may_start(reg, li):
            got = _read_table_at(reg, li, floor)
            if got is None:
                # not a table: go on after this run of header-like lines (its tail is no header either)
                base = _base_gap(reg, li)
                while skip_to < nlines and _header_strength(reg.keys[skip_to]) \
                        and reg.lines[skip_to].blanks_before <= base + 1:
                    skip_to += 1
        if got is None and _run_start(reg, li, floor):
            rh = _try_rhythm(reg, li, floor)  # no header word to start from: the rows' rhythm
            if rh is not None and not _word_header_ahead(reg, li + 1, rh[2], floor, rh[1]):
                got = _read_table_at(reg, rh[0], floor, force_h=rh[1])
        if got is None:
            li = skip_to
            continue
        rec, w = got
        records.append(rec)
        warns.extend(w)
        floor = rec["span"][1]
        # go on after the table's last line
        while li < nlines and reg.lines[li].start < floor:
            li += 1
    warns.extend(_unread_warnings(reg, records))
    return records, warns


def _unread_warnings(reg: _Region, records: list[dict]) -> list[dict]:
    """Signs of a table that no reading rebuilt: a 合计/总计 line followed by numbers, or a unit
    note (单位：万元) over short lines with numbers among them, outside every table read. The
    table is lost, so it is at least reported."""
    spans = [(r["span"][0], r["span"][1]) for r in records]
    spans += [tuple(r["title_span"]) for r in records if r.get("title_span")]

    def inside(ln) -> bool:
        return any(a <= ln.start and ln.end <= b for a, b in spans)

    out: list[dict] = []
    n = len(reg.lines)
    last = -1  # one warning per lost table
    for j in range(n):
        if j <= last:
            continue
        key = reg.keys[j]
        ln = reg.lines[j]
        sign = None
        if _total_kind(key) == "grand" and j + 1 < n and parse_number(reg.keys[j + 1]) is not None \
                and not inside(ln) and not inside(reg.lines[j + 1]):
            nums = 0
            q = j + 1
            while q < n and parse_number(reg.keys[q]) is not None:
                nums += 1
                q += 1
            if nums >= 2:
                sign = f"a {ln.raw.strip()} line followed by {nums} numbers"
        elif UNIT_NOTE_RE.match(key) and _is_unit(re.sub(r"^[(（]?[^:：]*[:：]", "", key).rstrip(")）")) \
                and not inside(ln):
            nxt = [q for q in range(j + 1, min(n, j + 40))]
            short = 0
            nums = 0
            for q in nxt:
                if inside(reg.lines[q]) or reg.stop(q) or len(reg.keys[q]) > MAX_LINE_CELL:
                    break
                short += 1
                nums += parse_number(reg.keys[q]) is not None
            if short >= 6 and nums >= 3:
                sign = f"a unit note “{ln.raw.strip()}” over {short} short lines with {nums} numbers"
        if sign is None:
            continue
        q = j + 1
        while q < n and not inside(reg.lines[q]) and not reg.stop(q) and len(reg.keys[q]) <= MAX_LINE_CELL:
            q += 1
        last = q - 1
        out.append(warning(STAGE, "table_not_read",
                           f"{sign} looks like a table, but no header and rows could be read around it; "
                           "the table is not in the output: check it", [ln.start, reg.lines[last].end]))
    return out


def _word_header_ahead(reg: _Region, a: int, b: int, floor: int, width: int) -> bool:
    """Does a header word on lines a..b-1 start a table at least ``width`` columns wide? It is
    then read from there (the rhythm's header would take a title line for a column)."""
    for j in range(a, b):
        if _header_strength(reg.keys[j]) == 2 and _may_start(reg, j):
            got = _read_table_at(reg, j, floor)
            if got is not None and len(got[0]["columns"]) >= width:
                return True
    return False


def _read_table_at(reg: _Region, li: int, floor: int, force_h: int | None = None):
    """The table whose header starts at line ``li`` (one cell per line), or None."""
    base = _base_gap(reg, li)
    cap = FIRST_STREAM
    while True:
        # read a short stream first; most header words in running text fail within a few
        # cells; a table that reaches the end of the stream is read again from a longer one
        cells = _stream(reg, li, base, cap)
        tr = _try_transposed(cells) if len(cells) >= 3 and force_h is None else None
        got = _try_rows(cells, base, force_h) if tr is None and len(cells) >= 3 else None
        used = tr["end"] if tr is not None else (got[0].end if got is not None else -1)
        if len(cells) < cap or cap >= MAX_STREAM or used < len(cells) - 24:
            break  # the stream was long enough: the table (if any) ends before its end
        cap = MAX_STREAM
    if tr is not None:
        title, tline = _title(reg, li, floor)
        return _finish_transposed(title, tline, tr)
    if got is not None:
        body, groups, lay = got
        title, tline = _title(reg, li, floor)
        return _finish_rows_table(title, tline, groups, lay, body)
    return None


def _may_start(reg: _Region, li: int) -> bool:
    """A cheap first look: a header word starts a table only if another header-like cell
    follows it, or (a transposed table) a short name."""
    if li + 1 >= len(reg.lines):
        return False
    nxt = reg.keys[li + 1]
    if _header_strength(nxt) or PURE_YEAR_RE.match(nxt):
        return True
    key = reg.keys[li]
    m = UNIT_PAREN_RE.match(key)
    return (key in SEQ_HEADERS or key in TRANSPOSED_FIRST or bool(m and m.group("head") in TRANSPOSED_FIRST)) \
        and len(nxt) <= 30 and not _row_stop(nxt)


def table_cells(table: dict) -> list[dict]:
    """The long form of a table: one dict per cell (``row`` 1-based, ``column``, ``value``,
    ``number`` parsed or None). A transposed table is given in its row form."""
    form = table.get("rows_form") or {"columns": table.get("columns") or [], "rows": table.get("rows") or []}
    cols = form.get("columns") or []
    out: list[dict] = []
    for ri, row in enumerate(form.get("rows") or [], 1):
        for ci, value in enumerate(row):
            col = cols[ci] if ci < len(cols) else f"column {ci + 1}"
            out.append({"row": ri, "column": col, "value": value, "number": cell_number(value)})
    return out


def cell_number(value: str | None) -> int | float | None:
    """The number a cell's text holds, or None ('7.5以上' -> 7.5, '—' -> None)."""
    if not value:
        return None
    from .text import fold  # local: fold's table is cached after the first call
    key = _key(fold(value))
    d = parse_number(key)
    if d is not None:
        return _num_out(d)
    if len(key) <= 8 and all(ch in "零〇一二三四五六七八九十百千万亿两点" for ch in key):
        try:
            return to_number(key)
        except (NumeralError, ValueError, InvalidOperation, KeyError):
            return None
    return None


def _find_col(names: list[str], wanted, contains: bool = False) -> list[int]:
    out = []
    for ci, name in enumerate(names):
        k = _key(_fold(name))
        m = UNIT_PAREN_RE.match(k)
        head = m.group("head") if m else k
        if head in wanted or (contains and any(w in head for w in wanted)):
            out.append(ci)
    return out


def _fold(s: str) -> str:
    from .text import fold
    return fold(s)


def _split_units(raw: str, start: int | None = None) -> list[str]:
    folded = _fold(raw)
    out, s = [], 0
    for i, ch in enumerate(folded + UNIT_SEPARATORS[0]):
        if ch in UNIT_SEPARATORS:
            part = raw[s:i].strip()
            if part:
                out.append(part)
            s = i + 1
    return out


# a role written inside a unit cell: 区市场监管局（牵头）, 市财政局牵头, 市公安局配合
LEAD_MARKS = frozenset(_VOCAB["lead_marks"])
_MARKS = "|".join(map(re.escape, sorted(_VOCAB["lead_marks"] + _VOCAB["responsible_marks"], key=len, reverse=True)))
_ROLE_MARK_RE = re.compile(r"^(?P<unit>.+?)\s*(?:[(]\s*(?P<b>" + _MARKS + r")\s*[)]|(?P<p>" + _MARKS + r"))$")


def _units_with_roles(raw: str, default: str) -> list[tuple[str, str]]:
    """(role, unit) for each unit of a cell; a marker in the cell (X（牵头）, X牵头, Y配合) gives
    the role and is removed; a unit without a marker takes the column's role ``default``."""
    out = []
    for part in _split_units(raw):
        m = _ROLE_MARK_RE.match(_fold(part))
        if m and m.group("unit").strip():
            mark = m.group("b") or m.group("p")
            unit = part[:m.end("unit")].strip()
            out.append(("lead" if mark in LEAD_MARKS else "responsible", unit))
        else:
            out.append((default, part))
    return out


def table_tasks(table: dict, text: Text | None = None, year: int | None = None) -> list[dict]:
    """One task per row of a table with a responsibility column (责任单位 / 牵头单位 / 配合单位),
    in the contract's ``tasks`` shape: label (序号 cell), text (task or project-name cell),
    lead_units, responsible_units, deadlines (ISO, read from the deadline cell; ``year`` is the
    document's year for cells such as 年底前), deadline_text (the cell as written), span (the row).
    A 牵头 column gives lead units, a 责任/配合 column responsible ones; a marker inside a cell
    decides for its unit (``区市场监管局（牵头）、区政务服务局``: lead 区市场监管局, responsible
    区政务服务局; ``X牵头，Y配合``) and is removed."""
    if table.get("orientation") != "rows":
        return []
    names = table.get("columns") or []
    lead = _find_col(names, LEAD_HEADERS)
    resp = _find_col(names, RESPONSIBLE_HEADERS)
    if not lead and not resp:
        return []
    seq = _find_col(names, SEQ_HEADERS)
    task_cols: list[int] = []
    for w in TASK_TEXT_HEADERS:  # in the vocabulary's order of preference
        task_cols = [ci for ci in _find_col(names, {w}) if ci not in lead + resp]
        if task_cols:
            break
    if not task_cols:
        task_cols = [ci for ci in range(len(names)) if ci not in lead + resp + seq][:1]
    dl = _find_col(names, DEADLINE_HEADERS)
    out: list[dict] = []
    spans = table.get("row_spans") or []
    for ri, row in enumerate(table.get("rows") or []):
        def cell(ci):
            return row[ci] if ci < len(row) else ""
        dtext = cell(dl[0]) if dl else ""
        roles = [x for ci in lead for x in _units_with_roles(cell(ci), "lead")] + \
                [x for ci in resp for x in _units_with_roles(cell(ci), "responsible")]
        out.append({
            "label": cell(seq[0]) if seq else None,
            "text": cell(task_cols[0]) if task_cols else "",
            "lead_units": _unique(u for r, u in roles if r == "lead"),
            "responsible_units": _unique(u for r, u in roles if r == "responsible"),
            "deadlines": read_deadline(dtext, year) if dtext else [],
            "deadline_text": dtext or None,
            "span": spans[ri] if ri < len(spans) else table.get("span"),
        })
    return out


def _unique(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def read_deadline(s: str, year: int | None = None) -> list[str]:
    """ISO values of a deadline cell: '2025年10月底前' -> ['2025-10'], '年底前' -> [str(year)],
    '2023/06/30' -> ['2023-06-30'], '2025年国庆节前' -> ['2025-10-01']. A start (2023年起, 即日起)
    is not a deadline. The dates stage reads the cell; the simple reader below is the fallback."""
    from .dates import cell_deadlines

    try:
        found = cell_deadlines(s, year)
    except Exception:  # pragma: no cover - the fallback keeps a table task whatever the dates stage does
        found = []
    return found or _read_deadline_simple(s, year)


def _read_deadline_simple(s: str, year: int | None = None) -> list[str]:
    f = _DL_START.sub(lambda m: " " * len(m.group()), _fold(s))
    out: list[str] = []
    for m in _DL_NUMERIC.finditer(f):
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= mo <= 12 or (d and not 1 <= int(d) <= 31):
            continue
        out.append(f"{y:04d}-{mo:02d}-{int(d):02d}" if d else f"{y:04d}-{mo:02d}")
    if out:
        return out
    for m in _DL_FULL.finditer(f):
        out.append(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    if out:
        return out
    for m in _DL_MONTH.finditer(f):
        out.append(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}")
    if out:
        return out
    for m in _DL_QUARTER.finditer(f):
        y = m.group(1) or (str(year) if year else None)
        if y:
            q = {"一": 1, "二": 2, "三": 3, "四": 4}.get(m.group(2)) or int(m.group(2))
            out.append(f"{y}-Q{q}")
    if out:
        return out
    for m in _DL_HALF.finditer(f):
        y = m.group(1) or (str(year) if year else None)
        if y:
            out.append(f"{y}-H{1 if m.group(2) == '上' else 2}")
    if out:
        return out
    for m in _DL_YEAR.finditer(f):
        out.append(m.group(1))
    if out:
        return out
    if year:
        for m in _DL_MD.finditer(f):
            out.append(f"{year:04d}-{int(m.group(1)):02d}-{int(m.group(2)):02d}")
        if out:
            return out
        for m in _DL_M.finditer(f):
            out.append(f"{year:04d}-{int(m.group(1)):02d}")
        if out:
            return out
        if _DL_YEAR_END.search(f):
            return [str(year)]
    return out


def deadline_cell_spans(table: dict, text: Text) -> list[tuple[int, int]]:
    """Spans of the cells of a table's time-limit column (完成时限, 时间节点 …), found in each
    row's span: the dates stage makes the dates written there deadlines even without 前."""
    if table.get("orientation") == "columns":
        return []
    names = list(table.get("columns") or [])
    cols = _find_col(names, DEADLINE_HEADERS)
    if not cols:
        return []
    ci = cols[0]
    out = []
    for row, span in zip(table.get("rows") or [], table.get("row_spans") or []):
        cell = row[ci] if ci < len(row) else ""
        if not cell.strip():
            continue
        a, b = span
        at = text.raw.rfind(cell, a, b)  # the time limit is one of the last cells of its row
        if at >= 0:
            out.append((at, at + len(cell)))
    return out
