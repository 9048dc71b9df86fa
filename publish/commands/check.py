"""`publish check` and `build --check`: one verdict line per file, and the exit code."""

from __future__ import annotations

from pathlib import Path

import typer


def report_checks(paths: list[Path], *, as_json: bool, ace: bool) -> None:
    """Check PATHS, print one verdict per file, and raise when any fails.

    A file that does not exist is bad input (exit 3, one error line, as `build` says it),
    not a checker failure. With several files a last line sums up the failures; with one,
    its verdict is the whole report.
    """
    from publish.check.verdict import check_file
    from publish.errors import CheckError, InputError

    failed = []
    missing = []
    for path in paths:
        if not path.exists():
            error = InputError("no such file", file=path)
            typer.echo(str(error), err=True)
            missing.append(error)
            continue
        verdict = check_file(path, ace=ace)
        if as_json:
            typer.echo(verdict.as_json())
        else:
            typer.echo(verdict.line())
            for detail in verdict.details[:20]:
                typer.echo(f"    {detail}", err=True)
        if not verdict.ok:
            failed.append(path.name)
    if failed and len(paths) > 1:
        raise CheckError(
            f"{len(failed)} of {len(paths)} files failed their checks: " + ", ".join(failed)
        )
    if failed:
        raise typer.Exit(CheckError.exit_code)
    if missing:
        raise typer.Exit(InputError.exit_code)
