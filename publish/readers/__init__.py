"""Readers: turn an input file into an `Article`. The reader is chosen by the file's suffix."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import InputError, UsageError
from publish.readers.source import MAX_INPUT_BYTES, Source, decode, read_source

if TYPE_CHECKING:
    from publish.model import Article
    from publish.readers.docx_stylemap import WordStyles

log = logging.getLogger("publish")

Reader = Callable[[Source], "Article"]


def _lazy(module: str, name: str) -> Reader:
    """Return a reader that imports `publish.readers.MODULE` on its first call.

    A build imports only the reader of its input (trafilatura, mammoth and markdown-it are
    each a noticeable part of a cold start).
    """

    def read(source: Source) -> Article:
        reader: Reader = getattr(importlib.import_module(f"publish.readers.{module}"), name)
        return reader(source)

    read.__name__ = read.__qualname__ = name
    return read


def preload() -> None:
    """Import every reader now (before a pool of workers forks, so none imports its own),
    with what reading loads on first use: the tables that turn a headline not in ASCII
    into a slug, and the patterns of the English date forms."""
    from publish.model.article import derive_slug
    from publish.readers.dates import preload as preload_dates

    for module in ("text", "markdown", "json", "html", "ninjs", "docx"):
        importlib.import_module(f"publish.readers.{module}")
    derive_slug("\u00e9")
    preload_dates()


READERS: dict[str, Reader] = {
    "text": _lazy("text", "read_text"),
    "markdown": _lazy("markdown", "read_markdown"),
    "json": _lazy("json", "read_json"),
}
READERS["html"] = _lazy("html", "read_html")
READERS["ninjs"] = _lazy("ninjs", "read_ninjs")
READERS["docx"] = _lazy("docx", "read_docx")
PUBLICATION_SUFFIXES = (".yml", ".yaml")
"""A file with one of these suffixes is built as a publication (`publish.readers.publication`)."""


def is_publication(path: str) -> bool:
    """Tell whether PATH names a publication file (by its suffix)."""
    return path.lower().endswith(PUBLICATION_SUFFIXES)


SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


def format_for(path: Path) -> str:
    """Return the reader name for PATH's suffix, or raise UsageError."""
    if path.name.lower().endswith(".ninjs.json"):
        return "ninjs"
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise UsageError(
            f'unknown file type "{path.suffix or "(none)"}"; use one of {known} or --from',
            file=str(path),
        ) from None


def read_article(
    path: str,
    fmt: str | None = None,
    *,
    accept_changes: bool = False,
    allow_remote: Collection[str] = (),
    word_styles: WordStyles | None = None,
) -> tuple[Article, Source]:
    """Read the article at PATH (`-` for standard input) with the reader FMT or by suffix.

    ACCEPT_CHANGES lets a Word file with tracked changes or comments be read (as accepted).
    Images on the hosts in ALLOW_REMOTE are kept by their https address (see
    `publish.readers.remote`); nothing is fetched here. WORD_STYLES map a Word file's own
    styles onto the model (`publish.readers.docx_stylemap`).
    An article that states no language gets the one its text is written in.
    """
    from publish.readers.outline import stepped_outline

    hosts = frozenset(host.strip().lower().rstrip(".") for host in allow_remote)
    article, source = _read(
        path, fmt, accept_changes=accept_changes, hosts=hosts, word_styles=word_styles
    )
    article = stepped_outline(article)
    if "language" not in article.model_fields_set:
        from publish.readers.language import with_detected_language

        article = with_detected_language(article, source.name)
    return article, source


def _read(
    path: str,
    fmt: str | None,
    *,
    accept_changes: bool,
    hosts: frozenset[str],
    word_styles: WordStyles | None = None,
) -> tuple[Article, Source]:
    """Read the article at PATH as it is written (see `read_article`)."""
    if fmt == "docx" or (fmt is None and path != "-" and format_for(Path(path)) == "docx"):
        if path == "-":
            raise UsageError("a Word file cannot be read from standard input; give its path")
        from publish.readers.docx import read_docx_source, read_docx_with_folder

        docx = replace(read_docx_source(Path(path)), remote_hosts=hosts)
        article, source = read_docx_with_folder(docx, accept_changes, word_styles)
        return _linked(article, source), source
    if path == "-":
        if fmt is None:
            raise UsageError("reading standard input needs --from text|markdown|json")
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(
                f"standard input is larger than the limit of {MAX_INPUT_BYTES // 1024 // 1024} MB",
                file="<stdin>",
            )
        source = Source(
            text=decode(data, "<stdin>"), name="<stdin>", folder=None, remote_hosts=hosts
        )
    else:
        sniff = fmt is None
        fmt = fmt or format_for(Path(path))
        source = replace(read_source(Path(path)), remote_hosts=hosts)
        if sniff and fmt == "json" and _looks_like_ninjs(source.text):
            fmt = "ninjs"
    if fmt not in READERS:
        raise UsageError(f'unknown input format "{fmt}"; use {", ".join(sorted(READERS))}')
    return _linked(READERS[fmt](source), source), source


def _linked(article: Article, source: Source) -> Article:
    """Return ARTICLE with links to ids no block has kept as words, each with a warning."""
    from publish.model.anchors import missing_anchor, unlink_missing_anchors

    return unlink_missing_anchors(
        article, lambda href: log.warning("%s: warning: %s", source.name, missing_anchor(href))
    )


def _looks_like_ninjs(text: str) -> bool:
    from publish.readers.ninjs import looks_like_ninjs

    return looks_like_ninjs(text)


__all__ = ["READERS", "Source", "format_for", "preload", "read_article"]
