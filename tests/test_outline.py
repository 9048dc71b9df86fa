"""Heading levels step down one at a time in every reader's article (publish/readers/outline.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publish.model import Heading
from publish.readers import read_article


def _levels(path: Path) -> list[tuple[int, str]]:
    article, _ = read_article(str(path))
    return [(b.level, b.text) for b in article.body if isinstance(b, Heading)]


def test_a_markdown_level_skipped_is_closed_up(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Harbour works\ndate: 2024-03-04\n---\n\nIntro.\n\n#### Costs\n\nA.\n\n"
        "## Delays\n\nB.\n\n#### Cranes\n\nC.\n\n### Walls\n\nD.\n\n###### Stones\n\nE.\n",
        encoding="utf-8",
    )
    assert _levels(path) == [
        (2, "Costs"),
        (2, "Delays"),
        (3, "Cranes"),
        (3, "Walls"),
        (4, "Stones"),
    ]


def test_a_saved_pages_first_heading_sits_under_the_headline(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html lang="en"><head><title>Quay reopens</title>'
        '<meta property="article:published_time" content="2024-05-06"></head><body><article>'
        "<h1>Quay reopens</h1><p>The quay reopened on Monday after two years of work.</p>"
        "<h5>Who paid</h5><p>The port authority paid for most of the work, it said.</p>"
        "<h5>What next</h5><p>The ferry returns in June, the operator said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert _levels(path) == [(2, "Who paid"), (2, "What next")]


def test_levels_that_step_already_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-03-04\n---\n\n## A\n\nx\n\n### B\n\ny\n\n## C\n\nz\n",
        encoding="utf-8",
    )
    assert [level for level, _ in _levels(path)] == [2, 3, 2]


def test_siblings_stay_siblings_and_nesting_stays(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-03-04\n---\n\n### A\n\nx\n\n##### B\n\ny\n\n"
        "##### C\n\nz\n\n### D\n\nw\n\n#### E\n\nv\n",
        encoding="utf-8",
    )
    assert _levels(path) == [(2, "A"), (3, "B"), (3, "C"), (2, "D"), (3, "E")]


@pytest.mark.slow  # reads all 130 pages
def test_no_corpus_page_skips_a_level(
    corpus_path: Path, monkeypatch: pytest.MonkeyPatch, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """On the real pages a fifth of them skipped a level (an <h3> or <h5> under the title)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    skipped, read = [], 0
    for page in sorted(corpus_path.iterdir()):
        try:
            levels = [level for level, _ in _levels(page / "source.html")]
        except Exception:  # pages the reader refuses are tested elsewhere
            continue
        read += 1
        if any(b > a + 1 for a, b in zip([1, *levels], levels, strict=False)):
            skipped.append(page.name)
    assert read > 100
    assert skipped == []
