"""Write an EPUB 3 with ebooklib: the only module that imports it.

ebooklib builds the package document and the NCX; we give it finished XHTML (article, cover
page, navigation document), add what it cannot write itself (`xml:lang` on the package, the
NCX page list, accessibility metadata), then repack the zip so the same book always has the
same bytes (fixed entry order and times, `mimetype` first and stored).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from ebooklib import epub
from lxml import etree

from publish.errors import RenderError
from publish.render.scripts import direction

EPOCH_1980 = (1980, 1, 1, 0, 0, 0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"

ARTICLE_FILE = "article.xhtml"
COVER_FILE = "cover.xhtml"
NAV_FILE = "nav.xhtml"


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
    children: tuple[TocEntry, ...] = ()
    """Entries nested under this one (a section's articles, an article's headings)."""


@dataclass(frozen=True)
class ContentDocument:
    """One XHTML content document of the spine, in reading order."""

    name: str
    title: str
    xhtml: bytes


@dataclass(frozen=True)
class PageEntry:
    """One entry of the page list: the label of a print page and where it starts."""

    href: str
    label: str


@dataclass(frozen=True)
class EpubCover:
    """The cover: its image (marked `cover-image`) and the XHTML page showing it."""

    image: EpubPart
    page_xhtml: bytes


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
    nav_xhtml: bytes | None = None
    """The navigation document; ebooklib's own (toc only) when None."""
    cover: EpubCover | None = None
    pages: tuple[PageEntry, ...] = ()
    """The page list, also written to the NCX; the nav document must carry it too."""
    page_source: str | None = None
    """The identifier of the print edition the page list comes from (its `dc:source`)."""
    metadata: tuple[tuple[str, str], ...] = ()
    """Extra `<meta property=...>` entries (accessibility metadata), in order."""
    metadata_languages: tuple[tuple[str, str], ...] = ()
    """(property, language) for entries written in another language than the book's."""
    documents: tuple[ContentDocument, ...] = ()
    """The content documents after the cover; when empty, the one article page."""


class _Files:
    """What ebooklib writes, kept in order instead of zipped: `pack` zips it once."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.contents: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        self.names.append(name)
        self.contents[name] = data.encode("utf-8") if isinstance(data, str) else data


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer with our navigation document, package language and NCX page list,
    collecting the book's files for `pack` (ebooklib would deflate them, and `pack` inflate
    them again, only to be written anew)."""

    def __init__(self, doc: epub.EpubBook, options: dict[str, Any], book: EpubBook) -> None:
        super().__init__(None, doc, options)
        self.publish_book = book
        self.files = _Files()

    def write(self) -> None:
        self.out = self.files  # what ebooklib's `write` does, into `_Files` instead of a zip
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()

    def _write_opf_file(self, root: Any) -> None:
        root.set(XML_LANG, self.publish_book.language)
        super()._write_opf_file(root)

    def _get_nav(self, item: Any) -> bytes:
        if self.publish_book.nav_xhtml is not None:
            return self.publish_book.nav_xhtml
        return bytes(super()._get_nav(item))

    def _get_ncx(self) -> bytes:
        root = etree.fromstring(super()._get_ncx())
        root.set(XML_LANG, self.publish_book.language)
        pages = self.publish_book.pages
        if not pages:
            return bytes(
                etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)
            )
        numbers = [int(p.label) for p in pages if p.label.isdigit()]
        for meta in root.iter(f"{{{NCX_NS}}}meta"):
            if meta.get("name") == "dtb:totalPageCount":
                meta.set("content", str(len(pages)))
            elif meta.get("name") == "dtb:maxPageNumber":
                meta.set("content", str(max(numbers, default=0)))
        page_list = etree.SubElement(root, f"{{{NCX_NS}}}pageList")
        label = etree.SubElement(
            etree.SubElement(page_list, f"{{{NCX_NS}}}navLabel"), f"{{{NCX_NS}}}text"
        )
        label.text = "Pages"
        for number, page in enumerate(pages, start=1):
            target = etree.SubElement(
                page_list,
                f"{{{NCX_NS}}}pageTarget",
                {
                    "id": f"pt{number}",
                    "value": page.label if page.label.isdigit() else "0",
                    "type": "normal" if page.label.isdigit() else "special",
                },
            )
            text = etree.SubElement(
                etree.SubElement(target, f"{{{NCX_NS}}}navLabel"), f"{{{NCX_NS}}}text"
            )
            text.text = page.label
            etree.SubElement(target, f"{{{NCX_NS}}}content", {"src": page.href})
        return bytes(
            etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)
        )


