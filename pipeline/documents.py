"""Stage 3: split an issue into official documents and read each one's GB/T 9704 elements.

A document starts at its title (one to four short lines, ending in a 文种 such as 通知) that
is followed by its 发文字号 line (咸政办发〔2022〕1号, repaired when the scraper broke it),
or, when there is no number, by a 主送机关 line ending in a colon. Inside it we read the
recipients, the signature block (署名 line, 成文日期 line, 附注 such as 此件公开发布) and the
enclosure the notice issues (印发) or attaches (附件), which belongs to the same document.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .model import warning
from .numerals import DIGITS, cn_to_int, NumeralError
from .text import Line, Text

STAGE = "documents"


@lru_cache(maxsize=1)
def vocab() -> dict:
    return json.loads(resources.files("pipeline.data").joinpath("documents.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> dict:
    v = vocab()
    types = sorted(v["doc_types"], key=len, reverse=True)
    suffixes = sorted(v["org_suffixes"], key=len, reverse=True)
    return {
        "doc_type_end": re.compile("(" + "|".join(map(re.escape, types)) + r")$"),
        "org_line": re.compile(r"^[\u4e00-\u9fff()、 ]{2,40}(" + "|".join(map(re.escape, suffixes)) + r")$"),
        "org_end": re.compile("(" + "|".join(map(re.escape, suffixes)) + r")$"),
        "noise": re.compile("|".join(f"(?:{p})" for p in v["noise_lines"])),
        "noise_end": re.compile("|".join(f"(?:{p})" for p in v["noise_line_endings"])),
        "disclosure": re.compile(v["disclosure"]),
        "suffix_note": re.compile(r"\s*[(（](?:" + "|".join(map(re.escape, v["title_suffix_notes"])) + r")[)）]$"),
    }


# 发文字号: agency code, year in 〔〕 / [] / () / 【】, serial, 号. Matched on folded text.
DOCNUM_RE = re.compile(
    r"^(?P<code>[\u4e00-\u9fff]{1,14}?)\s*[〔\[(【]\s*(?P<year>\d{4})\s*[〕\])】]\s*(?P<serial>\d{1,5})\s*号$")
# A number the scraper broke: the closing bracket and 号 lost, year and serial run together.
BROKEN_DOCNUM_RE = re.compile(
    r"^(?P<code>[\u4e00-\u9fff]{1,14}?)\s*(?:[〔\[(【]\s*(?P<digits>\d{4,9})\s*[〕\])】]?\s*号?"
    r"|(?P<y2>(?:19|20)\d{2})\s*[〕\])】]\s*(?P<s2>\d{1,5})\s*号)$")
DOCNUM_INLINE_RE = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,14}?)\s*[〔\[(【]\s*(?P<year>\d{4})\s*[〕\])】]\s*(?P<serial>\d{1,5})\s*号")

TITLE_NUMBER_LINE_RE = re.compile(
    r"^(?P<title>.{4,80}?)\s*[(]?(?P<num>[\u4e00-\u9fff]{1,14}?\s*[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,5}\s*号)[)]?$")
ORDER_RE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:人民政府|政府|委员会|部|局|总局|署|办公厅|银行|行政公署)(?:令|公告|通告)$")
ORDER_NO_RE = re.compile(r"^[(]?(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<serial>\d{1,5}|[一二三四五六七八九十百零〇]+)\s*号[)]?$")
SIGNER_RE = re.compile(r"^(?P<role>代?[\u4e00-\u9fff]{0,3}(?:长|主任|主席))\s+(?P<name>[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3})$")

CN_DIGIT = "".join(DIGITS) + "十"
DATE_LINE_RE = re.compile(
    rf"^(?P<y>\d{{4}}|[{CN_DIGIT}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_DIGIT}]{{1,2}})\s*月\s*(?P<d>\d{{1,2}}|[{CN_DIGIT}]{{1,3}})\s*[日号]$")
ISO_DATE_LINE_RE = re.compile(r"^(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})$")
BROKEN_DATE_LINE_RE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<rest>\d{2,4})$")

TITLE_MAX = 60  # a title line is short
SENTENCE_END = "。；;!?！？"


@dataclass
class DocSpan:
    """Where one document's elements sit, as line indices and offsets."""

    title_lines: list[Line]
    number_line: Line | None
    start_line: int  # index of the first title line
    end_line: int = 0  # index after the last line of the document
    record: dict = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    signed_span: tuple[int, int] | None = None
    body_start: int | None = None


