"""The fact box and source notes as printed: `publish facts`, the PDF, and the EPUB."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pikepdf
import pytest

from publish.cli import app
from publish.pipeline import BuildResult, BuildSettings, build
from publish.render.templates import Theme, render_article
from tests.checkers import NS, run_epubcheck
from tests.enriched import ARTICLES, DATE_OR_ORDINAL, enriched
from tests.test_enrich_figures import SEED_FACTS

EPUB = "{http://www.idpf.org/2007/ops}type"


def article_xhtml(epub: Path) -> ET.Element:
    with zipfile.ZipFile(epub) as book:
        name = next(n for n in book.namelist() if n.endswith("article.xhtml"))
        return ET.fromstring(book.read(name))


def output(result: BuildResult, suffix: str) -> Path:
    return next(p for p in result.outputs if p.suffix == suffix)


def test_facts_json_holds_the_seed_figures_and_sources(runner, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["facts", str(seed_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    values = [f["value"] for f in data["facts"]]
    for value in SEED_FACTS:
        assert value in values
    for fact in data["facts"]:
        assert {"value", "label", "sentence"} <= set(fact)
        assert not DATE_OR_ORDINAL.match(fact["value"])
    sources = [n["source"] for n in data["source_notes"]]
    assert "Armenia\u2019s Embassy to Israel" in sources
    assert "the Stockholm International Peace Research Institute" in sources
    assert "the letter to President Herzog" in sources and "Armenia" in sources
    for note in data["source_notes"]:
        assert {"number", "source", "cue", "sentence"} <= set(note)
    assert data["provenance"]["date"] == "2023-08-14"


def test_facts_table(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["facts", str(ARTICLES / "harbour-budget.md")])
    assert result.exit_code == 0, result.output
    assert "Key figures" in result.stdout and "$4.2 billion" in result.stdout
    assert "Source notes" in result.stdout and "Mayor Lena Ortiz" in result.stdout
    assert "https://ledger.example.org/2024/03/harbour-budget" in result.stdout


def test_facts_reports_a_bad_override_in_one_line(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-01-01\nfacts_add: [99 balloons]\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["facts", str(path)])
    assert result.exit_code == 3
    assert result.stderr.strip().startswith(f"{path}:4: error: facts_add[1]")
    assert "Traceback" not in result.output


def test_empty_article_has_no_box_and_no_notes_section() -> None:
    article = enriched(ARTICLES / "quiet-essay.md")
    for target in ("pdf", "epub"):
        html = render_article(article, target=target, theme=Theme())  # type: ignore[arg-type]
        assert "factbox" not in html and "source-notes" not in html and "noteref" not in html
        assert 'class="provenance"' in html


@pytest.fixture(scope="module")
def overrides_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("overrides")
    (result,) = build([str(ARTICLES / "overrides.md")], BuildSettings(out_dir=out))
    return result


def check_epub_links(root: ET.Element) -> None:
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids repeat"
    known = set(ids)
    aside = root.find(".//x:aside[@class='factbox']", NS)
    if aside is not None:
        title = root.find(f".//*[@id='{aside.get('aria-labelledby')}']", NS)
        assert title is not None and "".join(title.itertext()).strip()
        for link in aside.iter(f"{{{NS['x']}}}a"):
            assert link.get("href", "")[1:] in known
    refs = [a for a in root.iter(f"{{{NS['x']}}}a") if a.get(EPUB) == "noteref"]
    for ref in refs:
        assert ref.get("href", "")[1:] in known and ref.get("id") in known
    for note in root.iter(f"{{{NS['x']}}}li"):
        if note.get(EPUB) == "endnote":
            backs = [a for a in note.iter(f"{{{NS['x']}}}a") if a.get("role") == "doc-backlink"]
            for back in backs:
                assert back.get("href", "")[1:] in known


def test_seed_epub_box_and_notes(seed_build: BuildResult) -> None:
    root = article_xhtml(output(seed_build, ".epub"))
    aside = root.find(".//x:aside[@class='factbox']", NS)
    assert aside is not None and aside.get("aria-labelledby") == "factbox-title"
    shown = " ".join(" ".join(li.itertext()) for li in aside.iter(f"{{{NS['x']}}}li"))
    for value in SEED_FACTS:
        assert value in shown
    refs = [a for a in root.iter(f"{{{NS['x']}}}a") if a.get(EPUB) == "noteref"]
    assert [a.text for a in refs] == ["1", "2", "3", "4"]
    section = root.find(".//x:section[@class='source-notes']", NS)
    assert section is not None and section.get("role") == "doc-endnotes"
    check_epub_links(root)


def test_seed_pdf_box_on_first_page_and_notes_at_the_foot(seed_build: BuildResult) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(output(seed_build, ".pdf")))
    try:
        pages = [" ".join(p.get_textpage().get_text_range().split()) for p in pdf]
    finally:
        pdf.close()
    first = pages[0]
    assert "KEY FIGURES" in first.upper()
    for value in ("around 120,000", "eight months", "69 percent", "five years"):
        assert value in first
    # The first three notes are cited on page 1 and printed at its foot, after the body text.
    assert "1 Armenia\u2019s Embassy to Israel" in first
    assert first.index("1 Armenia\u2019s Embassy to Israel") > first.index("Despite the end")
    assert any("4 Armenia." in page for page in pages)
    with pikepdf.open(output(seed_build, ".pdf")) as doc:
        links = [
            a for page in doc.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"
        ]
        assert len(links) >= 8 + 4 + 4  # facts to paragraphs, markers to notes, and back


@pytest.mark.slow
def test_repeated_and_unanchored_notes_pass_epubcheck(overrides_build: BuildResult) -> None:
    epub = output(overrides_build, ".epub")
    assert run_epubcheck(epub) == []
    root = article_xhtml(epub)
    check_epub_links(root)
    notes = [li for li in root.iter(f"{{{NS['x']}}}li") if li.get(EPUB) == "endnote"]
    assert len(notes) == 3


def test_repeated_note_markers_link_back(tmp_path: Path) -> None:
    (result,) = build(
        [str(ARTICLES / "glacier-study.txt")], BuildSettings(out_dir=tmp_path, formats=("epub",))
    )
    root = article_xhtml(output(result, ".epub"))
    check_epub_links(root)
    again = [a for a in root.iter(f"{{{NS['x']}}}a") if a.get("class") == "note-again"]
    assert [a.get("href") for a in again] == ["#noteref-3-2", "#noteref-3-3"]


def test_adjacent_markers_are_separated() -> None:
    article = enriched(ARTICLES / "wildfires.txt")
    for target in ("pdf", "epub"):
        html = render_article(article, target=target, theme=Theme())  # type: ignore[arg-type]
        assert '<span class="noteref-separator">,</span><a class="noteref" id="noteref-6-1"' in html


def test_a_note_marker_never_starts_a_line(tmp_path: Path) -> None:
    """A marker stays on the line of the word it follows (the sample once wrapped one alone)."""
    import re

    import pypdfium2 as pdfium

    from publish.resources import sample_article

    [result] = build([str(sample_article())], BuildSettings(out_dir=tmp_path, formats=("pdf",)))
    pdf = pdfium.PdfDocument(str(output(result, ".pdf")))
    try:
        lines = [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()
    assert any(re.search(r"\w[.,;:]?\u2060?\s?\d$", line) for line in lines)  # markers found
    alone = [line for line in lines if re.fullmatch(r"[\s\u2060]*\d{1,2}[\s\u2060]*", line)]
    assert alone == []


def test_facts_number_places_as_a_reader_sees_them(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "quay.md"
    path.write_text(
        "---\ntitle: Quay repairs\ndate: 2024-05-01\nlang: en\n---\n\n"
        "## Before the storm\n\nThe quay was built in 1962 and last repaired in 1990.\n\n"
        "## After it\n\n- One crane was lost.\n\n"
        "Repairs will cost 4 million euros, Ana Ruiz told reporters.\n",
        encoding="utf-8",
    )
    table = runner.invoke(app, ["facts", str(path)])
    assert table.exit_code == 0, table.output
    note = next(line for line in table.stdout.splitlines() if "Ana Ruiz" in line)
    assert note.endswith("(paragraph 2)")  # the second paragraph; headings and the list aside
    assert "headings are not counted" in table.stdout
    data = json.loads(runner.invoke(app, ["facts", str(path), "--json"]).stdout)
    assert data["source_notes"][0]["place"] == "paragraph 2"
    assert data["source_notes"][0]["block"] == 4
