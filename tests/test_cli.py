"""The command line: exit codes and one clear line for a user's mistake."""
import json
import subprocess
import sys

from conftest import ROOT, SAMPLE


def gazette(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, cwd=ROOT, **kw)


def test_parse_stdout():
    r = gazette("parse", str(SAMPLE), "--stdout")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["documents"]) == 10


def test_parse_out_and_validate(tmp_path):
    r = gazette("parse", str(SAMPLE), "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "xianning-2022-01" / "issue.json").exists()
    for name in ("documents", "sections", "tasks", "task_units", "tables", "table_cells", "people", "quantities",
                 "dates", "references", "warnings"):
        assert (tmp_path / "xianning-2022-01" / f"{name}.csv").exists(), name
    v = gazette("validate", str(tmp_path))
    assert v.returncode == 0, v.stdout


def test_bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    nodoc = tmp_path / "nodoc.txt"
    nodoc.write_text("这是一段普通的文字，没有任何公文。\n", encoding="utf-8")
    for f, word in ((empty, "empty"), (binary, "binary"), (nodoc, "no official document")):
        r = gazette("parse", str(f), "--stdout")
        assert r.returncode == 1, (f, r.stderr)
        err = r.stderr.decode()
        assert err.count("\n") == 1 and str(f) in err and word in err, err
        assert "Traceback" not in err


def test_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = gazette("parse", str(empty), str(SAMPLE), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert (tmp_path / "out" / "xianning-2022-01" / "issue.json").exists()


def test_usage_errors():
    assert gazette("parse", str(SAMPLE)).returncode == 2
    assert gazette("parse").returncode == 2
    assert gazette("nonsense").returncode == 2
