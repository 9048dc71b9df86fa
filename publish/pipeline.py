"""The build pipeline: read, enrich, render, write. The only module that knows the order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import logging
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from publish.batch.progress import NoProgress, progress_for
from publish.batch.run import (
    Outcome,
    claim,
    expand_inputs,
    open_cache,
    render_batch,
    write_rendered,
)
from publish.errors import (
    BuildFailed,
    InputError,
    PublishError,
    RenderError,
    UsageError,
    internal_error,
)
from publish.isolation import Limits, run_limited
from publish.model import Article, Figure, PrintPreferences, checked
from publish.output.files import prepare_folder, write_all
from publish.readers import Source, read_article
from publish.readers.dates import source_date_epoch
from publish.readers.docx_stylemap import WordStyles
from publish.readers.source import MAX_INPUT_BYTES
from publish.remote_images import fetch_remote_images, remote_sources
from publish.render.scripts import check_coverage, page_text
from publish.render.templates import EPUB_STYLESHEETS, PDF_STYLESHEETS, Theme, render_article
from publish.render.userfonts import font_css
from publish.resources import resolve_local, sample_article
from publish.strict import fail_on_warnings, warnings_captured
from publish.writers.epub.styles import book_stylesheet
from publish.writers.fetcher import LocalFiles, RemotePolicy
from publish.writers.pdf.options import OUTPUT_PROFILE, PrintRequest, PrintSettings, resolve_print

if TYPE_CHECKING:
    from publish.batch.cache import BuildCache
    from publish.writers.epub.article import FontSource
    from publish.writers.pagemap import PageStart

log = logging.getLogger("publish")

FORMATS = ("pdf", "epub")

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


@dataclass(frozen=True)
class BuildSettings:
    """What `publish build` was asked to do."""

    out_dir: Path = Path("out")
    """Folder the outputs are written to; created when missing."""
    formats: tuple[str, ...] = FORMATS
    """Which outputs to make: "pdf", "epub" or both."""
    input_format: str | None = None
    """Reader to use ("text", "markdown", "json"); None chooses by file suffix."""
    theme: Theme = field(default_factory=Theme)
    """Template and style search path."""
    print_request: PrintRequest = PrintRequest()
    """PDF profile, paper, bleed, marks and variant asked for on the command line."""
    limits: Limits = field(default_factory=Limits)
    """Time and memory limit of each document's rendering (`NO_LIMITS` renders in-process)."""
    allow_remote: tuple[str, ...] = ()
    """Hosts the theme and the article's images may be fetched from over https; none by
    default (no network at all)."""
    jobs: int = 1
    """Articles built at once, each in its own worker process (publish/batch/run.py)."""
    cache: bool = False
    """Skip the articles of a batch whose inputs are unchanged (publish/batch/cache.py)."""
    force: bool = False
    """With `cache`, rebuild every article all the same (and cache them anew)."""
    strict: bool = False
    """Every warning fails its article (render failure, exit 4), and nothing is written."""
    accept_changes: bool = False
    """Read a Word file's tracked changes and comments as accepted instead of refusing it."""
    word_styles: WordStyles | None = None
    """The user's own Word styles mapped onto the model (`--word-styles`)."""
    on_pdf: Callable[[bytes], None] | None = field(default=None, compare=False, repr=False)
    """Called with the PDF's bytes once laid out, before the EPUB is packed and the files are
    written (`publish watch --serve` shows it at once); in-process rendering only."""
    executor: str = "local"
    """Where a batch is built: "local" (a process pool) or "dask" (publish/batch/cluster.py)."""
    scheduler: str | None = None
    """The Dask scheduler's address (tcp://HOST:PORT); None starts a loopback cluster."""
    progress: bool = False
    """Show a batch's progress on standard error (batch/progress.py); never changes output."""
    embed_fonts: bool = True
    """Pack the faces the EPUB's text needs (as subsets), as the PDF embeds them."""


