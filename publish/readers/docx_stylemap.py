"""A newsroom's own Word styles, mapped onto the model: `publish build --word-styles FILE`.

FILE is YAML, front-matter-like, with one or both of two mappings, style name -> role:

    paragraphs:
      Kicker: keyword        # the paragraph's text becomes one of the article's keywords
      Byline: byline         # its names become the authors ("By" and other labels cut)
      Pull Quote: quote
      Crosshead: heading 2   # as Word's Heading 2
    characters:
      Key Term: strong

Paragraph roles: `heading 1` ... `heading 6` (as Word's Heading N), `quote`, `standfirst`,
`byline`, `keyword`, `paragraph`, `code`, `drop` (left out). Character roles: `strong`,
`emphasis`, `code`, `drop`. The map comes before the built-in one, so it can also change what
Word's own styles mean. Each problem is one error naming the file, the line and the style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.errors import InputError

PARAGRAPH_ROLES = {
    **{f"heading {level}": f"h{level}:fresh" for level in range(1, 7)},
    "quote": "blockquote > p:fresh",
    "standfirst": "p.standfirst:fresh",
    "byline": "p.byline:fresh",
    "keyword": "p.keyword:fresh",
    "paragraph": "p:fresh",
    "code": "pre:separator('\\n')",
    "drop": "!",
}
"""Paragraph role -> what mammoth makes of the paragraph."""
CHARACTER_ROLES = {"strong": "strong", "emphasis": "em", "code": "code", "drop": "!"}
"""Character role -> what mammoth makes of the run."""
MARKED = ("standfirst", "byline", "keyword")
"""Roles whose paragraphs leave the body and fill an article field."""
MAX_STYLES = 500


@dataclass(frozen=True)
class WordStyles:
    """Style name -> role, for paragraph styles and for character styles."""

    paragraphs: tuple[tuple[str, str], ...] = ()
    characters: tuple[tuple[str, str], ...] = ()

    def style_map(self) -> str:
        """Return the mammoth style-map lines for these styles (before the built-in ones)."""
        lines = [
            f"p[style-name='{name}'] => {PARAGRAPH_ROLES[role]}" for name, role in self.paragraphs
        ]
        lines += [
            f"r[style-name='{name}'] => {CHARACTER_ROLES[role]}" for name, role in self.characters
        ]
        return "\n".join(lines) + "\n" if lines else ""


def load_word_styles(path: Path) -> WordStyles:
    """Return the style map in the YAML file at PATH, or raise InputError naming the line."""
    from publish.readers.frontmatter import load_yaml
    from publish.readers.source import read_source

    name = str(path)
    values, node = load_yaml(read_source(path).text, name, what="the Word style map")
    lines = _lines(node)
    unknown = sorted(set(values) - {"paragraphs", "characters"})
    if unknown:
        raise InputError(
            f'unknown key "{unknown[0]}"; give `paragraphs:` and `characters:`',
            file=name,
            line=lines.get((unknown[0],)),
        )
    if not values:
        raise InputError("the Word style map is empty", file=name, line=1)
    return WordStyles(
        paragraphs=_roles(values, "paragraphs", PARAGRAPH_ROLES, name, lines),
        characters=_roles(values, "characters", CHARACTER_ROLES, name, lines),
    )


def _roles(
    values: dict[str, Any],
    kind: str,
    roles: dict[str, str],
    name: str,
    lines: dict[tuple[str, ...], int],
) -> tuple[tuple[str, str], ...]:
    mapping = values.get(kind) or {}
    if not isinstance(mapping, dict):
        raise InputError(
            f"`{kind}:` must map style names to roles", file=name, line=lines.get((kind,))
        )
    if len(mapping) > MAX_STYLES:
        raise InputError(
            f"more than {MAX_STYLES} {kind} styles", file=name, line=lines.get((kind,))
        )
    found = []
    for style, role in mapping.items():
        line = lines.get((kind, str(style)))
        text = " ".join(str(role).split()).lower() if isinstance(role, str) else ""
        if text not in roles:
            raise InputError(
                f'{kind[:-1]} style "{style}": unknown role "{role}"; use one of '
                + ", ".join(roles),
                file=name,
                line=line,
            )
        if not isinstance(style, str) or not style.strip() or re.search(r"['\\\n\r]", style):
            raise InputError(
                f'{kind[:-1]} style "{style}": a style name is words, without quotes or '
                "backslashes",
                file=name,
                line=line,
            )
        found.append((style.strip(), text))
    return tuple(found)


def _lines(node: Any) -> dict[tuple[str, ...], int]:
    """Return the line of each top-level key and of each key one level below."""
    import yaml

    found: dict[tuple[str, ...], int] = {}
    for key, value in node.value if node is not None else ():
        found[(str(key.value),)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for inner, _ in value.value:
                found[(str(key.value), str(inner.value))] = inner.start_mark.line + 1
    return found


def take_marked(html: str) -> tuple[str, dict[str, list[str]]]:
    """Remove the paragraphs the map marked (standfirst, byline, keyword) from HTML; return
    the HTML and each role's texts, in order."""
    if 'class="' not in html:
        return html, {}
    pattern = re.compile(r'<p class="(' + "|".join(MARKED) + r')">(.*?)</p>', re.S)
    found: dict[str, list[str]] = {}

    def take(match: re.Match[str]) -> str:
        import html as html_lib

        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(2))).split())
        if text:
            found.setdefault(match.group(1), []).append(text)
        return ""

    return pattern.sub(take, html), found
