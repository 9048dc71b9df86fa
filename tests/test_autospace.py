"""A quarter em between kana or Han and Latin letters or digits in Japanese and Chinese (JLREQ,
CLREQ): in the PDF's rendered text only (WeasyPrint 70 has no `text-autospace`); the EPUB
asks the reading system with `text-autospace` and keeps the text as written; the model is
never changed. Texts written for these tests."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from publish.check.verdict import check_file
from publish.pipeline import load_article
from publish.render.scripts import AUTOSPACE, autospace
from publish.render.templates import Theme, collapse_spaces, render_article
from tests.checkers import pdf_font_names

JAPANESE = (
    "新しい航路は全長12キロで、1日に8便が運航される。船は2023年に造られ、"
    "担当者はPDFの資料で「Wi-Fiも無料」と説明した。"
)
CHINESE = "新航线全长12公里，每天运营8个班次，船上提供免费Wi-Fi。"


def test_autospace_marks_each_change_between_ideographs_and_western_text() -> None:
    q = AUTOSPACE
    assert autospace("全長12キロ") == f"全長{q}12{q}キロ"
    assert autospace("PDFの資料") == f"PDF{q}の資料"
    assert autospace("船上提供免费Wi-Fi。") == f"船上提供免费{q}Wi-Fi。"
    # punctuation, spaces already there, full-width digits and Latin text: nothing added
    assert autospace("「Wi-Fi」と") == "「Wi-Fi」と"
    assert autospace("IC カード") == "IC カード"
    assert autospace("全長１２キロ") == "全長１２キロ"
    assert autospace("Ferry 12 km") == "Ferry 12 km"


def test_only_japanese_and_chinese_pdf_text_is_spaced() -> None:
    assert collapse_spaces("全長12キロ", "ja", spaced=True) == "全長\u200512\u2005キロ"
    assert collapse_spaces("全长12公里", "zh-Hans", spaced=True) == "全长\u200512\u2005公里"
    assert collapse_spaces("全長12キロ", "ja", spaced=False) == "全長12キロ"
    assert collapse_spaces("全長12キロ", "jv", spaced=True) == "全長12キロ"  # not "ja"
    assert collapse_spaces("全長12キロ", "en", spaced=True) == "全長12キロ"


def _write(folder: Path, lang: str, title: str, body: str) -> Path:
    path = folder / f"{lang}.md"
    path.write_text(
        f"---\ntitle: {title}\ndate: 2024-03-15\nlang: {lang}\n---\n\n{body}\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("lang", "title", "body", "headline"),
    [
        ("ja", "新航路、5月に開始", JAPANESE, "新航路、5\u2005月に開始"),
        ("zh-Hans", "新航线5月开通", CHINESE, "新航线\u20055\u2005月开通"),
    ],
)
def test_the_pdf_html_is_spaced_the_epub_html_and_the_model_are_not(
    tmp_path: Path, lang: str, title: str, body: str, headline: str
) -> None:
    article, _ = load_article(str(_write(tmp_path, lang, title, body)))
    assert AUTOSPACE not in article.headline
    assert article.body[0].inlines[0].text == body  # type: ignore[union-attr]
    pdf = render_article(article, target="pdf", theme=Theme())
    epub = render_article(article, target="epub", theme=Theme())
    assert f"\u2005{body[body.index('12') : body.index('12') + 2]}\u2005" in pdf
    assert headline in pdf  # the headline too
    assert AUTOSPACE not in epub and body in epub


def test_the_epub_asks_the_reading_system_for_the_space(tmp_path: Path) -> None:
    css = (Path(__file__).parent.parent / "styles" / "epub.css").read_text(encoding="utf-8")
    assert ":lang(ja), :lang(zh) {\n  text-autospace: normal;\n}" in css


@pytest.mark.slow
def test_the_quarter_em_prints_with_the_shipped_fonts(
    tmp_path: Path, dejavu_only: dict[str, str]
) -> None:
    """With only DejaVu on the machine the space comes from the shipped Noto Serif (the CJK
    subsets have none), measures a quarter of the ideographs' em, and no glyph is missing."""
    source = _write(tmp_path, "ja", "新航路、5月に開始", JAPANESE)
    done = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(source), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=dejavu_only,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert check_file(pdf, ace=False).ok
    assert not any("DejaVu" in name for name in pdf_font_names(pdf))
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0].get_textpage()
        text = page.get_text_range()
        at = text.index("全長") + 1  # 長, then the space, then "12"
        assert text[at + 1] in (AUTOSPACE, " ") and text[at + 2 : at + 4] == "12", text
        # loose boxes span each glyph's advance; an ideograph's advance is one em
        left, _, right, _ = page.get_charbox(at, loose=True)
        start = page.get_charbox(at + 2, loose=True)[0]
        gap_em = (start - right) / (right - left)
    finally:
        document.close()
    assert 0.18 < gap_em < 0.32, gap_em
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.epub"))) as book:
        page_xhtml = book.read("EPUB/article.xhtml").decode("utf-8")
    assert AUTOSPACE not in page_xhtml and "全長12キロ" in page_xhtml
