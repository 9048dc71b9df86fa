"""Typographic punctuation in Markdown (pandoc's `smart`): each language's quotation marks,
apostrophes, dashes and ellipses; code as typed; `smart: false` as typed; a bad value refused.
The texts are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.errors import InputError
from publish.model import Article, Code, CodeBlock, Paragraph, Text
from publish.readers import read_article

BODY = (
    "The mayor said \"we will build it\" and the council's chair said 'soon'... "
    'Then -- after a pause --- the vote: `"x" -- y`.\n\n```\n"kept" -- as typed...\n```\n'
)


def _read(tmp_path: Path, lang: str, extra: str = "", title: str = "A title") -> Article:
    path = tmp_path / f"{lang}.md"
    path.write_text(
        f"---\ntitle: '{title}'\ndate: 2024-01-02\nlang: {lang}\n{extra}---\n\n" + BODY,
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    return article


def _paragraph_text(article: Article) -> str:
    first = article.body[0]
    assert isinstance(first, Paragraph)
    return "".join(i.text for i in first.inlines if isinstance(i, Text))


@pytest.mark.parametrize(
    ("lang", "primary", "secondary"),
    [
        ("en", "“we will build it”", "‘soon’"),
        ("en-GB", "“we will build it”", "‘soon’"),
        ("fr", "«\u202fwe will build it\u202f»", "“soon”"),
        ("de", "„we will build it“", "‚soon‘"),
        ("de-CH", "«we will build it»", "‹soon›"),
        ("pl", "„we will build it”", "«soon»"),
        ("ja", "「we will build it」", "『soon』"),
        ("zh-Hant", "「we will build it」", "『soon』"),
        ("sw", "“we will build it”", "‘soon’"),  # not listed: CLDR's root marks
    ],
)
def test_quotes_follow_the_language(
    tmp_path: Path, lang: str, primary: str, secondary: str
) -> None:
    text = _paragraph_text(_read(tmp_path, lang))
    assert primary in text and secondary in text
    assert "council’s" in text
    assert '"' not in text and "'" not in text


def test_dashes_and_ellipses(tmp_path: Path) -> None:
    text = _paragraph_text(_read(tmp_path, "en"))
    assert "‘soon’…" in text and "Then – after a pause — the vote" in text


def test_code_keeps_what_was_typed(tmp_path: Path) -> None:
    article = _read(tmp_path, "fr")
    first = article.body[0]
    assert isinstance(first, Paragraph)
    assert [i.text for i in first.inlines if isinstance(i, Code)] == ['"x" -- y']
    assert isinstance(article.body[1], CodeBlock)
    assert article.body[1].text == '"kept" -- as typed...'


def test_the_title_from_the_front_matter_too(tmp_path: Path) -> None:
    article = _read(tmp_path, "de", title='Der "neue" Haushalt -- *kurz* & [klar]')
    assert article.headline == "Der „neue“ Haushalt – *kurz* & [klar]"


def test_smart_false_keeps_straight_punctuation(tmp_path: Path) -> None:
    text = _paragraph_text(_read(tmp_path, "en", "smart: false\n"))
    assert '"we will build it"' in text and "council's" in text and "--" in text


def test_smart_must_be_a_boolean(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"smart: expected true or false") as caught:
        _read(tmp_path, "en", "smart: sometimes\n")
    assert caught.value.line == 5
