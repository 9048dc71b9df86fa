"""The theme's PDF stylesheets, parsed by WeasyPrint once per process, and what they read.

Also the fetcher every WeasyPrint document reads through, and the collector of WeasyPrint's
warnings.
"""

from __future__ import annotations

import atexit
import base64
import logging
import os
import shutil
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from publish.errors import FetchRefused
from publish.writers.fetcher import LocalFiles


class SandboxFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint fetcher that reads only through `LocalFiles` and never opens a socket."""

    def __init__(self, files: LocalFiles, data_urls: bool = False) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.files = files
        self.data_urls = data_urls
        self.urls: list[str] = []
        """Every file URL read, in order."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:") and self.data_urls:  # a book's own cover, made in memory
            head, _, payload = url[5:].partition(",")
            body = base64.b64decode(payload) if head.endswith(";base64") else payload.encode()
            return URLFetcherResponse(url, body, {"Content-Type": head.split(";")[0]})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        body, media_type = self.files.read(url)
        self.urls.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": media_type})


class _Fonts(FontConfiguration):  # type: ignore[misc]
    """A font configuration that notes any @font-face added after the theme's own."""

    sealed = False
    grown = False

    def add_font_face(self, rule_descriptors: Any, url_fetcher: Any) -> Any:
        if self.sealed:
            self.grown = True
        return super().add_font_face(rule_descriptors, url_fetcher)


Stamp = tuple[str, int, int]


def _stamp(path: Path) -> Stamp:
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


@dataclass
class ThemeStyles:
    """The theme's stylesheets parsed once, with the font faces they register."""

    font_config: _Fonts
    color_profiles: dict[str, Any]
    css: list[Any]
    urls: tuple[str, ...]
    """The files the stylesheets read (fonts, imports), re-checked for every document."""
    stamps: tuple[Stamp, ...]
    """Those files as they were when read: any change parses the stylesheets again."""
    owner: int
    """The process that parsed them; a forked child uses them but never frees them."""

    warnings: tuple[str, ...]
    """What WeasyPrint said while parsing them, said again for every document."""

    def fresh(self) -> bool:
        """Return whether every file the stylesheets read is as it was."""
        try:
            return all(_stamp(Path(stamp[0])) == stamp for stamp in self.stamps)
        except OSError:
            return False

    def discard(self) -> None:
        """Forget these styles; their fonts folder goes with them, in the process that made it."""
        folder, self.font_config._folder = self.font_config._folder, None
        if folder is not None and os.getpid() == self.owner:
            shutil.rmtree(folder, ignore_errors=True)


_STYLES: OrderedDict[tuple[Stamp, ...], ThemeStyles] = OrderedDict()
"""Parsed theme stylesheets of this process, by the stylesheets' names, times and sizes."""
_KEEP = 4
_OWNER = os.getpid()
"""The process that imported this module (the builder, before it forks): only it keeps
parsed styles. A forked child ends with `os._exit`, which would leave their fonts folder in
the temporary directory; it uses what the parent parsed, or parses for one document."""


@atexit.register
def _forget_all() -> None:
    while _STYLES:
        _STYLES.popitem()[1].discard()


def _file_of(url: str) -> Path | None:
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path))) if parts.scheme == "file" else None


def theme_styles(stylesheets: tuple[Path, ...], files: LocalFiles) -> ThemeStyles:
    """Return STYLESHEETS parsed, with their fonts registered: once per process and theme.

    WeasyPrint lets a document reuse parsed stylesheets and their font configuration; the
    bytes of the PDF are the same either way. Every file the stylesheets read is checked
    again against FILES (this document's allowed folders) and must be unchanged on disk;
    stylesheets that read anything remote, or were refused a file, are parsed every time.
    """
    key = tuple(_stamp(path) for path in stylesheets)
    cached = _STYLES.get(key)
    if cached is not None and cached.fresh():
        for url in cached.urls:
            try:
                files.path_for(url)
            except FetchRefused as exc:
                files.reasons.append(str(exc))
        for message in cached.warnings:
            logging.getLogger("weasyprint").warning("%s", message)
        return cached
    if cached is not None:
        _STYLES.pop(key).discard()
    return _parse_styles(key, stylesheets, files)


def forget_styles(stylesheets: tuple[Path, ...]) -> None:
    """Parse STYLESHEETS afresh next time (a document added font faces to their fonts)."""
    styles = _STYLES.pop(tuple(_stamp(path) for path in stylesheets), None)
    if styles is not None:
        styles.discard()


def _parse_styles(
    key: tuple[Stamp, ...], stylesheets: tuple[Path, ...], files: LocalFiles
) -> ThemeStyles:
    fetcher = SandboxFetcher(files)
    refused = len(files.reasons)
    font_config = _Fonts()
    color_profiles: dict[str, Any] = {}
    with weasyprint_warnings() as said:  # the caller's collector hears them too
        css = [
            weasyprint.CSS(
                url=path.as_uri(),
                url_fetcher=fetcher,
                font_config=font_config,
                color_profiles=color_profiles,
            )
            for path in stylesheets
        ]
    font_config.sealed = True
    local = [_file_of(url) for url in fetcher.urls]
    styles = ThemeStyles(
        font_config,
        color_profiles,
        css,
        tuple(fetcher.urls),
        tuple(_stamp(path) for path in local if path is not None),
        os.getpid(),
        tuple(said),
    )
    if (
        os.getpid() == _OWNER
        and len(files.reasons) == refused
        and all(path is not None for path in local)
    ):
        _STYLES[key] = styles
        while len(_STYLES) > _KEEP:
            _STYLES.popitem(last=False)[1].discard()
    return styles


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
