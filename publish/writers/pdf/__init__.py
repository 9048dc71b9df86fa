"""The PDF: WeasyPrint lays the HTML out; the pages are checked and finished here.

`make_pdf` writes an article, `make_publication_pdf` a book of them; `preload` and
`warm_up` load WeasyPrint (and parse the theme's stylesheets) before rendering forks.
WeasyPrint (`weasy.py`) is imported only when a PDF is laid out, so a command that writes
none never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publish.article_files import ArticleFiles
from publish.errors import RenderError
from publish.render.scripts import check_coverage, page_text
from publish.render.templates import PDF_STYLESHEETS, Theme, render_article
from publish.render.userfonts import font_css
from publish.writers.fetcher import LocalFiles, RemotePolicy
from publish.writers.identifiers import book_identifier, pdf_file_identifier
from publish.writers.pdf.notes import NoteFixes, later_markers
from publish.writers.pdf.options import OUTPUT_PROFILE, PrintSettings

if TYPE_CHECKING:  # the layout process forked ahead imports this package without the model
    from publish.model import Article
    from publish.readers.publication import Publication
    from publish.writers.pagemap import PageStart
    from publish.writers.pdf.book import BookLayout
    from publish.writers.pdf.weasy import PdfOptions


def make_pdf(
    article: Article,
    files: ArticleFiles,
    theme: Theme,
    page: PrintSettings | None = None,
    allow_remote: tuple[str, ...] = (),
    write: bool = True,
    laid_out: Callable[[tuple[PageStart, ...]], None] | None = None,
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Return the article as PDF bytes, the warnings raised, and where each page starts.

    Its images are read from FILES' folder (or the theme's), through the fetcher. Without
    WRITE the pages are only laid out (for the EPUB's page list); the bytes are empty.
    LAID_OUT is given the page starts as soon as they are known, before the PDF is written.
    """
    return lay_out_pdf(
        pdf_html(article, theme),
        files,
        theme,
        page,
        allow_remote,
        write=write,
        laid_out=laid_out,
        relayout=lambda fixes: render_article(
            article, target="pdf", theme=theme, extra={"repeat_notes": fixes.repeats}
        ),
    )


@dataclass(frozen=True)
class PdfHtml:
    """An article's HTML for the PDF, checked against the fonts: `make_pdf`'s first half."""

    html: str
    identifier: str
    """The article's book identifier (the PDF's file ids are made from it)."""
    again: tuple[frozenset[str], str] | None = None
    """The later markers of HTML and the HTML again with a copy of each one's note, made
    beforehand (`pdf_html` AHEAD) for a process that has no article to render it from."""

    def relayout(self, fixes: NoteFixes) -> str:
        """Return the HTML made again for FIXES (those `lay_out_pdf` finds in `html`)."""
        if self.again is None or self.again[0] != fixes.repeats:
            raise RenderError("the PDF's HTML was made for other note copies")
        return self.again[1]


def pdf_html(article: Article, theme: Theme, *, ahead: bool = False) -> PdfHtml:
    """Render ARTICLE's HTML for the PDF and check every character of it has a font.

    AHEAD also renders the HTML with a copy of a note at each later marker (when there is
    one), which the layout asks for: so the layout can run where the article is not. With
    the project's own templates that is one render (`_EveryLater`), not two.
    """
    if ahead and theme.templates == Theme().templates:
        return _pdf_html_ahead(article, theme)
    html = render_article(article, target="pdf", theme=theme)
    check_coverage(page_text(html), theme.font_paths)
    again = None
    if ahead and (later := later_markers(html)):
        repeats = NoteFixes(later).repeats
        extra: dict[str, object] = {"repeat_notes": repeats}
        again = (repeats, render_article(article, target="pdf", theme=theme, extra=extra))
    return PdfHtml(html, book_identifier(article), again)


class _EveryLater:
    """The template's `repeat_notes` naming every later marker, whichever they are.

    The project's `partials/noteref.html.j2` only asks whether a later marker is in
    `repeat_notes`, so the HTML rendered with this is the HTML rendered with the set
    `later_markers` finds in the HTML without copies: the HTML `pdf_html` AHEAD made by a
    second render, here made by the first. Its later markers are the same ids (a copy's id
    is "note-N-K"), so it serves as both `PdfHtml.html` and `PdfHtml.again`: the layout
    finds the same markers in it and lays the same HTML out."""

    def __contains__(self, ref: object) -> bool:
        return True


