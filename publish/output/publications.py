"""What the catalogue says of each publication of an output folder: its files and metadata.

`publish.output.catalog` reads these from the files; `publish.output.opds` writes them as
the feed's entries.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

CATALOG_NAME = "catalog.xml"
"""The OPDS feed's file name in the output folder."""
CATALOG_NAMESPACE = uuid.UUID("5b0f6f52-6c1e-5d3a-9a43-7a3c2f0e1b59")
"""Namespace of the catalogue's derived identifiers (UUID v5)."""


@dataclass(frozen=True)
class PublicationFile:
    """One file of a publication, as the catalogue and the manifest describe it."""

    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Publication:
    """What one article's outputs say about it."""

    slug: str
    title: str
    updated: dt.datetime
    """When the outputs were dated: the build date (the article's, or SOURCE_DATE_EPOCH)."""
    files: tuple[PublicationFile, ...]
    identifier: str | None = None
    """The book's own identifier (the EPUB's `dc:identifier`), a URN."""
    authors: tuple[str, ...] = ()
    language: str | None = None
    issued: str | None = None
    """The article's date as the files state it (YYYY-MM-DD)."""
    summary: str | None = None
    publisher: str | None = None
    subjects: tuple[str, ...] = ()
    thumbnail: bytes | None = field(default=None, repr=False)
    """A PNG of the cover, at most THUMBNAIL pixels."""

    @property
    def entry_id(self) -> str:
        """Return the catalogue entry's id: derived from the book, never equal to its id."""
        basis = self.identifier or "\n".join((self.title, self.issued or "", *self.authors))
        return uuid.uuid5(CATALOG_NAMESPACE, f"entry:{basis}").urn
