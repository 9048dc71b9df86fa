"""How far a batch build has got, shown on standard error.

On a terminal a batch of more than a few articles gets a rich progress bar (articles done of
all, elapsed and remaining time, the article just finished); elsewhere (a pipe, a CI log) one
plain line per article, `publish: [3/40] built articles/a.md`. A single article, or a batch of
a few, shows nothing. Progress never changes what is built, printed on standard output, or
the exit code.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from publish.errors import escape

MIN_ARTICLES = 4
"""The smallest batch that shows its progress."""


class BuildProgress(Protocol):
    """Told about each article of a batch as it is done."""

    def done(self, path: str, state: str) -> None:
        """Record that PATH is done: "built", "unchanged" or "failed"."""

    def close(self) -> None:
        """Remove or finish the display."""


class NoProgress:
    """Shows nothing."""

    def done(self, path: str, state: str) -> None:
        """Ignore PATH."""

    def close(self) -> None:
        """Do nothing."""


class PlainProgress:
    """One line per article on STREAM."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.count = 0
        self.stream = stream

    def done(self, path: str, state: str) -> None:
        """Write PATH's line."""
        self.count += 1
        self.stream.write(f"publish: [{self.count}/{self.total}] {state} {escape(path)}\n")
        self.stream.flush()

    def close(self) -> None:
        """Do nothing: every line is already written."""


class RichProgress:
    """A rich progress bar on STREAM, a terminal; removed when the batch is done."""

    def __init__(self, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]publish"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=Console(file=stream),
            transient=True,
        )
        self.task = self.progress.add_task("", total=total)
        self.failed = 0
        self.progress.start()

    def done(self, path: str, state: str) -> None:
        """Advance the bar and name PATH."""
        self.failed += state == "failed"
        name = escape(path.rsplit("/", 1)[-1])[:40]
        note = f" ({self.failed} failed)" if self.failed else ""
        self.progress.update(self.task, advance=1, description=f"{state} {name}{note}")

    def close(self) -> None:
        """Stop the bar."""
        self.progress.stop()


def progress_for(total: int, stream: TextIO | None = None) -> BuildProgress:
    """Return the display for a batch of TOTAL articles written to STREAM (standard error)."""
    stream = stream if stream is not None else sys.stderr
    if total < MIN_ARTICLES:
        return NoProgress()
    if _is_terminal(stream):
        return RichProgress(total, stream)
    return PlainProgress(total, stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
