"""How a command ends: each warning and error one line on standard error, and its exit code.

Every command runs inside `reported`: a `PublishError` prints as its one line and exits with
its class's code, an interruption exits 130 (143 for SIGTERM), and a bug is one
`internal error` line with exit 4 (`--debug` lets the traceback through instead).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from publish.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, BuildFailed, PublishError, escape
from publish.interrupts import Terminated, mark_reported, stop_on_signals

INTERNAL_ERROR_EXIT = 4
"""Exit code of a bug: the render-failure code, since the build did not make its outputs."""


class _Plain(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return escape(record.getMessage())  # one line, whatever an input put in it


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Write to the standard error of the moment, not the one there when it was made (a
    program that runs the command line twice, or a test runner, swaps `sys.stderr`)."""

    _publish = True

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass  # always sys.stderr


def setup_logging() -> None:
    """Send the `publish` logger's warnings to standard error, one escaped line each."""
    logger = logging.getLogger("publish")
    if not any(getattr(h, "_publish", False) for h in logger.handlers):
        handler = _StandardError()
        handler.setFormatter(_Plain())
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


@contextmanager
def reported(debug: bool = False) -> Iterator[None]:
    """Turn errors into one line on standard error and the matching exit code."""
    setup_logging()
    with stop_on_signals(), _one_line(debug):  # a second Ctrl-C or SIGTERM exits at once
        yield


@contextmanager
def _one_line(debug: bool) -> Iterator[None]:
    try:
        yield
    except BuildFailed as exc:
        if debug:
            raise
        for result in exc.results:
            for path in getattr(result, "outputs", ()):
                typer.echo(str(path))
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except PublishError as exc:
        if debug:
            raise
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        mark_reported()
        typer.echo("publish: error: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        mark_reported()
        typer.echo("publish: error: terminated", err=True)
        raise typer.Exit(EXIT_TERMINATED) from None
    except typer.Exit:  # the command has already reported, and chosen its exit code
        raise
    except Exception as exc:  # a bug: still one line and a render-failure code
        if debug:
            raise
        summary = traceback.format_exception_only(type(exc), exc)[-1].strip()
        typer.echo(
            f"publish: error: internal error ({escape(summary[:300])}); "
            "run again with --debug for the traceback",
            err=True,
        )
        raise typer.Exit(INTERNAL_ERROR_EXIT) from None
