"""The fonts an EPUB carries: each shipped face its text needs, cut down to its characters.

The PDF embeds subsets of the theme's fonts; without the same in the EPUB a reading system
falls back to its own fonts, which may lack the article's script. This module reads the
theme's `fonts.css` (the faces) and `scripts.css` (which family each language sets first),
chooses the families the text needs, and subsets every face of them with HarfBuzz (through
uharfbuzz: milliseconds per face, where fontTools takes a second). HarfBuzz keeps the
layout tables the kept characters use (Arabic joining forms, Indic conjuncts), and the same
characters always give the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.errors import RenderError
from publish.render.scripts import covered, font_data

if TYPE_CHECKING:
    from publish.render.userfonts import UserFont

FONT_MEDIA_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}

BASE_FAMILIES = ("Publish Noto Serif", "Publish Noto Sans")
"""The families of the running text and of headings, fact box and notes (base.css)."""

MONO_FAMILY = "Publish Noto Mono"
"""The family of code, needed only when the article has some."""


@dataclass(frozen=True)
class Face:
    """One `@font-face` of the theme: its family, style, weight and file."""

    family: str
    style: str
    weight: str
    path: Path


@dataclass(frozen=True)
class EmbeddedFont:
    """A subset face packed into the book, with its `@font-face` rule."""

    name: str
    media_type: str
    content: bytes
    rule: str
    user: bool = False
    """A face of the user's (`--fonts`), whose family the stylesheets do not name yet."""


def _declarations(content: list[object]) -> dict[str, list[object]]:
    import tinycss2

    found: dict[str, list[object]] = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if getattr(item, "type", "") == "declaration":
            found[item.lower_name] = [
                t for t in item.value if getattr(t, "type", "") not in ("whitespace", "comment")
            ]
    return found


def _families(tokens: list[object]) -> list[str]:
    """The family names of a `font-family` value, in order."""
    names: list[str] = []
    current: list[str] = []
    for token in [*tokens, None]:
        kind = getattr(token, "type", "")
        if token is None or (kind == "literal" and getattr(token, "value", "") == ","):
            if current:
                names.append(" ".join(current))
            current = []
        elif kind in ("string", "ident"):
            current.append(str(getattr(token, "value", "")))
    return names


def _theme_text(path: Path) -> str:
    """Return the theme stylesheet PATH, read through the one resolver (no link out)."""
    from publish.errors import RenderError
    from publish.resources import ReadRefused, read_inside

    try:
        return read_inside(path, [path.parent]).decode("utf-8")
    except ReadRefused as exc:
        raise RenderError(f"stylesheet {exc}", file=str(path)) from None


def theme_faces(fonts_css: Path) -> list[Face]:
    """Every `@font-face` of FONTS_CSS whose file sits in the same theme folder, in order."""
    return list(_faces(fonts_css, _theme_text(fonts_css)))


@functools.lru_cache(maxsize=16)
def _faces(fonts_css: Path, text: str) -> tuple[Face, ...]:
    """The faces of the stylesheet FONTS_CSS holding TEXT: parsed once per process for the
    same text (every article of a theme reads the same `fonts.css`)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    folder = fonts_css.parent.resolve()
    faces: list[Face] = []
    for rule in rules:
        if getattr(rule, "type", "") != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        values = _declarations(rule.content or [])
        family = _families(values.get("font-family", []))
        url = _first_url(values.get("src", []))
        if not family or url is None:
            continue
        path = (folder / url).resolve()
        if not path.is_relative_to(folder) or path.suffix.lower() not in FONT_MEDIA_TYPES:
            raise RenderError(
                f'@font-face of "{family[0]}": "{url}" is not a font file in the theme\'s folder',
                file=str(fonts_css),
            )
        faces.append(
            Face(
                family[0],
                _keyword(values.get("font-style"), "normal"),
                _keyword(values.get("font-weight"), "400"),
                path,
            )
        )
    return tuple(faces)


def _first_url(tokens: list[object]) -> str | None:
    """The first `url(...)` of a `src` value, quoted or not."""
    for token in tokens:
        kind = getattr(token, "type", "")
        if kind == "url":
            return str(getattr(token, "value", ""))
        if kind == "function" and getattr(token, "lower_name", "") == "url":
            strings = [
                a for a in getattr(token, "arguments", []) if getattr(a, "type", "") == "string"
            ]
            if strings:
                return str(getattr(strings[0], "value", ""))
    return None


def epub_stylesheet(path: Path) -> bytes:
    """PATH's rules without its `@page` rules, which only paged media (the PDF) reads."""
    return _without_pages(_theme_text(path))


