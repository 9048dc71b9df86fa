"""Read an editor's fact-box and source-note corrections from front matter, and check them.

The keys `facts`, `facts_add`, `facts_drop`, `notes`, `notes_add` and `notes_drop` become the
article's `editorial` field. A pinned fact's value and a note's anchor must appear in the
article's text (the box is extractive), which is checked here, where the line is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from publish.errors import InputError
from publish.model import Article, Editorial
from publish.model.sentences import find_text

EDITORIAL_KEYS = ("facts", "facts_add", "facts_drop", "notes", "notes_add", "notes_drop")
"""Front-matter keys that correct the generated fact box and source notes."""

_ITEM_FIELD = {"facts": "value", "facts_add": "value", "notes": "source", "notes_add": "source"}


def read_editorial(values: Mapping[str, Any], lines: Mapping[str, int], name: str) -> Editorial:
    """Return the corrections among front-matter VALUES; report a bad one by its line."""
    fields: dict[str, Any] = {}
    for key in EDITORIAL_KEYS:
        if key not in values:
            continue
        value = values[key]
        line = lines.get(key)
        if value is None:
            value = []
        if isinstance(value, str | dict):
            value = [value]
        if not isinstance(value, list):
            raise InputError(f"{key}: must be a list", file=name, line=line)
        if key in _ITEM_FIELD:
            value = [
                {_ITEM_FIELD[key]: i} if isinstance(i, str | int | float) else i for i in value
            ]
            value = [
                {k: str(v) if isinstance(v, int | float) else v for k, v in i.items()}
                if isinstance(i, dict)
                else i
                for i in value
            ]
        else:
            value = [str(i) if isinstance(i, int | float) else i for i in value]
        try:
            Editorial.model_validate({key: value})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ""
            for part in first.get("loc", ()):
                if isinstance(part, int):
                    where += f"[{part + 1}]"
                else:
                    where += f".{part}" if where else str(part)
            message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
            raise InputError(f"{where}: {message}", file=name, line=line) from None
        fields[key] = value
    return Editorial.model_validate(fields)


def check_editorial(article: Article, name: str, lines: Mapping[str, int] | None = None) -> None:
    """Raise InputError when a pinned value or a note's anchor is not in the article's text."""
    editorial = article.editorial
    lines = lines or {}
    for key in ("facts", "facts_add"):
        for index, fact in enumerate(getattr(editorial, key) or ()):
            if find_text(article, fact.value) is None:
                raise InputError(
                    f'{key}[{index + 1}]: "{fact.value}" does not appear in the article '
                    "(a fact box only shows figures from the text)",
                    file=name,
                    line=lines.get(key) or lines.get("editorial"),
                )
    for key in ("notes", "notes_add"):
        for index, note in enumerate(getattr(editorial, key) or ()):
            if note.anchor is not None and find_text(article, note.anchor) is None:
                raise InputError(
                    f'{key}[{index + 1}]: anchor "{note.anchor}" does not appear in the article',
                    file=name,
                    line=lines.get(key) or lines.get("editorial"),
                )
