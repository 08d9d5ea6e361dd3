"""Units of government: one canonical name for every way a notice writes a unit.

A portal that counts the tasks of 市发改委 must count 市发展和改革委员会 and 市发展改革委 too.
This module canonicalises unit names against the gazetteer in ``data/orgs.json``:

* ``canonical_unit(name)`` -> ``{unit, canonical, type, known}``. A name is read as
  ``<prefix><body>``: the body is looked up among the gazetteer's aliases (keyed WITHOUT the
  place prefix), the prefix must be a level (省/市/县/区/州), a place name ending in one
  (咸宁市, 恩施土家族苗族自治州), or a national word (国家, 国务院, 中央). ``市发改委`` ->
  ``市发展和改革委员会``, ``国家发展改革委`` -> ``国家发展和改革委员会``. Unknown units stay
  as written (spaces removed), ``known`` False, with a type guessed from the suffix.
* ``expand_shared_suffix(units)``: ``[咸安区, 通城县人民政府]`` -> both 人民政府.
* ``organizations(tasks)``: one record per canonical unit with its lead/responsible counts.
* ``find_units(s)``: recognition in SHORT strings (notes, recipients, positions, table cells)
  with spaCy (``spacy.blank("zh")``, jieba segmenter whose user dictionary is the same
  surface list as the EntityRuler's patterns), or with the pure-regex engine when spaCy is
  not installed. spaCy and jieba load lazily on the first call; importing this module loads
  nothing but the standard library and ``pipeline.text``.

Everything is matched on the folded text (``pipeline.text.fold``: half-width, Simplified),
so full-width and Traditional spellings canonicalise alike; offsets always index the input.
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from importlib import resources

import re  # stdlib re (not the regex package): cheaper to import and to compile here

from .text import fold

# ---------------------------------------------------------------------------------------------
# Patterns compiled once at import (cheap). Everything else (the gazetteer, its indexes, the
# trie pattern, spaCy) is built on first use and cached.
HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # CJK ideographs (Han)
HAN_CLASS = HAN[1:-1]
_HAN_RUN_END = re.compile(HAN + r"+\Z")
_ALL_HAN = re.compile(HAN + "+")
_WS = re.compile(r"\s+")
_SPLIT_SEPS = "、,，;；"
TYPES = ("government", "department", "enterprise", "school", "group", "party", "court", "other")


# ---------------------------------------------------------------------------------------------
# The gazetteer and its indexes


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    """The parsed ``data/orgs.json`` (read once)."""
    data = resources.files("pipeline.data").joinpath("orgs.json").read_text("utf-8")
    return json.loads(data)


class _Index:
    """Lookup tables derived from the gazetteer (built once, read-only afterwards)."""

    def __init__(self, g: dict) -> None:
        self.g = g
        self.key_drop = {ord(c): None for c in g["key_drop"]}
        self.levels = list(g["levels"])
        self.trim = g["trim_chars"]
        self.trailing_drop = list(g.get("trailing_drop", []))
        # alias key -> entry; collisions are reported by ``alias_collisions`` (tests)
        self.alias: dict[str, dict] = {}
        self.collisions: list[tuple[str, str, str]] = []
        for e in g["entries"]:
            for a in [e["canonical"], *e["aliases"]]:
                k = self.key(a)
                other = self.alias.get(k)
                if other is not None and other is not e:
                    self.collisions.append((k, other["canonical"], e["canonical"]))
                    continue
                self.alias[k] = e
        self.max_body = max((len(k) for k in self.alias), default=0)
        place_sfx = sorted(g["place_suffixes"], key=len, reverse=True)
        psx = "|".join(re.escape(s) for s in place_sfx)
        words = "|".join(re.escape(w) for w in sorted(g["prefix_words"], key=len, reverse=True))
        party = "|".join(re.escape(w) for w in sorted(g["party_prefixes"], key=len, reverse=True))
        # a valid prefix: [中共][国家|国务院…][place name ending in a level]; nothing else
        self.prefix_rx = re.compile(
            rf"(?:{party})?(?:(?:{words})|(?:{HAN}{{0,16}}?(?:{psx})))?")
        self.bare_place_rx = re.compile(
            rf"(?:{'|'.join(re.escape(w) for w in g['bare_place_prefixes'])})?{HAN}{{2,8}}?(?:{psx})?")
        self.place_end_rx = re.compile(rf"(?:{psx})\Z")
        self.bare_place_name_rx = re.compile(rf"{HAN}{{1,14}}?(?:{psx})")
        self.not_a_place = list(g["not_a_place"])
        self.prefix_forbidden = set(g["prefix_forbidden_chars"])
        self.gov_prefix_tails = sorted(g["government_prefix_tails"], key=len, reverse=True)
        self.prefix_words = sorted(g["prefix_words"], key=len, reverse=True)
        self.party_prefixes = sorted(g["party_prefixes"], key=len, reverse=True)
        self.branch_suffixes = sorted(g["branch_suffixes"], key=len, reverse=True)
        self.gov_suffixes = sorted(g["government_suffixes"], key=len, reverse=True)
        gr = g["group_rules"]
        self.group_prefixes = list(gr["prefixes"])
        self.group_contains = list(gr["contains"])
        self.group_suffixes = list(gr["suffixes"])
        self.type_by_suffix = [(s, t) for s, t in g["type_by_suffix"]]
        # templates: 人行{place}中心支行 -> regex on the lookup key
        self.templates: list[tuple[re.Pattern, dict]] = []
        lv = "|".join(re.escape(x) for x in self.levels)
        for t in g["templates"]:
            for a in t["aliases"]:
                parts = re.split(r"(\{place\}|\{level\})", self.key(a))
                pat = "".join(
                    rf"(?P<place>{HAN}{{2,8}}?)" if p == "{place}" else
                    rf"(?P<level>{lv})" if p == "{level}" else re.escape(p) for p in parts)
                self.templates.append((re.compile(pat), t))
        self.stop_chars = set(g["find_stop_chars"])
        self.group_find = [re.compile(p.replace("{han}", HAN_CLASS)) for p in g["find_patterns"]]

    def key(self, s: str) -> str:
        """Lookup key: folded, without spaces and the punctuation in ``key_drop``."""
        return fold(s).translate(self.key_drop)

    def prefix_ok(self, prefix: str, entry: dict) -> bool:
        mode = entry.get("prefix", "optional")
        if not prefix:
            return mode != "required"
        if mode == "none":
            return False
        if any(prefix.startswith(w) for w in self.not_a_place) or any(w in prefix for w in ("有关", "相关")):
            return False
        if any(ch in self.prefix_forbidden for ch in prefix):  # 市财政局市 is no place name
            return False
        if self.prefix_rx.fullmatch(prefix):
            return True
        return entry.get("place") == "bare" and bool(self.bare_place_rx.fullmatch(prefix))

    def surfaces(self) -> list[str]:
        """Every surface form the finders look for, longest first.

        Bare aliases, and each alias after a level character (市发改委, 省发改委 …) unless the
        entry forbids a prefix. This one list feeds the regex trie, jieba's user dictionary
        and the EntityRuler's phrase patterns.
        """
        out: set[str] = set()
        for e in self.g["entries"]:
            mode = e.get("prefix", "optional")
            for a in [e["canonical"], *e["aliases"]]:
                fa = fold(a).translate({ord(" "): None})
                if mode != "required":
                    out.add(fa)
                if mode != "none" and e.get("place") != "bare":
                    out.update(lv + fa for lv in self.levels)
        return sorted(out, key=lambda w: (-len(w), w))


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(gazetteer())


def alias_collisions() -> list[tuple[str, str, str]]:
    """Alias keys that two gazetteer entries both claim (should be empty)."""
    return list(_index().collisions)


# ---------------------------------------------------------------------------------------------
# canonical_unit


def _clean(ix: _Index, name: str) -> str:
    """Folded name without whitespace, trimmed of separators and a trailing 等."""
    s = _WS.sub("", fold(name)).strip(ix.trim)
    for t in ix.trailing_drop:
        if len(s) > len(t) and s.endswith(t):
            s = s[: -len(t)].strip(ix.trim)
    return s


def _resolve(ix: _Index, key: str, allow_groups: bool = True) -> tuple[str, dict] | None:
    """(canonical, entry) for a lookup key from the alias table with a valid prefix, else None."""
    n = len(key)
    for i in range(max(0, n - ix.max_body), n):
        e = ix.alias.get(key[i:])
        if e is None:
            continue
        if not allow_groups and e["type"] == "group":
            continue
        prefix = key[:i]
        if ix.prefix_ok(prefix, e):
            return prefix + e["canonical"], e
        if e["type"] not in ("group", "government"):
            # 市政府国资委 / 省人民政府国资委: the government's own department, canonical without 政府
            for tail in ix.gov_prefix_tails:
                if prefix.endswith(tail) and len(prefix) > len(tail):
                    base = prefix[: -len(tail)]
                    if ix.prefix_ok(base, e):
                        return base + e["canonical"], e
    return None


def _template(ix: _Index, key: str) -> tuple[str, dict] | None:
    for rx, t in ix.templates:
        m = rx.fullmatch(key)
        if m:
            gd = {k: v for k, v in m.groupdict().items() if v is not None}
            try:
                return t["canonical"].format(**gd), t
            except (KeyError, IndexError):
                continue
    return None


def _branch(ix: _Index, key: str) -> tuple[str, dict] | None:
    """省药品监督管理局咸宁分局: a known unit + a place + a branch suffix."""
    for sfx in ix.branch_suffixes:
        if not key.endswith(sfx) or len(key) <= len(sfx) + 2:
            continue
        rest = key[: -len(sfx)]
        for j in range(len(rest) - 2, 0, -1):
            place = rest[j:]
            if len(place) > 6:
                break
            if not _ALL_HAN.fullmatch(place):
                continue
            r = _resolve(ix, rest[:j], allow_groups=False)
            if r is not None:
                return r[0] + place + sfx, r[1]
    return None


def _is_group(ix: _Index, s: str) -> bool:
    return (any(s.startswith(p) for p in ix.group_prefixes)
            or any(c in s for c in ix.group_contains)
            or any(s.endswith(x) for x in ix.group_suffixes))


def guess_type(name: str) -> str:
    """The type a unit's name suggests by its suffix (for names the gazetteer does not hold)."""
    ix = _index()
    s = _clean(ix, name) if isinstance(name, str) else ""
    if not s:
        return "other"
    if _is_group(ix, s):
        return "group"
    key = s.translate(ix.key_drop)
    if ix.bare_place_name_rx.fullmatch(key):  # a place named as a unit (咸安区) stands for its government
        return "government"
    for sfx, t in ix.type_by_suffix:
        if key.endswith(sfx):
            return t
    return "other"


