"""What the enrichers derive and the editor corrects: facts, source notes, editorial pins."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from publish.model.node import MAX_COUNT, MAX_PINS, Node


class Fact(Node):
    """A key figure for the fact box, traced to the sentence it comes from."""

    value: str = Field(min_length=1, description="The figure as printed in the text.")
    label: str = Field(description="What the figure counts, in a few words.")
    sentence: str = Field(description="The sentence the figure comes from, verbatim.")
    block: int | None = Field(
        default=None, ge=0, description="Index of the body block holding the sentence."
    )
    start: int | None = Field(default=None, ge=0, description="Sentence start in the block text.")
    end: int | None = Field(default=None, ge=0, description="Sentence end in the block text.")
    value_start: int | None = Field(
        default=None, ge=0, description="Start of the value as written in the block text."
    )
    value_end: int | None = Field(
        default=None, ge=0, description="End of the value as written in the block text."
    )


class SourceNote(Node):
    """A numbered note naming who a claim comes from, or a note the author wrote."""

    number: int = Field(ge=1, le=MAX_COUNT)
    kind: Literal["attribution", "footnote"] = Field(
        default="attribution",
        description="attribution: found in the text by the enricher; footnote: written by the "
        "author (a Markdown or Word footnote), its text in `source`.",
    )
    source: str = Field(min_length=1, description="The source as named in the text.")
    cue: str = Field(default="", description="The words that attribute the claim.")
    sentence: str = Field(default="", description="The attributed sentence, verbatim.")
    block: int | None = Field(default=None, ge=0)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    mentions: int = Field(
        default=0,
        ge=0,
        le=MAX_COUNT,
        description="How many markers in the text point at this note.",
    )


class PinnedFact(Node):
    """A fact an editor asks for; its value must appear in the article's text."""

    value: str = Field(min_length=1, description="The figure as written in the text.")
    label: str = Field(default="", description="What it counts; generated when empty.")


class PinnedNote(Node):
    """A source note an editor asks for."""

    source: str = Field(min_length=1, description="Who the claim comes from.")
    cue: str = Field(default="", description="The words that attribute the claim.")
    anchor: str | None = Field(
        default=None,
        description="Text of the sentence the marker follows; the source's name when absent.",
    )


class Editorial(Node):
    """An editor's corrections to the generated fact box and source notes."""

    facts: tuple[PinnedFact, ...] | None = Field(
        default=None,
        max_length=MAX_PINS,
        description="Replaces the generated fact box when given.",
    )
    facts_add: tuple[PinnedFact, ...] = Field(default=(), max_length=MAX_PINS)
    facts_drop: tuple[str, ...] = Field(
        default=(), max_length=MAX_PINS, description="Values to leave out."
    )
    notes: tuple[PinnedNote, ...] | None = Field(
        default=None,
        max_length=MAX_PINS,
        description="Replaces the generated source notes when given.",
    )
    notes_add: tuple[PinnedNote, ...] = Field(default=(), max_length=MAX_PINS)
    notes_drop: tuple[str, ...] = Field(
        default=(), max_length=MAX_PINS, description="Sources to leave out."
    )

    @property
    def empty(self) -> bool:
        return self == Editorial()
