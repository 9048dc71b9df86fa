"""Parse the date line of an article into a real calendar date."""

from __future__ import annotations

import datetime as dt
import re

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


def parse_date(text: str) -> dt.date:
    """Return the date written in TEXT, or raise ValueError saying why it is not one.

    Accepts ISO dates (`2023-08-14`) and English day-month or month-day forms with or without
    commas, ordinals and weekdays (`Aug 14 2023`, `14 August 2023`, `Monday, August 14th, 2023`).
    """
    cleaned = _ORDINAL.sub(r"\1", text.strip())
    cleaned = re.sub(r"[,.]", " ", cleaned)
    cleaned = " ".join(cleaned.split())
    iso = _ISO_LIKE.match(cleaned)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f'"{text.strip()}" is not a real day ({exc})') from None
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f'"{text.strip()}" is not a date (write it like 2023-08-14 or 14 August 2023)')


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
