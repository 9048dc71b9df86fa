"""Show an enriched article's fact box and source notes as a table or as JSON data."""

from __future__ import annotations

from typing import Any

from publish.model import Article
from publish.model.sentences import reads_language

_KINDS = {
    "paragraph": "paragraph",
    "list": "list",
    "blockquote": "quote",
    "heading": "heading",
    "figure": "figure",
    "codeblock": "code block",
}

PLACES = (
    "Places count what a reader sees: paragraphs of running text, lists and quotes\n"
    "are each numbered on their own; headings are not counted."
)


def place(article: Article, block: int | None) -> str | None:
    """Return where body block number BLOCK (from 0) is as a reader counts: "paragraph 3"."""
    if block is None or not 0 <= block < len(article.body):
        return None
    kind = article.body[block].type
    number = sum(1 for other in article.body[: block + 1] if other.type == kind)
    return f"{_KINDS.get(kind, kind)} {number}"


def facts_data(article: Article) -> dict[str, Any]:
    """Return the fact box, the source notes and the provenance as JSON-ready data.

    Each fact and note says its `place` as a reader counts it (see PLACES) beside `block`,
    the index of the body block in the model.
    """
    return {
        "facts": [
            fact.model_dump(mode="json") | {"place": place(article, fact.block)}
            for fact in article.facts
        ],
        "source_notes": [
            note.model_dump(mode="json") | {"place": place(article, note.block)}
            for note in article.source_notes
        ],
        "provenance": {
            "publisher": article.publisher,
            "date": article.date.isoformat(),
            "authors": list(article.authors),
            "source_url": article.source_url,
        },
    }


def facts_table(article: Article) -> str:
    """Return the fact box and the source notes as a plain-text table for a terminal."""
    lines: list[str] = []
    if article.facts:
        width = max(len(f.value) for f in article.facts)
        lines.append("Key figures")
        for fact in article.facts:
            where = f"  ({at})" if (at := place(article, fact.block)) else ""
            lines.append(f"  {fact.value.ljust(width)}  {fact.label}{where}")
    else:
        lines.append("Key figures: none found" + _unread(article))
    lines.append("")
    if article.source_notes:
        width = max(len(n.source) for n in article.source_notes)
        lines.append("Source notes")
        for note in article.source_notes:
            where = f"  ({at})" if (at := place(article, note.block)) else ""
            cue = note.cue or "-"
            lines.append(f"  {note.number:>2}  {note.source.ljust(width)}  {cue}{where}")
    else:
        lines.append("Source notes: none found" + _unread(article))
    lines.append("")
    origin = f"published by {article.publisher} on " if article.publisher else "published on "
    origin += article.date.isoformat()
    if article.source_url:
        origin += f", {article.source_url}"
    lines.append(f"Provenance: {origin}")
    blocks = [fact.block for fact in article.facts] + [n.block for n in article.source_notes]
    if any(block is not None for block in blocks):
        lines += ["", PLACES]
    return "\n".join(lines)


def _unread(article: Article) -> str:
    """Say why nothing was looked for when the rules cannot read the article's language."""
    if reads_language(article):
        return ""
    return f" (the rules read English; this article is in {article.language!r})"
