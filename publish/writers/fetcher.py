"""The only way a writer reads a file: local files under allowed folders, nothing remote."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from publish.remote import RemotePolicy


class FetchRefused(ValueError):
    """A document asked for something outside the allowed folders, or on the network."""


class LocalFiles:
    """Serve `file:` URLs under ROOTS; refuse every other URL and every other file.

    With a REMOTE policy, https URLs it allows are fetched through it; nothing else is.
    """

    def __init__(self, roots: Iterable[Path], remote: RemotePolicy | None = None) -> None:
        self.roots = tuple(root.resolve() for root in roots)
        self.remote = remote
        self.fetched: list[str] = []
        self.refused: list[str] = []
        self.reasons: list[str] = []

    def path_for(self, url: str) -> Path:
        """Return the allowed local file URL names, or raise FetchRefused."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            self.refused.append(url)
            raise FetchRefused(f"{parts.scheme or 'relative'} URL refused: {url[:200]}")
        if parts.netloc not in ("", "localhost"):
            self.refused.append(url)
            raise FetchRefused(f"file URL on another host refused: {url[:200]}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path == root or root in path.parents for root in self.roots):
            self.refused.append(url)
            raise FetchRefused(f"file outside the article and theme folders refused: {path}")
        if not path.is_file():
            self.refused.append(url)
            raise FetchRefused(f"no such file: {path}")
        self.fetched.append(str(path))
        return path

    def read(self, url: str) -> tuple[bytes, str]:
        """Return the bytes and media type of the allowed file URL names."""
        try:
            if self.remote is not None and urlsplit(url).scheme.lower() == "https":
                body, media_type = self.remote.fetch(url)
                self.fetched.append(url)
                return body, media_type
            path = self.path_for(url)
        except FetchRefused as exc:
            if url not in self.refused:
                self.refused.append(url)
            self.reasons.append(str(exc))
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.read_bytes(), media_type
