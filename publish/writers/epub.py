"""Write an EPUB 3 with ebooklib: the only module that imports it.

ebooklib builds the package document, nav and NCX; we give it finished XHTML, then repack the
zip so the same book always has the same bytes (fixed entry order and times, `mimetype` first
and stored).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from ebooklib import epub

from publish.errors import RenderError

EPOCH_1980 = (1980, 1, 1, 0, 0, 0)


class _Document(epub.EpubHtml):  # type: ignore[misc]
    """An XHTML content document that ebooklib passes through untouched."""

    def get_content(self, default: bytes | None = None) -> bytes:
        content = self.content
        return content if isinstance(content, bytes) else str(content).encode("utf-8")


@dataclass(frozen=True)
class EpubPart:
    """A file packed into the book besides the article."""

    name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class TocEntry:
    """One entry of the table of contents: a link into the article and its title."""

    href: str
    title: str


@dataclass(frozen=True)
class EpubBook:
    """Everything the EPUB holds, ready to pack."""

    identifier: str
    title: str
    language: str
    date: dt.date
    modified: dt.datetime
    authors: tuple[str, ...]
    publisher: str | None
    description: str | None
    keywords: tuple[str, ...]
    source_url: str | None
    article_xhtml: bytes
    toc: tuple[TocEntry, ...]
    parts: tuple[EpubPart, ...] = ()


ARTICLE_FILE = "article.xhtml"


def render_epub(book: EpubBook) -> bytes:
    """Return the bytes of BOOK packed as an EPUB 3."""
    doc = epub.EpubBook()
    doc.set_identifier(book.identifier)
    doc.set_title(book.title)
    doc.set_language(book.language)
    for number, author in enumerate(book.authors, start=1):
        doc.add_author(author, uid=f"creator{number}")
    doc.add_metadata("DC", "date", book.date.isoformat())
    if book.publisher:
        doc.add_metadata("DC", "publisher", book.publisher)
    if book.description:
        doc.add_metadata("DC", "description", book.description)
    if book.source_url:
        doc.add_metadata("DC", "source", book.source_url)
    for keyword in book.keywords:
        doc.add_metadata("DC", "subject", keyword)

    items = []
    for number, part in enumerate(book.parts, start=1):
        item = epub.EpubItem(
            uid=f"part{number}", file_name=part.name, media_type=part.media_type,
            content=part.content,
        )
        doc.add_item(item)
        items.append(item)

    article = _Document(
        uid="article", file_name=ARTICLE_FILE, title=book.title, lang=book.language
    )
    article.content = book.article_xhtml
    doc.add_item(article)

    doc.toc = [epub.Link(entry.href, entry.title, f"toc{n}") for n, entry in
               enumerate(book.toc, start=1)]
    doc.add_item(epub.EpubNcx())
    nav = epub.EpubNav(uid="nav", file_name="nav.xhtml")
    doc.add_item(nav)
    doc.spine = [article]

    raw = io.BytesIO()
    try:
        epub.write_epub(raw, doc, {"mtime": book.modified, "epub3_pages": False,
                                   "spine_direction": False, "play_order": {"enabled": False}})
    except Exception as exc:  # ebooklib raises bare exceptions on bad content
        raise RenderError(f"EPUB packing failed: {type(exc).__name__}: {exc}") from None
    return repack(raw.getvalue(), book.modified)


def repack(data: bytes, when: dt.datetime) -> bytes:
    """Return DATA's zip rewritten with `mimetype` first and stored, every entry dated WHEN."""
    stamp = max(EPOCH_1980, when.timetuple()[:6])
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = ["mimetype", "META-INF/container.xml"]
    ordered += sorted(name for name in names if name not in ordered)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            if name not in names:
                continue
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


