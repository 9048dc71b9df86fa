"""Assemble a publication's EPUB: cover, front matter, section openers and one page per article.

The nav and the NCX nest sections, articles and their headings; the page list has every page
of the PDF (`book.lay_out_book`), each marked in the content document its part became (a
blank page in the one after it).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path

from publish.model import Article
from publish.readers.publication import Publication, PublishedArticle
from publish.render.templates import Theme, render_article
from publish.writers.epub.accessibility import (
    SUMMARY_LANGUAGE,
    BookFacts,
    accessibility_metadata,
    page_problems,
)
from publish.writers.epub.article import (
    FontSource,
    Landmark,
    _font_parts,
    _media_type,
    _render_page,
    _well_formed,
)
from publish.writers.epub.package import ContentDocument, EpubPart, PageEntry, TocEntry
from publish.writers.pagemap import PageStart, insert_page_breaks
from publish.writers.pdf.book import (
    BookLayout,
    PlacedPart,
    book_identifier,
    cover_image,
    heading_entries,
    render_front,
    render_section,
)

FRONT_FILE = "front.xhtml"


def _document_of(part: PlacedPart) -> str | None:
    return {
        "front": FRONT_FILE,
        "section": f"section-{part.number}.xhtml",
        "article": f"article-{part.number}.xhtml",
    }.get(part.kind)


def pages_by_document(parts: tuple[PlacedPart, ...]) -> dict[str, list[PageStart]]:
    """Return the PDF's page starts grouped by the EPUB document each page is marked in."""
    grouped: dict[str, list[PageStart]] = {}
    waiting: list[PageStart] = []
    last = FRONT_FILE
    for part in parts:
        name = _document_of(part)
        if name is None:  # a blank page: marked at the start of the next document
            waiting.extend(PageStart(start.number, ()) for start in part.starts)
            continue
        grouped.setdefault(name, []).extend([*waiting, *part.starts])
        waiting, last = [], name
    grouped.setdefault(last, []).extend(waiting)
    return grouped


def _article_document(
    item: PublishedArticle,
    theme: Theme,
    css: tuple[str, ...],
    images: dict[str, Path],
    parts: list[EpubPart],
) -> bytes:
    hrefs: dict[str, str] = {}
    for src, path in images.items():
        media_type = _media_type(item.source, path, f'image "{src}"')
        name = f"images/{item.ident}-image{len(hrefs) + 1}{path.suffix.lower()}"
        hrefs[src] = name
        parts.append(EpubPart(name, media_type, path.read_bytes()))
    xhtml = render_article(
        item.article,
        target="epub",
        theme=theme,
        stylesheets=css,
        extra={"image_href": lambda src: hrefs.get(src, src)},
    ).encode("utf-8")
    _well_formed(xhtml, f"the EPUB page of {item.source.name}")
    return xhtml


def _foreword_title(front: bytes) -> str | None:
    match = re.search(rb'<h2 class="foreword-title">(.*?)</h2>', front)
    return html.unescape(match.group(1).decode("utf-8")) if match else None


def _toc(book: Publication, foreword: str | None) -> tuple[TocEntry, ...]:
    def article_entry(item: PublishedArticle) -> TocEntry:
        name = f"article-{item.number}.xhtml"
        return TocEntry(
            f"{name}#top",
            item.article.headline,
            tuple(TocEntry(f"{name}#{ident}", text) for ident, text in heading_entries(item)),
        )

    toc: list[TocEntry] = []
    if foreword:
        toc.append(TocEntry(f"{FRONT_FILE}#foreword", foreword))
    for section in book.sections:
        entries = tuple(article_entry(item) for item in section.articles)
        if section.title is None:
            toc.extend(entries)
        else:
            toc.append(TocEntry(f"section-{section.number}.xhtml", section.title, entries))
    return tuple(toc)


