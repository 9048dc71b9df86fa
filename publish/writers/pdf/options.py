"""Print settings of the PDF: profile, paper (trim size), bleed, printer's marks, PDF variant.

The command line gives a `PrintRequest` (each choice None when not given); an article's
Markdown front matter may give paper, bleed and marks in a `print:` mapping; the profile fills
in the rest. `resolve_print` merges the three, in that order, into one `PrintSettings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from publish.errors import InputError, UsageError
from publish.readers.source import Source

Profile = Literal["screen", "press"]
PROFILES: tuple[Profile, ...] = ("screen", "press")

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

MARK_GAP_PT = 2 * POINTS_PER_UNIT["mm"]
"""Space between the bleed edge and the start of a crop mark."""
MARK_LENGTH_PT = 5 * POINTS_PER_UNIT["mm"]
"""Length of a crop mark, and the diameter of a registration cross."""
SLUG_PT = MARK_GAP_PT + MARK_LENGTH_PT + 2 * POINTS_PER_UNIT["mm"]
"""Room added outside the bleed on every side when marks are drawn."""

OUTPUT_PROFILE = "icc/publish-fogra39.icc"
"""CMYK output profile of PDF/X files, looked up on the styles search path."""
PRESS_STYLESHEET = "press.css"
"""Stylesheet added after the others for `press`: colours as CMYK."""

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


def parse_profile(text: str) -> Profile:
    """Return TEXT as a profile name, or raise ValueError."""
    value = str(text).strip().lower()
    if value not in PROFILES:
        raise ValueError(f'"{text}" is not a profile; use screen or press')
    return value


def parse_variant(text: str, supported: Iterable[str]) -> str | None:
    """Return TEXT as a PDF variant among SUPPORTED (None for `none`), or raise ValueError."""
    value = str(text).strip().lower()
    if value == "none":
        return None
    known = sorted(supported)
    if value not in known:
        raise ValueError(
            f'"{text}" is not a PDF variant WeasyPrint knows; use none or one of {", ".join(known)}'
        )
    return value


@dataclass(frozen=True)
class PrintRequest:
    """Print choices from the command line; None where the option was not given."""

    profile: Profile = "screen"
    """`screen` (tagged, PDF/UA-1) or `press` (PDF/X-4, bleed, crop marks, CMYK)."""
    paper: Paper | None = None
    """Trim size; None takes the article's front matter, else A4."""
    bleed: Length | None = None
    """Bleed on every side; None takes the front matter, else the profile's."""
    marks: tuple[str, ...] | None = None
    """Printer's marks (`crop`, `cross`); None takes the front matter, else the profile's."""
    pdf_variant: str | None = None
    """WeasyPrint PDF variant; None takes the profile's (`pdf/ua-1` or `pdf/x-4`)."""
    no_variant: bool = False
    """True when `--pdf-variant none` asked for no variant at all."""

    @classmethod
    def from_options(
        cls,
        *,
        profile: str = "screen",
        paper: str | None = None,
        bleed: str | None = None,
        marks: str | None = None,
        pdf_variant: str | None = None,
        supported_variants: Iterable[str] = (),
    ) -> PrintRequest:
        """Return the request the command-line options make, or raise UsageError."""
        try:
            option = "--profile"
            chosen = parse_profile(profile)
            option = "--paper"
            size = parse_paper(paper) if paper is not None else None
            option = "--bleed"
            bleed_length = parse_bleed(bleed) if bleed is not None else None
            option = "--marks"
            mark_names = parse_marks(marks) if marks is not None else None
            option = "--pdf-variant"
            variant = (
                parse_variant(pdf_variant, supported_variants) if pdf_variant is not None else None
            )
        except ValueError as exc:
            raise UsageError(f"{option}: {exc}") from None
        return cls(
            chosen,
            size,
            bleed_length,
            mark_names,
            variant,
            no_variant=pdf_variant is not None and variant is None,
        )


