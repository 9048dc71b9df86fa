"""The typed article model that sits between every reader and every writer.

Every value is immutable and validated when it is built: readers hand raw fields to
`Article.model_validate`, and everything after that works on whole, checked values.
A stage that changes an article returns a new one made by `Article.revised` (validated as
the readers' are); the pipeline checks each enricher's result whole (`checked`). Nothing is
filled in later.

One module per idea: `inlines` (marks inside a block), `blocks` (the body), `notes` (facts,
source notes and the editor's pins), `printing` (the paper, bleed and marks an article asks
for), `article` (the article itself); `node` holds the base they share and the limits on
fields. Imported on their own: `anchors` (the ids blocks carry in both outputs) and
`sentences` (the sentence spans facts and notes point at, read by readers and enrichers).

Each name here is imported from its module on first use, so that importing one module of
the package (`publish.model.printing` for the command line's print options) does not build
every model: a no-op batch build never loads the article model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publish.model.article import (
        LAST_DATE,
        MAX_SLUG,
        Article,
        InvalidArticle,
        checked,
        derive_slug,
    )
    from publish.model.blocks import (
        Alignment,
        Block,
        BlockQuote,
        CodeBlock,
        Figure,
        Heading,
        ListBlock,
        ListItem,
        Paragraph,
        Table,
        TableCell,
        TableRow,
        block_paragraphs,
        note_numbers,
    )
    from publish.model.inlines import (
        LINK_SCHEMES,
        Code,
        Emphasis,
        Inline,
        LineBreak,
        Link,
        NoteRef,
        Quotation,
        Strong,
        Text,
        link_problem,
        plain_text,
    )
    from publish.model.node import MAX_COUNT, MAX_HEADLINE, MAX_LINE, MAX_PINS, Node
    from publish.model.notes import Editorial, Fact, PinnedFact, PinnedNote, SourceNote
    from publish.model.printing import PAPERS, Length, Paper, PrintPreferences

_HOMES = {
    "article": ("LAST_DATE", "MAX_SLUG", "Article", "InvalidArticle", "checked", "derive_slug"),
    "blocks": (
        "Alignment",
        "Block",
        "BlockQuote",
        "CodeBlock",
        "Figure",
        "Heading",
        "ListBlock",
        "ListItem",
        "Paragraph",
        "Table",
        "TableCell",
        "TableRow",
        "block_paragraphs",
        "note_numbers",
    ),
    "inlines": (
        "LINK_SCHEMES",
        "Code",
        "Emphasis",
        "Inline",
        "LineBreak",
        "Link",
        "NoteRef",
        "Quotation",
        "Strong",
        "Text",
        "link_problem",
        "plain_text",
    ),
    "node": ("MAX_COUNT", "MAX_HEADLINE", "MAX_LINE", "MAX_PINS", "Node"),
    "notes": ("Editorial", "Fact", "PinnedFact", "PinnedNote", "SourceNote"),
    "printing": ("PAPERS", "Length", "Paper", "PrintPreferences"),
}
"""Each submodule and the names this package gives of it."""

_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import NAME's module on first use and keep the name here."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'publish.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"publish.model.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "LAST_DATE",
    "LINK_SCHEMES",
    "MAX_COUNT",
    "MAX_HEADLINE",
    "MAX_LINE",
    "MAX_PINS",
    "MAX_SLUG",
    "Alignment",
    "Article",
    "Block",
    "BlockQuote",
    "Code",
    "CodeBlock",
    "Editorial",
    "Emphasis",
    "Fact",
    "Figure",
    "Heading",
    "InvalidArticle",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "Length",
    "ListItem",
    "Node",
    "NoteRef",
    "PAPERS",
    "Paper",
    "Paragraph",
    "PinnedFact",
    "PinnedNote",
    "PrintPreferences",
    "Quotation",
    "SourceNote",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "block_paragraphs",
    "checked",
    "derive_slug",
    "link_problem",
    "note_numbers",
    "plain_text",
]
