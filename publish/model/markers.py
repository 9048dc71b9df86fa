"""Insert note markers into paragraphs at plain-text offsets (`Article.text_blocks`), inside
nested inline marks; a list or quote is one block, a paragraph a line."""

from __future__ import annotations

from publish.model import (
    Block,
    BlockQuote,
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quotation,
    Strong,
    Text,
    block_paragraphs,
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
        if not block_paragraphs(blocks[block]):
            raise ValueError(f"block {block} is not a paragraph")
        blocks[block] = _place(blocks[block], offset, marker)[0]
    return tuple(blocks)


def _place(block: Block, offset: int, marker: NoteRef) -> tuple[Block, int]:
    """Return BLOCK with MARKER at OFFSET of its text (if it falls there), and that text's size."""
    if isinstance(block, Paragraph):
        size = len(block.text)
        if 0 <= offset <= size:
            block = block.model_copy(
                update={"inlines": insert_inline(block.inlines, offset, marker)}
            )
        return block, size
    if isinstance(block, BlockQuote):
        inner, size = _place_all(block.blocks, offset, marker)
        return block.model_copy(update={"blocks": inner}), size
    if isinstance(block, ListBlock):
        flat = tuple(b for item in block.items for b in item.blocks)
        placed, size = _place_all(flat, offset, marker)
        items, used = [], 0
        for item in block.items:
            count = len(item.blocks)
            items.append(item.model_copy(update={"blocks": placed[used : used + count]}))
            used += count
        return block.model_copy(update={"items": tuple(items)}), size
    return block, -1


def _place_all(
    blocks: tuple[Block, ...], offset: int, marker: NoteRef
) -> tuple[tuple[Block, ...], int]:
    out: list[Block] = []
    size = -1  # the text so far, each paragraph after a line break
    for block in blocks:
        start = size + 1
        placed, length = _place(block, offset - start if start <= offset else -1, marker)
        out.append(placed)
        if length >= 0:
            size = start + length
    return tuple(out), size


def strip_note_refs(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return BODY without note markers in its paragraphs (before they are placed anew)."""
    return tuple(_strip(block) for block in body)


def _strip(block: Block) -> Block:
    if isinstance(block, Paragraph):
        return block.model_copy(update={"inlines": _without_refs(block.inlines)})
    if isinstance(block, BlockQuote):
        return block.model_copy(update={"blocks": tuple(_strip(b) for b in block.blocks)})
    if isinstance(block, ListBlock):
        return block.model_copy(
            update={
                "items": tuple(
                    item.model_copy(update={"blocks": tuple(_strip(b) for b in item.blocks)})
                    for item in block.items
                )
            }
        )
    return block


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
