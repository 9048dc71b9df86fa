"""Page furniture a saved page's extracted text still holds: what the site sets around a story.

trafilatura keeps some of what a news site prints beside the story as if it were its text.
Three classes are cut here, each seen on several pages of the web-page corpus:

- **A trailing furniture run** (`trailing_furniture`): after the story, the page's lists of
  other articles ("Related stories", "Read more:", "Other opinion columns", a ranking of the
  most read) and its rows of buttons and counters (share, like, "E-mail", reaction buttons
  each with its count). Walking back from the body's end, a block belongs to the run when
  it is a *link item* (a heading, paragraph or list item whose text is mostly, `LINK_SHARE`,
  a link's to the page's own site: on its host's domain; a list of sources, linking
  elsewhere, stays), a list of which at least a third of the items are link items, a
  *button* (one word or number, at most `BUTTON` characters), a *label* (a heading of at
  most `LABEL_HEADING` characters, or a paragraph of at most `LABEL`: a section's name, a
  date, "Read more:", "Loading comments..."), a figure, or a *teaser* (a paragraph of at most
  `TEASER` characters right after a link item: the other article's summary). The run begins
  at a link item, a list, a heading or a button (or at a label paragraph that ends no
  sentence just before a link item or a list); it is cut when it holds at least two link
  items or three buttons, or is one link paragraph ending the body (a promotion), and never
  when it holds more of the body's text than what stays.
- **Promotion links** (`is_promotion`): a paragraph inside the story that is only a link to
  another article, set in brackets ("[Read: ...]") or after a promotion's label ("Read
  more:", "Related:", "See also:", "Continue reading the main story", and their French,
  Spanish, Portuguese, German and Italian forms: "Lire aussi :", "Leia também:"; the label
  may stand outside the link). A bracketed one has at least three words ("[12]" is a note).

- **Widget words** (`is_widget_text`): a paragraph or heading inside the story that is only an
  advertisement's label ("Advertisement", "Sponsored", "Anzeige", "Publicité"), a button's call
  to action ("READ MORE", "Learn more", "Click here", "Share on Facebook", "Tweet this",
  "Print"), or a short paragraph (at most
  `SIGN_UP` characters) asking to sign up for a newsletter: a sentence of it begins "Sign up"
  or "Subscribe", or it begins "Get" and names a newsletter, an inbox or "emailed".
- **Hidden elements** (`without_hidden`): what the page marks `hidden`, which a browser does
  not show: a copy of the page's description for search engines (its entities sometimes
  escaped twice, "&rsquo;" printed as text), a dialog not yet opened; taken out of the page
  before extraction.
- **Edit links** (`without_edit_links`): a wiki's "[edit]" after each heading (MediaWiki's
  `mw-editsection`, in the wiki's language: "[modifier]", "[bearbeiten]"), taken out of the
  page before extraction, where its markup still tells it.

Readability, whose extraction the corpus gives as a reference, keeps some of these (a
"Read more" list, the promotion links); `benchmarks/html_reader.py` counts what stays.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from publish.readers.html_opening import block_text

LINK_SHARE = 0.6
"""The least share of a block's characters inside links that makes it a link item."""
BUTTON = 12
"""The longest button or counter (one word or number, in characters)."""
LABEL = 40
"""The longest paragraph taken for a label (a section's name, a date, "Read more:")."""
LABEL_HEADING = 60
"""The longest heading taken for a label."""
TEASER = 300
"""The longest paragraph taken for another article's summary, after its linked title."""

_SENTENCE_END = re.compile(r"[.!?。！？…]['\"’”»)]*$")
_LABELS = (
    "read|read more|related|see also|more|also read|watch"
    "|lire aussi|à lire aussi|voir aussi|lire la suite"  # French
    "|lea también|lee también|leer más|ver también"  # Spanish
    "|leia também|leia mais|veja também"  # Portuguese
    "|lesen sie auch|mehr zum thema|siehe auch"  # German
    "|leggi anche|vedi anche"  # Italian
)
_PROMOTION = re.compile(
    rf"^(?:\[\W*\w+\W+\w+\W+\w+.*\]|(?P<label>(?:{_LABELS})\s*:).*"
    r"|continue reading(?: the main story)?)$",
    re.IGNORECASE | re.DOTALL,
)


