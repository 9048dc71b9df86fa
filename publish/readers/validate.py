"""Turn a reader's raw fields into an `Article`, reporting the first problem by file and line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from publish.errors import InputError
from publish.model import Article

MAX_DEPTH = 64
"""Deepest nesting of lists and objects an article's fields may have (quotes, lists, marks)."""


def nesting_depth(value: Any) -> int:
    """Return how deeply VALUE's lists, tuples and mappings nest, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth) for child in children)
    return deepest


def _describe(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ")
    return message


def build_article(
    fields: Mapping[str, Any],
    *,
    name: str,
    lines: Mapping[str, int] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Article:
    """Validate FIELDS as an Article; on failure raise InputError naming NAME and the line.

    LINES maps a model field to the line it came from; ALIASES maps a model field to the
    name the user wrote (a front-matter key), so the message uses the user's word.
    """
    if nesting_depth(fields) > MAX_DEPTH:
        raise InputError(
            f"the article is nested too deeply (more than {MAX_DEPTH} levels of quotes, lists "
            "or marks)",
            file=name,
        )
    try:
        return Article.model_validate(dict(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first.get("loc", ())]
        field = loc[0] if loc else ""
        shown = (aliases or {}).get(field, field)
        where = ".".join([shown, *loc[1:]]) if field else "article"
        line = (lines or {}).get(field)
        raise InputError(f"{where}: {_describe(first)}", file=name, line=line) from None
