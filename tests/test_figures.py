"""Figures: an image beside the article goes into both outputs with its text alternative."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.errors import RenderError
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


@pytest.mark.parametrize("src", ["map.png", "/images/map.png"])
def test_an_image_not_beside_the_article_is_left_out_with_a_warning(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture, src: str
) -> None:
    """A missing image, or one named from a web site's root, is left out as a web page's is:
    its text alternative stands in its place, a warning names it, `--strict` fails."""
    source = tmp_path / "flood.md"
    source.write_text(ARTICLE.replace("(map.png", f"({src}"), encoding="utf-8")
    (result,) = build([str(source)], BuildSettings(out_dir=tmp_path / "out"))
    (warning,) = [r.getMessage() for r in expect_warnings.records if "left out" in r.getMessage()]
    assert f'flood.md:8: warning: image "{src}" left out: ' in warning
    assert warning.endswith("; its text alternative is shown")
    epub_path = next(p for p in result.outputs if p.suffix == ".epub")
    article = next(d for n, d in epub_documents(epub_path).items() if n.endswith("article.xhtml"))
    assert article.find(".//x:figure", NS) is None
    shown = "".join(article.find(".//x:em", NS).itertext())
    assert shown == "Map of the three flooded districts, shaded blue"
    with pytest.raises(RenderError, match="--strict was given"):
        build([str(source)], BuildSettings(out_dir=tmp_path / "strict", strict=True))


def test_an_image_left_out_is_built_again_once_it_is_saved(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """The batch cache keeps no article built without its image: saved later, it prints."""
    (tmp_path / "flood.md").write_text(ARTICLE, encoding="utf-8")  # a batch: the cache is on
    (tmp_path / "tide.md").write_text(ARTICLE.split("![")[0].replace("Flood map", "Tide"), "utf-8")
    settings = BuildSettings(out_dir=tmp_path / "out", cache=True)
    build([str(tmp_path)], settings)
    (tmp_path / "map.png").write_bytes(png())
    result = next(r for r in build([str(tmp_path)], settings) if r.source.endswith("flood.md"))
    epub_path = next(p for p in result.outputs if p.suffix == ".epub")
    with zipfile.ZipFile(epub_path) as book:
        assert "EPUB/images/image1.png" in book.namelist()