_HIDDEN = "//body//*[@hidden]"


def without_hidden(tree: Any) -> None:
    """Take the elements marked `hidden` out of the page TREE (lxml.html): a browser does not
    show them (a copy of the description kept for search engines, a closed dialog)."""
    for el in tree.xpath(_HIDDEN):
        el.drop_tree()  # the text after it stays


_EDIT_LINKS = "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')]"


def without_edit_links(tree: Any) -> None:
    """Take the wiki's section edit links ("[edit]") out of the page TREE (lxml.html)."""
    for link in tree.xpath(_EDIT_LINKS):
        link.drop_tree()  # the text after it stays


_AD_LABELS = frozenset(
    "advertisement advertisements advertising sponsored anzeige werbung publicité publicidad "
    "pubblicità".split()
) | {"sponsored content", "paid content"}
_CALLS_TO_ACTION = frozenset(
    {"read more", "learn more", "see more", "show more", "load more", "click here", "view more"}
)
_SHARE = re.compile(
    r"share|tweet|(?:share|post|pin|send|email|e-mail|tweet|print)"
    r"(?:(?: this| it)(?: (?:story|article|page))?|(?: this| it)?(?: (?:story|article|page))?"
    r" (?:on|to|via) (?:facebook|twitter|x|linkedin|pinterest|whatsapp|reddit|email))"
)
"""A share button's words: "Share", "Tweet", or a verb with its object or network ("Share on
Facebook", "Print this article", "Pin it"); "Print" or "Email" alone may be a section's."""
_SIGN_UP = re.compile(
    r"(?:^|[.!?]\s+)(?:sign up|subscribe)\b|^get\b.*\b(?:newsletters?|emailed|inbox)\b",
    re.IGNORECASE | re.DOTALL,
)
SIGN_UP = 300
"""The longest paragraph taken for a newsletter's sign-up."""


def is_widget_text(block: dict[str, Any]) -> bool:
    """Tell whether BLOCK is a widget's words inside the story: an advertisement's label, a
    button's call to action, or a newsletter's sign-up (see the module's note)."""
    if block["type"] not in ("paragraph", "heading"):
        return False
    text = " ".join(block_text(block).split())
    bare = text.strip(" .:»›>…!").casefold()
    if bare in _AD_LABELS or bare in _CALLS_TO_ACTION or _SHARE.fullmatch(bare):
        return True
    return block["type"] == "paragraph" and len(text) <= SIGN_UP and bool(_SIGN_UP.search(text))


def without_furniture(blocks: list[dict[str, Any]], url: str | None) -> list[dict[str, Any]]:
    """Return BLOCKS of the page at URL (None: unknown) without the page furniture."""
    site = _domain(url) if url else None
    kept = [b for b in blocks if not is_promotion(b, site) and not is_widget_text(b)]
    return kept[: len(kept) - trailing_furniture(kept, site)]


def _domain(url: str) -> str:
    """The last two labels of URL's host ("example.org" of news.example.org), or ''."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    labels = host.split(".")
    second_level = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
    return ".".join(labels[-3:] if second_level else labels[-2:])


_SECOND_LEVEL = ("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or")
"""Labels under a country's domain that name no site ("co" of example.co.jp)."""


def _own(href: str, site: str | None) -> bool:
    """Tell whether HREF links to the page's own SITE (a domain; None: any link counts)."""
    if site is None:
        return True
    parts = urlsplit(href)
    if not parts.scheme and not parts.netloc:
        return True  # relative: the same site
    host = (parts.hostname or "").lower().rstrip(".")
    return bool(site) and (host == site or host.endswith("." + site))


def is_promotion(block: dict[str, Any], site: str | None = None) -> bool:
    """Tell whether BLOCK is a promotion link: a paragraph that is only a link, promoted."""
    if block["type"] != "paragraph":
        return False
    text = " ".join(block_text(block).split())
    found = _PROMOTION.match(text)
    if not text or found is None:
        return False
    total, linked = _count(block["inlines"], False, site)
    label = len("".join((found.group("label") or "").split()))  # may stand outside the link
    return total > label and linked >= 0.9 * (total - label)