def _pdf_html_ahead(article: Article, theme: Theme) -> PdfHtml:
    """`pdf_html` AHEAD in one render, with the project's templates (`_EveryLater`)."""
    html = render_article(article, target="pdf", theme=theme, extra={"repeat_notes": _EveryLater()})
    try:
        check_coverage(page_text(html), theme.font_paths)
    except RenderError:
        # The same characters are missing without the copies, but the words quoted around
        # the first may differ: the error is the one the HTML without copies gives.
        check_coverage(
            page_text(render_article(article, target="pdf", theme=theme)), theme.font_paths
        )
        raise
    later = later_markers(html)
    again = (NoteFixes(later).repeats, html) if later else None
    return PdfHtml(html, book_identifier(article), again)


def lay_out_pdf(
    rendered: PdfHtml,
    files: ArticleFiles,
    theme: Theme,
    page: PrintSettings | None = None,
    allow_remote: tuple[str, ...] = (),
    *,
    write: bool = True,
    laid_out: Callable[[tuple[PageStart, ...]], None] | None = None,
    relayout: Callable[[NoteFixes], str] | None = None,
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Lay RENDERED out and write it (`make_pdf`'s second half); RELAYOUT makes the HTML
    again with copies of notes (`rendered.relayout` by default)."""
    from publish.writers.pdf.weasy import render_pdf

    page = page or PrintSettings()
    roots = [*theme.roots, *([files.folder] if files.folder else [])]
    fetcher = LocalFiles(
        roots,
        remote=RemotePolicy(hosts=allow_remote) if allow_remote else None,
        prefetched=files.remote,
    )
    stylesheets = tuple(theme.stylesheet(name) for name in page.stylesheets(PDF_STYLESHEETS))
    return render_pdf(
        rendered.html,
        base_url=files.folder or theme.styles[-1],
        stylesheets=stylesheets,
        files=fetcher,
        options=pdf_options(page, theme, stylesheets, rendered.identifier),
        write=write,
        laid_out=laid_out,
        relayout=relayout or rendered.relayout,
    )


def make_publication_pdf(
    book: Publication,
    theme: Theme,
    page: PrintSettings | None = None,
    allow_remote: tuple[str, ...] = (),
) -> BookLayout:
    """Return BOOK laid out and written as one PDF, and where each of its parts starts."""
    from publish.writers.identifiers import publication_identifier
    from publish.writers.pdf.book import BOOK_STYLESHEET, lay_out_book

    page = page or PrintSettings()
    names = (*page.stylesheets(PDF_STYLESHEETS), BOOK_STYLESHEET)
    stylesheets = tuple(theme.stylesheet(name) for name in names)
    options = pdf_options(page, theme, stylesheets, publication_identifier(book))
    return lay_out_book(book, theme, page, stylesheets, options, allow_remote)


def pdf_options(
    page: PrintSettings, theme: Theme, stylesheets: tuple[Path, ...], identifier: str
) -> PdfOptions:
    """Return what WeasyPrint is asked for a document: PAGE's settings, the user's fonts
    added to STYLESHEETS' font stacks, and the file's ids from the book IDENTIFIER names."""
    from publish.writers.pdf.finish import MarkGeometry, PdfFinish
    from publish.writers.pdf.weasy import PdfOptions

    page_css = page.page_css()
    if theme.fonts:
        page_css += font_css(theme.user_fonts(), stylesheets)
    if page.is_pdf_x:
        page_css += page.output_profile_css(theme.stylesheet(OUTPUT_PROFILE))
    finish = PdfFinish(
        bleed_pt=page.bleed.points,
        marks=page.marks,
        geometry=MarkGeometry(page.mark_offset_pt, page.mark_length_pt),
        document_id=identifier.removeprefix("urn:uuid:"),
        hide_annotations=page.is_pdf_x,
    )
    return PdfOptions(
        pdf_variant=page.pdf_variant,
        identifier=pdf_file_identifier(identifier),
        page_css=page_css,
        finish=finish,
        srgb_default=page.is_pdf_x,
    )


def preload() -> None:
    """Import WeasyPrint now (before a pool of workers forks, so none imports its own)."""
    import publish.writers.pdf.weasy  # noqa: F401


def warm_up(theme: Theme, page: PrintSettings) -> None:
    """Import WeasyPrint and parse THEME's stylesheets for PAGE now, before a render forks."""
    from publish.writers.pdf.stylesheets import theme_styles

    names = page.stylesheets(PDF_STYLESHEETS)
    theme_styles(tuple(theme.stylesheet(name) for name in names), LocalFiles(theme.roots))
