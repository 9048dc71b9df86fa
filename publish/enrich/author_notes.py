"""Merge the author's footnotes with the enricher's notes: the author's stay where they are, a
sentence the author cited is not noted again, and all are numbered anew in reading order."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from publish.enrich.numbering import number_sources
from publish.enrich.sources import Attribution
from publish.model import (
    Article,
    Block,
    Emphasis,
    Inline,
    Link,
    NoteRef,
    Quotation,
    Strong,
    block_paragraphs,
    plain_text,
)
from publish.model.markers import insert_note_refs

_BODY: TypeAdapter[tuple[Block, ...]] = TypeAdapter(tuple[Block, ...])


def has_author_notes(article: Article) -> bool:
    """Tell whether ARTICLE's notes came with it as the author's footnotes."""
    return any(note.kind == "footnote" for note in article.source_notes)


def merge_author_notes(article: Article, found: list[Attribution]) -> Article:
    """Return ARTICLE with its author's notes and the enricher's notes for FOUND, renumbered."""
    authors = [n for n in article.source_notes if n.kind == "footnote"]
    spots = marker_spots(article.body)
    cited = {(block, offset) for block, offset, number in spots}
    fresh = [
        a
        for a in found
        if not any(
            block == a.sentence.block and a.sentence.start <= offset <= a.sentence.end
            for block, offset in cited
        )
    ]
    notes, marks = number_sources(fresh)
    first: dict[tuple[str, int], tuple[int, int]] = {}
    for block, offset, number in spots:
        first.setdefault(("footnote", number), (block, offset))
    for block, offset, ref in marks:
        first.setdefault(("attribution", ref.number), (block, offset))
    every = [("footnote", n) for n in authors] + [("attribution", n) for n in notes]
    every.sort(key=lambda kn: first.get((kn[0], kn[1].number), (1 << 30, kn[1].number)))
    new = {(kind, note.number): i for i, (kind, note) in enumerate(every, start=1)}
    body = _renumber(article.body, {n.number: new[("footnote", n.number)] for n in authors})
    body = insert_note_refs(
        body,
        [
            (block, offset, ref.model_copy(update={"number": new[("attribution", ref.number)]}))
            for block, offset, ref in marks
        ],
    )
    merged = tuple(
        note.model_copy(update={"number": new[(kind, note.number)]}) for kind, note in every
    )
    return article.model_copy(update={"source_notes": merged, "body": body})


def marker_spots(body: tuple[Block, ...]) -> list[tuple[int, int, int]]:
    """Return (block, offset in `Article.text_blocks`, note number) of each marker in BODY, in
    reading order; a marker outside running text (a heading, a table) is at offset 0."""
    spots: list[tuple[int, int, int]] = []
    for index, block in enumerate(body):
        paragraphs = block_paragraphs(block)
        if paragraphs:
            base = 0
            for paragraph in paragraphs:
                spots += [(index, base + at, n) for at, n in _inline_spots(paragraph.inlines)]
                base += len(paragraph.text) + 1
        else:
            found: list[int] = []
            _walk(block.model_dump(mode="json"), {}, found)
            spots += [(index, 0, number) for number in found]
    return spots


def _inline_spots(inlines: tuple[Inline, ...], start: int = 0) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    position = start
    for node in inlines:
        if isinstance(node, NoteRef):
            found.append((position, node.number))
        elif isinstance(node, Emphasis | Strong | Link | Quotation):
            found += _inline_spots(node.children, position)
        position += len(plain_text((node,)))
    return found


def _walk(value: Any, numbers: dict[int, int], found: list[int]) -> Any:
    """Return VALUE (a dumped block) renumbered by NUMBERS; add the numbers it held to FOUND."""
    if isinstance(value, dict):
        if value.get("type") == "noteref":
            found.append(int(value["number"]))
            return {**value, "number": numbers.get(value["number"], value["number"])}
        return {k: _walk(v, numbers, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, numbers, found) for v in value]
    return value


def _renumber(body: tuple[Block, ...], numbers: dict[int, int]) -> tuple[Block, ...]:
    """Return BODY with each marker's note number changed by NUMBERS."""
    if all(old == new for old, new in numbers.items()):
        return body
    return _BODY.validate_python(_walk([b.model_dump(mode="json") for b in body], numbers, []))
