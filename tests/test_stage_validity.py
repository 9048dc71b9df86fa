"""Every stage's article validates as one read from JSON: readers, each enricher, revisions.

The model's validators (a BCP 47 language, a safe slug, a note for every marker...) run on
whatever a stage returns, not only on what a reader reads; an enricher that returns an
article no reader would accept fails its build with one clear internal-error line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from publish import pipeline
from publish.cli import app
from publish.errors import PublishError
from publish.model import (
    Article,
    InvalidArticle,
    NoteRef,
    Paragraph,
    SourceNote,
    Text,
    checked,
    derive_slug,
)
from publish.readers import read_article
from tests.conftest import ARTICLES, SEED, shared_file
from tests.test_golden_html import CASES
from tests.test_properties import COMMON, markdown_articles

TEST_ARTICLES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".md", ".txt", ".json"))


def _as_from_json(article: Article) -> Article:
    """ARTICLE written as JSON and read back: the validation a JSON article goes through."""
    return Article.model_validate_json(article.model_dump_json())


def _each_stage_valid(path: Path) -> int:
    """Read PATH, run each enricher in turn; assert every result validates unchanged."""
    article, _ = read_article(str(path))
    assert _as_from_json(article) == article, "reader"
    for enricher in pipeline.ENRICHERS:
        article = enricher(article)
        assert _as_from_json(article) == article, enricher.__name__
        assert checked(article, enricher.__name__) == article
    return len(article.source_notes) + len(article.facts)


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_articles_validate_after_every_stage(case: str) -> None:
    path = shared_file(CASES[case]) if CASES[case] == SEED else CASES[case]
    assert _each_stage_valid(path) > 0  # the enrichers found something to check


@pytest.mark.parametrize("path", TEST_ARTICLES, ids=lambda p: p.name)
def test_test_articles_validate_after_every_stage(path: Path) -> None:
    _each_stage_valid(path)


_CLAIMS = (
    "The council spent {n} million pounds on the {w} bridge, {who} said.",
    "About {n} people crossed the {w} square on Sunday, according to {who}.",
    "{who} said the {w} ferry carries {n} passengers a day.",
    "Prices rose {n} per cent in the {w} district last year.",
)
_claims = st.lists(
    st.tuples(
        st.sampled_from(_CLAIMS),
        st.integers(0, 100_000),
        st.sampled_from(["harbour", "old", "north", "river"]),
        st.sampled_from(["Mira Holm", "the port authority", "a spokesperson", "Dr Ana Ruiz"]),
    ).map(lambda c: c[0].format(n=c[1], w=c[2], who=c[3])),
    min_size=1,
    max_size=6,
).map(lambda claims: "\n\n" + "\n\n".join(claims) + "\n")
_generated = st.one_of(
    markdown_articles(),
    st.tuples(markdown_articles(wild=False), _claims).map("".join),
)
"""The property tests' articles, and printable ones with claims the enrichers find."""


@pytest.mark.slow  # hundreds of generated articles
@COMMON
@given(text=_generated)
def test_generated_articles_validate_after_every_stage(
    text: str, tmp_path: Path, expect_warnings: object
) -> None:
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    try:
        _each_stage_valid(path)
    except PublishError as exc:  # refused by the reader: nothing reached the enrichers
        assert "internal error" not in str(exc)


def _body_with_marker(article: Article) -> tuple[Paragraph, ...]:
    marked = Paragraph(inlines=(Text(text="A claim."), NoteRef(number=9)))
    return (*article.body, marked)


BAD_COPIES = {
    "language": (
        lambda a: a.model_copy(update={"language": "not a tag!"}),
        'language: "not a tag!" is not a BCP 47 language tag',
    ),
    "slug": (
        lambda a: a.model_copy(update={"slug": "Not A Slug"}),
        'slug: "Not A Slug" is not a slug (use lower-case ASCII letters, digits and hyphens)',
    ),
    "marker": (
        lambda a: a.model_copy(
            update={
                "body": _body_with_marker(a),
                "source_notes": (SourceNote(number=1, source="A source"),),
            }
        ),
        "article: note marker 9 has no source note",
    ),
    "nested": (
        lambda a: a.model_copy(
            update={
                "body": (Paragraph(inlines=(NoteRef(number=1).model_copy(update={"number": 0}),)),)
            }
        ),
        "body.0.paragraph.inlines.0.noteref.number: Input should be greater than or equal to 1",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_COPIES))
def test_an_enricher_returning_an_invalid_copy_fails_clearly(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    make_bad, problem = BAD_COPIES[case]

    def careless(article: Article) -> Article:
        return make_bad(article)  # type: ignore[no-any-return]

    monkeypatch.setattr(pipeline, "ENRICHERS", (*pipeline.ENRICHERS, careless))
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: Quay works\ndate: 2024-03-04\n---\n\nThe quay reopens.\n")
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 4, result.output
    assert result.output == (
        f"{source}: error: internal error (InvalidArticle: enricher careless returned an "
        f"article that is not valid: {problem}); run again with --debug for the traceback\n"
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_revised_validates_and_keeps_the_given_fields() -> None:
    article = Article.model_validate({"headline": "Quay  works", "date": "2024-03-04"})
    assert article.slug == derive_slug("Quay works") == "quay-works"
    assert "language" not in article.model_fields_set
    french = article.revised(language="fr-fr")
    assert (french.language, french.slug, french.headline) == ("fr-FR", "quay-works", "Quay works")
    assert "language" in french.model_fields_set
    assert "standfirst" not in french.revised(headline="Other").model_fields_set
    with pytest.raises(InvalidArticle, match=r"language: \"x!\" is not a BCP 47 language tag"):
        article.revised(language="x!")
    with pytest.raises(InvalidArticle, match="note marker 2 has no source note"):
        article.revised(
            body=(Paragraph(inlines=(NoteRef(number=2),)),),
            source_notes=(SourceNote(number=1, source="A source"),),
        )
