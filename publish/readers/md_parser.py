"""The markdown-it parser the Markdown reader uses: CommonMark, pipe tables and footnotes.

Blocks may nest deeper than markdown-it's CommonMark preset allows, so that the model's own
check refuses a document nested too deep with a message (publish/readers/validate.py), rather
than markdown-it flattening it in silence. Inline markup keeps the preset's depth: markdown-it
scans a link label once per nesting level for every `[`, so 80,000 `![` cost 200 scans each
at block depth, and 20 at the preset's.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as parse_inlines
from markdown_it.rules_core.state_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin

MAX_NESTING = 200
"""Deepest nesting markdown-it parses blocks to."""

INLINE_NESTING = 20
"""Deepest nesting of inline markup (an image in a link in emphasis), CommonMark's preset."""


def cap_inline_nesting(parser: MarkdownIt) -> MarkdownIt:
    """Return PARSER (changed) parsing inline markup at most INLINE_NESTING deep."""

    def inlines(state: StateCore) -> None:
        options = state.md.options
        options["maxNesting"] = INLINE_NESTING
        try:
            parse_inlines(state)
        finally:
            options["maxNesting"] = MAX_NESTING

    parser.options["maxNesting"] = MAX_NESTING
    parser.core.ruler.at("inline", inlines)
    return parser


# Raw HTML is recognised ("html") only to be printed as typed, never rendered; its comments
# (lint directives, hidden editorial notes, table-of-contents markers) were never meant to be
# seen and are dropped.
PARSER = cap_inline_nesting(
    MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
)
PARSER.enable("table")  # GFM pipe tables
PARSER.use(footnote_plugin)  # [^1] markers and [^1]: definitions
