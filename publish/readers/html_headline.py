"""A saved page's headline when its metadata names none: the heading that agrees with its title.

trafilatura takes a page's headline from its metadata (og:title, twitter:title, a schema.org
headline, JSON-LD); a page without any gets one of its headings instead (the only `<h1>`, a
heading whose class says "title", the first `<h1>`), and that is often the page's furniture:
a sidebar's "Most Popular", a comment form's "Join the Discussion", a newsletter box's "Get
... in your inbox", a column's banner, a player's "Watch Queue". The page's `<title>` still
names the article (with the site's name, cut by publish.readers.titles), so here, only when
the metadata gave no title:

- the headline is the page's `<h1>` or `<h2>` that agrees best with the `<title>` (`AGREE`:
  the Dice overlap of their words; an `<h1>` wins a tie, then the first), when one agrees;
- else it is trafilatura's heading, unless that heading sits in furniture (an element whose
  class or id names comments, a reply form, a newsletter or sign-up, related, recirculated,
  popular or trending stories, sharing, a sidebar, a widget, a banner, navigation, a footer
  or a queue: `FURNITURE`), or is the site's name; then it is the `<title>`.
"""

from __future__ import annotations

import re
from typing import Any

from publish.readers.titles import clean_title

AGREE = 0.5
"""The least Dice overlap of two titles' words for them to name the same article."""

FURNITURE = (
    "comment",
    "respond",
    "reply",
    "discussion",
    "newsletter",
    "signup",
    "subscri",
    "related",
    "recirc",
    "popular",
    "trending",
    "share",
    "sharing",
    "social",
    "sidebar",
    "widget",
    "banner",
    "footer",
    "queue",
)
FURNITURE_WORDS = frozenset({"nav", "navbar", "menu", "logo"})
"""How a word of a class or id naming the page's furniture begins (the words of a class or
id are its parts between spaces, hyphens and underscores: "widgettitle", "article-footer");
`FURNITURE_WORDS` are whole words that name it."""

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")


def words(text: str) -> set[str]:
    """The words of TEXT, case folded (a CJK character is a word)."""
    return set(_WORD.findall(text.casefold()))


def agreement(one: str, other: str) -> float:
    """The Dice overlap of the word sets of two titles (0 to 1)."""
    a, b = words(one), words(other)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


class PageHeadings:
    """What a page holds to choose its headline from, read before extraction."""

    def __init__(self, tree: Any, metadata_title: bool) -> None:
        self.metadata_title = metadata_title
        """True when the page's metadata names the article (trafilatura's title is it)."""
        title = tree.find(".//head//title")
        self.title = " ".join(title.text_content().split()) if title is not None else ""
        self.headings: list[tuple[str, str, bool]] = []
        """(tag, text, in furniture) of each h1, h2 and h3, in the page's order."""
        for el in tree.iter("h1", "h2", "h3"):
            text = " ".join(el.text_content().split())
            if text:
                self.headings.append((el.tag, text, _in_furniture(el)))

    def headline(self, found: str, site: str | None, url: str | None) -> str:
        """Return the page's headline, given FOUND, trafilatura's title."""
        if self.metadata_title or not self.title:
            return found
        title = clean_title(self.title, site, url)
        if not words(title):
            return found
        if found and agreement(found, title) >= AGREE:
            return found
        best, score = "", AGREE
        for _tag, text, furniture in sorted(
            (h for h in self.headings if h[0] != "h3"), key=lambda h: h[0]
        ):
            value = agreement(text, title)
            if not furniture and (value > score or (value == score and not best)):
                best, score = text, value
        if best:
            return best
        taken = [h for h in self.headings if h[1] == found]
        site_name = bool(site) and words(found) == words(site or "")
        if not found or site_name or (taken and all(furniture for _, _, furniture in taken)):
            return self.title
        return found


def _in_furniture(el: Any) -> bool:
    """True when EL or an element around it is named (class, id) as the page's furniture."""
    while el is not None:
        if not isinstance(el.tag, str) or el.tag in ("body", "html"):
            return False
        names = f"{el.get('class') or ''} {el.get('id') or ''}".casefold()
        parts = re.split(r"[\s_-]+", names)
        if el.tag in ("nav", "footer", "aside") or any(
            part in FURNITURE_WORDS or part.startswith(FURNITURE) for part in parts if part
        ):
            return True
        el = el.getparent()
    return False
