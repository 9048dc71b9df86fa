"""The fact box and source notes on the DEV part of the labelled news set keep their level.

The floors are the figures measured on the dev part (benchmarks/extraction_quality.py), re-measured
whenever pages join it (24 pages since lwn-1 and links-in-tables); a change that loses recall or
precision fails here. The Lee corpus's DEV stories have floors of their own (measured when they
joined: 21 stories). The test parts are scored only in the benchmark.
"""

from __future__ import annotations

from pathlib import Path

from tests.newsset import matches, score_lee_part, score_part


def test_label_spans_match_on_word_boundaries() -> None:
    assert matches("416 motorists", "416")
    assert matches("6", "6 ½ minutes")
    assert not matches("1", "21 months")
    assert not matches("2", "$24 to $28")


def test_dev_part_keeps_its_figures(corpus_path: Path) -> None:
    score = score_part("dev", corpus_path)
    assert score is not None
    assert len(score.pages) >= 24
    assert score.figure_recall >= 0.93
    assert score.figure_precision >= 0.97  # 100 of 103
    assert score.junk_facts <= 3
    assert score.source_recall >= 0.96
    assert score.source_precision >= 0.97  # 72 of 74


def test_lee_dev_part_keeps_its_figures(lee_corpus_path: Path) -> None:
    score = score_lee_part("dev", lee_corpus_path)
    assert score is not None
    assert len(score.pages) >= 21
    assert score.figure_recall >= 0.97  # 35 of 36
    assert score.figure_precision >= 1.0  # 55 of 55
    assert score.junk_facts == 0
    assert score.empty_box_agreement == (1, 1)
    assert score.source_recall >= 1.0  # 22 of 22
    assert score.source_precision >= 1.0  # 31 of 31
