"""Scripts and languages: text direction, and the refusal of characters no shipped font has.

The PDF names only the fonts in the theme's `fonts/` folders (styles/fonts.css and
styles/scripts.css), so a character none of them covers would print as an empty box or in
whatever font the machine happens to have. `check_coverage` turns that into an error.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from markupsafe import Markup, escape

from publish.errors import RenderError

RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"}
)
"""Languages written right to left (primary subtags, and Kurdish in Arabic script)."""

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")

_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Mn"})
"""Controls, format marks (ZWJ, bidi marks), separators and lone combining marks are shaped
by the engine or folded into the glyph of their base letter, not looked up on their own."""


def direction(language: str) -> str:
    """Return "rtl" for a language written right to left, else "ltr"."""
    tag = language.strip().lower().replace("_", "-")
    if tag in RTL_LANGUAGES:
        return "rtl"
    primary = tag.split("-", 1)[0]
    if primary in RTL_LANGUAGES and "-latn" not in tag and "-cyrl" not in tag:
        return "rtl"
    return "ltr"


@functools.lru_cache(maxsize=64)
def _cmap(path: str, stamp: float) -> frozenset[int]:
    from publish import compiled

    identity = compiled.file_identity(path)  # a link is read each time, not kept
    key = (identity, _reader_identity())
    kept = compiled.load_data("code-points", key) if identity else None
    if isinstance(kept, frozenset):
        return kept
    points = _read_cmap(path)
    if identity:
        compiled.save_data("code-points", key, points)
    return points


@functools.cache
def _reader_identity() -> tuple[object, ...]:
    """What the code points read from a font depend on besides the font: fontTools' version
    and this module."""
    from fontTools import version

    from publish.compiled import file_identity

    return (version, file_identity(__file__))


def _read_cmap(path: str) -> frozenset[int]:
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_data(Path(path))), fontNumber=0, lazy=True)
    try:
        # Only the code points are wanted, not the glyph names: naming the glyphs by index
        # spares fontTools decoding the `post` table (and a CFF charset), most of the cost.
        font.setGlyphOrder([f"g{index}" for index in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def code_points(path: Path) -> frozenset[int]:
    """Every code point the font at PATH maps to a glyph (read once per file and version)."""
    return _cmap(str(path), path.stat().st_mtime)


def font_data(path: Path) -> bytes:
    """Return the bytes of the font file PATH, listed in a fonts folder (its parent).

    Read through the one resolver (`publish.resources.read_inside`): what is opened must
    lie in that folder and be a regular file, so a link swapped in after the folder was
    listed cannot lead out.
    """
    from publish.resources import ReadRefused, read_inside

    try:
        return read_inside(path, [path.parent])
    except ReadRefused as exc:
        reason = str(exc).replace("the article and theme folders", "its fonts folder")
        raise RenderError(f"the font {reason}; refused", file=str(path)) from None


def font_files(folders: Iterable[Path]) -> list[Path]:
    """The font files in each folder, in a fixed order."""
    from publish.errors import RenderError
    from publish.resources import is_inside

    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            fonts = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
            for font in fonts:  # a file in the folder that is no link is in it
                if font.is_symlink() and not is_inside(font, [folder]):
                    raise RenderError(
                        "the font leads outside its fonts folder (through a link); refused",
                        file=str(font),
                    )
            found.extend(fonts)
    return found


def covered(fonts: Sequence[Path]) -> frozenset[int]:
    """Every code point at least one of FONTS maps to a glyph."""
    points: set[int] = set()
    for path in fonts:
        points |= code_points(path)
    return frozenset(points)


def script_name(char: str) -> str:
    """A readable name for CHAR's script, from the first word of its Unicode name; "symbols"
    or "emoji" for a symbol (an arrow, a star, a pictograph), which belongs to no script."""
    name = unicodedata.name(char, "")
    if not name:
        return "unassigned"
    if unicodedata.category(char).startswith("S"):
        return "emoji" if ord(char) >= 0x1F000 else "symbols"
    first = name.split(" ", 1)[0]
    return {
        "CJK": "Han",
        "HANGUL": "Hangul",
        "HIRAGANA": "Japanese kana",
        "KATAKANA": "Japanese kana",
    }.get(first, first.title())


_FONT_FOR = {
    "symbols": "Noto Sans Symbols 2 or Noto Emoji",
    "emoji": "Noto Emoji",
    "Han": "Noto Serif CJK",
    "Hangul": "Noto Serif CJK KR",
    "Japanese kana": "Noto Serif CJK JP",
}


def font_for(script: str) -> str:
    """A free font (Noto, as the shipped ones) that has the characters of SCRIPT."""
    return _FONT_FOR.get(script, f"Noto Sans {script}")


def _context(text: str, char: str) -> str:
    """The words around the first CHAR of TEXT (up to five each side), to find it by."""
    at = text.index(char)
    before, after = text[max(0, at - 80) : at], text[at + 1 : at + 81]
    head = before.split()[-5:] if before[-1:].isspace() else before.split()[-6:]
    tail = after.split()[:5] if after[:1].isspace() else after.split()[:6]
    joined_before = " ".join(head) + (" " if before[-1:].isspace() else "")
    joined_after = (" " if after[:1].isspace() else "") + " ".join(tail)
    return (joined_before + char + joined_after).strip()


def missing_characters(text: str, fonts: Sequence[Path]) -> list[str]:
    """The distinct characters of TEXT no font in FONTS has, in order of first appearance.

    The fonts are read one at a time until every character is found, so a text in the
    first fonts' scripts never opens the large CJK fonts.
    """
    wanted: dict[str, None] = {}
    for char in text:
        if char in wanted or char.isspace():
            continue
        if unicodedata.category(char) in _IGNORED_CATEGORIES:
            continue
        wanted[char] = None
    for path in fonts:
        if not wanted:
            break
        have = code_points(path)
        wanted = {char: None for char in wanted if ord(char) not in have}
    return list(wanted)


def check_coverage(text: str, fonts: Sequence[Path]) -> None:
    """Raise RenderError (exit 4) naming the characters of TEXT that no font in FONTS has."""
    missing = missing_characters(text, fonts)
    if not missing:
        return
    shown = missing[:8]
    scripts = sorted({script_name(c) for c in missing})
    kinds = ", ".join(s if s in ("symbols", "emoji") else f"{s} script" for s in scripts)
    listed = ", ".join(f"U+{ord(c):04X} {c}" for c in shown)
    more = f" and {len(missing) - len(shown)} more" if len(missing) > len(shown) else ""
    fonts_named = ", ".join(font_for(s) for s in scripts if s != "unassigned")
    raise RenderError(
        f"{len(missing)} character(s) in no font ({kinds}): {listed}{more}, the first in"
        f' "{_context(text, missing[0])}"; put a font that has them'
        + (f" (such as {fonts_named})" if fonts_named else "")
        + " in a folder DIR and pass --fonts DIR"
    )


_HANGUL_WORD = re.compile(r"[^\s]*[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af][^\s]*")


def keep_words(text: str) -> Markup:
    """Return TEXT with each word that holds Hangul in a `<span class="keep-word">`.

    Korean is broken between words (at spaces), never inside one; WeasyPrint 70 has no
    `word-break: keep-all`, so the stylesheet gives these spans `white-space: nowrap`
    instead. The text itself is unchanged (no joiner characters in what a reader copies).
    """
    out: list[str] = []
    position = 0
    for match in _HANGUL_WORD.finditer(text):
        out.append(str(escape(text[position : match.start()])))
        out.append(f'<span class="keep-word">{escape(match.group(0))}</span>')
        position = match.end()
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


AUTOSPACE = "\u2005"
"""FOUR-PER-EM SPACE: JLREQ's quarter em between Japanese and Western letters and digits."""

_IDEOGRAPHIC = (
    "\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_WESTERN = "0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_SCRIPT_CHANGE = re.compile(
    f"(?<=[{_IDEOGRAPHIC}])(?=[{_WESTERN}])|(?<=[{_WESTERN}])(?=[{_IDEOGRAPHIC}])"
)


def autospace(text: str) -> str:
    """Return TEXT with a quarter em (U+2005) where kana or Han meet Latin letters or digits.

    JLREQ (3.2.3) and CLREQ set Western words and numbers in Japanese and Chinese text a
    quarter em apart from the ideographs, as CSS Text 4's `text-autospace` does in a
    browser. WeasyPrint 70 has no `text-autospace`, so the PDF's rendered text gets the
    space itself; the model keeps the text as written. U+2005 breaks only after itself, so
    a line never starts with it, and at the end of a ragged line it shows nothing.
    """
    return _SCRIPT_CHANGE.sub(AUTOSPACE, text)


def page_text(html: str) -> str:
    """The text a reader sees in HTML: every text node outside <style>, <script> and <head>."""
    import lxml.html

    root = lxml.html.document_fromstring(html.encode("utf-8"))
    for element in list(root.iter("style", "script", "head")):
        element.drop_tree()
    return "".join(root.itertext())
