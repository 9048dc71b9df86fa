"""Screen and press PDFs read back with pikepdf: page boxes, marks, standards, tags, bytes."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.model.printing import PAPERS, parse_paper
from publish.pipeline import build
from publish.print_request import PrintRequest
from publish.settings import BuildSettings
from publish.writers.identifiers import book_identifier
from publish.writers.pdf.weasy import PDF_VARIANTS
from tests.checkers import pdf_fonts_embedded

MM = 72 / 25.4
SHORT = Path(__file__).resolve().parent / "articles" / "print-short.md"
TOLERANCE = 0.01  # points


def build_pdf(source: Path, out: Path, **options: str) -> Path:
    request = PrintRequest.from_options(supported_variants=PDF_VARIANTS, **options)
    (result,) = build(
        [str(source)], BuildSettings(out_dir=out, formats=("pdf",), print_request=request)
    )
    (pdf,) = result.outputs
    assert result.warnings == ()
    return pdf


@pytest.fixture(scope="module")
def press_a5(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    return build_pdf(seed_path, tmp_path_factory.mktemp("press"), profile="press", paper="A5")


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    return build_pdf(seed_path, tmp_path_factory.mktemp("screen"))


def box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


def xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def stroked_points(page: pikepdf.Page) -> list[tuple[float, float]]:
    """Return the end points of the lines drawn in the page's registration colour."""
    points: list[tuple[float, float]] = []
    registration = False
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "CS":
            registration = str(operands[0]) == "/PublishRegistration"
        elif registration and op in ("m", "l"):
            points.append((float(operands[0]), float(operands[1])))
    return points


def test_press_page_boxes(press_a5: Path) -> None:
    with pikepdf.open(press_a5) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            trim = box(page, "/TrimBox")
            assert trim[2] - trim[0] == pytest.approx(148 * MM, abs=TOLERANCE)
            assert trim[3] - trim[1] == pytest.approx(210 * MM, abs=TOLERANCE)
            bleed = box(page, "/BleedBox")
            grown = [trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM]
            assert bleed == pytest.approx(grown, abs=TOLERANCE)
            media = box(page, "/MediaBox")
            assert media[0] < bleed[0] - 5 * MM and media[1] < bleed[1] - 5 * MM
            assert media[2] > bleed[2] + 5 * MM and media[3] > bleed[3] + 5 * MM


def test_press_crop_marks_lie_outside_the_bleed(press_a5: Path) -> None:
    with pikepdf.open(press_a5) as pdf:
        for page in pdf.pages:
            bleed, media = box(page, "/BleedBox"), box(page, "/MediaBox")
            points = stroked_points(page)
            assert len(points) == 16  # 4 corners, 2 lines each, 2 ends per line
            for x, y in points:
                assert media[0] <= x <= media[2] and media[1] <= y <= media[3]
                assert not (bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3])
            trim = box(page, "/TrimBox")
            xs = {round(x, 2) for x, _ in points}
            assert round(trim[0], 2) in xs and round(trim[2], 2) in xs  # aligned with trim


def test_press_claims_pdf_x4_with_an_output_intent(press_a5: Path) -> None:
    with pikepdf.open(press_a5) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.6"
        meta = xmp(pdf)
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in meta
        assert pdf.docinfo["/Trapped"] == pikepdf.Name("/False")
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name("/GTS_PDFX")
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes()[16:20] == b"CMYK"
        article_uuid = book_identifier_of_seed()
        assert f"<xmpMM:DocumentID>uuid:{article_uuid}</xmpMM:DocumentID>" in meta
        assert str(pdf.Root.Lang) == "en"


def book_identifier_of_seed() -> str:
    from publish.pipeline import load_article
    from tests.conftest import SEED

    article, _ = load_article(str(SEED))
    return book_identifier(article).removeprefix("urn:uuid:")