@lru_cache(maxsize=65536)
def is_noise(fold_line: str) -> bool:
    p = _patterns()
    return p["noise"].match(fold_line) is not None or p["noise_end"].search(fold_line[-24:]) is not None


def is_disclosure(fold_line: str) -> bool:
    return bool(_patterns()["disclosure"].match(fold_line))


def doc_type_of(title: str) -> str | None:
    """文种 from the end of a (folded) title: …的通知 -> 通知; …办法（试行） -> 办法."""
    m = _doc_type_match(title)
    if not m:
        return None
    t = m.group(1)
    return vocab()["doc_type_canonical"].get(t, t)


def _doc_type_match(title: str):
    t = _patterns()["suffix_note"].sub("", title.rstrip("。 "))
    return _patterns()["doc_type_end"].search(t)


def doc_type_as_written(title_raw: str, title_fold: str) -> str | None:
    """The 文种 in the source's own characters (意見 stays 意見); 复函 and the like canonical."""
    m = _doc_type_match(title_fold)
    if not m:
        return None
    canon = vocab()["doc_type_canonical"].get(m.group(1)) or m.group(1)
    if len(title_raw) != len(title_fold) or not m.group(1).endswith(canon):
        return canon
    return title_raw[m.end(1) - len(canon): m.end(1)]  # 实施意見 -> 意見


def is_org_line(fold_line: str) -> bool:
    f = fold_line.replace(" ", "")
    if re.search(r"(主办|编印|编辑|出版|承办|主管|协办)$", f):  # a gazette's masthead, not an issuer
        return False
    return bool(_patterns()["org_line"].match(f)) and len(fold_line) <= 40


def parse_date_line(fold_line: str) -> str | None:
    """A whole line that is a date (2022年3月22日, 二〇一三年五月二十日, 2022-03-22) -> ISO."""
    s = fold_line.replace(" ", "")
    m = DATE_LINE_RE.match(s) or ISO_DATE_LINE_RE.match(s)
    if not m:
        return None
    try:
        y, mo, d = (cn_to_int(m.group(k)) for k in ("y", "m", "d"))
    except NumeralError:
        return None
    return iso_date(y, mo, d)


def iso_date(y: int, m: int, d: int) -> str | None:
    import datetime as _dt

    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def broken_date_candidates(fold_line: str) -> list[str]:
    """202216 -> ['2022-01-06']; 2019131 -> ['2019-01-31']; all valid readings of the digits."""
    m = BROKEN_DATE_LINE_RE.match(fold_line.replace(" ", ""))
    if not m:
        return []
    y, rest = int(m.group("y")), m.group("rest")
    out = []
    for cut in range(1, len(rest)):
        mo, d = rest[:cut], rest[cut:]
        if len(mo) > 2 or len(d) > 2 or mo.startswith("0") and len(mo) == 1:
            continue
        iso = iso_date(y, int(mo), int(d))
        if iso and iso not in out:
            out.append(iso)
    return out


def parse_doc_number(fold_line: str) -> dict | None:
    m = DOCNUM_RE.match(fold_line.replace(" ", ""))
    if not m:
        return None
    return {"agency_code": m.group("code"), "year": int(m.group("year")), "serial": int(m.group("serial"))}


def looks_like_title_line(ln: Line) -> bool:
    f = ln.fold
    if len(f) > TITLE_MAX or f[-1] in SENTENCE_END or f.endswith((":", "：")):
        return False
    if is_disclosure(f) or parse_date_line(f) or f.startswith("•") or is_noise(f):
        return False
    if re.match(r"^[\u4e00-\u9fff ]{1,8}[:：]", f):  # 标题：… metadata, 组长：… lists
        return False
    if DOCNUM_RE.match(f.replace(" ", "")):
        return False
    return True


