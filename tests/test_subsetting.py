"""WeasyPrint's private font names that publish/writers/pdf/subsetting.py relies on, and the
subsets it makes in their place.

These fail loudly, naming what changed, when a WeasyPrint release moves them: `Font.subset`
(what `Font.clean` calls with the glyphs drawn and the `hinting` option) and the font
attributes it reads. They also hold the subsets to what WeasyPrint's own HarfBuzz path
makes: the drawn glyphs keep their ids and outlines, the layout tables go, `.notdef` keeps
its outline only when a character is missing, hinting only when asked for; and to the same
bytes whether or not the machine has HarfBuzz-Subset (Debian's libharfbuzz-subset0).

The fonts are the theme's own (styles/fonts), so the tests need none from the machine.
"""

from __future__ import annotations

import inspect
import io
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
import weasyprint
import weasyprint.pdf.fonts as pdf_fonts
from fontTools import subset as fonttools_subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from publish.writers.pdf import subsetting

FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"
SERIF = FONTS / "NotoSerif-Regular.ttf"
CJK = FONTS / "NotoSerifCJKJP-Regular-subset.otf"  # CFF outlines
TEXT = "Harbour budget approved"  # no ligature: each letter is drawn with its own glyph
CJK_TEXT = "港の予算"
MISSING = "\U0010fffd"  # a private-use character no font has


@pytest.fixture(autouse=True)
def _installed() -> None:
    subsetting.install_subsetter()  # as `weasy.Engine.start` does before any layout


def _pdf(body: str, **options: Any) -> bytes:
    faces = "".join(
        f'@font-face {{ font-family: "{name}"; src: url("{path.as_uri()}"); }}'
        for name, path in (("Serif", SERIF), ("CJK", CJK))
    )
    html = f"<html><head><style>{faces}</style></head><body>{body}</body></html>"
    data = weasyprint.HTML(string=html).write_pdf(**options)
    assert isinstance(data, bytes)
    return data


def _serif(text: str) -> str:
    return f'<p style="font-family: Serif">{text}</p>'


def _embedded(pdf: bytes) -> dict[str, TTFont]:
    """Each embedded font of PDF by family (the font descriptor's name without its tag)."""
    found: dict[str, TTFont] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/FontDescriptor":
                stream = item.get("/FontFile2") or item.get("/FontFile3")
                name = str(item.FontName).split("+", 1)[-1]
                found[name] = TTFont(io.BytesIO(stream.read_bytes()))
    return found


def _outline(font: TTFont, glyph: int) -> list[Any]:
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[font.getGlyphOrder()[glyph]].draw(pen)
    return list(pen.value)


def _glyph_ids(font: TTFont, text: str) -> list[int]:
    cmap = font.getBestCmap()
    return sorted({font.getGlyphID(cmap[ord(c)]) for c in text if not c.isspace()})


def test_weasyprint_is_the_pinned_version() -> None:
    assert version("weasyprint").split(".")[0] == "70", (
        "subsetting.py was checked against WeasyPrint 70; check Font.subset against this "
        "release, then widen the pin in pyproject.toml"
    )


def test_weasyprint_still_subsets_through_font_subset() -> None:
    parameters = list(inspect.signature(subsetting._ORIGINAL).parameters)
    assert parameters == ["self", "to_unicode", "hinting"], "Font.subset's arguments changed"
    assert "self.subset(to_unicode, hinting)" in inspect.getsource(pdf_fonts.Font.clean), (
        "Font.clean no longer subsets through Font.subset(to_unicode, hinting)"
    )
    assert "font.clean(to_unicode, options['hinting'])" in inspect.getsource(
        pdf_fonts.build_fonts_dictionary
    ), "build_fonts_dictionary no longer hands Font.clean the glyphs drawn and `hinting`"
    made = inspect.getsource(pdf_fonts.Font.__init__)
    for name in ("file_content", "index", "missing", "family"):
        assert f"self.{name} =" in made, f"WeasyPrint's Font no longer has {name}"
    assert pdf_fonts.Font.subset is subsetting._subset, "subsetting's hook is not installed"


def test_the_pdf_fonts_go_through_the_hook(
    monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture
) -> None:
    calls: list[tuple[int, bool, bool]] = []
    original = subsetting.subset_font

    def spy(data: bytes, index: int, glyphs: Any, *, hinting: bool, notdef_outline: bool) -> Any:
        calls.append((len(list(glyphs)), hinting, notdef_outline))
        return original(data, index, glyphs, hinting=hinting, notdef_outline=notdef_outline)

    monkeypatch.setattr(subsetting, "subset_font", spy)
    _pdf(_serif(TEXT + MISSING), hinting=True)
    assert calls and all(count > 0 for count, _, _ in calls)
    assert (True, True) in {(hinting, notdef) for _, hinting, notdef in calls}


