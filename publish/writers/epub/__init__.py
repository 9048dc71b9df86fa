"""The EPUB: the book's pages, fonts, styles and metadata, packed by ebooklib.

`make_epub` packs an article, `make_publication_epub` a book of them. ebooklib
(`package.py`) is imported only when a book is packed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from publish.article_files import ArticleFiles
from publish.errors import RenderError
from publish.model import Article
from publish.render.templates import EPUB_STYLESHEETS, Theme
from publish.writers.epub.styles import book_stylesheet
from publish.writers.identifiers import book_identifier, build_date, print_identifier

if TYPE_CHECKING:
    from publish.readers.publication import Publication
    from publish.writers.epub.article import FontSource
    from publish.writers.pagemap import PageStart
    from publish.writers.pdf.book import BookLayout


def make_epub(
    article: Article,
    files: ArticleFiles,
    theme: Theme,
    pages: tuple[PageStart, ...] = (),
    *,
    embed_fonts: bool = True,
) -> bytes:
    """Return the article packed as EPUB bytes, with PAGES (the PDF's) as its page list.

    Its figures and cover are FILES'. With EMBED_FONTS (the default) the book carries
    subsets of the theme's faces and the theme's `scripts.css` (without its `@page` rules),
    so it reads in the PDF's fonts.
    """
    return start_epub(article, files, theme, embed_fonts=embed_fonts)(pages)


def start_epub(
    article: Article, files: ArticleFiles, theme: Theme, *, embed_fonts: bool = True
) -> Callable[[tuple[PageStart, ...]], bytes]:
    """Begin `make_epub`'s book with what needs no print page; return the function that
    finishes it given the PDF's PAGES (so the EPUB is begun while the PDF is laid out)."""
    from publish.writers.epub.article import epub_book_until_pages

    stylesheets, fonts = epub_styles(theme, embed_fonts)
    identifier = book_identifier(article)
    return epub_book_until_pages(
        article,
        files,
        theme,
        stylesheets=stylesheets,
        identifier=identifier,
        modified=build_date(article),
        page_source=print_identifier(identifier),
        fonts=fonts,
    )


def make_publication_epub(
    book: Publication, theme: Theme, layout: BookLayout, *, embed_fonts: bool = True
) -> bytes:
    """Return BOOK packed as EPUB bytes, its page list the pages of LAYOUT (the book's PDF)."""
    from publish.writers.epub.publication import make_book_epub

    stylesheets, fonts = epub_styles(theme, embed_fonts)
    return make_book_epub(
        book,
        theme,
        layout,
        stylesheets=stylesheets,
        fonts=fonts,
        modified=build_date(book.as_article()),
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


def prepare(article: Article, files: ArticleFiles, theme: Theme) -> None:
    """Do now what `make_epub` of ARTICLE will do in this process before its pages are known:
    draw its cover, unless it has its own (`publish.rendering` does this while the PDF is
    laid out)."""
    if files.cover is None:
        from publish.writers.cover import draw_ahead

        draw_ahead(article, theme)


def preload() -> None:
    """Import ebooklib now, before rendering forks (so no child imports its own)."""
    import publish.writers.epub.package  # noqa: F401
