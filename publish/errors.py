"""Errors a user can act on, each with its own exit code.

Every failure `publish` reports is a `PublishError`: the CLI prints it as one line,
`FILE[:LINE[:COL]]: error: MESSAGE`, and exits with the subclass's code.
"""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

MESSAGE_LIMIT = 400
"""Most characters of one message a report shows; the rest is cut and marked with an ellipsis."""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _unsafe(char: str) -> bool:
    """Tell whether CHAR could break a report's line or steer the terminal or reader."""
    category = unicodedata.category(char)
    if category == "Cc" or category in ("Zl", "Zp"):
        return True  # C0/C1 controls (newline, ESC, DEL...), U+2028/U+2029
    # bidirectional overrides and isolates reorder what the reader sees
    return category == "Cf" and unicodedata.bidirectional(char) in (
        "LRE",
        "RLE",
        "LRO",
        "RLO",
        "PDF",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
    )


def escape(text: str) -> str:
    """Return TEXT with every character that could forge a report shown escaped."""
    return "".join(
        _NAMED.get(char)
        or (f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        if _unsafe(char)
        else char
        for char in text
    )


def quote(value: object, limit: int = 80) -> str:
    """Return VALUE as a report echoes it: in double quotes, escaped, at most LIMIT characters.

    Every value taken from an input and put in a message goes through here or through
    `PublishError.__str__`, so one failure is always exactly one line.
    """
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return '"' + escape(text).replace('"', '\\"') + '"'


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class PublishError(Exception):
    """A failure reported to the user as one line, with an exit code."""

    exit_code = 1
    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column

    def located(self, file: str | Path | None = None) -> PublishError:
        """Return this error with FILE filled in when it has none yet."""
        if self.file is None and file is not None:
            self.file = str(file)
        return self

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = escape(_cap(self.file, MESSAGE_LIMIT))
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}error: {escape(_cap(self.message, MESSAGE_LIMIT))}"


class UsageError(PublishError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class InputError(PublishError):
    """The article cannot be read: bad encoding, bad front matter, missing field."""

    exit_code = 3


class RenderError(PublishError):
    """The article was read but a PDF or EPUB could not be made from it."""

    exit_code = 4


class CheckError(PublishError):
    """A checker (EPUBCheck, Ace, the PDF checks) rejected an output."""

    exit_code = 5


class LimitError(PublishError):
    """Rendering one document ran past its time or memory limit."""

    exit_code = 6


class OutputError(PublishError):
    """An output could not be written (folder missing, not writable, disk full)."""

    exit_code = 7


class FetchRefused(ValueError):
    """A document asked for something outside the allowed folders, or on the network.

    Raised to the PDF renderer's URL fetcher, which records the reason; not a user-facing
    `PublishError` itself.
    """


class BuildFailed(PublishError):
    """Several inputs were built and some failed; each failure is in ERRORS."""

    def __init__(self, errors: list[PublishError], results: list[object]) -> None:
        super().__init__(f"{len(errors)} of {len(errors) + len(results)} articles failed")
        self.errors = errors
        self.results = results
        self.exit_code = max(error.exit_code for error in errors)

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def internal_error(exc: BaseException, file: str | Path | None = None) -> RenderError:
    """Return a bug met while building FILE as the one-line render failure it is reported as."""
    summary = f"{type(exc).__name__}: {exc}"
    error = RenderError(
        f"internal error ({_cap(summary, 300)}); run again with --debug for the traceback",
        file=file,
    )
    error.__cause__ = exc  # --debug shows the bug's own traceback
    return error


@contextmanager
def located(path: str) -> Iterator[None]:
    """Within the block, an error is PATH's: a PublishError is located there, a bug becomes
    PATH's `internal error`; running out of memory is left to `run_limited` to report."""
    try:
        yield
    except PublishError as exc:
        raise exc.located(path) from None
    except MemoryError:
        raise
    except Exception as exc:  # a bug in one article never stops the others
        raise internal_error(exc, path) from None


EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
"""Exit code after SIGTERM (128 + 15), once temporary files are removed."""
