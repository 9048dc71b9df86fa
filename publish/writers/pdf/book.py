"""Lay out a publication as one PDF: front matter, section openers and articles, each on its own.

Every part is laid out by itself, a pure function of its content, the page number it starts
on and the theme (so parts could be laid out in parallel): the front matter (cover on screen,
title page, contents, foreword), a page opening each titled section, and each article as
`publish build` lays it out alone, with its fact box and its notes numbered from 1. In the
press profile every part starts on a right-hand (odd) page, after a blank page when needed.
The contents' page numbers are those the parts really start on: the front matter is laid out
with a guess, the parts after it, and the front matter again with the real numbers; if that
changes its length, the parts are laid out again at their new offsets.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.errors import RenderError
from publish.model import Heading
from publish.readers.publication import Publication, PublishedArticle, Section
from publish.render.scripts import check_coverage, page_text
from publish.render.templates import Theme, make_environment, render_article
from publish.writers.fetcher import LocalFiles, RemotePolicy
from publish.writers.pagemap import PageStart
from publish.writers.pdf.options import PrintSettings

if TYPE_CHECKING:
    from publish.writers.pdf.parts import BookPart, BookRenderer, LaidOutPart
    from publish.writers.pdf.weasy import PdfOptions

BOOK_STYLESHEET = "publication.css"
"""The book's own pages, loaded after the PDF's stylesheets."""

LAYOUT_PASSES = 3
"""Times the front matter is laid out again when its length moved the parts after it."""

BLANK_HTML = (
    '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}">'
    "<head><title>{title}</title></head><body></body></html>"
)
BLANK_CSS = "@page { @top-center { content: none; } @bottom-center { content: none; } }\n"


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents: a section or an article, its link, and its page."""

    kind: str
    title: str
    href: str
    page: int | None
    children: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True)
class PlacedPart:
    """Where a part of the book was laid out: its kind, its key and its pages' starts."""

    kind: str
    """"front", "blank", "section" or "article"."""
    number: int
    """The section's or the article's number (0 for the front matter and blank pages)."""
    starts: tuple[PageStart, ...]

    @property
    def first_page(self) -> int:
        """Return the number of the part's first page."""
        return self.starts[0].number


@dataclass(frozen=True)
class BookLayout:
    """The PDF's bytes, its warnings and every part's place (for the EPUB's page list)."""

    pdf: bytes
    warnings: list[str]
    parts: tuple[PlacedPart, ...]
    cover: tuple[bytes, str, str] | None = field(default=None)


def contents(
    book: Publication, pages: dict[str, int], epub: bool = False
) -> tuple[ContentsEntry, ...]:
    """Return the contents of BOOK, with the page numbers PAGES knows ("s1", "a3" -> page)."""

    def article_entry(item: PublishedArticle) -> ContentsEntry:
        href = f"article-{item.number}.xhtml#top" if epub else f"#{item.ident}-top"
        return ContentsEntry("article", item.article.headline, href, pages.get(item.ident))

    entries: list[ContentsEntry] = []
    for section in book.sections:
        children = tuple(article_entry(item) for item in section.articles)
        if section.title is None:
            entries.extend(children)
            continue
        href = f"section-{section.number}.xhtml" if epub else f"#section-{section.number}"
        entries.append(
            ContentsEntry("section", section.title, href, pages.get(f"s{section.number}"), children)
        )
    return tuple(entries)


def cover_image(book: Publication, theme: Theme) -> tuple[bytes, str, str]:
    """Return the book's cover (the file given, or one drawn): bytes, media type, alt text."""
    import mimetypes

    from publish.writers.cover import draw_cover

    if book.cover is not None:
        media_type = mimetypes.guess_type(book.cover.name)[0] or "application/octet-stream"
        return book.cover.read_bytes(), media_type, f"Cover of {book.title}"
    drawn = draw_cover(book.as_article(), theme)
    alt = "Cover: " + ". ".join(text.rstrip(".") for text in drawn.shown)
    return drawn.png, "image/png", alt


def render_front(
    book: Publication,
    theme: Theme,
    target: str,
    pages: dict[str, int],
    cover: tuple[bytes, str, str] | None = None,
    stylesheets: tuple[str, ...] = (),
) -> str:
    """Return the front matter's HTML for TARGET ("pdf" or "epub")."""
    src = alt = ""
    if cover is not None:
        src = f"data:{cover[1]};base64,{base64.b64encode(cover[0]).decode('ascii')}"
        alt = cover[2]
    template = make_environment(theme).get_template("publication.html.j2")
    return template.render(
        article=book.as_article(),
        target=target,
        stylesheets=stylesheets,
        contents=contents(book, pages, epub=target == "epub"),
        cover_src=src,
        cover_alt=alt,
        image_href=str,
    )


def render_section(
    book: Publication,
    section: Section,
    theme: Theme,
    target: str,
    stylesheets: tuple[str, ...] = (),
) -> str:
    """Return the HTML of the page opening SECTION."""
    template = make_environment(theme).get_template("section.html.j2")
    return template.render(
        article=book.as_article(),
        section=section,
        target=target,
        stylesheets=stylesheets,
        image_href=str,
    )


def _bookmark_css(book: Publication) -> str:
    """Move an article's bookmarks one level down when the book has section bookmarks."""
    if all(section.title is None for section in book.sections):
        return ""
    rules = [".headline { bookmark-level: 2; }"]
    rules += [f".article-body h{level} {{ bookmark-level: {level + 1}; }}" for level in range(2, 7)]
    return "\n".join(rules) + "\n"


