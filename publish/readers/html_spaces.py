"""Collapse white space in inline dictionaries as a browser lays out HTML text."""

from __future__ import annotations

import re
from typing import Any


def finish_inlines(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse white space as a browser does, trim the ends, drop empty marks."""
    state = {"space": True}

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in items:
            kind = node["type"]
            if kind == "text":
                text = re.sub(r"\s+", " ", node["text"])
                if state["space"]:
                    text = text.lstrip(" ")
                if text:
                    state["space"] = text.endswith(" ")
                    if out and out[-1]["type"] == "text":
                        out[-1] = {"type": "text", "text": out[-1]["text"] + text}
                    else:
                        out.append({"type": "text", "text": text})
            elif kind == "linebreak":
                if out and out[-1]["type"] == "text":
                    out[-1] = {"type": "text", "text": out[-1]["text"].rstrip(" ")}
                out.append(node)
                state["space"] = True
            elif kind == "code":
                if node["text"]:
                    out.append(node)
                    state["space"] = False
            elif kind == "noteref":
                out.append(node)
            else:
                children = walk(node["children"])
                if children:
                    out.append({**node, "children": children})
        return out

    result = walk(nodes)
    while result and result[-1]["type"] == "linebreak":
        result.pop()
    while result and result[0]["type"] == "linebreak":
        result.pop(0)
    _rstrip(result)
    return result


def _rstrip(nodes: list[dict[str, Any]]) -> None:
    while nodes:
        last = nodes[-1]
        if last["type"] == "text":
            text = last["text"].rstrip(" ")
            if text:
                nodes[-1] = {"type": "text", "text": text}
                return
            nodes.pop()
        elif "children" in last:
            _rstrip(last["children"])
            if last["children"]:
                return
            nodes.pop()
        else:
            return


INLINE_MARKUP = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i img ins kbd mark q s samp small span "
    "strike strong sub sup time tt u var".split()
)
"""Elements a browser lays out in the run of text: white space between two of them counts."""

GAP = "\u2420"
"""The stand-in (SYMBOL FOR SPACE) for white space between two inline elements: printable,
so trafilatura keeps it (it drops the private-use characters)."""


def holds_gap_marks(html: str) -> bool:
    """True when the page itself holds a stand-in character (then no gap is marked)."""
    return GAP in html


def mark_inline_gaps(tree: Any) -> None:
    """Put a stand-in where only white space separates the words of two inline elements.

    trafilatura trims each element's tail, so `<a>one</a> <b>two</b>` would come out as
    "onetwo". The stand-in is not white space, so it survives; `restore_gaps` turns it back.
    Only gaps with words on both sides are marked: one between two icons stays unmarked, or
    trafilatura would take it for text and keep a row of share buttons.
    """
    for br in list(tree.iter("br")):
        _lift_break(br)
    for el in tree.iter(*INLINE_MARKUP):
        tail = el.tail
        if tail and not tail.strip() and _has_words(el) and _words_follow(el):
            el.tail = GAP
        elif _is_blank(el) and _words_precede(el) and _words_follow(el):
            el.text = GAP  # `<i>one</i><span> </span><i>two</i>`: the space is an element


def _lift_break(br: Any) -> None:
    """Move a line break that ends an inline element (`<b>Title<br></b>Text`) out after it:
    trafilatura drops it there, and the title ran into the text ("TitleText")."""
    parent = br.getparent()
    while (
        parent is not None
        and parent.tag in INLINE_MARKUP
        and br.getnext() is None
        and not (br.tail or "").strip()
    ):
        br.tail = parent.tail
        parent.tail = None
        parent.addnext(br)
        parent = br.getparent()


def _is_blank(el: Any) -> bool:
    """True for an inline element holding only white space, and no element, nor a tail."""
    text = el.text or ""
    return bool(text) and not text.strip() and len(el) == 0 and not el.tail


def _words_precede(el: Any) -> bool:
    """True when a word ends right before EL (in the text or the inline element before it)."""
    before = el.getprevious()
    if before is not None:
        if before.tail:
            return not before.tail[-1].isspace()
        return isinstance(before.tag, str) and before.tag in INLINE_MARKUP and _has_words(before)
    parent = el.getparent()
    if parent is None:
        return False
    if parent.text:
        return not parent.text[-1].isspace()
    return parent.tag in INLINE_MARKUP and _words_precede(parent)


def _has_words(el: Any) -> bool:
    return bool(el.text_content().strip())


def _words_follow(el: Any) -> bool:
    """True when an inline element with words comes next after EL, in its inline parents."""
    while True:
        after = el.getnext()
        if after is not None:
            return isinstance(after.tag, str) and after.tag in INLINE_MARKUP and _has_words(after)
        parent = el.getparent()
        if parent is None or parent.tag not in INLINE_MARKUP:
            return False
        if parent.tail and parent.tail.strip():
            return not parent.tail[0].isspace()
        el = parent


def restore_gaps(text: str) -> str:
    """Return TEXT (the extractor's output) with each stand-in back as the space it was."""
    return text.replace(GAP, " ")