def find_documents(text: Text) -> list[DocSpan]:
    """Locate every document: a title block followed by a 文号 line or a recipients line."""
    lines = text.lines
    docs: list[DocSpan] = []
    taken_until = -1
    for i, ln in enumerate(lines):
        if i <= taken_until:
            continue
        f = ln.fold.replace(" ", "")
        number = (DOCNUM_RE.match(f) or (BROKEN_DOCNUM_RE.match(f) if len(f) <= 24 else None)) if len(f) <= 40 else None
        if number:
            title = _title_before(lines, i, lower=taken_until + 1)
            if title:
                docs.append(DocSpan(title_lines=title, number_line=ln, start_line=title[0].index))
                taken_until = i
            continue
        # title and number on one line: 关于…的通知 咸政办发〔2022〕1号
        m = TITLE_NUMBER_LINE_RE.match(ln.fold) if f.endswith(("号", "號", ")")) and len(f) <= 110 else None
        if m and doc_type_of(m.group("title").replace(" ", "")):
            t_line = _sub_line(ln, 0, m.end("title"))
            n_line = _sub_line(ln, m.start("num"), len(ln.fold))
            title = [t_line]
            k = i - 1
            while k > taken_until and k >= i - 2 and looks_like_title_line(lines[k]) and "关于" not in t_line.fold \
                    and not doc_type_of(lines[k].fold):
                title.insert(0, lines[k])
                k -= 1
            docs.append(DocSpan(title_lines=title, number_line=n_line, start_line=title[0].index))
            taken_until = i
            continue
        # a government order: XX人民政府令 / 第5号
        if f.endswith(("令", "公告", "通告")) and ORDER_RE.match(f) and i + 1 < len(lines) \
                and ORDER_NO_RE.match(lines[i + 1].fold.replace(" ", "")):
            docs.append(DocSpan(title_lines=[ln], number_line=lines[i + 1], start_line=i))
            taken_until = i + 1
            continue
        # a title block with 关于 … 文种 followed by a recipients line, and no number
        if "关于" in f and looks_like_title_line(ln):
            block = _title_block_from(lines, i)
            if block is None:
                continue
            last = block[-1].index
            nxt = _next_content(lines, last + 1)
            public = doc_type_of("".join(x.fold for x in block).replace(" ", "")) in vocab()["public_doc_types"]
            if nxt is not None and not _number_follows(lines, last + 1) and (
                    _is_recipients(lines[nxt].fold) or (public and _is_body(lines[nxt].fold))):
                docs.append(DocSpan(title_lines=block, number_line=None, start_line=block[0].index))
                taken_until = last
    for k, d in enumerate(docs):
        d.end_line = docs[k + 1].start_line if k + 1 < len(docs) else len(lines)
    # a table of contents lists titles and numbers with no body between them: not documents
    kept = [d for d in docs if _body_lines(d) >= 2]
    if len(kept) != len(docs) and kept:
        docs = kept
        for k, d in enumerate(docs):
            d.end_line = docs[k + 1].start_line if k + 1 < len(docs) else len(lines)
    return docs


def _body_lines(d: DocSpan) -> int:
    last_head = (d.number_line or d.title_lines[-1]).index
    return d.end_line - last_head - 1


def _sub_line(ln: Line, a: int, b: int) -> Line:
    """Part [a, b) of a line (offsets within the line), trimmed, as a Line of its own."""
    seg = ln.fold[a:b]
    a += len(seg) - len(seg.lstrip())
    b -= len(seg) - len(seg.rstrip())
    return Line(ln.start + a, ln.start + b, ln.raw[a:b], ln.fold[a:b], ln.blanks_before, ln.index)


def _next_content(lines: list[Line], j: int) -> int | None:
    while j < len(lines) and is_noise(lines[j].fold):
        j += 1
    return j if j < len(lines) else None


def _number_follows(lines: list[Line], j: int) -> bool:
    nxt = _next_content(lines, j)
    return nxt is not None and bool(DOCNUM_RE.match(lines[nxt].fold.replace(" ", "")))


def _is_body(f: str) -> bool:
    """A body paragraph: long, or a sentence."""
    return len(f) > 40 or f.rstrip().endswith(("。", ":", "："))


def _is_recipients(f: str) -> bool:
    """主送机关: a short line of organ names ending in a colon (not a lead-in sentence such as
    根据《X》…，现公告如下：)."""
    f = f.strip()
    if not (f.endswith((":", "：")) and 3 <= len(f) <= 200 and "。" not in f):
        return False
    return not re.search(r"《|如下|根据|依据|按照|为了|为进一步|现将|现就|现决定|经研究", f)