def test_press_colours_are_cmyk(press_a5: Path) -> None:
    with pikepdf.open(press_a5) as pdf:
        for page in pdf.pages:
            operators = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not operators & {"rg", "RG", "sc", "SC"}
            assert "scn" in operators
        spaces = pdf.pages[0].Resources.ColorSpace
        assert spaces.DefaultRGB[0] == pikepdf.Name("/ICCBased")  # RGB images are sRGB


def test_press_fonts_embedded_and_subset(press_a5: Path) -> None:
    fonts = pdf_fonts_embedded(press_a5)
    assert fonts and all(fonts.values())
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts)


def test_screen_is_tagged_and_claims_pdf_ua1(screen: Path) -> None:
    with pikepdf.open(screen) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert 'pdfuaid:part="1"' in xmp(pdf) or "<pdfuaid:part>1</pdfuaid:part>" in xmp(pdf)
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo["/Title"]).startswith("Mediate Nagorno-Karabakh")
        assert "/OutputIntents" not in pdf.Root
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root][:1] == [
                "Mediate Nagorno-Karabakh conflict, scholars urge Israel\u2019s Isaac Herzog"
            ]
        for page in pdf.pages:
            assert box(page, "/MediaBox") == pytest.approx(box(page, "/TrimBox"))
            assert box(page, "/BleedBox") == pytest.approx(box(page, "/TrimBox"))
            assert stroked_points(page) == []
            trim = box(page, "/TrimBox")
            assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=TOLERANCE)


def test_screen_fonts_embedded(screen: Path) -> None:
    fonts = pdf_fonts_embedded(screen)
    assert fonts and all(fonts.values())