@dataclass(frozen=True)
class BuildResult:
    """What one input became."""

    source: str
    article: Article
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...] = ()
    images: tuple[Path, ...] = ()
    """The image files the article uses (for the batch cache)."""


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
        return [build_publication(book, settings)]
    paths = expand_inputs(inputs, settings.out_dir) or [str(sample_article())]
    prepare_folder(settings.out_dir)
    results: list[BuildResult] = []
    failures: list[PublishError] = []
    slugs: dict[str, str] = {}
    cache = open_cache(paths, settings)
    todo = [p for p in paths if not cache.hit(p)]
    batch = render_batch(todo, settings)
    if todo and batch is None:  # a no-op rebuild never loads the writers
        warm_up(settings)
    elif todo:  # workers fork from here: load everything once, before the pool starts
        import publish.enrich  # noqa: F401
        import publish.writers.pdf.weasy  # noqa: F401
        from publish.readers import preload

        preload()
    progress = progress_for(len(paths)) if settings.progress else NoProgress()
    try:
        for path in paths:
            progress.done(path, _build_one(path, settings, batch, cache, slugs, results, failures))
    finally:
        progress.close()
    cache.save()
    if len(failures) == 1 and not results:
        raise failures[0]
    if failures:
        raise BuildFailed(failures, list(results))
    return results


def warm_up(settings: BuildSettings) -> None:
    """Load the writers and parse the theme once, here, before rendering forks.

    Each document renders in a forked child (and a batch in forked workers), which starts
    with what this process holds: the PDF writer imported, the templates compiled and the
    PDF stylesheets parsed with their font faces registered. A theme that cannot be loaded
    is left for the article's own build to report.
    """
    import publish.writers.epub.package  # noqa: F401
    from publish.writers.pdf.stylesheets import theme_styles

    theme = settings.theme
    try:
        page = resolve_print(settings.print_request, PrintPreferences())
        names = page.stylesheets(PDF_STYLESHEETS)
        theme_styles(tuple(theme.stylesheet(name) for name in names), LocalFiles(theme.roots))
        from publish.render.templates import make_environment

        make_environment(theme).get_template("article.html.j2")
    except Exception:  # reported by the article's build itself, with its file
        return
    key = (theme, settings.print_request)
    if key in _BUILT and key not in _REHEARSED:
        _REHEARSED.add(key)
        _rehearse(settings, page)
    _BUILT.add(key)


_BUILT: set[tuple[Theme, PrintRequest]] = set()
_REHEARSED: set[tuple[Theme, PrintRequest]] = set()


def _rehearse(settings: BuildSettings, page: PrintSettings) -> None:
    """Render the shipped sample article here once, for a process that builds again.

    A forked child's caches die with it: the fonts Pango loaded, the hyphenation
    dictionary, the EPUB's templates, the fonts' code points. A process that builds a second
    time (a watch loop, a program calling `build`) lays the trusted sample out once itself,
    and every later child starts with them warm. The outputs are thrown away; the bytes of
    any build are the same with or without it.
    """
    logger = logging.getLogger("publish")
    quiet, logger.disabled = logger.disabled, True
    try:
        article, source = load_article(str(sample_article()))
        quiet_settings = dataclasses.replace(settings, formats=FORMATS, allow_remote=())
        render_outputs(article, source, quiet_settings, page)  # never fetches remotely
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
) -> str:
    """Build PATH (or take it from the cache or the batch) and say how: built, unchanged..."""
    try:
        if cached := cache.hit(path):  # unchanged since the last build
            results.append(claim(cached, slugs))
            return "unchanged"
        if batch is not None:  # rendered in a worker; written here, in input order
            results.append(write_rendered(next(batch), settings, slugs, cache))
            return "built"
        results.append(build_path(path, settings, slugs))
        cache.record(path, results[-1], results[-1].images)
        return "built"
    except PublishError as exc:
        failures.append(exc.located(path))
    except Exception as exc:  # a bug in one article never stops the others
        failures.append(internal_error(exc, path))
    return "failed"


@dataclass(frozen=True)
class Prepared:
    """One article read, enriched and rendered (in the limited child): all but the writing."""

    article: Article
    source: Source
    rendered: list[tuple[Path, bytes]]
    warnings: list[str]
    read_warnings: list[str]
    images: tuple[Path, ...]


def prepare(path: str, settings: BuildSettings, stdin: bytes | None = None) -> Prepared:
    """Read, enrich and render the article at PATH: the whole build but the writing.

    Runs within the limits (`build_path`). Warnings are returned, not printed, so the parent
    reports them once; a bug becomes an `internal error` of this article. STDIN holds the
    bytes of standard input when PATH is `-` (read by the parent: a forked child has none).
    """
    try:
        with warnings_captured() as read_warnings, standard_input(stdin):
            article, source = load_article(
                path,
                settings.input_format,
                accept_changes=settings.accept_changes,
                allow_remote=settings.allow_remote,
                word_styles=settings.word_styles,
            )
        page = resolve_print(settings.print_request, article.print)
        rendered, warnings = render_outputs(article, source, settings, page)
        images = tuple(image_files(article, source).values())
    except PublishError as exc:
        raise exc.located(path) from None
    except MemoryError:
        raise  # the memory limit: reported by run_limited
    except Exception as exc:  # a bug in one article never stops the others
        raise internal_error(exc, path) from None
    return Prepared(article, source, rendered, warnings, list(read_warnings), images)


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


