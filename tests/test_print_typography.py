"""What a print editor checks on the page, read back from the PDF: heading levels a clear step
apart, and links in the text visibly marked (underlined) in both profiles. The article is
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from publish.isolation import NO_LIMITS
from publish.pipeline import build
from publish.settings import BuildSettings
from publish.writers.pdf.options import PrintRequest

ARTICLE = """---
title: Heading levels and links
date: 2024-01-02
---

Opening paragraph with a [link to the council](https://example.org/council) in it.

## Second level heading

Text under it.

### Third level heading

More text.

#### Fourth level heading

Last text with a [second link](https://example.org/minutes) and a note.
"""


def _pdf(tmp_path: Path, profile: str) -> Path:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    settings = BuildSettings(
        out_dir=tmp_path / profile,
        formats=("pdf",),
        limits=NO_LIMITS,
        print_request=PrintRequest.from_options(profile=profile),
    )
    (result,) = build([str(path)], settings)
    return result.outputs[0]


@pytest.fixture(scope="module", params=["screen", "press"])
def pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf(tmp_path_factory.mktemp("typography"), request.param)


def _size_of(text_page: pdfium.PdfTextPage, text: str, words: str) -> float:
    return float(pdfium_c.FPDFText_GetFontSize(text_page.raw, text.index(words)))


def test_each_heading_level_is_a_clear_step_smaller(pdf: Path) -> None:
    document = pdfium.PdfDocument(pdf)
    text_page = document[0].get_textpage()
    text = text_page.get_text_range()
    sizes = [
        _size_of(text_page, text, words)
        for words in ("Second level", "Third level", "Fourth level", "Text under")
    ]
    assert sizes[0] >= 1.2 * sizes[1], sizes
    assert sizes[1] >= 1.1 * sizes[2] and sizes[2] >= sizes[3], sizes


def test_every_link_in_the_text_is_underlined(pdf: Path) -> None:
    with pikepdf.open(pdf) as document:
        rects = [
            [float(v) for v in annot.Rect]
            for annot in document.pages[0].get("/Annots", [])
            if annot.get("/Subtype") == "/Link" and "/URI" in annot.get("/A", {})
        ]
    assert len(rects) == 2
    page = pdfium.PdfDocument(pdf)[0]
    lines = [
        obj.get_bounds()
        for obj in page.get_objects(max_depth=5)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
    ]
    for left, top, right, bottom in rects:
        low, high = sorted((top, bottom))
        assert any(
            abs(x0 - left) < 3
            and abs(x1 - right) < 3
            and low - 1 <= y0 <= y1 <= low + 6
            and y1 - y0 < 2
            for x0, y0, x1, y1 in lines
        ), "a link without an underline"


CODE = "~/.config/harbourmaster/configuration_overrides_for_the_northern_quays"
CODE_ARTICLE = f"""---
title: Code is printed as typed
date: 2024-01-02
print:
  paper: 105mmx148mm
---

Steps to follow:

1. Put the settings file in place with this line:

   ```
   cp settings.yaml {CODE}
   ```

| Setting | Where |
|---|---|
| quays | `{CODE}` |

> The file goes in `{CODE}` on every machine.
"""


def test_code_is_never_hyphenated(tmp_path: Path) -> None:
    # Code in a list item, a table cell or a quotation (where the prose around it is
    # hyphenated) breaks where it must, but no hyphen is added: a command copied from the
    # page still runs.
    path = tmp_path / "code.md"
    path.write_text(CODE_ARTICLE, encoding="utf-8")
    (result,) = build([str(path)], BuildSettings(out_dir=tmp_path, formats=("pdf",)))
    document = pdfium.PdfDocument(str(result.outputs[0]))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "\u2010" not in text and "\xad" not in text, text  # WeasyPrint's hyphen
    assert text.replace("\r\n", "").count(CODE) == 3, text
