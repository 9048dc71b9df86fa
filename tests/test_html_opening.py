"""Where a saved page's story begins: the headline, header lines and standfirst not printed twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publish.model import Heading, Paragraph
from publish.readers import read_article
from publish.readers.html_opening import HEADER_LINE, open_article

HEADLINE = "Ferry timetable changes for the winter"
LEAD = (
    "The island ferry will sail four times a day from November, down from six, the operator "
    "announced on Monday after a review of the autumn passenger counts."
)
MORE = (
    "Islanders who commute to the mainland said the earliest crossing mattered most, and the "
    "operator agreed to keep it in the new timetable."
)


def para(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "inlines": [{"type": "text", "text": text}]}


def head(text: str) -> dict[str, Any]:
    return {"type": "heading", "level": 2, "inlines": [{"type": "text", "text": text}]}


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["inlines"][0]["text"] for b in blocks]


def test_short_header_lines_before_a_repeated_headline_go_with_it() -> None:
    blocks = [para("12.03.2024 08:15"), head("Transport"), head(HEADLINE), para(LEAD), para(MORE)]
    assert texts(open_article(HEADLINE, None, blocks)[1]) == [LEAD, MORE]


def test_every_repeat_of_the_headline_in_the_opening_goes() -> None:
    blocks = [head(HEADLINE), para("By Ines Corr"), para(f"  {HEADLINE.upper()} "), para(LEAD)]
    assert texts(open_article(HEADLINE, None, blocks)[1]) == [LEAD]


def test_a_long_block_before_the_repeat_stays() -> None:
    blocks = [para(LEAD), head("What changes"), para(HEADLINE), para(MORE)]
    assert texts(open_article(HEADLINE, None, blocks)[1]) == [LEAD, "What changes", MORE]
    long_line = "x" * (HEADER_LINE + 1)
    kept = open_article(HEADLINE, None, [para(long_line), head(HEADLINE), para(LEAD)])[1]
    assert texts(kept) == [long_line, LEAD]


def test_the_headline_later_in_the_story_stays() -> None:
    blocks = [para(LEAD), para(MORE), para(MORE), para(MORE), para(MORE), head(HEADLINE)]
    assert open_article(HEADLINE, None, blocks)[1] == blocks


def test_a_standfirst_that_repeats_the_headline_goes() -> None:
    assert open_article(HEADLINE, HEADLINE + ".", [para(LEAD)]) == (None, [para(LEAD)])


@pytest.mark.parametrize(
    "standfirst",
    [LEAD, LEAD[:90] + "…", LEAD[:70].rstrip() + "...", LEAD.upper()],
    ids=["whole", "cut-with-ellipsis", "cut-with-dots", "other-case"],
)
def test_a_standfirst_copied_from_the_lead_paragraph_goes(standfirst: str) -> None:
    assert open_article(HEADLINE, standfirst, [para(LEAD), para(MORE)]) == (
        None,
        [para(LEAD), para(MORE)],
    )


def test_a_short_standfirst_is_not_taken_for_the_start_of_a_paragraph() -> None:
    assert open_article(HEADLINE, "The island ferry", [para(LEAD)])[0] == "The island ferry"


def test_a_heading_that_repeats_the_standfirst_goes_and_the_standfirst_stays() -> None:
    dek = "Four crossings a day instead of six, from November."
    standfirst, blocks = open_article(HEADLINE, dek, [head(dek), para(LEAD)])
    assert standfirst == dek and texts(blocks) == [LEAD]
    cut = dek[:45] + "…"
    assert open_article(HEADLINE, cut, [head(dek), para(LEAD)]) == (cut, [para(LEAD)])


def test_a_standfirst_of_its_own_stays() -> None:
    dek = "Four crossings a day instead of six, from November."
    blocks = [para(LEAD), para(MORE)]
    assert open_article(HEADLINE, dek, blocks) == (dek, blocks)


PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE}</title>
<meta name="description" content="{LEAD[:100]}…">
<meta property="article:published_time" content="2024-03-12T08:15:00Z">
</head><body><article>
<p>12 March 2024, 08:15</p>
<h1>{HEADLINE}</h1>
<p>{LEAD}</p><p>{MORE}</p><p>{MORE} {LEAD}</p>
</article></body></html>"""


def test_a_page_prints_its_headline_lead_and_date_once(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.headline == HEADLINE and article.standfirst is None
    first = article.body[0]
    assert isinstance(first, Paragraph) and first.text == LEAD
    assert not any(isinstance(b, Heading) and b.text == HEADLINE for b in article.body)


def test_corpus_pages_do_not_print_their_headline_twice(corpus_path: Path) -> None:
    """Pages whose text repeats the headline after header lines (or the lead as standfirst)."""
    import logging

    from publish.readers.html import read_html
    from publish.readers.source import read_source

    logging.getLogger("publish").setLevel(logging.ERROR)
    try:
        for name in ("heise", "aclu", "quanta-1", "salon-1", "medium-2", "qq", "002"):
            article = read_html(read_source(corpus_path / name / "source.html"))
            wanted = " ".join(article.headline.split()).casefold()
            opening = [
                " ".join(getattr(b, "text", "").split()).casefold() for b in article.body[:5]
            ]
            assert wanted not in opening, name
            if article.standfirst:
                lead = " ".join(article.standfirst.split()).casefold().rstrip("….")
                assert not any(text.startswith(lead) for text in opening), name
    finally:
        logging.getLogger("publish").setLevel(logging.NOTSET)