@functools.lru_cache(maxsize=16)
def _without_pages(text: str) -> bytes:
    """The stylesheet TEXT without its `@page` rules (once per process for the same text)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text)
    kept = [
        rule
        for rule in rules
        if not (getattr(rule, "type", "") == "at-rule" and rule.lower_at_keyword == "page")
    ]
    serialized: str = tinycss2.serialize(kept)
    return serialized.strip().encode("utf-8") + b"\n"


def _keyword(tokens: list[object] | None, default: str) -> str:
    if not tokens:
        return default
    value = getattr(tokens[0], "value", default)
    return str(int(value)) if isinstance(value, float) else str(value)


def language_families(scripts_css: Path) -> dict[str, str]:
    """The family each `:lang(X)` rule of SCRIPTS_CSS sets first, by language tag."""
    return dict(_language_families(_theme_text(scripts_css)))


@functools.lru_cache(maxsize=16)
def _language_families(text: str) -> tuple[tuple[str, str], ...]:
    """The (language, family) pairs of the stylesheet TEXT (once per process for the same
    text), in the order `language_families` finds them."""
    import tinycss2

    found: dict[str, str] = {}
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if getattr(rule, "type", "") != "qualified-rule":
            continue
        languages = [
            str(getattr(arg, "value", "")).lower()
            for token in rule.prelude
            if getattr(token, "type", "") == "function" and token.lower_name == "lang"
            for arg in token.arguments
            if getattr(arg, "type", "") == "ident"
        ]
        families = _families(_declarations(rule.content).get("font-family", []))
        for language in languages if families else ():
            found.setdefault(language, families[0])
    return tuple(found.items())


def needed_families(
    faces: list[Face], text: str, language: str, own: dict[str, str], has_code: bool
) -> list[str]:
    """The families TEXT needs: the base ones, the language's own, and for every character the
    base families lack, the first family (in `fonts.css` order) that has it."""
    by_family: dict[str, list[Face]] = {}
    for face in faces:
        by_family.setdefault(face.family, []).append(face)
    tag = language.lower()
    wanted = [f for f in BASE_FAMILIES if f in by_family]
    first = own.get(tag) or own.get(tag.split("-")[0])
    if first in by_family and first not in wanted:
        wanted.append(first)
    if has_code and MONO_FAMILY in by_family:
        wanted.append(MONO_FAMILY)
    characters = {ord(c) for c in text if not c.isspace()}
    for family in wanted:
        characters -= _family_cmap(by_family[family])
    for family, members in by_family.items():
        if not characters:
            break
        have = _family_cmap(members)
        if family not in wanted and characters & have:
            wanted.append(family)
        characters -= have
    return wanted


def _family_cmap(members: list[Face]) -> frozenset[int]:
    regular = [f for f in members if f.style == "normal" and f.weight == "400"] or members
    return covered([regular[0].path])


@functools.lru_cache(maxsize=256)
def _subset(path: Path, stamp: float, characters: frozenset[int]) -> bytes:
    """PATH cut down to CHARACTERS, read through the one resolver (`scripts.font_data`).

    A WOFF or WOFF 2 file, which HarfBuzz cannot read, is unpacked first (fontTools), and
    a collection (`.ttc`) gives its first font, as the PDF uses it."""
    import uharfbuzz as hb

    _, face = _face(path, stamp)
    request = hb.SubsetInput()
    for code in sorted(characters):
        request.unicode_set.add(code)
    request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).invert()  # keep every feature
    result = hb.subset(face, request)
    if result is None:
        raise RenderError(f"HarfBuzz could not subset {path.name} for the EPUB")
    return bytes(result.blob.data)


@functools.lru_cache(maxsize=12)
def _face(path: Path, stamp: float) -> tuple[Any, Any]:
    """The font at PATH as HarfBuzz reads it, once per process while its time is STAMP.

    The process that builds a second time subsets the sample's faces (`pipeline._rehearse`):
    each document's EPUB, in a forked copy, then starts with them read and parsed (about
    5 ms of its 12 for the eight faces of the reference article). The blob is kept with
    the face, as the memory HarfBuzz reads."""
    import uharfbuzz as hb

    data = font_data(path)
    if path.suffix.lower() in (".woff", ".woff2"):
        data = _unpacked(data)
    blob = hb.Blob(data)
    return blob, hb.Face(blob, 0)


def _unpacked(data: bytes) -> bytes:
    """The OpenType font inside WOFF or WOFF 2 DATA."""
    import io

    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), fontNumber=0) as font:
        font.flavor = None
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def _rule(family: str, name: str, style: str, weight: str) -> str:
    quoted = family.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'@font-face {{\n  font-family: "{quoted}";\n'
        f'  src: url("../{name}");\n  font-style: {style};\n'
        f"  font-weight: {weight};\n}}\n"
    )


def embedded_fonts(
    fonts_css: Path,
    scripts_css: Path | None,
    text: str,
    language: str,
    *,
    has_code: bool,
    user: Sequence[UserFont] = (),
) -> list[EmbeddedFont]:
    """The subset faces (and their rules) an EPUB of TEXT in LANGUAGE carries.

    USER are the user's fonts (`--fonts`), which end every stack as in the PDF: a family
    of them is carried when it has characters of TEXT no shipped face has, each of its
    faces cut down to those characters."""
    faces = theme_faces(fonts_css)
    own = language_families(scripts_css) if scripts_css is not None else {}
    families = needed_families(faces, text, language, own, has_code)
    characters = {ord(c) for c in text}
    embedded: list[EmbeddedFont] = []
    for face in (f for family in families for f in faces if f.family == family):
        keep = frozenset(characters & covered([face.path]))
        if not keep:
            continue
        name = f"fonts/{face.path.stem}{face.path.suffix.lower()}"
        embedded.append(
            EmbeddedFont(
                name,
                FONT_MEDIA_TYPES[face.path.suffix.lower()],
                _subset(face.path, face.path.stat().st_mtime, keep),
                _rule(face.family, name, face.style, face.weight),
            )
        )
    if user:
        shipped = covered([face.path for face in faces])
        rest = {c for c in characters if c not in shipped and not chr(c).isspace()}
        embedded += _user_fonts(user, frozenset(rest))
    return embedded


def _user_fonts(fonts: Sequence[UserFont], rest: frozenset[int]) -> list[EmbeddedFont]:
    """The user's faces carrying characters of REST, family by family in their order."""
    from publish.render.userfonts import PREFIX

    by_family: dict[str, list[UserFont]] = {}
    for font in fonts:
        by_family.setdefault(font.family, []).append(font)
    embedded: list[EmbeddedFont] = []
    for family, members in by_family.items():
        needed = rest & covered([member.path for member in members])
        if not needed:
            continue
        rest -= needed
        for font in members:
            keep = frozenset(needed & covered([font.path]))
            if not keep:
                continue
            data = _subset(font.path, font.path.stat().st_mtime, keep)
            suffix = ".otf" if data[:4] == b"OTTO" else ".ttf"
            name = f"fonts/user-{font.path.stem}{suffix}"
            style = "italic" if font.italic else "normal"
            rule = _rule(PREFIX + family, name, style, str(font.weight))
            embedded.append(EmbeddedFont(name, FONT_MEDIA_TYPES[suffix], data, rule, user=True))
    return embedded