def test_drawn_glyphs_keep_their_ids_and_outlines_and_the_rest_goes() -> None:
    full = TTFont(SERIF)
    kept = _embedded(_pdf(_serif(TEXT)))["Serif"]
    drawn = _glyph_ids(full, TEXT)
    assert all(_outline(kept, glyph) == _outline(full, glyph) for glyph in drawn)
    assert not _outline(kept, _glyph_ids(full, "Z")[0]), "a glyph not drawn kept its outline"
    assert kept["maxp"].numGlyphs == drawn[-1] + 1, "glyphs after the last drawn were kept"
    assert {"GSUB", "GPOS", "DSIG"} <= set(full.keys())
    assert not {"GSUB", "GPOS", "DSIG"} & set(kept.keys())


def test_a_cff_font_keeps_its_drawn_outlines() -> None:
    full = TTFont(CJK)
    kept = _embedded(_pdf(f'<p style="font-family: CJK" lang="ja">{CJK_TEXT}</p>'))["CJK"]
    assert "CFF " in kept
    drawn = _glyph_ids(full, CJK_TEXT)
    assert all(
        _outline(kept, glyph) and _outline(kept, glyph) == _outline(full, glyph) for glyph in drawn
    )
    assert not {"GSUB", "GPOS", "BASE"} & set(kept.keys())


def test_notdef_keeps_its_outline_only_when_a_character_is_missing(
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    plain = _embedded(_pdf(_serif(TEXT)))["Serif"]
    missing = _embedded(_pdf(_serif(TEXT + " " + MISSING)))["Serif"]
    assert not _outline(plain, 0)
    assert _outline(missing, 0) == _outline(TTFont(SERIF), 0) != []
    assert ".notdef glyph rendered" in expect_warnings.text


def test_hinting_is_kept_only_when_asked_for() -> None:
    hinting = ("fpgm", "prep", "cvt ")
    assert set(hinting) <= set(TTFont(SERIF).keys())
    plain = _embedded(_pdf(_serif(TEXT)))["Serif"]
    hinted = _embedded(_pdf(_serif(TEXT), hinting=True))["Serif"]
    assert not set(hinting) & set(plain.keys())
    assert set(hinting) <= set(hinted.keys())


def test_the_text_is_still_extractable() -> None:
    document = pdfium.PdfDocument(
        _pdf(_serif(TEXT) + f'<p style="font-family: CJK">{CJK_TEXT}</p>')
    )
    text = document[0].get_textpage().get_text_range()
    assert " ".join(text.split()) == f"{TEXT} {CJK_TEXT}"


def test_the_same_bytes_whether_or_not_the_machine_has_harfbuzz_subset(
    monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture
) -> None:
    body = _serif(TEXT + " " + MISSING) + f'<p style="font-family: CJK">{CJK_TEXT}</p>'
    first = _pdf(body)
    assert _pdf(body) == first

    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fontTools subset a font of the PDF")

    monkeypatch.setattr(pdf_fonts, "harfbuzz_subset", None)  # a machine without it
    monkeypatch.setattr(fonttools_subset.Subsetter, "subset", refused)
    assert _pdf(body) == first


def test_a_font_harfbuzz_cannot_read_keeps_its_file_with_a_warning(
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    class Font:
        file_content = b"not a font" * 10
        index = 0
        missing: dict[int, int] = {}
        family = "Broken"

    font = Font()
    subsetting._subset(font, {1: "a"}, False)
    assert font.file_content == b"not a font" * 10
    assert 'Unable to subset "Broken" with HarfBuzz' in expect_warnings.text


@pytest.mark.skipif(
    pdf_fonts.harfbuzz_subset is None, reason="no HarfBuzz-Subset library on this machine"
)
@pytest.mark.parametrize("hinting", [False, True])
def test_the_subsets_are_those_of_weasyprints_own_harfbuzz_path(
    monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture, hinting: bool
) -> None:
    body = _serif(TEXT + " " + MISSING) + f'<p style="font-family: CJK">{CJK_TEXT}</p>'
    ours = _embedded(_pdf(body, hinting=hinting))
    monkeypatch.setattr(pdf_fonts.Font, "subset", subsetting._ORIGINAL)
    theirs = _embedded(_pdf(body, hinting=hinting))
    assert set(ours) == set(theirs) == {"Serif", "CJK"}
    for name, font in ours.items():
        other = theirs[name]
        assert sorted(font.keys()) == sorted(other.keys()), name
        assert font["maxp"].numGlyphs == other["maxp"].numGlyphs, name
        glyphs = range(font["maxp"].numGlyphs)
        assert [_outline(font, g) for g in glyphs] == [_outline(other, g) for g in glyphs], name
