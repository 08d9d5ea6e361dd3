"""Stage 2: the issue header (主办单位, 公报年份, 总号, 期号, 发布时间) before the first document.

Gazettes write it in several shapes, all read here:
  • 主办单位:咸宁市人民政府 / 公报年份:2022 / 总号:66 / 期号:第1号 / 发布时间:2022-04-18 09:04:01
  贵州省人民政府公报 2019年第8期 / 总第597期 / 贵州省人民政府办公厅主办　2019年4月30日出版
  临泽县人民政府公报 / 2013年第3期(总第27期) / 临泽县人民政府办公室编印　2013年6月28日
  厦门市人民政府公报（2017年第11期） / 总第347期
"""
from __future__ import annotations

import re

from .numerals import NumeralError, cn_to_int
from .text import Text

STAGE = "header"

HEADER_KEYS = ("主办单位", "主办", "编印单位", "公报年份", "年份", "总号", "总期号", "期号", "期数", "发布时间", "发布日期",
               "出版日期")
# keys may be padded inside with spaces (期　　号：, 总 期 号：)
KV_RE = re.compile(r"^[•·\-*\s]*(?P<k>" + "|".join(r"\s*".join(k) for k in HEADER_KEYS) + r")\s*[:：]\s*(?P<v>.+)$")
TITLE_RE = re.compile(r"公报|政报")
ISSUE_NO_RE = re.compile(
    r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:第\s*(?P<n>[\d一二三四五六七八九十〇零]+)\s*[期号])")
TOTAL_RE = re.compile(r"总\s*(?:第|号|期号|期)?\s*[:：]?\s*(?P<t>\d+|[一二三四五六七八九十百千〇零]+)\s*[期号]?")
PUBLISHER_RE = re.compile(r"^(?P<p>[\u4e00-\u9fff()]{4,40}?)\s*(?:主办|编印|编辑|编)(?:\s|$)")
ISSUE_ONLY_RE = re.compile(r"^第(?P<n>[\d一二三四五六七八九十〇零]+)[期号]")
ORG_DATE_RE = re.compile(r"^(?P<p>[\u4e00-\u9fff()]{4,40}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室))\s+\d{4}\s*年")
DATE_RE = re.compile(r"(?P<y>\d{4})\s*[年\-./]\s*(?P<m>\d{1,2})\s*[月\-./]\s*(?P<d>\d{1,2})\s*日?(?:\s*(?P<t>\d{1,2}:\d{2}(?::\d{2})?))?")


def _int(s: str | None) -> int | None:
    if not s:
        return None
    s = re.sub(r"[^\d一二三四五六七八九十〇零百]", "", s)
    try:
        return cn_to_int(s)
    except (NumeralError, ValueError):
        return None


def _iso(m: re.Match) -> str:
    out = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    if m.group("t"):
        t = m.group("t")
        out += "T" + (t if t.count(":") == 2 else t + ":00")
    return out


def parse_header(text: Text, end: int) -> tuple[dict | None, list[dict]]:
    """Read the issue header from the text before ``end`` (the first document's start)."""
    lines = [ln for ln in text.lines_between(0, end)][:20]
    if not lines:
        return None, []
    issue: dict = {"title": None, "publisher": None, "year": None, "number": None, "total_number": None,
                   "published_at": None}
    spans: list[tuple[int, int]] = []
    title_idx = None
    for i, ln in enumerate(lines):
        f = ln.fold
        m = KV_RE.match(f)
        if m:
            k, v = re.sub(r"\s+", "", m.group("k")), ln.raw[m.start("v"):].strip()
            vf = m.group("v").strip()
            if k in ("主办单位", "主办", "编印单位"):
                issue["publisher"] = v
            elif k in ("公报年份", "年份"):
                issue["year"] = _int(vf)
            elif k in ("总号", "总期号"):
                issue["total_number"] = _int(vf)
            elif k in ("期号", "期数"):
                im = ISSUE_NO_RE.search(vf)  # 2023年第9期 holds the year too
                if im:
                    issue["year"] = issue["year"] or _int(im.group("y"))
                issue["number"] = _int(im.group("n")) if im else _int(vf)
            else:
                dm = DATE_RE.search(vf)
                issue["published_at"] = _iso(dm) if dm else v
            spans.append((ln.start, ln.end))
            continue
        if title_idx is None and TITLE_RE.search(f.replace(" ", "")) and len(f) <= 60 and "关于" not in f:
            title_idx = i
            title = ln.raw.strip()
            if re.fullmatch(r"(?:[\u4e00-\u9fff] +)+[\u4e00-\u9fff]", f.strip()):  # 晋 城 市 … 公 报
                title = re.sub(r"\s+", "", title)
            spans.append((ln.start, ln.end))
            im = ISSUE_NO_RE.search(f)
            # the issue number may stand on one of the next lines (after an English subtitle)
            for j in range(i + 1, min(i + 4, len(lines))):
                if im:
                    break
                nxt = lines[j]
                nm = ISSUE_NO_RE.search(nxt.fold)
                if nm and len(nxt.fold) <= 30:
                    title += nxt.raw[nm.start(): nm.end()]
                    im = nm
                    _read_rest(nxt.fold[nm.end():], issue)
                    spans += [(lines[x].start, lines[x].end) for x in range(i + 1, j + 1)]
                elif not re.fullmatch(r"[A-Za-z0-9 ,.'’&()\-]+", nxt.fold):
                    break
            if im:
                issue["year"] = issue["year"] or _int(im.group("y"))
                issue["number"] = issue["number"] or _int(im.group("n"))
                _read_rest(f[im.end():], issue)
            issue["title"] = title
            continue
        if title_idx is not None or spans:
            nm = ISSUE_ONLY_RE.match(f.replace(" ", ""))  # 第6期（总第118期）: a number without its year
            if nm and issue["number"] is None:
                issue["number"] = _int(nm.group("n"))
                _read_rest(f[nm.end():], issue)
                spans.append((ln.start, ln.end))
                continue
            if re.fullmatch(r"[(（][\u4e00-\u9fff]{1,4}[)）]", f.strip()):  # （月刊）
                spans.append((ln.start, ln.end))
                continue
            tm = TOTAL_RE.search(f)
            if tm and len(f) <= 20:
                issue["total_number"] = issue["total_number"] or _int(tm.group("t"))
                spans.append((ln.start, ln.end))
                continue
            dm = DATE_RE.fullmatch(f.strip())
            if dm and spans and ln.start - spans[-1][1] < 8:  # a date line of its own under the masthead
                issue["published_at"] = issue["published_at"] or _iso(dm)
                spans.append((ln.start, ln.end))
                continue
            pm = PUBLISHER_RE.match(f) or ORG_DATE_RE.match(f)
            if pm and len(f) <= 60:
                issue["publisher"] = issue["publisher"] or ln.raw[pm.start("p"):pm.end("p")]
                dm = DATE_RE.search(f)
                if dm:
                    issue["published_at"] = issue["published_at"] or _iso(dm)
                spans.append((ln.start, ln.end))
    if issue["title"] is None and not any(v for k, v in issue.items() if k != "title"):
        return None, []
    if issue["title"] is None:
        return None, []
    if issue["year"] is None and issue["published_at"]:  # the year of a number written without one
        issue["year"] = int(issue["published_at"][:4])
    issue["span"] = [min(s for s, _ in spans), max(e for _, e in spans)]
    return issue, []


def _read_rest(f: str, issue: dict) -> None:
    tm = TOTAL_RE.search(f)
    if tm:
        issue["total_number"] = issue["total_number"] or _int(tm.group("t"))
