"""Read a plain-text article: headline, date line, then paragraphs split by blank lines."""

from __future__ import annotations

import re

from publish.errors import InputError
from publish.model import Article
from publish.readers.dates import parse_date
from publish.readers.source import Source
from publish.readers.validate import build_article

_SPACES = re.compile(r"[ \t]+")


def read_text(source: Source) -> Article:
    """Return the article in SOURCE, written in the reference article's plain-text shape.

    The first non-empty line is the headline and the next the date; the rest is paragraphs
    separated by one or more blank lines. Lines inside a paragraph are joined with a space and
    runs of spaces are collapsed; quotes, apostrophes and dashes are kept as written.
    """
    lines = source.text.split("\n")
    numbered = [(no, line.strip()) for no, line in enumerate(lines, start=1)]
    filled = [(no, line) for no, line in numbered if line]
    if not filled:
        raise InputError("the file is empty; expected a headline, a date line and paragraphs",
                         file=source.name)
    headline_line, headline = filled[0]
    if len(filled) < 2:
        raise InputError("no date line after the headline", file=source.name,
                         line=headline_line + 1)
    date_line, date_text = filled[1]
    try:
        date = parse_date(date_text)
    except ValueError as exc:
        raise InputError(str(exc), file=source.name, line=date_line) from None

    paragraphs: list[str] = []
    current: list[str] = []
    for no, line in numbered:
        if no <= date_line:
            continue
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    body = [
        {"type": "paragraph", "inlines": [{"type": "text", "text": _SPACES.sub(" ", p)}]}
        for p in paragraphs
    ]
    return build_article(
        {"headline": headline, "date": date, "body": body},
        name=source.name,
        lines={"headline": headline_line, "date": date_line},
    )
