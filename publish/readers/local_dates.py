"""Dates written in an article's own language: CLDR's month names and date patterns (Babel).

`3 de marzo de 2024`, `3. März 2024`, `3 марта 2024 г.`, `2024. gada 3. marts`, `3 آذار 2024`,
`15 במרץ 1991`, `2024年3月3日`, `2024년 3월 3일`: a day, a month named as the language names it
(in any of its regions' spellings, long or abbreviated), and a four-digit year, in any order,
with only the words CLDR's own date patterns put between them (`de`, `г.`, `gada`, the
Hebrew prefix `ב`) and a weekday. Digits of any script count (`٣ مارس ٢٠٢٤`). Anything else
is refused, naming the word that is not part of a date: a date is never guessed.

Calendars other than the Gregorian (the Solar Hijri of Iranian news, the Hebrew calendar)
are not read: their month names are not in the vocabulary, so such a date is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

_CJK = re.compile(
    r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]"
    r"\s*(?:[(（]\s*\w{1,3}\s*[)）]|\w{1,3}요일)?$"
)
"""`2024年3月3日`, `2024年3月3号`, `2024년 3월 3일`, with a weekday after: `（日）`, `일요일`."""

_SEPARATORS = re.compile(r"[\s,،/|]+")
_MARKS = re.compile(r"[\u200e\u200f\u061c\u2066-\u2069]")
"""Direction marks (CLDR's Arabic patterns carry them), dropped before reading."""

EXTRA_WORDS = {"ru": ("года",), "uk": ("року",), "be": ("года",), "es": ("del",)}
"""Words news sites put in dates that CLDR's patterns lack (`3 марта 2024 года`)."""

EXTRA_MONTHS = {
    "lv": (
        "janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā",
        "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī",
    ),
}  # fmt: skip
"""Month forms CLDR lacks: Latvian dates name the month in the locative (`3. martā`)."""


class BadDay(ValueError):
    """A date in a form that is read, naming a day the calendar does not have."""


_FIELDS = re.compile(r"'[^']*'|[A-Za-z]+")
_TRIM = ".:-–—()"


@dataclass(frozen=True)
class Vocabulary:
    """The words a language's dates are written with: months (name to number), weekdays and
    the literal words of its date patterns."""

    months: dict[str, int]
    weekdays: frozenset[str]
    literals: tuple[str, ...]


def ascii_digits(text: str) -> str:
    """Return TEXT with every decimal digit (Arabic-Indic, Devanagari ...) written 0-9."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(_TRIM)


@functools.lru_cache(maxsize=32)
def vocabulary(primary: str) -> Vocabulary | None:
    """The date words of language PRIMARY across all its regional locales, or None."""
    from babel import Locale, UnknownLocaleError, localedata

    names = [n for n in localedata.locale_identifiers() if n.split("_")[0] == primary]
    months: dict[str, set[int]] = {}
    weekdays: set[str] = set()
    literals: set[str] = set()
    for name in sorted(names):
        try:
            locale = Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, month in locale.months[context][width].items():
                    months.setdefault(_key(month), set()).add(int(number))
                weekdays.update(_key(day) for day in locale.days[context][width].values())
        for length in ("full", "long", "medium"):
            literals.update(_pattern_literals(locale.date_formats[length].pattern))
    if not months:
        return None
    literals.update(EXTRA_WORDS.get(primary, ()))
    for number, month in enumerate(EXTRA_MONTHS.get(primary, ()), start=1):
        months.setdefault(_key(month), set()).add(number)
    unique = {word: next(iter(n)) for word, n in months.items() if len(n) == 1 and word}
    return Vocabulary(
        unique, frozenset(weekdays), tuple(sorted(literals - {""}, key=lambda w: (-len(w), w)))
    )


def _pattern_literals(pattern: str) -> set[str]:
    """The words a CLDR date pattern puts between its fields (`d 'de' MMMM` gives `de`)."""
    found = {_key(m.group(0)[1:-1]) for m in _FIELDS.finditer(pattern) if m.group(0)[0] == "'"}
    rest = _FIELDS.sub(" ", pattern)
    found.update(_key(word) for word in _SEPARATORS.split(rest))
    return {word for word in found if word and not word.isdecimal()}


def parse_local_date(text: str, language: str) -> dt.date:
    """Return the date TEXT writes in LANGUAGE (a BCP 47 tag), or raise ValueError why not."""
    cleaned = _MARKS.sub("", ascii_digits(text.strip()))
    cjk = _CJK.match(cleaned)
    if cjk:
        return _real_day(text, *(int(part) for part in cjk.groups()))
    words = vocabulary(language.replace("_", "-").split("-")[0].lower())
    if words is None:
        raise ValueError(f"no month names are known for the language {language}")
    numbers: list[str] = []
    months: set[int] = set()
    for token in _SEPARATORS.split(cleaned):
        word = _key(token)
        if not word or word in words.weekdays or word in words.literals:
            continue
        if word.isdecimal():
            numbers.append(word)
            continue
        named = _month(word, words)
        if named is None:
            raise ValueError(f'"{token}" is not a month or a word of a date in {language}')
        months.add(named)
    if len(months) != 1:
        raise ValueError("names no month" if not months else "names two different months")
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) != 1 or len(numbers) != 2:
        raise ValueError("a date has one day and one four-digit year")
    return _real_day(text, int(years[0]), months.pop(), int(days[0]))


def _month(word: str, words: Vocabulary) -> int | None:
    """The month WORD names, also with a pattern's literal stuck to it (Hebrew `במרץ`)."""
    if word in words.months:
        return words.months[word]
    for literal in words.literals:
        if word.startswith(literal) and word[len(literal) :] in words.months:
            return words.months[word[len(literal) :]]
        if word.endswith(literal) and word[: -len(literal)] in words.months:
            return words.months[word[: -len(literal)]]
    return None


def _real_day(original: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDay(f'"{original.strip()}" is not a real day ({exc})') from None


def example(language: str) -> str | None:
    """14 August 2023 as LANGUAGE writes it in CLDR's long form, or None."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    return format_date(dt.date(2023, 8, 14), "long", locale=locale)
