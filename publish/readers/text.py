"""Read a plain-text article: headline, date line, then paragraphs split by blank lines."""

from __future__ import annotations

import re

from publish.errors import InputError
from publish.model import Article
from publish.readers.dates import parse_date
from publish.readers.source import Source
from publish.readers.validate import build_article

_SPACES = re.compile(r"[ \t]+")
_WORD = r"[A-Z\u00C0-\u024F][\w.'\u2019-]*"
_PARTICLE = r"de|da|van|von|der|al|bin|le|la|du"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|{_PARTICLE}))*"
_BYLINE = re.compile(rf"^by\s+({_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*")


def _byline(line: str) -> list[str] | None:
    """Return the names of a byline such as "By Ada Reporter and Ben Editor", else None."""
    match = _BYLINE.match(line) if len(line) <= 200 else None
    if match is None:
        return None
    names = [name for name in _SEPARATORS.split(match.group(1)) if name]
    if not all(name[0].isupper() for name in names):
        return None
    return names


def read_text(source: Source) -> Article:
    """Return the article in SOURCE, written in the reference article's plain-text shape.

    The first non-empty line is the headline and the next the date; the rest is paragraphs
    separated by one or more blank lines. A byline ("By Ada Reporter and Ben Editor") on its
    own line just before or just after the date line gives the authors. Lines inside a
    paragraph are joined with a space and runs of spaces are collapsed; quotes, apostrophes
    and dashes are kept as written.
    """
    lines = source.text.split("\n")
    numbered = [(no, line.strip()) for no, line in enumerate(lines, start=1)]
    filled = [(no, line) for no, line in numbered if line]
    if not filled:
        raise InputError(
            "the file is empty; expected a headline, a date line and paragraphs", file=source.name
        )
    headline_line, headline = filled[0]
    if len(filled) < 2:
        raise InputError(
            "no date line after the headline", file=source.name, line=headline_line + 1
        )
    authors = _byline(filled[1][1])
    if authors is not None:
        filled = filled[:1] + filled[2:]
        if len(filled) < 2:
            raise InputError(
                "no date line after the headline and byline",
                file=source.name,
                line=headline_line + 2,
            )
    date_line, date_text = filled[1]
    try:
        date = parse_date(date_text, _language(source.text, date_text))
    except ValueError as exc:
        raise InputError(str(exc), file=source.name, line=date_line) from None
    body_start = date_line
    if authors is None and len(filled) > 2 and _alone(numbered, filled[2][0]):
        authors = _byline(filled[2][1])
        if authors is not None:
            body_start = filled[2][0]

    paragraphs: list[str] = []
    current: list[str] = []
    for no, line in numbered:
        if no <= body_start:
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
    fields: dict[str, object] = {"headline": headline, "date": date, "body": body}
    if authors:
        fields["authors"] = authors
    return build_article(
        fields,
        name=source.name,
        lines={"headline": headline_line, "date": date_line},
    )


def _language(text: str, date_text: str) -> str | None:
    """The language the article's text is written in, when its date line is not English.

    A date in a form `parse_date` reads without a language is not looked into further;
    any other is read in the language detected from the whole text (`readers.language`),
    as the article's `lang` will be.
    """
    from publish.readers.language import THRESHOLD, detect

    try:
        parse_date(date_text)
    except ValueError:
        found = detect(text)
        return found.tag if found is not None and found.confidence >= THRESHOLD else None
    return None


def _alone(numbered: list[tuple[int, str]], line_no: int) -> bool:
    """Return whether the line LINE_NO ends its paragraph (the line after it is blank)."""
    after = numbered[line_no] if line_no < len(numbered) else (0, "")
    return not after[1]
