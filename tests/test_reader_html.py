"""The saved-web-page reader: article and metadata found, structure kept, nothing fetched."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from publish.model import (
    BlockQuote,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
)
from publish.readers import read_article
from publish.readers.html_blocks import HtmlConverter

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4b50000000049454e44ae426082"
)

FILLER = (
    "The harbour board met on Tuesday evening to weigh the cost of dredging the outer channel, "
    "which has silted up faster than the engineers had forecast in their spring survey."
)

PAGE = f"""<!DOCTYPE html>
<html lang="nl-BE"><head><meta charset="utf-8">
<title>Dredging the outer channel | Coastline Weekly</title>
<meta property="og:title" content="Dredging the outer channel">
<meta property="og:site_name" content="Coastline Weekly">
<meta name="author" content="Mira Oskarsdottir">
<meta name="description" content="The board weighs a costly dig before the winter storms.">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://coastline.example/2024/dredging">
<script>document.write("tracking pixel and more script text")</script>
<style>body {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your visit. Accept all cookies.</div>
<article>
<h1>Dredging the outer channel</h1>
<p>{FILLER} Members asked for <em>three</em> quotes and a <strong>firm</strong> date.</p>
<h2>What the survey found</h2>
<p>{FILLER} The report is <a href="https://coastline.example/report.pdf">online</a>.</p>
<ul><li>Depth at low tide fell to 4.2 metres.</li><li>Two buoys drifted out of place.</li></ul>
<blockquote><p>We cannot wait for another season of groundings, said the harbour master.</p>
</blockquote>
<figure><img src="page_files/chart.png" alt="Bar chart of channel depth by month">
<figcaption>Channel depth, 2019 to 2024.</figcaption></figure>
<figure><img src="https://cdn.example/remote.jpg" alt="A dredger at work"></figure>
<p>{FILLER} A decision is due in April, after the public consultation closes.</p>
<ol start="3"><li>Third point of the plan.</li><li>Fourth point of the plan.</li></ol>
<table><tr><th>Year</th><th>Depth</th></tr><tr><td>2019</td><td>5.1 m</td></tr></table>
<p>{FILLER} Fishermen said the delays had already cost them two weeks at sea.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Old pier closes</a></li></ul>
</aside>
<footer>Share on social media. Copyright Coastline Weekly.</footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "chart.png").write_bytes(PNG_1PX)
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_metadata_comes_from_the_page(
    page: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article, _ = read_article(str(page))
    assert article.headline == "Dredging the outer channel"
    assert article.standfirst == "The board weighs a costly dig before the winter storms."
    assert article.date.isoformat() == "2024-03-05"
    assert article.authors == ("Mira Oskarsdottir",)
    assert article.language == "nl-BE"
    assert article.publisher == "Coastline Weekly"
    assert article.source_url == "https://coastline.example/2024/dredging"


def test_structure_is_kept_and_boilerplate_left_out(
    page: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article, _ = read_article(str(page))
    body = article.body
    kinds = [type(b).__name__ for b in body]
    assert "Heading" in kinds and "BlockQuote" in kinds and "ListBlock" in kinds
    heading = next(b for b in body if isinstance(b, Heading))
    assert heading.text == "What the survey found" and heading.level == 2
    # the headline is not repeated as the first block
    assert not (isinstance(body[0], Heading) and body[0].text == article.headline)
    first = next(b for b in body if isinstance(b, Paragraph))
    assert any(isinstance(n, Emphasis) for n in first.inlines)
    assert any(isinstance(n, Strong) for n in first.inlines)
    links = [n for b in body if isinstance(b, Paragraph) for n in b.inlines if isinstance(n, Link)]
    assert [link.href for link in links] == ["https://coastline.example/report.pdf"]
    lists = [b for b in body if isinstance(b, ListBlock)]
    assert [len(x.items) for x in lists] == [2, 2]
    assert lists[1].ordered and not lists[0].ordered  # (trafilatura drops `start`)
    quote = next(b for b in body if isinstance(b, BlockQuote))
    assert "groundings" in quote.blocks[0].text  # type: ignore[union-attr]
    figures = [b for b in body if isinstance(b, Figure)]
    assert [(f.src, f.alt) for f in figures] == [
        ("page_files/chart.png", "Bar chart of channel depth by month")
    ]
    assert figures[0].caption and "Channel depth" in figures[0].caption[0].text  # type: ignore
    text = " ".join(getattr(b, "text", "") for b in body)
    for boilerplate in ("cookies", "Sport", "Related stories", "Share on social", "tracking"):
        assert boilerplate not in text


def test_remote_image_is_left_out_with_a_warning_and_the_table_kept(
    page: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article, _ = read_article(str(page))
    messages = [r.getMessage() for r in expect_warnings.records if r.levelno == logging.WARNING]
    assert any(
        'image "https://cdn.example/remote.jpg" is on the network and is not fetched' in m
        for m in messages
    )
    assert not any("table" in m for m in messages)
    assert all(m.startswith(f"{page}: warning: ") for m in messages)
    (table,) = [b for b in article.body if isinstance(b, Table)]
    assert [c.text for c in table.header[0].cells] == ["Year", "Depth"]
    assert [[c.text for c in r.cells] for r in table.rows] == [["2019", "5.1 m"]]


def test_data_tables_become_tables_and_layout_tables_their_blocks() -> None:
    from publish.readers.html_blocks import HtmlConverter

    warnings: list[str] = []
    blocks = HtmlConverter(warnings.append).convert(
        "<table><caption>Ferry crossings</caption>"
        "<thead><tr><th>Route</th><th align='right'>Trips</th><th>Note</th></tr></thead>"
        "<tbody><tr><th>North</th><td align='right'>12</td><td>daily</td></tr>"
        "<tr><th>South</th><td colspan='2'>suspended</td></tr></tbody></table>"
        "<table><tr><td><p>One cell's paragraph.</p></td><td><p>Another.</p></td></tr></table>"
        "<table><tr><td><p>A paragraph laid out in a table cell.</p><p>And a second.</p>"
        "</td></tr></table>"
    )
    assert warnings == []
    table, word_table, *paragraphs = blocks
    assert table["type"] == word_table["type"] == "table"  # a cell's one <p>, as Word's
    assert [p["type"] for p in paragraphs] == ["paragraph", "paragraph"]
    assert table["align"] == [None, "right", None] and table["row_headers"] is True
    assert [len(r["cells"]) for r in table["header"] + table["rows"]] == [3, 3, 3]
    assert table["caption"][0]["text"] == "Ferry crossings"


def test_image_outside_the_pages_own_folder_is_left_out(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "other_files").mkdir()
    (tmp_path / "other_files" / "x.png").write_bytes(PNG_1PX)
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace("page_files/chart.png", "other_files/x.png"), encoding="utf-8")
    article, _ = read_article(str(page))
    assert not any(isinstance(b, Figure) for b in article.body)
    assert any(
        'image "other_files/x.png" left out' in r.getMessage() for r in expect_warnings.records
    )


def test_from_html_reads_any_suffix(page: Path, expect_warnings: pytest.LogCaptureFixture) -> None:
    other = page.with_name("saved.page")
    other.write_text(PAGE, encoding="utf-8")
    article, _ = read_article(str(other), "html")
    assert article.headline == "Dredging the outer channel"


def test_converter_keeps_dir_and_lang_and_drops_scripts() -> None:
    warnings: list[str] = []
    blocks = HtmlConverter(warnings.append).convert(
        '<p dir="rtl" lang="ar">نص <script>alert(1)</script><b onclick="x()">قوي</b></p>'
        '<p><a href="javascript:alert(1)">words stay</a></p>'
    )
    assert blocks[0]["inlines"] == [
        {"type": "text", "text": "نص "},
        {"type": "strong", "children": [{"type": "text", "text": "قوي"}]},
    ]
    assert blocks[1]["inlines"] == [{"type": "text", "text": "words stay"}]
    assert warnings == []


def test_corpus_news_pages_read_well(corpus_path: Path) -> None:
    """On real pages: the headline is found and the body has most of the expected words."""

    from benchmarks.html_reader import body_text, expected_words, score, words
    from publish.readers.html import read_html
    from publish.readers.source import read_source

    logging.getLogger("publish").setLevel(logging.ERROR)
    try:
        for name in ("guardian-1", "aclu", "engadget", "nytimes-2"):
            folder = corpus_path / name
            article = read_html(read_source(folder / "source.html"))
            expected = expected_words((folder / "expected.html").read_text(encoding="utf-8"))
            _, _, f1 = score(words(body_text(article)), expected)
            assert f1 >= 0.9, (name, f1)
    finally:
        logging.getLogger("publish").setLevel(logging.NOTSET)


GAPS = {
    "two links": '<a href="https://coastline.example/a">harbour</a> <a href="https://coastline.example/b">board</a>',
    "bold then italic": "<b>harbour</b> <i>board</i>",
    "a line between tags": "<strong>harbour</strong>\n<em>board</em>",
    "nested, the space inside": '<b><a href="https://coastline.example/a">harbour</a> </b><i>board</i>',
    "spans": "<span>harbour</span> <span>board</span>",
    "a no-break space": "<b>harbour</b>&nbsp;<i>board</i>",
    "a link around emphasis": '<b>harbour</b> <a href="https://coastline.example/a"><i>board</i></a>',
    "a blank span between spans": "<span>harbour</span><span> </span><span>board</span>",
    "a blank italic between spans": "<span>harbour</span><i> </i><span>board</span>",
    "a blank span after a link": '<a href="https://coastline.example/a">harbour</a><span> </span>'
    "<span>board</span>",
    "a blank span before a link": "<span>harbour</span><span> </span>"
    '<a href="https://coastline.example/a">board</a>',
    "a blank span after text": "harbour<span> </span><span>board</span>",
}


@pytest.mark.parametrize("structure", sorted(GAPS))
def test_space_between_inline_elements_is_kept(
    structure: str, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """`<a>one</a> <b>two</b>`: the words stay apart, as a browser shows them."""
    path = tmp_path / "page.html"
    body = f"<p>{FILLER}</p><p>Members of the {GAPS[structure]} met again on Friday.</p>"
    heading = "<h2>What the survey found</h2>"
    path.write_text(PAGE.replace(heading, heading + body), encoding="utf-8")
    article, _ = read_article(str(path))
    text = " ".join(getattr(b, "text", "") for b in article.body)
    assert "Members of the harbour board met" in text


@pytest.mark.parametrize(
    "item", ["<strong>Harbour board<br></strong>", "<b><em>Harbour board<br> </em></b>\n"]
)
def test_a_line_break_that_ends_a_bold_title_is_kept(
    item: str, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """`<li><b>Title<br></b>Text</li>`: the title stays on its own line, not run into the text."""
    path = tmp_path / "page.html"
    items = "".join(f"<li>{item}Members {n} met again on Friday.</li>" for n in range(3))
    heading = "<h2>What the survey found</h2>"
    path.write_text(PAGE.replace(heading, f"{heading}<p>{FILLER}</p><ul>{items}</ul>"), "utf-8")
    article, _ = read_article(str(path))
    lists = [b for b in article.body if isinstance(b, ListBlock)]
    first = lists[0].items[0].blocks[0]
    assert isinstance(first, Paragraph)
    assert [type(n).__name__ for n in first.inlines][:2] == ["Strong", "LineBreak"]
    assert first.text.startswith("Harbour board") and "boardMembers" not in first.text


def test_page_holding_the_stand_in_character_keeps_it() -> None:
    from publish.readers.html import extract_page

    page = PAGE.replace("Depth at low tide", "Depth \u2420 at low tide")
    _, content = extract_page(page)
    assert "Depth \u2420 at low tide" in content


def test_a_time_zone_abbreviation_in_a_page_date_prints_no_library_warning(
    tmp_path: Path,
) -> None:
    # US papers stamp their articles with zone abbreviations ("PST", "CST"), which dateutil,
    # under trafilatura's date finder, warns it cannot place; the day is found all the same,
    # and publish keeps the day only. The suite turns any warning into an error.
    body = " ".join(["The council met on a wet evening and argued about the ferry timetable."] * 8)
    page = tmp_path / "zone.html"
    page.write_text(
        "<html><head><title>Ferry timetable argued over</title></head><body><article>"
        "<h1>Ferry timetable argued over</h1>"
        '<time itemprop="datePublished" datetime="2016-12-16T14:05:00PST"></time>'
        f"<p>{body}</p><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    article, _ = read_article(str(page))
    assert article.headline == "Ferry timetable argued over"
    assert str(article.date) == "2016-12-16"
