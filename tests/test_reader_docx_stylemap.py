"""A newsroom's own Word styles mapped onto the model with `--word-styles FILE`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import InputError
from publish.model import BlockQuote, Heading, Paragraph, Strong
from publish.readers import read_article
from publish.readers.docx_stylemap import load_word_styles
from tests import docx_files
from tests.hostile_support import assert_one_error_line

STYLE_MAP = """\
paragraphs:
  Kicker: keyword
  Byline: byline
  Pull Quote: quote
  Sub Head: heading 2
  Editor Note: drop
characters:
  Key Term: strong
"""


@pytest.fixture
def newsroom(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "dredging.docx"
    article.write_bytes(docx_files.newsroom_docx())
    styles = tmp_path / "styles.yml"
    styles.write_text(STYLE_MAP)
    return article, styles


def _texts(blocks: tuple[object, ...]) -> list[str]:
    return [getattr(block, "text", "") for block in blocks]


def test_the_newsroom_styles_become_the_model(newsroom: tuple[Path, Path]) -> None:
    article_path, styles = newsroom
    article, _ = read_article(str(article_path), word_styles=load_word_styles(styles))
    assert article.keywords[0] == "Harbours"
    assert article.authors == ("Ana Ribeiro", "Tom Hale")  # the byline, not the property
    body = article.body
    assert not any("Harbours" in text or "By Ana" in text for text in _texts(body))
    assert not any("Check the figures" in text for text in _texts(body))
    quotes = [b for b in body if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and quotes[0].blocks[0].text == "We cannot wait another winter."  # type: ignore[union-attr]
    headings = [b for b in body if isinstance(b, Heading)]
    assert [(h.level, h.text) for h in headings] == [(2, "What happens next")]
    first = next(b for b in body if isinstance(b, Paragraph))
    strong = [i for i in first.inlines if isinstance(i, Strong)]
    assert len(strong) == 1 and strong[0].children[0].text == "dredging plan"  # type: ignore[union-attr]


def test_without_the_map_the_styles_are_plain_paragraphs(newsroom: tuple[Path, Path]) -> None:
    article, _ = read_article(str(newsroom[0]))
    texts = _texts(article.body)
    assert "Harbours" in texts and "Check the figures with the council before we run this." in texts
    assert article.authors == ("Mira Oskarsdottir", "Tom Hale")
    assert not any(isinstance(b, BlockQuote | Heading) for b in article.body)


def test_a_build_with_the_map(newsroom: tuple[Path, Path], tmp_path: Path) -> None:
    article, styles = newsroom
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(out), "-f", "epub", "--word-styles", str(styles)]
    )
    assert result.exit_code == 0, result.output
    import zipfile

    epub = next(out.glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        text = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xhtml"))
    assert b"<blockquote" in text and b"Check the figures" not in text


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("paragraphs:\n  Kicker: kicker\n", 2, 'paragraph style "Kicker": unknown role "kicker"'),
        ("characters:\n  Key Term: quote\n", 2, 'character style "Key Term": unknown role'),
        ("paragraph:\n  Kicker: keyword\n", 1, 'unknown key "paragraph"'),
        ("paragraphs:\n  Kicker: keyword\n  Kicker: drop\n", 3, "appears twice"),
        ('paragraphs:\n  "Bob\'s": drop\n', 2, "without quotes"),
        ("paragraphs: [Kicker]\n", 1, "must map style names to roles"),
        ("", 1, "is empty"),
    ],
)
def test_a_bad_map_is_one_error_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    styles = tmp_path / "styles.yml"
    styles.write_text(text)
    with pytest.raises(InputError) as caught:
        load_word_styles(styles)
    assert message in str(caught.value) and caught.value.line == line
    article = tmp_path / "a.docx"
    article.write_bytes(docx_files.newsroom_docx())
    result = CliRunner().invoke(app, ["build", str(article), "--word-styles", str(styles)])
    assert result.exit_code == 3, result.output
    error = assert_one_error_line(result.output)
    assert error["file"] == str(styles) and message in error["message"]
