"""`--fonts DIR`: a user's fonts join the end of every font stack and the coverage check.

The font is made here with fontTools (a box for each Georgian letter, a script no shipped
font covers), so the test needs no font from the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from typer.testing import CliRunner

from publish.check.verdict import check_file
from publish.cli import app
from publish.render.userfonts import font_css, read_font
from tests.checkers import pdf_font_names

GEORGIAN = range(0x10D0, 0x10F1)


def box_font(path: Path, family: str, codepoints: range) -> Path:
    """Write a TrueType font at PATH whose glyphs for CODEPOINTS are boxes."""
    names = [".notdef", "space", *(f"u{c:04X}" for c in codepoints)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{c: f"u{c:04X}" for c in codepoints}})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name.startswith("u"):
            for x, y in ((100, 0), (100, 700), (500, 700), (500, 0)):
                (pen.lineTo if x != 100 or y != 0 else pen.moveTo)((x, y))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (600, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(usWeightClass=400)
    builder.setupPost()
    builder.save(str(path))
    return path


def _georgian(folder: Path) -> Path:
    path = folder / "ka.md"
    path.write_text(
        "---\ntitle: ქალაქის საბჭომ ბიუჯეტი დაამტკიცა\ndate: 2024-03-15\nlang: ka\n"
        "---\n\nქალაქის საბჭომ გუშინ ახალი ბიუჯეტი დაამტკიცა.\n",
        encoding="utf-8",
    )
    return path


def test_user_font_prints_a_script_no_shipped_font_has(tmp_path: Path, runner: CliRunner) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    box_font(fonts / "TestGeorgian.ttf", "Test Georgian", GEORGIAN)
    article = _georgian(tmp_path)
    refused = runner.invoke(app, ["build", str(article), "-o", str(tmp_path / "no")])
    assert refused.exit_code == 4 and "Georgian script" in refused.output
    assert "--fonts DIR" in refused.output
    done = runner.invoke(
        app,
        [
            "build",
            str(article),
            "-o",
            str(tmp_path / "out"),
            "--fonts",
            str(fonts),
            "--format",
            "pdf",
        ],
    )
    assert done.exit_code == 0, done.output
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert check_file(pdf, ace=False).ok  # no .notdef: every letter drawn from the user's font
    assert any("Publish-User-Test-Georgian" in name for name in pdf_font_names(pdf))


def test_user_fonts_join_the_end_of_every_stack(tmp_path: Path) -> None:
    font = read_font(box_font(tmp_path / "a.ttf", "Test Box", GEORGIAN))
    assert (font.family, font.weight, font.italic) == ("Test Box", 400, False)
    sheet = tmp_path / "s.css"
    sheet.write_text(
        '@font-face { font-family: "X"; src: url(x.ttf) }\n'
        'h1 { color: red; font-family: "A", serif }\n'
        '@page { @top-center { font-family: "B" } }\np { margin: 0 }\n',
        encoding="utf-8",
    )
    css = font_css([font], [sheet])
    assert 'h1 { font-family: "A", serif, "Publish User Test Box";' in css
    assert '@top-center { font-family: "B", "Publish User Test Box";' in css
    assert "margin" not in css and "color" not in css and css.count("@font-face") == 1


@pytest.mark.parametrize("content", [b"not a font", b""])
def test_a_file_that_is_no_font_is_a_usage_error(
    tmp_path: Path, runner: CliRunner, content: bytes
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "broken.ttf").write_bytes(content)
    result = runner.invoke(
        app, ["build", str(_georgian(tmp_path)), "-o", str(tmp_path / "o"), "--fonts", str(fonts)]
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "broken.ttf" in lines[0] and "--fonts" in lines[0], lines
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
