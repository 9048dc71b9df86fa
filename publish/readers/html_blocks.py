"""Turn HTML (a saved page's article, a ninjs body, a Word file) into the model's blocks.

The HTML is sanitised with nh3 first (only the tags below survive, scripts and styles lose
their content, only `dir` and `lang` besides each tag's own attributes), then walked with
lxml. Whatever the model cannot hold is left out and said in a warning through WARN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import lxml.html
import nh3

from publish.model import link_problem
from publish.readers.remote import alt_paragraph, is_remote, remote_warning

BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
}
INLINE_TAGS = {
    "a",
    "em",
    "i",
    "strong",
    "b",
    "code",
    "kbd",
    "samp",
    "br",
    "q",
    "span",
    "sup",
    "sub",
    "small",
    "mark",
    "u",
    "s",
    "del",
    "ins",
    "abbr",
    "cite",
    "dfn",
    "time",
    "var",
    "img",
    "bdi",
    "bdo",
}
_ALL_ATTRS = {"dir", "lang"}
_ATTRIBUTES = {
    "a": {"href", "id"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}
LAYOUT_CELL_TAGS = ("p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "figure", "img")
"""A cell holding any of these (or two paragraphs) makes its table a layout table."""
MAX_COLSPAN = 1000
MAX_DEPTH = 24
"""Deepest nesting of block quotes and lists kept; deeper content is flattened."""

Warn = Callable[[str], None]
ImageResolver = Callable[[str], str | None]
"""Return the local path an image SRC may be printed from, or None to leave it out."""


def sanitise(html: str) -> str:
    """Return HTML with only the tags and attributes the converter understands."""
    tags = BLOCK_TAGS | INLINE_TAGS
    attributes = {tag: set(_ATTRIBUTES.get(tag, set())) | _ALL_ATTRS for tag in tags}
    return str(
        nh3.clean(
            html,
            tags=tags,
            attributes=attributes,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
        )
    )


class HtmlConverter:
    """Walk sanitised HTML and return block dictionaries the model validates."""

    def __init__(
        self,
        warn: Warn,
        resolve_image: ImageResolver | None = None,
        note_for: Callable[[str], int | None] | None = None,
        heading_shift: int = 0,
    ) -> None:
        self.warn = warn
        self.heading_shift = heading_shift
        """Added to each heading's level (1 when the source uses h1 below its title)."""
        self.resolve_image = resolve_image or (lambda src: None)
        self.note_for = note_for
        """Maps a link's href to a source note number: the link becomes a note marker."""
        self.tables_left_out = 0

    def convert(self, html: str) -> list[dict[str, Any]]:
        """Return the blocks of HTML (sanitised here)."""
        clean = sanitise(html)
        if not clean.strip():
            return []
        root = lxml.html.fragment_fromstring(clean, create_parent="div")
        blocks = self.blocks(root, 0)
        if self.tables_left_out:
            count = self.tables_left_out
            self.warn(f"{count} table{'s' if count > 1 else ''} inside a paragraph left out")
        return blocks

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, element: Any, depth: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        loose: list[dict[str, Any]] = []

        def flush() -> None:
            if loose:
                paragraph = _finish(loose[:])
                if paragraph:
                    out.append({"type": "paragraph", "inlines": paragraph})
                loose.clear()

        if element.text:
            loose.append({"type": "text", "text": element.text})
        previous = ""
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "pre" and _inline_pre(child):
                # an extractor's rendering of inline code: rejoin the sentence around it
                if not loose and previous == "p" and out and out[-1]["type"] == "paragraph":
                    loose.extend(out.pop()["inlines"])
                    loose.append({"type": "text", "text": " "})
                loose.append({"type": "code", "text": " ".join(child.text_content().split())})
            elif tag in INLINE_TAGS and tag != "img":
                loose.extend(self.inline(child))
            else:
                flush()
                out.extend(self.block(child, tag, depth))
            if child.tail:
                loose.append({"type": "text", "text": child.tail})
            previous = tag
        flush()
        return out

    def block(self, el: Any, tag: str, depth: int) -> list[dict[str, Any]]:
        if re.fullmatch(r"h[1-6]", tag):
            inlines = _finish(self.inlines(el))
            if not inlines:
                return []
            level = min(6, max(2, int(tag[1]) + self.heading_shift))
            return [{"type": "heading", "level": level, "inlines": inlines}]
        if tag in ("p", "dt", "dd", "summary", "address", "figcaption", "caption"):
            images = el.findall(".//img")
            if images and not _plain_text(el).strip():
                return [f for img in images if (f := self.figure(img, ()))]
            inlines = _finish(self.inlines(el))
            return [{"type": "paragraph", "inlines": inlines}] if inlines else []
        if tag in ("ul", "ol"):
            return self.list_block(el, tag, depth)
        if tag == "blockquote":
            inner = self.blocks(el, depth + 1)
            if not inner:
                return []
            if depth >= MAX_DEPTH:
                return inner
            return [{"type": "blockquote", "blocks": inner}]
        if tag == "figure":
            return self.figure_block(el)
        if tag == "img":
            figure = self.figure(el, ())
            return [figure] if figure else []
        if tag == "pre":
            text = el.text_content().strip("\n")
            return [{"type": "codeblock", "text": text}] if text.strip() else []
        if tag == "table":
            return self.table_block(el, depth)
        if tag == "hr":
            return []
        if tag == "li":  # an item outside a list
            return self.blocks(el, depth)
        return self.blocks(el, depth)

    def table_block(self, el: Any, depth: int) -> list[dict[str, Any]]:
        """Return a data table as a table block; a layout table gives the blocks it holds."""
        if el.find(".//table") is not None or any(
            _holds_blocks(cell) for cell in el.iter("td", "th")
        ):
            return self.blocks(el, depth)  # a table used for layout, not data
        header: list[list[dict[str, Any]]] = []
        rows: list[list[dict[str, Any]]] = []
        align: list[str | None] = []
        row_heads = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if not cells:
                continue
            in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
            all_th = all(c.tag == "th" for c in cells)
            row: list[dict[str, Any]] = []
            for cell in cells:
                span = (cell.get("colspan") or "1").strip()
                width = min(int(span), MAX_COLSPAN) if span.isdigit() and int(span) > 0 else 1
                row.append({"inlines": _finish(self.inlines(cell))})
                row.extend({"inlines": []} for _ in range(width - 1))
                column = len(row) - width
                while len(align) < len(row):
                    align.append(None)
                value = (cell.get("align") or "").strip().lower()
                if value in ("left", "center", "right") and align[column] is None:
                    align[column] = value
            if (in_head or (all_th and not rows)) and not rows:
                header.append(row)
            else:
                rows.append(row)
                row_heads.append(cells[0].tag == "th" and not all_th)
        if not header and not rows:
            return []
        columns = len(align)
        for row in header + rows:
            row.extend({"inlines": []} for _ in range(columns - len(row)))
        caption_el = el.find("caption")
        caption = _finish(self.inlines(caption_el)) if caption_el is not None else []
        return [
            {
                "type": "table",
                "caption": caption,
                "align": align,
                "header": [{"cells": row} for row in header],
                "rows": [{"cells": row} for row in rows],
                "row_headers": bool(row_heads) and all(row_heads),
            }
        ]

    def list_block(self, el: Any, tag: str, depth: int) -> list[dict[str, Any]]:
        items = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "li":
                blocks = self.blocks(child, depth + 1)
            else:
                blocks = self.block(child, child.tag, depth + 1)
            if blocks:
                items.append({"blocks": blocks})
        if not items:
            return []
        if depth >= MAX_DEPTH:
            return [b for item in items for b in item["blocks"]]
        start = 1
        if tag == "ol" and (el.get("start") or "").strip().lstrip("-").isdigit():
            start = int(el.get("start"))
        return [{"type": "list", "ordered": tag == "ol", "start": start, "items": items}]

    def figure_block(self, el: Any) -> list[dict[str, Any]]:
        caption_el = el.find(".//figcaption")
        caption = _finish(self.inlines(caption_el)) if caption_el is not None else []
        images = el.findall(".//img")
        figures = [f for img in images if (f := self.figure(img, tuple(caption)))]
        kept = [f for f in figures if f["type"] == "figure"]
        for extra in kept[1:]:
            extra["caption"] = []
        if not kept and caption:
            figures.append({"type": "paragraph", "inlines": caption})
        return figures

    def figure(self, img: Any, caption: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
        src = (img.get("src") or "").strip()
        alt = " ".join((img.get("alt") or "").split())
        local = self.resolve_image(src) if src else None
        if local is None:
            shown = src if len(src) <= 120 else src[:117] + "..."
            self.warn(
                remote_warning(src, alt)
                if is_remote(src)
                else f'image "{shown or "(no source)"}" left out: only images saved beside '
                "the article can be used" + ("; its text alternative is shown" if alt else "")
            )
            return alt_paragraph(alt)
        return {"type": "figure", "src": local, "alt": alt, "caption": list(caption)}

    # --- inlines -------------------------------------------------------------------------

    def inlines(self, el: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if el.text:
            out.append({"type": "text", "text": el.text})
        for child in el:
            out.extend(self.inline(child))
            if child.tail:
                out.append({"type": "text", "text": child.tail})
        return out

    def inline(self, el: Any) -> list[dict[str, Any]]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            return [{"type": "linebreak"}]
        if tag == "img":
            alt = " ".join((el.get("alt") or "").split())
            return [{"type": "text", "text": alt}] if alt else []
        if tag in ("code", "kbd", "samp"):
            return [{"type": "code", "text": " ".join(el.text_content().split())}]
        if tag in BLOCK_TAGS:  # a block inside a paragraph: keep its words
            if tag == "table":
                if _plain_text(el).strip():
                    self.tables_left_out += 1
                return []
            return [{"type": "text", "text": " "}, *self.inlines(el), {"type": "text", "text": " "}]
        children = self.inlines(el)
        if tag in ("em", "i", "cite", "dfn", "var"):
            return [{"type": "emphasis", "children": children}]
        if tag in ("strong", "b"):
            return [{"type": "strong", "children": children}]
        if tag == "q":
            return [{"type": "quotation", "children": children}]
        if tag == "a":
            href = (el.get("href") or "").strip()
            if self.note_for is not None:
                number = self.note_for(href)
                if number is not None:
                    return [{"type": "noteref", "number": number}]
            if link_problem(href) is None:
                return [{"type": "link", "href": href, "children": children}]
        if tag == "sup" and self.note_for is not None:
            links = el.findall("a")
            if len(links) == 1 and not _plain_text(el).strip().strip("[]").strip().isalpha():
                number = self.note_for((links[0].get("href") or "").strip())
                if number is not None:
                    return [{"type": "noteref", "number": number}]
        return children


def _holds_blocks(cell: Any) -> bool:
    """True when a table cell holds more than one paragraph's worth of blocks (layout)."""
    paragraphs = len(cell.findall(".//p"))
    return paragraphs > 1 or any(
        cell.find(f".//{tag}") is not None for tag in LAYOUT_CELL_TAGS if tag != "p"
    )


def _inline_pre(pre: Any) -> bool:
    """True for a one-line <pre> with running text after it (inline code, not a listing)."""
    text = str(pre.text_content())
    tail = pre.tail or ""
    return (
        "\n" not in text.strip()
        and len(text) <= 80
        and bool(tail.strip())
        and tail.lstrip()[:1] not in ("", "\n")
    )


def _plain_text(el: Any) -> str:
    return str(el.text_content())


def _plain(nodes: list[dict[str, Any]]) -> str:
    parts = []
    for node in nodes:
        if "text" in node:
            parts.append(node["text"])
        elif "children" in node:
            parts.append(_plain(node["children"]))
    return "".join(parts)


def _finish(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
