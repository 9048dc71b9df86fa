"""`--fonts DIR`: a user's fonts, added at the end of every shipped font stack.

Each font file in DIR is registered under its own family name (prefixed "Publish User ", so
a system font of that name never stands in), with the weight and style its tables state.
Every `font-family` of the PDF's stylesheets gets those families appended: the shipped
faces still print what they cover, and the user's fonts print the rest (a script the
project ships no font for, or rare ideographs outside the CJK subsets). The coverage check
counts them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.errors import UsageError
from publish.render.scripts import font_files

PREFIX = "Publish User "


@dataclass(frozen=True)
class UserFont:
    """One font file of the user's: where it is, and the family, weight and style it has."""

    path: Path
    family: str
    weight: int
    italic: bool


def read_font(path: Path) -> UserFont:
    """Return the family, weight and style of the font at PATH, or raise UsageError."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with path.open("rb") as handle, TTFont(handle, fontNumber=0, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            os2 = font["OS/2"] if "OS/2" in font else None
            weight = int(os2.usWeightClass) if os2 is not None else 400
            italic = bool(os2.fsSelection & 1) if os2 is not None else False
    except (TTLibError, KeyError, OSError, AssertionError, ValueError, IndexError) as exc:
        raise UsageError(
            f"--fonts: not a font file this can read ({exc})", file=str(path)
        ) from None
    if not family or not family.strip():
        raise UsageError("--fonts: the font names no family", file=str(path))
    return UserFont(path.resolve(), family.strip(), max(1, min(weight, 1000)), italic)


def user_fonts(folder: Path) -> tuple[UserFont, ...]:
    """The fonts in FOLDER (a usage error when it is no folder or holds no font)."""
    if not folder.is_dir():
        raise UsageError("--fonts: no such folder", file=str(folder))
    found = tuple(read_font(path) for path in font_files([folder]))
    if not found:
        raise UsageError(
            "--fonts: the folder holds no .ttf, .otf, .ttc, .woff or .woff2 file", file=str(folder)
        )
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def families(fonts: Sequence[UserFont]) -> list[str]:
    """The CSS family names of FONTS, each once, in order."""
    return list(dict.fromkeys(PREFIX + font.family for font in fonts))


def font_css(fonts: Sequence[UserFont], stylesheets: Sequence[Path]) -> str:
    """CSS registering FONTS and appending their families to every stack of STYLESHEETS."""
    import tinycss2

    rules = [
        f"@font-face {{ font-family: {_quoted(PREFIX + f.family)}; "
        f"src: url({_quoted(f.path.as_uri())}); font-weight: {f.weight}; "
        f"font-style: {'italic' if f.italic else 'normal'}; }}"
        for f in fonts
    ]
    extra = ", ".join(_quoted(name) for name in families(fonts))
    for sheet in stylesheets:
        parsed = tinycss2.parse_stylesheet(
            sheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        )
        rules.extend(_extended(parsed, extra, tinycss2))
    return "\n".join(rules) + "\n"


def _extended(nodes: list[Any], extra: str, tinycss2: Any) -> list[str]:
    """The rules of NODES that set font-family, with EXTRA appended to each stack."""
    out: list[str] = []
    for node in nodes:
        kind = getattr(node, "type", "")
        content = getattr(node, "content", None)
        if kind not in ("qualified-rule", "at-rule") or content is None:
            continue
        prelude = tinycss2.serialize(node.prelude).strip()
        if kind == "at-rule":
            if node.lower_at_keyword == "font-face":
                continue
            prelude = f"@{node.at_keyword} {prelude}".strip()
        items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
        stacks = [
            f"font-family: {tinycss2.serialize(item.value).strip()}, {extra};"
            for item in items
            if getattr(item, "type", "") == "declaration" and item.lower_name == "font-family"
        ]
        inner = _extended(
            [i for i in items if getattr(i, "type", "") != "declaration"], extra, tinycss2
        )
        if stacks or inner:
            out.append(f"{prelude} {{ {' '.join(stacks)} {' '.join(inner)} }}")
    return out
