"""Turn HTML (a saved page's article, a ninjs body, a Word file) into the model's blocks.

The HTML is sanitised with nh3 first (only the tags below survive, scripts and styles lose
their content, only `dir` and `lang` besides each tag's own attributes), then walked with
lxml. Whatever the model cannot hold is left out and said in a warning through WARN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

import lxml.html

from publish.model import link_problem
from publish.readers.html_sanitise import BLOCK_TAGS, INLINE_TAGS, sanitise
from publish.readers.html_spaces import finish_inlines
from publish.readers.remote import (
    allowed_url,
    alt_paragraph,
    is_file_name,
    is_remote,
    remote_warning,
)

LAYOUT_CELL_TAGS = ("p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "figure", "img")
"""A cell holding any of these (or two paragraphs) makes its table a layout table."""
MAX_COLSPAN = 1000
MAX_DEPTH = 24
"""Deepest nesting of block quotes and lists kept; deeper content is flattened."""

Warn = Callable[[str], None]
ImageResolver = Callable[[str], str | None]
"""Return the local path an image SRC may be printed from, or None to leave it out."""


class HtmlConverter:
    """Walk sanitised HTML and return block dictionaries the model validates."""

    def __init__(
        self,
        warn: Warn,
        resolve_image: ImageResolver | None = None,
        note_for: Callable[[str], int | None] | None = None,
        heading_shift: int = 0,
        remote_hosts: Collection[str] = (),
    ) -> None:
        self.warn = warn
        self.remote_hosts = remote_hosts
        """Hosts whose images are kept by their https address (publish.readers.remote)."""
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
                paragraph = finish_inlines(loose[:])
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
            inlines = finish_inlines(self.inlines(el))
            if not inlines:
                return []
            level = min(6, max(2, int(tag[1]) + self.heading_shift))
            return [{"type": "heading", "level": level, "inlines": inlines}]
        if tag in ("p", "dt", "dd", "summary", "address", "figcaption", "caption"):
            images = el.findall(".//img")
            if images and not _plain_text(el).strip():
                return [f for img in images if (f := self.figure(img, ()))]
            inlines = finish_inlines(self.inlines(el))
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
                row.append({"inlines": finish_inlines(self.inlines(cell))})
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
        caption = finish_inlines(self.inlines(caption_el)) if caption_el is not None else []
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
        caption = finish_inlines(self.inlines(caption_el)) if caption_el is not None else []
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
        if is_remote(src):
            local = allowed_url(src, self.remote_hosts)
        else:
            local = self.resolve_image(src) if src else None
        if local is None:
            shown = src if len(src) <= 120 else src[:117] + "..."
            self.warn(
                remote_warning(src, alt, self.remote_hosts)
                if is_remote(src)
                else f'image "{shown or "(no source)"}" left out: only images saved beside '
                "the article can be used"
                + ("; its text alternative is shown" if alt and not is_file_name(alt) else "")
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
            return [{"type": "text", "text": alt}] if alt and not is_file_name(alt) else []
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
        if tag in ("a", "sup"):
            return self.link(el, tag, children)
        return children

    def link(self, el: Any, tag: str, children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Return a link (or a note marker, in a Word file) for <a>, a marker for <sup>."""
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
