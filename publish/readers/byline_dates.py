"""Names in a page's byline that ran on into the date printed after them.

A page sets its date right after the byline ("By Joshua Sokol | May 20, 2019", "Aleš Vávra ·
před 2 hodinami"), and the author field trafilatura reads keeps the words of that date
without its figures: "Joshua Sokol May", "Aleš Vávra před", "Joe Wee Monday; February",
"Last Updated January 7". The words cut from the end of a name are only those the page's own
date is written with: the name of its month and of its weekday (in the page's language and
in English, long and short, CLDR's through Babel), the words a past relative time starts with
in the page's language ("před", "vor", "il y a": CLDR's "{0} hours ago" patterns), and
figures. A month name that is not the date's month stays ("Theresa May" of a page dated in
June). Once a date word is cut, the date's label before it goes too ("Updated", "Last
updated", "Published", "Posted", "on"); a name left with nothing is no name.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

_DATE_LABELS = frozenset({"updated", "last", "published", "posted", "on", "at", "|", "·", "-"})
"""Words (English, as the author fields of the corpus write them) that label a date."""

_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(".,:;()")


@functools.lru_cache(maxsize=64)
def date_words(date: dt.date, language: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Return the names DATE's month and weekday go by in LANGUAGE and English, and the
    opening words of LANGUAGE's past relative times (each a tuple of words)."""
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    openings: set[tuple[str, ...]] = set()
    for tag in dict.fromkeys((language.replace("-", "_"), "en")):
        try:
            locale = Locale.parse(tag)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names.add(_key(locale.months[context][width][date.month]))
                names.add(_key(locale.days[context][width][date.weekday()]))
        openings |= _relative_openings(locale)
    return frozenset(n for n in names if n), tuple(sorted(openings, key=len, reverse=True))


def _relative_openings(locale: object) -> set[tuple[str, ...]]:
    """The words before the number in LOCALE's "{0} hours ago" patterns ("před", "il y a")."""
    found: set[tuple[str, ...]] = set()
    try:
        fields = locale._data["date_fields"]  # type: ignore[attr-defined]  # Babel has no public API
        patterns = [p for unit in _UNITS for p in fields[unit]["past"].values()]
    except (KeyError, AttributeError, TypeError):
        return found
    for pattern in patterns:
        before = tuple(_key(w) for w in str(pattern).split("{0}", 1)[0].split())
        if before and "{0}" in str(pattern):
            found.add(before)
    return found


def without_date(name: str, date: dt.date, language: str) -> str:
    """Return NAME without the words of DATE it ran on into (see the module's note)."""
    words = name.split()
    months_days, openings = date_words(date, language or "en")
    cut = False
    while words:
        last = _key(words[-1])
        if last in months_days or (last and all(c.isdigit() or c in ",./:-" for c in last)):
            words.pop()
            cut = True
            continue
        opening = next((o for o in openings if tuple(map(_key, words[-len(o) :])) == o), None)
        if opening is not None and len(words) > len(opening):
            del words[-len(opening) :]
            cut = True
            continue
        if cut and (last in _DATE_LABELS or not last):
            words.pop()
            continue
        break
    return " ".join(words)
