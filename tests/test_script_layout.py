"""Line breaking and direction inside a script's text: Korean words kept whole, Latin names in
a right-to-left sentence isolated (WeasyPrint 70 has neither `word-break: keep-all` nor
`unicode-bidi`, so both are done in the markup and the text). Texts written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from publish.check.verdict import check_file
from publish.pipeline import build
from publish.render.scripts import keep_words
from publish.settings import BuildSettings
from tests.checkers import pdf_font_names

KOREAN = (
    "시의회는 어제 내년도 새 예산을 찬성 다수로 통과시켰다. 시장은 학교와 대중교통에 "
    "더 많은 돈을 쓰겠다고 약속했고, 공사는 봄에 시작된다고 말했다."
)
ARABIC = "أقر مجلس المدينة أمس الميزانية الجديدة للعام المقبل بأغلبية الأصوات."


def _article(folder: Path, lang: str, title: str, body: str, paper: str = "A4") -> Path:
    path = folder / f"{lang}.md"
    path.write_text(
        f'---\ntitle: "{title}"\ndate: 2024-03-15\nlang: {lang}\n'
        f"authors: [Ana Ruiz, Ben Ode]\npublisher: Example Press\n"
        f"print:\n  paper: {paper}\n---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def _pdf(folder: Path, article: Path) -> Path:
    build([str(article)], BuildSettings(out_dir=folder / "out", formats=("pdf",)))
    return next((folder / "out").glob("*.pdf"))


def test_keep_words_wraps_only_words_with_hangul() -> None:
    assert keep_words("새 예산, OK <b>") == (
        '<span class="keep-word">새</span> <span class="keep-word">예산,</span> OK &lt;b&gt;'
    )


def test_korean_lines_break_between_words(tmp_path: Path) -> None:
    body = " ".join([KOREAN] * 6)
    pdf = _pdf(
        tmp_path, _article(tmp_path, "ko", "시의회가 예산을 통과시켰다", body, "105mmx148mm")
    )
    document = pdfium.PdfDocument(str(pdf))
    text = document[0].get_textpage().get_text_range()
    document.close()
    words = set(body.split())
    lines = [line.split() for line in text.replace("\r", "").split("\n")]
    body_lines = [line for line in lines if line and line[0] in words and len(line) > 2]
    assert len(body_lines) > 4, text
    for line in body_lines:
        assert all(word in words for word in line), line  # no word cut at a line's end


def test_latin_names_in_an_rtl_sentence_keep_their_order(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path, _article(tmp_path, "ar", "مجلس المدينة يقر الميزانية", ARABIC))
    assert check_file(pdf, ace=False).ok  # the isolate characters draw no .notdef box
    document = pdfium.PdfDocument(str(pdf))
    page = document[0].get_textpage()
    text = page.get_text_range()
    # The provenance line: "بقلم Ana Ruiz وBen Ode." -- read from the right, Ana comes first.
    line_start = text.index("بقلم")
    ana, ben = text.index("Ana", line_start), text.index("Ben", line_start)
    assert page.get_charbox(ana)[0] > page.get_charbox(ben)[0]
    document.close()


def test_cjk_bold_has_its_own_face_and_rare_characters_fall_back_to_regular(tmp_path: Path) -> None:

    # 亍 is in GB 2312's second level: outside the bold subset, inside the regular one.
    pdf = _pdf(
        tmp_path,
        _article(
            tmp_path,
            "zh-Hans",
            "市议会通过新预算",
            "市议会昨天 **以多数票通过亍** 了明年的新预算。",
        ),
    )
    fonts = pdf_font_names(pdf)
    assert "Publish-Noto-Serif-CJK-SC-Bold" in fonts
    assert "Publish-Noto-Serif-CJK-SC" in fonts
    assert not any("CJK-TC" in name or "CJK-JP" in name for name in fonts), fonts
    assert check_file(pdf, ace=False).ok


HEBREW_ARTICLE = """---
title: "המעבורת חוזרת לקו"
date: 2024-04-02
lang: he
facts:
  - value: שעה וחצי
    label: בכביש החוף במקום הקו
---

המעבורת תחזור לפעול בשבוע הבא אחרי חודשים של תיקונים ברציף הישן, כך מסרה חברת הנמל
לתושבי האי ולסוחרים בשוק.

כ־2,000 נוסעים נסעו בקו מדי יום לפני הסערה, ורבים מהם נאלצו מאז לנסוע שעה וחצי בכביש
החוף כדי להגיע לעיר ולעבודה.

| יום | יציאה ראשונה |
|---|---|
| ראשון | 6:00 |
| שישי | 7:00 |
"""


def _right_edge(page: Any, text: str, word: str, start: int = 0) -> float:
    """Return the right edge of the first letter of WORD (its start, on a right-to-left line)."""
    return float(page.get_charbox(text.index(word, start))[2])


def test_a_right_to_left_article_sets_its_starts_on_the_right(tmp_path: Path) -> None:
    path = tmp_path / "he.md"
    path.write_text(HEBREW_ARTICLE, encoding="utf-8")
    pdf = _pdf(tmp_path, path)
    document = pdfium.PdfDocument(str(pdf))
    page = document[0].get_textpage()
    text = page.get_text_range()
    margin = _right_edge(page, text, "המעבורת תחזור")  # a first paragraph is not indented
    em = 10.5  # the body's font size, in points
    # A later paragraph starts 1.2 em in from the right, as a left-to-right one does from the left.
    assert _right_edge(page, text, "כ־2,000 נוסעים") == pytest.approx(margin - 1.2 * em, abs=1)
    # A fact's first line starts where the box's title does (its second would hang in).
    title = _right_edge(page, text, "נתונים")
    assert _right_edge(page, text, "שעה וחצי") == pytest.approx(title, abs=1)
    # A table column with no alignment of its own starts on the right, in its cell's padding.
    assert margin - _right_edge(page, text, "ראשון") < 0.5 * em
    document.close()
