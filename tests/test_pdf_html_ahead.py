"""The PDF's HTML made ahead for the layout process (`publish.writers.pdf.pdf_html` AHEAD): one
render with the project's templates, the HTML two renders gave (without copies of notes, then
with a copy at each later marker), and the coverage error of the HTML without copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish import pipeline
from publish.errors import RenderError
from publish.render.templates import Theme, render_article
from publish.settings import BuildSettings
from publish.writers import pdf as pdf_writer
from publish.writers.pdf.notes import NoteFixes, later_markers

ARTICLES = Path(__file__).parent / "articles"
REPEATED = ("football-final.md", "glacier-study.txt", "harbour-budget.md")
"""Articles that cite a source again (later markers), and one that does not."""


def _two_renders(name: str, theme: Theme) -> tuple[str, tuple[frozenset[str], str] | None]:
    """The HTML and its `again` as `pdf_html` AHEAD made them with two renders."""
    article = pipeline.read(str(ARTICLES / name), BuildSettings()).article
    html = render_article(article, target="pdf", theme=theme)
    later = later_markers(html)
    if not later:
        return html, None
    repeats = NoteFixes(later).repeats
    extra: dict[str, object] = {"repeat_notes": repeats}
    return html, (repeats, render_article(article, target="pdf", theme=theme, extra=extra))


@pytest.mark.parametrize("name", [*REPEATED, "field-notes.md"])
def test_one_render_gives_the_html_of_two(name: str) -> None:
    theme = Theme()
    html, again = _two_renders(name, theme)
    article = pipeline.read(str(ARTICLES / name), BuildSettings()).article
    made = pdf_writer.pdf_html(article, theme, ahead=True)
    assert made.again == again
    assert made.html == (again[1] if again else html)
    if again:  # the layout finds the same later markers in it, and is given the same HTML
        fixes = NoteFixes(later_markers(made.html))
        assert fixes.repeats == again[0] and made.relayout(fixes) == again[1]


def test_a_theme_with_its_own_templates_is_rendered_twice(tmp_path: Path) -> None:
    """Its note marker may read `repeat_notes` otherwise than by asking for one marker."""
    theme = Theme.with_overrides(templates=tmp_path)
    html, again = _two_renders(REPEATED[0], theme)
    article = pipeline.read(str(ARTICLES / REPEATED[0]), BuildSettings()).article
    made = pdf_writer.pdf_html(article, theme, ahead=True)
    assert again is not None and (made.html, made.again) == (html, again)


def test_a_character_without_a_font_is_reported_from_the_html_without_copies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The words quoted around the character are those of the HTML two renders checked."""

    def check(text: str, fonts: object) -> None:
        raise RenderError(f"checked {len(text)} characters")

    article = pipeline.read(str(ARTICLES / REPEATED[0]), BuildSettings()).article
    plain = render_article(article, target="pdf", theme=Theme())
    monkeypatch.setattr(pdf_writer, "check_coverage", check)
    with pytest.raises(RenderError) as raised:
        pdf_writer.pdf_html(article, Theme(), ahead=True)
    plain_length = len(pdf_writer.page_text(plain))
    assert str(raised.value).endswith(f": checked {plain_length} characters")
    copies = pdf_writer.page_text(
        render_article(
            article, target="pdf", theme=Theme(), extra={"repeat_notes": later_markers(plain)}
        )
    )
    assert len(copies) != plain_length  # the copies' text would have told another error
