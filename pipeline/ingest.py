"""Ingest many gazette issues into OUT: per-issue folders, the catalogue, a manifest.

    from pipeline.ingest import ingest
    summary = ingest(["issues/"], "out/", workers=2)
    print(summary.table())

For each input file (files, folders searched for ``*.txt``, globs):

1. its sha256 is looked up in ``OUT/manifest.json``: a file already ingested with the same
   bytes (and still in the catalogue) is skipped, unless ``force``;
2. ``process_file`` parses it, writes ``OUT/<issue_key>/`` through
   ``pipeline.output.write_outputs`` and prepares its catalogue rows (jieba segmentation
   included), in a worker process (``workers``) or on Dask (``engine="dask"``);
3. the main process replaces the issue's rows in ``OUT/gazette.db`` in one transaction;
4. only then is the manifest entry written.

So a run killed at any point and run again gives the same database as an uninterrupted
run: a file is skipped only once its outputs and rows are committed. A file that fails is
listed in ``OUT/errors.csv`` with its message and the batch goes on.

The issue key is the file name without extension (as ``gazette parse`` names its folder):
two different files with the same name in one batch are refused, not silently merged.
"""
from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
ERRORS = "errors.csv"
DB = "gazette.db"
COUNTED = ("documents", "sections", "tasks", "tables", "people", "quantities", "dates", "references", "warnings")


class IngestError(Exception):
    """The batch cannot run at all (bad arguments, unusable output folder, no Dask ...)."""


@dataclass
class FileStatus:
    path: str
    status: str  # ingested | unchanged | duplicate | failed
    sha256: str | None = None
    issue_key: str | None = None
    message: str = ""
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Summary:
    files: list[FileStatus] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    engine: str = "process"
    peak_rss_mb: float | None = None  # the largest peak RSS of a worker

    def by_status(self, status: str) -> list[FileStatus]:
        return [f for f in self.files if f.status == status]

    @property
    def failed(self) -> list[FileStatus]:
        return self.by_status("failed")

    def total(self, kind: str) -> int:
        return sum(f.counts.get(kind, 0) for f in self.files if f.status == "ingested")

    def table(self) -> str:
        """The closing table: files, documents, tasks, tables, warnings, failures, seconds."""
        n = len(self.files)
        per = {s: len(self.by_status(s)) for s in ("ingested", "unchanged", "duplicate", "failed")}
        rate = f"{per['ingested'] / self.seconds:.1f} files/s" if self.seconds > 0 and per["ingested"] else ""
        rows = [
            ("files", n, ", ".join(f"{v} {k}" for k, v in per.items() if v) or "none"),
            ("documents", self.total("documents"), "in files ingested now"),
            ("tasks", self.total("tasks"), ""),
            ("tables", self.total("tables"), ""),
            ("warnings", self.total("warnings"), ""),
            ("failures", per["failed"], f"see {ERRORS}" if per["failed"] else ""),
            ("seconds", f"{self.seconds:.1f}",
             f"{self.engine}, {self.workers} worker(s)" + (f", {rate}" if rate else "")),
        ]
        w = max(len(str(r[1])) for r in rows)
        return "\n".join(f"{a:<10} {str(b):>{w}}  {c}".rstrip() for a, b, c in rows)


# ---------------------------------------------------------------- inputs

def expand(paths) -> tuple[list[str], list[FileStatus]]:
    """Files, folders (every ``*.txt`` below, recursively) and globs, deduplicated, in order;
    and a failure for each argument that names nothing."""
    out: list[str] = []
    missing: list[FileStatus] = []
    seen: set = set()

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(str(p))

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*.txt")):
                if f.is_file():
                    add(f)
        elif p.is_file():
            add(p)
        elif glob.has_magic(str(raw)):
            found = sorted(Path(x) for x in glob.glob(str(raw), recursive=True))
            files = [f for f in found if f.is_file()]
            for f in files:
                add(f)
            if not files:
                missing.append(FileStatus(str(raw), "failed", message="no file matches this pattern"))
        else:
            missing.append(FileStatus(str(raw), "failed", message="no such file or folder"))
    return out, missing


