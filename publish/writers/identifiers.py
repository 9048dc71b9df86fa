"""The identifiers and the date the outputs carry, the same from build to build.

An article's EPUB and PDF share one UUID URN (from its source URL, else its content); the
PDF edition has its own, derived from it, which the EPUB's page list names as its source.
A publication's URN comes from its metadata and its articles' content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import TYPE_CHECKING

from publish.readers.dates import source_date_epoch

if TYPE_CHECKING:
    from publish.model import Article
    from publish.readers.publication import Publication


def build_date(article: Article) -> dt.datetime:
    """Return the moment the build is dated: SOURCE_DATE_EPOCH, else the article's date."""
    day = source_date_epoch() or article.date
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def book_identifier(article: Article) -> str:
    """Return a UUID v5 URN from the source URL, or from the article's content without one."""
    if article.source_url:
        return uuid.uuid5(uuid.NAMESPACE_URL, article.source_url).urn
    digest = hashlib.sha256(article.identity_json().encode("utf-8")).hexdigest()
    return uuid.uuid5(uuid.NAMESPACE_OID, digest).urn


def publication_identifier(book: Publication) -> str:
    """Return the book's UUID URN, derived from its metadata and its articles' content."""
    digest = hashlib.sha256()
    digest.update(book.as_article().identity_json().encode("utf-8"))
    for item in book.articles():
        digest.update(item.article.identity_json().encode("utf-8"))
    return uuid.uuid5(uuid.NAMESPACE_OID, digest.hexdigest()).urn


def print_identifier(identifier: str) -> str:
    """Return the UUID URN naming the PDF edition of the book IDENTIFIER names."""
    return uuid.uuid5(uuid.UUID(identifier), "pdf").urn


def pdf_file_identifier(identifier: str) -> bytes:
    """Return the PDF's file identifier (its trailer's `/ID`) for the book IDENTIFIER names."""
    digest = hashlib.md5(identifier.encode("ascii"), usedforsecurity=False)
    return digest.hexdigest().encode("ascii")