def _package(book: EpubBook) -> tuple[epub.EpubBook, list[Any]]:
    """Return the ebooklib book for BOOK and its spine."""
    doc = epub.EpubBook()
    doc.set_identifier(book.identifier)
    doc.set_title(book.title)
    doc.set_language(book.language)
    if direction(book.language) == "rtl":
        doc.set_direction("rtl")
    for number, author in enumerate(book.authors, start=1):
        doc.add_author(author, uid=f"creator{number}")
    doc.add_metadata("DC", "date", book.date.isoformat())
    if book.publisher:
        doc.add_metadata("DC", "publisher", book.publisher)
    if book.description:
        doc.add_metadata("DC", "description", book.description)
    if book.source_url:
        doc.add_metadata("DC", "source", book.source_url)
    if book.pages and book.page_source:
        doc.add_metadata("DC", "source", book.page_source, {"id": "print-source"})
        doc.add_metadata(
            None, "meta", "pagination", {"refines": "#print-source", "property": "source-of"}
        )
    for keyword in book.keywords:
        doc.add_metadata("DC", "subject", keyword)
    languages = dict(book.metadata_languages)
    for prop, value in book.metadata:
        attributes = {"property": prop}
        if languages.get(prop, book.language) != book.language:
            attributes[XML_LANG] = languages[prop]
        doc.add_metadata(None, "meta", value, attributes)

    for number, part in enumerate(book.parts, start=1):
        doc.add_item(
            epub.EpubItem(
                uid=f"part{number}",
                file_name=part.name,
                media_type=part.media_type,
                content=part.content,
            )
        )

    spine: list[Any] = []
    if book.cover is not None:
        image = epub.EpubCover(uid="cover-image", file_name=book.cover.image.name)
        image.media_type = book.cover.image.media_type
        image.content = book.cover.image.content
        doc.add_item(image)
        doc.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        page = _Document(uid="cover", file_name=COVER_FILE, title=book.title, lang=book.language)
        page.content = book.cover.page_xhtml
        doc.add_item(page)
        spine.append(page)

    documents = book.documents or (ContentDocument(ARTICLE_FILE, book.title, book.article_xhtml),)
    for number, document in enumerate(documents):
        page = _Document(
            uid="article" if number == 0 else f"document{number + 1}",
            file_name=document.name,
            title=document.title,
            lang=book.language,
        )
        page.content = document.xhtml
        doc.add_item(page)
        spine.append(page)

    doc.toc = _toc(book.toc, iter(range(1, 1_000_000)))
    doc.add_item(epub.EpubNcx())
    doc.add_item(epub.EpubNav(uid="nav", file_name=NAV_FILE))
    doc.spine = spine
    return doc, spine


def _toc(entries: tuple[TocEntry, ...], numbers: Any) -> list[Any]:
    """Return ENTRIES as ebooklib's table of contents (a nested entry as a section)."""
    items: list[Any] = []
    for entry in entries:
        uid = f"toc{next(numbers)}"
        if entry.children:
            items.append((epub.Section(entry.title, entry.href), _toc(entry.children, numbers)))
        else:
            items.append(epub.Link(entry.href, entry.title, uid))
    return items


def render_epub(book: EpubBook) -> bytes:
    """Return the bytes of BOOK packed as an EPUB 3."""
    doc, _ = _package(book)
    options = {
        "mtime": book.modified,
        "epub3_pages": False,
        "epub2_guide": False,
        "spine_direction": direction(book.language) == "rtl",
        "play_order": {"enabled": False},
    }
    try:
        writer = _Writer(doc, options, book)
        writer.process()
        writer.write()
    except Exception as exc:  # ebooklib raises bare exceptions on bad content
        raise RenderError(f"EPUB packing failed: {type(exc).__name__}: {exc}") from None
    return pack(writer.files.names, writer.files.contents, book.modified)


def pack(names: list[str], contents: dict[str, bytes], when: dt.datetime) -> bytes:
    """Return the zip of NAMES (as written: a name written twice keeps its last CONTENTS)
    with `mimetype` first and stored, the rest deflated, every entry dated WHEN."""
    stamp = max(EPOCH_1980, when.timetuple()[:6])
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
            target.writestr(info, contents[name], compresslevel=9)
    return out.getvalue()
