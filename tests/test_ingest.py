"""gazette ingest: incremental runs, --force, failures in errors.csv, kill and resume, process pool and Dask."""
import csv
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE

from pipeline import catalog
from pipeline.ingest import ingest

GOLDEN = ROOT / "tests" / "golden"
SNIPPETS = [GOLDEN / "dates" / "guangzhou_2023_task_deadlines.txt",
            GOLDEN / "dates" / "changsha_2016_measures_expiry.txt",
            GOLDEN / "quantities" / "guangdong_2023_targets.txt",
            GOLDEN / "references" / "baoji_repeal_list.txt"]
NOT_AN_ISSUE = GOLDEN / "orgs" / "collective_units.txt"  # a bare list of units: no document in it


def vary(text: str, i: int) -> str:
    """Another issue of the sample: other issue numbers, so other bytes and other rows."""
    text = re.sub(r"总号:(\d+)", lambda m: f"总号:{int(m.group(1)) + i}", text, count=1)
    return text.replace("第1号", f"第{i + 1}号")


@pytest.fixture
def corpus(tmp_path):
    """Small issues (golden snippets, two with a varied tail) and one file that is not an issue."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i, p in enumerate(SNIPPETS):
        (src / f"s{i}.txt").write_bytes(p.read_bytes())
    for i in range(2):  # copies that differ only in trailing blank lines: other bytes, same parse
        (src / "sub" / f"v{i}.txt").write_bytes(SNIPPETS[0].read_bytes() + b"\n" * (i + 1))
    (src / "bad.txt").write_bytes(NOT_AN_ISSUE.read_bytes())
    return src


def statuses(summary):
    return {str(f.path).split("/")[-1]: f.status for f in summary.files}


def test_incremental_skip_force_and_errors(corpus, tmp_path):
    out = tmp_path / "out"
    first = ingest([corpus], out)
    st = statuses(first)
    assert st == {"s0.txt": "ingested", "s1.txt": "ingested", "s2.txt": "ingested", "s3.txt": "ingested",
                  "v0.txt": "ingested", "v1.txt": "ingested", "bad.txt": "failed"}
    assert first.total("documents") == 6 and first.total("tasks") >= 8
    for key in ("s0", "s1", "s2", "s3", "v0", "v1"):
        assert (out / key / "issue.json").exists() and (out / key / "tasks.csv").exists()
    with open(out / "errors.csv", encoding="utf-8-sig") as fh:
        errors = list(csv.DictReader(fh))
    assert [e["path"].split("/")[-1] for e in errors] == ["bad.txt"]
    assert "no official document" in errors[0]["error"] and len(errors[0]["sha256"]) == 64
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    assert sum(e["status"] == "ok" for e in manifest.values()) == 6
    db = catalog.dump(out / "gazette.db")
    assert [r[0] for r in db["issues"]] == ["s0", "s1", "s2", "s3", "v0", "v1"]

    # the same files again: nothing parsed, the bad file tried again
    again = ingest([corpus], out)
    st = statuses(again)
    assert list(st.values()).count("unchanged") == 6 and st["bad.txt"] == "failed"
    assert again.total("documents") == 0
    assert catalog.dump(out / "gazette.db") == db

    # one file changed: only it is parsed, and it replaces its issue
    (corpus / "s1.txt").write_bytes(SNIPPETS[2].read_bytes() + b"\n\n")
    third = ingest([corpus / "s1.txt", corpus / "s2.txt"], out)
    assert statuses(third) == {"s1.txt": "ingested", "s2.txt": "unchanged"}
    db3 = catalog.dump(out / "gazette.db")
    s1_docs = [r for r in db3["documents"] if r[1] == "s1"]
    s2_docs = [r for r in db3["documents"] if r[1] == "s2"]
    assert [r[3:] for r in s1_docs] == [r[3:] for r in s2_docs]  # s1 now holds s2's text
    assert not (out / "errors.csv").read_text("utf-8-sig").strip().count("\n")  # header only: no failure now

    # --force parses again and gives the same database
    forced = ingest([corpus / "s0.txt"], out, force=True)
    assert statuses(forced) == {"s0.txt": "ingested"}
    assert catalog.dump(out / "gazette.db") == db3


def test_duplicates_collisions_and_missing(tmp_path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    (src / "a" / "x.txt").write_bytes(SNIPPETS[0].read_bytes())
    (src / "b" / "x.txt").write_bytes(SNIPPETS[1].read_bytes())  # same issue key, other bytes
    (src / "copy.txt").write_bytes(SNIPPETS[0].read_bytes())  # same bytes as a/x.txt
    s = ingest([src / "a", src / "b", src / "copy.txt", tmp_path / "nothing.txt", str(src / "*.zzz")], tmp_path / "out")
    by = {str(f.path): f for f in s.files}
    assert by[str(src / "a" / "x.txt")].status == "ingested"
    assert by[str(src / "b" / "x.txt")].status == "failed" and "already taken" in by[str(src / "b" / "x.txt")].message
    assert by[str(src / "copy.txt")].status == "duplicate"
    assert by[str(tmp_path / "nothing.txt")].message == "no such file or folder"
    assert by[str(src / "*.zzz")].message == "no file matches this pattern"
    errors = (tmp_path / "out" / "errors.csv").read_text("utf-8-sig")
    assert "nothing.txt" in errors and "b/x.txt" in errors


KILL = r"""
import os, signal, sys
from pipeline import catalog
from pipeline.ingest import ingest
calls = {"n": 0}
def hook(stage, con, key):
    if stage == "inserted":
        calls["n"] += 1
        if calls["n"] == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)  # all rows of this issue in, not committed
