"""Turn markdown-it's token stream into the model's block and inline dictionaries."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it.token import Token

from publish.errors import InputError
from publish.model import link_problem
from publish.readers.md_footnotes import warn_undefined
from publish.readers.md_tables import cell_alignment, pipe_cells
from publish.readers.remote import allowed_url, alt_paragraph, is_remote, remote_warning
from publish.readers.validate import MAX_BLOCK_DEPTH

log = logging.getLogger("publish")

_OPENS_LEVEL = ("blockquote_open", "bullet_list_open", "ordered_list_open")
_CLOSES_LEVEL = ("blockquote_close", "list_item_close", "bullet_list_close", "ordered_list_close")


@dataclass
class _Walk:
    """Where the walk over one token stream is: the open containers and the table being read."""

    stack: list[list[dict[str, Any]]] = field(default_factory=lambda: [[]])
    opened: list[dict[str, Any]] = field(default_factory=list)
    pending_heading: dict[str, Any] | None = None
    table: dict[str, Any] | None = None
    section: str = "rows"


class MarkdownConverter:
    """Turn markdown-it tokens into the model's block and inline dictionaries.

    REMOTE_HOSTS are the hosts whose images are kept by their https address; FOLDER is where
    the article's images are (None: not known here, the pipeline finds them later).
    """

    def __init__(
        self,
        name: str,
        first_line: int,
        lines: list[str] | None = None,
        remote_hosts: Collection[str] = (),
        folder: Path | None = None,
    ) -> None:
        self.name = name
        self.folder = folder
        self.first_line = first_line
        self.lines = lines or []
        self.remote_hosts = remote_hosts
        self.first_heading_line: int | None = None
        self.anchor_lines: dict[str, int] = {}
        """The first line each internal link (`#id`) is on."""

    def line_of(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.first_line

    def blocks(self, tokens: list[Token]) -> list[dict[str, Any]]:
        walk = _Walk()
        for token in tokens:
            if token.type in _OPENS_LEVEL and _depth(walk.opened) >= MAX_BLOCK_DEPTH:
                raise InputError(
                    f"block quotes and lists nest more than {MAX_BLOCK_DEPTH} levels deep",
                    file=self.name,
                    line=self.line_of(token),
                )
            handler = _HANDLERS.get(token.type)
            if handler is not None:
                handler(self, walk, token)
        return walk.stack[0]

    # --- one handler per token kind (see _HANDLERS) --------------------------------------

    def _heading_open(self, walk: _Walk, token: Token) -> None:
        walk.pending_heading = {"type": "heading", "level": int(token.tag[1]), "inlines": []}
        if self.first_heading_line is None:
            self.first_heading_line = self.line_of(token)

    def _table_open(self, walk: _Walk, token: Token) -> None:
        walk.table = {"type": "table", "header": [], "rows": [], "align": []}
        walk.section = "rows"
        walk.stack[-1].append(walk.table)

    def _table_section(self, walk: _Walk, token: Token) -> None:
        walk.section = "header" if token.type == "thead_open" else "rows"

    def _row_open(self, walk: _Walk, token: Token) -> None:
        if walk.table is None:
            return
        walk.table[walk.section].append({"cells": []})
        if walk.section == "rows":
            self.check_row(token, len(walk.table["align"]))

    def _cell_open(self, walk: _Walk, token: Token) -> None:
        if walk.table is None:
            return
        row = walk.table[walk.section][-1]
        if walk.section == "header":
            walk.table["align"].append(cell_alignment(token))
        row["cells"].append({"inlines": []})

    def _table_close(self, walk: _Walk, token: Token) -> None:
        walk.table = None

    def _inline(self, walk: _Walk, token: Token) -> None:
        if walk.table is not None:
            row = walk.table[walk.section][-1]
            row["cells"][-1]["inlines"] = self.inlines(token.children or [], token)
        elif walk.pending_heading is not None:
            walk.pending_heading["inlines"] = self.inlines(token.children or [], token)
            walk.stack[-1].append(walk.pending_heading)
            walk.pending_heading = None
        elif (paragraph := self.paragraph(token)) is not None:
            walk.stack[-1].append(paragraph)

    def _blockquote_open(self, walk: _Walk, token: Token) -> None:
        block: dict[str, Any] = {"type": "blockquote", "blocks": []}
        walk.stack[-1].append(block)
        walk.opened.append(block)
        walk.stack.append(block["blocks"])

    def _list_open(self, walk: _Walk, token: Token) -> None:
        block = {
            "type": "list",
            "ordered": token.type == "ordered_list_open",
            "start": int(token.attrGet("start") or 1),
            "items": [],
        }
        walk.stack[-1].append(block)
        walk.opened.append(block)
        walk.stack.append([])  # placeholder: items arrive through list_item_open

    def _item_open(self, walk: _Walk, token: Token) -> None:
        item: dict[str, Any] = {"blocks": []}
        walk.opened[-1]["items"].append(item)
        walk.opened.append(item)
        walk.stack.append(item["blocks"])

    def _level_close(self, walk: _Walk, token: Token) -> None:
        walk.stack.pop()
        walk.opened.pop()

    def _code(self, walk: _Walk, token: Token) -> None:
        walk.stack[-1].append({"type": "codeblock", "text": token.content.rstrip("\n")})

    def _html_block(self, walk: _Walk, token: Token) -> None:
        if shown := _without_comments(token.content).strip():
            walk.stack[-1].append(
                {"type": "paragraph", "inlines": [{"type": "text", "text": shown}]}
            )

    # --- blocks ----------------------------------------------------------------------------

    def check_row(self, token: Token, columns: int) -> None:
        """Warn when a table row's line has more cells than the header (GFM drops them)."""
        if not token.map or token.map[0] >= len(self.lines):
            return
        cells = pipe_cells(self.lines[token.map[0]])
        if cells > columns:
            extra = cells - columns
            log.warning(
                "%s:%d: warning: table row has %d cells, the header %d; the last %s left out",
                self.name,
                self.line_of(token),
                cells,
                columns,
                "one is" if extra == 1 else f"{extra} are",
            )

    def paragraph(self, token: Token) -> dict[str, Any] | None:
        children = token.children or []
        if len(children) == 1 and children[0].type == "image":
            return self.image(children[0], token)
        return {"type": "paragraph", "inlines": self.inlines(children, token)}

    def image(self, image: Token, token: Token) -> dict[str, Any] | None:
        """Return the figure an image alone in its paragraph makes (or its text alternative)."""
        src = str(image.attrGet("src") or "")
        caption = str(image.attrGet("title") or "")
        if is_remote(src):
            url = allowed_url(src, self.remote_hosts)
            if url is None:
                log.warning(
                    "%s:%d: warning: %s",
                    self.name,
                    self.line_of(token),
                    remote_warning(src, image.content, self.remote_hosts),
                )
                return alt_paragraph(image.content)
            src = url
        else:
            # markdown-it percent-encodes a destination (café.png -> caf%C3%A9.png); the
            # image is a file name, so it is decoded back before it is checked and found.
            src = unquote(src)
            missing = self.check_image(src, token)
            if missing:
                shown = alt_paragraph(image.content)
                log.warning(
                    '%s:%d: warning: image "%s" left out: %s%s',
                    self.name,
                    self.line_of(token),
                    src if len(src) <= 120 else src[:117] + "...",
                    missing,
                    "; its text alternative is shown" if shown else "",
                )
                return shown
        return {
            "type": "figure",
            "src": src,
            "alt": image.content,
            "caption": [{"type": "text", "text": caption}] if caption else [],
        }

    def check_image(self, src: str, token: Token) -> str | None:
        """Refuse image sources that leave the article's folder (the writers re-check); return
        why an image that is just not there (a site-root path like `/images/map.png`, a file
        not beside the article) is left out, as the web page reader leaves it out."""
        from publish.resources import ABSOLUTE, NO_SUCH_FILE, check_local_reference, resolve_local

        problem = check_local_reference(src)
        if problem is None and self.folder is not None:
            try:
                resolve_local(self.folder, src)
            except ValueError as exc:
                problem = str(exc)
        if problem in (ABSOLUTE, NO_SUCH_FILE):
            return problem
        if problem:
            raise InputError(f'image "{src}": {problem}', file=self.name, line=self.line_of(token))
        return None

    def inlines(self, tokens: list[Token], parent: Token) -> list[dict[str, Any]]:
        root: list[dict[str, Any]] = []
        stack = [root]
        node: dict[str, Any]
        for token in tokens:
            kind = token.type
            if kind == "text":
                stack[-1].append({"type": "text", "text": token.content})
                warn_undefined(token.content, self.name, self.line_of(parent))
            elif kind == "footnote_ref":
                stack[-1].append({"type": "noteref", "number": int(token.meta["id"]) + 1})
            elif kind == "softbreak":
                stack[-1].append({"type": "text", "text": " "})
            elif kind == "hardbreak":
                stack[-1].append({"type": "linebreak"})
            elif kind == "code_inline":
                stack[-1].append({"type": "code", "text": token.content})
            elif kind in ("em_open", "strong_open"):
                node = {"type": "emphasis" if kind == "em_open" else "strong", "children": []}
                stack[-1].append(node)
                stack.append(node["children"])
            elif kind == "link_open":
                href = str(token.attrGet("href") or "")
                if link_problem(href) is None:
                    node = {"type": "link", "href": href, "children": []}
                    if href.startswith("#"):
                        self.anchor_lines.setdefault(href, self.line_of(parent))
                else:  # keep the words, drop a link to a file or script
                    node = {"type": "link_text", "children": []}
                stack[-1].append(node)
                stack.append(node["children"])
            elif kind in ("em_close", "strong_close", "link_close"):
                stack.pop()
            elif kind == "image":
                stack[-1].append({"type": "text", "text": token.content})
            elif kind == "html_inline" and not _COMMENT.fullmatch(token.content):
                stack[-1].append({"type": "text", "text": token.content})
        return _unwrap(root)

    @staticmethod
    def plain(inlines: list[dict[str, Any]]) -> str:
        parts = []
        for node in inlines:
            if "text" in node:
                parts.append(node["text"])
            elif "children" in node:
                parts.append(MarkdownConverter.plain(node["children"]))
        return "".join(parts)


