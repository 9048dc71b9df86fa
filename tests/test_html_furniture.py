"""Page furniture a saved page's text still holds is cut: related-article runs, button rows,
promotion links (publish/readers/html_furniture.py); file-name alts, site and author title
suffixes, placeholder bylines; each class on a fixture of ours and on the corpus pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from publish.readers.html import page_authors, read_html
from publish.readers.html_blocks import HtmlConverter
from publish.readers.html_furniture import is_promotion, without_furniture
from publish.readers.html_opening import block_text
from publish.readers.remote import is_file_name
from publish.readers.source import read_source
from publish.readers.titles import clean_title

SITE = "https://harbour.example/news/dredging"
STORY = (
    "<p>The harbour board met on Tuesday evening to weigh the cost of dredging the outer "
    "channel, which has silted up faster than the engineers had forecast in their survey.</p>"
    "<p>Members asked for three quotes and a firm date before the winter storms arrive, and "
    "the harbour master said the channel could not wait for another season.</p>"
)
LAST = "<p>A decision is due in April, after the public consultation closes next month.</p>"


def blocks_of(html: str) -> list[dict[str, Any]]:
    return HtmlConverter(lambda message: None).convert(html)


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for block in blocks:
        if block["type"] == "list":
            out.extend(texts([b for item in block["items"] for b in item["blocks"]]))
        elif "inlines" in block:
            out.append(" ".join(block_text(block).split()))
    return out


def cut(html: str, url: str | None = SITE) -> list[str]:
    return texts(without_furniture(blocks_of(html), url))


# --- a trailing furniture run ----------------------------------------------------------------


def test_a_related_article_list_after_the_story_is_cut() -> None:
    related = (
        "<h3>More from the harbour</h3><ul>"
        '<li><a href="https://harbour.example/news/ferry">Ferry timetable changes for the summer</a></li>'
        '<li><a href="https://www.harbour.example/news/pier">The pier reopens</a></li>'
        '<li><a href="https://harbour.example/news/gulls">Gulls nest on the lighthouse again</a></li></ul>'
    )
    assert cut(STORY + LAST + related)[-1].startswith("A decision is due in April")


def test_linked_titles_with_dates_and_teasers_after_the_story_are_cut() -> None:
    related = (
        "<p>Close</p>"
        '<h3><a href="https://harbour.example/news/ferry">Ferry timetable changes</a></h3><p>February 12, 2024</p>'
        '<h3><a href="https://harbour.example/news/pier">The pier reopens</a></h3>'
        "<p>The old pier opens to walkers again after two years of repairs to its deck.</p>"
    )
    assert cut(STORY + LAST + related)[-1].startswith("A decision is due in April")


def test_a_read_more_label_and_its_links_are_cut() -> None:
    related = (
        "<p>Read more:</p>"
        '<p><a href="https://harbour.example/news/ferry">Ferry timetable changes for the summer</a></p>'
        '<p><a href="https://harbour.example/news/pier">The pier reopens to walkers</a></p>'
    )
    assert cut(STORY + LAST + related)[-1].startswith("A decision is due in April")


def test_a_row_of_buttons_and_counters_is_cut() -> None:
    buttons = "".join(f"<p>{word}</p>" for word in ("Share", "12", "Like", "3", "Tweet"))
    assert cut(STORY + LAST + buttons)[-1].startswith("A decision is due in April")


def test_a_single_promotion_link_ending_the_body_is_cut() -> None:
    promo = '<p><a href="https://harbour.example/news/streets">Why are the streets always dug up?</a></p>'
    assert cut(STORY + LAST + promo)[-1].startswith("A decision is due in April")


def test_a_list_of_sources_on_other_sites_stays() -> None:
    sources = (
        "<h2>External links</h2><ul>"
        '<li><a href="https://survey.example/report">The channel survey</a></li>'
        '<li><a href="https://tides.example/">Tide tables</a></li></ul>'
    )
    assert cut(STORY + LAST + sources)[-2:] == ["The channel survey", "Tide tables"]


def test_the_story_s_own_short_ending_stays() -> None:
    ending = (
        "<p>One link is not a list:</p>"
        + '<p><a href="https://harbour.example/a">the board</a> met.</p>'
    )
    kept = cut(STORY + LAST + "<p>He said no.</p><p>Ada Reporter</p>")
    assert kept[-2:] == ["He said no.", "Ada Reporter"]
    assert cut(STORY + ending)[-1] == "the board met."


def test_a_run_longer_than_the_story_stays() -> None:
    links = "".join(
        f'<li><a href="https://harbour.example/n/{n}">Another story about the harbour, number {n}</a></li>'
        for n in range(12)
    )
    short = "<p>The board met.</p>"
    assert len(cut(short + "<ul>" + links + "</ul>")) == 13


# --- promotion links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "promotion"),
    [
        (
            '<p>[<a href="https://harbour.example/news/pier">Read: the pier reopens to walkers</a>]</p>',
            True,
        ),
        (
            '<p><a href="https://harbour.example/news/pier">[The pier reopens to walkers]</a></p>',
            True,
        ),
        (
            '<p><a href="https://harbour.example/news/pier">Continue reading the main story</a></p>',
            True,
        ),
        ('<p><a href="https://harbour.example/news/pier">Related: the pier reopens</a></p>', True),
        ('<p><a href="#note-10">[10]</a></p>', False),  # a note marker
        ("<p>[Alden: the pier reopens tonight, I think.]</p>", False),  # no link: the story's
        (
            '<p><a href="https://harbour.example/news/pier">The pier reopens to walkers</a></p>',
            False,
        ),  # no label
        ('<p>[<a href="https://other.example/x">Read: elsewhere</a>]</p>', False),  # not own
        # the label outside the link, in the page's language
        (
            '<p>Lire aussi : <a href="https://harbour.example/news/pier">La jetée rouvre</a></p>',
            True,
        ),
        ('<p>Leia também: <a href="https://harbour.example/news/pier">O cais reabre</a></p>', True),
        ('<p>Lesen Sie auch: <a href="https://harbour.example/news/pier">Der Steg</a></p>', True),
        (
            '<p>Read more: <a href="https://harbour.example/news/pier">The pier reopens</a></p>',
            True,
        ),
        ("<p>Voir aussi : la jetée, qui rouvre demain aux promeneurs.</p>", False),  # no link
    ],
)
def test_promotion_links(html: str, promotion: bool) -> None:
    (block,) = blocks_of(html)
    assert is_promotion(block, "harbour.example") is promotion


def test_promotion_links_inside_the_story_are_cut() -> None:
    promo = (
        '<p><a href="https://harbour.example/news/pier">[Read: the pier reopens to walkers]</a></p>'
    )
    assert cut(STORY + promo + LAST) == cut(STORY + LAST)


# --- file-name alts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alt", "file_name"),
    [
        ("IMG_1234.jpg", True),
        ("12-P1610080.JPG", True),
        ("Harbour chart, 2024.png", True),
        ("A dredger at work in the outer channel", False),
        ("the chart.png shows depth", False),
        ("", False),
        ("outer-channel-dredger-at-work", True),
        ("0512_pier_survey_3", True),
        ("2024-harbour-chart-300x200", True),
        ("Dredger-Photo", False),
        ("state-of-the-art dredger", False),
        ("storm-hit", False),
    ],
)
def test_file_name_alts(alt: str, file_name: bool) -> None:
    assert is_file_name(alt) is file_name


def test_an_image_left_out_shows_no_file_name(expect_warnings: pytest.LogCaptureFixture) -> None:
    html = (
        STORY + '<p><img src="https://cdn.example/a.jpg" alt="IMG_1234.jpg"></p>'
        '<p><img src="https://cdn.example/b.jpg" alt="A dredger at work"></p>'
        '<p><img src="https://cdn.example/c-300x200.jpg" alt="outer-channel-dredger-2"></p>'
        "<p>Dredging resumed<img src='https://cdn.example/d.jpg' alt='dredger-at-dawn-1'> at dawn."
        "</p>" + LAST
    )
    shown = texts(blocks_of(html))
    assert "IMG_1234.jpg" not in shown and "A dredger at work" in shown
    assert not any("dredger-" in text for text in shown)


def test_a_markdown_image_left_out_shows_no_file_name(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    from publish.readers import read_article

    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-01-01\n---\n\nText.\n\n![IMG_1234.jpg](https://cdn.example/a.jpg)\n",
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    assert "IMG_1234" not in repr(article.body)


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "site", "url", "authors", "expected"),
    [
        (
            "Whales strand on the coast | Ada Reporter",
            "The Daily",
            None,
            ("Ada Reporter",),
            "Whales strand on the coast",
        ),
        (
            "Dredging plan (2) @ Harbour notes :: Blogville ::",
            "Harbour notes",
            "https://ada.blogville.example/post/1",
            (),
            "Dredging plan (2)",
        ),
        # not the author's whole name, nor the site's: kept
        ("Dredging plan | Ada Reporter", "Harbour Times", None, ("Ada",), None),
        ("Dredging plan: a guide | Tides", "Harbour Times", None, ("Ada Reporter",), None),
        # a domain name of three letters is too often a word of a title: kept
        ("Dredging plan - Sea news today", None, "https://news.sea.example/", (), None),
    ],
)
def test_titles_lose_site_and_author_suffixes(
    title: str, site: str | None, url: str | None, authors: tuple[str, ...], expected: str | None
) -> None:
    assert clean_title(title, site, url, authors) == (expected or title)


def test_a_title_loses_the_site_after_the_author() -> None:
    title = "Dredging plan | Ada Reporter | Harbour Times"
    assert clean_title(title, "Harbour Times", None, ("Ada Reporter",)) == "Dredging plan"
    both = "Dredging plan | Ada Reporter and Ben Editor"
    assert clean_title(both, None, None, ("Ada Reporter", "Ben Editor")) == "Dredging plan"


# --- bylines ---------------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["Username", "Follow Author", "admin"])
def test_a_placeholder_byline_gives_no_author(placeholder: str) -> None:
    assert page_authors(placeholder) == ()
    meta = '<meta name="author" content="Ada Reporter">'
    assert page_authors(placeholder, meta) == ("Ada Reporter",)


def test_an_author_that_is_the_site_s_name_is_one_name() -> None:
    assert page_authors("Boats; I", site="Boats & i") == ("Boats & i",)
    assert page_authors("Ada Reporter & Ben Editor", site="Harbour Times") == (
        "Ada Reporter",
        "Ben Editor",
    )


# --- end to end: a page of ours, then the corpus ---------------------------------------------


def test_a_saved_page_loses_its_furniture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    related = "".join(
        f'<li><a href="https://harbour.example/news/{n}">Another harbour story, part {n}</a></li>'
        for n in range(4)
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Dredging the channel | Ada Reporter</title>"
        '<meta name="author" content="Ada Reporter">'
        f'<link rel="canonical" href="{SITE}"></head><body><article>'
        "<h1>Dredging the channel</h1>" + STORY * 3 + LAST + f"<h3>Related</h3><ul>{related}</ul>"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = read_html(read_source(page))
    assert article.headline == "Dredging the channel"
    assert not any("Another harbour story" in t for t in _body_texts(article))


def _edit_link(word: str) -> str:
    """A wiki's section edit link, as MediaWiki writes it after a heading."""
    bracket = '<span class="mw-editsection-bracket">'
    return (
        f'<span class="mw-editsection">{bracket}[</span><a href="/w/index.php?title=Dredging'
        f'&amp;action=edit&amp;section=1">{word}</a>{bracket}]</span></span>'
    )


