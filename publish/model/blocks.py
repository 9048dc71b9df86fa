"""Body blocks: paragraphs, headings, quotes, lists, figures, code and tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from publish.model.inlines import (
    Emphasis,
    Inline,
    Link,
    NoteRef,
    Quotation,
    Strong,
    plain_text,
)
from publish.model.node import MAX_COUNT, Node


class Paragraph(Node):
    """A paragraph of running text."""

    type: Literal["paragraph"] = "paragraph"
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class Heading(Node):
    """A section heading; level 2 is the highest inside the body (the headline is level 1)."""

    type: Literal["heading"] = "heading"
    level: int = Field(ge=2, le=6)
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class BlockQuote(Node):
    """A quoted passage made of blocks."""

    type: Literal["blockquote"] = "blockquote"
    blocks: tuple[Block, ...]


class ListItem(Node):
    """One item of a list, made of blocks."""

    blocks: tuple[Block, ...]


class ListBlock(Node):
    """A bulleted or numbered list."""

    type: Literal["list"] = "list"
    ordered: bool = False
    start: int = Field(default=1, ge=-MAX_COUNT * 100_000, le=MAX_COUNT * 100_000)
    items: tuple[ListItem, ...]


class Figure(Node):
    """An image with its text alternative and an optional caption.

    `src` is relative to the article's folder, or the https address of an image on a host
    the user allowed (`--allow-remote`; fetched once by the pipeline for both outputs);
    `alt` is required for accessibility (an empty string marks a purely decorative image).
    """

    type: Literal["figure"] = "figure"
    src: str
    alt: str
    caption: tuple[Inline, ...] = ()


class CodeBlock(Node):
    """Preformatted text, printed as it is."""

    type: Literal["codeblock"] = "codeblock"
    text: str


class TableCell(Node):
    """One cell of a table: inline marks, spanning one column."""

    inlines: tuple[Inline, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


class TableRow(Node):
    """One row of a table."""

    cells: tuple[TableCell, ...] = Field(min_length=1)


Alignment = Literal["left", "center", "right"] | None


class Table(Node):
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


def note_numbers(blocks: tuple[Block, ...]) -> set[int]:
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
            numbers |= note_numbers(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                numbers |= note_numbers(item.blocks)
    return numbers


def figures(blocks: tuple[Block, ...]) -> Iterator[Figure]:
    """Yield every figure in BLOCKS, however deep in quotes and lists, in reading order."""
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, BlockQuote):
            yield from figures(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from figures(item.blocks)