class _Plan:
    """Makes the book's parts for a renderer, and records where each lands."""

    def __init__(
        self,
        book: Publication,
        theme: Theme,
        page: PrintSettings,
        allow_remote: tuple[str, ...],
        renderer: BookRenderer,
    ) -> None:
        self.book, self.theme, self.page = book, theme, page
        self.remote = RemotePolicy(hosts=allow_remote) if allow_remote else None
        self.renderer = renderer
        self.press = page.profile == "press"
        self.fonts = theme.font_paths
        self.cover = None if self.press else cover_image(book, theme)
        self.break_css = ".contents, .foreword { break-before: right; }\n" if self.press else ""

    def part(self, html: str, folder: Path | None, first_page: int, **extra: Any) -> BookPart:
        from publish.writers.pdf.parts import BookPart

        check_coverage(page_text(html), self.fonts)
        roots = [*self.theme.roots, *([folder] if folder else [])]
        return BookPart(
            html=html,
            base_url=folder or self.theme.styles[-1],
            files=LocalFiles(roots, remote=self.remote),
            first_page=first_page,
            **extra,
        )

    def front(self, pages: dict[str, int]) -> LaidOutPart:
        html = render_front(self.book, self.theme, "pdf", pages, self.cover)
        return self.renderer.lay_out(
            self.part(html, self.book.folder, 1, page_css=self.break_css, data_urls=True)
        )

    def body(self, first_page: int) -> tuple[list[LaidOutPart], list[PlacedPart], dict[str, int]]:
        """Lay out every part after the front matter, from FIRST_PAGE on."""
        laid: list[LaidOutPart] = []
        placed: list[PlacedPart] = []
        pages: dict[str, int] = {}
        number = first_page

        def add(kind: str, key: int, part: LaidOutPart) -> None:
            nonlocal number
            laid.append(part)
            placed.append(PlacedPart(kind, key, part.starts))
            number += len(part.pages)

        for section in self.book.sections:
            if section.title is not None:
                if self.press and number % 2 == 0:
                    add("blank", 0, self.blank(number))
                pages[f"s{section.number}"] = number
                html = render_section(self.book, section, self.theme, "pdf")
                add(
                    "section",
                    section.number,
                    self.renderer.lay_out(self.part(html, self.book.folder, number)),
                )
            for item in section.articles:
                if self.press and number % 2 == 0:
                    add("blank", 0, self.blank(number))
                pages[item.ident] = number
                add("article", item.number, self.renderer.lay_out(self.article(item, number)))
        return laid, placed, pages

    def blank(self, number: int) -> LaidOutPart:
        html = BLANK_HTML.format(lang=self.book.language, title=self.book.title)
        return self.renderer.lay_out(self.part(html, None, number, page_css=BLANK_CSS))

    def article(self, item: PublishedArticle, first_page: int) -> BookPart:
        article, theme = item.article, self.theme
        html = render_article(article, target="pdf", theme=theme)
        return self.part(
            html,
            item.files.folder,
            first_page,
            anchor_prefix=f"{item.ident}-",
            page_css=_bookmark_css(self.book),
            relayout=lambda fixes: render_article(
                article, target="pdf", theme=theme, extra={"repeat_notes": fixes.repeats}
            ),
        )


def lay_out_book(
    book: Publication,
    theme: Theme,
    page: PrintSettings,
    stylesheets: tuple[Path, ...],
    options: PdfOptions,
    allow_remote: tuple[str, ...] = (),
) -> BookLayout:
    """Return BOOK laid out with STYLESHEETS and OPTIONS, written as one PDF, and where each
    of its parts starts (`publish.writers.pdf.make_publication_pdf` sets them)."""
    from publish.writers.pdf.parts import book_renderer

    with book_renderer(LocalFiles(theme.roots), stylesheets, options) as renderer:
        plan = _Plan(book, theme, page, allow_remote, renderer)
        front = plan.front({})
        for _ in range(LAYOUT_PASSES):
            first = len(front.pages) + 1
            if plan.press and first % 2 == 0:
                first += 1
            laid, placed, pages = plan.body(first)
            again = plan.front(pages)
            settled = len(again.pages) == len(front.pages)
            front = again
            if settled:
                break
        else:
            raise RenderError(
                f"the contents did not settle at one length; laid out {LAYOUT_PASSES} times"
            )
        parts = [front]
        before: list[PlacedPart] = [PlacedPart("front", 0, front.starts)]
        if plan.press and len(front.pages) % 2 == 1:
            blank = plan.blank(len(front.pages) + 1)
            parts.append(blank)
            before.append(PlacedPart("blank", 0, blank.starts))
        pdf = renderer.write([*parts, *laid])
        warnings = list(renderer.warnings)
    return BookLayout(pdf, warnings, (*before, *placed), plan.cover)


def heading_entries(item: PublishedArticle) -> list[tuple[str, str]]:
    """Return (id, text) of the article's headings, as the EPUB's contents lists them."""
    from publish.model.anchors import block_ids

    ids = block_ids(item.article.body)
    return [
        (ids[index], block.text)
        for index, block in enumerate(item.article.body)
        if isinstance(block, Heading) and block.text.strip()
    ]
