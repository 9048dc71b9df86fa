"""The reference article, published end to end: title, date, every paragraph, checkers."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from publish.settings import BuildResult
from tests.checkers import (
    NS,
    epub_package,
    epub_paragraphs,
    normalise_words,
    pdf_fonts_embedded,
    pdf_text,
    run_epubcheck,
)

TITLE = "Mediate Nagorno-Karabakh conflict, scholars urge Israel\u2019s Isaac Herzog"


def seed_paragraphs(seed_path: Path) -> list[str]:
    text = seed_path.read_text(encoding="utf-8")
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return blocks[2:]  # after the headline and the date line


def outputs(result: BuildResult) -> tuple[Path, Path]:
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    return pdf, epub


def test_outputs_are_named_by_slug(seed_build: BuildResult) -> None:
    names = sorted(p.name for p in seed_build.outputs)
    slug = "mediate-nagorno-karabakh-conflict-scholars-urge-israels-isaac-herzog"
    assert names == [f"{slug}.epub", f"{slug}.pdf"]
    assert seed_build.warnings == ()


def test_reference_has_thirteen_paragraphs(seed_path: Path) -> None:
    assert len(seed_paragraphs(seed_path)) == 13


def test_pdf_title_date_language(seed_build: BuildResult) -> None:
    pdf_path, _ = outputs(seed_build)
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.docinfo["/Title"]) == TITLE
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230814")
        assert str(pdf.Root.Lang) == "en"


def test_pdf_holds_every_paragraph_word_for_word(seed_build: BuildResult, seed_path: Path) -> None:
    pdf_path, _ = outputs(seed_build)
    text = pdf_text(pdf_path)
    assert normalise_words(TITLE) in text
    for paragraph in seed_paragraphs(seed_path):
        assert normalise_words(paragraph) in text


def test_pdf_fonts_are_the_shipped_ones_and_embedded(seed_build: BuildResult) -> None:
    pdf_path, _ = outputs(seed_build)
    fonts = pdf_fonts_embedded(pdf_path)
    assert fonts and all(fonts.values()), fonts
    assert all("Publish-Noto" in name for name in fonts), fonts


def test_epub_title_date_language(seed_build: BuildResult) -> None:
    _, epub_path = outputs(seed_build)
    package = epub_package(epub_path)
    assert package.findtext(".//dc:title", namespaces=NS) == TITLE
    assert package.findtext(".//dc:date", namespaces=NS) == "2023-08-14"
    assert package.findtext(".//dc:language", namespaces=NS) == "en"


def test_epub_holds_every_paragraph_word_for_word(seed_build: BuildResult, seed_path: Path) -> None:
    _, epub_path = outputs(seed_build)
    assert epub_paragraphs(epub_path) == [normalise_words(p) for p in seed_paragraphs(seed_path)]


@pytest.mark.slow
def test_epub_passes_epubcheck(seed_build: BuildResult) -> None:
    _, epub_path = outputs(seed_build)
    assert run_epubcheck(epub_path) == []
