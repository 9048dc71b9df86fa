"""An article read and enriched, rendered to every output asked for (all but the writing).

The PDF is laid out first, even for an EPUB alone: its page starts make the EPUB's page
list, so the EPUB is the same whichever formats are asked for. In a document's limited
child (`publish.pipeline.build_path`) the EPUB is made in a forked copy of the child, which
draws the cover while the child lays the PDF out and packs the rest while it writes it, so
the two share the machine's cores; in the worker a warm process keeps (`publish.batch.kept`)
it is made the same way by a helper process the worker keeps (`publish.batch.beside`);
elsewhere (a batch's worker, a build without limits) one is made after the other. When the
layout process was forked ahead (`publish.layout_ahead`), the PDF is made there and the EPUB
in the article's reading child, from the page starts the layout process sends
(`epub_when_laid_out`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from publish.article_files import ArticleFiles
from publish.errors import RenderError
from publish.errors import located as located  # re-exported: its old home
from publish.isolation import fork_ahead
from publish.model import Article
from publish.settings import BuildSettings, Loaded, Prepared
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from publish.writers.pagemap import PageStart
from publish.writers.pdf.options import PrintSettings, resolve_print

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


class Beside(Protocol):
    """An EPUB begun beside the PDF's layout (`isolation.Ahead`, `publish.batch.beside`)."""

    given: bool

    def give(self, pages: tuple[PageStart, ...]) -> None: ...
    def result(self) -> bytes: ...
    def stop(self) -> None: ...


Besides = Callable[[Article, ArticleFiles, BuildSettings], Beside]
"""Begins an article's EPUB elsewhere than in a forked copy (the kept worker's helper)."""

_ALONE: list[Besides] = []
"""How this process begins each article's EPUB beside its PDF when it builds one article at
a time (`builds_alone`): the kept worker's helper; empty elsewhere."""


def builds_alone(besides: Besides) -> None:
    """Have this process (the kept worker, `publish.batch.kept`) begin each article's EPUB
    with BESIDES while it lays out the PDF, however it is asked to render it."""
    _ALONE[:] = [besides]


def render(
    path: str, loaded: Loaded, settings: BuildSettings, *, beside: bool | Besides = False
) -> Prepared:
    """Render LOADED, the article read from PATH, to every output (the second half of
    `publish.pipeline.prepare`); BESIDE, in a limited child, makes the EPUB in a fork of it
    (or where BESIDE, a function, begins it: `render_outputs`)."""
    with located(path):
        page = resolve_print(settings.print_request, loaded.article.print)
        rendered, warnings = render_outputs(
            loaded.article, loaded.files, settings, page, beside=beside
        )
    return Prepared(loaded.article, loaded.files, rendered, warnings, loaded.read_warnings)


def render_outputs(
    article: Article,
    files: ArticleFiles,
    settings: BuildSettings,
    page: PrintSettings,
    *,
    beside: bool | Besides = False,
) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """Return the (path, bytes) of every requested output and the renderer's warnings.

    With BESIDE (and limits), the EPUB is made in a forked copy of this process: its cover
    while this one lays the PDF out, the rest once the pages are known, while this one writes
    the PDF; BESIDE, a function, begins the EPUB where it says instead (the kept worker's
    helper, `publish.batch.beside`). A failure of the PDF is reported first, as when the
    EPUB is made after it.
    """
    both = "pdf" in settings.formats and "epub" in settings.formats
    ahead: list[Beside] = []
    beside = _ALONE[0] if _ALONE else beside

    def epub(pages: tuple[PageStart, ...]) -> bytes:
        return epub_writer.make_epub(
            article, files, settings.theme, pages, embed_fonts=settings.embed_fonts
        )

    if callable(beside) and both and settings.limits.isolated:
        ahead.append(beside(article, files, settings))
    elif beside and both and settings.limits.isolated:  # its cover drawn while the PDF lays out
        first = functools.partial(epub_writer.prepare, article, files, settings.theme)
        ahead.append(fork_ahead(epub, settings.limits, first=first))
    try:
        data, warnings, pages = pdf_writer.make_pdf(
            article,
            files,
            settings.theme,
            page,
            settings.allow_remote,
            write="pdf" in settings.formats,
            laid_out=ahead[0].give if ahead else None,
        )
        if settings.on_pdf is not None and "pdf" in settings.formats:
            settings.on_pdf(data)
        rendered: list[tuple[Path, bytes]] = []
        if "pdf" in settings.formats:
            rendered.append((settings.out_dir / f"{article.slug}.pdf", data))
        if "epub" in settings.formats:
            if ahead and not ahead[0].given:
                ahead[0].give(pages)
            book = ahead[0].result() if ahead else epub(pages)
            rendered.append((settings.out_dir / f"{article.slug}.epub", book))
    finally:
        for job in ahead:  # stopped if the PDF failed first
            job.stop()
    return rendered, warnings


def epub_when_laid_out(
    path: str, loaded: Loaded, settings: BuildSettings, pages: Connection
) -> bytes:
    """Return the EPUB of LOADED, the article read from PATH, once PAGES (a pipe from the
    layout process, `publish.layout_ahead`) gives the PDF's page starts."""
    import pickle

    with located(path):
        finish = epub_writer.start_epub(
            loaded.article, loaded.files, settings.theme, embed_fonts=settings.embed_fonts
        )
        try:
            starts: tuple[PageStart, ...] = pickle.loads(pages.recv_bytes())
        except (EOFError, OSError):  # the PDF failed: its error is the one reported
            raise RenderError("the PDF's layout ended before its pages were known") from None
        return finish(starts)
