"""One task of a batch: an article built in a worker, all but the writing, as plain data.

A task takes plain data (the input path, the build settings and the pipeline's `Prepare`
function, which travels by name) and returns plain data: the article, the name and bytes
of each output, the warnings, or the PublishError it failed with. The local pool
(`publish.batch.run`) and the Dask workers (`publish.batch.cluster`) run the same task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publish.errors import PublishError, internal_error

if TYPE_CHECKING:
    from publish.model import Article
    from publish.settings import BuildSettings, Prepared

log = logging.getLogger("publish")

Prepare = Callable[[str, "BuildSettings"], "Prepared"]
"""Reads, enriches and renders the article at a path, all but the writing: the pipeline's
`prepare`. A module-level function, so that it travels to a worker by name."""


@dataclass(frozen=True)
class Rendered:
    """What a task made of one article, before anything is written."""

    source: str
    article: Article
    files: tuple[tuple[str, bytes], ...]
    """(file name, bytes) of every output, in the order the serial build writes them."""
    warnings: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    """The image files the article uses, for the cache."""


Outcome = Rendered | PublishError


def build_here(prepare: Prepare, path: str, settings: BuildSettings) -> Outcome:
    """Build the article at PATH in this process as a serial build would, all but the writing.

    For a warm worker (`publish.batch.workers`), which is itself within the limits. Failures
    are returned, not raised, but for running out of memory (MemoryError), which the worker
    reports and is replaced for.
    """
    return _outcome(path, settings, lambda: prepare(path, settings))


def _outcome(path: str, settings: BuildSettings, prepared: Callable[[], Prepared]) -> Outcome:
    from publish.batch.cache import images_left_out
    from publish.strict import fail_on_warnings

    try:
        made = prepared()
        for message in made.read_warnings:
            log.warning("%s", message)
        if settings.strict:
            fail_on_warnings(made.read_warnings)
        name, warnings = made.files.name, made.warnings
        for message in warnings:
            log.warning("%s: warning: %s", name, message)
        if settings.strict:
            fail_on_warnings(warnings)
        files = tuple((output.name, data) for output, data in made.rendered)
        images = tuple(str(image) for image in made.files.paths())
        kept = (*images_left_out(made.read_warnings), *warnings)
        return Rendered(name, made.article, files, kept, images)
    except PublishError as exc:
        return exc.located(path)
    except MemoryError:
        raise
    except Exception as exc:  # a bug in one article never stops the others
        return internal_error(exc, path)