def _title_block_from(lines: list[Line], i: int) -> list[Line] | None:
    """Lines i.. (at most 4) that together end in a 文种; None if they don't."""
    block = []
    for j in range(i, min(i + 4, len(lines))):
        if not looks_like_title_line(lines[j]):
            break
        block.append(lines[j])
        if doc_type_of("".join(x.fold for x in block)):
            # extend upward over an issuer line written above 关于 (joint issuers)
            k = i - 1
            while k >= 0 and i - k <= 2 and is_org_line(lines[k].fold) and "关于" not in lines[k].fold:
                block.insert(0, lines[k])
                k -= 1
            return block
    return None


def _title_before(lines: list[Line], i: int, lower: int) -> list[Line] | None:
    """The title block that ends just above the number line i (noise lines skipped)."""
    cands: list[Line] = []
    j = i - 1
    while j >= lower and len(cands) < 5:
        ln = lines[j]
        if is_noise(ln.fold):
            j -= 1
            continue
        if not looks_like_title_line(ln):
            break
        cands.insert(0, ln)
        j -= 1
    if not cands:
        return None
    # the title must end in a 文种
    joined = "".join(c.fold for c in cands)
    if not doc_type_of(joined):
        # a web page may put a meta line (发布日期 …) between title and number: drop trailing non-titles
        while cands and not doc_type_of(cands[-1].fold):
            cands.pop()
        if not cands:
            return None
    # start at the line holding 关于, extended up over issuer lines; else at most 3 lines
    idx = next((k for k, c in enumerate(cands) if "关于" in c.fold), None)
    if idx is not None:
        while idx > 0 and is_org_line(cands[idx - 1].fold):
            idx -= 1
        return cands[idx:]
    return cands[-3:]


# ---------------------------------------------------------------- reading elements

def read_document(text: Text, d: DocSpan, doc_id: str, place: str | None) -> None:
    lines = text.lines
    title = "".join(ln.raw.strip() for ln in d.title_lines)
    title = re.sub(r"\s+", "", title) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", title) is None else title
    title_fold = "".join(ln.fold for ln in d.title_lines).replace(" ", "")
    rec: dict = {
        "id": doc_id,
        "title": title,
        "doc_number": None,
        "doc_number_parts": None,
        "issuer": None,
        "doc_type": doc_type_as_written(re.sub(r"\s+", "", title), title_fold),
        "recipients": [],
        "signed_by": None,
        "date": None,
        "disclosure": None,
        "enclosures": [],
        "span": [lines[d.start_line].start, lines[d.end_line - 1].end],
        "title_span": [d.title_lines[0].start, d.title_lines[-1].end],
    }
    after = d.title_lines[-1].index + 1
    if d.number_line is not None:
        _read_number(text, d, rec, doc_id)
        after = d.number_line.index + 1
        after = _masthead(text, d, rec, after)
    # recipients
    j = _next_content(lines, after)
    body_start_line = after
    public = doc_type_of(title_fold) in ("令", "公告", "通告", "布告")  # addressed to the public, no 主送机关
    if j is not None and j < d.end_line and not public and _is_recipients(lines[j].fold):
        r = lines[j]
        body = r.raw.rstrip().rstrip(":：")
        rec["recipients"] = [p.strip() for p in re.split(r"[,，;；]", body) if p.strip()]
        rec["recipients_span"] = [r.start, r.end]
        body_start_line = j + 1
    d.body_start = lines[body_start_line].start if body_start_line < d.end_line else None
    if not rec.get("masthead"):
        _read_signature(text, d, rec, body_start_line, doc_id)
    rec["issuer"] = _issuer(rec, title_fold, place, re.sub(r"\s+", "", title))
    if d.number_line is not None and ORDER_NO_RE.match(d.number_line.fold.replace(" ", "").strip("()")) \
            and title_fold.endswith("令"):
        _order_title(text, d, rec, body_start_line)
    rec["enclosures"] = _enclosures(text, d, rec, body_start_line)
    d.record = rec


def _order_title(text: Text, d: DocSpan, rec: dict, from_line: int) -> None:
    """A government order (政府令) is known by the rules it promulgates: 《X》已经…通过，现予公布."""
    for k in range(from_line, min(from_line + 3, d.end_line)):
        m = re.search(r"《(?P<t>[^《》]{2,60})》[^。]{0,40}(?:公布|发布|施行)", text.lines[k].fold)
        if m:
            ln = text.lines[k]
            rec["order_title"] = rec["title"]
            rec["title"] = ln.raw[m.start("t"): m.end("t")]
            if rec["title"] not in rec["enclosures"]:
                rec["enclosures"].insert(0, rec["title"])
            return


