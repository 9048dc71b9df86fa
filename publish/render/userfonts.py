"""`--fonts DIR`: a user's fonts, added at the end of every shipped font stack.

Each font file in DIR is registered under its own family name (prefixed "Publish User ", so
a system font of that name never stands in), with the weight and style its tables state.
Every `font-family` of the PDF's stylesheets gets those families appended: the shipped
faces still print what they cover, and the user's fonts print the rest (a script the
project ships no font for, or rare ideographs outside the CJK subsets). The coverage check
counts them too, and the EPUB carries subsets of the faces its text needs
(`writers/epub/fonts.py`).

Every font file is read through the one resolver (`publish.resources.read_inside`): a file
in DIR that is a link leading outside DIR is refused, and so is a font whose OpenType
`fsType` forbids what both outputs do with it (embed a subset of its outlines).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.errors import UsageError
from publish.render.scripts import FONT_SUFFIXES
from publish.resources import ReadRefused, is_inside, read_inside

PREFIX = "Publish User "


@dataclass(frozen=True)
class UserFont:
    """One font file of the user's: where it is, and the family, weight and style it has.

    PATH is the file as listed in the user's folder (its parent is that folder), so every
    later read can be checked against the folder again."""

    path: Path
    family: str
    weight: int
    italic: bool


RESTRICTED = 0x0002
"""fsType bit 1: Restricted License embedding (no embedding without the owner's leave)."""
PREVIEW_PRINT, EDITABLE = 0x0004, 0x0008
NO_SUBSETTING = 0x0100
BITMAP_ONLY = 0x0200


def embedding_problem(fs_type: int) -> str | None:
    """Why a font whose OS/2 `fsType` is FS_TYPE may not go in our PDF and EPUB, or None.

    Both outputs embed a subset of the font's outlines. Restricted License embedding
    forbids embedding, unless a less restrictive bit is also set (the OpenType
    specification: the least restrictive bit applies); "no subsetting" forbids the
    subset; "bitmap embedding only" forbids the outlines. Preview & Print (a document
    that is read, not edited) and Editable embedding allow both files.
    """
    if fs_type & RESTRICTED and not fs_type & (PREVIEW_PRINT | EDITABLE):
        return "Restricted License embedding (fsType bit 1): the font may not be embedded"
    if fs_type & NO_SUBSETTING:
        return "no subsetting (fsType bit 8): the font may only be embedded whole"
    if fs_type & BITMAP_ONLY:
        return "bitmap embedding only (fsType bit 9): its outlines may not be embedded"
    return None


def font_bytes(path: Path, folder: Path) -> bytes:
    """Return the bytes of the font file PATH, read through the one resolver inside FOLDER."""
    try:
        return read_inside(path, [folder])
    except ReadRefused as exc:
        reason = str(exc).replace("the article and theme folders", "the --fonts folder")
        raise UsageError(f"--fonts: the font {reason}; refused", file=str(path)) from None


def read_font(path: Path, folder: Path | None = None) -> UserFont:
    """Return the family, weight and style of the font at PATH, or raise UsageError.

    PATH is read inside FOLDER (its own folder by default). A font whose licence bits
    forbid embedding is refused, naming the file and the bit."""
    folder = folder or path.parent
    info = path.stat() if path.exists() else None
    stamp = (info.st_mtime_ns, info.st_size) if info else (0, 0)
    return _read_font(path, folder, stamp)


@functools.lru_cache(maxsize=64)
def _read_font(path: Path, folder: Path, stamp: tuple[int, int]) -> UserFont:
    from fontTools.ttLib import TTFont, TTLibError

    data = font_bytes(path, folder)
    try:
        with TTFont(io.BytesIO(data), fontNumber=0, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            os2 = font["OS/2"] if "OS/2" in font else None
            weight = int(os2.usWeightClass) if os2 is not None else 400
            italic = bool(os2.fsSelection & 1) if os2 is not None else False
            fs_type = int(os2.fsType) if os2 is not None else 0
    except (TTLibError, KeyError, OSError, AssertionError, ValueError, IndexError) as exc:
        raise UsageError(
            f"--fonts: not a font file this can read ({exc})", file=str(path)
        ) from None
    if not family or not family.strip():
        raise UsageError("--fonts: the font names no family", file=str(path))
    problem = embedding_problem(fs_type)
    if problem:
        raise UsageError(
            f"--fonts: the font's licence bits say {problem}; "
            "use a font whose licence allows embedding, or ask its maker",
            file=str(path),
        )
    return UserFont(path, family.strip(), max(1, min(weight, 1000)), italic)


def user_fonts(folder: Path) -> tuple[UserFont, ...]:
    """The fonts in FOLDER (a usage error when it is no folder, holds no font, or holds a
    font that is a link leading outside it)."""
    if not folder.is_dir():
        raise UsageError("--fonts: no such folder", file=str(folder))
    root = folder.resolve()
    listed = sorted(p for p in root.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    for path in listed:
        if not is_inside(path, [root]):
            raise UsageError(
                "--fonts: the font leads outside the --fonts folder (through a link); refused",
                file=str(path),
            )
    found = tuple(read_font(path, root) for path in listed)
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
    rules = [
        f"@font-face {{ font-family: {_quoted(PREFIX + f.family)}; "
        f"src: url({_quoted(f.path.as_uri())}); font-weight: {f.weight}; "
        f"font-style: {'italic' if f.italic else 'normal'}; }}"
        for f in fonts
    ]
    texts = [_stylesheet_text(sheet) for sheet in stylesheets]
    return "\n".join(rules) + "\n" + stack_css(texts, families(fonts))


def stack_css(stylesheets: Sequence[str], names: Sequence[str]) -> str:
    """The rules of STYLESHEETS (CSS text, in cascade order) that set `font-family`, each
    with NAMES appended to its stack: placed after them, they end every stack with NAMES."""
    import tinycss2

    extra = ", ".join(_quoted(name) for name in names)
    rules: list[str] = []
    for text in stylesheets:
        parsed = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        rules.extend(_extended(parsed, extra, tinycss2))
    return "".join(rule + "\n" for rule in rules)


def _stylesheet_text(path: Path) -> str:
    """Return the theme stylesheet PATH, read through the one resolver (no link out)."""
    from publish.errors import RenderError

    try:
        return read_inside(path, [path.parent]).decode("utf-8")
    except ReadRefused as exc:
        raise RenderError(f"stylesheet {exc}", file=str(path)) from None


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
