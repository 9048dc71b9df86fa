"""Web page titles lose the site's name tacked on after a separator, and nothing else."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from publish.readers.titles import clean_title


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        (
            "Ferry returns in May | The Island Times",
            "The Island Times",
            None,
            "Ferry returns in May",
        ),
        (
            "Ferry returns in May - Island Times",
            None,
            "https://www.island-times.example/a",
            "Ferry returns in May",
        ),
        ("Harbour plan \u00b7 Portside", "Portside: news from the quay", None, "Harbour plan"),
        (
            "Rates rise again \u2014 Ledger",
            None,
            "https://news.ledger.example/x",
            "Rates rise again",
        ),
        # not the site's name: kept
        ("Conversations - Chapter 1", "Archive of Our Own", None, "Conversations - Chapter 1"),
        (
            "Evolve: Shared Mutable History \u2014 evolve extension for Mercurial",
            None,
            "https://www.mercurial-scm.org/doc",
            None,
        ),
        ("Ab | Ledger", "Ledger", None, None),  # never cut to almost nothing
    ],
)
def test_clean_title(title: str, site: str | None, url: str | None, expected: str | None) -> None:
    assert clean_title(title, site, url) == (expected or title)


@pytest.mark.parametrize(
    ("page", "headline"),
    [
        ("aktualne", "West Ham hroz\u00ed gigant\u016fm"),
        ("ehow-1", "How to Build a Terrarium"),
        ("firefox-nightly-blog", "These Weeks in Firefox: Issue 85"),
        ("iab-1", "Getting LEAN with Digital Ad UX"),
    ],
)
def test_corpus_pages_lose_the_site_name(
    corpus_path: Path, page: str, headline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publish.readers.html import read_html
    from publish.readers.source import read_source

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    logging.getLogger("publish").setLevel(logging.ERROR)
    try:
        article = read_html(read_source(corpus_path / page / "source.html"))
    finally:
        logging.getLogger("publish").setLevel(logging.NOTSET)
    assert article.headline.startswith(headline)
    for separator in (" | ", " - ", " \u2013 "):
        tail = article.headline.rsplit(separator, 1)[-1]
        assert article.publisher is None or tail.casefold() not in article.publisher.casefold()
