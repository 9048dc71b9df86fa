"""How a line is set (publish/writers/pdf/lines.py): a run of text that fits but for the space
before a link keeps its line, and a right-to-left line's indent is on its right.

WeasyPrint's private names the fixes stand in for fail by name when a release changes them.
The layouts are WeasyPrint's own box trees, with the theme's Noto Serif and Noto Naskh
Arabic, so the tests need no font from the machine; the texts are written for them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import weasyprint
import weasyprint.layout.inline as layout_inline

from publish.pipeline import build
from publish.settings import BuildSettings
from publish.writers.pdf import lines

FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"
FACES = (
    f'@font-face {{ font-family: "Serif"; src: url("{(FONTS / "NotoSerif-Regular.ttf").as_uri()}"); }}'
    '@font-face { font-family: "Naskh"; '
    f'src: url("{(FONTS / "NotoNaskhArabic-Regular.ttf").as_uri()}"); }}'
)
RUN = "The ferry left the harbour at dawn and the crew"
LINK = "called the port office about the weather"
ARABIC = (
    "غادرت العبارة الميناء عند الفجر واتصل الطاقم بمكتب الميناء بشأن الطقس "
    "ثم عاد الركاب إلى منازلهم بعد أن هدأت الرياح في المساء "
) * 4


@pytest.fixture
def installed() -> Iterator[None]:
    """The fixes in place (as `weasy.Engine.start` puts them), WeasyPrint's own afterwards."""
    saved = layout_inline.split_first_line, layout_inline.text_align
    lines.install_line_fixes()
    try:
        yield
    finally:
        layout_inline.split_first_line, layout_inline.text_align = saved


def _lines(html: str) -> list[Any]:
    """Return the line boxes of the first page of HTML, laid out with the test faces."""
    page = weasyprint.HTML(string=f"<style>{FACES}</style>{html}").render().pages[0]
    found: list[Any] = []

    def walk(box: Any) -> None:
        if type(box).__name__ == "LineBox":
            found.append(box)
            return
        for child in getattr(box, "children", None) or ():
            walk(child)

    walk(page._page_box)
    return found


def _text(box: Any) -> str:
    if type(box).__name__ == "TextBox":
        return str(box.text)
    return "".join(_text(child) for child in getattr(box, "children", None) or ())


def _extent(line: Any) -> tuple[float, float]:
    """Return the left and right edges of the text drawn on LINE."""
    edges: list[tuple[float, float]] = []

    def walk(box: Any) -> None:
        if type(box).__name__ == "TextBox" and box.text.strip():
            edges.append((box.position_x, box.position_x + box.width))
        for child in getattr(box, "children", None) or ():
            walk(child)

    walk(line)
    return min(left for left, _ in edges), max(right for _, right in edges)


def _run_width() -> float:
    """Return the width, in px, of RUN set alone in 16 px Noto Serif."""
    (line,) = _lines(f'<span style="font: 16px Serif; white-space: nowrap">{RUN}</span>')
    return float(line.width)


def test_weasyprints_line_names_are_where_the_fixes_expect() -> None:
    split = inspect.signature(layout_inline.split_first_line).parameters
    assert list(split)[:5] == ["text", "style", "context", "max_width", "justification_spacing"]
    assert {"is_line_start", "minimum"} <= set(split), "split_first_line's keywords changed"
    align = inspect.signature(layout_inline.text_align).parameters
    assert list(align) == ["context", "line", "available_width", "last"], "text_align changed"
    source = inspect.getsource(layout_inline.get_next_linebox)
    assert "offset_x = text_align(" in source, "get_next_linebox no longer calls text_align"
    assert "position_x += linebox.text_indent" in source, "the indent is set another way"


@pytest.mark.usefixtures("installed")
def test_a_run_that_fits_but_for_its_space_keeps_its_line() -> None:
    # The measure is the run's width and 1 px: the space after the run (about 4 px) is
    # past the margin, and so may hang there; the link starts the next line.
    width = _run_width() + 1
    found = _lines(
        f'<p style="font: 16px Serif; width: {width}px; margin: 0">{RUN} <a href="#x">{LINK}</a>'
        " and went home.</p>"
    )
    assert _text(found[0]).strip() == RUN, [_text(line) for line in found]
    assert _text(found[1]).startswith(LINK.split()[0])


