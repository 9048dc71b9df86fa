"""Read a Markdown article with YAML front matter.

Raw HTML is never rendered: markdown-it-py runs with `html` off, so tags arrive as text.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from publish.errors import InputError
from publish.model import Article
from publish.model.anchors import missing_anchor, unlink_missing_anchors
from publish.readers.dates import parse_date, source_date_epoch
from publish.readers.editorial import EDITORIAL_KEYS, check_editorial, read_editorial
from publish.readers.frontmatter import split_front_matter
from publish.readers.md_blocks import MarkdownConverter
from publish.readers.md_footnotes import split_footnotes, warn_unused
from publish.readers.md_parser import PARSER, cap_inline_nesting
from publish.readers.notes import author_notes, count_markers
from publish.readers.source import Source
from publish.readers.typography import quotes_for, smart_parser, smarten_plain
from publish.readers.validate import build_article

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
    converter = MarkdownConverter(
        source.name, front.body_line, front.body.split("\n"), source.remote_hosts, source.folder
    )
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
        fields["date"] = _epoch_date(source.name)
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
    converter: MarkdownConverter,
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


def markdown_blocks(text: str, name: str, first_line: int = 1) -> list[dict[str, Any]]:
    """Return the Markdown TEXT's blocks as model fields (headings from level 2), unvalidated.

    FIRST_LINE is the line of NAME that TEXT's first line is (for messages).
    """
    return _shift_headings(MarkdownConverter(name, first_line).blocks(_PARSER.parse(text)))


def _epoch_date(name: str) -> dt.date:
    """Return SOURCE_DATE_EPOCH's date for an article whose front matter gives none (with a
    warning, as the web-page reader does), or fail: the date comes from the article or from
    SOURCE_DATE_EPOCH, never the clock."""
    epoch = source_date_epoch()
    if epoch is None:
        raise InputError(
            "no date: give `date: YYYY-MM-DD` in the front matter, or set SOURCE_DATE_EPOCH",
            file=name,
            line=1,
        )
    log.warning(
        "%s: warning: the front matter gives no date; %s (SOURCE_DATE_EPOCH) is used",
        name,
        epoch.isoformat(),
    )
    return epoch
