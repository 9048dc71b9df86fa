"""The build pipeline: read, enrich, render, write. The only module that knows the order."""

from __future__ import annotations

import dataclasses
import io
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from publish import layout_ahead
from publish.article_files import ArticleFiles, resolve_files
from publish.batch.cache import images_left_out
from publish.batch.kept import keeps_worker, kept_outcome
from publish.batch.progress import NoProgress, progress_for
from publish.batch.run import claim, expand_inputs, open_cache, render_batch, write_rendered
from publish.batch.task import Outcome
from publish.errors import BuildFailed, InputError, PublishError, UsageError, internal_error
from publish.isolation import Started, run_limited, start_limited
from publish.model import Article, PrintPreferences, checked
from publish.output.files import prepare_folder, write_all
from publish.readers import Source, read_article
from publish.readers.docx_stylemap import WordStyles
from publish.readers.source import MAX_INPUT_BYTES
from publish.remote_images import fetch_remote_images, remote_sources
from publish.render.templates import Theme
from publish.rendering import located, render, render_outputs
from publish.resources import sample_article
from publish.settings import FORMATS, BuildResult, BuildSettings, Loaded, Prepared
from publish.strict import fail_on_warnings, warnings_captured
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from publish.writers.fetcher import RemotePolicy
from publish.writers.pdf.options import PrintRequest, PrintSettings, resolve_print

if TYPE_CHECKING:
    from publish.batch.cache import BuildCache
    from publish.readers.publication import Loader

__all__ = ["FORMATS", "BuildResult", "BuildSettings", "build", "enrich", "load_article"]
"""What a program calls (the README's "a program calling `publish.pipeline.build`"): `build`,
with its settings and results (defined in `publish.settings`), and the reading stages."""

log = logging.getLogger("publish")

Enricher = Callable[[Article], Article]


def add_key_figures(article: Article) -> Article:
    """The fact box's figures (`publish.enrich`, imported when first needed)."""
    from publish.enrich import add_key_figures as enricher

    return enricher(article)


def add_source_notes(article: Article) -> Article:
    """The source notes (`publish.enrich`, imported when first needed)."""
    from publish.enrich import add_source_notes as enricher

    return enricher(article)


ENRICHERS: tuple[Enricher, ...] = (add_key_figures, add_source_notes)
"""Article -> Article stages run in this order between reading and rendering."""


def load_article(
    path: str,
    input_format: str | None = None,
    *,
    accept_changes: bool = False,
    allow_remote: tuple[str, ...] = (),
    word_styles: WordStyles | None = None,
) -> tuple[Article, Source]:
    """Read the article at PATH, fetch its images on the ALLOW_REMOTE hosts (once, for both
    outputs: publish.remote_images) and run the enrichers on it."""
    article, source = read_article(
        path,
        input_format,
        accept_changes=accept_changes,
        allow_remote=allow_remote,
        word_styles=word_styles,
    )
    if allow_remote and remote_sources(article):
        article, source = fetch_remote_images(
            article,
            source,
            RemotePolicy(hosts=allow_remote),
            lambda message: log.warning("%s: warning: %s", source.name, message),
        )
    return enrich(article), source


def enrich(article: Article) -> Article:
    """Return ARTICLE after every enricher has run, in order, each result validated whole.

    An enricher that returns an article no reader would accept is a bug: `InvalidArticle`
    names it, and the build reports it as an internal error of the article.
    """
    for enricher in ENRICHERS:
        article = checked(enricher(article), f"enricher {enricher.__name__}")
    return article


def build(inputs: Sequence[str], settings: BuildSettings) -> list[BuildResult]:
    """Build every input (the sample article when there is none).

    An input that fails is reported and the others still build. One failure alone is raised
    as it is; several (or one beside successes) are raised together as BuildFailed.
    """
    for fmt in settings.formats:
        if fmt not in FORMATS:
            raise UsageError(f'unknown output format "{fmt}"; use pdf or epub')
    from publish.book_build import build_publication, publication_inputs

    if book := publication_inputs(list(inputs)):  # publication.yml: one book of articles
        return [build_publication(book, settings, _article_loader(settings))]
    paths = expand_inputs(inputs, settings.out_dir) or [str(sample_article())]
    prepare_folder(settings.out_dir)
    results: list[BuildResult] = []
    failures: list[PublishError] = []
    slugs: dict[str, str] = {}
    cache = open_cache(paths, settings)
    todo = [p for p in paths if not cache.hit(p)]
    # A batch's renderers fork from this process warmed by `_warm_forking`, before the
    # progress starts; a Dask worker's renderer, a new program, is warmed by it in itself
    batch = render_batch(todo, settings, prepare, warm=_warm_forking)
    started: dict[str, Started[Loaded]] = {}
    progress = progress_for(len(paths)) if settings.progress else NoProgress()
    try:
        if todo and batch is None and layout_ahead.claim(paths, todo, settings, read):
            pass  # one article, read now and laid out by the process forked ahead
        elif batch is None and keeps_worker(todo, settings, warm=_warm(settings)):
            warm_up(settings)  # a theme file changed is parsed again here too
            batch = kept_outcome(todo[0], settings, prepare)  # built by the worker kept warm
        elif todo and batch is None:  # serial (a no-op rebuild, with nothing to do, loads nothing)
            if not _warm(settings):  # the first article is read while the writers load
                started[todo[0]] = start_reading(todo[0], settings)
            warm_up(settings, rehearse=len(todo) > 1)
        for path in paths:
            done = _build_one(path, settings, batch, cache, slugs, results, failures, started)
            progress.done(path, done)
    finally:
        for reading in started.values():  # interrupted before its turn
            reading.stop()
        if batch is not None:
            batch.close()
        progress.close()
    cache.save()
    if len(failures) == 1 and not results:
        raise failures[0]
    if failures:
        raise BuildFailed(failures, list(results))
    return results


