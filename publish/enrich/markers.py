"""Insert note markers into paragraphs at plain-text offsets, inside nested inline marks."""

from __future__ import annotations

from publish.model import (
    Block,
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Paragraph,
    Quotation,
    Strong,
    Text,
    plain_text,
)

_Container = Emphasis | Strong | Link | Quotation


def insert_note_refs(
    body: tuple[Block, ...], marks: list[tuple[int, int, NoteRef]]
) -> tuple[Block, ...]:
    """Return BODY with each (block, offset, marker) of MARKS placed in its paragraph."""
    if not marks:
        return body
    blocks = list(body)
    # Markers add no plain text, so later offsets stay valid; insert from the end anyway so
    # two markers at one offset keep their order.
    order = sorted(range(len(marks)), key=lambda i: (marks[i][0], marks[i][1], i), reverse=True)
    for block, offset, marker in (marks[i] for i in order):
        paragraph = blocks[block]
        if not isinstance(paragraph, Paragraph):
            raise ValueError(f"block {block} is not a paragraph")
        inlines = insert_inline(paragraph.inlines, offset, marker)
        blocks[block] = paragraph.model_copy(update={"inlines": inlines})
    return tuple(blocks)


def strip_note_refs(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return BODY without note markers in its paragraphs (before they are placed anew)."""
    return tuple(
        block.model_copy(update={"inlines": _without_refs(block.inlines)})
        if isinstance(block, Paragraph) else block
        for block in body
    )


def _without_refs(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    kept: list[Inline] = []
    for item in inlines:
        if isinstance(item, NoteRef):
            continue
        if isinstance(item, _Container):
            item = item.model_copy(update={"children": _without_refs(item.children)})
        kept.append(item)
    return tuple(kept)


def insert_inline(inlines: tuple[Inline, ...], offset: int, node: Inline) -> tuple[Inline, ...]:
    """Return INLINES with NODE inserted where the plain text reaches OFFSET.

    A marker at the end of a mark (an emphasis, a link, a quotation) goes after it, never
    inside; inside a text run the run is split; inline code is never split.
    """
    if offset < 0 or offset > len(plain_text(inlines)):
        raise ValueError(f"offset {offset} is outside the paragraph")
    if offset == 0:
        return (node, *inlines)
    result, _ = _insert(inlines, offset, node)
    return result


def _insert(
    inlines: tuple[Inline, ...], offset: int, node: Inline
) -> tuple[tuple[Inline, ...], bool]:
    out: list[Inline] = []
    position = 0
    done = False
    for item in inlines:
        length = _length(item)
        if not done and out and position == offset:
            out.append(node)
            done = True
        if not done and position < offset < position + length:
            if isinstance(item, Text):
                cut = offset - position
                out += [Text(text=item.text[:cut]), node, Text(text=item.text[cut:])]
                done = True
            elif isinstance(item, _Container):
                children, done = _insert(item.children, offset - position, node)
                out.append(item.model_copy(update={"children": children}))
            else:
                out += [item, node]
                done = True
        else:
            out.append(item)
        position += length
    if not done and position == offset:
        out.append(node)
        done = True
    return tuple(out), done


def _length(node: Inline) -> int:
    if isinstance(node, Text | Code):
        return len(node.text)
    if isinstance(node, LineBreak):
        return 1
    if isinstance(node, _Container):
        return len(plain_text(node.children))
    return 0