@dataclass(frozen=True)
class PrintSettings:
    """The resolved print settings of one PDF."""

    profile: Profile = "screen"
    """Which audience the PDF is for: screens or a print shop."""
    paper: Paper = PAPERS["a4"]
    """Trim size: the trim box of every page."""
    bleed: Length = Length(0.0, "mm")
    """How far the bleed box reaches beyond the trim box on every side."""
    marks: tuple[str, ...] = ()
    """Printer's marks drawn outside the bleed box."""
    pdf_variant: str | None = "pdf/ua-1"
    """WeasyPrint PDF variant (the standard the file claims), None for none."""

    @property
    def slug_pt(self) -> float:
        """Return how far the media box reaches beyond the trim box, in points."""
        return self.bleed.points + (SLUG_PT if self.marks else 0.0)

    @property
    def is_pdf_x(self) -> bool:
        """Return whether the variant is a PDF/X one (it needs a CMYK output intent)."""
        return bool(self.pdf_variant and self.pdf_variant.startswith("pdf/x"))

    @property
    def mark_offset_pt(self) -> float:
        """Return the distance from the trim edge to where printer's marks start."""
        return self.bleed.points + MARK_GAP_PT

    @property
    def mark_length_pt(self) -> float:
        """Return the length of a crop mark in points."""
        return MARK_LENGTH_PT

    def stylesheets(self, base: tuple[str, ...]) -> tuple[str, ...]:
        """Return the PDF's stylesheet names: BASE, then the profile's own."""
        return base + ((PRESS_STYLESHEET,) if self.profile == "press" else ())

    def output_profile_css(self, profile: Path) -> str:
        """Return the rule that makes PROFILE the CMYK colour space and output intent."""
        url = profile.resolve().as_uri()
        return (
            f'@color-profile device-cmyk {{ src: url("{url}"); '
            "components: cyan, magenta, yellow, black; }\n"
        )

    def page_css(self) -> str:
        """Return the @page rule that sets the trim size and the room around it."""
        slug = f"{self.slug_pt:.4f}pt" if self.slug_pt else "0"
        return f"@page {{ size: {self.paper.css}; bleed: {slug}; marks: none; }}\n"


PROFILE_DEFAULTS: dict[Profile, PrintSettings] = {
    "screen": PrintSettings(),
    "press": PrintSettings(
        profile="press", bleed=Length(3.0, "mm"), marks=("crop",), pdf_variant="pdf/x-4"
    ),
}


@dataclass(frozen=True)
class FrontMatterPrint:
    """The `print:` mapping of an article's front matter; None where a key is absent."""

    paper: Paper | None = None
    bleed: Length | None = None
    marks: tuple[str, ...] | None = None


FRONT_MATTER_KEY = "print"
_EXAMPLES = {"paper": "A5 or 148mmx210mm", "bleed": "3mm", "marks": "crop,cross"}


def front_matter_print(source: Source, input_format: str | None) -> FrontMatterPrint:
    """Return the `print:` settings in SOURCE's front matter (Markdown only)."""
    fmt = input_format
    if fmt is None and source.folder is not None:
        fmt = "markdown" if Path(source.name).suffix.lower() in (".md", ".markdown") else None
    if fmt != "markdown":
        return FrontMatterPrint()
    from publish.readers.frontmatter import split_front_matter

    front = split_front_matter(source.text, source.name)
    if FRONT_MATTER_KEY not in front.values:
        return FrontMatterPrint()
    return _parse_front(
        front.values[FRONT_MATTER_KEY], source.name, front.lines.get(FRONT_MATTER_KEY)
    )


def _parse_front(value: Any, name: str, line: int | None) -> FrontMatterPrint:
    if not isinstance(value, Mapping):
        raise InputError("print: must be a mapping of paper, bleed and marks", file=name, line=line)
    fields: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "paper": parse_paper,
        "bleed": parse_bleed,
        "marks": parse_marks,
    }
    for key, item in value.items():
        if key not in parsers:
            raise InputError(
                f'print: unknown key "{key}"; use paper, bleed or marks', file=name, line=line
            )
        allowed: tuple[type, ...] = {"paper": (str,), "marks": (str, list)}.get(
            key, (str, int, float)
        )
        if not isinstance(item, allowed) or isinstance(item, bool):
            raise InputError(
                f"print.{key}: must be text like {_EXAMPLES[key]} (put it in quotes)",
                file=name,
                line=line,
            )
        try:
            fields[key] = parsers[key](item if isinstance(item, list) else str(item))
        except ValueError as exc:
            raise InputError(f"print.{key}: {exc}", file=name, line=line) from None
    return FrontMatterPrint(**fields)


def resolve_print(request: PrintRequest, front: FrontMatterPrint) -> PrintSettings:
    """Return the settings REQUEST asks for, FRONT fills in, and the profile completes."""
    base = PROFILE_DEFAULTS[request.profile]
    variant = None if request.no_variant else (request.pdf_variant or base.pdf_variant)
    return PrintSettings(
        profile=request.profile,
        paper=request.paper or front.paper or base.paper,
        bleed=_first(request.bleed, front.bleed, base.bleed),
        marks=_first(request.marks, front.marks, base.marks),
        pdf_variant=variant,
    )


def _first(*values: Any) -> Any:
    return next(value for value in values if value is not None)
