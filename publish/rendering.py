"""An article read and enriched, rendered to every output asked for (all but the writing).

The PDF is laid out first, even for an EPUB alone: its page starts make the EPUB's page
list, so the EPUB is the same whichever formats are asked for. In a document's limited
child (`publish.pipeline.build_path`) the EPUB is then made in a forked copy of the child
while the child writes the PDF, so the two share the machine's cores; elsewhere (a batch's
worker, a build without limits) one is made after the other. When the layout process was
forked ahead (`publish.layout_ahead`), the PDF is made there and the EPUB in the article's
reading child, from the page starts the layout process sends (`epub_when_laid_out`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from publish.article_files import ArticleFiles
from publish.errors import PublishError, RenderError, internal_error
from publish.isolation import Started, fork_beside
from publish.model import Article
from publish.settings import BuildSettings, Loaded, Prepared
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from publish.writers.pagemap import PageStart
from publish.writers.pdf.options import PrintSettings, resolve_print

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


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


def render(path: str, loaded: Loaded, settings: BuildSettings, *, beside: bool = False) -> Prepared:
    """Render LOADED, the article read from PATH, to every output (the second half of
    `publish.pipeline.prepare`); BESIDE, in a limited child, makes the EPUB in a fork of it."""
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
    beside: bool = False,
) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """Return the (path, bytes) of every requested output and the renderer's warnings.

    With BESIDE (and limits), once the PDF's pages are laid out the EPUB is made in a forked
    copy of this process while this one writes the PDF. A failure of the PDF is reported
    first, as when the EPUB is made after it.
    """
    both = "pdf" in settings.formats and "epub" in settings.formats
    started: list[Started[bytes]] = []

    def epub(pages: tuple[PageStart, ...]) -> bytes:
        return epub_writer.make_epub(
            article, files, settings.theme, pages, embed_fonts=settings.embed_fonts
        )

    def start_epub(pages: tuple[PageStart, ...]) -> None:
        started.append(fork_beside(lambda: epub(pages), settings.limits))

    try:
        data, warnings, pages = pdf_writer.make_pdf(
            article,
            files,
            settings.theme,
            page,
            settings.allow_remote,
            write="pdf" in settings.formats,
            laid_out=start_epub if beside and both and settings.limits.isolated else None,
        )
        if settings.on_pdf is not None and "pdf" in settings.formats:
            settings.on_pdf(data)
        rendered: list[tuple[Path, bytes]] = []
        if "pdf" in settings.formats:
            rendered.append((settings.out_dir / f"{article.slug}.pdf", data))
        if "epub" in settings.formats:
            book = started[0].result() if started else epub(pages)
            rendered.append((settings.out_dir / f"{article.slug}.epub", book))
    finally:
        for job in started:  # stopped if the PDF failed first
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