@pytest.mark.usefixtures("installed")
def test_an_indented_first_line_that_fits_but_for_its_space_keeps_its_words() -> None:
    width = _run_width() + 24 + 1  # the run, a 24 px indent and 1 px
    found = _lines(
        f'<p style="font: 16px Serif; width: {width}px; margin: 0; text-indent: 24px;'
        f' text-align: justify; hyphens: auto" lang="en">{RUN} <em>{LINK}</em> and went'
        " home.</p>"
    )
    assert _text(found[0]).strip() == RUN, [_text(line) for line in found]


def _rtl_paragraph(indent: str, align: str) -> list[Any]:
    return _lines(
        f'<p dir="rtl" lang="ar" style="font: 14px Naskh; width: 360px; padding-right: 20px;'
        f' text-indent: {indent}; text-align: {align}">{ARABIC}</p>'
    )


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize("align", ["justify", "right"])
def test_a_right_to_left_first_line_is_indented_on_its_right(align: str) -> None:
    first, second, *_ = _rtl_paragraph("30px", align)
    assert _extent(first)[1] == pytest.approx(_extent(second)[1] - 30, abs=0.5)
    if align == "justify":  # and the first line still reaches the left margin
        assert _extent(first)[0] == pytest.approx(_extent(second)[0], abs=0.5)


@pytest.mark.usefixtures("installed")
def test_a_right_to_left_hanging_indent_hangs_on_the_right() -> None:
    first, second, *_ = _rtl_paragraph("-20px", "right")
    assert _extent(first)[1] == pytest.approx(_extent(second)[1] + 20, abs=0.5)


def test_left_to_right_lines_are_set_as_weasyprint_sets_them(installed: None) -> None:
    html = (
        f'<p lang="en" style="font: 16px Serif; width: 300px; text-indent: 2em;'
        f' text-align: justify">{RUN}, {LINK}. {RUN}, {LINK}.</p>'
    )
    fixed = [(_extent(line), _text(line)) for line in _lines(html)]
    layout_inline.split_first_line = lines._SPLIT
    layout_inline.text_align = lines._ALIGN
    assert [(_extent(line), _text(line)) for line in _lines(html)] == fixed


def _lone_words(pdf: Path) -> list[tuple[int, str]]:
    """Return (page, word) for each line of PDF that holds a single short word while its
    paragraph goes on, on the next line, from the left margin to the right one."""
    found: list[tuple[int, str]] = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        rows: list[tuple[str, float, float]] = []
        start = 0
        for part in text.split("\r\n"):
            boxes = [
                text_page.get_charbox(at)
                for at in range(start, start + len(part))
                if not text[at].isspace()
            ]
            if boxes:
                rows.append((part, min(box[0] for box in boxes), max(box[2] for box in boxes)))
            start += len(part) + 2
        if not rows:
            continue
        left = min(row[1] for row in rows)
        width = max(row[2] for row in rows) - left
        for (word, _, end), (after, after_left, after_end) in zip(rows, rows[1:], strict=False):
            lone = len(word.split()) == 1 and end - left < 0.2 * width
            goes_on = after[:1].islower() and after_left - left < 1
            if lone and goes_on and after_end - after_left > 0.97 * width:
                found.append((number, word))
    document.close()
    return found


@pytest.mark.slow
def test_corpus_paragraphs_keep_their_words_before_a_link(
    corpus_path: Path, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    # A Telegraph paragraph whose first line, indented, ended just before a link: WeasyPrint
    # alone left its first word there alone and set the rest on the next line.
    source = corpus_path / "telegraph" / "source.html"
    build([str(source)], BuildSettings(out_dir=tmp_path, formats=("pdf",)))
    assert _lone_words(next(tmp_path.glob("*.pdf"))) == []  # (its images are left out)
