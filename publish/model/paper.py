"""Lengths, trim sizes and printer's marks as written (`3mm`, `A5`, `crop,cross`), parsed.

Plain values, no model: the command line's print options (`publish.print_request`) are parsed
with them without loading pydantic's models; `publish.model.printing` validates an article's
own `print:` with the same parsers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

POINTS_PER_UNIT = {
    "mm": 72 / 25.4,
    "cm": 720 / 25.4,
    "q": 72 / 101.6,
    "in": 72.0,
    "pt": 1.0,
    "pc": 12.0,
    "px": 0.75,
}
"""Points in one of each CSS absolute length unit."""

MARK_NAMES = ("crop", "cross")

MIN_PAPER_PT = 80 * POINTS_PER_UNIT["mm"]
MAX_PAPER_PT = 1200 * POINTS_PER_UNIT["mm"]
MAX_BLEED_PT = 20 * POINTS_PER_UNIT["mm"]

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*$")
_SIZE = re.compile(r"^\s*(\d*\.?\d+\s*[a-zA-Z]*?)\s*[xX×*]\s*(\d*\.?\d+\s*[a-zA-Z]*)\s*$")


@dataclass(frozen=True)
class Length:
    """A length as written (`3mm`, `0.125in`), kept in its unit for the CSS."""

    amount: float
    unit: str

    @property
    def points(self) -> float:
        """Return the length in PDF points (1/72 in)."""
        return self.amount * POINTS_PER_UNIT[self.unit]

    @property
    def css(self) -> str:
        """Return the length as a CSS value."""
        return f"{self.amount:g}{self.unit.replace('q', 'Q')}"

    @property
    def text(self) -> str:
        """Return the length as `parse_length` reads it back exactly (`3.0mm`, `0.00001in`)."""
        return f"{Decimal(repr(self.amount)):f}{self.unit}"


def parse_length(text: str) -> Length:
    """Return TEXT (`3mm`, `0.125in`, `0`) as a Length, or raise ValueError saying why."""
    value = str(text).strip()
    if re.fullmatch(r"0+(\.0+)?", value):
        return Length(0.0, "mm")
    if value.startswith("-"):
        raise ValueError(f'"{text}" is negative')
    match = _LENGTH.match(value)
    if not match:
        raise ValueError(f'"{text}" is not a length like 3mm, 0.125in or 9pt')
    amount, unit = float(match.group(1)), match.group(2).lower()
    if unit not in POINTS_PER_UNIT:
        units = ", ".join(u.replace("q", "Q") for u in POINTS_PER_UNIT)
        raise ValueError(f'"{text}": unknown unit "{match.group(2)}"; use one of {units}')
    return Length(amount, unit)


@dataclass(frozen=True)
class Paper:
    """A trim size: the size of the page after cutting."""

    name: str
    width: Length
    height: Length

    @property
    def css(self) -> str:
        """Return the size as the value of the CSS `size` property."""
        return f"{self.width.css} {self.height.css}"


def _mm(width: float, height: float, name: str) -> Paper:
    return Paper(name, Length(width, "mm"), Length(height, "mm"))


def _inch(width: float, height: float, name: str) -> Paper:
    return Paper(name, Length(width, "in"), Length(height, "in"))


PAPERS: dict[str, Paper] = {
    "a4": _mm(210, 297, "A4"),
    "a5": _mm(148, 210, "A5"),
    "b5": _mm(176, 250, "B5"),
    "letter": _inch(8.5, 11, "Letter"),
    "legal": _inch(8.5, 14, "Legal"),
    "tabloid": _inch(11, 17, "Tabloid"),
}
"""Named trim sizes, by lower-case name."""


def parse_paper(text: str) -> Paper:
    """Return the paper named by TEXT (`A5`, `148mmx210mm`, `6inx9in`), or raise ValueError."""
    value = str(text).strip()
    named = PAPERS.get(value.lower())
    if named is not None:
        return named
    match = _SIZE.match(value)
    if not match:
        names = ", ".join(p.name for p in PAPERS.values())
        raise ValueError(
            f'"{text}" is not a paper size; use {names} or WIDTHxHEIGHT like 148mmx210mm'
        )
    sides = []
    for part in match.groups():
        bare = re.fullmatch(r"\d*\.?\d+", part)
        if bare and float(part) != 0:
            raise ValueError(f'"{text}": give each side a unit, like 148mmx210mm')
        side = parse_length(part)
        if not MIN_PAPER_PT - 1e-9 <= side.points <= MAX_PAPER_PT + 1e-9:
            raise ValueError(f'"{text}": each side must be between 80mm and 1200mm')
        sides.append(side)
    return Paper(value, sides[0], sides[1])


def parse_bleed(text: str) -> Length:
    """Return TEXT as a bleed length (0 to 20mm), or raise ValueError."""
    bleed = parse_length(text)
    if bleed.points > MAX_BLEED_PT + 1e-9:
        raise ValueError(f'"{text}" is more than the largest bleed, 20mm')
    return bleed


def parse_marks(value: str | Iterable[str]) -> tuple[str, ...]:
    """Return the marks in VALUE (`crop`, `cross`, `crop,cross`, `none`), or raise ValueError."""
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    names = [item.strip().lower() for item in items if item.strip()]
    if names == ["none"]:
        return ()
    unknown = [name for name in names if name not in MARK_NAMES]
    if unknown or not names:
        shown = ",".join(items) if not isinstance(value, str) else value
        raise ValueError(f'"{shown}" is not a choice of marks; use crop, cross, crop,cross or none')
    return tuple(name for name in MARK_NAMES if name in names)
