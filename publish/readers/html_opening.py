"""Where a saved page's story begins: what the page prints again around its headline.

The text trafilatura finds often opens with what the page sets around the headline: the
headline itself once more, after a few short header lines (a kicker, the date and time, a
promotion's heading, a "good article" badge); and the page's description, which becomes the
standfirst, is often a copy of the lead paragraph (whole or cut short with "..."), of the
headline, or of a heading the body holds (the page's own standfirst, set as a heading).
Printed as found, the reader would read each of them twice.

- Each of the body's first `OPENING` blocks that repeats the headline is dropped, and so are
  the blocks before the last of them when each is a short heading or paragraph (header
  lines: none is longer than `HEADER_LINE` characters); otherwise those blocks stay.
- A standfirst that repeats the headline is dropped.
- A heading among the first blocks that the standfirst repeats, or begins, is dropped (the
  standfirst prints it); a paragraph there that the standfirst repeats, or begins, drops
  the standfirst instead (the paragraph is the story's text, with its links and emphasis).

Texts are compared with their spaces collapsed, case folded, and a trailing ellipsis or full
stop set aside.
"""

from __future__ import annotations

from typing import Any

OPENING = 5
"""How many of the body's first blocks are looked at."""

HEADER_LINE = 120
"""The longest block (in characters) taken for a header line before a repeated headline."""

PREFIX = 40
"""The shortest standfirst taken to be the start of a longer lead paragraph."""

_TEXT_BLOCKS = ("heading", "paragraph")


def open_article(
    headline: str, standfirst: str | None, blocks: list[dict[str, Any]]
) -> tuple[str | None, list[dict[str, Any]]]:
    """Return the standfirst and the body blocks without the page's repeats of them."""
    blocks = _from_headline(headline, blocks)
    if standfirst is not None and _same(standfirst) == _same(headline):
        standfirst = None
    if standfirst is None:
        return None, blocks
    wanted = _same(standfirst)
    for index, block in enumerate(blocks[:OPENING]):
        if block["type"] not in _TEXT_BLOCKS:
            continue
        text = _same(block_text(block))
        if block["type"] == "heading" and _begins(text, wanted):
            return standfirst, blocks[:index] + blocks[index + 1 :]
        if block["type"] == "paragraph" and _begins(text, wanted):
            return None, blocks
    return standfirst, blocks


def _from_headline(headline: str, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return BLOCKS from after their repeats of HEADLINE (see the module's note)."""
    wanted = _same(headline)
    repeats = [
        index
        for index, block in enumerate(blocks[:OPENING])
        if block["type"] in _TEXT_BLOCKS and _same(block_text(block)) == wanted
    ]
    if not repeats:
        return blocks
    kept = [block for index, block in enumerate(blocks) if index not in repeats]
    before = kept[: repeats[-1] - len(repeats) + 1]
    header = all(
        b["type"] in _TEXT_BLOCKS and len(" ".join(block_text(b).split())) <= HEADER_LINE
        for b in before
    )
    return kept[len(before) :] if header else kept


def _begins(text: str, standfirst: str) -> bool:
    """True when STANDFIRST is TEXT, or (long enough to tell) the start of it."""
    return text == standfirst or (len(standfirst) >= PREFIX and text.startswith(standfirst))


def _same(text: str) -> str:
    """TEXT as compared: spaces collapsed, case folded, a trailing ellipsis or stop set aside."""
    text = " ".join(text.split()).casefold()
    for end in ("[…]", "[...]", "…", "...", ".", "。"):
        if text.endswith(end):
            return text[: -len(end)].rstrip()
    return text


def block_text(block: dict[str, Any]) -> str:
    """The plain text of a converted heading or paragraph BLOCK."""
    return _text(block.get("inlines", []))


def _text(nodes: list[dict[str, Any]]) -> str:
    return "".join(n.get("text", "") or _text(n.get("children", [])) for n in nodes)