def build_path(path: str, settings: BuildSettings, slugs: dict[str, str]) -> BuildResult:
    """Build the article at PATH within the limits (read to render), then write it here."""
    stdin = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if path == "-" else None
    prepared = run_limited(lambda: prepare(path, settings, stdin), settings.limits)
    for message in prepared.read_warnings:
        log.warning("%s", message)
    if settings.strict:
        fail_on_warnings(prepared.read_warnings)
    source, article = prepared.source, prepared.article
    if article.slug in slugs:
        raise InputError(
            f'slug "{article.slug}" is also the slug of {slugs[article.slug]}; '
            "give one of them another `slug:`",
            file=source.name,
        )
    slugs[article.slug] = source.name
    return finish(prepared, settings)


def finish(prepared: Prepared, settings: BuildSettings) -> BuildResult:
    """Write PREPARED's outputs (all or none) and report the renderer's warnings."""
    name, warnings = prepared.source.name, prepared.warnings
    if settings.strict and warnings:
        for message in warnings:
            log.warning("%s: warning: %s", name, message)
        fail_on_warnings(warnings)
    outputs = write_all(prepared.rendered)
    for message in warnings:
        log.warning("%s: warning: %s", name, message)
    return BuildResult(name, prepared.article, tuple(outputs), tuple(warnings), prepared.images)


def build_article(article: Article, source: Source, settings: BuildSettings) -> BuildResult:
    """Render ARTICLE (already read) to every requested format within the limits; write them."""
    try:
        page = resolve_print(settings.print_request, article.print)
        rendered, warnings = run_limited(
            lambda: render_outputs(article, source, settings, page), settings.limits
        )
    except PublishError as exc:
        raise exc.located(source.name) from None
    images = tuple(image_files(article, source).values())
    return finish(Prepared(article, source, rendered, warnings, [], images), settings)


def render_outputs(
    article: Article, source: Source, settings: BuildSettings, page: PrintSettings | None = None
) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """Return the (path, bytes) of every requested output and the renderer's warnings."""
    rendered: list[tuple[Path, bytes]] = []
    warnings: list[str] = []
    image_files(article, source)
    # The PDF is laid out first, even for an EPUB alone: its page starts make the EPUB's
    # page list, so the EPUB is the same whichever formats are asked for.
    data, pdf_warnings, pages = make_pdf(
        article,
        source,
        settings.theme,
        page,
        settings.allow_remote,
        write="pdf" in settings.formats,
    )
    warnings += pdf_warnings
    if settings.on_pdf is not None and "pdf" in settings.formats:
        settings.on_pdf(data)
    if "pdf" in settings.formats:
        rendered.append((settings.out_dir / f"{article.slug}.pdf", data))
    if "epub" in settings.formats:
        rendered.append(
            (
                settings.out_dir / f"{article.slug}.epub",
                make_epub(article, source, settings.theme, pages, embed_fonts=settings.embed_fonts),
            )
        )
    return rendered, warnings


def build_date(article: Article) -> dt.datetime:
    """Return the moment the build is dated: SOURCE_DATE_EPOCH, else the article's date."""
    day = source_date_epoch() or article.date
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def book_identifier(article: Article) -> str:
    """Return a UUID v5 URN from the source URL, or from the article's content without one."""
    if article.source_url:
        return uuid.uuid5(uuid.NAMESPACE_URL, article.source_url).urn
    digest = hashlib.sha256(article.identity_json().encode("utf-8")).hexdigest()
    return uuid.uuid5(uuid.NAMESPACE_OID, digest).urn


def print_identifier(article: Article) -> str:
    """Return the UUID URN naming the PDF edition: the page list's source in the EPUB."""
    return uuid.uuid5(uuid.UUID(book_identifier(article)), "pdf").urn


def _roots(source: Source, theme: Theme) -> list[Path]:
    return [*theme.roots, *([source.folder] if source.folder else [])]


