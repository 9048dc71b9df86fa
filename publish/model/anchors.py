"""The ids body blocks carry in both outputs, and the check that internal links reach one.

A top-level heading's id comes from its text, as GitHub and most Markdown tools make it:
lower-case ASCII words joined by hyphens ("Costs and delays" -> `costs-and-delays`), `-2`,
`-3` ... after a repeat, `section` when no letter or digit is left. So `[see](#costs)` works
in the PDF and the EPUB, and the ids stay the same whatever else changes in the article.
Every other top-level block is `b<index>` (the fact box links there). A link to an id that
no block has would break both outputs (EPUBCheck RSC-012, WeasyPrint's "No anchor"): it is
kept as words without the link, with a warning naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from slugify import slugify

from publish.model.article import Article
from publish.model.blocks import Block, Heading

PAGE_IDS = frozenset(
    {
        "top",
        "title-page",
        "factbox",
        "factbox-title",
        "provenance",
        "source-notes",
        "source-notes-title",
    }
)
"""Ids the article page itself uses (templates/article.html.j2 and its partials)."""
_OURS = re.compile(r"^(?:b\d+|page-\d+|note-\d+(?:-\d+)?|noteref-\d+-\d+)$")
_BODY: TypeAdapter[tuple[Block, ...]] = TypeAdapter(tuple[Block, ...])


def block_ids(body: tuple[Block, ...]) -> tuple[str, ...]:
    """Return the id of each top-level block of BODY: headings by their text, others b<i>."""
    taken = set(PAGE_IDS)
    ids: list[str] = []
    for index, block in enumerate(body):
        if not isinstance(block, Heading):
            ids.append(f"b{index}")
            continue
        base = slugify(block.text, max_length=60, word_boundary=True) or "section"
        if _OURS.match(base):
            base = f"{base}-section"
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        ids.append(candidate)
    return tuple(ids)


def known_anchors(article: Article) -> set[str]:
    """Return every id an internal link in ARTICLE may point at."""
    found = set(PAGE_IDS) | set(block_ids(article.body))
    for note in article.source_notes:
        found.add(f"note-{note.number}")
        found |= {f"noteref-{note.number}-{i}" for i in range(1, note.mentions + 1)}
    return found


def unlink_missing_anchors(article: Article, warn: Callable[[str], None]) -> Article:
    """Return ARTICLE with each link to a missing `#id` replaced by its words; WARN each href."""
    known = known_anchors(article)
    missing: list[str] = []

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            out: list[Any] = []
            for item in value:
                href = item.get("href", "") if isinstance(item, dict) else ""
                if item_is_link(item) and href.startswith("#") and href[1:] not in known:
                    if href not in missing:
                        missing.append(href)
                    out.extend(walk(item["children"]))
                else:
                    out.append(walk(item))
            return out
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    body = walk([b.model_dump(mode="json") for b in article.body])
    if not missing:
        return article
    for href in missing:
        warn(href)
    return article.revised(body=_BODY.validate_python(body))


def missing_anchor(href: str) -> str:
    """Return the warning for a link to HREF, an id no block has."""
    return f'link to "{href}": no heading or block has that id; its words are kept without the link'


def item_is_link(item: Any) -> bool:
    """Tell whether ITEM (a dumped inline) is a link."""
    return isinstance(item, dict) and item.get("type") == "link"
