"""Read an article written as JSON that matches the model (`publish schema` prints it)."""

from __future__ import annotations

import json
import re
from typing import Any

from publish.errors import InputError
from publish.model import Article
from publish.readers.editorial import check_editorial
from publish.readers.source import Source
from publish.readers.validate import build_article


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(f'key "{key}" appears twice in one object')
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_KEY = re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)')
"""A JSON string followed by a colon: an object key."""


def _key_lines(text: str, data: dict[str, Any]) -> dict[str, int]:
    """Return the line where each top-level key of DATA is first written in TEXT.

    One pass over TEXT, whatever the number of keys (linear, not keys x text).
    """
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in _KEY.finditer(text):
        try:
            key = json.loads(match.group(0))
        except ValueError:
            continue
        if key in data and key not in lines:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines[key] = line
            if len(lines) == len(data):
                break
    return lines


ALIASES = {"title": "headline", "subtitle": "standfirst", "lang": "language"}
"""Front matter's spellings, taken in JSON too: each is the model field it names."""


def _spell_as_model(data: dict[str, Any], lines: dict[str, int], name: str) -> dict[str, Any]:
    """Return DATA with the front-matter spellings (`title`, ...) renamed to the model's."""
    renamed = dict(data)
    for alias, field in ALIASES.items():
        if alias not in renamed:
            continue
        if field in renamed:
            raise InputError(
                f'"{alias}" and "{field}" are the same field; give one of them',
                file=name,
                line=lines.get(alias),
            )
        renamed[field] = renamed.pop(alias)
        if alias in lines:
            lines[field] = lines[alias]
    return renamed


def read_json(source: Source) -> Article:
    """Return the article in SOURCE, a JSON object with the model's fields."""
    try:
        data = json.loads(
            source.text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", file=source.name, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise InputError("JSON is nested too deeply", file=source.name) from None
    except ValueError as exc:  # duplicate keys, NaN, integers past Python's digit limit
        message = str(exc)
        if "integer string conversion" in message:
            message = "a number has more than 4300 digits"
        raise InputError(f"not valid JSON: {message}", file=source.name) from None
    if not isinstance(data, dict):
        raise InputError(
            "JSON must be one object with the article's fields", file=source.name, line=1
        )
    lines = _key_lines(source.text, data)
    data = _spell_as_model(data, lines, source.name)
    try:
        article = build_article(data, name=source.name, lines=lines)
    except RecursionError:
        raise InputError("JSON is nested too deeply", file=source.name) from None
    check_editorial(article, source.name, {"editorial": lines.get("editorial", 1)})
    return article
