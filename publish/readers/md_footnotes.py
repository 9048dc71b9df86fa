"""Markdown footnotes (`[^label]` markers, `[^label]: text` definitions) as the author's notes.

markdown-it's footnote plugin numbers the footnotes in the order they are first cited, gives
each marker its footnote's id and collects the definitions at the end of the token stream;
here the definitions become note texts (links keep their address, in brackets) and the
markers become note markers (`publish.readers.markdown`). A definition no marker cites is left
out with a warning naming its line, and so is a marker whose footnote is never defined.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from markdown_it.token import Token

log = logging.getLogger("publish")

_UNDEFINED = re.compile(r"\[\^([^\]\s]+)\]")


def split_footnotes(tokens: list[Token]) -> tuple[list[Token], dict[int, str]]:
    """Return the body's tokens and the text of each cited footnote, by note number."""
    if not any(t.type == "footnote_block_open" for t in tokens):
        return tokens, {}
    start = next(i for i, t in enumerate(tokens) if t.type == "footnote_block_open")
    texts: dict[int, list[str]] = {}
    current: list[str] | None = None
    for token in tokens[start:]:
        if token.type == "footnote_open":
            current = texts.setdefault(int(token.meta["id"]) + 1, [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            current.append(note_text(token.children or []))
        elif current is not None and token.type in ("fence", "code_block"):
            current.append(" ".join(token.content.split()))
    return tokens[:start], {n: " ".join(" ".join(parts).split()) for n, parts in texts.items()}


def note_text(children: list[Token]) -> str:
    """Return a footnote paragraph's words; a link keeps its web address after its words."""
    parts: list[str] = []
    links: list[tuple[str, int]] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
        elif token.type == "link_open":
            links.append((str(token.attrGet("href") or ""), len(parts)))
        elif token.type == "link_close" and links:
            href, began = links.pop()
            words = "".join(parts[began:]).strip()
            if href.lower().startswith(("http://", "https://")) and words != href:
                parts.append(f" ({href})")
    return "".join(parts)


def warn_unused(env: dict[str, Any], body: str, name: str, first_line: int) -> None:
    """Warn about each footnote defined in BODY that no marker cites (it is left out)."""
    refs = env.get("footnotes", {}).get("refs", {})
    for key, number in refs.items():
        if number != -1:
            continue
        label = key[1:]
        match = re.search(rf"^[ ]{{0,3}}\[\^{re.escape(label)}\]:", body, re.M)
        line = body[: match.start()].count("\n") + first_line if match else first_line
        log.warning(
            "%s:%d: warning: footnote [^%s] is never cited in the text; left out", name, line, label
        )


def warn_undefined(text: str, name: str, line: int) -> None:
    """Warn about a footnote marker in TEXT whose footnote is never defined (kept as text)."""
    for match in _UNDEFINED.finditer(text):
        log.warning(
            "%s:%d: warning: footnote marker [^%s] has no footnote `[^%s]: ...`; "
            "it is printed as written",
            name,
            line,
            match.group(1),
            match.group(1),
        )
