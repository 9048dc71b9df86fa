"""Many articles at once: expand folders into articles and build them over workers.

Each article is one task (`publish.batch.task`): plain data in, plain data out. Workers
never write into the output folder: the parent writes every article's outputs, in input
order, after the same slug check as a serial build, so a parallel build leaves the same
files with the same bytes as `--jobs 1`.

On this machine the workers are warm forked processes, each building one article after
another within the time and memory limits of each (`publish.batch.workers`); on Dask, each
Dask worker keeps such a process (`publish.batch.cluster`). What a task does to its article
is the pipeline's `Prepare` function, handed in (`publish.pipeline.prepare`): this module
knows how to spread articles over workers, not how one is built.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import InputError, PublishError, UsageError
from publish.readers import SUFFIXES

log = logging.getLogger("publish")

if TYPE_CHECKING:
    from publish.batch.cache import BuildCache, Unchanged
    from publish.batch.task import Outcome, Prepare
    from publish.settings import BuildResult, BuildSettings


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def expand_inputs(inputs: Sequence[str], out_dir: Path | None = None) -> list[str]:
    """Return INPUTS with every folder replaced by the articles under it, sorted by path.

    An article is a file whose suffix a reader knows. Hidden files and folders, and the
    output folder, are skipped. A folder with no article in it is a usage error.
    """
    skip = out_dir.resolve() if out_dir is not None else None
    paths: list[str] = []
    for item in inputs:
        folder = Path(item)
        if item == "-" or not folder.is_dir():
            paths.append(item)
            continue
        found = sorted(
            str(path)
            for path in folder.rglob("*")
            if path.suffix.lower() in SUFFIXES
            and path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
            and (skip is None or skip not in path.resolve().parents)
        )
        if not found:
            known = ", ".join(sorted(SUFFIXES))
            raise UsageError(f"no article in the folder (looked for {known})", file=item)
        paths.extend(found)
    return paths


def executor_name(name: str | None, scheduler: str | None) -> str:
    """Return the executor asked for; a scheduler address alone means Dask."""
    if name not in (None, "local", "dask"):
        raise UsageError(f'--executor: unknown executor "{name}"; use local or dask')
    if scheduler is not None and name == "local":
        raise UsageError("--scheduler needs --executor dask, not local")
    return name or ("dask" if scheduler is not None else "local")


def render_batch(
    paths: Sequence[str],
    settings: BuildSettings,
    prepare: Prepare,
    on_done: Callable[[str, Outcome], None] | None = None,
    warm: Callable[[BuildSettings], None] | None = None,
) -> Batch | None:
    """Return each path's outcome in input order, made by PREPARE on `settings.jobs` workers.

    On Dask when `settings.executor` says so. None when the build is serial anyway: one job,
    one article, or standard input. WARM loads what every article needs into the process the
    renderers fork from: this one, before its warm workers start (`publish.batch.workers`),
    or each Dask worker.
    """
    if not paths or "-" in paths:
        return None
    if settings.executor == "dask":
        from publish.batch.cluster import dask_outcomes

        outcomes = dask_outcomes(paths, settings, prepare, warm)
        return Batch(outcomes, lambda: None)  # its client is closed by its end
    if settings.jobs <= 1 or len(paths) <= 1:
        return None
    from publish.batch.workers import WarmPool

    if warm is not None:
        warm(settings)
    pool = WarmPool(min(settings.jobs, len(paths)), prepare, settings)
    return Batch(_outcomes(paths, pool.outcomes(paths), on_done), pool.close)


class Batch(Iterator["Outcome"]):
    """The outcomes of a batch, in input order; `close` stops what still builds them."""

    def __init__(self, outcomes: Iterator[Outcome], stop: Callable[[], None]) -> None:
        self._outcomes, self._stop = outcomes, stop

    def __next__(self) -> Outcome:
        return next(self._outcomes)

    def close(self) -> None:
        """Stop the workers, whether the batch was taken to its end or not."""
        try:
            close = getattr(self._outcomes, "close", None)
            if close is not None:
                close()
        finally:
            self._stop()


def _outcomes(
    paths: Sequence[str],
    replies: Generator[tuple[Outcome, tuple[str, ...]], None, None],
    on_done: Callable[[str, Outcome], None] | None,
) -> Iterator[Outcome]:
    """Yield each outcome in input order, its build's warnings reported first."""
    with contextlib.closing(replies):  # a batch stopped early stops its workers
        for path, (outcome, logged) in zip(paths, replies, strict=True):
            for message in logged:
                log.warning("%s", message)
            if on_done is not None:
                on_done(path, outcome)
            yield outcome


def write_rendered(
    outcome: Outcome, settings: BuildSettings, slugs: dict[str, str], cache: BuildCache
) -> BuildResult:
    """Write one task's outputs into the output folder, after the serial build's slug check."""
    from publish.output.files import write_all
    from publish.settings import BuildResult

    if isinstance(outcome, PublishError):
        raise outcome
    placeholder = BuildResult(outcome.source, outcome.article, ())
    claim(placeholder, slugs)
    outputs = write_all((settings.out_dir / name, data) for name, data in outcome.files)
    images = tuple(Path(image) for image in outcome.images)
    result = BuildResult(outcome.source, outcome.article, tuple(outputs), outcome.warnings, images)
    cache.record(outcome.source, result, list(images))
    return result


def claim(result: BuildResult, slugs: dict[str, str]) -> BuildResult:
    """Return RESULT once its slug is taken for it; InputError when another article has it."""
    slug = result.article.slug
    if slug in slugs:
        raise InputError(
            f'slug "{slug}" is also the slug of {slugs[slug]}; give one of them another `slug:`',
            file=result.source,
        )
    slugs[slug] = result.source
    return result


def open_cache(paths: Sequence[str], settings: BuildSettings) -> BuildCache:
    """Return the output folder's cache for a batch; a disabled one for a single article."""
    from publish.batch.cache import BuildCache

    if not settings.cache or len(paths) <= 1:
        return BuildCache.disabled(settings.out_dir)
    return BuildCache.open(settings, force=settings.force)


def unchanged_batch(inputs: Sequence[str], settings: BuildSettings) -> list[Unchanged] | None:
    """Return what the cache holds of each article of INPUTS when none needs building, else None.

    What `publish.pipeline.build` does for a batch whose every article is fresh, without
    loading the pipeline, the article model or a writer: the same checks, the same progress
    lines, the same outputs in the same order, nothing written. None whenever anything is to
    build or to report (an unknown format, a publication file, a folder without articles, an
    article changed or failing, one slug twice): the pipeline then builds and reports it.
    """
    from publish.batch.progress import NoProgress, progress_for
    from publish.output.files import prepare_folder
    from publish.readers import is_publication
    from publish.settings import FORMATS

    if any(fmt not in FORMATS for fmt in settings.formats) or any(map(is_publication, inputs)):
        return None
    try:
        paths = expand_inputs(inputs, settings.out_dir)
        if len(paths) <= 1 or not settings.cache or settings.force:
            return None
        prepare_folder(settings.out_dir)
    except PublishError:
        return None
    cache = open_cache(paths, settings)
    found: list[Unchanged] = []
    slugs: set[str] = set()
    for path in paths:
        fresh = cache.unchanged(path)
        if fresh is None or fresh.slug in slugs:
            return None
        slugs.add(fresh.slug)
        found.append(fresh)
    progress = progress_for(len(paths)) if settings.progress else NoProgress()
    try:
        for path in paths:
            progress.done(path, "unchanged")
    finally:
        progress.close()
    return found
