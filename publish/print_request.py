"""What the command line asks of the PDF: profile, paper, bleed, marks and variant.

`PrintRequest` is a build setting, kept apart from the PDF writer (`publish.writers.pdf.options`
merges it with the article's own and the profile's), so that the command line builds its
settings without loading the writer or the article model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from publish.errors import UsageError
from publish.model.paper import Length, Paper, parse_bleed, parse_marks, parse_paper

Profile = Literal["screen", "press"]
PROFILES: tuple[Profile, ...] = ("screen", "press")


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
