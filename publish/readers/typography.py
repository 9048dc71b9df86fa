"""Typographic punctuation for Markdown, as pandoc's `smart` extension gives it.

Straight quotes become the language's own quotation marks (from CLDR's delimiter data:
“…” in English, « … » with narrow no-break spaces in French, „…“ in German, 「…」 in
Japanese), an apostrophe becomes ’, `--` an en dash, `---` an em dash and `...` an
ellipsis. Code spans and code blocks keep what was typed. `smart: false` in the front
matter turns it off.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

NNBSP = "\u202f"

QUOTES: dict[str, tuple[str, str, str, str]] = {
    # primary open, primary close, secondary open, secondary close (CLDR delimiters)
    "en": ("“", "”", "‘", "’"),
    "fr": (f"«{NNBSP}", f"{NNBSP}»", "“", "”"),
    "fr-ch": ("«", "»", "‹", "›"),
    "de": ("„", "“", "‚", "‘"),
    "de-ch": ("«", "»", "‹", "›"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pt": ("“", "”", "‘", "’"),
    "pt-pt": ("«", "»", "“", "”"),
    "nl": ("“", "”", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "pl": ("„", "”", "«", "»"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "hu": ("„", "”", "»", "«"),
    "ro": ("„", "”", "«", "»"),
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
    "da": ("“", "”", "‘", "’"),
    "nb": ("«", "»", "‘", "’"),
    "no": ("«", "»", "‘", "’"),
    "el": ("«", "»", "“", "”"),
    "tr": ("“", "”", "‘", "’"),
    "ar": ("«", "»", "“", "”"),
    "fa": ("«", "»", "“", "”"),
    "he": ("”", "”", "’", "’"),
    "ja": ("「", "」", "『", "』"),
    "zh": ("“", "”", "‘", "’"),
    "zh-hant": ("「", "」", "『", "』"),
    "zh-tw": ("「", "」", "『", "』"),
    "zh-hk": ("「", "」", "『", "』"),
    "ko": ("“", "”", "‘", "’"),
}
"""Quotation marks by language tag (lower case); a tag not listed uses its language's, then
CLDR's root (the English marks)."""

_DASHES = re.compile(r"(?<!-)---(?!-)|(?<!-)--(?!-)|\.\.\.")
_PUNCTUATION = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def quotes_for(language: str) -> tuple[str, str, str, str]:
    """The quotation marks of LANGUAGE (a BCP 47 tag), most specific first."""
    parts = language.lower().replace("_", "-").split("-")
    for size in range(len(parts), 0, -1):
        found = QUOTES.get("-".join(parts[:size]))
        if found:
            return found
    return QUOTES["en"]


def _dashes_and_ellipses(state: StateCore) -> None:
    """Replace `--`, `---` and `...` in text (never in code) with their characters."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "text" and ("--" in token.content or "..." in token.content):
                token.content = _DASHES.sub(lambda m: _PUNCTUATION[m.group(0)], token.content)


@functools.lru_cache(maxsize=32)
def smart_parser(
    base: MarkdownIt,
    quotes: tuple[str, str, str, str],
    plugins: tuple[Callable[[MarkdownIt], None], ...] = (),
) -> MarkdownIt:
    """A copy of BASE's configuration (with the PLUGINS BASE uses) with smart quotes in
    QUOTES, dashes and ellipses."""
    parser = MarkdownIt("commonmark", {**base.options, "typographer": True, "quotes": list(quotes)})
    for plugin in plugins:  # the rules they add are among BASE's active ones
        parser.use(plugin)
    parser.enable(sorted({rule for chain in base.get_active_rules().values() for rule in chain}))
    parser.enable("smartquotes")
    parser.core.ruler.before("smartquotes", "publish_dashes", _dashes_and_ellipses)
    return parser


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>~&=:^$%@])")


def smarten_plain(parser: MarkdownIt, text: str) -> str:
    """TEXT (plain, not Markdown: a front-matter title) with PARSER's typographic punctuation."""
    tokens = parser.parseInline(_MARKDOWN_SPECIALS.sub(r"\\\1", text))
    children = tokens[0].children or [] if tokens else []
    return "".join(child.content if child.type == "text" else "\n" for child in children)