def canonical_unit(name: str) -> dict:
    """``{unit, canonical, type, known}`` for one unit name as written (a fresh dict; lookups are cached)."""
    if not isinstance(name, str):
        return _canonical_unit(name)
    return dict(_canonical_cached(name))


@lru_cache(maxsize=65536)
def _canonical_cached(name: str) -> dict:
    return _canonical_unit(name)


def _canonical_unit(name: str) -> dict:
    """``{unit, canonical, type, known}`` for one unit name as written.

    ``市发改委`` -> canonical ``市发展和改革委员会``, department, known. An unknown unit keeps its
    name (spaces removed) as canonical, with ``known`` False and a type guessed from its suffix.
    Never raises; needs neither spaCy nor jieba.
    """
    unit = name if isinstance(name, str) else ("" if name is None else str(name))
    ix = _index()
    s = _clean(ix, unit)
    if not s:
        return {"unit": unit, "canonical": "", "type": "other", "known": False}
    key = s.translate(ix.key_drop)
    if key:
        if len(split_unit_list(s)) > 1:
            # a list written as one string (咸安区、嘉鱼县人民政府): only a whole collective name
            # such as 各县、市、区人民政府 is one unit; anything else stays as written
            e = ix.alias.get(key)
            if e is not None and e.get("prefix") == "none":
                return {"unit": unit, "canonical": e["canonical"], "type": e["type"], "known": True}
        else:
            for step in (_template, _resolve, _branch):
                r = step(ix, key)
                if r is not None:
                    return {"unit": unit, "canonical": r[0], "type": r[1]["type"], "known": True}
    raw_clean = _WS.sub("", unit).strip(ix.trim)
    for t in ix.trailing_drop:  # same trimming as the folded form, on the characters as written
        if len(raw_clean) > len(t) and fold(raw_clean).endswith(t):
            raw_clean = raw_clean[: -len(t)].strip(ix.trim)
    return {"unit": unit, "canonical": raw_clean, "type": guess_type(unit), "known": False}


