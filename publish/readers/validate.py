"""Turn a reader's raw fields into an `Article`, reporting the first problem by file and line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from publish.errors import InputError
from publish.model import Article


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