def issue_key_of(path: str) -> str:
    """The folder name ``write_outputs`` gives the issue: from the file name."""
    from .output import issue_id

    return issue_id({"source": {"path": str(path)}})


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- the per-file function

def _peak_rss_mb() -> float | None:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024
    except Exception:  # pragma: no cover - not on every platform
        return None


def process_file(path: str, out_dir: str | None, data: bytes | None = None, segmenter: str | None = None) -> dict:
    """Parse one file and prepare its catalogue rows; never raises.

    With ``out_dir`` the per-issue outputs are written there (the worker shares the disk);
    without, the parsed result is returned for the caller to write. ``data`` gives the bytes
    when the worker cannot read ``path`` (a Dask worker on another machine). ``segmenter``
    names the word segmenter the catalogue's index is built with (jieba or rjieba).

    Returns {"status": "ok", "sha256", "issue_key", "counts", "rows", "result"?, "seconds",
    "rss_mb"} or {"status": "failed", "message", ...}."""
    t0 = time.perf_counter()
    out: dict = {"path": path}
    try:
        if data is None:
            data = Path(path).read_bytes()
        out["sha256"] = hashlib.sha256(data).hexdigest()
        from .api import parse_bytes
        from .catalog import issue_rows
        from .output import issue_id, write_outputs

        result = parse_bytes(data, path)
        key = issue_id(result)
        out["issue_key"] = key
        out["counts"] = {k: len(result.get(k) or []) for k in COUNTED}
        if out_dir is not None:
            write_outputs(result, out_dir)
        else:
            out["result"] = result
        out["rows"] = issue_rows(result, key, segmenter=segmenter)
        out["status"] = "ok"
    except Exception as exc:  # one line, the batch goes on
        out["status"] = "failed"
        out["message"] = _message(exc)
    out["seconds"] = time.perf_counter() - t0
    out["rss_mb"] = _peak_rss_mb()
    return out


def _message(exc: BaseException) -> str:
    from .catalog import CatalogError
    from .normalize import InputError

    if isinstance(exc, (InputError, CatalogError)):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"internal error: {type(exc).__name__}: {msg}"[:500]


# ---------------------------------------------------------------- the manifest

