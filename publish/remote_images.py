"""Fetch an article's images on the hosts the user allowed: once, for the PDF and the EPUB.

A reader keeps an image on an allowed host by its https address (publish.readers.remote);
here each address is fetched once, through the fetcher's `RemotePolicy` (https only, every
address of the host public, checked redirects, a size cap and a time limit). The bytes go
with the `Source` (`Source.remote_images`): the PDF's fetcher serves them from there and the
EPUB packs them, so the EPUB references nothing on the network and the two outputs show the
same picture. An image that cannot be fetched, or is not a PNG, JPEG, GIF or WebP picture, is
left out with one warning naming it, its text alternative in its place. Nothing is fetched
without an allowed host.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from publish.article_files import FetchedImage
from publish.errors import FetchRefused
from publish.model import (
    Article,
    Block,
    BlockQuote,
    Emphasis,
    Figure,
    ListBlock,
    Paragraph,
    Text,
)
from publish.model.blocks import figures
from publish.readers.source import Source
from publish.writers.fetcher import RemotePolicy

Warn = Callable[[str], None]


def remote_sources(article: Article) -> list[str]:
    """Return the https address of each remote figure of ARTICLE, each once, in order."""
    return list(
        dict.fromkeys(f.src for f in figures(article.body) if f.src.lower().startswith("https:"))
    )


def image_type(data: bytes) -> str | None:
    """Return the media type of DATA when it is a PNG, JPEG, GIF or WebP picture, else None.

    Told from the bytes, not the server's Content-Type; SVG is not taken from the network (it
    may name other resources, which the EPUB could not hold).
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def fetch_remote_images(
    article: Article, source: Source, policy: RemotePolicy, warn: Warn
) -> tuple[Article, Source]:
    """Return ARTICLE without the remote images that could not be had, and SOURCE with the
    others' bytes; each failure is one warning through WARN."""
    fetched: list[FetchedImage] = []
    failed: set[str] = set()
    for url in remote_sources(article):
        shown = url if len(url) <= 120 else url[:117] + "..."
        try:
            data, served = policy.fetch(url)
        except FetchRefused as exc:
            failed.add(url)
            warn(f'image "{shown}" left out: {exc}')
            continue
        media_type = image_type(data)
        if media_type is None:
            failed.add(url)
            warn(
                f'image "{shown}" left out: the host sent {served or "something"} that is not a '
                "PNG, JPEG, GIF or WebP picture"
            )
            continue
        fetched.append(FetchedImage(url, data, media_type))
    if failed:
        article = article.model_copy(update={"body": _without(article.body, failed)})
    return article, dataclasses.replace(source, remote_images=tuple(fetched))


def _without(blocks: tuple[Block, ...], failed: set[str]) -> tuple[Block, ...]:
    """Return BLOCKS with each figure in FAILED replaced by its text alternative, in italics
    (a decorative one leaves nothing, nor does a quote, item or list it alone made)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Figure) and block.src in failed:
            if block.alt.strip():
                out.append(Paragraph(inlines=(Emphasis(children=(Text(text=block.alt),)),)))
        elif isinstance(block, BlockQuote):
            inner = _without(block.blocks, failed)
            if inner:
                out.append(block.model_copy(update={"blocks": inner}))
        elif isinstance(block, ListBlock):
            items = tuple(
                item.model_copy(update={"blocks": kept})
                for item in block.items
                if (kept := _without(item.blocks, failed))
            )
            if items:
                out.append(block.model_copy(update={"items": items}))
        else:
            out.append(block)
    return tuple(out)