MASTHEAD_DATE_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff()]{4,30}?)\s{2,}(?P<date>\S{6,16})$")


def _masthead(text: Text, d: DocSpan, rec: dict, after: int) -> int:
    """A 纪要 or 简报 printed under a masthead (X人民政府 / 专题会议纪要 / number / organ and date)
    carries its own title on the next line: 关于…的会议纪要. Returns the line its body starts at."""
    lines = text.lines
    if after + 1 >= d.end_line or not is_org_line(d.title_lines[0].fold):
        return after
    m = MASTHEAD_DATE_RE.match(lines[after].fold)
    if not m or not is_org_line(m.group("org")):
        return after
    from .dates import parse_full_date

    iso = parse_full_date(m.group("date"))
    nxt = lines[after + 1]
    if not iso or not looks_like_title_line(nxt) or "关于" not in nxt.fold or not doc_type_of(nxt.fold):
        return after
    rec["masthead"] = rec["title"]
    rec["title"] = nxt.raw.strip()
    rec["title_span"] = [d.title_lines[0].start, nxt.end]
    rec["doc_type"] = doc_type_as_written(nxt.raw.replace(" ", ""), nxt.fold.replace(" ", ""))
    rec["signed_by"] = re.sub(r"\s+", "", d.title_lines[0].raw)
    rec["date"] = iso
    rec["date_text"] = lines[after].raw[m.start("date"):]
    rec["date_span"] = [lines[after].start + m.start("date"), lines[after].start + m.end("date")]
    d.signed_span = tuple(rec["date_span"])
    return after + 2


def _read_number(text: Text, d: DocSpan, rec: dict, doc_id: str) -> None:
    ln = d.number_line
    f = ln.fold.replace(" ", "").strip("()")
    om = ORDER_NO_RE.match(f)
    if om:  # 政府令 / 部令 / 公告: the order's own number, 第5号 or 2021年第12号
        title = "".join(x.raw.strip() for x in d.title_lines)
        rec["doc_number"] = title + ln.raw.replace(" ", "").strip("()（）")
        rec["doc_number_span"] = [ln.start, ln.end]
        if om.group("year") and om.group("serial").isdigit():
            rec["doc_number_parts"] = {"agency_code": title, "year": int(om.group("year")),
                                       "serial": int(om.group("serial"))}
        return
    m = DOCNUM_RE.match(f)
    if m:
        raw = ln.raw.replace(" ", "")
        code = raw[: len(m.group("code"))]
        hao = raw[-1] if raw[-1] in "号號" else "号"
        std = f"{code}〔{int(m.group('year'))}〕{int(m.group('serial'))}{hao}"  # GB/T 9704: year in 〔〕
        rec["doc_number"] = std
        if std != raw:
            rec["doc_number_as_written"] = raw
        rec["doc_number_parts"] = {"agency_code": m.group("code"), "year": int(m.group("year")),
                                   "serial": int(m.group("serial"))}
        rec["doc_number_span"] = [ln.start, ln.end]
        return
    m = BROKEN_DOCNUM_RE.match(f)
    if not m:
        return
    digits = m.group("digits") or (m.group("y2") + m.group("s2"))
    year, serial = int(digits[:4]), digits[4:]
    rec["doc_number_span"] = [ln.start, ln.end]
    if not serial:
        d.warnings.append(warning(STAGE, "doc_number_unreadable",
                                  f"document number '{ln.raw}' has no serial after the year; left empty",
                                  [ln.start, ln.end], doc_id))
        return
    fixed = f"{m.group('code')}〔{year}〕{int(serial)}号"
    rec["doc_number"] = fixed
    rec["doc_number_parts"] = {"agency_code": m.group("code"), "year": year, "serial": int(serial)}
    rec["doc_number_repaired_from"] = ln.raw
    d.warnings.append(warning(STAGE, "doc_number_repaired",
                              f"document number '{ln.raw}' was broken in the source; read as '{fixed}'",
                              [ln.start, ln.end], doc_id))