def warm_up(settings: BuildSettings, *, rehearse: bool = False) -> None:
    """Load the writers and parse the theme once, here, before rendering forks.

    Each document renders in a forked child (and a batch in forked workers), which starts
    with what this process holds: the PDF writer imported, the templates compiled and the
    PDF stylesheets parsed with their font faces registered. A theme that cannot be loaded
    is left for the article's own build to report. The sample is rehearsed (`_rehearse`) on
    a process's second build, or at once when REHEARSE says a batch of articles follows.
    """
    from publish.render.templates import make_environment

    epub_writer.preload()
    theme = settings.theme
    try:
        page = resolve_print(settings.print_request, PrintPreferences())
        pdf_writer.warm_up(theme, page)
        make_environment(theme).get_template("article.html.j2")
    except Exception:  # reported by the article's build itself, with its file
        return
    key = (theme, settings.print_request)
    if (rehearse or key in _BUILT) and key not in _REHEARSED:
        _REHEARSED.add(key)
        _rehearse(settings, page)
    _BUILT.add(key)


def _warm_forking(settings: BuildSettings) -> None:
    """Load what every article needs into a process that batch renderers fork from (or
    into a Dask worker's renderer itself, started as a new program).

    Every reader, the enrichers and the language detector's model, the writers, the theme
    parsed. The sample is not rehearsed: a batch's warm workers build many articles each, so
    what a first layout loads (fonts, hyphenation) is loaded by each worker's first article,
    in parallel, instead of by a rehearsal before any worker starts.
    """
    _preload()
    warm_up(settings)


def _warm(settings: BuildSettings) -> bool:
    """Return whether this process is warm for SETTINGS' theme: built and rehearsed, so
    `warm_up` has nothing left to load and no article is worth reading beside it."""
    return (settings.theme, settings.print_request) in _REHEARSED


def _preload() -> None:
    """Import every reader, the enrichers and the PDF writer now, before a pool of workers forks."""
    import publish.enrich  # noqa: F401
    from publish.readers import preload
    from publish.readers.language import load_detector

    preload()
    load_detector()  # else each article without a stated language loads the model again
    pdf_writer.preload()


_BUILT: set[tuple[Theme, PrintRequest]] = set()
_REHEARSED: set[tuple[Theme, PrintRequest]] = set()


def _rehearse(settings: BuildSettings, page: PrintSettings) -> None:
    """Render the shipped sample article here once, for a process that builds again.

    A forked child's caches die with it: the fonts Pango loaded, the hyphenation
    dictionary, the EPUB's templates, the fonts' code points, the readers and the language
    detector's model (about 0.2 s each article without a stated language). A process that
    builds a second time (a watch loop, a program calling `build`) or is about to build many
    articles (a batch, a pool's parent, a Dask worker) loads the readers and the detector and
    lays the trusted sample out once itself, and every later child starts with them warm.
    The outputs are thrown away; the bytes of any build are the same with or without it.
    """
    from publish.readers import preload
    from publish.readers.language import load_detector

    logger = logging.getLogger("publish")
    quiet, logger.disabled = logger.disabled, True
    try:
        preload()
        load_detector()
        article, source = load_article(str(sample_article()))
        quiet_settings = dataclasses.replace(settings, formats=FORMATS, allow_remote=())
        render_outputs(article, article_files(article, source), quiet_settings, page)
    except Exception:  # a broken theme is reported by the article's own build
        return
    finally:
        logger.disabled = quiet


