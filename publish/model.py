"""The typed article model that sits between every reader and every writer.

Every value is immutable and validated when it is built: readers hand raw fields to
`Article.model_validate`, and everything after that works on whole, checked values.
Enrichers return new articles (`article.model_copy(update=...)`); nothing is filled in later.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

import langcodes
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from slugify import slugify

_FROZEN = ConfigDict(frozen=True, extra="forbid")

MAX_COUNT = 10_000
"""Largest number a field that drives a loop may hold (note numbers, mentions, list starts)."""
MAX_PINS = 200
"""Most entries an editor's list may have (facts_add, notes_add, facts_drop...)."""
MAX_HEADLINE = 500
"""Longest headline, in characters (a headline is drawn on the cover and in every page)."""
MAX_LINE = 2000
"""Longest standfirst, publisher, author, keyword or label, in characters."""


class _Node(BaseModel):
    model_config = _FROZEN


# --- Inline marks -------------------------------------------------------------------------


class Text(_Node):
    """A run of plain text."""

    type: Literal["text"] = "text"
    text: str


class Code(_Node):
    """Inline code, printed in a fixed-width face."""

    type: Literal["code"] = "code"
    text: str


class Emphasis(_Node):
    """Emphasised text (usually italic)."""

    type: Literal["emphasis"] = "emphasis"
    children: tuple[Inline, ...]


class Strong(_Node):
    """Strongly emphasised text (usually bold)."""

    type: Literal["strong"] = "strong"
    children: tuple[Inline, ...]


LINK_SCHEMES = ("http://", "https://", "mailto:")
"""The only links an article keeps, besides anchors in the document (`#name`)."""


def link_problem(href: str) -> str | None:
    """Return why HREF may not be a link in an article (the one link policy), or None.

    Every reader applies it: Markdown and web pages keep the words of any other link and drop
    the link; a JSON article holding one is refused.
    """
    if href.lower().startswith(LINK_SCHEMES) or (href.startswith("#") and len(href) > 1):
        return None
    return (
        "is not a link an article may hold; links may be http:, https:, mailto: or "
        "#anchors in the document"
    )


class Link(_Node):
    """A hyperlink: http, https, mailto or an anchor in the document (`link_problem`)."""

    type: Literal["link"] = "link"
    href: str
    children: tuple[Inline, ...]

    @field_validator("href")
    @classmethod
    def _href_is_kept(cls, value: str) -> str:
        problem = link_problem(value)
        if problem:
            raise ValueError(f'"{value}" {problem}')
        return value


class Quotation(_Node):
    """An inline quotation; the text keeps its own quotation marks."""

    type: Literal["quotation"] = "quotation"
    children: tuple[Inline, ...]


class NoteRef(_Node):
    """A marker pointing at source note `number`."""

    type: Literal["noteref"] = "noteref"
    number: int = Field(ge=1, le=MAX_COUNT)
    occurrence: int = Field(
        default=1,
        ge=1,
        le=MAX_COUNT,
        description="Which mention of the note this marker is (1 = first).",
    )


class LineBreak(_Node):
    """A hard line break inside a paragraph."""

    type: Literal["linebreak"] = "linebreak"


Inline = Annotated[
    Union[Text, Code, Emphasis, Strong, Link, Quotation, NoteRef, LineBreak],  # noqa: UP007
    Field(discriminator="type"),
]


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Return the text of INLINES without marks (note markers and breaks add nothing)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Emphasis | Strong | Link | Quotation):
            parts.append(plain_text(node.children))
    return "".join(parts)


# --- Blocks -------------------------------------------------------------------------------


class Paragraph(_Node):
    """A paragraph of running text."""

    type: Literal["paragraph"] = "paragraph"
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class Heading(_Node):
    """A section heading; level 2 is the highest inside the body (the headline is level 1)."""

    type: Literal["heading"] = "heading"
    level: int = Field(ge=2, le=6)
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class BlockQuote(_Node):
    """A quoted passage made of blocks."""

    type: Literal["blockquote"] = "blockquote"
    blocks: tuple[Block, ...]


class ListItem(_Node):
    """One item of a list, made of blocks."""

    blocks: tuple[Block, ...]


class ListBlock(_Node):
    """A bulleted or numbered list."""

    type: Literal["list"] = "list"
    ordered: bool = False
    start: int = Field(default=1, ge=-MAX_COUNT * 100_000, le=MAX_COUNT * 100_000)
    items: tuple[ListItem, ...]


