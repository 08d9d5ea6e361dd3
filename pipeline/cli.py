"""The `gazette` command: a thin click layer over ``pipeline.api``.

Exit codes: 0 parsed (even with warnings); 1 an input could not be parsed at all; 2 wrong usage.
"""
from __future__ import annotations

import sys
import traceback

import click


def _fail_line(path: str, exc: BaseException) -> str:
    return f"gazette: {path}: {exc}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gazette")
def main() -> None:
    """Turn Chinese government gazettes (政府公报) into validated JSON and CSV.

    \b
    Examples:
      gazette parse raw/xianning-2022-01.txt -o out/
      gazette parse raw/xianning-2022-01.txt --stdout | jq .documents
      gazette validate out/
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Write OUT/<issue_id>/issue.json and CSVs.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the issue JSON on standard output.")
@click.option("--no-validate", is_flag=True, help="Skip JSON Schema validation (faster).")
@click.option("--debug", is_flag=True, help="Show the traceback when a file fails.")
def parse(files: tuple[str, ...], out_dir: str | None, to_stdout: bool, no_validate: bool, debug: bool) -> None:
    """Parse gazette text FILES into the contract's JSON and CSVs.

    \b
    Examples:
      gazette parse raw/xianning-2022-01.txt -o out/
      gazette parse raw/xianning-2022-01.txt --stdout > issue.json
      gazette parse issues/*.txt -o out/      # a failing file is reported, the rest go on
    """
    if bool(out_dir) == bool(to_stdout):
        raise click.UsageError("give exactly one of -o DIR or --stdout")
    if to_stdout and len(files) != 1:
        raise click.UsageError("--stdout takes exactly one FILE")
    from .api import parse_file
    from .normalize import InputError
    from .output import dump_json, write_outputs

    failed = 0
    for path in files:
        try:
            result = parse_file(path, validate=not no_validate)
        except (InputError, OSError) as exc:
            failed += 1
            reason = f"cannot read the file ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else exc
            click.echo(_fail_line(path, reason), err=True)
            if debug:
                traceback.print_exc()
            continue
        except Exception as exc:  # a bug: still one line, the batch goes on
            failed += 1
            click.echo(_fail_line(path, f"internal error: {exc!r} (run with --debug for the traceback)"), err=True)
            if debug:
                traceback.print_exc()
            continue
        if to_stdout:
            dump_json(result, sys.stdout)
        else:
            folder = write_outputs(result, out_dir)
            n = {k: len(result[k]) for k in ("documents", "sections", "tasks", "tables", "people", "quantities",
                                            "dates", "references", "warnings")}
            click.echo(f"{path} -> {folder}: " + ", ".join(f"{v} {k}" for k, v in n.items()), err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
def validate(out_dir: str) -> None:
    """Check written output (every OUT_DIR/*/issue.json) against the JSON Schemas.

    \b
    Example:
      gazette validate out/
    """
    from pathlib import Path

    from .validate import validate_file

    files = sorted(Path(out_dir).glob("**/issue.json"))
    if not files:
        click.echo(f"gazette: {out_dir}: no issue.json found", err=True)
        sys.exit(1)
    bad = 0
    for f in files:
        errors = validate_file(f)
        if errors:
            bad += 1
            click.echo(f"{f}: {len(errors)} schema error(s)")
            for e in errors[:20]:
                click.echo(f"  {e}")
        else:
            click.echo(f"{f}: valid")
    sys.exit(1 if bad else 0)


@main.group()
def golden() -> None:
    """Golden-file regression of every stage (tests/golden/<stage>/*).

    \b
    Examples:
      gazette golden check               # every stage; exit 1 on any difference
      gazette golden check dates         # one stage
      gazette golden update dates d_cn   # show the diff, then rewrite that case's expectation
      gazette golden add new.txt --stage documents
    """


def _print_diffs(diffs) -> None:
    by_case: dict = {}
    for d in diffs:
        by_case.setdefault((d.stage, d.case), []).append(d)
    for (stage, case), ds in by_case.items():
        click.echo(f"--- {stage}/{case}: {len(ds)} difference(s)")
        for d in ds[:40]:
            click.echo(f"  {d.where}")
            click.echo(f"    - expected: {golden_short(d.expected)}")
            click.echo(f"    + got:      {golden_short(d.got)}")
        if len(ds) > 40:
            click.echo(f"  … {len(ds) - 40} more")


def golden_short(v) -> str:
    from .golden import _short

    return _short(v)


@golden.command("check")
@click.argument("stage", required=False)
@click.argument("case", required=False)
def golden_check(stage: str | None, case: str | None) -> None:
    """Compare today's output of STAGE (default: all) with the stored expectations."""
    from .golden import cases, check

    diffs = check(stage, case)
    _print_diffs(diffs)
    n = len([c for c in cases(stage) if not case or c[1].stem == case])
    click.echo(f"{n} case(s), {len({(d.stage, d.case) for d in diffs})} with differences")
    sys.exit(1 if diffs else 0)


@golden.command("update")
@click.argument("stage", required=False)
@click.argument("case", required=False)
def golden_update(stage: str | None, case: str | None) -> None:
    """Show the diff, then rewrite the expectations of STAGE [CASE]."""
    from .golden import update

    diffs = update(stage, case)
    _print_diffs(diffs)
    click.echo(f"rewrote {len({(d.stage, d.case) for d in diffs})} expectation file(s)")


@golden.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--stage", required=True, help="Stage whose golden set gets the case.")
@click.option("--name", help="Case name (default: the file's stem).")
def golden_add(file: str, stage: str, name: str | None) -> None:
    """Copy FILE into tests/golden/STAGE/ and record today's output for review."""
    from pathlib import Path

    from .golden import add, expected_path

    dest = add(Path(file), stage, name)
    click.echo(f"added {dest}; review {expected_path(dest)} before committing")


from .cli_report import report  # noqa: E402  (light: pipeline.report is imported inside the command)

main.add_command(report)

from .cli_batch import export, ingest, search  # noqa: E402  (light: click only; the work is imported inside)

main.add_command(ingest)
main.add_command(search)
main.add_command(export)

if __name__ == "__main__":  # pragma: no cover
    main()
