"""Parse the date line of an article into a real calendar date."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from publish.readers.local_dates import BadDay

_FORMATS = (
    "%Y-%m-%d",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y/%m/%d",
    "%A %B %d %Y",
    "%A %d %B %Y",
    "%a %b %d %Y",
    "%a %d %b %Y",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_ISO_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
_LABEL = re.compile(
    r"^(?:(?:first|last)\s+)?(?:published|updated|posted|modified|dated?)"
    r"(?:\s+on)?\s*:?\s+",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:\s*,)?(?:\s+at)?\s+\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?"
    r"(?:\s+\(?[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?$"
    r"|(?:\s*,)?(?:\s+at)?\s+\d{1,2}\s*[ap]\.?\s?m\.?(?:\s+\(?[A-Z]{2,5}\)?)?$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_SEPT = re.compile(r"\bSept\b", re.IGNORECASE)
_EXAMPLE = "write it like 2023-08-14 or 14 August 2023"


def preload() -> None:
    """Compile the patterns of every English date form now (`publish.readers.preload`)."""
    for fmt in _FORMATS:
        with contextlib.suppress(ValueError):
            dt.datetime.strptime("", fmt)


def parse_date(text: str, language: str | None = None) -> dt.date:
    """Return the date written in TEXT, or raise ValueError saying why it is not one.

    A date in none of the forms below is read as LANGUAGE writes dates, when LANGUAGE is
    given and not English (`3 de marzo de 2024`, `2024年3月3日`: `local_dates`); a form that
    is read but names no real day (`31 de febrero de 2024`) is refused as such.

    Accepts ISO dates and date-times (`2023-08-14`, `2023-08-14T10:30:00Z`), English
    day-month or month-day forms with or without commas, ordinals and weekdays (`Aug 14 2023`,
    `14 August 2023`, `Monday, August 14th, 2023`), a leading label such as `Published:` or
    `Updated`, a trailing clock time and zone (`14 Aug 2023 10:45 BST`), and numeric dates
    whose order is plain: dotted ones are day first (`14.08.2023`); with slashes or dashes
    the side above 12 is the day (`14/08/2023`, `08/14/2023`). `05/06/2023` is refused as
    ambiguous.
    """
    try:
        return _english_date(text)
    except BadDay:
        raise
    except ValueError:
        if not language or language.split("-")[0].lower() == "en":
            raise
    return _local_date(text, language)


def _local_date(text: str, language: str) -> dt.date:
    """Return the date TEXT writes in LANGUAGE, or raise ValueError with an example."""
    from publish.readers.local_dates import example, parse_local_date

    original = text.strip()
    try:
        return parse_local_date(_TIME.sub("", original), language)
    except BadDay:
        raise
    except ValueError as exc:
        shown = example(language)
        like = f'; in {language} write it like "{shown}"' if shown else ""
        raise ValueError(f'"{original}" is not a date ({exc}{like}, or 2023-08-14)') from None


def _english_date(text: str) -> dt.date:
    original = text.strip()
    cleaned = _LABEL.sub("", original)
    if _ISO_TIME.match(cleaned):
        try:
            return dt.datetime.fromisoformat(cleaned).date()
        except ValueError as exc:
            raise BadDay(f'"{original}" is not a real time ({exc})') from None
    cleaned = _TIME.sub("", cleaned).strip()
    numeric = _NUMERIC.match(cleaned)
    if numeric:
        return _numeric_date(original, numeric)
    cleaned = _ORDINAL.sub(r"\1", cleaned)
    cleaned = _SEPT.sub("Sep", cleaned)
    cleaned = re.sub(r"[,.]", " ", cleaned)
    cleaned = " ".join(cleaned.split())
    iso = _ISO_LIKE.match(cleaned)
    if iso:
        return _real_day(original, *(int(part) for part in iso.groups()))
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f'"{original}" is not a date ({_EXAMPLE})')


def _numeric_date(original: str, match: re.Match[str]) -> dt.date:
    """Return the date of a numeric D.M.Y, D/M/Y or M/D/Y form, refusing an ambiguous one."""
    first, separator, second, year = match.groups()
    a, b = int(first), int(second)
    if separator == "." or a > 12:
        return _real_day(original, int(year), b, a)
    if b > 12 or a == b:
        return _real_day(original, int(year), a, b)
    raise BadDay(f'"{original}" is ambiguous: day/month or month/day? ({_EXAMPLE})')


def _real_day(original: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDay(f'"{original}" is not a real day ({exc})') from None


def source_date_epoch() -> dt.date | None:
    """Return the date of SOURCE_DATE_EPOCH when it is set, for reproducible builds."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
