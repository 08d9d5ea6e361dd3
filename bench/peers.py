"""Our quantity and date extractors against the tools people would otherwise reach for.

Runs, over every non-empty line of an issue (the sample by default):
  ours    pipeline.quantities / pipeline.dates on the line, with the line's document date
  jionlp  jio.ner.extract_money and jio.ner.extract_time(time_base=the document date)
  cn2an   cn2an.transform(line, "cn2an") (what a whole-line conversion does to a text)
and prints, side by side: items found, items found by one and not the other (a sample of
each), and speed. jionlp is a benchmark extra (pip install -e '.[bench]'), never a runtime
dependency.

usage: python bench/peers.py [FILE] [--samples 8]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONEY_UNITS = {"元", "万元", "亿元", "千元", "百元", "千万元", "百万元", "万亿元"}


def lines_with_dates(path: str):
    """(line text, its document's date or None) for every non-empty line."""
    from pipeline.api import parse_file
    from pipeline.normalize import load

    result = parse_file(path, validate=False)
    text, _ = load(Path(path).read_bytes(), path)
    docs = [(d["span"][0], d["span"][1], d.get("date")) for d in result["documents"]]
    out = []
    for ln in text.lines:
        date = next((x for a, b, x in docs if a <= ln.start < b), None)
        out.append((ln.raw, date))
    return out


def ours(lines):
    from pipeline.dates import extract_dates
    from pipeline.model import DocContext
    from pipeline.quantities import extract_quantities
    from pipeline.text import Text

    money, deadlines, other = [], [], []
    t0 = time.perf_counter()
    for i, (line, date) in enumerate(lines):
        text = Text(line)
        ctx = DocContext(date=date, year=int(date[:4]) if date else None)
        qs, _ = extract_quantities(text, 0, len(line), ctx)
        ds, _ = extract_dates(text, 0, len(line), ctx)
        for q in qs:
            (money if q["unit"] in MONEY_UNITS else other).append((i, q["span"], q["text"], q.get("value"), q["unit"]))
        for d in ds:
            if d["kind"] in ("deadline", "target"):
                deadlines.append((i, d["span"], d["text"], d["value"]))
    return money, deadlines, other, time.perf_counter() - t0


def jionlp_run(lines):
    import logging

    import jionlp as jio

    logging.disable(logging.CRITICAL)  # jionlp logs a traceback for every string it cannot parse

    money, times = [], []
    t0 = time.perf_counter()
    for i, (line, date) in enumerate(lines):
        base = time.mktime(dt.date.fromisoformat(date).timetuple()) if date else time.time()
        for m in jio.ner.extract_money(line):
            money.append((i, m["offset"], m["text"], m["detail"].get("num")))
        for t in jio.ner.extract_time(line, time_base=base, with_parsing=True):
            times.append((i, t["offset"], t["text"], t["detail"].get("time")))
    return money, times, time.perf_counter() - t0


def cn2an_run(lines):
    import cn2an

    changed, damaged = 0, []
    t0 = time.perf_counter()
    for line, _ in lines:
        out = cn2an.transform(line, "cn2an")
        if out != line:
            changed += 1
            for word in ("进一步", "一体化", "统一", "一批", "一律", "十九大", "第一"):
                if word in line and word not in out:
                    damaged.append((word, out[max(0, out.find(word[0]) - 4):][:24]))
                    break
    return changed, damaged, time.perf_counter() - t0


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def compare(mine, theirs):
    """Items (line, span, ...) matched by overlapping spans on the same line."""
    only_mine = [m for m in mine if not any(t[0] == m[0] and overlap(t[1], m[1]) for t in theirs)]
    only_theirs = [t for t in theirs if not any(m[0] == t[0] and overlap(t[1], m[1]) for m in mine)]
    return only_mine, only_theirs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(ROOT / "raw" / "xianning-2022-01.txt"))
    ap.add_argument("--samples", type=int, default=8)
    a = ap.parse_args()
    lines = lines_with_dates(a.file)
    mb = sum(len(x.encode("utf-8")) for x, _ in lines) / 1e6
    q_money, q_dead, q_other, t_ours = ours(lines)
    try:
        j_money, j_time, t_j = jionlp_run(lines)
    except ImportError:
        print("jionlp is not installed: pip install -e '.[bench]'")
        return
    j_dead = [t for t in j_time if t[2].endswith(("前", "底", "到", "截至")) or t[2].startswith(("到", "截至"))]
    changed, damaged, t_cn = cn2an_run(lines)

    def rate(t):
        return f"{len(lines) / t:9.0f} lines/s {mb / t:6.2f} MB/s"

    print(f"{a.file}: {len(lines)} lines, {mb:.2f} MB")
    print(f"{'':24}{'ours':>10}{'jionlp':>10}")
    print(f"{'money amounts':24}{len(q_money):10}{len(j_money):10}")
    print(f"{'deadlines and targets':24}{len(q_dead):10}{len(j_dead):10}   (jionlp: all times {len(j_time)})")
    print(f"{'other quantities':24}{len(q_other):10}{'-':>10}   (%, 个百分点, counts, areas, ranges …)")
    print(f"speed   ours   {rate(t_ours)}")
    print(f"        jionlp {rate(t_j)}   ours is {t_j / t_ours:.1f}x faster per MB")
    print(f"        cn2an  {rate(t_cn)}   transform changed {changed} lines")
    for title, mine, theirs in (("money", q_money, j_money), ("deadlines", q_dead, j_dead)):
        om, ot = compare(mine, theirs)
        print(f"\n{title}: {len(mine) - len(om)} found by both, {len(om)} only by ours, {len(ot)} only by jionlp")
        for m in om[: a.samples]:
            print(f"  ours only   line {m[0]:5}  {m[2]!r} -> {m[3]!r} {m[4] if len(m) > 4 else ''}")
        for t in ot[: a.samples]:
            print(f"  jionlp only line {t[0]:5}  {t[2]!r} -> {t[3]!r}")
    print(f"\ncn2an.transform on whole lines damages words, e.g.: {damaged[: a.samples]}")


if __name__ == "__main__":
    main()
