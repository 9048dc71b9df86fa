"""Build a publication file: read and check it whole, lay out the PDF, pack the EPUB, write both.

The publication's pipeline, in the order of an article's (`publish.pipeline`), whose
`build` hands a publication file here with the function that reads one article (read,
enrich, resolve its files). Everything is read and checked before anything is rendered,
and both outputs are written together or not at all, as for an article.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from publish.errors import PublishError, UsageError
from publish.isolation import Limits, run_limited
from publish.model import PrintPreferences
from publish.output.files import prepare_folder, write_all
from publish.readers import is_publication
from publish.readers.publication import Loader, Publication, read_publication
from publish.settings import BuildResult, BuildSettings
from publish.strict import fail_on_warnings, warnings_captured
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from publish.writers.pdf.options import PrintSettings, resolve_print

log = logging.getLogger("publish")


def read_book(path: str, load: Loader) -> Publication:
    """Read the publication at PATH and, with LOAD, its articles (enriched, files resolved)."""
    return read_publication(Path(path), load)


def _read_quietly(path: str, load: Loader) -> tuple[Publication, list[str]]:
    """Return the book at PATH and the warnings its reading logged (printed by the parent)."""
    with warnings_captured() as warnings:
        book = read_book(path, load)
    return book, list(warnings)


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
    # The PDF is laid out first, even for an EPUB alone, as an article's is: its pages make
    # the EPUB's page list.
    layout = pdf_writer.make_publication_pdf(book, settings.theme, page, settings.allow_remote)
    rendered: list[tuple[Path, bytes]] = []
    if "pdf" in settings.formats:
        rendered.append((settings.out_dir / f"{book.slug}.pdf", layout.pdf))
    if "epub" in settings.formats:
        data = epub_writer.make_publication_epub(
            book, settings.theme, layout, embed_fonts=settings.embed_fonts
        )
        rendered.append((settings.out_dir / f"{book.slug}.epub", data))
    return rendered, layout.warnings


def build_publication(path: str, settings: BuildSettings, load: Loader) -> BuildResult:
    """Build the publication file at PATH to every requested format; write them all, or none.

    LOAD reads each of its articles as `publish.pipeline.build` would read it alone.
    """
    try:  # read and enriched within the limits too (the time limit once, for the reading)
        book, read_warnings = run_limited(lambda: _read_quietly(path, load), settings.limits)
    except PublishError as exc:
        raise exc.located(path) from None
    for message in read_warnings:
        log.warning("%s", message)
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
