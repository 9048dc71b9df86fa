"""Read a Markdown article with YAML front matter.

Raw HTML is never rendered: markdown-it-py runs with `html` off, so tags arrive as text.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from publish.errors import InputError
from publish.model import Article, link_problem
from publish.model.anchors import missing_anchor, unlink_missing_anchors
from publish.readers.dates import parse_date
from publish.readers.editorial import EDITORIAL_KEYS, check_editorial, read_editorial
from publish.readers.frontmatter import split_front_matter
from publish.readers.md_footnotes import split_footnotes, warn_undefined, warn_unused
from publish.readers.md_parser import PARSER, cap_inline_nesting
from publish.readers.md_tables import cell_alignment, pipe_cells
from publish.readers.notes import author_notes, count_markers
from publish.readers.remote import alt_paragraph, is_remote, remote_warning
from publish.readers.source import Source
from publish.readers.typography import quotes_for, smart_parser, smarten_plain
from publish.readers.validate import MAX_BLOCK_DEPTH, build_article

log = logging.getLogger("publish")

FRONT_MATTER_KEYS = {
    "title": "headline",
    "headline": "headline",
    "subtitle": "standfirst",
    "standfirst": "standfirst",
    "date": "date",
    "authors": "authors",
    "author": "authors",
    "lang": "language",
    "language": "language",
    "publisher": "publisher",
    "source_url": "source_url",
    "slug": "slug",
    "keywords": "keywords",
    "cover": "cover",
    "print": "print",
}
"""Front-matter key -> Article field. Other keys are reported and ignored."""

EXTRA_KEYS: set[str] = {"smart"}
"""Keys the reader itself consumes (typographic punctuation), accepted without a warning."""

_PARSER = PARSER


def read_markdown(source: Source) -> Article:
    """Return the article in SOURCE, a Markdown file with optional YAML front matter."""
    front = split_front_matter(source.text, source.name)
    fields: dict[str, Any] = {}
    lines: dict[str, int] = {}
    aliases: dict[str, str] = {}
    for key, value in front.values.items():
        if key in EDITORIAL_KEYS:
            continue
        field = FRONT_MATTER_KEYS.get(key)
        if field is None:
            if key not in EXTRA_KEYS:
                log.warning(
                    '%s:%s: warning: unknown front matter key "%s" is ignored',
                    source.name,
                    front.lines.get(key, 1),
                    key,
                )
            continue
        if field in fields:
            raise InputError(
                f'"{key}" repeats "{aliases[field]}"', file=source.name, line=front.lines.get(key)
            )
        stated = front.values.get("lang", front.values.get("language"))
        fields[field] = _front_value(key, field, value, source.name, front.lines.get(key), stated)
        lines[field] = front.lines.get(key, 1)
        aliases[field] = key

    parser = _parser(
        front.values.get("smart", True),
        fields.get("language", "en"),
        source.name,
        front.lines.get("smart"),
    )
    if parser is not _PARSER:
        for field in ("headline", "standfirst"):
            if isinstance(fields.get(field), str):
                fields[field] = smarten_plain(parser, fields[field])
    env: dict[str, Any] = {}
    tokens, note_texts = split_footnotes(parser.parse(front.body, env))
    warn_unused(env, front.body, source.name, front.body_line)
    converter = _Converter(source.name, front.body_line, front.body.split("\n"))
    blocks = converter.blocks(tokens)
    if "headline" not in fields:
        blocks = _take_title(blocks, fields, lines, converter)
    if "headline" not in fields:
        raise InputError(
            "no headline: give `title:` in the front matter or start with `# Title`",
            file=source.name,
            line=1,
        )
    if "date" not in fields:
        raise InputError(
            "no date: give `date: YYYY-MM-DD` in the front matter", file=source.name, line=1
        )
    fields["body"] = _shift_headings(blocks)
    if note_texts:
        counts: dict[int, int] = {}
        fields["body"] = count_markers(fields["body"], counts)
        fields["source_notes"] = author_notes(note_texts, counts)
    if any(key in front.values for key in EDITORIAL_KEYS):
        fields["editorial"] = read_editorial(front.values, front.lines, source.name)
    article = build_article(fields, name=source.name, lines=lines, aliases=aliases)
    check_editorial(article, source.name, front.lines)
    return unlink_missing_anchors(
        article,
        lambda href: log.warning(
            "%s:%d: warning: %s",
            source.name,
            converter.anchor_lines.get(href, 1),
            missing_anchor(href),
        ),
    )


def _parser(smart: object, language: object, name: str, line: int | None) -> MarkdownIt:
    """The parser for a body: typographic punctuation in LANGUAGE's marks unless `smart: false`."""
    if not isinstance(smart, bool):
        raise InputError(f"smart: expected true or false, got {_kind(smart)}", file=name, line=line)
    if not smart:
        return _PARSER
    return cap_inline_nesting(
        smart_parser(
            _PARSER, quotes_for(language if isinstance(language, str) else "en"), (footnote_plugin,)
        )
    )


