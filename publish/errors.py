"""Errors a user can act on, each with its own exit code.

Every failure `publish` reports is a `PublishError`: the CLI prints it as one line,
`FILE[:LINE[:COL]]: error: MESSAGE`, and exits with the subclass's code.
"""

from __future__ import annotations

from pathlib import Path


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
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}error: {self.message}"


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


EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
"""Exit code after SIGTERM (128 + 15), once temporary files are removed."""