class Manifest:
    """``OUT/manifest.json``: {"version": 1, "files": {sha256: entry}}, written atomically.

    An entry is written only after the issue's outputs and catalogue rows are committed."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self.files: dict[str, dict] = {}
        self.dirty = False
        self.last_flush = 0.0
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text("utf-8"))
                self.files = dict(data.get("files") or {})
            except (ValueError, AttributeError):
                self.files = {}  # unreadable: everything is done again, nothing is lost

    def get(self, sha: str) -> dict | None:
        return self.files.get(sha)

    def put(self, sha: str, entry: dict) -> None:
        # a path or an issue key now holds other bytes: its old entries are superseded
        for old in [s for s, e in self.files.items() if s != sha and
                    (e.get("path") == entry.get("path") or
                     (entry.get("issue_key") and e.get("issue_key") == entry.get("issue_key")))]:
            del self.files[old]
        self.files[sha] = entry
        self.dirty = True

    def flush(self, force: bool = False) -> bool:
        if not self.dirty or (not force and time.monotonic() - self.last_flush < 1.0):
            return False
        from .output import atomic_write_text

        files = dict(sorted(self.files.items(), key=lambda kv: (kv[1].get("path") or "", kv[0])))
        atomic_write_text(self.path, json.dumps({"version": 1, "files": files}, ensure_ascii=False, indent=1) + "\n")
        self.dirty = False
        self.last_flush = time.monotonic()
        return True


def write_errors(out_dir: Path, failed: list[FileStatus]) -> None:
    """OUT/errors.csv: every file of the latest run that failed, with its message (UTF-8 with BOM)."""
    from .output import atomic_write_text

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["path", "sha256", "issue_key", "error"])
    for f in failed:
        w.writerow([f.path, f.sha256 or "", f.issue_key or "", f.message])
    atomic_write_text(out_dir / ERRORS, "\ufeff" + buf.getvalue())


# ---------------------------------------------------------------- the batch

def ingest(paths, out_dir, force: bool = False, workers: int = 1, engine: str = "process",
           scheduler: str | None = None, progress=None, cluster_options: dict | None = None) -> Summary:
    """Ingest files, folders and globs into ``out_dir``; returns a Summary (never raises for a bad file).

    ``progress(done, total, FileStatus)`` is called in this process after each file (and once
    with ``done=0`` and FileStatus None before the first).
    ``engine="dask"`` runs ``process_file`` on Dask: a LocalCluster of ``workers`` processes
    (``cluster_options`` go to LocalCluster), or the cluster whose scheduler is at ``scheduler``
    (then the files' bytes are sent to the workers and the outputs written here)."""
    from . import __version__
    from . import catalog

    t0 = time.perf_counter()
    if engine not in ("process", "dask"):
        raise IngestError(f"unknown engine {engine!r} (process or dask)")
    if workers < 1:
        raise IngestError("--workers must be at least 1")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise IngestError(f"{out}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IngestError(f"{out}: cannot create the folder ({exc.strerror or exc})") from None
    try:
        seg = catalog.default_segmenter()
    except catalog.CatalogError as exc:
        raise IngestError(str(exc)) from None
    summary = Summary(workers=workers, engine=engine)
    files, missing = expand(paths)
    total = len(files) + len(missing)
    done = 0
    manifest = Manifest(out)
    try:
        con = catalog.connect(out / DB)
    except (catalog.CatalogError, sqlite3.Error) as exc:
        raise IngestError(str(exc)) from None

    def report(fs: FileStatus) -> None:
        nonlocal done
        done += 1
        summary.files.append(fs)
        if progress is not None:
            progress(done, total, fs)

    try:
        if progress is not None:
            progress(0, total, None)
        for fs in missing:
            report(fs)
        todo: list[tuple[str, str, str]] = []  # (path, sha, issue key)
        keys: dict[str, str] = {}
        shas: dict[str, str] = {}
        for p in files:
            try:
                sha = sha256_of(p)
            except OSError as exc:
                report(FileStatus(p, "failed", message=exc.strerror or str(exc)))
                continue
            key = issue_key_of(p)
            if sha in shas:
                report(FileStatus(p, "duplicate", sha, key, f"same bytes as {shas[sha]}"))
                continue
            shas[sha] = p
            if key in keys:
                msg = f"issue key {key!r} is already taken by {keys[key]} in this batch: rename one of the files"
                manifest.put(sha, {"path": p, "issue_key": key, "status": "failed", "error": msg})
                report(FileStatus(p, "failed", sha, key, msg))
                continue
            keys[key] = p
            entry = manifest.get(sha)
            if (not force and entry and entry.get("status") == "ok" and entry.get("parser_version") == __version__
                    and catalog.issue_sha(con, entry.get("issue_key")) == sha
                    and (out / entry["issue_key"] / "issue.json").exists()):
                was = entry.get("path")
                report(FileStatus(p, "unchanged", sha, entry["issue_key"],
                                  "already ingested" + (f" from {was}" if was and was != p else ""),
                                  dict(entry.get("counts") or {})))
                continue
            todo.append((p, sha, key))
        manifest.flush()
        if todo:
            catalog.check_segmenter(con, seg)  # loads the segmenter here: forked workers inherit it

        def commit(res: dict, sha: str) -> None:
            p = res["path"]
            if res.get("status") != "ok":
                manifest.put(sha, {"path": p, "issue_key": res.get("issue_key"), "status": "failed",
                                   "error": res.get("message")})
                report(FileStatus(p, "failed", sha, res.get("issue_key"), res.get("message") or "failed",
                                  seconds=res.get("seconds", 0.0)))
                return
            if res.get("rss_mb"):
                summary.peak_rss_mb = max(summary.peak_rss_mb or 0.0, res["rss_mb"])
            try:
                if "result" in res:  # the worker could not write here: we do
                    from .output import write_outputs

                    write_outputs(res["result"], out)
                catalog.replace_issue(con, res["rows"])
            except Exception as exc:
                msg = _message(exc)
                manifest.put(sha, {"path": p, "issue_key": res.get("issue_key"), "status": "failed", "error": msg})
                report(FileStatus(p, "failed", sha, res.get("issue_key"), msg, seconds=res.get("seconds", 0.0)))
                return
            manifest.put(sha, {"path": p, "issue_key": res["issue_key"], "status": "ok", "counts": res["counts"],
                               "parser_version": __version__, "seconds": round(res.get("seconds", 0.0), 3),
                               "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
            report(FileStatus(p, "ingested", sha, res["issue_key"], "", res["counts"], res.get("seconds", 0.0)))
            if manifest.flush():
                write_errors(out, summary.failed)

        if engine == "dask":
            _run_dask(todo, out, workers, scheduler, cluster_options, commit, seg)
        else:
            _run_process(todo, out, workers, commit, seg)
    finally:
        manifest.dirty = True  # always leave manifest.json and errors.csv
        manifest.flush(force=True)
        write_errors(out, summary.failed)
        _close(con)
    summary.seconds = time.perf_counter() - t0
    return summary


def _close(con) -> None:
    """Leave one self-contained file (no -wal/-shm) for Datasette and copies."""
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    except Exception:  # another reader holds it: WAL stays, nothing is lost
        pass
    con.close()


def _run_process(todo, out: Path, workers: int, commit, seg: str) -> None:
    if not todo:
        return
    if workers == 1 or len(todo) == 1:
        for p, sha, _ in todo:
            commit(process_file(p, str(out), segmenter=seg), sha)
        return
    import concurrent.futures as cf
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    window = 4 * workers
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: dict = {}
        it = iter(todo)
        broken = False
        while True:
            while not broken and len(pending) < window:
                job = next(it, None)
                if job is None:
                    break
                try:
                    pending[pool.submit(process_file, job[0], str(out), None, seg)] = job
                except Exception as exc:  # the pool broke: the rest fail with its reason
                    broken = True
                    commit({"path": job[0], "status": "failed", "message": f"worker pool failed: {exc}"}, job[1])
            if not pending:
                if broken:
                    for p, sha, _ in it:
                        commit({"path": p, "status": "failed", "message": "worker pool failed"}, sha)
                break
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: pending[f][0]):
                p, sha, _ = pending.pop(fut)
                try:
                    res = fut.result()
                except Exception as exc:  # a worker died (killed, out of memory)
                    broken = True
                    res = {"path": p, "status": "failed",
                           "message": f"worker process died: {exc or type(exc).__name__}"}
                commit(res, sha)


def _run_dask(todo, out: Path, workers: int, scheduler: str | None, cluster_options: dict | None, commit,
              seg: str) -> None:
    if not todo:
        return
    try:
        from dask.distributed import Client, LocalCluster, wait
    except ImportError:
        raise IngestError("--engine dask needs Dask: pip install 'gazette[dask]'") from None
    import logging

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise IngestError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            shared = False  # another machine: send the bytes, write the outputs here
        else:
            opts = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0",
                    "silence_logs": logging.ERROR}
            opts.update(cluster_options or {})
            try:
                cluster = LocalCluster(**opts)
            except Exception as exc:
                raise IngestError(f"cannot start a local Dask cluster: {_message(exc)}") from None
            client = Client(cluster)
            shared = True
        try:
            slots = max(1, sum(client.nthreads().values()))
            window = 4 * slots
            pending: dict = {}
            it = iter(todo)
            while True:
                while len(pending) < window:
                    job = next(it, None)
                    if job is None:
                        break
                    p, sha, _ = job
                    # the bytes travel with the task: workers need not see the inputs, and the
                    # path recorded in the outputs is the one given here, as with the process pool
                    try:
                        data = Path(p).read_bytes()
                    except OSError as exc:
                        commit({"path": p, "status": "failed", "message": exc.strerror or str(exc)}, sha)
                        continue
                    fut = client.submit(process_file, p, str(out.resolve()) if shared else None, data, seg, pure=False)
                    pending[fut] = job
                if not pending:
                    break
                done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
                for fut in sorted(done, key=lambda f: pending[f][0]):
                    p, sha, _ = pending.pop(fut)
                    try:
                        res = fut.result()
                    except Exception as exc:
                        res = {"path": p, "status": "failed", "message": f"dask task failed: {_message(exc)}"}
                    commit(res, sha)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