def make_book_epub(
    book: Publication,
    theme: Theme,
    layout: BookLayout,
    *,
    images: Callable[[PublishedArticle], dict[str, Path]],
    stylesheets: dict[str, bytes],
    fonts: FontSource | None,
    modified: dt.datetime,
) -> bytes:
    """Return BOOK packed as EPUB bytes, its page list the pages of LAYOUT (the PDF's).

    IMAGES gives an article's figure files; STYLESHEETS are the book's CSS by name, in
    cascade order; with FONTS the faces the text needs are packed as subsets.
    """
    from publish.writers.epub.package import EpubBook, EpubCover, render_epub

    links = (("fonts.css",) if fonts is not None else ()) + tuple(stylesheets)
    css = tuple(f"style/{name}" for name in links)
    parts = [EpubPart(f"style/{name}", "text/css", data) for name, data in stylesheets.items()]
    meta = book.as_article()
    xhtml: dict[str, bytes] = {}
    titles: dict[str, str] = {}
    xhtml[FRONT_FILE] = render_front(book, theme, "epub", {}, stylesheets=css).encode("utf-8")
    titles[FRONT_FILE] = book.title
    _well_formed(xhtml[FRONT_FILE], "the EPUB's front matter")
    for section in book.sections:
        if section.title is not None:
            name = f"section-{section.number}.xhtml"
            xhtml[name] = render_section(book, section, theme, "epub", css).encode("utf-8")
            titles[name] = section.title
            _well_formed(xhtml[name], "the EPUB's section page")
        for item in section.articles:
            name = f"article-{item.number}.xhtml"
            xhtml[name] = _article_document(item, theme, css, images(item), parts)
            titles[name] = item.article.headline

    page_list: list[PageEntry] = []
    grouped = pages_by_document(layout.parts)
    documents = []
    for name, data in xhtml.items():
        starts = tuple(grouped.get(name, ()))
        page_list += [PageEntry(f"{name}#{start.marker_id}", start.label) for start in starts]
        documents.append(ContentDocument(name, titles[name], insert_page_breaks(data, starts)))
    page_list.sort(key=lambda entry: int(entry.label))

    image, media_type, alt = layout.cover or cover_image(book, theme)
    cover_name = "images/cover" + {
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "image/gif": ".gif",
        "image/svg+xml": ".svg",
        "image/webp": ".webp",
    }.get(media_type, ".png")
    if book.cover is not None:
        _media_type_checked(book, media_type)
    cover = EpubCover(
        EpubPart(cover_name, media_type, image),
        _render_page(theme, "epub/cover.xhtml.j2", article=meta, image=cover_name, alt=alt),
    )
    toc = _toc(book, _foreword_title(xhtml[FRONT_FILE]))
    first_body = next(name for name in xhtml if name != FRONT_FILE)
    landmarks = [
        Landmark("cover", "cover.xhtml", "cover"),
        Landmark("titlepage", f"{FRONT_FILE}#title-page", "title_page"),
        Landmark("toc", f"{FRONT_FILE}#contents", "contents"),
        Landmark("bodymatter", first_body, "start"),
    ]
    nav = _render_page(
        theme,
        "epub/nav.xhtml.j2",
        article=meta,
        toc=toc,
        landmarks=landmarks,
        pages=tuple(page_list),
    )
    if fonts is not None:
        parts = (
            _font_parts(fonts, meta, (*(d.xhtml for d in documents), nav), stylesheets)[0] + parts
        )
    whole = Article(
        headline=book.title,
        date=book.date,
        language=book.language,
        publisher=book.publisher,
        body=(*book.foreword, *(b for item in book.articles() for b in item.article.body)),
    )
    count = sum(1 for _ in book.articles())
    problems = tuple(problem for document in documents for problem in page_problems(document.xhtml))
    facts = BookFacts(
        cover_alt=alt,
        page_list=bool(page_list),
        what=f"publication of {count} articles",
        page_problems=problems,
    )
    epub_book = EpubBook(
        identifier=book_identifier(book),
        title=book.title,
        language=book.language,
        date=book.date,
        modified=modified,
        authors=book.editors,
        publisher=book.publisher,
        description=book.subtitle,
        keywords=(),
        source_url=None,
        article_xhtml=b"",
        toc=toc,
        parts=tuple(parts),
        nav_xhtml=nav,
        cover=cover,
        pages=tuple(page_list),
        page_source=print_identifier(book),
        metadata=accessibility_metadata(whole, facts),
        metadata_languages=(("schema:accessibilitySummary", SUMMARY_LANGUAGE),),
        documents=tuple(documents),
    )
    return render_epub(epub_book)


def _media_type_checked(book: Publication, media_type: str) -> None:
    from publish.errors import InputError
    from publish.writers.epub.article import EPUB_IMAGE_TYPES

    if media_type not in EPUB_IMAGE_TYPES:
        raise InputError(f"cover: {media_type} images cannot go in an EPUB", file=book.name)


def print_identifier(book: Publication) -> str:
    """Return the UUID URN naming the book's PDF edition: the page list's source."""
    import uuid

    return uuid.uuid5(uuid.UUID(book_identifier(book)), "pdf").urn
