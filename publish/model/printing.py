"""What an article asks of its PDF: paper (trim size), bleed and printer's marks.

A Markdown article gives them in its front matter's `print:` mapping, a JSON article in its
`print` field; the reader validates them with the rest of the article, so a bad one is
reported with its file and line when the file is read. The PDF writer merges them with the
command line and the profile (`publish.writers.pdf.options.resolve_print`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator

from publish.model.node import Node
from publish.model.paper import (
    MARK_NAMES,
    MAX_BLEED_PT,
    MAX_PAPER_PT,
    MIN_PAPER_PT,
    PAPERS,
    POINTS_PER_UNIT,
    Length,
    Paper,
    parse_bleed,
    parse_length,
    parse_marks,
    parse_paper,
)

__all__ = [  # the plain values (publish.model.paper) are given here too
    "MARK_NAMES",
    "MAX_BLEED_PT",
    "MAX_PAPER_PT",
    "MIN_PAPER_PT",
    "PAPERS",
    "POINTS_PER_UNIT",
    "Bleed",
    "Length",
    "Marks",
    "Paper",
    "PaperSize",
    "PrintPreferences",
    "parse_bleed",
    "parse_length",
    "parse_marks",
    "parse_paper",
]


def _paper(value: Any) -> Paper:
    if isinstance(value, Paper):
        return value
    if not isinstance(value, str):
        raise ValueError("must be text like A5 or 148mmx210mm (put it in quotes)")
    return parse_paper(value)


def _bleed(value: Any) -> Length:
    if isinstance(value, Length):
        return value
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError("must be text like 3mm (put it in quotes)")
    return parse_bleed(str(value))


def _marks(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str | list | tuple):
        raise ValueError("must be text like crop,cross (put it in quotes)")
    return parse_marks(value)


PaperSize = Annotated[
    Paper,
    PlainValidator(_paper),
    PlainSerializer(lambda paper: paper.name, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["A5", "Letter", "148mmx210mm"]}),
]
"""A trim size, written as a name (A4, A5, B5, Letter, Legal, Tabloid) or WIDTHxHEIGHT."""
Bleed = Annotated[
    Length,
    PlainValidator(_bleed),
    PlainSerializer(lambda length: length.text, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["3mm", "0.125in"]}),
]
"""A bleed from 0 to 20mm, written with its unit."""
Marks = Annotated[
    tuple[str, ...],
    PlainValidator(_marks),
    PlainSerializer(lambda marks: ",".join(marks) or "none", return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["crop", "crop,cross", "none"]},
                {"type": "array", "items": {"enum": list(MARK_NAMES)}, "minItems": 1},
            ]
        }
    ),
]
"""Printer's marks: crop, cross, both, or none; written `crop,cross` (a list is read too)."""


class PrintPreferences(Node):
    """The article's own print settings; None where it leaves the choice to the profile."""

    paper: PaperSize | None = Field(default=None, description="Trim size (A5, 148mmx210mm).")
    bleed: Bleed | None = Field(default=None, description="Bleed on every side (3mm).")
    marks: Marks | None = Field(default=None, description="Printer's marks (crop, cross).")

    @model_validator(mode="before")
    @classmethod
    def _is_a_mapping_of_known_keys(cls, data: Any) -> Any:
        if isinstance(data, PrintPreferences):
            return data
        if not isinstance(data, Mapping):
            raise ValueError("must be a mapping of paper, bleed and marks")
        for key in data:
            if key not in cls.model_fields:
                raise ValueError(f'unknown key "{key}"; use paper, bleed or marks')
        return data
