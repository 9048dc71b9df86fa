"""The ids body blocks carry in both outputs, and the check that internal links reach one.

A top-level heading's id comes from its text as GitHub makes it, since that is what people who
write Markdown link to: lower case, every character but letters, digits, marks, `-` and `_`
dropped, spaces made hyphens ("Node.js on Unix/macOS" -> `nodejs-on-unixmacos`), `-1`, `-2`
... after a repeat. Where that id is not plain ASCII starting with a letter (a heading in
Chinese, or one that starts with a digit) or is taken, the id is the heading's words
transliterated to ASCII and joined by hyphens (`costs-and-delays`, `-2`, `-3` ... after a
repeat), `section` when nothing is left. A link may use either form: the other one is an alias,
rewritten to the id. So `[see](#costs)` works in the PDF and the EPUB, and the ids stay the
same whatever else changes in the article. Every other top-level block is `b<index>` (the fact
box links there). A link to an id that no block has would break both outputs (EPUBCheck
RSC-012, WeasyPrint's "No anchor"): it is kept as words without the link, with a warning
naming it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

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
    return _anchors(body)[0]


def _anchors(body: tuple[Block, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Return the block ids of BODY and the aliases (other spellings of a heading's id)."""
    github = _GitHubSlugs()
    taken = set(PAGE_IDS)  # the ids chosen
    transliterated = set(PAGE_IDS)  # the ASCII spellings, numbered among themselves
    ids: list[str] = []
    aliases: dict[str, str] = {}
    for index, block in enumerate(body):
        if not isinstance(block, Heading):
            ids.append(f"b{index}")
            continue
        gh = github.slug(block.text)
        ascii_id = _deduplicated(_ascii_slug(block.text), transliterated)
        transliterated.add(ascii_id)
        if _PLAIN.match(gh) and not _OURS.match(gh) and gh not in taken:
            chosen = gh
        else:
            chosen = _deduplicated(ascii_id, taken)
        taken.add(chosen)
        ids.append(chosen)
        for other in (gh, ascii_id):
            if other != chosen:
                aliases.setdefault(other, chosen)
    known = set(ids) | PAGE_IDS
    return tuple(ids), {
        alias: to for alias, to in aliases.items() if alias not in known and not _OURS.match(alias)
    }


_PLAIN = re.compile(r"^[a-z][a-z0-9_-]*$")


class _GitHubSlugs:
    """Heading ids as GitHub's renderer makes them, repeats numbered -1, -2, ..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = "".join(
            ch for ch in text.strip().lower() if ch in " -_" or unicodedata.category(ch)[0] in "LNM"
        ).replace(" ", "-")
        found = base
        if found in self.seen:
            while found in self.seen:
                self.seen[base] += 1
                found = f"{base}-{self.seen[base]}"
        self.seen[found] = 0
        return found


def _ascii_slug(text: str) -> str:
    base = slugify(text, max_length=60, word_boundary=True) or "section"
    return f"{base}-section" if _OURS.match(base) else base


def _deduplicated(base: str, taken: set[str]) -> str:
    candidate, count = base, 1
    while candidate in taken:
        count += 1
        candidate = f"{base}-{count}"
    return candidate


def known_anchors(article: Article) -> set[str]:
    """Return every id an internal link in ARTICLE may point at."""
    return _known(article, *_anchors(article.body))


def _known(article: Article, ids: tuple[str, ...], aliases: dict[str, str]) -> set[str]:
    found = set(PAGE_IDS) | set(ids) | set(aliases)
    for note in article.source_notes:
        found.add(f"note-{note.number}")
        found |= {f"noteref-{note.number}-{i}" for i in range(1, note.mentions + 1)}
    return found


def unlink_missing_anchors(article: Article, warn: Callable[[str], None]) -> Article:
    """Return ARTICLE with each link to a missing `#id` replaced by its words (WARN each href),
    and each link to an alias of a heading's id pointed at the id itself."""
    ids, aliases = _anchors(article.body)
    known = _known(article, ids, aliases)
    missing: list[str] = []
    redirected: list[str] = []

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            out: list[Any] = []
            for item in value:
                href = item.get("href", "") if isinstance(item, dict) else ""
                target = unquote(href[1:])  # Markdown percent-encodes "#qué" as "#qu%C3%A9"
                if not (item_is_link(item) and href.startswith("#")):
                    out.append(walk(item))
                elif target in aliases:
                    out.append(walk({**item, "href": "#" + aliases[target]}))
                    redirected.append(href)
                elif target not in known:
                    if href not in missing:
                        missing.append(href)
                    out.extend(walk(item["children"]))
                else:
                    out.append(walk(item))  # a link to an id the article has
            return out
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    body = walk([b.model_dump(mode="json") for b in article.body])
    if not missing and not redirected:
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
