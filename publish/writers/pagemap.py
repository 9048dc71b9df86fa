"""Carry the PDF's page starts into the EPUB: page-break markers at the same places in the text.

The PDF writer reports, for each printed page, where the page begins as an element id of
the rendered HTML and a count of the visible (non-space) characters of that element that
came before on earlier pages. The same templates render the same ids for the EPUB, so the
marker goes into the EPUB's XHTML at the same character, moved back to the start of its word.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from publish.errors import RenderError

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


@dataclass(frozen=True)
class PageStart:
    """Where printed page NUMBER begins.

    ANCHORS lists the ids of the elements the page's first content lies in, innermost
    first, each with the number of its non-space characters printed on earlier pages.
    """

    number: int
    anchors: tuple[tuple[str, int], ...]

    @property
    def label(self) -> str:
        """Return the page's label as printed (its number)."""
        return str(self.number)

    @property
    def marker_id(self) -> str:
        """Return the id of the EPUB marker for this page."""
        return f"page-{self.number}"


def _visible(text: str | None) -> int:
    return sum(1 for ch in text or "" if not ch.isspace() and ch != "\u00ad")


def _split_at(text: str, count: int) -> int:
    """Return the index in TEXT after COUNT visible characters, moved back to a word start."""
    seen = 0
    index = 0
    while index < len(text) and seen < count:
        ch = text[index]
        if not ch.isspace() and ch != "\u00ad":
            seen += 1
        index += 1
    if seen < count:
        return -1
    while index < len(text) and text[index].isspace():
        index += 1
    while 0 < index < len(text) and not text[index - 1].isspace():
        index -= 1
    return index


def _marker(page: PageStart) -> etree._Element:
    span = etree.Element(f"{{{XHTML_NS}}}span", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    span.set(f"{{{EPUB_NS}}}type", "pagebreak")
    span.set("role", "doc-pagebreak")
    span.set("id", page.marker_id)
    span.set("aria-label", page.label)
    return span


_NO_PHRASING = {"ul", "ol", "dl", "table", "thead", "tbody", "tr", "html", "head"}


def _place(anchor: etree._Element, offset: int, marker: etree._Element) -> None:
    """Insert MARKER into ANCHOR before its visible character number OFFSET (from 0)."""
    if offset <= 0 and etree.QName(anchor).localname not in _NO_PHRASING:
        marker.tail, anchor.text = anchor.text, None
        anchor.insert(0, marker)
        return
    seen = 0

    def split(text: str) -> tuple[str, str] | None:
        nonlocal seen
        count = _visible(text)
        if seen + count > offset:
            at = _split_at(text, offset - seen)
            return text[:at], text[at:]
        seen += count
        return None

    def visit(node: etree._Element) -> bool:
        parts = split(node.text or "")
        if parts is not None:
            node.text, marker.tail = parts[0] or None, parts[1]
            node.insert(0, marker)
            return True
        for child in list(node):
            if not isinstance(child.tag, str):
                continue
            if visit(child):
                return True
            parts = split(child.tail or "")
            if parts is not None:
                child.tail, marker.tail = parts[0] or None, parts[1]
                child.addnext(marker)
                return True
        return False

    if visit(anchor):
        return
    if etree.QName(anchor).localname in _NO_PHRASING:
        if offset <= 0:
            anchor.addprevious(marker)
        else:
            marker.tail, anchor.tail = anchor.tail, None
            anchor.addnext(marker)
    elif offset <= 0:
        marker.tail, anchor.text = anchor.text, None
        anchor.insert(0, marker)
    else:
        anchor.append(marker)


def insert_page_breaks(xhtml: bytes, pages: tuple[PageStart, ...]) -> bytes:
    """Return XHTML with a page-break marker where each of PAGES starts.

    A page whose anchors are all missing from XHTML (a user template that drops an id)
    goes to the start of the body, after any marker already there.
    """
    if not pages:
        return xhtml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    try:
        tree = etree.fromstring(xhtml, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"the EPUB page is not well-formed XHTML: {exc}") from None
    by_id = {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    body = tree.getroot().find(f"{{{XHTML_NS}}}body")
    if body is None:
        raise RenderError("the EPUB page has no <body>")
    last: etree._Element | None = None
    for page in pages:
        marker = _marker(page)
        for anchor_id, offset in page.anchors:
            anchor = by_id.get(anchor_id)
            if anchor is not None:
                _place(anchor, offset, marker)
                break
        else:
            if last is not None:
                marker.tail, last.tail = last.tail, None
                last.addnext(marker)
            else:
                _place(body, 0, marker)
        last = marker
    return bytes(
        etree.tostring(tree, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
    )
