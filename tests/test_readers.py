"""Each reader on good input, and on broken input that must give a one-line error."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from publish.errors import InputError, UsageError
from publish.model import BlockQuote, CodeBlock, Heading, ListBlock, Paragraph, Strong, Text
from publish.readers import read_article
from publish.readers.dates import parse_date
from publish.readers.source import decode
from tests.conftest import ARTICLES


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Aug 14 2023",
        "14 August 2023",
        "2023-08-14",
        "August 14, 2023",
        "Monday, August 14th, 2023",
        "14 Aug. 2023",
        "2023/08/14",
    ],
)
def test_dates_in_common_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2023, 8, 14)


@pytest.mark.parametrize(
    "text",
    [
        "2023-08-14T10:30:00Z",
        "2023-08-14 10:30",
        "2023-08-14T12:00:00+02:00",
        "Updated: Aug 14 2023",
        "Published on 14 August 2023",
        "Last updated 14 August 2023, 09:00",
        "14 Aug 2023 10:45 BST",
        "August 14, 2023 at 3:12 p.m. ET",
        "August 14, 2023 3pm",
        "14.08.2023",
        "14/08/2023",
        "08/14/2023",
        "14-08-2023",
    ],
)
def test_dates_as_news_sites_write_them(text: str) -> None:
    assert parse_date(text) == dt.date(2023, 8, 14)


def test_sept_is_september() -> None:
    assert parse_date("Sept. 4, 2023") == dt.date(2023, 9, 4)


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "yesterday",
        "Aug 32 2023",
        "14/08/2023x",
        "30.02.2023",
        "2023-08-14T25:00",
        "Published: yesterday",
        "2023",
        "14 Aug 2023 at noonish",
    ],
)
def test_dates_that_are_not_days(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_an_ambiguous_numeric_date_is_refused() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("05/06/2023")


# --- plain text -------------------------------------------------------------------------


def test_text_reader_on_reference(seed_path: Path) -> None:
    article, _ = read_article(str(seed_path))
    assert (
        article.headline
        == "Mediate Nagorno-Karabakh conflict, scholars urge Israel\u2019s Isaac Herzog"
    )
    assert article.date == dt.date(2023, 8, 14)
    assert article.language == "en"
    assert len(article.body) == 13
    assert all(isinstance(block, Paragraph) for block in article.body)
    # curly and straight quotes survive untouched
    fourth = article.body[3]
    assert isinstance(fourth, Paragraph)
    assert fourth.text.startswith('"The State of Israel')
    assert "stand by,\u201d the letter" in fourth.text


def test_text_reader_joins_lines_and_keeps_blank_line_runs(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.txt", "\n\nHeadline here\n\n2024-01-02\n\n\n\nOne\nparagraph.\n\n\nTwo.\n"
    )
    article, _ = read_article(path)
    assert [b.text for b in article.body if isinstance(b, Paragraph)] == ["One paragraph.", "Two."]


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nBy Ada Reporter and Chlo\u00e9 de la Tour\nAug 14 2023\n\nBody.\n",
        "Headline\nAug 14 2023\n\nBy Ada Reporter & Chlo\u00e9 de la Tour\n\nBody.\n",
        "Headline\nAug 14 2023\nby Ada Reporter, Chlo\u00e9 de la Tour\n\nBody.\n",
    ],
)
def test_text_reader_takes_a_byline_beside_the_date(tmp_path: Path, text: str) -> None:
    article, _ = read_article(write(tmp_path, "a.txt", text))
    assert article.authors == ("Ada Reporter", "Chlo\u00e9 de la Tour")
    assert article.date == dt.date(2023, 8, 14)
    assert [b.text for b in article.body if isinstance(b, Paragraph)] == ["Body."]


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nAug 14 2023\n\nBy the end of the day, Ada had left.\n",
        "Headline\nAug 14 2023\n\nBy Ada Reporter\nand a second line of the paragraph.\n",
        "Headline\nAug 14 2023\n\nFirst paragraph.\n\nBy Ada Reporter\n",
    ],
)
def test_text_reader_keeps_paragraphs_that_only_start_with_by(tmp_path: Path, text: str) -> None:
    article, _ = read_article(write(tmp_path, "a.txt", text))
    assert article.authors == ()
    assert len(article.body) == len(text.split("\n\n")) - 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", None, "the file is empty"),
        ("Only a headline\n", 2, "no date line"),
        ("Headline\n\nnot a date at all\n\nBody.", 3, "is not a date"),
        ("Headline\n2024-02-30\n\nBody.", 2, "is not a real day"),
        ("Headline\nBy Ada Reporter\n", 3, "no date line after the headline and byline"),
        ("Headline\nBy Ada Reporter\nsoon\n\nBody.", 3, "is not a date"),
    ],
)
def test_text_reader_errors(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = write(tmp_path, "bad.txt", text)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert caught.value.file == path
    assert caught.value.line == line
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", b"Headline\n2024-01-02\n\nfine and \xff bad\n")
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert (caught.value.line, caught.value.column) == (4, 10)


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        read_article(write(tmp_path, "a.odt", "x"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_reader_front_matter_and_structure() -> None:
    article, _ = read_article(str(ARTICLES / "field-notes.md"))
    assert article.headline == "Field notes: a week on the river delta"
    assert (
        article.standfirst == "What three researchers found while counting birds in the wetlands."
    )
    assert article.authors == ("Mira Okafor", "Tomás Lind")
    assert article.publisher == "The Wetland Quarterly"
    assert article.source_url == "https://example.org/wetland/field-notes"
    assert article.keywords == ("birds", "wetlands")
    assert article.slug == "field-notes-a-week-on-the-river-delta"
    kinds = [type(block) for block in article.body]
    assert kinds == [
        Paragraph,
        Heading,
        Paragraph,
        BlockQuote,
        ListBlock,
        ListBlock,
        Paragraph,
        Paragraph,
        CodeBlock,
    ]
    heading = article.body[1]
    assert isinstance(heading, Heading) and heading.level == 2
    numbered = article.body[5]
    assert isinstance(numbered, ListBlock) and numbered.ordered
    raw = article.body[6]
    assert isinstance(raw, Paragraph)
    assert "<b>this</b>" in raw.text and "<script>alert(1)</script>" in raw.text


@pytest.mark.parametrize(
    "body",
    [
        "<!-- markdownlint-disable MD013 -->\n\nThe ferry ran late.\n",  # a linter's directive
        "The ferry ran late.\n\n<!--\nEditor: check the timetable\nbefore Friday.\n-->\n",
        "The ferry ran <!-- was: always --> late.\n",  # inside a paragraph
        "<!-- toc -->\n<!-- tocstop -->\n\nThe ferry ran late.\n",  # a generator's markers
    ],
)
def test_markdown_html_comments_are_left_out(tmp_path: Path, body: str) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2024-01-02\n---\n\n" + body, encoding="utf-8")
    article, _ = read_article(str(path))
    words = " ".join(b.text for b in article.body if isinstance(b, Paragraph))
    assert " ".join(words.split()) == "The ferry ran late."


def test_markdown_raw_html_prints_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        '---\ntitle: T\ndate: 2024-01-02\n---\n\n<p align="center">Hi</p>\n\n'
        'Press <kbd>Ctrl</kbd> "now".\n',
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    first, second = article.body
    assert isinstance(first, Paragraph) and first.text == '<p align="center">Hi</p>'
    assert isinstance(second, Paragraph) and second.text == "Press <kbd>Ctrl</kbd> \u201cnow\u201d."


def test_markdown_title_from_heading(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ndate: 2024-03-01\n---\n# The title\n\nBody *text*.\n")
    article, _ = read_article(path)
    assert article.headline == "The title"
    assert len(article.body) == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: x\ndate: 2024-01-01\n\nBody", 1, "no closing ---"),
        ("---\ntitle: NO\ndate: 2024-01-01\n---\nBody", 2, "not the boolean false"),
        ("---\ntitle: T\ndate: 2024-02-30\n---\nBody", 3, "not a real day"),
        ("---\ntitle: T\ndate: yesterday\n---\nBody", 3, "is not a date"),
        ("---\ntitle: T\ntitle: U\ndate: 2024-01-01\n---\nBody", 3, "appears twice"),
        ("---\ntitle: !!python/object:os.system x\ndate: 2024-01-01\n---\n", 2, "constructor"),
        ("---\ntitle: T\n---\nBody", 1, "no date"),
        ("---\ndate: 2024-01-01\n---\nJust a paragraph.", 1, "no headline"),
        ("---\ntitle: T\ndate: 2024-01-01\nlang: not a language\n---\nBody", 4, "BCP 47"),
        ("---\ntitle: T\ndate: 2024-01-01\nslug: ../etc\n---\nBody", 4, "is not a slug"),
        ("---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBody", 3, "front matter"),
        (
            "---\ntitle: T\ndate: 2024-01-01\n---\n![x](../../../etc/passwd)\n",
            5,
            "article's folder",
        ),
    ],
)
def test_markdown_reader_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert caught.value.file == path
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)


def test_unknown_front_matter_key_is_a_warning(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: T\ndate: 2024-01-01\ncolour: red\n---\nBody\n")
    read_article(path)
    messages = [r.getMessage() for r in expect_warnings.records]
    assert any('unknown front matter key "colour"' in m and ":4:" in m for m in messages)


# --- JSON -------------------------------------------------------------------------------


def test_json_reader() -> None:
    article, _ = read_article(str(ARTICLES / "harbour.json"))
    assert article.headline == "Harbour reopens after storm repairs"
    assert article.language == "pt-PT"
    third = article.body[2]
    assert isinstance(third, Paragraph)
    assert isinstance(third.inlines[1], Strong)
    assert third.text == "Engineers rebuilt 120 metres of the sea wall, the port authority said."
    assert isinstance(third.inlines[0], Text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"headline": "T", "date": "2024-01-01",', "not valid JSON"),
        ('{"headline": "T", "headline": "U", "date": "2024-01-01"}', "appears twice"),
        ('{"headline": "T", "date": "2024-01-01", "body": NaN}', "NaN"),
        ('{"headline": 5,\n "date": "2024-01-01"}', ":1: error: headline"),
        ('{"headline": "T",\n "date": "2024-02-30"}', ":2: error: date"),
        ('{"headline": "T", "date": "2024-02-30"}', "date"),
        ('{"date": "2024-01-01"}', "headline"),
        ("[1, 2]", "one object"),
        ('{"headline": "T", "date": "2024-01-01", "colour": "red"}', "colour"),
    ],
)
def test_json_reader_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad.json", text)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(path)


def test_json_takes_the_front_matter_spellings(tmp_path: Path) -> None:
    """`title`, `subtitle` and `lang` (the front matter's names) work in JSON too."""
    from publish.pipeline import load_article

    model = {
        "headline": "Ferry timetable changes",
        "standfirst": "Two crossings fewer.",
        "language": "de",
        "date": "2024-04-02",
        "body": [{"type": "paragraph", "inlines": [{"type": "text", "text": "Hallo."}]}],
    }
    front = {
        (
            "title"
            if k == "headline"
            else "subtitle"
            if k == "standfirst"
            else "lang"
            if k == "language"
            else k
        ): v
        for k, v in model.items()
    }
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    (tmp_path / "front.json").write_text(json.dumps(front), encoding="utf-8")
    first, _ = load_article(str(tmp_path / "model.json"))
    second, _ = load_article(str(tmp_path / "front.json"))
    assert second.headline == "Ferry timetable changes" and second.language == "de"
    assert second.standfirst == first.standfirst and second == first.model_copy(
        update={"slug": second.slug}
    )


def test_markdown_takes_the_model_spellings(tmp_path: Path) -> None:
    from publish.pipeline import load_article

    path = tmp_path / "a.md"
    path.write_text(
        "---\nheadline: Quay works\nstandfirst: Late again.\nlanguage: fr\n"
        "date: 2024-04-02\n---\n\nBonjour.\n",
        encoding="utf-8",
    )
    article, _ = load_article(str(path))
    assert (article.headline, article.standfirst, article.language) == (
        "Quay works",
        "Late again.",
        "fr",
    )


def test_markdown_without_a_date_takes_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """The date comes from the article or SOURCE_DATE_EPOCH (README), as for a web page."""
    path = write(tmp_path, "a.md", "---\ntitle: T\n---\nBody")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    article, _ = read_article(path)
    assert article.date == dt.date(2023, 11, 14)
    assert "SOURCE_DATE_EPOCH" in expect_warnings.text
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pytest.raises(InputError, match="set SOURCE_DATE_EPOCH"):
        read_article(path)
    dated = write(tmp_path, "b.md", "---\ntitle: T\ndate: 2024-01-02\n---\nBody")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert read_article(dated)[0].date == dt.date(2024, 1, 2)  # the article's own date wins


@pytest.mark.parametrize(
    ("char", "why"),
    [
        ("\x00", "U+0000"),
        ("\ufdd0", "noncharacter U+FDD0"),
        ("\ufdef", "noncharacter U+FDEF"),
        ("\uffff", "noncharacter U+FFFF"),
        ("\U0001fffe", "noncharacter U+1FFFE"),
        ("\U0010ffff", "noncharacter U+10FFFF"),
    ],
)
def test_a_refused_character_is_found_anywhere_and_told_by_line_and_column(
    char: str, why: str
) -> None:
    text = "Headline\n\n14 August 2023\n\nA first paragraph, then" + char + " more.\n"
    with pytest.raises(InputError, match=re.escape(why)) as caught:
        decode(text.encode("utf-8"), "article.txt")
    assert (caught.value.line, caught.value.column) == (5, 24)


def test_the_characters_beside_the_refused_ones_are_kept() -> None:
    text = "Headline\n\nBeside them: \ufdcf \ufdf0 \ufffd \U0001fffd \U0010fffd.\n"
    assert decode(text.encode("utf-8"), "article.txt") == text
