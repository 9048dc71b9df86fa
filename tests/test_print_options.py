"""Print options: parsing paper, bleed, marks and variants; precedence; the CLI's errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import InputError, UsageError
from publish.model import Article
from publish.model.printing import (
    PAPERS,
    Length,
    PrintPreferences,
    parse_bleed,
    parse_marks,
    parse_paper,
)
from publish.readers import read_article
from publish.writers.pdf.options import PrintRequest, resolve_print

MM = 72 / 25.4


@pytest.mark.parametrize(
    ("text", "width", "height"),
    [
        ("A4", 210 * MM, 297 * MM),
        ("a5", 148 * MM, 210 * MM),
        ("B5", 176 * MM, 250 * MM),
        ("Letter", 612, 792),
        ("legal", 612, 1008),
        ("TABLOID", 792, 1224),
        ("148mmx210mm", 148 * MM, 210 * MM),
        ("6inx9in", 432, 648),
        ("6in x 9in", 432, 648),
        ("21cm×29.7cm", 210 * MM, 297 * MM),
    ],
)
def test_paper_sizes(text: str, width: float, height: float) -> None:
    paper = parse_paper(text)
    assert paper.width.points == pytest.approx(width)
    assert paper.height.points == pytest.approx(height)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0x0", "between 80mm and 1200mm"),
        ("148x210", "give each side a unit"),
        ("2mx3m", "unknown unit"),
        ("A9", "not a paper size"),
        ("10mmx210mm", "between 80mm and 1200mm"),
        ("148mm", "not a paper size"),
    ],
)
def test_bad_paper(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_paper(text)


def test_lengths() -> None:
    assert parse_bleed("3mm").points == pytest.approx(3 * MM)
    assert parse_bleed("0.125in").points == pytest.approx(9)
    assert parse_bleed("0").points == 0
    assert parse_bleed("9pt").css == "9pt"
    for bad, message in (
        ("-3mm", "negative"),
        ("3", "not a length"),
        ("21mm", "largest"),
        ("3px3", "not a length"),
        ("3ft", "unknown unit"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_bleed(bad)


def test_marks() -> None:
    assert parse_marks("crop") == ("crop",)
    assert parse_marks("cross,crop") == ("crop", "cross")
    assert parse_marks(["cross"]) == ("cross",)
    assert parse_marks("none") == ()
    for bad in ("", "bleed", "crop,none"):
        with pytest.raises(ValueError, match="not a choice of marks"):
            parse_marks(bad)


def test_profiles_fill_in_what_is_not_given() -> None:
    screen = resolve_print(PrintRequest(), PrintPreferences())
    assert (screen.paper, screen.bleed.points, screen.marks, screen.pdf_variant) == (
        PAPERS["a4"],
        0,
        (),
        "pdf/ua-1",
    )
    press = resolve_print(PrintRequest(profile="press"), PrintPreferences())
    assert press.bleed.points == pytest.approx(3 * MM)
    assert (press.marks, press.pdf_variant, press.is_pdf_x) == (("crop",), "pdf/x-4", True)
    assert press.stylesheets(("a.css",)) == ("a.css", "press.css")


def test_command_line_beats_front_matter_beats_profile() -> None:
    front = PrintPreferences(paper=PAPERS["a5"], bleed=Length(5, "mm"), marks=("cross",))
    request = PrintRequest(profile="press", paper=PAPERS["letter"], marks=())
    settings = resolve_print(request, front)
    assert settings.paper == PAPERS["letter"]
    assert settings.bleed == Length(5, "mm")
    assert settings.marks == ()
    assert resolve_print(PrintRequest(no_variant=True), front).pdf_variant is None


def test_page_css_makes_room_for_marks() -> None:
    plain = resolve_print(PrintRequest(paper=PAPERS["a5"]), PrintPreferences())
    assert plain.page_css() == "@page { size: 148mm 210mm; bleed: 0; marks: none; }\n"
    press = resolve_print(PrintRequest(profile="press"), PrintPreferences())
    assert press.slug_pt > press.mark_offset_pt + press.mark_length_pt > press.bleed.points
    assert f"bleed: {press.slug_pt:.4f}pt" in press.page_css()


def test_request_errors_name_the_option() -> None:
    with pytest.raises(UsageError, match="^error: --bleed: "):
        PrintRequest.from_options(bleed="-1mm")
    with pytest.raises(UsageError, match='^error: --pdf-variant: "pdf/a-9" is not'):
        PrintRequest.from_options(pdf_variant="pdf/a-9", supported_variants=["pdf/a-3b"])
    request = PrintRequest.from_options(pdf_variant="none")
    assert request.no_variant and request.pdf_variant is None


def _markdown(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\ndate: 2024-01-02\n{front}---\n\nBody.\n", encoding="utf-8")
    return path


def test_front_matter_print_mapping(tmp_path: Path) -> None:
    path = _markdown(tmp_path, "print:\n  paper: A5\n  bleed: 2mm\n  marks: [crop, cross]\n")
    article, _ = read_article(str(path))
    expected = PrintPreferences(paper=PAPERS["a5"], bleed=Length(2, "mm"), marks=("crop", "cross"))
    assert article.print == expected
    assert read_article(str(_markdown(tmp_path, "")))[0].print == PrintPreferences()
    text = tmp_path / "a.txt"
    text.write_text("Headline\n2024-01-02\n\nprint: A5\n", encoding="utf-8")
    assert read_article(str(text))[0].print == PrintPreferences()


def test_print_settings_survive_json(tmp_path: Path) -> None:
    """An article's print settings are part of it: written as JSON and read back the same."""
    path = _markdown(
        tmp_path, "print:\n  paper: 6.5in x 9.25in\n  bleed: 0.00001in\n  marks: none\n"
    )
    article, _ = read_article(str(path))
    assert (article.print.paper.name, article.print.marks) == ("6.5in x 9.25in", ())
    assert Article.model_validate_json(article.model_dump_json()) == article
    (tmp_path / "a.json").write_text(article.model_dump_json(), encoding="utf-8")
    assert read_article(str(tmp_path / "a.json"))[0].print == article.print
    # the book's identifier names the work, whatever the paper
    assert article.identity_json() == article.revised(print=PrintPreferences()).identity_json()