@pytest.mark.parametrize("word", ["edit", "modifier", "bearbeiten"])
def test_a_wiki_s_edit_links_after_headings_are_cut(
    word: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    page = tmp_path / "page.html"
    heading = f'<h2><span class="mw-headline" id="Cost">The cost</span>{_edit_link(word)}</h2>'
    page.write_text(
        "<html><head><title>Dredging the channel</title>"
        '<meta property="article:published_time" content="2024-03-05"></head>'
        "<body><div id='content'>"
        "<h1>Dredging the channel</h1>" + STORY + heading + STORY + LAST + "</div></body></html>",
        encoding="utf-8",
    )
    article = read_html(read_source(page))
    assert "The cost" in _body_texts(article)
    assert not any(word in text for text in _body_texts(article))


def _body_texts(article: Any) -> list[str]:
    from publish.model import ListBlock, plain_text

    out: list[str] = []
    for block in article.body:
        if isinstance(block, ListBlock):
            out.extend(plain_text(b.inlines) for item in block.items for b in item.blocks)
        elif hasattr(block, "inlines"):
            out.append(plain_text(block.inlines))
    return out


FURNITURE = {
    # page: a short span of furniture it prints (a label, a button, a file name)
    "gmw": "震惊",
    "herald-sun-1": "Other Opinion Columns",
    "aclu": "Staying Safe When You Say",
    "yahoo-4": "客室乗務員",
    "wapo-1": "Read more:",
    "nytimes-2": "Continue reading the main story",
    "pixnet": "IMG_3886.jpg",
    "lazy-image-3": "performance.jpg",
}


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_corpus_pages_lose_their_furniture_and_keep_their_story(
    corpus_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    caplog._publish_expect_warnings = True  # the pages' remote images are left out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    article = read_html(read_source(corpus_path / name / "source.html"))
    body = "\n".join(_body_texts(article))
    assert FURNITURE[name] not in body
    # the story's last paragraph, as Readability extracts it, is still there
    expected = lxml.html.fromstring((corpus_path / name / "expected.html").read_text("utf-8"))
    paragraphs = [
        " ".join(p.text_content().split())
        for p in expected.iter("p")
        if len("".join(a.text_content() for a in p.iter("a"))) < len(p.text_content()) / 2
    ]
    story = [p for p in paragraphs if len(p) >= 30] or [" ".join(expected.text_content().split())]
    assert _squash(story[-1][-30:]) in _squash(body)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


@pytest.mark.parametrize(
    ("name", "suffix"), [("guardian-1", "Eleanor Ainge Roy"), ("pixnet", "PIXNET")]
)
def test_corpus_titles_lose_their_site_and_author(
    corpus_path: Path, name: str, suffix: str, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    caplog._publish_expect_warnings = True
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    article = read_html(read_source(corpus_path / name / "source.html"))
    assert suffix not in article.headline and len(article.headline) >= 8


def test_corpus_bylines(corpus_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any) -> None:
    caplog._publish_expect_warnings = True
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")

    def authors(name: str) -> tuple[str, ...]:
        return read_html(read_source(corpus_path / name / "source.html")).authors

    assert authors("heise") == ("Mac & i",)
    assert "Username" not in authors("wapo-1") + authors("wapo-2")


def test_hidden_elements_are_not_read(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """`<p hidden>`: a browser does not show it (here a copy of the description kept for search
    engines, its apostrophe escaped twice), so it is not read as the story's first paragraph."""
    from publish.readers import read_article

    story = "".join(
        f"<p>Paragraph {n} of the tide report says the spring tides ran higher than the pier "
        "builders had allowed for, and the harbour board will meet about it.</p>"
        for n in range(4)
    )
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tide report</title>'
        '<meta name="description" content="The pier’s builders under-counted the tides.">'
        '<meta property="article:published_time" content="2024-05-06T08:00:00Z"></head><body>'
        "<article><h1>Tide report</h1>"
        '<p itemprop="description" hidden>The pier&amp;rsquo;s builders under-counted.</p>'
        f"{story}</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article, _ = read_article(str(path))
    text = " ".join(t for _, t in article.text_blocks)
    assert "&rsquo;" not in text and "under-counted." not in text
    assert "Paragraph 0 of the tide report" in text


# --- widget words inside the story -----------------------------------------------------------

WIDGET_WORDS = {
    "an advertisement's label": "<p>Advertisement</p>",
    "a sponsored label, as a heading": "<h3>Sponsored</h3>",
    "a German advertisement's label": "<p>Anzeige</p>",
    "a call to action": '<p><a href="https://harbour.example/more">READ MORE</a></p>',
    "a call to action with an arrow": "<p>Learn more »</p>",
    "a share button": '<p><a href="https://social.example/share">Share on Facebook</a></p>',
    "a print button": "<p>Print this article</p>",
    "a sign-up": "<p>Sign up for the Harbour Letter, our weekly round-up of the coast.</p>",
    "a sign-up after a question": "<p>Missed a tide? Subscribe and get every bulletin.</p>",
    "a newsletter offer": "<p>Get The Harbour Letter, the board's own newsletter</p>",
}


@pytest.mark.parametrize("where", sorted(WIDGET_WORDS))
def test_widget_words_inside_the_story_are_cut(where: str) -> None:
    assert cut(STORY + WIDGET_WORDS[where] + LAST) == cut(STORY + LAST)


@pytest.mark.parametrize(
    "text",
    [
        "<p>The board will read more of the survey before it votes.</p>",
        "<p>Fishermen who did not sign up for the scheme lost a week at sea.</p>",
        "<p>Get ready, the harbour master told the crews, the storm is close.</p>",
        "<p>The advertisement for the pier job ran for a month without an answer.</p>",
        "<p>Share prices of the ferry company fell.</p>",
        "<p>Subscribers to the board's newsletter were told first. " + "More " * 60 + "</p>",
    ],
)
def test_story_sentences_are_not_widget_words(text: str) -> None:
    kept = cut(STORY + text + LAST)
    assert len(kept) == len(cut(STORY + LAST)) + 1
