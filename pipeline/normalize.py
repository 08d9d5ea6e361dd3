"""Stage 1: bytes to the normalized text that is every span's coordinate system.

Decoding: UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 and Big5 through
charset-normalizer. Normalizing: CRLF and CR become LF, zero-width characters and BOMs are
dropped, alignment spaces (U+2002, U+3000, NBSP, tabs …) become one ASCII space each, so
nothing moves relative to its neighbours. Nothing else changes: values keep their
characters as written (full-width digits, Traditional characters).
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field

from .text import DROP_CHARS, SPACE_CHARS, Text


class InputError(Exception):
    """The input cannot be parsed at all (empty, binary, undecodable)."""


@dataclass
class Source:
    path: str
    sha256: str
    encoding: str
    chars: int
    warnings: list[dict] = field(default_factory=list)


_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f]")
CHINESE_ENCODINGS = ("gb18030", "big5", "utf_8", "utf_16")
_SPACE_RE = re.compile("[" + re.escape(SPACE_CHARS) + "]")
_DROP_RE = re.compile("[" + re.escape(DROP_CHARS) + "]")


def decode(data: bytes) -> tuple[str, str, list[dict]]:
    """Decode raw bytes; returns (text, encoding name, warnings). Raises InputError."""
    warnings: list[dict] = []
    if not data or not data.strip():
        raise InputError("the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[3:], "utf-8-sig", warnings)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16", _replacement_warnings(data.decode("utf-16", errors="replace"), warnings)
    if b"\x00" in data[:4096]:
        raise InputError("the file is binary, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes stays UTF-8 (each damaged run is warned), rather than
    # being re-read whole in another encoding as mojibake
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(2, len(lossy) // 200) and _looks_chinese(lossy):
        return lossy, "utf-8", _replacement_warnings(lossy, warnings)
    # GB18030 and Big5 byte strings often decode without error as each other: let the
    # detector choose among the encodings Chinese gazettes use, then check the choice.
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    except Exception:  # pragma: no cover - defensive: the detector must never crash a parse
        best = None
    if best is not None and best.encoding:
        text = str(best)
        if _looks_chinese(text):
            return text, best.encoding, warnings
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, enc, warnings
    # last resort: UTF-8 with replacement characters, each run reported
    return _decode_utf8(data, "utf-8", warnings)


def _decode_utf8(data: bytes, name: str, warnings: list[dict]) -> tuple[str, str, list[dict]]:
    text = data.decode("utf-8", errors="replace")
    return text, name, _replacement_warnings(text, warnings)


def _replacement_warnings(text: str, warnings: list[dict]) -> list[dict]:
    i = text.find("\ufffd")
    while i >= 0:
        j = i
        while j < len(text) and text[j] == "\ufffd":
            j += 1
        warnings.append({"stage": "normalize", "code": "undecodable_bytes",
                         "message": f"{j - i} character(s) could not be decoded and were replaced with U+FFFD",
                         "span": [i, j], "raw_offset": True})
        i = text.find("\ufffd", j)
    return warnings


def _looks_chinese(text: str) -> bool:
    sample = text[:4000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return cjk >= max(1, len(sample.strip()) // 10)


def normalize_text(text: str) -> str:
    """Unify line endings, drop zero-width characters, fold alignment spaces one-for-one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _SPACE_RE.sub(" ", _DROP_RE.sub("", text))


def load(data: bytes, path: str = "<bytes>") -> tuple[Text, Source]:
    """Bytes to (Text, Source). Raises InputError for input that is not text at all."""
    decoded, encoding, warnings = decode(data)
    norm = normalize_text(decoded)
    for w in warnings:  # positions were found in the decoded text; re-find them in the normalized one
        w.pop("raw_offset", None)
    if warnings:
        warnings = _replacement_warnings(norm, [])
        for w in warnings:
            w.pop("raw_offset", None)
    if not norm.strip():
        raise InputError("the file holds no text")
    if _control_share(norm) > 0.05:
        raise InputError("the file is binary, not text (too many control characters)")
    src = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
                 chars=len(norm), warnings=warnings)
    return Text(norm), src


def _control_share(s: str) -> float:
    sample = s[:20000]
    bad = len(_CONTROL_RE.findall(sample)) + sample.count("\ufffd") // 4
    return bad / max(1, len(sample))
