"""The labelled news set holds together: every span is in its article, every page in its part.

benchmarks/labels_check.py does the checking; these tests run it on each label file, so a label
that no longer matches its text (a typo, a page moved to the other part) fails the suite instead
of showing up only as a miss in the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels"
sys.path.insert(0, str(ROOT / "benchmarks"))

import labels_check  # noqa: E402


@pytest.mark.parametrize("name", ["news-dev", "news-test"])
def test_corpus_labels_match_their_pages(name: str, corpus_path: Path) -> None:
    part = name.split("-")[1]
    argv = [str(LABELS / f"{name}.yml"), "--corpus", str(corpus_path), "--part", part]
    assert labels_check.main(argv) == 0


@pytest.mark.parametrize("name", ["lee-dev", "lee-test", "lee-dev-second"])
def test_lee_labels_match_their_stories(name: str, lee_corpus_path: Path) -> None:
    part = name.split("-")[1]
    assert labels_check.main([str(LABELS / f"{name}.yml"), "--part", part]) == 0


@pytest.mark.parametrize("part", ["dev", "test"])
def test_mercury_labels_match_the_reader_s_text(part: str, mercury_pages_path: Path) -> None:
    assert labels_check.main([str(LABELS / f"mercury-{part}.yml"), "--part", part]) == 0


@pytest.mark.parametrize("part", ["dev", "test"])
def test_lee_pairs_labels_match_their_stories(part: str, lee_pairs_path: Path) -> None:
    assert labels_check.main([str(LABELS / f"leesim-{part}.yml"), "--part", part]) == 0


def test_the_check_names_each_kind_of_problem() -> None:
    texts = {"lee-000": "Some 500 people left; police said 12 were hurt."}
    labels = [
        {
            "page": "lee-000",
            "figures": {"core": ["500", "600"], "optional": ["12"], "never": ["12"]},
            "sources": {"core": [{"name": "the mayor", "aliases": ["Mayor"]}]},
        },
        {"page": "lee-000"},
        {"page": "lee-999"},
    ]
    problems = labels_check.check(labels, texts.get, "texts", "dev")
    assert problems == [
        "lee-000: figures.core: '600' not in the text",
        "lee-000: '12' is both wanted and never",
        "lee-000: sources.core: 'the mayor' (nor an alias) not in the text",
        "lee-000: labelled twice",
        "lee-999: no such page in texts",
    ]