# ---------------------------------------------------------------------------------------------
# Lists of units


def split_unit_list(s: str) -> list[str]:
    """Split a written list of units at 、 , ， ; ； outside brackets (as written, trimmed)."""
    if not isinstance(s, str):
        return []
    out: list[str] = []
    depth = 0
    cur = []
    for ch, f in zip(s, fold(s)):
        if f in "(【[〔《“":
            depth += 1
        elif f in ")】]〕》”" and depth:
            depth -= 1
        if depth == 0 and f in _SPLIT_SEPS:
            piece = "".join(cur).strip()
            if piece:
                out.append(piece)
            cur = []
            continue
        cur.append(ch)
    piece = "".join(cur).strip()
    if piece:
        out.append(piece)
    return out


def _bare_place(ix: _Index, u: str) -> bool:
    s = _clean(ix, u)
    if len(s) < 2 or any(s.startswith(p) for p in ix.group_prefixes):
        return False
    if not ix.bare_place_name_rx.fullmatch(s):
        return False
    r = _resolve(ix, s.translate(ix.key_drop))
    return r is None


def _gov_suffix(ix: _Index, u: str) -> str | None:
    """The government suffix of ``u`` as written (赤壁市人民政府 -> 人民政府), if it has a place before it."""
    s = _WS.sub("", u).strip()
    f = fold(s)
    for sfx in ix.gov_suffixes:
        if f.endswith(sfx) and len(f) > len(sfx):
            head = f[: -len(sfx)]
            if ix.bare_place_name_rx.fullmatch(head) and not any(head.startswith(p) for p in ix.group_prefixes):
                return s[-len(sfx):]
    return None


