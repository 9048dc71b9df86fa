"""The enrichers on arbitrary text: no crash, the text unchanged, every fact traceable."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from publish.model import Article, NoteRef, Paragraph, Text
from publish.model.sentences import squash
from publish.pipeline import enrich

TOKENS = [
    "The",
    "council",
    "said",
    "according to",
    "Mayor",
    "Ana Ruiz",
    "told",
    "reporters",
    "about",
    "nearly",
    "120,000",
    "residents",
    "$4.2 billion",
    "69 percent",
    "of",
    "in",
    "2020",
    "May",
    "5",
    "eight months",
    "44-day",
    "three",
    "the",
    "two",
    "he",
    "said",
    ",",
    ".",
    '"',
    "\u201c",
    "\u201d",
    "(1)",
    "\u00a0",
    "and",
    "which",
    "that",
    "claims",
    "up from",
    "Boeing 737",
    "aged 45",
    "10:30",
    "between 15 and 20 per cent",
    "Smith",
    "a",
    "letter",
    "stated",
    "as reported by",
    "Reuters",
    "\u2019s",
    "-",
    "\u2013",
    "one in five",
    "of the",
]
paragraph_text = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=5))
def test_enrichers_hold_on_any_text(paragraphs: list[str]) -> None:
    article = Article(
        headline="Fuzz",
        date=dt.date(2024, 1, 1),
        body=tuple(Paragraph(inlines=(Text(text=p),)) for p in paragraphs),
    )
    result = enrich(article)
    assert [b.text for b in result.body] == paragraphs  # type: ignore[union-attr]
    for fact in result.facts:
        assert fact.block is not None and fact.value_start is not None
        raw = paragraphs[fact.block][fact.value_start : fact.value_end]
        assert squash(raw) == fact.value
    refs = [
        (node.number, node.occurrence)
        for block in result.body
        for node in block.inlines  # type: ignore[union-attr]
        if isinstance(node, NoteRef)
    ]
    assert len(refs) == len(set(refs))
    numbers = [n.number for n in result.source_notes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {number for number, _ in refs} <= set(numbers)
