"""Figures: an image beside the article goes into both outputs with its text alternative."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.errors import InputError
from publish.pipeline import build
from publish.settings import BuildSettings
from tests.checkers import NS, epub_documents, run_epubcheck
from tests.images import png

ARTICLE = """---
title: Flood map published
date: 2024-06-01
---

The agency released its first map of the flooded districts.

![Map of the three flooded districts, shaded blue](map.png "The flooded districts")

Officials expect the water to recede within a week.
"""


def test_figure_in_pdf_and_epub(tmp_path: Path) -> None:
    (tmp_path / "map.png").write_bytes(png())
    source = tmp_path / "flood.md"
    source.write_text(ARTICLE, encoding="utf-8")
    (result,) = build([str(source)], BuildSettings(out_dir=tmp_path / "out"))
    pdf_path = next(p for p in result.outputs if p.suffix == ".pdf")
    epub_path = next(p for p in result.outputs if p.suffix == ".epub")

    with pikepdf.open(pdf_path) as pdf:
        images = list(pdf.pages[0].get_images())
        assert len(images) == 1

    with zipfile.ZipFile(epub_path) as book:
        assert "EPUB/images/image1.png" in book.namelist()
    article = next(d for n, d in epub_documents(epub_path).items() if n.endswith("article.xhtml"))
    img = article.find(".//x:figure/x:img", NS)
    assert img is not None
    assert img.get("alt") == "Map of the three flooded districts, shaded blue"
    assert img.get("src") == "images/image1.png"
    caption = article.find(".//x:figure/x:figcaption", NS)
    assert caption is not None and caption.text == "The flooded districts"
    assert run_epubcheck(epub_path) == []


def test_missing_image_is_an_input_error(tmp_path: Path) -> None:
    source = tmp_path / "flood.md"
    source.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match='image "map.png": no such file beside the article'):
        build([str(source)], BuildSettings(out_dir=tmp_path / "out"))
    assert list((tmp_path / "out").iterdir()) == []
