"""Turn a reader's raw fields into an `Article`, reporting the first problem by file and line."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from publish.errors import InputError
from publish.model import Article
from publish.readers.controls import restore_in_fields

MAX_BLOCK_DEPTH = 24
"""Deepest nesting of block quotes and lists in any article (a list in a quote is 2 levels)."""

MAX_DEPTH = 160
"""Deepest nesting of arrays and objects an article's raw fields may have (JSON's own shape).

Room for MAX_BLOCK_DEPTH lists (4 levels each: list, items, item, blocks) holding marks."""

_CONTAINERS = ("blockquote", "list")


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


def block_depth(value: Any) -> int:
    """Return how deeply block quotes and lists nest in VALUE (raw fields), without recursion.

    Stops counting past MAX_BLOCK_DEPTH.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            if item.get("type") in _CONTAINERS:
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_BLOCK_DEPTH:
                    break
            stack.extend((child, depth) for child in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((child, depth) for child in item)
    return deepest


def is_noncharacter(char: str) -> bool:
    """Tell whether CHAR is one of Unicode's 66 noncharacters (U+FFFE, U+FDD0...)."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def bad_character(text: str) -> str | None:
    """Return why TEXT cannot be printed (a control character, a noncharacter).

    Lone surrogates are left to the model, which refuses them as invalid Unicode.
    """
    for char in text:
        if char in "\t\n":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return f"control character U+{ord(char):04X} is not allowed in an article"
        if is_noncharacter(char):
            return f"noncharacter U+{ord(char):04X} is not allowed in an article"
    return None


def _first_bad_text(fields: Mapping[str, Any]) -> tuple[list[str], str] | None:
    """Return the path to the first string in FIELDS that cannot be printed, and why."""
    stack: list[tuple[Any, list[str]]] = [(dict(fields), [])]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            problem = bad_character(item)
            if problem:
                return path, problem
        elif isinstance(item, BaseModel):
            stack.extend((value, [*path, key]) for key, value in reversed(item.__dict__.items()))
        elif isinstance(item, Mapping):
            stack.extend((value, [*path, str(key)]) for key, value in reversed(list(item.items())))
            stack.extend((key, path) for key in item if isinstance(key, str))
        elif isinstance(item, list | tuple):
            stack.extend((value, [*path, str(i)]) for i, value in reversed(list(enumerate(item))))
    return None


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
    if block_depth(fields) > MAX_BLOCK_DEPTH:
        raise InputError(
            f"block quotes and lists nest more than {MAX_BLOCK_DEPTH} levels deep", file=name
        )
    if nesting_depth(fields) > MAX_DEPTH:
        raise InputError(
            f"the article is nested too deeply (more than {MAX_DEPTH} levels of arrays and "
            "objects)",
            file=name,
        )
    fields = cast(Mapping[str, Any], restore_in_fields(dict(fields), name))
    bad = _first_bad_text(fields)
    if bad is not None:
        path, problem = bad
        field = path[0] if path else ""
        shown = ".".join([(aliases or {}).get(field, field), *path[1:]]) if field else "article"
        raise InputError(f"{shown}: {problem}", file=name, line=(lines or {}).get(field))
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
