"""A source note reads as an editor writes one: the source named with a capital and a full
stop, without the bracketed cue ("(according to)") that found it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publish.model import SourceNote
from publish.pipeline import load_article
from publish.render.templates import Theme, render_article


def _notes(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(r'<span class="note-source">(.*?)</span>', html, flags=re.S)
    ]


@pytest.mark.parametrize("target", ["pdf", "epub"])
def test_notes_of_the_sample_read_as_an_editor_writes_them(article_path: Path, target: str) -> None:
    article, _ = load_article(str(article_path))
    notes = _notes(render_article(article, target=target, theme=Theme()))
    assert len(notes) == len(article.source_notes) > 0
    for note in notes:
        assert note[:1].isupper() and note.endswith(".") and not note.endswith(".."), note
    html = render_article(article, target=target, theme=Theme())
    assert "(according to)" not in html and "(said)" not in html


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        ("the city council", "The city council."),
        ("eBay", "eBay."),
        ("Reuters.", "Reuters."),
    ],
)
def test_capitals_and_full_stop(source: str, printed: str, article_path: Path) -> None:
    article, _ = load_article(str(article_path))
    note = SourceNote(number=1, source=source, cue="said")
    html = render_article(
        article.model_copy(update={"source_notes": (note,)}), target="epub", theme=Theme()
    )
    assert _notes(html) == [printed]
