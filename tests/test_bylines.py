"""Several authors are listed as the article's language lists names (CLDR list patterns through
Babel): the byline, the provenance line and a publication's editors agree; the metadata keeps
one entry per author (EPUB `dc:creator`, the PDF's XMP `dc:creator`). Texts written here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.pipeline import BuildSettings, build, load_article
from publish.render.templates import Theme, render_article
from tests.checkers import epub_package, pdf_text

AUTHORS = ["Ana Ruiz", "Ben Ode", "Cleo Park"]
DC = "{http://purl.org/dc/elements/1.1/}"


def _article(folder: Path, lang: str, authors: list[str], title: str = "Neuer Haushalt") -> Path:
    path = folder / f"{lang}.md"
    listed = ", ".join(f'"{name}"' for name in authors)
    path.write_text(
        f"---\ntitle: {title}\ndate: 2024-03-15\nlang: {lang}\nauthors: [{listed}]\n---\n\n"
        "Der Stadtrat hat den Haushalt beschlossen.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("lang", "authors", "byline"),
    [
        ("en", AUTHORS, "Ana Ruiz, Ben Ode, and Cleo Park"),  # CLDR's "en" is American
        ("en-GB", AUTHORS, "Ana Ruiz, Ben Ode and Cleo Park"),
        ("en", AUTHORS[:2], "Ana Ruiz and Ben Ode"),
        ("de", AUTHORS, "Ana Ruiz, Ben Ode und Cleo Park"),
        ("es", AUTHORS, "Ana Ruiz, Ben Ode y Cleo Park"),
        ("fr", AUTHORS[:2], "Ana Ruiz et Ben Ode"),
        ("ru", ["Анна Орлова", "Борис Ким"], "Анна Орлова и Борис Ким"),
        ("ja", ["山田花子", "佐藤健"], "山田花子、佐藤健"),
        ("zh-Hans", ["王丽", "陈明"], "王丽和陈明"),
        ("hi", ["अनीता राव", "विजय सिंह"], "अनीता राव और विजय सिंह"),
        ("ar", ["ليلى حسن", "Ben Ode"], "\u2068ليلى حسن\u2069 و\u2068Ben Ode\u2069"),
        ("en", AUTHORS[:1], "Ana Ruiz"),
    ],
)
def test_the_byline_lists_names_as_the_language_does(
    tmp_path: Path, lang: str, authors: list[str], byline: str
) -> None:
    article, _ = load_article(str(_article(tmp_path, lang, authors)))
    for target in ("pdf", "epub"):
        html = render_article(article, target=target, theme=Theme())  # type: ignore[arg-type]
        assert f'<p class="byline">{byline}</p>' in html
        assert byline in html[html.index('id="provenance"') :]  # the provenance line agrees


def test_metadata_keeps_one_entry_per_author(tmp_path: Path) -> None:
    source = _article(tmp_path, "de", AUTHORS)
    [result] = build([str(source)], BuildSettings(out_dir=tmp_path / "out"))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    assert pdf_text(pdf).count("Ana Ruiz, Ben Ode und Cleo Park") == 2  # byline, provenance
    with pikepdf.open(pdf) as document:
        creators = document.open_metadata()["dc:creator"]
    assert list(creators) == AUTHORS
    package = epub_package(epub)
    assert [c.text for c in package.iter(f"{DC}creator")] == AUTHORS
    with zipfile.ZipFile(epub) as book:
        page = book.read("EPUB/article.xhtml").decode("utf-8")
    assert '<p class="byline">Ana Ruiz, Ben Ode und Cleo Park</p>' in page