catalog._hook = hook
ingest([sys.argv[1]], sys.argv[2], force="--force" in sys.argv)
"""


def test_killed_run_resumes_to_the_same_database(corpus, tmp_path):
    (corpus / "bad.txt").unlink()
    clean = tmp_path / "clean"
    ingest([corpus], clean)
    want = catalog.dump(clean / "gazette.db")

    out = tmp_path / "killed"
    r = subprocess.run([sys.executable, "-c", KILL, str(corpus), str(out), "3"], cwd=ROOT, capture_output=True)
    assert r.returncode == -9, r.stderr
    half = catalog.dump(out / "gazette.db")
    assert len(half["issues"]) == 2  # the third issue's transaction was rolled back, whole
    assert {r[1] for r in half["documents"]} == {r[0] for r in half["issues"]}
    # killed again, this time while re-ingesting over existing rows
    r = subprocess.run([sys.executable, "-c", KILL, str(corpus), str(out), "1", "--force"], cwd=ROOT,
                       capture_output=True)
    assert r.returncode == -9
    assert catalog.dump(out / "gazette.db") == half  # the replaced issue is still there, old and whole

    resumed = ingest([corpus], out)
    assert sum(f.status == "unchanged" for f in resumed.files) <= 2
    assert catalog.dump(out / "gazette.db") == want
    for key in ("s0", "s1", "s2", "s3", "v0", "v1"):
        assert (out / key / "issue.json").read_bytes() == (clean / key / "issue.json").read_bytes()
    assert all(f.status == "unchanged" for f in ingest([corpus], out).files)


def test_process_pool_gives_the_same_database(corpus, tmp_path):
    one = ingest([corpus], tmp_path / "one", workers=1)
    two = ingest([corpus], tmp_path / "two", workers=2)
    assert statuses(one) == statuses(two)
    assert catalog.dump(tmp_path / "one" / "gazette.db") == catalog.dump(tmp_path / "two" / "gazette.db")
    assert two.peak_rss_mb and two.peak_rss_mb < 1000


def test_dask_local_cluster_gives_the_same_database(corpus, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    (corpus / "bad.txt").unlink()
    ingest([corpus], tmp_path / "pool", workers=2)
    want = catalog.dump(tmp_path / "pool" / "gazette.db")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        # an existing cluster: bytes go to the workers, the outputs are written here
        s = ingest([corpus], tmp_path / "remote", engine="dask", scheduler=c.scheduler_address)
    assert {f.status for f in s.files} == {"ingested"}
    assert catalog.dump(tmp_path / "remote" / "gazette.db") == want
    # the default: a LocalCluster of its own, whose workers write the outputs themselves
    s = ingest([corpus], tmp_path / "local", engine="dask", workers=1, cluster_options={"processes": False})
    assert {f.status for f in s.files} == {"ingested"}
    assert catalog.dump(tmp_path / "local" / "gazette.db") == want
    for key in ("s0", "v1"):
        assert (tmp_path / "local" / key / "issue.json").read_bytes() == \
            (tmp_path / "pool" / key / "issue.json").read_bytes()


def test_cli_ingest_summary_and_exit_codes(corpus, tmp_path):
    from pipeline.cli_batch import ingest as ingest_cmd

    runner = CliRunner()
    r = runner.invoke(ingest_cmd, [str(corpus), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1  # bad.txt failed; the others are in
    out = r.output
    assert re.search(r"^files\s+7\s+6 ingested, 1 failed", out, re.M), out
    for row in ("documents", "tasks", "tables", "warnings", "failures", "seconds"):
        assert re.search(rf"^{row}\s+\S+", out, re.M), row
    assert "[7/7]" in out and "failed" in out  # plain progress lines when not on a terminal
    (corpus / "bad.txt").unlink()
    r = runner.invoke(ingest_cmd, [str(corpus), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0 and re.search(r"^files\s+6\s+6 unchanged", r.output, re.M), r.output
    r = runner.invoke(ingest_cmd, [str(corpus), "--out", str(SAMPLE)])  # a file, not a folder
    assert r.exit_code == 2 and "is a file" in r.output
    r = runner.invoke(ingest_cmd, [str(corpus), "--out", str(SAMPLE / "x")])  # a folder below a file
    assert r.exit_code == 1 and "cannot create the folder" in r.output and not isinstance(r.exception, OSError)
    assert runner.invoke(ingest_cmd, [str(corpus)]).exit_code == 2  # --out is required
    r = runner.invoke(ingest_cmd, [str(corpus), "--out", str(tmp_path / "o"), "--workers", "0"])
    assert r.exit_code == 2
