"""Build a publication file: read and check it whole, lay out the PDF, pack the EPUB, write both.

Everything is read and checked before anything is rendered, and both outputs are written
together or not at all, as for an article.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from publish.errors import PublishError, UsageError
from publish.isolation import Limits, run_limited
from publish.model import Article, PrintPreferences
from publish.output.files import prepare_folder, write_all
from publish.pipeline import (
    BuildResult,
    BuildSettings,
    build_date,
    epub_styles,
    image_files,
    load_article,
)
from publish.readers import Source
from publish.readers.publication import (
    Publication,
    PublishedArticle,
    is_publication,
    read_publication,
)
from publish.strict import fail_on_warnings, warnings_logged
from publish.writers.pdf.book import lay_out_book
from publish.writers.pdf.options import PrintSettings, resolve_print

log = logging.getLogger("publish")


def read_book(path: str, settings: BuildSettings) -> Publication:
    """Read the publication at PATH and its articles (enriched, their images checked)."""

    def load(article_path: str, input_format: str | None) -> tuple[Article, Source]:
        article, source = load_article(
            article_path,
            input_format or settings.input_format,
            accept_changes=settings.accept_changes,
        )
        image_files(article, source)
        return article, source

    return read_publication(Path(path), load)


def book_limits(limits: Limits, book: Publication) -> Limits:
    """Return LIMITS for a whole book: the time limit once per article (and the front)."""
    if limits.time is None:
        return limits
    parts = 1 + sum(1 for _ in book.articles())
    return dataclasses.replace(limits, time=limits.time * parts)


def render_book(
    book: Publication, settings: BuildSettings, page: PrintSettings
) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """Return the (path, bytes) of the book's requested outputs and the renderer's warnings."""
    layout = lay_out_book(book, settings.theme, page, settings.allow_remote)
    rendered: list[tuple[Path, bytes]] = []
    if "pdf" in settings.formats:
        rendered.append((settings.out_dir / f"{book.slug}.pdf", layout.pdf))
    if "epub" in settings.formats:
        from publish.writers.epub.publication import (
            make_book_epub,  # the EPUB writer, only when it is needed
        )

        def images(item: PublishedArticle) -> dict[str, Path]:
            return image_files(item.article, item.source)

        stylesheets, fonts = epub_styles(settings.theme, settings.embed_fonts)
        data = make_book_epub(
            book,
            settings.theme,
            layout,
            images=images,
            stylesheets=stylesheets,
            fonts=fonts,
            modified=build_date(book.as_article()),
        )
        rendered.append((settings.out_dir / f"{book.slug}.epub", data))
    return rendered, layout.warnings


def build_publication(path: str, settings: BuildSettings) -> BuildResult:
    """Build the publication file at PATH to every requested format; write them all, or none."""
    with warnings_logged() as read_warnings:
        book = read_book(path, settings)
    if settings.strict:
        fail_on_warnings(read_warnings)
    prepare_folder(settings.out_dir)
    try:
        page = resolve_print(settings.print_request, PrintPreferences())
        rendered, warnings = run_limited(
            lambda: render_book(book, settings, page), book_limits(settings.limits, book)
        )
    except PublishError as exc:
        raise exc.located(book.name) from None
    for message in warnings:
        log.warning("%s: warning: %s", book.name, message)
    if settings.strict:
        fail_on_warnings(warnings)
    outputs = write_all(rendered)
    return BuildResult(book.name, book.as_article(), tuple(outputs), tuple(warnings))


def publication_inputs(inputs: list[str]) -> str | None:
    """Return the publication file among INPUTS, if one; it must be the only input."""
    books = [item for item in inputs if is_publication(item)]
    if not books:
        return None
    if len(inputs) > 1:
        raise UsageError("a publication file is built on its own; give it alone", file=books[0])
    return books[0]