def trailing_furniture(blocks: list[dict[str, Any]], site: str | None = None) -> int:
    """Return how many of BLOCKS' last blocks are a trailing furniture run (0 when none)."""
    kinds: list[str] = []
    for index in range(len(blocks) - 1, -1, -1):
        kind = _kind(blocks[index], site)
        if kind == "text" and index > 0 and _is_teaser(blocks[index]):
            kind = "teaser" if _kind(blocks[index - 1], site) == "link" else "text"
        if kind == "text":
            break
        kinds.append(kind)
    kinds.reverse()  # in the body's order now
    run = blocks[len(blocks) - len(kinds) :]
    start = 0
    while start < len(run) and not _opens_run(kinds, start):
        start += 1
    run, kinds = run[start:], kinds[start:]
    links = sum(
        _link_items(b, site) for b, k in zip(run, kinds, strict=True) if k in ("link", "list")
    )
    buttons = kinds.count("button")
    single_promotion = kinds == ["link"] and run[0]["type"] == "paragraph"
    if not run or not (links >= 2 or buttons >= 3 or single_promotion):
        return 0
    cut = sum(_size(b) for b in run)
    if cut > sum(_size(b) for b in blocks) - cut:
        return 0
    return len(run)


def _opens_run(kinds: list[str], index: int) -> bool:
    kind = kinds[index]
    if kind in ("link", "list", "button", "heading-label"):
        return True
    following = kinds[index + 1] if index + 1 < len(kinds) else ""
    return kind == "label" and following in ("link", "list")


def _kind(block: dict[str, Any], site: str | None) -> str:
    """Return what BLOCK is to a furniture run: link, list, button, (heading-)label, short,
    figure or text (the story's: it ends the run)."""
    kind = block["type"]
    if kind == "figure":
        return "figure"
    if kind == "list":
        items = [item["blocks"] for item in block["items"]]
        linked = sum(1 for item in items if _item_is_link(item, site))
        return "list" if items and linked * 3 >= len(items) else "text"
    if kind not in ("paragraph", "heading"):
        return "text"
    text = " ".join(block_text(block).split())
    if not text:
        return "label"
    if _link_share(block["inlines"], site) >= LINK_SHARE:
        return "link"
    if len(text) <= BUTTON and re.fullmatch(r"\w+", text):
        return "button"
    if kind == "heading" and len(text) <= LABEL_HEADING:
        return "heading-label"
    if kind == "paragraph" and len(text) <= LABEL:
        return "short" if _SENTENCE_END.search(text) else "label"
    return "text"


def _is_teaser(block: dict[str, Any]) -> bool:
    return block["type"] == "paragraph" and len(" ".join(block_text(block).split())) <= TEASER


def _item_is_link(blocks: list[dict[str, Any]], site: str | None) -> bool:
    inlines = [n for b in blocks if "inlines" in b for n in b["inlines"]]
    return bool(inlines) and _link_share(inlines, site) >= LINK_SHARE


def _link_items(block: dict[str, Any], site: str | None) -> int:
    if block["type"] == "list":
        return sum(1 for item in block["items"] if _item_is_link(item["blocks"], site))
    return 1


def _size(block: dict[str, Any]) -> int:
    """The number of characters of BLOCK's text (a list's, a figure's: all of it)."""
    if "inlines" in block:
        return len(block_text(block))
    if block["type"] == "list":
        return sum(_size(b) for item in block["items"] for b in item["blocks"])
    if "blocks" in block:
        return sum(_size(b) for b in block["blocks"])
    return 0


def _link_share(inlines: list[dict[str, Any]], site: str | None) -> float:
    """The share of the characters of INLINES (spaces aside) in links to the page's SITE."""
    total, linked = _count(inlines, False, site)
    return linked / total if total else 0.0


def _count(nodes: list[dict[str, Any]], in_link: bool, site: str | None) -> tuple[int, int]:
    total = linked = 0
    for node in nodes:
        inside = in_link or (node["type"] == "link" and _own(node.get("href", ""), site))
        text = "".join((node.get("text") or "").split())
        total += len(text)
        linked += len(text) if inside else 0
        sub_total, sub_linked = _count(node.get("children", []), inside, site)
        total += sub_total
        linked += sub_linked
    return total, linked
