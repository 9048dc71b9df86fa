"""The page's own words: which language's entry a template uses, and sentences from patterns.

`templates/partials/words.html.j2` holds the words and sentence patterns by language; a
pattern such as `{publisher}が{date}に掲載。` puts each part where the language wants it,
instead of an English sentence with translated words. These helpers are the template's
filters and globals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from markupsafe import Markup, escape

_SLOT = re.compile(r"\{(\w+)\}")
_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})
_STOPS = ".。।။۔"


def words_language(tag: str, known: Iterable[str]) -> str | None:
    """Return the key of KNOWN whose words a page in language TAG prints, or None.

    The whole tag is tried first (`pt-br`), then Chinese by script (`zh-Hant` for Taiwan,
    Hong Kong and Macao, else `zh-Hans`), then the primary language (`de` for `de-AT`).
    """
    keys = set(known)
    parts = tag.strip().lower().replace("_", "-").split("-")
    whole = "-".join(parts)
    if whole in keys:
        return whole
    if parts[0] == "zh":
        chinese = "zh-hant" if _TRADITIONAL & set(parts[1:]) else "zh-hans"
        if chinese in keys:
            return chinese
    return parts[0] if parts[0] in keys else None


def fill(pattern: str, slots: Mapping[str, object]) -> Markup:
    """Return PATTERN with each `{name}` replaced by SLOTS[name] (markup is kept as markup).

    The pattern's own text is escaped. A full stop right after a part that already ends with
    one (a Russian date, "2024 г.") is left out, so no sentence ends in two.
    """
    out: list[str] = []
    position = 0
    previous = ""
    for match in _SLOT.finditer(pattern):
        out.append(_literal(pattern[position:match.start()], previous))
        value = escape(slots[match.group(1)])
        out.append(value)
        previous = value.striptags()
        position = match.end()
    out.append(_literal(pattern[position:], previous))
    return Markup("".join(out))


def _literal(text: str, previous: str) -> str:
    if text[:1] in _STOPS and text[:1] and previous.endswith(text[:1]):
        text = text[1:]
    return str(escape(text))


def names_list(names: Iterable[str], language: str) -> str:
    """Return NAMES joined as LANGUAGE joins a list ("A, B and C", "A、B、C")."""
    items = list(names)
    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return format_list(items, locale=locale)