def test_json_print_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"headline": "T",\n "date": "2024-01-02",\n "print": {"bleed": "30mm"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r'a\.json:3: error: print\.bleed: "30mm" is more than'):
        read_article(str(path))


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("print:\n  paper: '0x0'\n", r"a\.md:4: error: print\.paper: \"0x0\""),
        (
            "print:\n  paper: 0x0\n",
            r"a\.md:4: error: print\.paper: must be text .*put it in quotes",
        ),
        ("print:\n  size: A5\n", r'a\.md:4: error: print: unknown key "size"'),
        ("print: A5\n", r"a\.md:4: error: print: must be a mapping"),
        ("print:\n", r"a\.md:4: error: print: must be a mapping"),
        ("print:\n  bleed: true\n", r"a\.md:4: error: print\.bleed: must be text"),
        ("print:\n  marks: 3\n", r"a\.md:4: error: print\.marks: must be text"),
        ("print:\n  marks: [crop, bleed]\n", r"a\.md:4: error: print\.marks: \"crop,bleed\""),
    ],
)
def test_front_matter_print_errors(tmp_path: Path, front: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_article(str(_markdown(tmp_path, front)))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("option", "value", "start"),
    [
        ("--paper", "0x0", 'error: --paper: "0x0"'),
        ("--paper", "148x210", 'error: --paper: "148x210"'),
        ("--bleed", "-3mm", 'error: --bleed: "-3mm" is negative'),
        ("--bleed", "3", 'error: --bleed: "3" is not a length'),
        ("--marks", "crop,bleed", 'error: --marks: "crop,bleed"'),
        ("--profile", "print", 'error: --profile: "print" is not a profile'),
        ("--pdf-variant", "pdf/x-9", 'error: --pdf-variant: "pdf/x-9" is not'),
        ("--pdf-variant", "debug", 'error: --pdf-variant: "debug" is not'),
    ],
)
def test_bad_option_exits_2_with_one_line(
    runner: CliRunner, seed_path: Path, tmp_path: Path, option: str, value: str, start: str
) -> None:
    result = runner.invoke(app, ["build", str(seed_path), "-o", str(tmp_path), f"{option}={value}"])
    assert result.exit_code == 2
    assert result.output.startswith(start)
    assert result.output.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_bad_front_matter_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    source = _markdown(tmp_path, "print:\n  bleed: -2mm\n")
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.output == f'{source}:4: error: print.bleed: "-2mm" is negative\n'