def expand_shared_suffix(units: list[str]) -> list[str]:
    """Give bare place names the government suffix of the unit that closes their run.

    ``咸安区、通城县人民政府`` split into ``[咸安区, 通城县人民政府]`` -> ``[咸安区人民政府,
    通城县人民政府]``; a place name followed by anything but a government unit stays as it is.
    Same length as the input; items are kept as written otherwise.
    """
    if not units:
        return []
    return list(_expand_cached(tuple(u if isinstance(u, str) else ("" if u is None else str(u)) for u in units)))


@lru_cache(maxsize=16384)
def _expand_cached(units: tuple[str, ...]) -> tuple[str, ...]:
    ix = _index()
    out = list(units)
    suffix: str | None = None
    for i in range(len(out) - 1, -1, -1):
        u = out[i]
        if suffix is not None and _bare_place(ix, u):
            out[i] = u.strip() + suffix
            continue
        suffix = _gov_suffix(ix, u)
    return tuple(out)


def canonical_line(line: str) -> list[dict]:
    """A written list of units -> canonical_unit of each, after splitting and suffix expansion."""
    return [canonical_unit(u) for u in expand_shared_suffix(split_unit_list(line))]


def organizations(tasks: list[dict]) -> list[dict]:
    """One record per canonical unit over the tasks' ``lead_units`` and ``responsible_units``.

    ``{canonical, type, known, lead_tasks, responsible_tasks, aliases_seen}``: the counts are
    numbers of tasks (a unit named twice in one task counts once per role), ``aliases_seen``
    the distinct spellings as written, sorted. Sorted by canonical name.
    """
    recs: dict[str, dict] = {}
    for t in tasks or []:
        if not isinstance(t, dict):
            continue
        for role, field in (("lead_tasks", "lead_units"), ("responsible_tasks", "responsible_units")):
            units = t.get(field) or []
            if isinstance(units, str):
                units = split_unit_list(units)
            names = [u.get("unit") if isinstance(u, dict) else u for u in units]
            names = [n for n in names if isinstance(n, str) and n.strip()]
            seen_here: set[str] = set()
            for u in expand_shared_suffix(names):
                c = canonical_unit(u)
                if not c["canonical"]:
                    continue
                r = recs.get(c["canonical"])
                if r is None:
                    r = recs[c["canonical"]] = {"canonical": c["canonical"], "type": c["type"], "known": c["known"],
                                                "lead_tasks": 0, "responsible_tasks": 0, "aliases_seen": set()}
                r["aliases_seen"].add(u.strip())
                if c["canonical"] not in seen_here:
                    seen_here.add(c["canonical"])
                    r[role] += 1
    out = []
    for k in sorted(recs):
        r = recs[k]
        r["aliases_seen"] = sorted(r["aliases_seen"])
        out.append(r)
    return out


