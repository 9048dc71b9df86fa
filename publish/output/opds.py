"""An OPDS 1.2 acquisition feed (Atom, RFC 4287) of a folder's publications.

The feed is a Complete Acquisition Feed (OPDS 1.2, 2.5): every entry carries all we know
(title, authors, language, dates, summary, subjects, a cover thumbnail as a `data:` URI,
an acquisition link per file with its media type), entries are ordered most recently
updated first, and `fh:complete` says there are no further pages. Links are relative to the
feed, so the folder can be served as it is, or absolute under a base URL when one is given
(calibre's "Get books" hands an entry's links to its downloader as written, unresolved).
Every date and identifier is derived from the files, never from the clock, so the same
folder gives the same bytes.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from lxml import etree

from publish.errors import UsageError
from publish.output.publications import CATALOG_NAME, CATALOG_NAMESPACE, Publication

ATOM = "http://www.w3.org/2005/Atom"
DCTERMS = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
FEED_HISTORY = "http://purl.org/syndication/history/1.0"
NAMESPACES = {None: ATOM, "dc": DCTERMS, "opds": OPDS, "fh": FEED_HISTORY}

ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUISITION = "http://opds-spec.org/acquisition"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
CRAWLABLE = "http://opds-spec.org/crawlable"


def _stamp(item: Publication) -> str:
    return item.updated.strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    namespace, _, name = tag.rpartition(":")
    qualified = (
        f"{{{DCTERMS if namespace == 'dc' else FEED_HISTORY}}}{name}"
        if namespace
        else f"{{{ATOM}}}{name}"
    )
    element = etree.SubElement(parent, qualified, attributes)
    if text is not None:
        element.text = text
    return element


def _author(parent: etree._Element, name: str) -> None:
    _add(_add(parent, "author"), "name", name)


def base_url(url: str | None) -> str:
    """Return URL checked as the http(s) folder a catalogue is served at, ending in "/"."""
    if url is None:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(
            "--base-url: give the http(s) address the folder is served at, "
            "like https://books.example/desk/",
            file=url,
        )
    return url if url.endswith("/") else url + "/"


def feed_id(title: str) -> str:
    """Return the feed's permanent id, derived from its title."""
    return uuid.uuid5(CATALOG_NAMESPACE, f"feed:{title}").urn


def acquisition_feed(items: Sequence[Publication], title: str, base: str = "") -> bytes:
    """Return the OPDS 1.2 acquisition feed of ITEMS (already in feed order) as UTF-8 XML.

    Links are relative to the feed, or start with BASE (a checked `base_url`) when given.
    """
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NAMESPACES)
    _add(feed, "id", feed_id(title))
    _add(feed, "title", title)
    _add(feed, "updated", max(_stamp(item) for item in items))
    publishers = {item.publisher or "" for item in items}
    _author(feed, publishers.pop() if len(publishers) == 1 and "" not in publishers else title)
    for rel in ("self", "start", CRAWLABLE):
        _add(feed, "link", rel=rel, href=base + CATALOG_NAME, type=ACQUISITION_FEED)
    _add(feed, "fh:complete")
    for item in items:
        _entry(feed, item, base)
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _entry(feed: etree._Element, item: Publication, base: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "title", item.title)
    _add(entry, "id", item.entry_id)
    _add(entry, "updated", _stamp(item))
    for name in item.authors or ((item.publisher,) if item.publisher else ()):
        _author(entry, name)
    if item.identifier:
        _add(entry, "dc:identifier", item.identifier)
    if item.language:
        _add(entry, "dc:language", item.language)
    if item.issued:
        _add(entry, "dc:issued", item.issued)
    if item.publisher:
        _add(entry, "dc:publisher", item.publisher)
    for subject in item.subjects:
        _add(entry, "category", term=subject, label=subject)
    if item.summary:
        _add(entry, "summary", item.summary, type="text")
    if item.thumbnail:
        data = base64.b64encode(item.thumbnail).decode("ascii")
        _add(entry, "link", rel=THUMBNAIL, type="image/png", href=f"data:image/png;base64,{data}")
    main = item.files[0]  # the EPUB when there is one (files are sorted .epub before .pdf)
    _add(entry, "link", rel="alternate", href=base + quote(main.name), type=main.media_type)
    for file in item.files:
        _add(
            entry,
            "link",
            rel=ACQUISITION,
            href=base + quote(file.name),
            type=file.media_type,
            length=str(file.size),
        )
