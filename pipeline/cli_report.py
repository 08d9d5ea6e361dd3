"""`gazette report FILE -o report.html`: the review page of one issue (a thin layer over ``pipeline.report``).

Registered in ``pipeline/cli.py`` with ``main.add_command(report)``.
"""
from __future__ import annotations

import sys
import traceback

import click


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (written atomically).")
@click.option("--debug", is_flag=True, help="Show the traceback when the file fails.")
def report(file: str, out_path: str, debug: bool) -> None:
    """Write one self-contained HTML review page for the gazette text FILE.

    The page shows the issue header, counts per record kind, the warnings linked to their place
    in the text, each document with its metadata and collapsible outline, the tables with their
    totals marked right or wrong, and the text with units, quantities, dates and references
    highlighted. It needs no network: open it in any browser, or print it.

    \b
    Example:
      gazette report raw/xianning-2022-01.txt -o out/report.html
    """
    from .normalize import InputError
    from .report import write_report

    try:
        out = write_report(file, out_path)
    except (InputError, OSError) as exc:
        click.echo(f"gazette: {file}: {exc}", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(1)
    except Exception as exc:  # a bug: still one line
        click.echo(f"gazette: {file}: internal error: {exc!r} (run with --debug for the traceback)", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(1)
    size = out.stat().st_size
    click.echo(f"{file} -> {out} ({size / 1024:.0f} KiB)", err=True)


if __name__ == "__main__":  # pragma: no cover
    report()
