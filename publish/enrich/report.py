"""Show an enriched article's fact box and source notes as a table or as JSON data."""

from __future__ import annotations

from typing import Any

from publish.enrich.sentences import reads_language
from publish.model import Article


def facts_data(article: Article) -> dict[str, Any]:
    """Return the fact box, the source notes and the provenance as JSON-ready data."""
    return {
        "facts": [fact.model_dump(mode="json") for fact in article.facts],
        "source_notes": [note.model_dump(mode="json") for note in article.source_notes],
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
            where = f"  (paragraph {fact.block + 1})" if fact.block is not None else ""
            lines.append(f"  {fact.value.ljust(width)}  {fact.label}{where}")
    else:
        lines.append("Key figures: none found" + _unread(article))
    lines.append("")
    if article.source_notes:
        width = max(len(n.source) for n in article.source_notes)
        lines.append("Source notes")
        for note in article.source_notes:
            where = f"  (paragraph {note.block + 1})" if note.block is not None else ""
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
    return "\n".join(lines)


def _unread(article: Article) -> str:
    """Say why nothing was looked for when the rules cannot read the article's language."""
    if reads_language(article):
        return ""
    return f" (the rules read English; this article is in {article.language!r})"
