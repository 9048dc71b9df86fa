"""Write an article as an IPTC ninjs 2.0 news item, so a publication goes back into a newsroom.

Field mapping (the reverse of `publish.readers.ninjs` for 2.x):

- uri <- source_url, else the book's derived `urn:uuid:` identifier
- standard <- {"name": "ninjs", "version": "2.0", "schema": the 2.0 schema's address}
- type "text", representationtype "complete"
- versioncreated <- date (midnight UTC: the article holds a day, not a time)
- language, keywords <- the same; copyrightholder <- publisher
- headlines <- [{role: main, value: headline}]
- descriptions <- [{role: summary, contenttype: text/plain, value: standfirst}]
- by <- authors, joined by " and " (the reader splits them there again)
- bodies <- [{role: main, contenttype: text/html, value: the body as HTML}]

The body HTML holds the article's own blocks: headings, paragraphs, lists, quotes, figures
(`<img>` with its alt and a `<figcaption>`), code and tables (`<th scope>`, `align`). The
author's notes (footnotes) have no ninjs field: their markers are `<sup>` numbers and the
notes an ordered list at the end of the body. What the enrichers derive (the fact box, the
found source notes) is not part of the story and is not written.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from typing import Any

from publish.model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quotation,
    Strong,
    Table,
    TableRow,
    Text,
)

NINJS_VERSION = "2.0"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"


def article_ninjs(article: Article, uri: str) -> dict[str, Any]:
    """Return ARTICLE as a ninjs 2.0 item (a JSON-ready dict) whose `uri` is URI."""
    day = dt.datetime(article.date.year, article.date.month, article.date.day, tzinfo=dt.UTC)
    item: dict[str, Any] = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "complete",
        "versioncreated": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
    }
    if article.standfirst:
        item["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": article.standfirst}
        ]
    if article.authors:
        item["by"] = " and ".join(article.authors)
    if article.publisher:
        item["copyrightholder"] = article.publisher
    if article.keywords:
        item["keywords"] = list(article.keywords)
    item["bodies"] = [{"role": "main", "contenttype": "text/html", "value": body_html(article)}]
    return item


def ninjs_bytes(article: Article, uri: str) -> bytes:
    """Return ARTICLE as ninjs JSON bytes (UTF-8, indented, ending in a line end)."""
    text = json.dumps(article_ninjs(article, uri), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def body_html(article: Article) -> str:
    """Return the article's body as HTML, with the author's notes listed at its end."""
    parts = [_block(block) for block in article.body]
    notes = [n for n in article.source_notes if n.kind == "footnote"]
    if notes:
        parts.append(
            '<ol class="notes">'
            + "".join(f"<li>{escape(n.source)}</li>" for n in sorted(notes, key=lambda n: n.number))
            + "</ol>"
        )
    return "\n".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inlines(block.inlines)}</p>"
    if isinstance(block, Heading):
        return f"<h{block.level}>{_inlines(block.inlines)}</h{block.level}>"
    if isinstance(block, BlockQuote):
        return "<blockquote>" + "".join(_block(b) for b in block.blocks) + "</blockquote>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join(
            "<li>" + "".join(_block(b) for b in item.blocks) + "</li>" for item in block.items
        )
        return f"<{tag}{start}>{items}</{tag}>"
    if isinstance(block, Figure):
        caption = f"<figcaption>{_inlines(block.caption)}</figcaption>" if block.caption else ""
        return (
            f'<figure><img src="{escape(block.src)}" alt="{escape(block.alt)}">{caption}</figure>'
        )
    if isinstance(block, CodeBlock):
        return f"<pre>{escape(block.text)}</pre>"
    return _table(block)


def _table(table: Table) -> str:
    caption = f"<caption>{_inlines(table.caption)}</caption>" if table.caption else ""
    head = "".join(_row(r, table, header=True) for r in table.header)
    body = "".join(_row(r, table, header=False) for r in table.rows)
    return (
        f"<table>{caption}"
        + (f"<thead>{head}</thead>" if head else "")
        + (f"<tbody>{body}</tbody>" if body else "")
        + "</table>"
    )


def _row(row: TableRow, table: Table, header: bool) -> str:
    cells = []
    for index, cell in enumerate(row.cells):
        align = table.align[index]
        attrs = f' align="{align}"' if align else ""
        if header:
            cells.append(f'<th scope="col"{attrs}>{_inlines(cell.inlines)}</th>')
        elif index == 0 and table.row_headers:
            cells.append(f'<th scope="row"{attrs}>{_inlines(cell.inlines)}</th>')
        else:
            cells.append(f"<td{attrs}>{_inlines(cell.inlines)}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _inlines(nodes: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape(node.text, quote=False))
        elif isinstance(node, Code):
            out.append(f"<code>{escape(node.text, quote=False)}</code>")
        elif isinstance(node, Emphasis):
            out.append(f"<em>{_inlines(node.children)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_inlines(node.children)}</strong>")
        elif isinstance(node, Link):
            out.append(f'<a href="{escape(node.href)}">{_inlines(node.children)}</a>')
        elif isinstance(node, Quotation):
            out.append(f"<q>{_inlines(node.children)}</q>")
        elif isinstance(node, LineBreak):
            out.append("<br>")
        elif isinstance(node, NoteRef):
            out.append(f"<sup>{node.number}</sup>")
    return "".join(out)