def _read_signature(text: Text, d: DocSpan, rec: dict, from_line: int, doc_id: str) -> None:
    """Find the first 署名 + 成文日期 (+ 附注) block in the document."""
    lines = text.lines
    for k in range(from_line, d.end_line):
        ln = lines[k]
        f = ln.fold.replace(" ", "")
        if len(f) > 16:
            continue
        iso = parse_date_line(f)
        broken = [] if iso else broken_date_candidates(f)
        if not iso and not broken:
            continue
        prev = lines[k - 1] if k - 1 >= from_line else None
        nxt = lines[k + 1] if k + 1 < d.end_line else None
        has_org = prev is not None and is_org_line(prev.fold)
        signer = prev is not None and SIGNER_RE.match(prev.fold)
        has_note = nxt is not None and is_disclosure(nxt.fold)
        if not (has_org or has_note or signer):
            continue
        if has_org or signer:
            rec["signed_by"] = re.sub(r"\s+", "", prev.raw)
            rec["signed_by_span"] = [prev.start, prev.end]
            if has_org and k - 2 >= from_line and is_org_line(lines[k - 2].fold):  # joint signature
                rec["signed_by"] = re.sub(r"\s+", "", lines[k - 2].raw) + " " + rec["signed_by"]
                rec["signed_by_span"] = [lines[k - 2].start, prev.end]
            # joint signatures: more org lines above
        rec["date_text"] = ln.raw
        rec["date_span"] = [ln.start, ln.end]
        d.signed_span = (ln.start, ln.end)
        if iso:
            rec["date"] = iso
        elif len(broken) == 1:
            rec["date"] = broken[0]
            rec["date_repaired_from"] = ln.raw
            d.warnings.append(warning(STAGE, "date_repaired",
                                      f"成文日期 '{ln.raw}' lost its separators; the only valid reading is {broken[0]}",
                                      [ln.start, ln.end], doc_id))
        else:
            rec["date_candidates"] = broken
        if has_note:
            rec["disclosure"] = re.sub(r"^[(（【〔]|[)）】〕]$", "", nxt.raw.strip())
            rec["disclosure_span"] = [nxt.start, nxt.end]
        return
    # a 成文日期 standing alone right under the last paragraph of the notice (no 署名 line)
    for k in range(from_line, d.end_line):
        ln = lines[k]
        iso = parse_date_line(ln.fold) if len(ln.fold) <= 16 else None
        if iso and k > from_line and lines[k - 1].fold.rstrip().endswith(("。", ".")):
            rec["date_text"] = ln.raw
            rec["date_span"] = [ln.start, ln.end]
            rec["date"] = iso
            d.signed_span = (ln.start, ln.end)
            return
        if outline_heading(ln):
            break  # the notice's body is over: headings belong to its enclosure
    # a disclosure line without a date block
    for k in range(from_line, d.end_line):
        if is_disclosure(lines[k].fold) and len(lines[k].fold) <= 16:
            rec["disclosure"] = re.sub(r"^[(（【〔]|[)）】〕]$", "", lines[k].raw.strip())
            rec["disclosure_span"] = [lines[k].start, lines[k].end]
            prev = lines[k - 1]
            if is_org_line(prev.fold):
                rec["signed_by"] = re.sub(r"\s+", "", prev.raw)
                rec["signed_by_span"] = [prev.start, prev.end]
            return


def _is_person_signer(signed: str) -> bool:
    """市长张三: an order is signed by a person, not an organ."""
    return bool(re.match(r"^代?[\u4e00-\u9fff]{0,3}(?:长|主任|主席)[\u4e00-\u9fff]{2,4}$", signed)) \
        and not _patterns()["org_end"].search(signed)


def outline_heading(ln: Line) -> bool:
    """A 第X章 / 第X条 line: the body of a notice never holds one, its enclosure does."""
    return bool(re.match(r"^第\s*[一二三四五六七八九十百零〇\d]+\s*[章条编]", ln.fold))


def _issuer(rec: dict, title_fold: str, place: str | None, title_raw: str = "") -> str | None:
    """发文机关: the signing organ(s); for an order the government that issues it; else from the title."""
    signed = rec.get("signed_by")
    om = ORDER_RE.match(title_fold)
    if om:  # an order or announcement names its organ in full; its signature may be a short name
        organ = re.sub(r"(令|公告|通告)$", "", title_fold)
        return title_raw[: len(organ)] if len(title_raw) == len(title_fold) else organ
    if signed and not _is_person_signer(signed):
        return signed
    return _issuer_from_title(title_fold, place) or signed


