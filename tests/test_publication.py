"""A publication (publication.yml): contents page numbers, bookmarks, EPUB nav, same bytes.

The broken and hostile publication files are rows of tests/test_hostile_inputs.py.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pikepdf
import pytest

from publish.check.verdict import check_file
from publish.pipeline import BuildSettings
from publish.samples import write_sample
from publish.writers.epub.publication import pages_by_document
from publish.writers.pagemap import PageStart
from publish.writers.pdf.book import PlacedPart
from publish.writers.pdf.options import PrintRequest
from tests.checkers import NS, build_checked, epub_package, pdf_page_texts
from tests.conftest import shared_file

CORPUS_PAGES = (
    "aclu",
    "ars-1",
    "bbc-1",
    "breitbart",
    "citylab-1",
    "cnet",
    "cnn",
    "dropbox-blog",
    "ebb-org",
    "ehow-1",
    "ehow-2",
    "gitlab-blog",
    "guardian-1",
    "iab-1",
    "links-in-tables",
    "medicalnewstoday",
    "msn",
    "nytimes-1",
    "nytimes-2",
    "nytimes-3",
    "nytimes-4",
    "schema-org-context-object",
    "simplyfound-1",
    "spiceworks",
    "telegraph",
    "theverge",
    "tmz-1",
    "topicseed-1",
    "tumblr",
)
"""Corpus pages (../shared/corpus/readability-pages/NAME/source.html) the book is made of:
English news and blog pages whose headings do not skip a level (the HTML reader keeps a
page's own heading levels, and Ace reports a skip, as it would for the page built alone)."""


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text in drawing order, whitespace collapsed."""
    return pdf_page_texts(pdf)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """Return the bookmarks as (depth, title, page number from 1), in order."""
    found: list[tuple[int, str, int]] = []
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}

        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                target = item.destination[0] if item.destination is not None else None
                found.append(
                    (depth, item.title, pages.get(target.objgen, 0) if target is not None else 0)
                )
                walk(list(item.children), depth + 1)

        with document.open_outline() as tree:
            walk(list(tree.root), 0)
    return found


def words(text: str) -> str:
    """Return TEXT as words separated by one space (quotes kept)."""
    return " ".join(text.split())


def contents_numbers(texts: list[str], titles: list[str]) -> list[int]:
    """Return the page number printed after each of TITLES, in order, on the contents pages."""
    contents = " ".join(
        text for text in texts[:8] if "Contents" in text or re.search(r"\b\d+$", text)
    )
    numbers = []
    position = 0
    for title in titles:
        at = contents.find(words(title), position)
        assert at >= 0, f"{title!r} is not on the contents pages"
        position = at + len(words(title))
        match = re.match(r"\s*(\d+)", contents[position:])
        assert match, f"no page number after {title!r}"
        numbers.append(int(match.group(1)))
    return numbers


def write_book(
    folder: Path, entries: list[list[str]], titles: list[str], foreword: str = ""
) -> Path:
    """Write a publication file in FOLDER with a section per list of ENTRIES."""
    lines = [
        "title: The Week in Pages",
        "subtitle: Pieces gathered from the open web",
        "date: 2024-03-05",
        "language: en",
        "publisher: The Example Review",
        "editors: [Ada Editor, Ben Editor]",
    ]
    if foreword:
        lines += ["foreword: |", *(f"  {line}" for line in foreword.splitlines())]
    lines.append("sections:")
    for title, items in zip(titles, entries, strict=True):
        lines += [f"  - title: {title}", "    articles:"]
        lines += [f"      - {item}" for item in items]
    path = folder / "publication.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corpus_entries(corpus: Path) -> list[str]:
    """Return the CORPUS_PAGES' files, read in place."""
    return [str(shared_file(corpus / name / "source.html")) for name in CORPUS_PAGES]


@pytest.mark.slow
def test_thirty_articles_in_two_sections(
    tmp_path: Path,
    corpus_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    """Contents numbers are the pages articles start on; outline and nav nest; checks pass."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709596800")  # pages without a date of their own
    sample = write_sample(tmp_path)
    pages = corpus_entries(corpus_path)
    first, second = [sample.name, *pages[:14]], pages[14:]
    assert len(first) + len(second) == 30
    book = write_book(
        tmp_path,
        [first, second],
        ["At home", "Abroad"],
        foreword="Thirty pieces in **two** sections.\n\n## How to read it\n\n"
        "Each piece keeps its own figures and sources.",
    )
    out = tmp_path / "out"
    results = build_checked([str(book)], BuildSettings(out_dir=out))
    pdf, epub = sorted(results[0].outputs, key=lambda p: p.suffix, reverse=True)
    assert pdf.suffix == ".pdf" and epub.suffix == ".epub"

    texts = page_texts(pdf)
    marks = outline(pdf)
    sections = [mark for mark in marks if mark[0] == 0 and mark[1] in ("At home", "Abroad")]
    assert [mark[1] for mark in marks if mark[0] == 0] == [
        "Contents",
        "Foreword",
        "At home",
        "Abroad",
    ]
    after = marks.index(sections[0])  # the foreword's headings nest under "Foreword"
    articles = [mark for mark in marks[after:] if mark[0] == 1]
    assert len(articles) == 30
    headlines = [mark[1] for mark in articles]
    # Contents: every section and article with the page it starts on, by the PDF's own text.
    titles = [sections[0][1], *headlines[:15], sections[1][1], *headlines[15:]]
    starts = [
        sections[0][2],
        *(m[2] for m in articles[:15]),
        sections[1][2],
        *(m[2] for m in articles[15:]),
    ]
    assert contents_numbers(texts, titles) == starts
    for _, headline, page in articles:
        assert words(headline)[:40] in texts[page - 1][:400], (page, headline)
        assert words(headline)[:40] not in texts[page - 2], (page, headline)
    # Each article's headings are nested under it; folios run on through the book.
    nested = [i for i, mark in enumerate(marks) if mark[0] == 2]
    assert nested and all(marks[i - 1][0] >= 1 for i in nested)
    assert texts[-1].endswith(str(len(texts)))
    # Note numbers restart: each article with notes has its own note 1 in the PDF.
    with pikepdf.open(pdf) as document:
        names = document.Root.Names.Dests.Names
        dests = {str(names[i]) for i in range(0, len(names), 2)}
    with zipfile.ZipFile(epub) as archive:
        noted = [
            n for n in range(1, 31) if b'id="note-1"' in archive.read(f"EPUB/article-{n}.xhtml")
        ]
    assert len(noted) >= 10
    assert all(f"a{n}-note-1" in dests for n in noted)
    assert not any(name.startswith("note-") for name in dests)

    package = epub_package(epub)
    spine = [item.attrib["idref"] for item in package.findall(".//opf:spine/opf:itemref", NS)]
    assert len(spine) == 1 + 1 + 2 + 30  # cover, front matter, two sections, the articles
    with zipfile.ZipFile(epub) as archive:
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@id='toc']/x:ol", NS)
    assert toc is not None
    top = [li.find("x:a", NS).text for li in toc.findall("x:li", NS)]  # type: ignore[union-attr]
    assert top == ["Foreword", "At home", "Abroad"]
    in_nav = [a.text for li in toc.findall("x:li", NS)[1:] for a in li.findall("x:ol/x:li/x:a", NS)]
    assert in_nav == headlines
    page_list = nav.findall(".//x:nav[@id='page-list']/x:ol/x:li/x:a", NS)
    assert [a.text for a in page_list] == [str(n) for n in range(1, len(texts) + 1)]
    for verdict in (check_file(pdf), check_file(epub)):
        assert verdict.ok, verdict.details


@pytest.mark.slow
def test_press_book_is_reproducible_with_articles_on_right_hand_pages(tmp_path: Path) -> None:
    """In the press profile each part opens on an odd page; two builds give the same bytes."""
    sample = write_sample(tmp_path)
    short = tmp_path / "short.md"
    short.write_text(
        "---\ntitle: A short notice from the harbour office\ndate: 2024-03-01\n"
        "---\n\nThe ferry timetable changes on Monday, the harbour office said.\n",
        encoding="utf-8",
    )
    book = write_book(
        tmp_path, [[short.name], [sample.name, "short-copy.md"]], ["Notices", "Reports"]
    )
    (tmp_path / "short-copy.md").write_text(
        short.read_text(encoding="utf-8").replace("A short notice", "Another notice"),
        encoding="utf-8",
    )
    settings = BuildSettings(
        out_dir=tmp_path / "one", print_request=PrintRequest.from_options(profile="press")
    )
    first = build_checked([str(book)], settings)[0].outputs
    again = build_checked(
        [str(book)], BuildSettings(out_dir=tmp_path / "two", print_request=settings.print_request)
    )[0].outputs
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    pdf = next(p for p in first if p.suffix == ".pdf")
    verdict = check_file(pdf)
    assert verdict.ok and "PDF/X-4" in verdict.line(), verdict.details
    marks = outline(pdf)
    opened = [page for depth, _, page in marks if depth <= 1]
    assert opened and all(page % 2 == 1 for page in opened), marks
    texts = page_texts(pdf)
    blanks = [number for number, text in enumerate(texts, start=1) if not text]
    assert blanks and all(number % 2 == 0 for number in blanks)


def test_blank_pages_are_marked_in_the_next_document() -> None:
    """A blank page's marker goes to the start of the document after it, in page order."""
    parts = (
        PlacedPart("front", 0, (PageStart(1, (("title-page", 0),)), PageStart(2, ()))),
        PlacedPart("blank", 0, (PageStart(3, ()),)),
        PlacedPart("article", 1, (PageStart(4, (("top", 0),)), PageStart(5, (("b3", 10),)))),
        PlacedPart("blank", 0, (PageStart(6, (("anything", 0),)),)),
    )
    grouped = pages_by_document(parts)
    assert [p.number for p in grouped["front.xhtml"]] == [1, 2]
    assert [p.number for p in grouped["article-1.xhtml"]] == [3, 4, 5, 6]
    assert grouped["article-1.xhtml"][0].anchors == ()
    assert grouped["article-1.xhtml"][3].anchors == ()