_Handler = Callable[[MarkdownConverter, _Walk, Token], None]
_HANDLERS: dict[str, _Handler] = {
    "heading_open": MarkdownConverter._heading_open,
    "table_open": MarkdownConverter._table_open,
    "thead_open": MarkdownConverter._table_section,
    "tbody_open": MarkdownConverter._table_section,
    "tr_open": MarkdownConverter._row_open,
    "th_open": MarkdownConverter._cell_open,
    "td_open": MarkdownConverter._cell_open,
    "table_close": MarkdownConverter._table_close,
    "inline": MarkdownConverter._inline,
    "blockquote_open": MarkdownConverter._blockquote_open,
    "bullet_list_open": MarkdownConverter._list_open,
    "ordered_list_open": MarkdownConverter._list_open,
    "list_item_open": MarkdownConverter._item_open,
    **dict.fromkeys(_CLOSES_LEVEL, MarkdownConverter._level_close),
    "fence": MarkdownConverter._code,
    "code_block": MarkdownConverter._code,
    "html_block": MarkdownConverter._html_block,
}
"""What each token kind does; a kind not named here (paragraph_open, hr, ...) adds nothing."""


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _without_comments(html: str) -> str:
    """Return the raw HTML block HTML without its comments."""
    return _COMMENT.sub("", html)


def _depth(opened: list[dict[str, Any]]) -> int:
    """Return how many block quotes and lists are open (list items do not count)."""
    return sum(1 for block in opened if block.get("type") in ("blockquote", "list"))


def _unwrap(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace the placeholder kept for unsafe links by its children."""
    out: list[dict[str, Any]] = []
    for node in nodes:
        if node.get("type") == "link_text":
            out.extend(_unwrap(node["children"]))
        elif "children" in node:
            out.append({**node, "children": _unwrap(node["children"])})
        else:
            out.append(node)
    return out