def _issuer_from_title(title_fold: str, place: str | None) -> str | None:
    head = title_fold.split("关于", 1)[0] if "关于" in title_fold else ""
    if not head or not _patterns()["org_end"].search(head):
        return None
    if place and head[0] in "市省县区州" and not head.startswith(place):
        return place + head[1:] if head[0] == place[-1] else place + head
    return head


ENCLOSURE_RE = re.compile(r"(?:现将|特将|将)?《(?P<t>[^《》]{2,80})》(?:[^。《》]{0,12}?)(?:印发|转发|批转|发布|颁布)")
ATTACHMENT_RE = re.compile(r"^附件\s*(?P<n>\d{0,2})\s*[:：.、]?\s*(?P<t>.*)$")


def _enclosures(text: Text, d: DocSpan, rec: dict, from_line: int) -> list[str]:
    lines = text.lines
    out: list[str] = []
    # what the notice issues: 现将《X》印发给你们 in its first paragraphs
    for k in range(from_line, min(from_line + 3, d.end_line)):
        f = lines[k].fold
        for m in ENCLOSURE_RE.finditer(f):
            t = text.raw[lines[k].start + m.start("t"): lines[k].start + m.end("t")]
            if t not in out:
                out.append(t)
    # the title the notice issues, as a verb in the title: 关于印发X的通知
    m = re.search(r"关于(?:印发|转发|批转|发布|颁布)(?P<t>.+?)的(?:通知|决定|函)$", "".join(x.fold for x in d.title_lines).replace(" ", ""))
    if m and not out:
        out.append(m.group("t").strip("《》"))
    # attachments listed as 附件: X / 附件1: X in the notice part
    for k in range(from_line, d.end_line):
        f = lines[k].fold
        am = ATTACHMENT_RE.match(f)
        if am and am.group("t") and len(am.group("t")) <= 60 and not am.group("t").endswith("。"):
            t = text.raw[lines[k].start + am.start("t"): lines[k].end].strip()
            t = re.sub(r"^\d+\s*[.、]\s*", "", t)
            if t and t not in out:
                out.append(t)
    return out


def parse_documents(text: Text, place: str | None = None, docs: list[DocSpan] | None = None
                    ) -> tuple[list[DocSpan], list[dict]]:
    """Find (unless ``docs`` are given) and read every document."""
    docs = find_documents(text) if docs is None else docs
    warnings: list[dict] = []
    for k, d in enumerate(docs):
        read_document(text, d, f"d{k + 1:03d}", place)
    _settle_dates(docs)
    for d in docs:
        warnings.extend(d.warnings)
    return docs, warnings


def _settle_dates(docs: list[DocSpan]) -> None:
    """A broken 成文日期 with several readings: keep the one its number's neighbours allow."""
    for d in docs:
        rec = d.record
        cands = rec.pop("date_candidates", None)
        if not cands:
            continue
        parts = rec.get("doc_number_parts") or {}
        lo, hi = None, None
        for o in docs:
            op = o.record.get("doc_number_parts") or {}
            if o is d or not o.record.get("date") or op.get("agency_code") != parts.get("agency_code") \
                    or op.get("year") != parts.get("year"):
                continue
            if op.get("serial", 0) < parts.get("serial", 0):
                lo = max(lo or o.record["date"], o.record["date"])
            elif op.get("serial", 0) > parts.get("serial", 0):
                hi = min(hi or o.record["date"], o.record["date"])
        fit = [c for c in cands if (lo is None or c >= lo) and (hi is None or c <= hi)]
        span = rec.get("date_span")
        if len(fit) == 1 and (lo or hi):
            rec["date"] = fit[0]
            rec["date_repaired_from"] = rec.get("date_text")
            d.warnings.append(warning(STAGE, "date_repaired",
                                      f"成文日期 '{rec.get('date_text')}' lost its separators; of {cands} only {fit[0]} "
                                      f"fits between the neighbouring documents' dates", span, rec["id"]))
        else:
            d.warnings.append(warning(STAGE, "date_unreadable",
                                      f"成文日期 '{rec.get('date_text')}' lost its separators and could be any of {cands}; "
                                      f"left empty", span, rec["id"]))
