"""Bylines that ran on into the page's date: the date's words are cut, the names kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from publish.readers.byline_dates import without_date
from publish.readers.bylines import byline_names
from publish.readers.html import page_authors

MAY_20 = dt.date(2019, 5, 20)  # a Monday


@pytest.mark.parametrize(
    ("name", "date", "language", "expected"),
    [
        ("Ines Corr May", MAY_20, "en", "Ines Corr"),
        ("Ines Corr Monday", MAY_20, "en", "Ines Corr"),
        ("Ines Corr Mon May 20,", MAY_20, "en", "Ines Corr"),
        ("Last Updated May 20", MAY_20, "en", ""),
        ("Pavel Novák před", MAY_20, "cs", "Pavel Novák"),
        ("Lena Vogt vor", MAY_20, "de", "Lena Vogt"),
        ("Lena Vogt Mai", MAY_20, "de", "Lena Vogt"),
        ("Claire Roux il y a", MAY_20, "fr", "Claire Roux"),
        ("Ines Corr mayo", MAY_20, "es", "Ines Corr"),
    ],
)
def test_the_dates_words_are_cut_from_the_end(
    name: str, date: dt.date, language: str, expected: str
) -> None:
    assert without_date(name, date, language) == expected


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("Theresa May", dt.date(2019, 6, 3)),  # another month: a surname
        ("Ada June Reporter", dt.date(2019, 6, 3)),  # June inside the name, not at its end
        ("Ada Reporter", MAY_20),
        ("Brian Updated", MAY_20),  # a label word alone is not a date
        ("Mayo Ferris", MAY_20),
    ],
)
def test_names_without_the_dates_words_stay(name: str, date: dt.date) -> None:
    assert without_date(name, date, "en") == name


def test_a_name_written_again_in_capitals_is_kept_once() -> None:
    assert byline_names("Ines Corr; INES CORR and Tom Hale") == ("Ines Corr", "Tom Hale")


def test_page_authors_cut_the_date_and_drop_what_is_only_a_date() -> None:
    assert page_authors("Ines Corr Monday; May", date=MAY_20) == ("Ines Corr",)
    assert page_authors("Ines Corr May") == ("Ines Corr May",)  # no date known: as written


def test_corpus_bylines_lose_their_dates(corpus_path: Path) -> None:
    """Pages whose author field runs into the date, in English and in Czech."""
    import logging

    from publish.readers.html import read_html
    from publish.readers.source import read_source

    months = {"january", "march", "may", "july", "monday", "february", "před"}
    logging.getLogger("publish").setLevel(logging.ERROR)
    try:
        for name in ("quanta-1", "lwn-1", "article-author-tag", "aktualne", "simplyfound-1"):
            article = read_html(read_source(corpus_path / name / "source.html"))
            assert article.authors, name
            for author in article.authors:
                assert author.split()[-1].casefold() not in months, (name, author)
    finally:
        logging.getLogger("publish").setLevel(logging.NOTSET)
