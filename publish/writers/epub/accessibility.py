"""Work out the EPUB's schema.org accessibility metadata from what the book holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from publish.model import (
    Article,
    Block,
    BlockQuote,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quotation,
    Strong,
    plain_text,
)

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
SUMMARY_LANGUAGE = "en"
"""The language the accessibility summary is written in (whatever the book's)."""


@dataclass(frozen=True)
class BookFacts:
    """What the accessibility metadata depends on besides the article."""

    cover_alt: str | None = None
    """The cover image's text alternative; None when the book has no cover image."""
    page_list: bool = False
    """Whether the book has a page list (with page-break markers)."""
    what: str = "article"
    """What the book is, for its summary: an article, or a publication of several."""
    page_problems: tuple[str, ...] = ()
    """What the checks of the rendered page found (`page_problems`)."""


def _blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote):
            yield from _blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks)


def _inlines(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in nodes:
        yield node
        if isinstance(node, Emphasis | Strong | Link | Quotation):
            yield from _inlines(node.children)


def _all_inlines(article: Article) -> Iterator[Inline]:
    for block in _blocks(article.body):
        if isinstance(block, Paragraph | Heading):
            yield from _inlines(block.inlines)
        elif isinstance(block, Figure):
            yield from _inlines(block.caption)


def problems(article: Article, facts: BookFacts) -> list[str]:
    """Return why the book would not meet WCAG 2.1 AA as far as we can tell; [] when it does."""
    found: list[str] = []
    level = 1
    for block in _blocks(article.body):
        if isinstance(block, Heading):
            if block.level > level + 1:
                found.append(f'heading "{block.text}" skips from level {level} to {block.level}')
            level = block.level
    for node in _all_inlines(article):
        if isinstance(node, Link) and not plain_text(node.children).strip():
            found.append(f'the link to "{node.href}" has no text')
    if facts.cover_alt is not None and not facts.cover_alt.strip():
        found.append("the cover image has no text alternative")
    return found + list(facts.page_problems)


_XHTML = "{http://www.w3.org/1999/xhtml}"


def page_problems(xhtml: bytes) -> list[str]:
    """Return what keeps the rendered page XHTML from WCAG 2.1 AA as far as a check can tell:
    an internal link to an id the page lacks, an image without an `alt`, a table without a
    header cell, a page without a language."""
    from lxml import etree

    root = etree.fromstring(xhtml, etree.XMLParser(resolve_entities=False, no_network=True))
    found: list[str] = []
    if not (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")):
        found.append("the page states no language")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for link in root.iter(f"{_XHTML}a"):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] not in ids:
            found.append(f'the link to "{href}" leads nowhere')
    for image in root.iter(f"{_XHTML}img"):
        if image.get("alt") is None:
            found.append(f'the image "{image.get("src")}" has no alt attribute')
    for number, table in enumerate(root.iter(f"{_XHTML}table"), start=1):
        if next(table.iter(f"{_XHTML}th"), None) is None:
            found.append(f"table {number} has no header cell")
    return found


def accessibility_metadata(article: Article, facts: BookFacts) -> tuple[tuple[str, str], ...]:
    """Return the package `<meta property>` entries describing the book's accessibility."""
    figures = [b for b in _blocks(article.body) if isinstance(b, Figure)]
    images = len(figures) + (1 if facts.cover_alt is not None else 0)
    described = any(f.alt.strip() for f in figures) or bool((facts.cover_alt or "").strip())
    headings = any(isinstance(b, Heading) for b in _blocks(article.body))
    notes = any(isinstance(n, NoteRef) for n in _all_inlines(article))

    meta: list[tuple[str, str]] = [("schema:accessMode", "textual")]
    if images:
        meta.append(("schema:accessMode", "visual"))
    meta.append(("schema:accessModeSufficient", "textual"))
    if images:
        meta.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    if described:
        features.append("alternativeText")
    if facts.page_list:
        features += ["pageNavigation", "pageBreakMarkers"]
    features += ["displayTransformability"]
    meta += [("schema:accessibilityFeature", f) for f in features]
    meta.append(("schema:accessibilityHazard", "none"))
    meta.append(
        ("schema:accessibilitySummary", summary(article, facts, images, described, headings, notes))
    )
    if not problems(article, facts):
        meta.append(("dcterms:conformsTo", CONFORMANCE))
        meta.append(("a11y:certifiedBy", article.publisher or "publish"))
    return tuple(meta)


def summary(
    article: Article, facts: BookFacts, images: int, described: bool, headings: bool, notes: bool
) -> str:
    """Return a plain-language account of how the book can be read."""
    sentences = [
        f"A reflowable text {facts.what} in one reading order, with a table of contents"
        + (" and headings for navigation." if headings else ".")
    ]
    if images:
        if described:
            sentences.append("Images have text alternatives.")
        else:
            sentences.append("Images are decorative.")
    if notes:
        sentences.append("Source notes are linked from the text.")
    if facts.page_list:
        sentences.append(
            "Page-break markers and a page list match the pages of the print (PDF) edition."
        )
    if not problems(article, facts):
        sentences.append(
            "The publication meets WCAG 2.1 Level AA as far as automated checks can tell."
        )
    return " ".join(sentences)
