"""`--strict`: every warning a build logs becomes a failure of its article (exit 4)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from publish.errors import RenderError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def warnings_logged() -> Iterator[list[str]]:
    """Yield the list of warnings the `publish` loggers log inside the block."""
    handler = _Collect()
    logger = logging.getLogger("publish")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def fail_on_warnings(warnings: list[str] | tuple[str, ...]) -> None:
    """Raise the --strict failure when there were WARNINGS."""
    if warnings:
        count = len(warnings)
        raise RenderError(
            f"{count} warning{'s' if count != 1 else ''} and --strict was given "
            "(each warning is a failure)"
        )


@contextmanager
def warnings_captured() -> Iterator[list[str]]:
    """Yield the list of warnings logged inside the block, which are kept from being printed.

    The limited child collects its warnings this way and the parent reports them.
    """
    handler = _Collect()
    logger = logging.getLogger("publish")
    saved = (logger.handlers[:], logger.propagate)
    logger.handlers[:] = [handler]
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.handlers[:], logger.propagate = saved