def _front_value(
    key: str, field: str, value: Any, name: str, line: int | None, language: object = None
) -> Any:
    def fail(message: str) -> InputError:
        return InputError(f"{key}: {message}", file=name, line=line)

    if field in ("headline", "standfirst", "publisher", "source_url", "slug", "cover", "language"):
        if not isinstance(value, str):
            kind = _kind(value)
            raise fail(f"must be text, not {kind} (put it in quotes)")
        return value
    if field == "date":
        if not isinstance(value, str | int):
            raise fail(f"must be a date like 2023-08-14, not {_kind(value)}")
        try:
            return parse_date(str(value), language if isinstance(language, str) else None)
        except ValueError as exc:
            raise fail(str(exc)) from None
    if field in ("authors", "keywords"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise fail("must be text or a list of text")
        return tuple(i.strip() for i in items if i.strip())
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "empty"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _take_title(
    blocks: list[dict[str, Any]],
    fields: dict[str, Any],
    lines: dict[str, int],
    converter: _Converter,
) -> list[dict[str, Any]]:
    """Use a leading level-1 heading as the headline when the front matter has none."""
    if blocks and blocks[0]["type"] == "heading" and blocks[0]["level"] == 1:
        fields["headline"] = converter.plain(blocks[0]["inlines"])
        lines["headline"] = converter.first_heading_line or 1
        return blocks[1:]
    return blocks


def _shift_headings(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Move body headings down one level when the body uses level 1 (the headline's level)."""

    def levels(items: list[dict[str, Any]]) -> set[int]:
        found: set[int] = set()
        for block in items:
            if block["type"] == "heading":
                found.add(block["level"])
            for child in block.get("blocks", ()):
                found |= levels([child])
            for item in block.get("items", ()):
                found |= levels(item["blocks"])
        return found

    shift = 1 if 1 in levels(blocks) else 0

    def apply(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for block in items:
            block = dict(block)
            if block["type"] == "heading":
                block["level"] = min(6, max(2, block["level"] + shift))
            if "blocks" in block:
                block["blocks"] = apply(block["blocks"])
            if "items" in block:
                block["items"] = [{"blocks": apply(i["blocks"])} for i in block["items"]]
            out.append(block)
        return out

    return apply(blocks)


class _Converter:
    """Turn markdown-it tokens into the model's block and inline dictionaries."""

    def __init__(self, name: str, first_line: int, lines: list[str] | None = None) -> None:
        self.name = name
        self.first_line = first_line
        self.lines = lines or []
        self.first_heading_line: int | None = None
        self.anchor_lines: dict[str, int] = {}
        """The first line each internal link (`#id`) is on."""

    def line_of(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.first_line

    def blocks(self, tokens: list[Token]) -> list[dict[str, Any]]:
        stack: list[list[dict[str, Any]]] = [[]]
        opened: list[dict[str, Any]] = []
        pending_heading: dict[str, Any] | None = None
        table: dict[str, Any] | None = None
        section = "rows"
        for token in tokens:
            kind = token.type
            if kind in _OPENS_LEVEL and _depth(opened) >= MAX_BLOCK_DEPTH:
                raise InputError(
                    f"block quotes and lists nest more than {MAX_BLOCK_DEPTH} levels deep",
                    file=self.name,
                    line=self.line_of(token),
                )
            if kind == "heading_open":
                level = int(token.tag[1])
                pending_heading = {"type": "heading", "level": level, "inlines": []}
                if self.first_heading_line is None:
                    self.first_heading_line = self.line_of(token)
            elif kind == "table_open":
                table = {"type": "table", "header": [], "rows": [], "align": []}
                section = "rows"
                stack[-1].append(table)
            elif kind in ("thead_open", "tbody_open"):
                section = "header" if kind == "thead_open" else "rows"
            elif kind == "tr_open" and table is not None:
                table[section].append({"cells": []})
                if section == "rows":
                    self.check_row(token, len(table["align"]))
            elif kind in ("th_open", "td_open") and table is not None:
                row = table[section][-1]
                if section == "header":
                    table["align"].append(cell_alignment(token))
                row["cells"].append({"inlines": []})
            elif kind == "table_close":
                table = None
            elif kind == "inline" and table is not None:
                row = table[section][-1]
                row["cells"][-1]["inlines"] = self.inlines(token.children or [], token)
            elif kind == "inline":
                if pending_heading is not None:
                    pending_heading["inlines"] = self.inlines(token.children or [], token)
                    stack[-1].append(pending_heading)
                    pending_heading = None
                elif (paragraph := self.paragraph(token)) is not None:
                    stack[-1].append(paragraph)
            elif kind in ("paragraph_open", "paragraph_close", "heading_close", "hr"):
                continue
            elif kind == "blockquote_open":
                block: dict[str, Any] = {"type": "blockquote", "blocks": []}
                stack[-1].append(block)
                opened.append(block)
                stack.append(block["blocks"])
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1)
                block = {
                    "type": "list",
                    "ordered": kind == "ordered_list_open",
                    "start": start,
                    "items": [],
                }
                stack[-1].append(block)
                opened.append(block)
                stack.append([])  # placeholder: items arrive through list_item_open
            elif kind == "list_item_open":
                item: dict[str, Any] = {"blocks": []}
                opened[-1]["items"].append(item)
                opened.append(item)
                stack.append(item["blocks"])
            elif kind in (
                "blockquote_close",
                "list_item_close",
                "bullet_list_close",
                "ordered_list_close",
            ):
                stack.pop()
                opened.pop()
            elif kind in ("fence", "code_block"):
                stack[-1].append({"type": "codeblock", "text": token.content.rstrip("\n")})
            elif kind == "html_block" and (shown := _without_comments(token.content).strip()):
                stack[-1].append(
                    {"type": "paragraph", "inlines": [{"type": "text", "text": shown}]}
                )
        return stack[0]

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
            image = children[0]
            src = str(image.attrGet("src") or "")
            if is_remote(src):
                log.warning(
                    "%s:%d: warning: %s",
                    self.name,
                    self.line_of(token),
                    remote_warning(src, image.content),
                )
                return alt_paragraph(image.content)
            # markdown-it percent-encodes a destination (café.png -> caf%C3%A9.png); the
            # image is a file name, so it is decoded back before it is checked and found.
            src = unquote(src)
            self.check_image(src, token)
            caption = str(image.attrGet("title") or "")
            return {
                "type": "figure",
                "src": src,
                "alt": image.content,
                "caption": [{"type": "text", "text": caption}] if caption else [],
            }
        return {"type": "paragraph", "inlines": self.inlines(children, token)}

    def check_image(self, src: str, token: Token) -> None:
        """Refuse image sources that leave the article's folder; the writers re-check."""
        from publish.resources import check_local_reference

        problem = check_local_reference(src)
        if problem:
            raise InputError(f'image "{src}": {problem}', file=self.name, line=self.line_of(token))

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
                parts.append(_Converter.plain(node["children"]))
        return "".join(parts)


_OPENS_LEVEL = ("blockquote_open", "bullet_list_open", "ordered_list_open")


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


def markdown_blocks(text: str, name: str, first_line: int = 1) -> list[dict[str, Any]]:
    """Return the Markdown TEXT's blocks as model fields (headings from level 2), unvalidated.

    FIRST_LINE is the line of NAME that TEXT's first line is (for messages).
    """
    return _shift_headings(_Converter(name, first_line).blocks(_PARSER.parse(text)))
