"""Every listed script prints with the shipped fonts, on a machine whose fontconfig sees only
DejaVu; right-to-left articles carry dir="rtl"; a character no font has is an error (exit 4).

The texts are written for these tests (short news-like paragraphs in each language)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from publish.render.scripts import direction
from tests.checkers import pdf_font_names

TEXTS = {
    "vi": (
        "Hội đồng thành phố họp về ngân sách",
        "Hội đồng thành phố đã thông qua ngân sách mới cho năm tới với 42 phiếu thuận.",
    ),
    "el": (
        "Το δημοτικό συμβούλιο ψήφισε τον προϋπολογισμό",
        "Το συμβούλιο ενέκρινε χθες τον νέο προϋπολογισμό με 42 ψήφους υπέρ.",
    ),
    "ru": (
        "Городской совет утвердил бюджет",
        "Вчера городской совет утвердил новый бюджет на следующий год.",
    ),
    "ar": (
        "مجلس المدينة يقر الميزانية الجديدة",
        "أقر مجلس المدينة أمس الميزانية الجديدة للعام المقبل بأغلبية الأصوات.",
    ),
    "fa": (
        "شورای شهر بودجه را تصویب کرد",
        "شورای شهر دیروز بودجه سال آینده را با اکثریت آرا تصویب کرد.",
    ),
    "ur": ("شہری کونسل نے بجٹ منظور کر لیا", "شہری کونسل نے کل اگلے سال کا نیا بجٹ منظور کر لیا۔"),
    "he": (
        "מועצת העיר אישרה את התקציב",
        "מועצת העיר אישרה אתמול את התקציב החדש לשנה הבאה ברוב קולות.",
    ),
    "hi": (
        "नगर परिषद ने नया बजट पारित किया",
        "नगर परिषद ने कल अगले वर्ष के लिए नया बजट पारित किया और स्वास्थ्य पर ज़ोर दिया।",
    ),
    "bn": ("নগর পরিষদ নতুন বাজেট পাস করেছে", "নগর পরিষদ গতকাল আগামী বছরের জন্য নতুন বাজেট পাস করেছে।"),
    "ta": (
        "நகர சபை புதிய வரவு செலவு திட்டத்தை ஏற்றது",
        "நகர சபை நேற்று அடுத்த ஆண்டுக்கான புதிய திட்டத்தை ஏற்றுக்கொண்டது.",
    ),
    "th": ("สภาเมืองอนุมัติงบประมาณใหม่", "สภาเมืองได้อนุมัติงบประมาณใหม่สำหรับปีหน้าเมื่อวานนี้"),
    "my": ("မြို့တော်ကောင်စီက ဘတ်ဂျက်အသစ်ကို အတည်ပြုခဲ့သည်", "မြို့တော်ကောင်စီသည် မနေ့က လာမည့်နှစ်အတွက် ဘတ်ဂျက်အသစ်ကို အတည်ပြုခဲ့သည်။"),
    "zh-Hans": ("市议会通过新预算", "市议会昨天以多数票通过了明年的新预算，重点投入教育和交通。"),
    "zh-Hant": ("市議會通過新預算", "市議會昨天以多數票通過了明年的新預算，重點投入教育和交通。"),
    "ja": ("市議会が新しい予算を可決", "市議会は昨日、来年度の新しい予算を賛成多数で可決した。"),
    "ko": (
        "시의회가 새 예산을 통과시켰다",
        "시의회는 어제 내년도 새 예산을 찬성 다수로 통과시켰다.",
    ),
}


def _article(folder: Path, lang: str, headline: str, body: str) -> Path:
    path = folder / f"article-{lang}.md"
    path.write_text(
        f'---\ntitle: "{headline}"\ndate: 2024-03-15\nlang: {lang}\nauthors: [Ana Ruiz]\n'
        f"publisher: Example Press\n---\n\n{body}\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def _build(path: Path, out: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publish", "build", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def _pdf_fonts(pdf: Path) -> set[str]:
    return pdf_font_names(pdf)


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_script_prints_in_its_own_font(
    lang: str, tmp_path: Path, dejavu_only: dict[str, str]
) -> None:
    headline, body = TEXTS[lang]
    done = _build(_article(tmp_path, lang, headline, body), tmp_path / "out", dejavu_only)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    fonts = _pdf_fonts(pdf)
    assert not any("DejaVu" in name for name in fonts), fonts
    own = {
        "ar": "Naskh Arabic",
        "fa": "Naskh Arabic",
        "ur": "Naskh Arabic",
        "he": "Serif Hebrew",
        "hi": "Serif Devanagari",
        "bn": "Serif Bengali",
        "ta": "Serif Tamil",
        "th": "Serif Thai",
        "my": "Serif Myanmar",
        "zh-Hans": "Serif CJK SC",
        "zh-Hant": "Serif CJK TC",
        "ja": "Serif CJK JP",
        "ko": "Serif CJK KR",
    }.get(lang, "Serif")
    expected = "Publish-Noto-" + own.replace(" ", "-")
    assert expected in fonts, fonts
    document = pdfium.PdfDocument(str(pdf))
    text = document[0].get_textpage().get_text_range()
    document.close()
    # Every glyph maps back to the text: no .notdef box stands in for a character.
    assert body.split()[0] in text or body[:4] in text.replace("\r\n", "")


def test_direction_of_languages() -> None:
    assert [direction(tag) for tag in ("ar", "fa-IR", "ur", "he", "yi")] == ["rtl"] * 5
    assert [direction(tag) for tag in ("en", "zh-Hant", "hi", "az-Arab-IR"[:2])] == ["ltr"] * 4
    assert direction("ku-Arab") == "rtl"
    assert direction("ku") == "ltr"


@pytest.mark.slow
def test_rtl_article_declares_direction(tmp_path: Path, dejavu_only: dict[str, str]) -> None:
    headline, body = TEXTS["ar"]
    path = _article(tmp_path, "ar", headline, body)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "publish",
            "build",
            str(path),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "epub",
        ],
        capture_output=True,
        text=True,
        env=dejavu_only,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    import zipfile

    book = zipfile.ZipFile(next((tmp_path / "out").glob("*.epub")))
    opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert 'page-progression-direction="rtl"' in opf
    for name in book.namelist():
        if name.endswith(".xhtml"):
            assert 'dir="rtl"' in book.read(name).decode(), name


def test_character_in_no_font_is_an_error(tmp_path: Path, dejavu_only: dict[str, str]) -> None:
    # Ethiopic and Cherokee are in no shipped font.
    path = _article(tmp_path, "am", "ሰላም ዓለም", "ይህ የሙከራ ጽሑፍ ነው። ᏣᎳᎩ")
    done = _build(path, tmp_path / "out", dejavu_only)
    assert done.returncode == 4
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "U+1230 ሰ" in lines[0] and "Ethiopic" in lines[0] and "Cherokee" in lines[0]
    assert "--fonts DIR" in lines[0]
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_symbol_in_no_font_is_named_with_where_it_is_and_a_font_to_add(
    tmp_path: Path, dejavu_only: dict[str, str]
) -> None:
    """An arrow or a star is no script: the line says symbols, shows the words around the
    first one so an editor finds it, and names a free font that has them."""
    body = "The ferry timetable changed on Monday \u2b50 and the fares went \u2b07 in March."
    done = _build(_article(tmp_path, "en", "Ferry fares", body), tmp_path / "out", dejavu_only)
    assert done.returncode == 4
    [line] = done.stderr.strip().splitlines()
    assert "2 character(s) in no font (symbols): U+2B50 \u2b50, U+2B07 \u2b07" in line
    assert 'the first in "ferry timetable changed on Monday \u2b50 and the fares went' in line
    assert "Noto Sans Symbols 2" in line and "--fonts DIR" in line
    assert "script" not in line.split(":")[2]


def test_check_fails_a_pdf_with_notdef_glyphs(
    tmp_path: Path, expect_warnings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the coverage check, a private-use character reaches WeasyPrint, which draws
    # it with glyph 0: `publish check` must say so.
    from publish import writers
    from publish.check.verdict import check_file
    from publish.pipeline import build
    from publish.settings import BuildSettings

    monkeypatch.setattr(writers.pdf, "check_coverage", lambda text, fonts: None)
    path = _article(tmp_path, "en", "A test of missing glyphs", "The sign \ue000\ue001 is private.")
    build([str(path)], BuildSettings(out_dir=tmp_path / "out", formats=("pdf",)))
    pdf = next((tmp_path / "out").glob("*.pdf"))
    verdict = check_file(pdf, ace=False)
    assert not verdict.ok
    assert any(".notdef" in problem for problem in verdict.problems), verdict.problems
    clean = _article(tmp_path, "de", "Ein Test", "Der Rat hat den Haushalt gebilligt.")
    build([str(clean)], BuildSettings(out_dir=tmp_path / "clean", formats=("pdf",)))
    assert check_file(next((tmp_path / "clean").glob("*.pdf")), ace=False).ok


@pytest.mark.parametrize("lang", ["ar", "zh-Hans", "hi"])
def test_cover_draws_the_headline_in_its_script(lang: str, tmp_path: Path) -> None:
    import io

    from PIL import Image

    from publish.pipeline import load_article
    from publish.render.templates import Theme
    from publish.writers.cover import HEIGHT, MARGIN, WIDTH, draw_cover

    headline, body = TEXTS[lang]
    article, _ = load_article(str(_article(tmp_path, lang, headline, body)))
    cover = draw_cover(article, Theme())
    assert headline in cover.shown and "Example Press" in cover.shown
    image = Image.open(io.BytesIO(cover.png)).convert("L")
    band = image.crop((0, 420, WIDTH, 700))  # where the headline's first line goes
    dark = [x for x in range(WIDTH) for y in range(0, 280, 4) if band.getpixel((x, y)) < 100]
    assert len(dark) > 500, "no headline ink"
    if lang == "ar":  # right to left: the line starts at the right margin
        assert max(dark) > WIDTH - MARGIN - 20 and min(dark) > MARGIN + 20
    else:
        assert min(dark) < MARGIN + 20
    assert HEIGHT > 700


def test_the_cover_png_decodes_to_the_pixels_drawn() -> None:
    import io

    from PIL import Image, ImageChops, ImageDraw

    from publish.writers.png import png_rgb

    # Flat rows repeating the one above, rows of text-like detail, a last row that differs.
    image = Image.new("RGB", (64, 40), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 63, 9), fill=(31, 78, 121))
    draw.text((4, 14), "Cover 42", fill=(26, 26, 26))
    draw.line((0, 39, 63, 39), fill=(153, 153, 153))
    png = png_rgb(image)
    decoded = Image.open(io.BytesIO(png))
    decoded.load()
    assert decoded.mode == "RGB" and decoded.size == image.size
    assert ImageChops.difference(decoded, image).getbbox() is None
    assert png_rgb(image.copy()) == png  # the same picture, the same bytes
