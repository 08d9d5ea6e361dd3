"""Coverage-guided fuzzing of the whole parse with atheris, for long runs on demand.

    pip install atheris && python bench/fuzz_atheris.py -max_total_time=600 [corpus_dir]

Seeds: the sample issue and every golden snippet. A crash is any exception other than the
documented InputError, or a record whose span does not slice back to its text.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from pipeline.api import parse_bytes
    from pipeline.normalize import InputError, load


def one_input(data: bytes) -> None:
    try:
        result = parse_bytes(data, "fuzz")
    except InputError:
        return
    text, _ = load(data, "fuzz")
    for key in ("quantities", "dates", "references", "noise"):
        for r in result[key]:
            s, e = r["span"]
            if text.raw[s:e] != r["text"]:
                raise AssertionError(f"{key} span {r['span']} does not slice back to {r['text']!r}")


def main() -> None:
    corpus = [a for a in sys.argv[1:] if not a.startswith("-")]
    if not corpus:
        seeds = ROOT / "out" / "fuzz-corpus"
        seeds.mkdir(parents=True, exist_ok=True)
        for p in [ROOT / "raw" / "xianning-2022-01.txt", *sorted((ROOT / "tests" / "golden").glob("*/*.txt"))]:
            (seeds / p.name).write_bytes(p.read_bytes()[:20000])
        sys.argv.append(str(seeds))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
