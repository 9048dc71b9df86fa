"""The page's own words: which language's entry a template uses, and sentences from patterns.

`templates/partials/words.html.j2` holds the words and sentence patterns by language; a
pattern such as `{publisher}が{date}に掲載。` puts each part where the language wants it,
instead of an English sentence with translated words. These helpers are the template's
filters and globals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

from publish.render.scripts import direction

_SLOT = re.compile(r"\{(\w+)\}")
_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})
_STOPS = ".。।။۔"
_FSI, _PDI = "\u2068", "\u2069"


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


def fill(pattern: str, slots: Mapping[str, object], isolate: bool = False) -> Markup:
    """Return PATTERN with each `{name}` replaced by SLOTS[name] (markup is kept as markup).

    The pattern's own text is escaped. A full stop right after a part that already ends with
    one (a Russian date, "2024 г.") is left out, so no sentence ends in two. With ISOLATE (a
    right-to-left sentence) each part is a bidi isolate (U+2068 ... U+2069): a Latin name,
    a list of them or an address keeps its own order, and the punctuation around it stays
    where the sentence puts it. WeasyPrint 70 has no `unicode-bidi: isolate`, but Pango's
    bidi algorithm honours the characters, as browsers do.
    """
    out: list[str] = []
    position = 0
    previous = ""
    for match in _SLOT.finditer(pattern):
        out.append(_literal(pattern[position : match.start()], previous))
        value = escape(slots[match.group(1)])
        if isolate and not value.startswith(_FSI):  # a list comes with each name isolated
            value = Markup(f"{_FSI}{value}{_PDI}")
        out.append(value)
        previous = value.striptags()
        position = match.end()
    out.append(_literal(pattern[position:], previous))
    return Markup("".join(out))


def _literal(text: str, previous: str) -> str:
    if text[:1] in _STOPS and text[:1] and previous.endswith(text[:1]):
        text = text[1:]
    return str(escape(text))


def names_list(names: Iterable[str], language: str) -> Markup:
    """Return NAMES joined as LANGUAGE joins a list ("A, B and C", "A、B、C").

    In a right-to-left language each name is a bidi isolate, so the list reads in the
    sentence's direction with each (perhaps Latin) name whole; isolating the whole list
    instead would turn it round ("B and A").
    """
    from babel import Locale, UnknownLocaleError  # imported when a page is rendered
    from babel.lists import format_list

    items = [escape(name) for name in names]
    if direction(language) == "rtl":
        items = [Markup(f"{_FSI}{name}{_PDI}") for name in items]
    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return Markup(format_list([str(item) for item in items], locale=locale))
