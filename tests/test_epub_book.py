"""The EPUB as a book: accessibility metadata, navigation, cover, page list, same bytes."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pypdfium2 as pdfium
import pytest
from PIL import Image
from typer.testing import CliRunner

from publish.cli import app
from publish.settings import BuildResult, BuildSettings
from tests.checkers import NS, build_checked, epub_documents, epub_package

XHTML = f"{{{NS['x']}}}"
EPUB_TYPE = f"{{{NS['epub']}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

WORDS = (
    "council housing river crossing residents lighting budget bridge planning vote market "
    "school harbour ferry tenant street evening winter spring hearing draft survey traffic "
    "rent garden library station mayor clinic footpath flood cyclist bus lantern quay"
).split()


def write_long_article(folder: Path, cover: str | None = None) -> Path:
    """Write a Markdown article of several printed pages, with a figure, beside its image."""
    rng = random.Random(5)
    Image.new("RGB", (400, 200), (31, 78, 121)).save(folder / "map.png")
    body: list[str] = []
    for index in range(34):
        if index % 9 == 3:
            body.append(f"## Part {index // 9 + 1}\n")
        if index == 5:
            body.append('![A blue rectangle standing for the map](map.png "The area")\n')
        if index == 12:
            body.append("> A quoted passage set apart from the text.\n")
        if index == 16:
            body.append("- first item of a list\n- second item, *with emphasis*\n")
        words = [rng.choice(WORDS) for _ in range(45 + (index * 17) % 60)]
        body.append(f"Paragraph {index} " + " ".join(words) + f" ends{index}.\n")
    front = [
        "title: The council weighs a riverside housing plan",
        "subtitle: Residents ask for safer crossings",
        "date: 2024-03-05",
        "authors: [Ada Reporter]",
        "publisher: The Daily Example",
        "lang: en-GB",
    ]
    if cover:
        front.append(f"cover: {cover}")
    path = folder / "long.md"
    path.write_text("---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("long")
    source = write_long_article(folder)
    (result,) = build_checked([str(source)], BuildSettings(out_dir=folder / "out"))
    return result


def output(result: BuildResult, suffix: str) -> Path:
    return next(p for p in result.outputs if p.suffix == suffix)


def properties(epub: Path, name: str) -> list[str]:
    package = epub_package(epub)
    return [
        m.text or ""
        for m in package.iterfind("opf:metadata/opf:meta", NS)
        if m.get("property") == name
    ]


def pdf_pages(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def nav(epub: Path, kind: str) -> ET.Element:
    doc = epub_documents(epub)["EPUB/nav.xhtml"]
    found = [n for n in doc.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == kind]
    assert len(found) == 1, kind
    return found[0]


def test_package_and_every_document_state_the_language(long_build: BuildResult) -> None:
    epub = output(long_build, ".epub")
    assert epub_package(epub).get(XML_LANG) == "en-GB"
    for name, doc in epub_documents(epub).items():
        assert doc.get("lang") == "en-GB" and doc.get(XML_LANG) == "en-GB", name


def test_accessibility_metadata_follows_the_book(
    long_build: BuildResult, seed_build: BuildResult
) -> None:
    long_epub, seed_epub = output(long_build, ".epub"), output(seed_build, ".epub")
    assert properties(long_epub, "schema:accessMode") == ["textual", "visual"]
    assert "textual" in properties(long_epub, "schema:accessModeSufficient")
    features = properties(long_epub, "schema:accessibilityFeature")
    for feature in (
        "tableOfContents",
        "structuralNavigation",
        "readingOrder",
        "alternativeText",
        "pageNavigation",
    ):
        assert feature in features
    assert properties(long_epub, "schema:accessibilityHazard") == ["none"]
    (summary,) = properties(long_epub, "schema:accessibilitySummary")
    assert "headings" in summary and "page list" in summary
    assert "headings" not in properties(seed_epub, "schema:accessibilitySummary")[0]
    assert properties(long_epub, "dcterms:conformsTo") == [
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    ]


def test_skipped_heading_level_withdraws_the_conformance_claim(tmp_path: Path) -> None:
    """No reader makes such an article any more (publish/readers/outline.py closes levels up),
    but a program may hand the writer one: its page skips a level, so the claim goes."""
    import datetime as dt

    from publish.article_files import ArticleFiles
    from publish.model import Article, Heading, Paragraph, Text
    from publish.render.templates import Theme
    from publish.writers.epub import make_epub

    article = Article(
        headline="Levels",
        date=dt.date(2024, 1, 2),
        body=(
            Paragraph(inlines=(Text(text="Intro."),)),
            Heading(level=4, inlines=(Text(text="Too deep"),)),
            Paragraph(inlines=(Text(text="Text."),)),
        ),
    )
    epub = tmp_path / "levels.epub"
    epub.write_bytes(make_epub(article, ArticleFiles("levels.json", None), Theme()))
    assert properties(epub, "dcterms:conformsTo") == []
    assert properties(epub, "schema:accessibilityHazard") == ["none"]


def test_a_level_skipped_in_markdown_is_closed_up_and_keeps_the_claim(tmp_path: Path) -> None:
    source = tmp_path / "skip.md"
    source.write_text(
        "---\ntitle: Levels\ndate: 2024-01-02\n---\n\nIntro.\n\n#### Too deep\n\nText.\n",
        encoding="utf-8",
    )
    (result,) = build_checked(
        [str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("epub",))
    )
    epub = output(result, ".epub")
    assert properties(epub, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_a_table_without_headers_withdraws_the_conformance_claim(tmp_path: Path) -> None:
    cell = {"inlines": [{"type": "text", "text": "4"}]}
    source = tmp_path / "grid.json"
    source.write_text(
        json.dumps(
            {
                "headline": "Grid",
                "date": "2024-01-02",
                "body": [
                    {"type": "paragraph", "inlines": [{"type": "text", "text": "Intro."}]},
                    {"type": "table", "align": [None, None], "rows": [{"cells": [cell, cell]}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    (result,) = build_checked(
        [str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("epub",))
    )
    epub = output(result, ".epub")
    assert properties(epub, "dcterms:conformsTo") == []
    (summary,) = properties(epub, "schema:accessibilitySummary")
    assert "WCAG" not in summary


def test_page_checks_find_what_the_rendered_page_lacks() -> None:
    from publish.writers.epub.accessibility import page_problems

    page = (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="a">'
        b'<a href="#a">here</a> <a href="#gone">there</a></p><img src="x.png"/>'
        b"<table><tr><td>1</td></tr></table></body></html>"
    )
    assert page_problems(page) == [
        "the page states no language",
        'the link to "#gone" leads nowhere',
        'the image "x.png" has no alt attribute',
        "table 1 has no header cell",
    ]


def test_nav_has_toc_landmarks_and_page_list(long_build: BuildResult) -> None:
    epub = output(long_build, ".epub")
    toc = [a.text for a in nav(epub, "toc").iter(f"{XHTML}a")]
    assert toc == [
        "The council weighs a riverside housing plan",
        "Part 1",
        "Part 2",
        "Part 3",
        "Part 4",
    ]
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in nav(epub, "landmarks").iter(f"{XHTML}a")}
    assert landmarks == {
        "cover": "cover.xhtml",
        "titlepage": "article.xhtml#title-page",
        "bodymatter": "article.xhtml#top",
    }
    with zipfile.ZipFile(epub) as book:
        ncx = ET.fromstring(book.read("EPUB/toc.ncx"))
    ncx_ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    assert len(list(ncx.iter(f"{ncx_ns}navPoint"))) == 5
    assert len(list(ncx.iter(f"{ncx_ns}pageTarget"))) == len(
        list(nav(epub, "page-list").iter(f"{XHTML}a"))
    )


def test_navigation_speaks_the_article_language(tmp_path: Path) -> None:
    source = tmp_path / "article.md"
    source.write_text(
        "---\ntitle: Le conseil vote le budget\ndate: 2024-01-02\nlang: fr\n---\n\n"
        "Le conseil a vot\u00e9 le budget du port.\n",
        encoding="utf-8",
    )
    (result,) = build_checked(
        [str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("epub",))
    )
    epub = output(result, ".epub")
    assert nav(epub, "toc").findtext(f"{XHTML}h1") == "Sommaire"
    titles = [a.text for a in nav(epub, "landmarks").iter(f"{XHTML}a")]
    assert titles == ["Couverture", "Page de titre", "D\u00e9but de l\u2019article"]


@pytest.mark.parametrize("which", ["long", "seed"])
def test_page_list_has_one_entry_per_pdf_page(
    which: str, long_build: BuildResult, seed_build: BuildResult
) -> None:
    result = long_build if which == "long" else seed_build
    pages = pdf_pages(output(result, ".pdf"))
    if which == "long":
        assert len(pages) >= 3
    epub = output(result, ".epub")
    hrefs = [a.get("href") for a in nav(epub, "page-list").iter(f"{XHTML}a")]
    labels = [a.text for a in nav(epub, "page-list").iter(f"{XHTML}a")]
    assert labels == [str(n) for n in range(1, len(pages) + 1)]
    assert hrefs == [f"article.xhtml#page-{n}" for n in range(1, len(pages) + 1)]
    article = epub_documents(epub)["EPUB/article.xhtml"]
    markers = [s for s in article.iter(f"{XHTML}span") if s.get(EPUB_TYPE) == "pagebreak"]
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, len(pages) + 1)]
    assert all(m.get("role") == "doc-pagebreak" for m in markers)


def _text_around_markers(epub: Path) -> dict[int, tuple[str, str]]:
    """Return, per page marker, the words just before and just after it."""
    article = epub_documents(epub)["EPUB/article.xhtml"]
    body = article.find(".//x:article", NS)
    assert body is not None
    pieces: list[str | int] = []

    def walk(node: ET.Element) -> None:
        if node.get(EPUB_TYPE) == "pagebreak":
            pieces.append(int(node.get("aria-label") or 0))
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            pieces.append(child.tail or "")

    walk(body)
    around = {}
    for index, piece in enumerate(pieces):
        if isinstance(piece, int):
            before = " ".join(str(p) for p in pieces[:index] if isinstance(p, str)).split()
            after = " ".join(str(p) for p in pieces[index + 1 :] if isinstance(p, str)).split()
            around[piece] = (" ".join(before[-4:]), " ".join(after[:4]))
    return around


def test_page_markers_sit_where_the_pdf_pages_start(long_build: BuildResult) -> None:
    pages = pdf_pages(output(long_build, ".pdf"))
    around = _text_around_markers(output(long_build, ".epub"))
    for number in range(2, len(pages) + 1):
        before, after = around[number]
        # the page may start inside a hyphenated word: the marker goes before the word
        assert " ".join(after.split()[1:]) in pages[number - 1], (number, after)
        assert before in pages[number - 2].replace("\u2010 ", "").replace("\u2010", ""), (
            number,
            before,
        )


def test_cover_is_generated_and_shown_first(long_build: BuildResult) -> None:
    epub = output(long_build, ".epub")
    package = epub_package(epub)
    spine = [i.get("idref") for i in package.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["cover", "article"]
    (item,) = [
        i
        for i in package.iterfind("opf:manifest/opf:item", NS)
        if "cover-image" in (i.get("properties") or "")
    ]
    assert item.get("media-type") == "image/png"
    with zipfile.ZipFile(epub) as book, Image.open(book.open(f"EPUB/{item.get('href')}")) as im:
        assert im.size == (1400, 2100)
        # the top band is the project's accent colour; the page is mostly white
        assert im.getpixel((10, 10)) == (31, 78, 121)
    cover = epub_documents(epub)["EPUB/cover.xhtml"]
    img = cover.find(".//x:img", NS)
    assert img is not None
    alt = img.get("alt") or ""
    assert "The council weighs a riverside housing plan" in alt
    assert "Residents ask for safer crossings" in alt and "5 March 2024" in alt


def test_user_cover_replaces_the_generated_one(tmp_path: Path) -> None:
    source = write_long_article(tmp_path, cover="art/front.jpg")
    (tmp_path / "art").mkdir()
    Image.new("RGB", (300, 450), (200, 30, 30)).save(tmp_path / "art" / "front.jpg")
    (result,) = build_checked(
        [str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("epub",))
    )
    epub = output(result, ".epub")
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        assert book.read("EPUB/images/cover.jpg") == (tmp_path / "art" / "front.jpg").read_bytes()
    assert "EPUB/images/cover.png" not in names
    (item,) = [
        i
        for i in epub_package(epub).iterfind("opf:manifest/opf:item", NS)
        if "cover-image" in (i.get("properties") or "")
    ]
    assert item.get("href") == "images/cover.jpg"


@pytest.mark.parametrize(
    "cover, message",
    [
        ("../outside.png", "may not leave the article's folder"),
        ("/etc/hostname", "not an absolute path"),
        ("missing.png", "no such file beside the article"),
        ("notes.txt", "cannot go in an EPUB"),
    ],
)
def test_bad_user_cover_is_one_line_error(tmp_path: Path, cover: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text(
        f"---\ntitle: T\ndate: 2024-01-02\ncover: {cover}\n---\n\nText.\n", encoding="utf-8"
    )
    run = CliRunner().invoke(
        app, ["build", str(source), "--out", str(tmp_path / "out"), "--format", "epub"]
    )
    assert run.exit_code == 3, run.output
    assert run.output.count("\n") == 1 and message in run.output
    assert "cover" in run.output and f'"{cover}"' in run.output
    assert str(source) in run.output and "Traceback" not in run.output


def test_builds_are_byte_identical(
    tmp_path: Path, seed_path: Path, long_build: BuildResult
) -> None:
    source = long_build.source
    first, second = (
        build_checked([source], BuildSettings(out_dir=tmp_path / name))[0] for name in ("a", "b")
    )
    for one, two in zip(first.outputs, second.outputs, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
    # the EPUB alone is the same as the EPUB built beside its PDF (same page list)
    (alone,) = (
        build_checked([source], BuildSettings(out_dir=tmp_path / "c", formats=("epub",)))
        .pop()
        .outputs
    )
    assert alone.read_bytes() == output(first, ".epub").read_bytes()


def test_source_date_epoch_dates_the_epub(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    (result,) = build_checked([str(seed_path)], BuildSettings(out_dir=tmp_path, formats=("epub",)))
    epub = output(result, ".epub")
    assert properties(epub, "dcterms:modified") == ["2023-11-14T00:00:00Z"]
    with zipfile.ZipFile(epub) as book:
        infos = book.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in infos} == {(2023, 11, 14, 0, 0, 0)}


def test_every_paragraph_survives_calibre(
    tmp_path: Path, seed_build: BuildResult, seed_path: Path
) -> None:
    import os
    import shutil
    import subprocess

    from tests.test_build_reference import seed_paragraphs

    converter = shutil.which("ebook-convert")
    if converter is None:
        if os.environ.get("PUBLISH_REQUIRE_CALIBRE") == "1":
            pytest.fail("calibre is required (PUBLISH_REQUIRE_CALIBRE=1) but not installed")
        pytest.skip("calibre's ebook-convert is not installed (Debian package calibre)")
    target = tmp_path / "book.txt"
    subprocess.run(
        [converter, str(output(seed_build, ".epub")), str(target)],
        env=dict(os.environ, QTWEBENGINE_DISABLE_SANDBOX="1"),
        capture_output=True,
        timeout=300,
        check=True,
    )
    text = " ".join(target.read_text(encoding="utf-8").split())
    for paragraph in seed_paragraphs(seed_path):
        assert " ".join(paragraph.split()) in text


@pytest.mark.slow
def test_ace_passes_a_long_article_with_figure_and_page_list(long_build: BuildResult) -> None:
    from publish.check.verdict import check_file
    from tests.test_check import require_ace

    require_ace()
    verdict = check_file(output(long_build, ".epub"), ace=True)
    assert verdict.facts["ace"]["ran"] and verdict.facts["ace"]["rules"] == []
    assert verdict.ok, verdict.details