class Figure(_Node):
    """An image with its text alternative and an optional caption.

    `src` is relative to the article's folder, or the https address of an image on a host
    the user allowed (`--allow-remote`; fetched once by the pipeline for both outputs);
    `alt` is required for accessibility (an empty string marks a purely decorative image).
    """

    type: Literal["figure"] = "figure"
    src: str
    alt: str
    caption: tuple[Inline, ...] = ()


class CodeBlock(_Node):
    """Preformatted text, printed as it is."""

    type: Literal["codeblock"] = "codeblock"
    text: str


class TableCell(_Node):
    """One cell of a table: inline marks, spanning one column."""

    inlines: tuple[Inline, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class TableRow(_Node):
    """One row of a table."""

    cells: tuple[TableCell, ...] = Field(min_length=1)


Alignment = Literal["left", "center", "right"] | None


class Table(_Node):
    """A data table: an optional caption, header rows, body rows and each column's alignment.

    Every row has as many cells as there are columns (`len(align)`); header cells are
    column headers (rendered as `<th scope="col">`), and when `row_headers` is true the
    first cell of each body row heads its row (`<th scope="row">`).
    """

    type: Literal["table"] = "table"
    caption: tuple[Inline, ...] = ()
    header: tuple[TableRow, ...] = ()
    rows: tuple[TableRow, ...] = ()
    align: tuple[Alignment, ...] = Field(min_length=1)
    row_headers: bool = False

    @model_validator(mode="after")
    def _rows_are_rectangular(self) -> Table:
        if not self.header and not self.rows:
            raise ValueError("a table needs at least one row")
        columns = len(self.align)
        for kind, rows in (("header", self.header), ("body", self.rows)):
            for number, row in enumerate(rows, start=1):
                if len(row.cells) != columns:
                    raise ValueError(
                        f"table {kind} row {number} has {len(row.cells)} cells,"
                        f" the table has {columns} columns"
                    )
        return self


Block = Annotated[
    Union[Paragraph, Heading, BlockQuote, ListBlock, Figure, CodeBlock, Table],  # noqa: UP007
    Field(discriminator="type"),
]


def block_paragraphs(block: Block) -> tuple[Paragraph, ...]:
    """Return the paragraphs BLOCK holds in reading order: itself, or a quote's or a list's."""
    if isinstance(block, Paragraph):
        return (block,)
    inner: tuple[Block, ...] = ()
    if isinstance(block, BlockQuote):
        inner = block.blocks
    elif isinstance(block, ListBlock):
        inner = tuple(b for item in block.items for b in item.blocks)
    return tuple(p for b in inner for p in block_paragraphs(b))


# --- Enrichment ---------------------------------------------------------------------------


class Fact(_Node):
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


class SourceNote(_Node):
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


class PinnedFact(_Node):
    """A fact an editor asks for; its value must appear in the article's text."""

    value: str = Field(min_length=1, description="The figure as written in the text.")
    label: str = Field(default="", description="What it counts; generated when empty.")


class PinnedNote(_Node):
    """A source note an editor asks for."""

    source: str = Field(min_length=1, description="Who the claim comes from.")
    cue: str = Field(default="", description="The words that attribute the claim.")
    anchor: str | None = Field(
        default=None,
        description="Text of the sentence the marker follows; the source's name when absent.",
    )


class Editorial(_Node):
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


def _note_numbers(blocks: tuple[Block, ...]) -> set[int]:
    """Return the numbers of every note marker in BLOCKS, however deep."""

    def inline_numbers(nodes: tuple[Inline, ...]) -> set[int]:
        found: set[int] = set()
        for node in nodes:
            if isinstance(node, NoteRef):
                found.add(node.number)
            elif isinstance(node, Emphasis | Strong | Link | Quotation):
                found |= inline_numbers(node.children)
        return found

    numbers: set[int] = set()
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            numbers |= inline_numbers(block.inlines)
        elif isinstance(block, Figure):
            numbers |= inline_numbers(block.caption)
        elif isinstance(block, Table):
            numbers |= inline_numbers(block.caption)
            for row in (*block.header, *block.rows):
                for cell in row.cells:
                    numbers |= inline_numbers(cell.inlines)
        elif isinstance(block, BlockQuote):
            numbers |= _note_numbers(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                numbers |= _note_numbers(item.blocks)
    return numbers


# --- The article --------------------------------------------------------------------------

MAX_SLUG = 100
"""Longest slug: it names the output files, which must stay well inside 255 bytes."""
LAST_DATE = dt.date(2107, 12, 31)
"""Latest publication date: a ZIP file (the EPUB) records years up to 2107."""
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def derive_slug(headline: str) -> str:
    """Return an ASCII file-name slug for HEADLINE."""
    return slugify(headline, max_length=80, word_boundary=True) or "article"


class Article(_Node):
    """One article: its metadata, its body, and what the enrichers derived from it."""

    headline: str = Field(
        min_length=1, max_length=MAX_HEADLINE, description="The title of the article."
    )
    standfirst: str | None = Field(
        default=None, max_length=MAX_LINE, description="Subtitle or summary line."
    )
    date: dt.date = Field(description="Publication date.")
    authors: tuple[Annotated[str, Field(max_length=MAX_LINE)], ...] = Field(
        default=(), max_length=MAX_PINS
    )
    language: str = Field(default="en", description="BCP 47 language tag.")
    publisher: str | None = Field(default=None, max_length=MAX_LINE)
    source_url: str | None = Field(default=None, description="Where the article was published.")
    slug: str = Field(default="", description="ASCII file name; derived from the headline.")
    keywords: tuple[Annotated[str, Field(max_length=MAX_LINE)], ...] = Field(
        default=(), max_length=MAX_PINS
    )
    cover: str | None = Field(default=None, description="Cover image beside the article.")
    body: tuple[Block, ...] = ()
    facts: tuple[Fact, ...] = ()
    source_notes: tuple[SourceNote, ...] = ()
    editorial: Editorial = Field(
        default_factory=Editorial,
        description="Front-matter corrections to the fact box and the source notes.",
    )

    @field_validator("headline")
    @classmethod
    def _headline_has_text(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the headline is empty")
        return value

    @field_validator("standfirst", "publisher")
    @classmethod
    def _strip_optional(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return " ".join(value.split()) or None

    @field_validator("language")
    @classmethod
    def _language_is_bcp47(cls, value: str) -> str:
        if not langcodes.tag_is_valid(value):
            raise ValueError(f'"{value}" is not a BCP 47 language tag')
        return str(langcodes.standardize_tag(value))

    @field_validator("source_url")
    @classmethod
    def _url_is_web(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f'"{value}" is not an http or https URL')
        return value

    @field_validator("date")
    @classmethod
    def _date_fits_the_outputs(cls, value: dt.date) -> dt.date:
        if value > LAST_DATE:
            raise ValueError(
                f"{value.isoformat()} is after {LAST_DATE.isoformat()}, the last date an EPUB "
                "(a ZIP file) can record"
            )
        return value

    @field_validator("slug")
    @classmethod
    def _slug_is_safe(cls, value: str) -> str:
        if len(value) > MAX_SLUG:
            raise ValueError(f"is {len(value)} characters long; a slug may have at most {MAX_SLUG}")
        if value and not _SLUG_RE.match(value):
            raise ValueError(
                f'"{value}" is not a slug (use lower-case ASCII letters, digits and hyphens)'
            )
        return value

    @field_validator("cover")
    @classmethod
    def _cover_is_beside_the_article(cls, value: str | None) -> str | None:
        from publish.resources import check_local_reference

        problem = check_local_reference(value) if value is not None else None
        if problem:
            raise ValueError(f'"{value}" {problem}')
        return value

    @model_validator(mode="after")
    def _markers_have_notes(self) -> Article:
        if self.source_notes:
            known = {note.number for note in self.source_notes}
            missing = sorted(_note_numbers(self.body) - known)
            if missing:
                raise ValueError(f"note marker {missing[0]} has no source note")
        return self

    @model_validator(mode="after")
    def _derive_slug(self) -> Article:
        if not self.slug:
            object.__setattr__(self, "slug", derive_slug(self.headline))
        return self

    @property
    def text_blocks(self) -> tuple[tuple[int, str], ...]:
        """Return (index, plain text) for each body block that holds paragraphs: a paragraph,
        or a list or block quote whose paragraphs stand one a line (the enrichers' offsets)."""
        return tuple(
            (i, "\n".join(p.text for p in paragraphs))
            for i, block in enumerate(self.body)
            if (paragraphs := block_paragraphs(block))
        )
