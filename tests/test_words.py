"""The page's own words (box and notes headings, provenance line, navigation) in the article's
language, each language's sentence in its own word order; English, marked lang="en", where a
language has no entry."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from publish.model import Article
from publish.render.templates import Theme, render_article
from publish.render.words import fill, words_language
from tests.test_scripts import TEXTS

KEYS = ("Key figures", "Sources", "Published")


def _article(language: str, **fields: object) -> Article:
    data: dict[str, object] = {
        "headline": "H",
        "date": dt.date(2024, 3, 14),
        "language": language,
        "publisher": "Example Press",
        "authors": ["Ana Ruiz", "Ben Ode"],
        "source_url": "https://example.org/a",
        "body": [{"type": "paragraph", "inlines": [{"type": "text", "text": "Text."}]}],
        "facts": [{"value": "42", "label": "votes", "sentence": "42 votes."}],
    }
    data.update(fields)
    return Article.model_validate(data)


def _provenance(html: str) -> str:
    match = re.search(r'<footer class="provenance" id="provenance">\s*(<p.*?</p>)', html, re.S)
    assert match, html
    return match.group(1)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_script_language_has_its_own_words(language: str) -> None:
    html = render_article(_article(language), target="epub", theme=Theme())
    line = _provenance(html)
    assert not any(word in html for word in KEYS), line
    assert 'lang="en"' not in line
    assert "Example Press" in line and "Ana Ruiz" in line and "https://example.org/a" in line


def test_word_order_follows_the_language() -> None:
    ja = re.sub(
        r"<[^>]+>",
        "",
        _provenance(render_article(_article("ja", authors=[]), target="epub", theme=Theme())),
    )
    assert ja == "Example Pressが2024年3月14日に掲載。原文：https://example.org/a"
    hi = re.sub(
        r"<[^>]+>",
        "",
        _provenance(
            render_article(
                _article("hi", authors=[], source_url=None), target="epub", theme=Theme()
            )
        ),
    )
    assert hi == "Example Press द्वारा 14 मार्च 2024 को प्रकाशित।"


def test_no_double_full_stop_after_a_date_that_ends_in_one() -> None:
    line = _provenance(render_article(_article("ru"), target="pdf", theme=Theme()))
    text = re.sub(r"<[^>]+>", "", line)
    assert "г.." not in text and "2024\u202fг. Оригинал" in text


def test_language_without_words_prints_english_marked_as_english() -> None:
    html = render_article(_article("lv"), target="epub", theme=Theme())
    assert '<p lang="en" xml:lang="en">Published by' in html
    assert 'id="factbox-title" lang="en" xml:lang="en">Key figures' in html
    assert "14 March 2024" in html  # the date written as the sentence around it
    rtl = render_article(_article("ps"), target="epub", theme=Theme())
    assert '<p lang="en" xml:lang="en" dir="ltr">Published by' in rtl


def test_words_language_lookup() -> None:
    known = ("en", "pt", "zh-hans", "zh-hant")
    assert words_language("zh-TW", known) == "zh-hant"
    assert words_language("zh-Hant-HK", known) == "zh-hant"
    assert words_language("zh", known) == "zh-hans"
    assert words_language("pt-BR", known) == "pt"
    assert words_language("lv", known) is None


def test_fill_escapes_the_pattern_and_keeps_markup() -> None:
    from markupsafe import Markup

    out = fill("<{a}> & {b}.", {"a": Markup("<i>x</i>"), "b": "y <z>."})
    assert out == "&lt;<i>x</i>&gt; &amp; y &lt;z&gt;."