def make_pdf(
    article: Article,
    source: Source,
    theme: Theme,
    page: PrintSettings | None = None,
    allow_remote: tuple[str, ...] = (),
    write: bool = True,
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Return the article as PDF bytes, the warnings raised, and where each page starts.

    Without WRITE the pages are only laid out (for the EPUB's page list); the bytes are empty.
    """
    from publish.writers.pdf.finish import MarkGeometry, PdfFinish
    from publish.writers.pdf.weasy import PdfOptions, render_pdf

    page = page or PrintSettings()
    html = render_article(article, target="pdf", theme=theme)
    check_coverage(page_text(html), theme.font_paths)
    files = LocalFiles(
        _roots(source, theme),
        remote=RemotePolicy(hosts=allow_remote) if allow_remote else None,
        prefetched=source.remote_images,
    )
    identifier = (
        hashlib.md5(book_identifier(article).encode("ascii"), usedforsecurity=False)
        .hexdigest()
        .encode("ascii")
    )
    stylesheets = tuple(theme.stylesheet(name) for name in page.stylesheets(PDF_STYLESHEETS))
    page_css = page.page_css()
    if theme.fonts:
        page_css += font_css(theme.user_fonts(), stylesheets)
    if page.is_pdf_x:
        page_css += page.output_profile_css(theme.stylesheet(OUTPUT_PROFILE))
    finish = PdfFinish(
        bleed_pt=page.bleed.points,
        marks=page.marks,
        geometry=MarkGeometry(page.mark_offset_pt, page.mark_length_pt),
        document_id=book_identifier(article).removeprefix("urn:uuid:"),
        hide_annotations=page.is_pdf_x,
    )
    return render_pdf(
        html,
        base_url=source.folder or theme.styles[-1],
        stylesheets=stylesheets,
        files=files,
        options=PdfOptions(
            pdf_variant=page.pdf_variant,
            identifier=identifier,
            page_css=page_css,
            finish=finish,
            srgb_default=page.is_pdf_x,
        ),
        write=write,
        relayout=lambda fixes: render_article(
            article, target="pdf", theme=theme, extra={"repeat_notes": fixes.repeats}
        ),
    )


def image_files(article: Article, source: Source) -> dict[str, Path]:
    """Return each figure's source mapped to its file; raise InputError for a bad one.

    A remote image is not a file: it comes fetched, with SOURCE (`Source.remote_images`).
    """
    found: dict[str, Path] = {}
    fetched = {image.url for image in source.remote_images}
    for block in article.body:
        if isinstance(block, Figure) and block.src not in found and block.src not in fetched:
            if source.folder is None:
                raise InputError(
                    f'image "{block.src}": an article read from standard input cannot use images',
                    file=source.name,
                )
            try:
                found[block.src] = resolve_local(source.folder, block.src)
            except ValueError as exc:
                raise InputError(f'image "{block.src}": {exc}', file=source.name) from None
    return found


def make_epub(
    article: Article,
    source: Source,
    theme: Theme,
    pages: tuple[PageStart, ...] = (),
    *,
    embed_fonts: bool = True,
) -> bytes:
    """Return the article packed as EPUB bytes, with PAGES (the PDF's) as its page list.

    With EMBED_FONTS (the default) the book carries subsets of the theme's faces and the
    theme's `scripts.css` (without its `@page` rules), so it reads in the PDF's fonts.
    """
    from publish.writers.epub.article import make_epub_book

    stylesheets, fonts = epub_styles(theme, embed_fonts)
    return make_epub_book(
        article,
        source,
        theme,
        stylesheets=stylesheets,
        images=image_files(article, source),
        identifier=book_identifier(article),
        modified=build_date(article),
        pages=pages,
        page_source=print_identifier(article),
        fonts=fonts,
    )


def epub_styles(
    theme: Theme, embed_fonts: bool = True
) -> tuple[dict[str, bytes], FontSource | None]:
    """Return the EPUB's stylesheets by name (in cascade order) and, to embed, its fonts."""
    from publish.writers.epub.article import FontSource
    from publish.writers.epub.fonts import epub_stylesheet

    stylesheets = {
        name: book_stylesheet(theme.stylesheet(name), theme.roots) for name in EPUB_STYLESHEETS
    }
    fonts = None
    if embed_fonts:
        scripts = _optional_stylesheet(theme, "scripts.css")
        fonts = FontSource(theme.stylesheet("fonts.css"), scripts)
        if scripts is not None:
            stylesheets = {
                "base.css": stylesheets.pop("base.css"),
                "scripts.css": epub_stylesheet(scripts),
                **stylesheets,
            }
    return stylesheets, fonts


def _optional_stylesheet(theme: Theme, name: str) -> Path | None:
    try:
        return theme.stylesheet(name)
    except RenderError:
        return None