@pytest.mark.parametrize("profile", ["screen", "press"])
def test_two_builds_are_byte_identical(
    tmp_path: Path, seed_path: Path, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_pdf(seed_path, tmp_path / "one", profile=profile)
    second = build_pdf(seed_path, tmp_path / "two", profile=profile)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("paper", [*(p.name for p in PAPERS.values()), "6inx9in"])
def test_every_paper_size(tmp_path: Path, paper: str) -> None:
    pdf_path = build_pdf(SHORT, tmp_path, profile="press", paper=paper, marks="crop,cross")
    size = parse_paper(paper)
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            trim = box(page, "/TrimBox")
            assert trim[2] - trim[0] == pytest.approx(size.width.points, abs=TOLERANCE)
            assert trim[3] - trim[1] == pytest.approx(size.height.points, abs=TOLERANCE)
            assert len(stroked_points(page)) == 16 + 4 * 5  # crosses: a circle, two lines
            for annotation in page.get("/Annots", []):  # PDF/X: no visible link
                assert int(annotation.F) & 2


def test_every_character_has_a_glyph(seed_path: Path) -> None:
    from fontTools.ttLib import TTFont

    from publish.resources import theme_dir

    text = seed_path.read_text(encoding="utf-8") + "0123456789 / \u2010"
    for name in ("NotoSerif-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Regular.ttf"):
        font = TTFont(theme_dir("styles") / "fonts" / name)
        cmap = font.getBestCmap()
        missing = {char for char in text if char.strip() and ord(char) not in cmap}
        assert not missing, f"{name} lacks {sorted(missing)}"


def test_text_stays_inside_the_margins(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf_path = build_pdf(SHORT, tmp_path, paper="A5")
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in document:
            width = page.get_width()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(index)
                if right > left:
                    assert 20 * MM - 1 <= left and right <= width - 20 * MM + 1
    finally:
        document.close()


def test_front_matter_paper_and_command_line_override(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        SHORT.read_text(encoding="utf-8").replace(
            "lang: en-GB\n", "lang: en-GB\nprint:\n  paper: B5\n  bleed: 5mm\n"
        ),
        encoding="utf-8",
    )
    with pikepdf.open(build_pdf(article, tmp_path / "fm", profile="press")) as pdf:
        page = pdf.pages[0]
        trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
        assert trim[2] - trim[0] == pytest.approx(176 * MM, abs=TOLERANCE)
        assert trim[0] - bleed[0] == pytest.approx(5 * MM, abs=TOLERANCE)
    with pikepdf.open(build_pdf(article, tmp_path / "cli", paper="A5", bleed="0")) as pdf:
        page = pdf.pages[0]
        trim = box(page, "/TrimBox")
        assert trim[2] - trim[0] == pytest.approx(148 * MM, abs=TOLERANCE)
        assert box(page, "/BleedBox") == pytest.approx(trim)


@pytest.mark.parametrize(
    ("variant", "claim"),
    [
        ("pdf/a-3b", 'pdfaid:part="3"'),
        ("pdf/a-2u", 'pdfaid:conformance="U"'),
    ],
)
def test_other_variants(tmp_path: Path, variant: str, claim: str) -> None:
    with pikepdf.open(build_pdf(SHORT, tmp_path, pdf_variant=variant)) as pdf:
        assert claim in xmp(pdf)
        assert "pdfuaid" not in xmp(pdf)


def test_no_variant(tmp_path: Path) -> None:
    with pikepdf.open(build_pdf(SHORT, tmp_path, pdf_variant="none")) as pdf:
        assert "/Metadata" not in pdf.Root
        assert "/StructTreeRoot" in pdf.Root  # still tagged


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_figures_carry_alt_text(tmp_path: Path) -> None:
    (tmp_path / "map.png").write_bytes(_png(40, 20))
    article = tmp_path / "fig.md"
    article.write_text(
        "---\ntitle: Map\ndate: 2024-01-02\n---\n\nBefore.\n\n"
        '![A map of the region](map.png "The region")\n\nAfter.\n',
        encoding="utf-8",
    )
    with pikepdf.open(build_pdf(article, tmp_path / "out")) as pdf:
        figures = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
        assert [str(f.Alt) for f in figures] == ["A map of the region"]


def test_cli_press_build(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "build",
            str(seed_path),
            "-o",
            str(tmp_path),
            "--profile",
            "press",
            "--paper",
            "A5",
            "-f",
            "pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    (pdf_path,) = tmp_path.glob("*.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert "/OutputIntents" in pdf.Root


@pytest.mark.parametrize("profile", ["screen", "press"])
def test_reference_pictures_match_the_page_shape(
    request: pytest.FixtureRequest, profile: str
) -> None:
    from PIL import Image

    pdf_path = request.getfixturevalue("screen" if profile == "screen" else "press_a5")
    with pikepdf.open(pdf_path) as pdf:
        media = box(pdf.pages[0], "/MediaBox")
    picture = Path(__file__).resolve().parent / "reference" / f"{profile}-page1.png"
    with Image.open(picture) as image:
        width, height = image.size
    assert width == pytest.approx((media[2] - media[0]) * 40 / 72, abs=1.5)
    assert height == pytest.approx((media[3] - media[1]) * 40 / 72, abs=1.5)


def test_a_pdf_with_images_does_not_depend_on_the_folder_it_was_built_in(tmp_path: Path) -> None:
    """WeasyPrint names images after their absolute URL; the finisher names them by content."""
    from tests.images import png

    text = (
        "---\ntitle: Two blocks\ndate: 2024-01-09\n---\n\nA red block and a blue one.\n\n"
        "![A red block](pics/red.png)\n\n![A blue block](blue.png)\n"
    )
    pdfs = []
    for folder in (tmp_path / "here", tmp_path / "elsewhere" / "deeper"):
        (folder / "pics").mkdir(parents=True)
        (folder / "pics" / "red.png").write_bytes(png(rgb=(200, 30, 30)))
        (folder / "blue.png").write_bytes(png(rgb=(30, 30, 200)))
        (folder / "two.md").write_text(text, encoding="utf-8")
        build([str(folder / "two.md")], BuildSettings(out_dir=folder / "out", formats=("pdf",)))
        pdfs.append((folder / "out" / "two-blocks.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    with pikepdf.open(tmp_path / "here" / "out" / "two-blocks.pdf") as pdf:
        names = {str(name) for page in pdf.pages for name in page.Resources.get("/XObject", {})}
    assert len(names) == 2  # two images, two names
