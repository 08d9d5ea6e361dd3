"""The normalized text every stage reads, and its same-length folded twin for matching.

``Text.raw`` is the coordinate system: every ``span`` in the output indexes it, and every
value we output is sliced from it, so values keep the source's characters as written.
``Text.fold`` has exactly the same length; each character is mapped one-to-one to a
canonical form (full-width ASCII to half-width, ideographic space to space, Traditional
characters to Simplified) so that one set of patterns serves every variant. Patterns run
on ``fold``; what they find is read back from ``raw`` at the same offsets.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# Characters that only align text: folded to one ASCII space each, never removed.
SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
# Characters dropped entirely by normalize (zero-width and BOM).
DROP_CHARS = "\ufeff\u200b\u200c\u200d\u2060"

# One-to-one folds beyond full-width ASCII: dashes, brackets and dots that gazettes mix.
EXTRA_FOLD = {
    "〔": "〔", "［": "[", "］": "]", "【": "【", "】": "】",
    "﹝": "〔", "﹞": "〕", "〘": "〔", "〙": "〕",
    "．": ".", "｡": "。", "﹐": ",", "﹔": ";", "﹕": ":", "﹙": "(", "﹚": ")",
    "\u2014": "—", "\u2015": "—", "\u2500": "—", "\uff0d": "-", "\u2010": "-", "\u2011": "-",
    "\u2012": "-", "\u2013": "-", "\u2212": "-", "～": "~", "〜": "~",
}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    for ch in SPACE_CHARS:
        table[ord(ch)] = " "
    for a, b in EXTRA_FOLD.items():
        table[ord(a)] = b
    data = resources.files("pipeline.data").joinpath("trad2simp.txt").read_text("utf-8")
    for line in data.splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            if len(pair) == 2:
                table[ord(pair[0])] = pair[1]
    # keep the full-width brackets distinguishable from nothing: fold them to ASCII
    return table


@lru_cache(maxsize=1)
def _fold_sub():
    """One character class of everything the fold maps: re.sub visits only those characters,
    which is many times faster than str.translate with a large table."""
    table = {chr(k): v for k, v in _fold_table().items()}
    rx = re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]")
    return rx, table


def fold(s: str) -> str:
    """Same-length canonical form of ``s`` for matching (never for output)."""
    rx, table = _fold_sub()
    return rx.sub(lambda m: table[m.group()], s)


@dataclass(slots=True)
class Line:
    """One non-empty line of the normalized text."""

    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    raw: str  # raw[start:end]
    fold: str  # fold[start:end]
    blanks_before: int  # empty lines between this line and the previous non-empty one
    index: int = 0  # position among non-empty lines


@dataclass
class Text:
    raw: str
    fold: str = ""
    lines: list[Line] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.fold:
            self.fold = fold(self.raw)
        if not self.lines:
            self.lines = split_lines(self.raw, self.fold)
        self._line_starts = [ln.start for ln in self.lines]

    def slice(self, start: int, end: int) -> str:
        return self.raw[start:end]

    def line_at(self, offset: int) -> int:
        """Index of the non-empty line that holds ``offset`` (or the last one before it)."""
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def view(self, keep) -> "Text":
        """The same text with only the lines for which ``keep(line)`` is true (e.g. without page
        furniture): offsets are unchanged, so spans found in the view index the same raw text."""
        return Text(self.raw, self.fold, [ln for ln in self.lines if keep(ln)])

    def lines_between(self, start: int, end: int) -> list[Line]:
        i = bisect.bisect_left(self._line_starts, start)
        j = bisect.bisect_left(self._line_starts, end)
        return self.lines[i:j]


def split_lines(raw: str, folded: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    blanks = 0
    n = len(raw)
    while pos <= n:
        nl = raw.find("\n", pos)
        if nl < 0:
            nl = n
        seg = folded[pos:nl]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            s, e = pos + lead, nl - trail
            lines.append(Line(s, e, raw[s:e], folded[s:e], blanks, len(lines)))
            blanks = 0
        elif pos < n or nl < n:
            blanks += 1
        pos = nl + 1
    return lines
