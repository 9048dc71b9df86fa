"""A user's template can extend the shipped one (`!publish/NAME`) and override a single block."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import RenderError
from publish.pipeline import load_article
from publish.render.templates import Theme, render_article
from tests.checkers import epub_documents
from tests.conftest import ARTICLES

ARTICLE = ARTICLES / "field-notes.md"


def _render(theme: Theme, target: str = "epub") -> str:
    article, _ = load_article(str(ARTICLE))
    return render_article(article, target=target, theme=theme)  # type: ignore[arg-type]


def _user_theme(tmp_path: Path, files: dict[str, str]) -> Theme:
    folder = tmp_path / "my-templates"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return Theme.with_overrides(templates=folder)


@pytest.mark.parametrize("target", ["pdf", "epub"])
def test_extending_the_shipped_article_changes_only_the_overridden_block(
    tmp_path: Path, target: str
) -> None:
    theme = _user_theme(
        tmp_path,
        {
            "article.html.j2": (
                '{% extends "!publish/article.html.j2" %}\n'
                "{% block title %}Field desk: {{ article.headline }}{% endblock %}\n"
            )
        },
    )
    shipped = _render(Theme(), target)
    extended = _render(theme, target)
    article, _ = load_article(str(ARTICLE))
    old_title = f"<title>{article.headline}</title>"
    new_title = f"<title>Field desk: {article.headline}</title>"
    assert shipped.count(old_title) == 1
    assert extended == shipped.replace(old_title, new_title)


def test_a_user_base_extending_the_shipped_base_is_used_by_the_shipped_article(
    tmp_path: Path,
) -> None:
    # The shipped article extends "base.html.j2", which is the user's; the user's base extends
    # the shipped base and adds one line to the `meta` block, keeping the rest with super().
    theme = _user_theme(
        tmp_path,
        {
            "base.html.j2": (
                '{% extends "!publish/base.html.j2" %}\n'
                '{% block meta %}{{ super() }}<meta name="publisher" content="Field desk" />\n'
                "{% endblock %}\n"
            )
        },
    )
    shipped = _render(Theme())
    extended = _render(theme)
    anchor = '<meta name="generator" content="publish" />\n'
    assert shipped.count(anchor) == 1
    assert extended == shipped.replace(
        anchor, anchor + '<meta name="publisher" content="Field desk" />\n'
    )


def test_a_shipped_partial_can_be_extended_by_name(tmp_path: Path) -> None:
    # `!publish/` reaches every shipped template, partials included; wrapping the shipped
    # header in the user's own element leaves the header itself untouched.
    theme = _user_theme(
        tmp_path,
        {
            "partials/header.html.j2": (
                '<div class="masthead">{% include "!publish/partials/header.html.j2" %}</div>\n'
            )
        },
    )
    shipped = _render(Theme())
    extended = _render(theme)
    start, end = shipped.index("<header"), shipped.index("</header>\n") + len("</header>\n")
    header = shipped[start:end]
    assert extended == shipped.replace(header, f'<div class="masthead">{header}</div>\n')


def test_a_missing_shipped_template_is_one_render_error(tmp_path: Path) -> None:
    theme = _user_theme(
        tmp_path, {"article.html.j2": ('{% extends "!publish/no-such.html.j2" %}\n')}
    )
    with pytest.raises(RenderError, match="no-such.html.j2"):
        _render(theme)


def test_build_with_an_extending_template(tmp_path: Path) -> None:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    (folder / "article.html.j2").write_text(
        '{% extends "!publish/article.html.j2" %}\n'
        "{% block title %}Field desk: {{ article.headline }}{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(ARTICLE), "--out", str(out), "-f", "epub", "--templates", str(folder)]
    )
    assert result.exit_code == 0, result.output
    docs = epub_documents(next(out.glob("*.epub")))
    page = next(d for n, d in docs.items() if n.endswith("article.xhtml"))
    title = page.find(".//{http://www.w3.org/1999/xhtml}title")
    assert title is not None and (title.text or "").startswith("Field desk: ")
    article_body = page.find(".//{http://www.w3.org/1999/xhtml}article")
    assert article_body is not None and len(list(article_body)) > 2
