"""Stage 5a: responsibility notes and the tasks they make.

A note is a bracketed group at the end of a numbered item that names who does the work:
  (牵头单位:市发改委;责任单位:市财政局、市统计局)   〔责任单位:各县市区人民政府〕
  (省财政厅牵头，省发展改革委配合)   (省商务厅负责)   (X、Y等负责)   (X按职责分工负责)
  (省人力资源社会保障厅负责，2018年6月底前完成)
Notes whose closing bracket was lost run to the end of their line (with a warning), and unit
names keep their own brackets (咸宁职教(集团)学校, 各市(州)人民政府). Units are split at
、 , ， ; and at 和/及/与 only where both sides are whole unit names. Vocabulary: data/tasks.json.
"""
from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from importlib import resources

from .model import warning
from .text import Text, fold

STAGE = "tasks"

OPEN = "(〔【["
CLOSE = {"(": ")", "〔": "〕", "【": "】", "[": "]"}


@lru_cache(maxsize=1)
def vocab() -> dict:
    return json.loads(resources.files("pipeline.data").joinpath("tasks.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _rx() -> dict:
    v = vocab()
    roles = sorted(v["lead_labels"] + v["responsible_labels"] + v["time_labels"], key=len, reverse=True)
    unit_roles = sorted(v["lead_labels"] + v["responsible_labels"], key=len, reverse=True)
    unit_end = sorted(v["unit_suffixes"], key=len, reverse=True)
    return {
        "labelled": re.compile(r"(?P<label>" + "|".join(map(re.escape, roles)) + r")\s*[:：]\s*"),
        # a note written as a line of its own under its item: 牵头单位：X / 责任单位：Y
        "line_note": re.compile(r"^[ \t]*(?:" + "|".join(map(re.escape, unit_roles)) + r")\s*[:：]", re.M),
        "lead_verb": re.compile(r"^(?P<u>.+?)(?:" + "|".join(map(re.escape, v["lead_verbs"])) + r")$"),
        "resp_verb": re.compile(r"^(?P<u>.+?)(?:" + "|".join(map(re.escape, sorted(v["responsible_verbs"], key=len, reverse=True))) + r")$"),
        "marker": re.compile("|".join(map(re.escape, v["note_markers"]))),
        "unit_end": re.compile("(?:" + "|".join(map(re.escape, unit_end)) + r")$"),
        "unit_start": re.compile("^(?:" + "|".join(map(re.escape, v["unit_prefixes"])) + ")"),
        "not_unit": re.compile("|".join(v["not_unit_patterns"])),
        "strip": tuple(sorted(v["strip_suffixes"], key=len, reverse=True)),
        "strip_head": tuple(sorted(v["strip_prefixes"], key=len, reverse=True)),
    }


def _close_of(f: str, i: int, stop: int | None = None) -> int | None:
    """Index of the bracket closing the one opened at i (nesting of any bracket kind) before ``stop``, or None."""
    depth = 0
    for j in range(i, len(f) if stop is None else stop):
        c = f[j]
        if c in OPEN:
            depth += 1
        elif c in ")〕】]":
            depth -= 1
            if depth == 0:
                return j
        elif c == "\n":
            return None
    return None


def find_notes(text: Text, start: int, end: int) -> list[dict]:
    """Every responsibility note in [start, end): {span, inner_span, closed}, bracketed or a line of its own."""
    notes = _bracketed_notes(text, start, end)
    taken = [n["span"] for n in notes]
    from .documents import is_noise

    for m in _rx()["line_note"].finditer(text.fold, start, end):
        a = m.start() + len(m.group()) - len(m.group().lstrip())
        b = text.fold.find("\n", a, end)
        b = end if b < 0 else b
        b = a + len(text.fold[a:b].rstrip(" 。;；"))
        if not any(x <= a < y for x, y in taken) and not is_noise(text.fold[a:b]):
            notes.append({"span": [a, b], "inner": [a, b], "closed": True, "bare": True})
    return sorted(notes, key=lambda n: n["span"][0])


def _bracketed_notes(text: Text, start: int, end: int) -> list[dict]:
    f = text.fold
    out = []
    i = start
    rx = _rx()
    while True:
        m = rx["marker"].search(f, i, end)
        if not m:
            break
        # the opening bracket before the marker on the same line, nearest first
        line_start = f.rfind("\n", start, m.start()) + 1
        o = m.start() - 1
        depth = 0
        open_at = None
        while o >= max(line_start, start):
            c = f[o]
            if c in ")〕】]":
                depth += 1
            elif c in OPEN:
                if depth == 0:
                    open_at = o
                    break
                depth -= 1
            o -= 1
        if open_at is None:
            i = m.end()
            continue
        line_end = f.find("\n", m.end())
        line_end = end if line_end < 0 or line_end > end else line_end
        close = _close_of(f, open_at, line_end)
        inner = f[open_at + 1: close if close is not None else line_end]
        if not _is_note(inner):
            i = m.end()
            continue
        if close is None:
            stop = line_end
            while stop > open_at and f[stop - 1] in " 。;；":
                stop -= 1
            out.append({"span": [open_at, stop], "inner": [open_at + 1, stop], "closed": False})
            i = line_end
        else:
            out.append({"span": [open_at, close + 1], "inner": [open_at + 1, close], "closed": True})
            i = close + 1
    return out


def _is_note(inner: str) -> bool:
    rx = _rx()
    if rx["labelled"].search(inner):
        return True
    parts = [p.strip() for p in re.split(r"[,，;；]", inner) if p.strip()]
    if not parts:
        return False
    # every note part must name units (or be a time limit); at least one has a verb
    has_verb = False
    for p in parts:
        if rx["lead_verb"].match(p) or rx["resp_verb"].match(p):
            u = (rx["lead_verb"].match(p) or rx["resp_verb"].match(p)).group("u")
            if len(u) > 60 or "。" in u or not _looks_like_units(u):
                return False
            has_verb = True
    return has_verb


def _looks_like_units(s: str) -> bool:
    rx = _rx()
    units = split_units(s)
    return bool(units) and all(rx["unit_end"].search(u) or rx["unit_start"].search(u) for u in units)


def parse_note(raw_inner: str, fold_inner: str) -> tuple[list[str], list[str], list[str]]:
    """(lead units, responsible units, other parts such as time limits), as written."""
    rx = _rx()
    v = vocab()
    lead: list[str] = []
    resp: list[str] = []
    other: list[str] = []
    labelled = list(rx["labelled"].finditer(fold_inner))
    if labelled:
        for k, m in enumerate(labelled):
            seg_end = labelled[k + 1].start() if k + 1 < len(labelled) else len(fold_inner)
            seg_raw = raw_inner[m.end():seg_end].strip().rstrip(";；,，。 ")
            if m.group("label") in v["time_labels"]:  # 完成时限：上半年 is a time limit, not a unit
                other.append(seg_raw)
                continue
            units, rest = _units_and_rest(seg_raw)
            (lead if m.group("label") in v["lead_labels"] else resp).extend(units)
            other.extend(rest)
        return lead, resp, other
    for p_raw, p_fold in _split_parts(raw_inner, fold_inner):
        lm, rm = rx["lead_verb"].match(p_fold), rx["resp_verb"].match(p_fold)
        if lm:
            lead.extend(split_units(p_raw[: lm.end("u")]))
        elif rm:
            resp.extend(split_units(p_raw[: rm.end("u")]))
        else:
            other.append(p_raw)
    return lead, resp, other


def _split_parts(raw: str, fold: str) -> list[tuple[str, str]]:
    out, last = [], 0
    depth = 0
    for i, c in enumerate(fold):
        if c in OPEN:
            depth += 1
        elif c in ")〕】]":
            depth -= 1
        elif c in ",，;；" and depth <= 0:
            out.append((raw[last:i].strip(), fold[last:i].strip()))
            last = i + 1
    out.append((raw[last:].strip(), fold[last:].strip()))
    return [p for p in out if p[0]]


def _units_and_rest(seg: str) -> tuple[list[str], list[str]]:
    """A labelled segment may end with a time limit after a comma: split it off."""
    rx = _rx()
    units, rest = [], []
    for p_raw, _ in _split_parts(seg, seg):
        if rx["not_unit"].search(p_raw):
            rest.append(p_raw)
        else:
            units.extend(split_units(p_raw))
    return units, rest


def split_units(s: str) -> list[str]:
    """Split a unit list at 、 , ， ; outside brackets, and at 和/及/与 between two whole units."""
    return list(_split_units(s))


@lru_cache(maxsize=16384)
def _split_units(s: str) -> tuple[str, ...]:
    rx = _rx()
    s = s.strip()
    for suf in rx["strip"]:
        if fold(s).endswith(suf):  # vocabulary is Simplified: compare on the folded form
            s = s[: -len(suf)].strip()
    parts, depth, last = [], 0, 0
    for i, c in enumerate(s):
        if c in "(（〔【[":
            depth += 1
        elif c in ")）〕】]":
            depth -= 1
        elif c in "、,，;；" and depth <= 0:
            parts.append(s[last:i])
            last = i + 1
    parts.append(s[last:])
    out: list[str] = []
    for p in parts:
        p = p.strip().strip("。 ")
        for suf in rx["strip"]:
            if len(p) > len(suf) and fold(p).endswith(suf):
                p = p[: -len(suf)].strip()
        for head in rx["strip_head"]:  # 由县卫计局牵头: 由 is not part of the unit
            if len(p) > len(head) + 1 and fold(p).startswith(head):
                p = p[len(head):].strip()
        if not p:
            continue
        out.extend(_split_conj(p))
    return tuple(out)


def _split_conj(p: str) -> list[str]:
    rx = _rx()
    f = fold(p)  # the vocabulary is Simplified; cut the text as written at the same offsets
    for m in re.finditer(r"[和及与]", f):
        left, right = f[: m.start()], f[m.end():]
        if len(left) >= 2 and len(right) >= 2 and rx["unit_end"].search(left) and \
                (rx["unit_start"].search(right) or rx["unit_end"].search(right)) and not _inside_brackets(f, m.start()):
            return [p[: m.start()].strip()] + _split_conj(p[m.end():].strip())
    return [p]


def _inside_brackets(s: str, i: int) -> bool:
    depth = 0
    for c in s[:i]:
        if c in "(（〔【[":
            depth += 1
        elif c in ")）〕】]":
            depth -= 1
    return depth > 0


def build_tasks(text: Text, doc_id: str, sections: list[dict], id_prefix: str,
                region: tuple[int, int]) -> tuple[list[dict], list[dict]]:
    """One task per section whose own text carries a responsibility note."""
    warnings: list[dict] = []
    tasks: list[dict] = []
    notes = find_notes(text, region[0], region[1])
    if not notes:
        return tasks, warnings
    # the innermost section holding each note
    by_section: dict[str, list[dict]] = {}
    order: list[str] = []
    secs = sorted(sections, key=lambda s: s["span"][0])
    starts = [s["span"][0] for s in secs]
    for n in notes:
        owner = None
        i = bisect.bisect_right(starts, n["span"][0]) - 1
        while i >= 0:  # the latest-starting section that holds the note is the innermost
            if secs[i]["span"][0] <= n["span"][0] < secs[i]["span"][1]:
                owner = secs[i]
                break
            i -= 1
        key = owner["id"] if owner else f"orphan{n['span'][0]}"
        if key not in by_section:
            by_section[key] = []
            order.append(key)
        by_section[key].append(n)
        if not n["closed"]:
            warnings.append(warning(STAGE, "unclosed_bracket",
                                    "responsibility note has no closing bracket; read to the end of its line",
                                    n["span"], doc_id))
    sec_by_id = {s["id"]: s for s in sections}
    for key in order:
        ns = by_section[key]
        sec = sec_by_id.get(key)
        lead: list[str] = []
        resp: list[str] = []
        other: list[str] = []
        for n in ns:
            a, b = n["inner"]
            l_, r_, o_ = parse_note(text.raw[a:b], text.fold[a:b])
            lead += [u for u in l_ if u not in lead]
            resp += [u for u in r_ if u not in resp]
            other += o_
        if sec is not None:
            s0, s1 = sec["span"]
            label = sec["label"]
            body_start = s0 + text.raw[s0:s1].find(label) + len(label) if label else s0
        else:
            s0 = text.raw.rfind("\n", region[0], ns[0]["span"][0]) + 1
            s1 = ns[-1]["span"][1]
            label = None
            body_start = s0
        pieces, pos = [], body_start
        for n in ns:
            pieces.append(text.raw[pos:n["span"][0]])
            pos = n["span"][1]
        pieces.append(text.raw[pos:s1])
        body = "".join(pieces).strip()
        if not lead and not resp:
            warnings.append(warning(STAGE, "note_without_units",
                                    "responsibility note names no unit that could be read", ns[0]["span"], doc_id))
        tasks.append({
            "id": f"{id_prefix}t{len(tasks) + 1:04d}",
            "document_id": doc_id,
            "section_id": sec["id"] if sec else None,
            "label": label,
            "text": body,
            "lead_units": lead,
            "responsible_units": resp,
            "deadlines": [],
            "note": [text.raw[n["span"][0]:n["span"][1]] for n in ns],
            "note_spans": [n["span"] for n in ns],
            "span": [s0, s1],
        })
    return tasks, warnings
