"""Inline marks: the runs of text, emphasis, links, quotations and note markers in a block."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from publish.model.node import MAX_COUNT, Node


class Text(Node):
    """A run of plain text."""

    type: Literal["text"] = "text"
    text: str


class Code(Node):
    """Inline code, printed in a fixed-width face."""

    type: Literal["code"] = "code"
    text: str


class Emphasis(Node):
    """Emphasised text (usually italic)."""

    type: Literal["emphasis"] = "emphasis"
    children: tuple[Inline, ...]


class Strong(Node):
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


class Link(Node):
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


class Quotation(Node):
    """An inline quotation; the text keeps its own quotation marks."""

    type: Literal["quotation"] = "quotation"
    children: tuple[Inline, ...]


class NoteRef(Node):
    """A marker pointing at source note `number`."""

    type: Literal["noteref"] = "noteref"
    number: int = Field(ge=1, le=MAX_COUNT)
    occurrence: int = Field(
        default=1,
        ge=1,
        le=MAX_COUNT,
        description="Which mention of the note this marker is (1 = first).",
    )


class LineBreak(Node):
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
