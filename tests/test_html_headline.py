"""A saved page whose metadata names no article: its headline is the heading its title agrees
with, never a heading of the page's furniture (publish.readers.html_headline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.readers import read_article
from publish.readers.html_headline import agreement

STORY = (
    "<p>The lighthouse keepers of the northern cape voted on Monday to keep the lamp lit through "
    "the winter, after the council had proposed switching it off to save on fuel and wages.</p>"
    "<p>Keepers said the lamp still guides the small boats that fish the reef at night, and that "
    "an automatic beacon would not be ready before the storms of the coming season.</p>"
    "<p>The council will publish its revised budget next month, with the lamp's cost in it.</p>"
)
HEADLINE = "Keepers vote to keep the cape lamp lit"


def page(body: str, title: str = f"{HEADLINE} | Cape Courier") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<meta property="og:site_name" content="Cape Courier">'
        '<meta property="article:published_time" content="2024-05-06T08:00:00Z">'
        f"</head><body>{body}</body></html>"
    )


FURNITURE = {
    "most read sidebar": '<div class="sidebar"><h2 class="widget-title">Most Read</h2>'
    '<ul><li><a href="/a">Ferry fares rise again</a></li></ul></div>',
    "comment form": '<div id="comments"><h3 class="comment-reply-title">Leave a Reply</h3></div>',
    "newsletter box": '<aside class="newsletter-signup"><h2 class="box-title">'
    "The Courier in your inbox</h2></aside>",
    "recirculation": '<div class="articles-recirculation"><h2 class="section-title">'
    "You may also like</h2></div>",
    "a column's banner": '<div class="blog-banner"><h1 class="banner-title">'
    "Cape Notes: the week on the coast</h1></div>",
    "a player's queue": '<div class="watch-queue"><h3 class="queue-title">Up Next</h3></div>',
}


@pytest.mark.parametrize("where", sorted(FURNITURE))
def test_a_furniture_heading_is_not_the_headline(
    where: str, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """No metadata title: the page's own heading that agrees with <title> is the headline, not
    the furniture heading trafilatura would take (a sidebar's, a comment form's ...)."""
    html = page(
        f"{FURNITURE[where]}<article><div class='post'><h2>{HEADLINE}</h2>{STORY}</div>"
        f"</article>{FURNITURE[where]}"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.headline == HEADLINE


@pytest.mark.parametrize("where", ["comment form", "newsletter box", "a player's queue"])
def test_with_no_agreeing_heading_the_title_is_the_headline(
    where: str, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """No heading agrees with <title> and the one trafilatura takes is furniture: the title,
    without the site's name, is the headline."""
    path = tmp_path / "page.html"
    path.write_text(page(f"<article>{STORY}</article>{FURNITURE[where]}"), encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.headline == HEADLINE


def test_a_heading_that_agrees_with_the_title_is_kept(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """The title words the story a little differently: the page's heading stays the headline."""
    shown = "Cape keepers vote to keep their lamp lit all winter"
    path = tmp_path / "page.html"
    path.write_text(page(f"<article><h1>{shown}</h1>{STORY}</article>"), encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.headline == shown


def test_the_metadata_title_wins(tmp_path: Path, expect_warnings: pytest.LogCaptureFixture) -> None:
    """og:title names the article: it is the headline, whatever the headings say."""
    html = page(f"{FURNITURE['most read sidebar']}<article>{STORY}</article>").replace(
        "</title>", f'</title><meta property="og:title" content="{HEADLINE}, says the council">'
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.headline == f"{HEADLINE}, says the council"


def test_agreement_counts_shared_words() -> None:
    assert agreement("Keepers vote to keep the lamp", "keepers VOTE to keep the lamp") == 1.0
    assert agreement("Most Read", HEADLINE) == 0.0
    assert agreement("灯塔守护者投票", "灯塔守护者") > 0.5
