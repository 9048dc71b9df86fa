"""The EPUB carries the faces its text needs, as subsets, so it reads in the PDF's fonts.

Every character a reader sees must be in one of the packed fonts; a language's own face is
packed (Japanese gets the Japanese CJK face, not the Chinese one); faces the text does not
need stay out; `--no-embed-fonts` packs none. The texts are written for these tests.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from publish.isolation import NO_LIMITS
from publish.pipeline import build
from publish.render.scripts import page_text
from publish.settings import BuildSettings
from tests.checkers import NS, build_checked, epub_package
from tests.test_scripts import TEXTS, _article

SHIPPED_FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"


def _epub(
    folder: Path, lang: str, code: bool = False, checked: bool = False, **options: object
) -> Path:
    """Build an EPUB of a short article in LANG (EPUBCheck it at once when CHECKED; the
    suite's audit checks every other EPUB at the end)."""
    folder.mkdir(parents=True, exist_ok=True)
    headline, body = (
        TEXTS[lang]
        if lang in TEXTS
        else ("City council passes new budget", "The council passed the budget.")
    )
    path = _article(folder, lang, headline, body + ("\n\n```\nx = 42\n```" if code else ""))
    settings = BuildSettings(out_dir=folder / "out", formats=("epub",), limits=NO_LIMITS, **options)  # type: ignore[arg-type]
    (result,) = (build_checked if checked else build)([str(path)], settings)
    (epub,) = result.outputs
    return epub


def _fonts(epub: Path) -> dict[str, TTFont]:
    with zipfile.ZipFile(epub) as book:
        return {
            Path(name).name: TTFont(io.BytesIO(book.read(name)))
            for name in book.namelist()
            if name.startswith("EPUB/fonts/")
        }


def _seen_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as book:
        return "".join(
            page_text(book.read(name).decode("utf-8"))
            for name in ("EPUB/article.xhtml", "EPUB/nav.xhtml")
        )


@pytest.mark.parametrize("lang", ["en", "ar", "hi", "ja", "zh-Hant", "th"])
def test_every_character_seen_is_in_a_packed_font(lang: str, tmp_path: Path) -> None:
    epub = _epub(tmp_path, lang)
    fonts = _fonts(epub)
    assert fonts, "the EPUB packs no font"
    have: set[int] = set()
    for font in fonts.values():
        have |= set(font.getBestCmap())
    missing = {
        c
        for c in _seen_text(epub)
        if not c.isspace()
        and ord(c) not in have
        and unicodedata.category(c) not in ("Cc", "Cf", "Mn")
    }
    assert not missing, sorted(missing)
    for name, font in fonts.items():
        with TTFont(SHIPPED_FONTS / name, lazy=True) as whole:
            assert len(font.getGlyphOrder()) < len(whole.getGlyphOrder()) / 2, f"{name} whole"


def test_each_language_gets_its_own_face_and_no_other_script(tmp_path: Path) -> None:
    japanese = set(_fonts(_epub(tmp_path / "ja", "ja")))
    assert "NotoSerifCJKJP-Regular-subset.otf" in japanese
    assert "NotoSerifCJKSC-Regular-subset.otf" not in japanese
    english = set(_fonts(_epub(tmp_path / "en", "en")))
    assert english == {
        f"Noto{family}-{style}.ttf"
        for family in ("Serif", "Sans")
        for style in ("Regular", "Bold", "Italic", "BoldItalic")
    }
    assert "NotoMono-Regular.ttf" in _fonts(_epub(tmp_path / "code", "en", code=True))


def test_the_package_declares_the_fonts_and_the_pages_use_them(tmp_path: Path) -> None:
    epub = _epub(tmp_path, "ar", checked=True)
    items = {
        item.get("href"): item.get("media-type")
        for item in epub_package(epub).iterfind(".//opf:item", NS)
    }
    assert items["fonts/NotoNaskhArabic-Regular.ttf"] == "font/ttf"
    assert items["style/fonts.css"] == "text/css"
    with zipfile.ZipFile(epub) as book:
        article = book.read("EPUB/article.xhtml").decode("utf-8")
        rules = book.read("EPUB/style/fonts.css").decode("utf-8")
        scripts = book.read("EPUB/style/scripts.css").decode("utf-8")
    assert article.index("style/fonts.css") < article.index("style/base.css")
    assert 'url("../fonts/NotoNaskhArabic-Regular.ttf")' in rules
    assert ":lang(ar)" in scripts and "@page" not in scripts


def test_no_embed_fonts_packs_none(tmp_path: Path) -> None:
    epub = _epub(tmp_path, "ar", embed_fonts=False)
    assert _fonts(epub) == {}
    with zipfile.ZipFile(epub) as book:
        assert "EPUB/style/fonts.css" not in book.namelist()
        assert "fonts.css" not in book.read("EPUB/article.xhtml").decode("utf-8")


def test_a_font_file_changed_on_disk_is_read_again_for_its_subset(tmp_path: Path) -> None:
    """The fonts HarfBuzz read are kept for the process, by file and time: a font replaced
    on disk is cut from its new bytes, never from the ones kept."""
    import os
    import shutil

    from publish.render.templates import Theme
    from publish.writers.epub.fonts import _subset

    styles = Theme().styles[-1] / "fonts"
    font = tmp_path / "Face.ttf"
    shutil.copyfile(styles / "NotoSans-Regular.ttf", font)
    letters = frozenset(map(ord, "Ab"))
    before = _subset(font, font.stat().st_mtime, letters)
    shutil.copyfile(styles / "NotoSerif-Regular.ttf", font)
    os.utime(font, (font.stat().st_atime, font.stat().st_mtime + 5))
    after = _subset(font, font.stat().st_mtime, letters)
    assert after != before
    assert TTFont(io.BytesIO(after))["name"].getDebugName(1) == "Noto Serif"
