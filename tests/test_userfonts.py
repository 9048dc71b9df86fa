"""`--fonts DIR`: a user's fonts join the end of every font stack and the coverage check,
the EPUB carries the faces its text needs, and a font whose licence bits forbid embedding is
refused.

The font is made here with fontTools (a box for each Georgian letter, a script no shipped
font covers), so the test needs no font from the machine."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from typer.testing import CliRunner

from publish.check.verdict import check_file
from publish.cli import app
from publish.render.userfonts import embedding_problem, font_css, read_font
from tests.checkers import pdf_font_names

GEORGIAN = range(0x10D0, 0x10F1)


def box_font(
    path: Path, family: str, codepoints: range, fs_type: int = 0, flavor: str | None = None
) -> Path:
    """Write a TrueType font at PATH whose glyphs for CODEPOINTS are boxes (FS_TYPE its
    licence bits, FLAVOR "woff" or "woff2" to pack it so)."""
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
    builder.setupOS2(usWeightClass=400, fsType=fs_type)
    builder.setupPost()
    builder.font.flavor = flavor
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


def _build(runner: CliRunner, article: Path, out: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["build", str(article), "-o", str(out), "-f", "epub", *extra])
    assert result.exit_code == 0, result.output
    return next(out.glob("*.epub"))


@pytest.mark.parametrize("suffix", [".ttf", ".woff2"])
def test_the_epub_carries_the_user_face_its_text_needs(
    tmp_path: Path, runner: CliRunner, suffix: str
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    flavor = suffix.removeprefix(".") if suffix != ".ttf" else None
    box_font(fonts / f"TestGeorgian{suffix}", "Test Georgian", GEORGIAN, flavor=flavor)
    epub = _build(runner, _georgian(tmp_path), tmp_path / "out", "--fonts", str(fonts))
    assert check_file(epub, ace=False).ok  # EPUBCheck: the font is declared and used
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        face = book.read("EPUB/fonts/user-TestGeorgian.ttf")
        rules = book.read("EPUB/style/fonts.css").decode()
        last = book.read("EPUB/style/epub.css").decode()
        opf = book.read("EPUB/content.opf").decode()
        text = "".join(book.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert 'font-family: "Publish User Test Georgian"' in rules
    assert 'src: url("../fonts/user-TestGeorgian.ttf")' in rules
    items = ET.fromstring(opf).iter("{http://www.idpf.org/2007/opf}item")
    assert {"href": "fonts/user-TestGeorgian.ttf", "media-type": "font/ttf"}.items() <= next(
        i.attrib for i in items if "user-" in i.get("href", "")
    ).items()
    assert [n for n in names if "user-" in n] == ["EPUB/fonts/user-TestGeorgian.ttf"]
    # the stacks end with the user's family, after the theme's own rules (so they win)
    tail = last[last.index("--fonts") :]
    assert 'html { font-family: "Publish Noto Serif"' in tail
    assert tail.count('"Publish User Test Georgian";') >= 3
    # a subset: only the letters the article uses, the unused ones are gone
    kept = set(TTFont(io.BytesIO(face)).getBestCmap())
    used = {ord(c) for c in text} & set(GEORGIAN)
    assert len(used) > 15  # headline, body and the date in Georgian ("15 მარტი 2024")
    assert used <= kept and not kept & (set(GEORGIAN) - used)


def test_an_epub_whose_text_needs_no_user_face_is_unchanged(
    tmp_path: Path, runner: CliRunner
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    box_font(fonts / "TestGeorgian.ttf", "Test Georgian", GEORGIAN)
    article = tmp_path / "en.md"
    article.write_text("---\ntitle: Ferry back\ndate: 2024-03-15\n---\n\nIt sails.\n")
    plain = _build(runner, article, tmp_path / "a")
    with_fonts = _build(runner, article, tmp_path / "b", "--fonts", str(fonts))
    assert plain.read_bytes() == with_fonts.read_bytes()


@pytest.mark.parametrize(
    ("fs_type", "refused"),
    [
        (0x0000, None),
        (0x0004, None),  # Preview & Print: the outputs are read, not edited
        (0x0008, None),
        (0x0002 | 0x0008, None),  # the least restrictive bit applies
        (0x0002, "Restricted License embedding"),
        (0x0004 | 0x0100, "no subsetting"),
        (0x0200, "bitmap embedding only"),
    ],
)
def test_licence_bits_decide_whether_the_font_may_be_embedded(
    fs_type: int, refused: str | None
) -> None:
    problem = embedding_problem(fs_type)
    assert problem == refused if refused is None else refused in (problem or "")


def test_a_font_that_may_not_be_embedded_is_refused_naming_it(
    tmp_path: Path, runner: CliRunner
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    box_font(fonts / "Locked.ttf", "Locked", GEORGIAN, fs_type=0x0002)
    out = tmp_path / "o"
    result = runner.invoke(
        app, ["build", str(_georgian(tmp_path)), "-o", str(out), "--fonts", str(fonts)]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Locked.ttf" in lines[0], lines
    assert "Restricted License embedding" in lines[0] and "licence" in lines[0]
    assert not out.exists() or not any(out.iterdir())
