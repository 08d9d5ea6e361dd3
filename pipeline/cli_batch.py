"""Batch commands of ``gazette``: ingest, search, export (thin click layers over
``pipeline.ingest``, ``pipeline.catalog`` and ``pipeline.export``).

Registered in ``pipeline/cli.py`` with ``main.add_command(ingest)`` etc. Exit codes: 0 done,
1 an input failed or the command could not run (one line on stderr), 2 wrong usage.
"""
from __future__ import annotations

import sys

import click


def _die(msg: str) -> None:
    click.echo(f"gazette: {msg}", err=True)
    sys.exit(1)


class _Progress:
    """A tqdm bar on a terminal, one plain line per file otherwise (logs, CI)."""

    def __init__(self, bar: bool):
        self.bar = None
        self.want_bar = bar

    def __call__(self, done: int, total: int, fs) -> None:
        if fs is None and not self.want_bar:
            return
        if self.want_bar:
            if self.bar is None:
                try:
                    import tqdm
                except ImportError:  # no bar without tqdm: plain lines
                    self.want_bar = False
                    return self(done, total, fs)
                tqdm.tqdm.monitor_interval = 0  # no monitor thread: the worker pool forks
                self.bar = tqdm.tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
            if fs is None:
                return
            self.bar.update(1)
            self.bar.set_postfix_str(f"{fs.status} {fs.path}"[-40:], refresh=False)
            if fs.status == "failed":
                self.bar.write(f"failed {fs.path}: {fs.message}", file=sys.stderr)
            return
        detail = fs.message if fs.status in ("failed", "duplicate") else \
            ", ".join(f"{fs.counts.get(k, 0)} {k}" for k in ("documents", "tasks", "tables", "warnings")) \
            if fs.status == "ingested" else ""
        line = f"[{done}/{total}] {fs.status:9} {fs.path}" + (f" -> {fs.issue_key}" if fs.issue_key else "")
        click.echo(line + (f": {detail}" if detail else ""), err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder: <issue>/ per issue, gazette.db, manifest.json, errors.csv, metadata.json.")
@click.option("--force", is_flag=True, help="Parse again even the files the manifest says are unchanged.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Files parsed at once (worker processes).")
@click.option("--engine", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="process: a local process pool; dask: a Dask cluster (local unless --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", help="Address of an existing Dask scheduler (implies --engine dask).")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Progress bar (default: on a terminal); plain lines otherwise.")
def ingest(paths, out_dir, force, workers, engine, scheduler, show_progress) -> None:
    """Ingest gazette files, folders (every *.txt below) and globs into OUT.

    Files already ingested with the same bytes are skipped (see OUT/manifest.json); a file
    that fails is listed in OUT/errors.csv and the others go on.

    \b
    Examples:
      gazette ingest raw/ --out out/
      gazette ingest 'issues/**/*.txt' --out out/ --workers 2
      gazette ingest issues/ --out out/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .ingest import IngestError
    from .ingest import ingest as run

    if scheduler:
        engine = "dask"
    bar = sys.stderr.isatty() if show_progress is None else show_progress
    progress = _Progress(bar)
    try:
        summary = run(list(paths), out_dir, force=force, workers=workers, engine=engine, scheduler=scheduler,
                      progress=progress)
    except (IngestError, OSError) as exc:
        progress.close()
        _die(str(exc))
        return
    except KeyboardInterrupt:
        progress.close()
        _die("interrupted: what was committed stays; run the same command again to finish")
        return
    progress.close()
    click.echo(summary.table())
    if summary.failed:
        sys.exit(1)


@click.command()
@click.argument("query")
@click.option("--db", default="out/gazette.db", show_default=True, type=click.Path(dir_okay=True),
              help="The catalogue (OUT/gazette.db, or the OUT folder).")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits shown.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(query, db, limit, as_json) -> None:
    """Full-text search of section text: words are segmented as in the index (jieba).

    Whitespace separates terms; every term must occur, as written.

    \b
    Examples:
      gazette search 献血 --db out/gazette.db
      gazette search "市发改委 牵头" --db out/
    """
    import json
    from pathlib import Path

    import sqlite3

    from .catalog import CatalogError
    from .catalog import search as run

    p = Path(db)
    if p.is_dir():
        p = p / "gazette.db"
    try:
        hits = run(p, query, limit)
    except (CatalogError, sqlite3.Error) as exc:
        _die(str(exc))
        return
    for h in hits:
        if as_json:
            click.echo(json.dumps(h, ensure_ascii=False))
            continue
        doc = " ".join(x for x in (h["doc_number"], h["document_title"]) if x) or "(outside any document)"
        head = " ".join(x for x in (h["label"], h["title"]) if x)
        click.echo(f"{h['issue_key']}  {h['local_id']}  [{h['span'][0]}, {h['span'][1]})  {doc}")
        click.echo(f"    {head[:60]}" if head else "    (untitled section)")
        click.echo(f"    {h['snippet']}")
    if not as_json:
        click.echo(f"{len(hits)} section(s)" + (f" (first {limit})" if len(hits) == limit else ""), err=True)


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv",
              show_default=True, help="csv comes with a Frictionless datapackage.json.")
def export(out_dir, fmt) -> None:
    """Export every record list of the catalogue in OUT_DIR to OUT_DIR/export/FORMAT/.

    \b
    Examples:
      gazette export out/ --format csv      # then: frictionless validate out/export/csv/datapackage.json
      gazette export out/ --format parquet
    """
    from .export import ExportError
    from .export import export as run

    try:
        written = run(out_dir, fmt)
    except (ExportError, OSError) as exc:
        _die(str(exc))
        return
    folder = next(iter(written.values())).parent
    click.echo(f"{folder}: {len(written)} file(s)" + (" with datapackage.json" if "datapackage" in written else ""))
