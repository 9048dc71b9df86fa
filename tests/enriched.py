"""Read a test article and run the enrichers on it, without rendering."""

from __future__ import annotations

import re
from pathlib import Path

from publish.model import Article, Paragraph
from publish.pipeline import load_article

ARTICLES = Path(__file__).resolve().parent / "articles"

DATE_OR_ORDINAL = re.compile(
    r"^(?:\d{4}|\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d+|\d+\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)$",
    re.IGNORECASE,
)


def enriched(path: str | Path) -> Article:
    """Return the article at PATH after every enricher has run."""
    article, _ = load_article(str(path))
    return article


def block_text(article: Article, index: int) -> str:
    block = article.body[index]
    assert isinstance(block, Paragraph)
    return block.text
