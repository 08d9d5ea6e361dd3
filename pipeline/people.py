"""Stage "people": every person named in a membership list.

    extract_people(text, start, end, ctx) -> (records, warnings)

A membership list is a run of lines that start with a role label and a colon, each
followed by a name and a position, with continuation lines that carry the same role:

    组　　长:王　磊　　县委常委、常务副县长
    副 组 长:陈建国　　县政府办公室主任
    　　　　　刘 芳　　县统计局局长          <- still 副组长

Each record has ``group`` (the body: the nearest 成立X / 建立X制度 / X成员 / X组成人员如下
before the list, a short name such as 联席会议 resolved through 以下简称 or the longer name
it abbreviates, else the document title 关于成立X的通知), ``role`` (as written, spaces
removed), ``name`` (spaces of every kind removed: 吴 刚 -> 吴刚), ``position`` (as written,
trimmed; null when the list gives none) and ``span`` (from the name to the end of the
position).

Name and position are split at whitespace runs; a two-character name padded inside
(吴 刚, 何  俊) is rejoined because a name has 2–4 characters and a position is never one
character. When name and position are written together (王磊县委常委) the split is guessed
from the surname list and the characters a position starts with (data: people.json).
Also read: 组长:王磊(县委常委), 成员:县发改局局长 赵敏 (position first), and lists split at
、 ， ； outside brackets: 成员:张三、李四、王五 (positions null), 张三(市发改委(粮食局)主任)、李四.
Transliterated names joined by a middle dot (艾力·买买提) are names too.
A position cut short at the end of its line (ends in 、 ， or a joining word 兼/及/和, people.json
``position_open_endings``) goes on in the next line that has no name and no role:
冯　静　　市公安局副局长、 / 　　　　市食品药品犯罪侦查支队支队长 -> one position, joined as written.

Roles are the listed ones (people.json ``roles``, padded or not) and, inside a membership block,
any short label ending in 长/员/人/主任/委员/秘书… before a colon (专 班 长:, 副专班长:, 队员:):
such a generic label opens a list only when a listed role follows in the same run of lines or
one of the two lines before it introduces the body (成立X / 名单如下 / X组成). Labels such as
联系人, 责任人, 列席人员 are never roles, and a labelled line that is not a role ends the list.

A member line that names a unit but no person (各区政府分管负责同志) becomes a
``member_without_name`` warning; a role line whose person cannot be read becomes
``person_unparsed``; a list whose body cannot be found gets ``people_group_unknown``.
A role named in running text (办公室主任由X同志兼任) is not a list entry.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from .model import DocContext, run_extractor, warning
from .text import Text, fold

STAGE = "people"

# ---------------------------------------------------------------------------------------------
# Vocabulary (pipeline/data/people.json) and the patterns built from it, once at import.
# ---------------------------------------------------------------------------------------------
VOCAB: dict = json.loads(resources.files("pipeline.data").joinpath("people.json").read_text("utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _spaced(word: str) -> str:
    """A word whose characters may be padded apart: 副 组 长."""
    return " *".join(re.escape(c) for c in word)


CJK = "\u4e00-\u9fff\u3400-\u4dbf"
ROLES: list[str] = VOCAB["roles"]
ROLE_RE = re.compile(
    r"^(?P<role>" + "|".join(_spaced(r) for r in sorted(set(ROLES), key=len, reverse=True)) + r")"
    r" *(?:(?P<colon>:)(?!\d)| (?=\S)|$) *(?P<rest>.*)$")
# A role label not in the list: 2-8 characters ending in 长/员/人/主任/委员… and a colon
# (专 班 长：, 副专班长：); accepted only inside a membership block (see _generic_role_ok).
GENERIC_ROLE_SUFFIXES = tuple(VOCAB["generic_role_suffixes"])
GENERIC_ROLE_MAX = int(VOCAB.get("generic_role_max_chars", 8))
GENERIC_ROLE_RE = re.compile(
    rf"^(?P<role>[{CJK}](?: *[{CJK}]){{1,{GENERIC_ROLE_MAX - 1}}}) *(?P<colon>:)(?!\d) *(?P<rest>.*)$")
NON_MEMBER_ENDINGS = tuple(VOCAB["non_member_labels"]) + tuple(VOCAB["non_member_label_suffixes"])
MEMBERSHIP_HINT_RE = re.compile(_alt(VOCAB["membership_hints"]))
GENERIC_LOOKAHEAD = int(VOCAB.get("generic_role_lookahead_lines", 12))
POSITION_KEYWORDS_RE = re.compile(_alt(VOCAB["position_keywords"]))
POS_START_STRONG = set(VOCAB["position_start_chars_strong"])
POS_START_WEAK = set(VOCAB["position_start_chars_weak"])
POS_PREFIX_SINGLES = set(VOCAB["position_prefix_singles"])
POS_START_WORDS = tuple(VOCAB["position_start_words"])
UNIT_LINE_SUFFIXES = tuple(VOCAB["unit_line_suffixes"])
NAME_UNIT_ENDINGS = tuple(VOCAB["name_unit_endings"])
SURNAMES = set(VOCAB["surnames"])
GIVEN_NAME_STARTS = tuple(VOCAB["given_name_starts"])
COMPOUND_SURNAMES = tuple(VOCAB["compound_surnames"])
GROUP_SUFFIX = _alt(VOCAB["group_suffixes"])
GROUP_SUFFIXES = tuple(VOCAB["group_suffixes"])
INTRO = _alt(VOCAB["group_intro_verbs"])
GROUP_CHARS = rf"[{CJK}“”\"0-9]"
MEMBER_RE = re.compile(rf"(?P<x>{GROUP_CHARS}{{0,40}}?(?:{GROUP_SUFFIX}))的?(?:{_alt(VOCAB['group_member_words'])})(?!单位)")
INTRO_RE = re.compile(rf"(?:{INTRO})(?P<x>{GROUP_CHARS}{{1,40}}?(?:{GROUP_SUFFIX}))")
ALIAS_RE = re.compile(rf"(?P<x>{GROUP_CHARS}{{1,40}}?(?:{GROUP_SUFFIX})) *\( *(?:以下简称|下称|简称) *[“\"]?(?P<y>[^()“”\"]{{1,12}})[”\"]? *\)")
LEAD_STRIP_RE = re.compile(rf"^.*(?:{_alt(VOCAB['group_lead_strip'] + VOCAB['group_intro_verbs'])})")
TITLE_GROUP_RE = re.compile(rf"关于(?:{INTRO})(?P<x>.+?(?:{GROUP_SUFFIX}))(?:制度|组成人员|成员)?(?:及其办公室)?的")
GROUP_SEARCH = int(VOCAB.get("group_search_chars", 4000))
SENTENCE_PUNCT = set("。;,:!?，；：！？")
LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十百]+ *[、.]|\( *[一二三四五六七八九十百\d]+ *\)|\d+ *[.、]|第[一二三四五六七八九十百千\d]+[条章节])")
NAME_DOTS = VOCAB["name_dots"]
DOTTED_NAME = rf"[{CJK}]{{1,6}}(?:[{NAME_DOTS}][{CJK}]{{1,6}}){{1,3}}"
LIST_NAME_RE = re.compile(rf"[{CJK}](?: *[{CJK}]){{1,3}}|{DOTTED_NAME}")
DOTTED_NAME_RE = re.compile(DOTTED_NAME)
LIST_NAME_TAILS = tuple(sorted(VOCAB["list_name_tails"], key=len, reverse=True))
LIST_SEPARATORS = "、,;"
COMMA_ENTRY_RE = re.compile(rf"(?P<name>[{CJK}](?: *[{CJK}]){{1,3}}) *[,:] *(?P<pos>[^。;,:!?]+?) *$")
TRAIL_PUNCT = " ;,.。;，、"


# ---------------------------------------------------------------------------------------------
# Names and entries
# ---------------------------------------------------------------------------------------------
def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def name_score(s: str) -> int:
    """2: looks like a name with a known surname; 1: could be a name; 0: not a name (folded text).
    A transliterated name in parts joined by a middle dot (艾力·买买提) scores 2."""
    if DOTTED_NAME_RE.fullmatch(s):
        return 0 if POSITION_KEYWORDS_RE.search(s) else 2
    if not 2 <= len(s) <= 4 or not all(_is_cjk(c) for c in s):
        return 0
    if s.endswith(NAME_UNIT_ENDINGS) or s.endswith(UNIT_LINE_SUFFIXES) or POSITION_KEYWORDS_RE.search(s):
        return 0
    if s[0] in SURNAMES or s.startswith(COMPOUND_SURNAMES) or s.startswith(GIVEN_NAME_STARTS):
        return 2
    return 1


def _position_start_score(rest: str) -> int:
    if not rest:
        return 0
    if rest.startswith(POS_START_WORDS) or rest[0] in POS_START_STRONG:
        return 2
    if rest[0] in POS_START_WEAK:
        return 1
    return 0


def _split_glued(f: str, a: int, b: int) -> int | None:
    """Offset where a name glued to its position ends (王磊县委常委 -> after 王磊), or None."""
    tok = f[a:b]
    best, best_k = 0, None
    for k in (2, 3, 4):
        if len(tok) - k < 2:
            break
        if name_score(tok[:k]) < 2:
            continue
        rest = tok[k:]
        if not POSITION_KEYWORDS_RE.search(rest) and not rest.startswith(POS_START_WORDS):
            continue
        sc = _position_start_score(rest)
        if sc > best:
            best, best_k = sc, k
    return a + best_k if best_k else None


def _tokens(f: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    i = a
    while i < b:
        while i < b and f[i] == " ":
            i += 1
        j = i
        while j < b and f[j] != " ":
            j += 1
        if j > i:
            out.append((i, j))
        i = j
    return out


class Entry:
    __slots__ = ("name_parts", "pos")

    def __init__(self, name_parts: list[tuple[int, int]], pos: tuple[int, int] | None):
        self.name_parts = name_parts
        self.pos = pos


def _trim_pos(text: Text, a: int, b: int) -> tuple[int, int] | None:
    raw = text.raw
    while b > a and (raw[b - 1] in TRAIL_PUNCT or text.fold[b - 1] in TRAIL_PUNCT):
        b -= 1
    while a < b and text.fold[a] == " ":
        a += 1
    return (a, b) if b > a else None


def _split_top(f: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """fold[a:b] cut at 、 , ; outside brackets, each piece trimmed; None if brackets do not pair."""
    pieces, depth, s0 = [], 0, a
    for i in range(a, b):
        c = f[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and c in LIST_SEPARATORS:
            pieces.append((s0, i))
            s0 = i + 1
    if depth:
        return None
    pieces.append((s0, b))
    out = []
    for x, y in pieces:
        while x < y and f[x] == " ":
            x += 1
        while y > x and f[y - 1] in TRAIL_PUNCT:
            y -= 1
        if y > x:
            out.append((x, y))
    return out


def _parse_list(text: Text, a: int, b: int) -> list[Entry] | None:
    """People written one after another: 张三、李四、王五 (positions null), 李四(副市长)；王五(局长),
    or a mix, 张三(市发改委主任)、李四. Every piece must be a 2-4 character name with an optional
    bracketed position; a list without any position needs two names or more, most of them with a
    known surname (a single bare name is read by the general path)."""
    f = text.fold
    pieces = _split_top(f, a, b)
    if not pieces:
        return None
    entries: list[Entry] = []
    known = with_pos = 0
    for k, (x, y) in enumerate(pieces):
        pos = None
        if f[y - 1] == ")":
            # the bracket that closes at the end of the piece, nested brackets allowed
            depth, i = 0, y - 1
            while i >= x:
                depth += {")": 1, "(": -1}.get(f[i], 0)
                if depth == 0:
                    break
                i -= 1
            if i < x or i + 1 >= y - 1:
                return None
            pos = _trim_pos(text, i + 1, y - 1)
            if pos is None or y - 1 - (i + 1) > 60:
                return None
            y = i
            while y > x and f[y - 1] == " ":
                y -= 1
            with_pos += 1
        elif k == len(pieces) - 1:
            for tail in LIST_NAME_TAILS:  # 张三、李四等同志
                if f.endswith(tail, x, y) and y - len(tail) > x:
                    y -= len(tail)
                    break
        if not LIST_NAME_RE.fullmatch(f, x, y):
            return None
        name_tokens = _tokens(f, x, y)
        sc = name_score("".join(f[p:q] for p, q in name_tokens))
        if sc == 0:
            return None
        known += sc == 2
        entries.append(Entry(name_tokens, pos))
    if with_pos:
        return entries
    if len(entries) >= 2 and 2 * known > len(entries):
        return entries
    return None


def parse_entry(text: Text, a: int, b: int) -> tuple[str, list[Entry]]:
    """Read the person(s) in fold[a:b]. Returns (kind, entries) with kind one of
    ok, empty (nothing after the role), unit (a unit, no person), sentence (running text), fail."""
    f = text.fold
    while a < b and f[a] == " ":
        a += 1
    while b > a and f[b - 1] == " ":
        b -= 1
    if a >= b:
        return "empty", []
    seg = f[a:b]
    # name(position)、name(position) / 张三、李四、王五 / 张三(市发改委主任)、李四
    listed = _parse_list(text, a, b)
    if listed:
        return "ok", listed
    if any(c in SENTENCE_PUNCT for c in seg.rstrip(TRAIL_PUNCT)):
        # 王磊，县委常委 (name, comma, position)
        cm = COMMA_ENTRY_RE.match(f, a, b)
        if cm:
            name_tokens = _tokens(f, cm.start("name"), cm.end("name"))
            if name_score("".join(f[x:y] for x, y in name_tokens)) and POSITION_KEYWORDS_RE.search(cm.group("pos")):
                return "ok", [Entry(name_tokens, _trim_pos(text, cm.start("pos"), cm.end("pos")))]
        return "sentence", []
    if seg.rstrip(TRAIL_PUNCT).endswith(UNIT_LINE_SUFFIXES):
        return "unit", []
    toks = _tokens(f, a, b)
    # name assembled from the leading tokens: 吴 刚 / 何  俊 / 欧阳 明 / 王 小 明
    t0 = toks[0]
    name = [t0]
    nlen = t0[1] - t0[0]
    i = 1
    n = len(toks)
    if nlen == 1:
        while i < n and nlen + (toks[i][1] - toks[i][0]) <= 4 and (nlen < 2 or (toks[i][1] - toks[i][0] == 1 and i + 1 < n)):
            name.append(toks[i])
            nlen += toks[i][1] - toks[i][0]
            i += 1
    elif f[t0[0]:t0[1]].startswith(COMPOUND_SURNAMES) and nlen == 2 and i + 1 < n and toks[i][1] - toks[i][0] <= 2:
        name.append(toks[i])
        nlen += toks[i][1] - toks[i][0]
        i += 1
    elif nlen in (2, 3) and i + 1 < n and toks[i][1] - toks[i][0] == 1 and f[toks[i][0]] not in POS_PREFIX_SINGLES:
        name.append(toks[i])
        nlen += 1
        i += 1
    name_text = "".join(f[x:y] for x, y in name)
    score = name_score(name_text)
    if i < n and score:
        rest = toks[i:]
        # 成员: 张三 李四 王五 (names only, spaced)
        if all(name_score(f[x:y]) == 2 for x, y in rest) and score == 2 and \
                not any(POSITION_KEYWORDS_RE.search(f[x:y]) for x, y in rest) and len(rest) >= 1 and \
                all(y - x <= 3 for x, y in [t0] + rest):
            return "ok", [Entry([t], None) for t in [t0] + rest]
        return "ok", [Entry(name, _trim_pos(text, rest[0][0], rest[-1][1]))]
    if i >= n and score and n <= 4:
        return "ok", [Entry(name, None)]
    # position first: 县委常委、常务副县长 王磊
    last = toks[-1]
    tail = [last]
    if n >= 3 and last[1] - last[0] == 1 and toks[-2][1] - toks[-2][0] == 1:
        tail = [toks[-2], last]
    tail_text = "".join(f[x:y] for x, y in tail)
    if n > len(tail) and name_score(tail_text) and POSITION_KEYWORDS_RE.search(f[t0[0]:tail[0][0]]):
        return "ok", [Entry(tail, _trim_pos(text, t0[0], toks[-len(tail) - 1][1]))]
    # name glued to its position: 王磊县委常委、常务副县长
    cut = _split_glued(f, t0[0], t0[1])
    if cut is not None:
        return "ok", [Entry([(t0[0], cut)], _trim_pos(text, cut, toks[-1][1]))]
    # 县发改局、县财政局 / 县发改局局长、县财政局局长: units or posts, no person
    pieces = _split_top(f, a, b) or []
    if len(pieces) >= 2 and all(" " not in f[x:y] and y - x >= 3 and name_score(f[x:y]) == 0 and
                                (f[x:y].endswith(NAME_UNIT_ENDINGS) or POSITION_KEYWORDS_RE.search(f[x:y]))
                                for x, y in pieces):
        return "unit", []
    return "fail", []


# ---------------------------------------------------------------------------------------------
# The body a list belongs to
# ---------------------------------------------------------------------------------------------
def _strip_lead(f: str, a: int, b: int) -> int:
    m = LEAD_STRIP_RE.match(f[a:b])
    if m and m.end() < b - a:
        return a + m.end()
    return a


def _is_generic(x: str) -> bool:
    return len(x) <= 4 or x in GROUP_SUFFIXES or x.startswith(("本", "该", "此", "上述"))


def find_group(text: Text, lo: int, p: int, ctx: DocContext) -> str | None:
    """The body the list starting at ``p`` belongs to, read from fold[lo:p] and the title."""
    f = text.fold
    raw = text.raw
    lo = max(lo, p - GROUP_SEARCH)
    member = None
    members: list[tuple[int, int]] = []
    for m in MEMBER_RE.finditer(f, lo, p):
        member = m
        xs = _strip_lead(f, m.start("x"), m.end("x"))
        if not _is_generic(f[xs:m.end("x")]):
            members.append((xs, m.end("x")))
    intros, generic_intros = [], []
    for m in INTRO_RE.finditer(f, lo, p):
        xs = _strip_lead(f, m.start("x"), m.end("x"))
        (generic_intros if _is_generic(f[xs:m.end("x")]) else intros).append((xs, m.end("x")))
    aliases: dict[str, tuple[int, int]] = {}
    for m in ALIAS_RE.finditer(f, lo, p):
        xs = _strip_lead(f, m.start("x"), m.end("x"))
        aliases[m.group("y").strip()] = (xs, m.end("x"))
    title_x = None
    if ctx.title:
        tf = fold(ctx.title).replace(" ", "")
        tm = TITLE_GROUP_RE.search(tf)
        if tm:
            # slice the raw title at the same offsets (spaces removed from both)
            kept = "".join(c for c, fc in zip(ctx.title, fold(ctx.title)) if fc != " ")
            title_x = kept[tm.start("x"):tm.end("x")]
    cands_long: list[str] = [raw[a:b] for a, b in sorted(intros + members)] + [raw[a:b] for a, b in aliases.values()]
    if title_x:
        cands_long.append(title_x)

    x = None
    if member is not None and (not intros or member.start() >= intros[-1][0]):
        xs = _strip_lead(f, member.start("x"), member.end("x"))
        x = raw[xs:member.end("x")]
    elif intros:
        a, b = intros[-1]
        x = raw[a:b]
    elif title_x:
        x = title_x
    elif generic_intros:
        a, b = generic_intros[-1]
        x = raw[a:b]
    if x is None:
        return None
    xf = fold(x)
    if _is_generic(xf) and xf in aliases:
        a, b = aliases[xf]
        return raw[a:b]
    # a shortened mention (区防汛抗旱指挥部, 领导小组) takes the full name it ends (渝北区防汛抗旱指挥部)
    for c in reversed(cands_long):
        if fold(c).endswith(xf) and len(c) > len(x):
            return c
    return x


# ---------------------------------------------------------------------------------------------
# Roles not in the list
# ---------------------------------------------------------------------------------------------
def _generic_role(f: str) -> re.Match | None:
    """专 班 长：… / 副专班长：… : a short label ending in a role word, then a colon."""
    m = GENERIC_ROLE_RE.match(f)
    if not m:
        return None
    label = m.group("role").replace(" ", "")
    if not label.endswith(GENERIC_ROLE_SUFFIXES) or label.endswith(NON_MEMBER_ENDINGS):
        return None
    if LABEL_RE.match(label):
        return None
    return m


def _other_label(f: str) -> bool:
    """联系人：… / 列席人员：… / 牵头单位：… : a labelled line that is not a role ends the list."""
    m = GENERIC_ROLE_RE.match(f)
    if not m:
        return False
    label = m.group("role").replace(" ", "")
    return label.endswith(NON_MEMBER_ENDINGS) or name_score(label) == 0


def _generic_role_ok(text: Text, lines: list, idx: int, start: int, end: int) -> bool:
    """A generic role line opens a membership list only when a listed role (组长, 成员 …) follows
    in the same run of role and continuation lines, or one of the two lines before it introduces a
    body (决定成立X专班 / X成员名单如下)."""
    for ln in lines[idx + 1: idx + 1 + GENERIC_LOOKAHEAD]:
        if ln.end > end:
            break
        m = ROLE_RE.match(ln.fold)
        if m and m.group("colon"):
            return True
        if _generic_role(ln.fold):
            continue
        if LABEL_RE.match(ln.fold) or parse_entry(text, ln.start, ln.end)[0] not in ("ok", "unit"):
            break
    f = text.fold
    for ln in lines[max(0, idx - 2):idx]:
        if ln.start < start:
            continue
        if MEMBER_RE.search(f, ln.start, ln.end) or INTRO_RE.search(f, ln.start, ln.end) or \
                MEMBERSHIP_HINT_RE.search(f, ln.start, ln.end):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Positions wrapped onto the next line
# ---------------------------------------------------------------------------------------------
POS_OPEN_ENDINGS = tuple(VOCAB.get("position_open_endings", ["、", ",", "兼", "及", "和"]))


def _incomplete(text: Text, a: int, b: int, line_end: int) -> int | None:
    """Where the kept text of a position cut short ends, or None if it is complete. The position
    fold[a:b] (trimmed; the line goes on to line_end) is cut short when the line ends in 、 or a
    comma after it (市公安局副局长、: the 、 is kept), or the position ends in a joining word (兼)."""
    f = text.fold
    e = line_end
    while e > b and f[e - 1] == " ":
        e -= 1
    if e > b:
        return e if f[b:e].endswith(POS_OPEN_ENDINGS) else None
    return b if f[a:b].endswith(POS_OPEN_ENDINGS) else None


def _is_continuation(text: Text, a: int, b: int) -> bool:
    """A line that only carries the rest of a position: one run of text without whitespace
    inside, no role, not a name, no sentence punctuation (市食品药品犯罪侦查支队支队长)."""
    toks = _tokens(text.fold, a, b)
    if len(toks) != 1:
        return False
    x, y = toks[0]
    tok = text.fold[x:y].rstrip(TRAIL_PUNCT)
    if not tok or name_score(tok) or any(c in SENTENCE_PUNCT for c in tok) or LABEL_RE.match(tok):
        return False
    if ROLE_RE.match(tok) or _generic_role(tok):
        return False
    return _split_glued(text.fold, x, x + len(tok)) is None  # 王磊县委常委 is the next person


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------
def extract_people(text: Text, start: int, end: int, ctx: DocContext) -> tuple[list[dict], list[dict]]:
    return run_extractor(STAGE, "people", _extract, text, start, end, ctx)


def _extract(text: Text, start: int, end: int, ctx: DocContext, warnings: list[dict]) -> tuple[list[dict], list[dict]]:
    records: list[dict] = []
    raw = text.raw
    role: str | None = None
    group: str | None = None
    in_list = False
    group_warned = False
    pending: tuple[dict, tuple[int, int]] | None = None  # last record whose position is unfinished
    lines = text.lines_between(start, end)
    for idx, ln in enumerate(lines):
        if ln.end > end:
            break
        f = ln.fold
        if not in_list:
            pending = None
        m = ROLE_RE.match(f)
        if not m:
            gm = _generic_role(f)
            if gm and (in_list or _generic_role_ok(text, lines, idx, start, end)):
                m = gm
        if m:
            rs, re_ = ln.start + m.start("rest"), ln.end
            kind, entries = parse_entry(text, rs, re_)
            if kind == "sentence" or (kind != "ok" and not m.group("colon") and not in_list):
                # running text that happens to start with a role word
                if in_list:
                    in_list, role = False, None
                continue
            if not in_list:
                group = find_group(text, start, ln.start, ctx)
                group_warned = False
            in_list = True
            role = raw[ln.start + m.start("role"):ln.start + m.end("role")].replace(" ", "")
        elif in_list:
            if LABEL_RE.match(f) or _other_label(f):
                in_list, role = False, None
                continue
            if pending is not None and _is_continuation(text, ln.start, ln.end):
                # 市公安局副局长、 / 　　　市食品药品犯罪侦查支队支队长 : the position goes on
                rec, (pb, keep) = pending
                cont = _trim_pos(text, ln.start, ln.end)
                rec["position"] += raw[pb:keep].replace(" ", "").replace("\u3000", "") + raw[cont[0]:cont[1]]
                rec["span"][1] = cont[1]
                keep = _incomplete(text, cont[0], cont[1], ln.end)
                pending = (rec, (cont[1], keep)) if keep is not None else None
                continue
            kind, entries = parse_entry(text, ln.start, ln.end)
            if kind in ("sentence", "fail", "empty"):
                in_list, role = False, None
                continue
        else:
            continue
        if kind == "ok":
            if group is None and not group_warned:
                group_warned = True
                warnings.append(warning(STAGE, "people_group_unknown",
                                        "A membership list starts here but no sentence or heading names the body "
                                        "it belongs to; add the group by hand.", [ln.start, ln.end]))
            for e in entries:
                ns, ne = e.name_parts[0][0], e.name_parts[-1][1]
                name = "".join(raw[x:y] for x, y in e.name_parts)
                position = raw[e.pos[0]:e.pos[1]] if e.pos else None
                span = [min(ns, e.pos[0]), max(ne, e.pos[1])] if e.pos else [ns, ne]
                records.append({"group": group, "role": role, "name": name, "position": position, "span": span})
            last = entries[-1] if len(entries) == 1 else None
            pending = None
            if last is not None and last.pos is not None and last.pos[1] >= ln.start:
                keep = _incomplete(text, last.pos[0], last.pos[1], ln.end)
                if keep is not None:
                    pending = (records[-1], (last.pos[1], keep))
        else:
            pending = None
        if kind == "unit":
            warnings.append(warning(STAGE, "member_without_name",
                                    f"The member line {raw[ln.start:ln.end].strip()!s} names a unit but no person; "
                                    "it is not recorded as a person.", [ln.start, ln.end]))
        elif kind == "fail":
            warnings.append(warning(STAGE, "person_unparsed",
                                    f"The {role} line {raw[ln.start:ln.end].strip()!s} could not be split into a "
                                    "2-4 character name and a position; check the spacing or add the surname or "
                                    "position word to pipeline/data/people.json.", [ln.start, ln.end]))
    return records, warnings