def _build_one(
    path: str,
    settings: BuildSettings,
    batch: Iterator[Outcome] | None,
    cache: BuildCache,
    slugs: dict[str, str],
    results: list[BuildResult],
    failures: list[PublishError],
    started: dict[str, Started[Loaded]],
) -> str:
    """Build PATH (or take it from the cache or the batch) and say how: built, unchanged...

    STARTED holds the articles whose reading has started already (`start_reading`)."""
    try:
        if cached := cache.hit(path):  # unchanged since the last build
            results.append(claim(cached, slugs))
            return "unchanged"
        if batch is not None:  # rendered in a worker; written here, in input order
            results.append(write_rendered(next(batch), settings, slugs, cache))
            return "built"
        results.append(build_path(path, settings, slugs, started.pop(path, None)))
        cache.record(path, results[-1], results[-1].images)
        return "built"
    except PublishError as exc:
        failures.append(exc.located(path))
    except Exception as exc:  # a bug in one article never stops the others
        failures.append(internal_error(exc, path))
    return "failed"


def prepare(path: str, settings: BuildSettings, stdin: bytes | None = None) -> Prepared:
    """Read, enrich and render the article at PATH: the whole build but the writing.

    Runs within the limits (a batch's worker). Warnings are returned, not printed, so the
    parent reports them once; a bug becomes an `internal error` of this article. STDIN holds
    the bytes of standard input when PATH is `-` (read by the parent: a forked child has none).
    """
    return render(path, read(path, settings, stdin), settings)


def read(path: str, settings: BuildSettings, stdin: bytes | None = None) -> Loaded:
    """Read and enrich the article at PATH and resolve its files (the first half of `prepare`)."""
    with located(path), warnings_captured() as read_warnings, standard_input(stdin):
        article, source = load_article(
            path,
            settings.input_format,
            accept_changes=settings.accept_changes,
            allow_remote=settings.allow_remote,
            word_styles=settings.word_styles,
        )
    with located(path):
        return Loaded(article, article_files(article, source), list(read_warnings))


def article_files(article: Article, source: Source) -> ArticleFiles:
    """Return the files ARTICLE's writers may embed, resolved once inside SOURCE's folder."""
    return resolve_files(article, source.name, source.folder, source.remote_images)


def _article_loader(settings: BuildSettings) -> Loader:
    """Return the function that reads one article of a publication as `build` reads one."""

    def load(path: str, input_format: str | None) -> tuple[Article, ArticleFiles]:
        article, source = load_article(
            path, input_format or settings.input_format, accept_changes=settings.accept_changes
        )
        return article, article_files(article, source)

    return load


@contextmanager
def standard_input(data: bytes | None) -> Iterator[None]:
    """Within the block, standard input holds DATA (when given)."""
    if data is None:
        yield
        return
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        yield
    finally:
        sys.stdin = saved


def start_reading(path: str, settings: BuildSettings) -> Started[Loaded]:
    """Start reading the article at PATH in a limited child; `build_path` waits for it."""
    stdin = _standard_input_bytes(path)
    return start_limited(lambda: read(path, settings, stdin), settings.limits)


def _standard_input_bytes(path: str) -> bytes | None:
    """The bytes of standard input when PATH is `-`, read here (a forked child has none)."""
    return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if path == "-" else None


def build_path(
    path: str,
    settings: BuildSettings,
    slugs: dict[str, str],
    reading: Started[Loaded] | None = None,
) -> BuildResult:
    """Build the article at PATH within the limits (read to render), then write it here.

    When READING was started (the first article, read while this process loaded the
    writers) it is rendered in a second child, forked once the writers are loaded, the two
    sharing the document's time limit; otherwise one limited child reads and renders it.
    """
    if layout_ahead.claimed():  # read, then laid out by the process forked ahead
        prepared = layout_ahead.render(path, settings)
    elif reading is None:  # the writers are loaded: one child reads and renders
        stdin = _standard_input_bytes(path)
        prepared = run_limited(
            lambda: render(path, read(path, settings, stdin), settings, beside=True),
            settings.limits,
        )
    else:
        loaded = reading.result()
        prepared = run_limited(
            lambda: render(path, loaded, settings, beside=True),
            settings.limits,
            spent=reading.seconds,
        )
    for message in prepared.read_warnings:
        log.warning("%s", message)
    if settings.strict:
        fail_on_warnings(prepared.read_warnings)
    name, article = prepared.files.name, prepared.article
    if article.slug in slugs:
        raise InputError(
            f'slug "{article.slug}" is also the slug of {slugs[article.slug]}; '
            "give one of them another `slug:`",
            file=name,
        )
    slugs[article.slug] = name
    return finish(prepared, settings)


def finish(prepared: Prepared, settings: BuildSettings) -> BuildResult:
    """Write PREPARED's outputs (all or none) and report the renderer's warnings."""
    name, warnings = prepared.files.name, prepared.warnings
    if settings.strict and warnings:
        for message in warnings:
            log.warning("%s: warning: %s", name, message)
        fail_on_warnings(warnings)
    outputs = write_all(prepared.rendered)
    for message in warnings:
        log.warning("%s: warning: %s", name, message)
    images = prepared.files.paths()
    kept = (*images_left_out(prepared.read_warnings), *warnings)
    return BuildResult(name, prepared.article, tuple(outputs), kept, images)
