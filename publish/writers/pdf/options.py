"""Print settings of the PDF: profile, paper (trim size), bleed, printer's marks, PDF variant.

The command line gives a `PrintRequest` (each choice None when not given); the article may
give paper, bleed and marks (`Article.print`, read and checked with the article: front matter
`print:`); the profile fills in the rest. `resolve_print` merges the three, in that order,
into one `PrintSettings`. Lengths, papers and marks are the model's plain values
(`publish.model.paper`): this module loads no pydantic schema, so the layout process forked
ahead (`publish.layout_process`) imports it before the article model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.model.paper import PAPERS, POINTS_PER_UNIT, Length, Paper
from publish.print_request import PrintRequest as PrintRequest  # re-exported: its old home
from publish.print_request import Profile

if TYPE_CHECKING:
    from publish.model.printing import PrintPreferences

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


def resolve_print(request: PrintRequest, article: PrintPreferences) -> PrintSettings:
    """Return the settings REQUEST asks for, the ARTICLE's own fill in, the profile completes."""
    base = PROFILE_DEFAULTS[request.profile]
    variant = None if request.no_variant else (request.pdf_variant or base.pdf_variant)
    return PrintSettings(
        profile=request.profile,
        paper=request.paper or article.paper or base.paper,
        bleed=_first(request.bleed, article.bleed, base.bleed),
        marks=_first(request.marks, article.marks, base.marks),
        pdf_variant=variant,
    )


def _first(*values: Any) -> Any:
    return next(value for value in values if value is not None)