# ---------------------------------------------------------------------------------------------
# find_units: recognition in short strings


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for many literals, as a trie (longest alternative first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@lru_cache(maxsize=1)
def _surface_rx() -> re.Pattern:
    # each trie node tries the longer continuation first, so a match is the longest surface
    # that starts at its position (市市场监管局 before 市)
    return re.compile(_trie_pattern(_index().surfaces()))


def _regex_matches(f: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _surface_rx().finditer(f) if m.end() > m.start()]


_nlp_holder: dict = {}


def _nlp():
    """spacy.blank('zh') with a private jieba segmenter and an EntityRuler (built once)."""
    with _lock:
        if "nlp" in _nlp_holder:
            return _nlp_holder["nlp"]
        import jieba  # noqa: PLC0415 - lazy by design
        import logging
        import spacy  # noqa: PLC0415

        jieba.setLogLevel(logging.WARNING)
        surfaces = _index().surfaces()
        seg = jieba.Tokenizer()  # private: our user dictionary must not change jieba for others
        for w in surfaces:  # jieba's user dictionary = the ruler's phrase list
            seg.add_word(w, freq=max(10**5, 2000 * len(w)))
        # built with the char segmenter, then switched to jieba with our private Tokenizer, so
        # that the global jieba dictionary is neither loaded twice nor changed
        nlp = spacy.blank("zh")
        tok = nlp.tokenizer
        tok.jieba_seg = seg
        tok.segmenter = "jieba"
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        patterns = [{"label": "ORG", "pattern": w, "id": w} for w in surfaces]
        ruler.add_patterns(patterns)
        _nlp_holder["nlp"] = nlp
        return nlp


def spacy_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec("jieba") is not None
    except Exception:  # pragma: no cover
        return False


def _spacy_matches(f: str) -> list[tuple[int, int]]:
    doc = _nlp()(f)
    return [(e.start_char, e.end_char) for e in doc.ents]


def _extend_left(ix: _Index, f: str, s: int, e: int, floor: int) -> int:
    """Start of the unit once the place name before the match is taken in (咸宁 + 市发改委)."""
    m = _HAN_RUN_END.search(f, floor, s)
    if not m:
        return s
    run = m.group(0)
    cut = max((i for i, ch in enumerate(run) if ch in ix.stop_chars), default=-1)
    place = run[cut + 1:]
    if not place:
        return s
    starts_with_level = f[s] in ix.levels
    entry = ix.alias.get(f[s:e].translate(ix.key_drop))
    if entry is not None and entry.get("place") == "bare":  # 咸宁 + 供电公司, 市 + 电信公司
        if (len(place) >= 2 or place in ix.levels) and len(place) <= 8:
            return s - len(place)
        return s
    if starts_with_level:
        if 2 <= len(place) <= 10:
            return s - len(place)
        return s
    if 2 <= len(place) <= 12 and ix.place_end_rx.search(place):
        return s - len(place)
    return s


def _extend_right(ix: _Index, f: str, s: int, e: int) -> int:
    """End of the unit when a branch follows (省药品监督管理局 + 咸宁分局)."""
    tail = f[e:e + 12]
    for sfx in ix.branch_suffixes:
        m = re.match(rf"({HAN}{{2,6}}?){re.escape(sfx)}", tail)
        if m:
            cand = f[s:e + m.end()]
            if _branch(ix, cand.translate(ix.key_drop)):
                return e + m.end()
    return e


def _prefix_word_before(ix: _Index, f: str, s: int, floor: int) -> int:
    """Start once a national or party word before ``s`` is taken in (国务院 + 扶贫办, 中共 + 咸宁市委)."""
    for w in ix.prefix_words + ix.party_prefixes:
        if s - len(w) >= floor and f.startswith(w, s - len(w)):
            return _prefix_word_before(ix, f, s - len(w), floor)
    return s


def _finish(ix: _Index, f: str, base: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    prev_end = 0
    for s, e in sorted(base):
        if s < prev_end:
            continue
        floor = prev_end
        # a lone national word matched just before (国务院|扶贫办) joins this unit
        if spans and spans[-1][1] == s and f[spans[-1][0]:s] in ix.prefix_words:
            floor = spans.pop()[0]
        s2 = _extend_left(ix, f, s, e, floor)
        s2 = _prefix_word_before(ix, f, s2, floor)
        e2 = _extend_right(ix, f, s2, e)
        spans.append((s2, e2))
        prev_end = e2
    return spans


def _shared_suffix_spans(ix: _Index, s: str, f: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Bare place names listed before a government unit (咸安区、嘉鱼县、赤壁市人民政府)."""
    out = []
    taken_ends = [b for _a, b in spans]
    for a, b in spans:
        suffix = _gov_suffix(ix, s[a:b])
        if suffix is None:
            continue
        pos = a
        floor = max([x for x in taken_ends if x <= a], default=0)
        while pos - 1 > floor and f[pos - 1] in _SPLIT_SEPS:
            m = _HAN_RUN_END.search(f, floor, pos - 1)
            if not m:
                break
            name = m.group(0)  # the whole run: list separators delimit it
            start = pos - 1 - len(name)
            if not name or not _bare_place(ix, name):
                break
            c = canonical_unit(s[start:pos - 1] + suffix)
            out.append((start, pos - 1, c["canonical"]))
            pos = start
    return out


def _extra_matches(ix: _Index, f: str) -> list[tuple[int, int]]:
    out = []
    for m in _ALL_HAN.finditer(f):  # templates inside each Han run
        run_s, run = m.start(), m.group(0)
        for rx, _t in ix.templates:
            for tm in rx.finditer(run):
                out.append((run_s + tm.start(), run_s + tm.end()))
    for rx in ix.group_find:
        for gm in rx.finditer(f):
            out.append((gm.start(), gm.end()))
    return out


def _select(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, longest first, then leftmost."""
    chosen: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda p: (-(p[1] - p[0]), p[0])):
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    return sorted(chosen)


def find_units(s: str, engine: str = "auto") -> list[tuple[int, int, str]]:
    """Units named in a SHORT string: ``[(start, end, canonical)]`` with offsets into ``s``.

    ``engine``: ``"spacy"`` (EntityRuler over jieba tokens), ``"regex"`` (the same surface
    list as one trie pattern), or ``"auto"`` (spaCy when installed, else regex). Both add
    the place name before a match (咸宁 + 市发改委), a branch after it (… + 咸宁分局), the
    template names (人行咸宁中心支行) and collective units (各县(市、区)人民政府, …成员单位).
    Meant for notes, recipients, positions and table cells, never for whole documents.
    """
    if not isinstance(s, str) or not s.strip():
        return []
    ix = _index()
    f = fold(s)
    use_spacy = engine == "spacy" or (engine == "auto" and spacy_available())
    base: list[tuple[int, int]] = []
    if use_spacy:
        try:
            base = _spacy_matches(f)
        except Exception:  # spaCy missing or changed: the regex engine gives the same answers
            if engine == "spacy":
                raise
            base = _regex_matches(f)
    else:
        base = _regex_matches(f)
    spans = _select(_finish(ix, f, base) + _extra_matches(ix, f))
    out = []
    for a, b in spans:
        c = canonical_unit(s[a:b])
        if c["canonical"]:
            out.append((a, b, c["canonical"]))
    return sorted(out + _shared_suffix_spans(ix, s, f, spans))


def jieba_user_words() -> list[str]:
    """The surface list given to jieba as its user dictionary (and to the EntityRuler)."""
    return _index().surfaces()
