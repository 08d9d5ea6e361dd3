"""Speed of the parse, printed as figures: warm parse of the sample issue per stage, and cold starts.

usage: python bench/bench.py [FILE] [--repeat N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def warm_parse_times(path: str, repeat: int) -> tuple[list[float], dict[str, list[float]]]:
    """Seconds of each of ``repeat`` warm parses of ``path``, and each stage's seconds per parse."""
    from pipeline.api import parse_file

    parse_file(path)  # warm: imports, caches
    times: list[float] = []
    stages: dict[str, list[float]] = {}
    for _ in range(repeat):
        t: dict[str, float] = {}
        t0 = time.perf_counter()
        parse_file(path, timings=t)
        times.append(time.perf_counter() - t0)
        for k, v in t.items():
            stages.setdefault(k, []).append(v)
    return times, stages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(ROOT / "raw" / "xianning-2022-01.txt"))
    ap.add_argument("--repeat", type=int, default=10)
    a = ap.parse_args()
    data = Path(a.file).read_bytes()
    mb = len(data) / 1e6
    times, stages = warm_parse_times(a.file, a.repeat)
    best, med = min(times), statistics.median(times)
    print(f"file                 {a.file} ({len(data):,} bytes, {os.cpu_count()} cores)")
    print(f"warm parse           median {med * 1000:7.1f} ms   best {best * 1000:7.1f} ms   {mb / med:5.2f} MB/s")
    total = sum(statistics.median(v) for v in stages.values())
    for k, v in sorted(stages.items(), key=lambda kv: -statistics.median(kv[1])):
        m = statistics.median(v)
        print(f"  {k:18} {m * 1000:7.1f} ms  {100 * m / total:5.1f} %")
    for label, cmd in (("cold gazette --help", [sys.executable, "-m", "pipeline.cli", "--help"]),
                       ("cold gazette parse", [sys.executable, "-m", "pipeline.cli", "parse", a.file, "--stdout"])):
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
            runs.append(time.perf_counter() - t0)
        print(f"{label:20} {min(runs) * 1000:7.1f} ms (best of 3)")


if __name__ == "__main__":
    main()
