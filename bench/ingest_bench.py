"""Benchmark of parse and ingest, printed as one table.

usage: python bench/ingest_bench.py [FILE] [--copies 200] [--repeat 5]

Rows: warm parse of FILE (seconds, MB/s); one compiled regular expression scanning the
same text once, as the floor no parser can beat (MB/s, and how many times faster than our
parse); the share of parse time per stage; cold ``gazette parse FILE --stdout``; ``ingest``
of COPIES varied copies (so the manifest skips none) with 1 and 2 workers (files/s, peak
RSS of a worker), and the same ingest run again (everything unchanged).
Each ingest runs in a fresh Python process, into a fresh output folder.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# a few of the shapes the parser looks for (headings, document numbers, dates), in one pass
FLOOR_RX = r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.|〔\d{4}〕\d+号|\d{4}年\d{1,2}月\d{1,2}日"

INGEST = """
import json, sys, time
from pipeline.ingest import ingest
s = ingest([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]))
print(json.dumps({"seconds": s.seconds, "ingested": len(s.by_status("ingested")),
                  "unchanged": len(s.by_status("unchanged")), "failed": len(s.failed), "rss": s.peak_rss_mb}))
"""


def vary(text: str, i: int) -> str:
    """Copy i of the sample: another issue number and total number (so other bytes and other rows)."""
    text = re.sub(r"总号:(\d+)", lambda m: f"总号:{int(m.group(1)) + i}", text, count=1)
    return text.replace("第1号", f"第{i + 1}号")


def run_ingest(src: Path, out: Path, workers: int) -> dict:
    r = subprocess.run([sys.executable, "-c", INGEST, str(src), str(out), str(workers)], cwd=ROOT,
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(ROOT / "raw" / "xianning-2022-01.txt"))
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from bench import warm_parse_times  # bench/bench.py: one warm-parse loop for both benchmarks
    from pipeline.normalize import load

    data = Path(a.file).read_bytes()
    mb = len(data) / 1e6
    rows: list[tuple[str, str, str]] = []

    times, stages = warm_parse_times(a.file, a.repeat)
    med = statistics.median(times)
    rows.append(("warm parse", f"{med:.3f} s", f"{mb / med:.2f} MB/s  (median of {a.repeat}; best {min(times):.3f} s)"))

    text = load(data, a.file)[0].raw
    rx = re.compile(FLOOR_RX)
    floor = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        n = sum(1 for _ in rx.finditer(text))
        floor.append(time.perf_counter() - t0)
    fbest = min(floor)
    rows.append(("regex floor", f"{fbest:.4f} s", f"{mb / fbest:.1f} MB/s  ({n} matches); parse is "
                                                  f"{(mb / fbest) / (mb / med):.0f}x slower"))

    total = sum(statistics.median(v) for v in stages.values())
    for k, v in sorted(stages.items(), key=lambda kv: -statistics.median(kv[1])):
        m = statistics.median(v)
        rows.append((f"  stage {k}", f"{m * 1000:.1f} ms", f"{100 * m / total:.1f} %"))

    cold = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline.cli", "parse", a.file, "--stdout"], cwd=ROOT,
                       capture_output=True, check=True)
        cold.append(time.perf_counter() - t0)
    rows.append(("cold gazette parse", f"{min(cold):.2f} s", "best of 3, a new process each"))

    tmp = Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    try:
        src = tmp / "in"
        src.mkdir()
        raw = data.decode("utf-8")
        for i in range(a.copies):
            (src / f"{Path(a.file).stem}-c{i:04d}.txt").write_text(vary(raw, i), encoding="utf-8")
        rate = {}
        for w in (1, 2):
            out = tmp / f"out{w}"
            r = run_ingest(src, out, w)
            rate[w] = r["ingested"] / r["seconds"]
            rows.append((f"ingest {a.copies}, {w} worker{'s' if w > 1 else ''}", f"{r['seconds']:.1f} s",
                         f"{rate[w]:.2f} files/s, {rate[w] * mb:.2f} MB/s; peak RSS {r['rss']:.0f} MB per worker"
                         + (f"; {rate[w] / rate[1]:.2f}x one worker" if w > 1 else "")
                         + (f"; {r['failed']} failed" if r["failed"] else "")))
        r = run_ingest(src, tmp / "out2", 2)
        rows.append((f"ingest {a.copies} again", f"{r['seconds']:.1f} s",
                     f"{r['unchanged']} unchanged, {r['ingested']} parsed (manifest)"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{a.file}: {len(data):,} bytes, {len(text):,} characters; {os.cpu_count()} cores; Python "
          f"{sys.version.split()[0]}")
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(f"{'measure':<{w0}}  {'time':>{w1}}  figures")
    for name, t, fig in rows:
        print(f"{name:<{w0}}  {t:>{w1}}  {fig}")


if __name__ == "__main__":
    main()
