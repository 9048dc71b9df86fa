"""The warm worker a process that builds again keeps from one build to the next.

A process that builds one article after another itself (a watch loop, a program calling
`publish.pipeline.build`), once warm for a theme, builds each further article alone in one
worker it keeps (`publish.batch.workers`, forked from it) rather than in a limited child
forked for that article: no fork and no copying of the pages a new child writes (about
14,000 page faults an article), and the worker's memory reused from one article to the
next, as a batch's workers do. The same limits and the same isolation: each article has the
time limit from the moment it is handed over and the memory limit of the worker, and after
any failure but a refused input the worker is replaced. A worker started for other settings
or under another environment is replaced too. The bytes are the forked child's. As the
forked child does, the worker makes the EPUB beside the PDF, in a helper it keeps
(`publish.batch.beside`), so the article has both cores.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from publish.batch.beside import EpubBeside
from publish.batch.run import Batch
from publish.batch.workers import Renderers

if TYPE_CHECKING:
    from publish.batch.task import Outcome, Prepare
    from publish.settings import BuildSettings

log = logging.getLogger("publish")

KEPT = Renderers(spawn=False)
"""This process's kept worker (one a thread)."""
atexit.register(KEPT.stop)


def keeps_worker(todo: Sequence[str], settings: BuildSettings, *, warm: bool) -> bool:
    """Return whether the one article of TODO (a build's articles to make) is built by the
    kept worker: when this process is WARM for SETTINGS' theme (built and rehearsed) and the
    article would otherwise be built in a limited child. Several articles, standard input, a
    PDF shown as soon as it is laid out (`on_pdf`), unlimited builds and other executors are
    built as before."""
    return (
        warm
        and len(todo) == 1
        and todo[0] != "-"
        and settings.limits.isolated
        and settings.on_pdf is None
        and settings.executor == "local"
    )


def _builds_alone(settings: BuildSettings) -> None:
    """In the kept worker, as it starts: each article's EPUB is begun beside its PDF by the
    helper the worker keeps (`publish.batch.beside`), as a limited child's forked copy makes
    it; the worker builds one article at a time, so the helper has the second core."""
    from publish.rendering import builds_alone

    builds_alone(EpubBeside)


def kept_outcome(path: str, settings: BuildSettings, prepare: Prepare) -> Batch:
    """PATH's outcome, built by the kept worker with PREPARE, as a batch of one: its build's
    warnings reported first; the worker outlives the batch."""

    def outcomes() -> Iterator[Outcome]:
        outcome, logged = KEPT.run(prepare, path, settings, _builds_alone)
        for message in logged:
            log.warning("%s", message)
        yield outcome

    return Batch(outcomes(), lambda: None)
