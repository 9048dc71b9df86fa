"""Guarantee 5 for the whole build (issue 17, class 1): reading and extraction are limited too.

Each document is read, enriched, rendered and packed in one limited child; only the writing
is left to the parent. A stage made slow or greedy on purpose is stopped by the limits.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import publish.pipeline as pipeline
from publish.cli import app
from publish.model import Article
from tests.hostile_support import assert_one_error_line, assert_only_complete_outputs, no_network
from tests.test_hostile_inputs import FM

__all__ = ["no_network"]


def _two_articles(tmp_path: Path) -> tuple[Path, Path]:
    slow, good = tmp_path / "slow.md", tmp_path / "good.md"
    slow.write_text(FM.replace("A headline", "Slow one") + "Text.\n")
    good.write_text(FM + "Text.\n")
    return slow, good


@pytest.mark.slow  # inputs built to reach the limits
def test_extraction_is_within_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    real = pipeline.enrich

    def slow_enrich(article: Article) -> Article:
        if article.headline == "Slow one":
            time.sleep(60)
        return real(article)

    monkeypatch.setattr(pipeline, "enrich", slow_enrich)
    slow, good = _two_articles(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(slow),
            str(good),
            "-o",
            str(tmp_path / "out"),
            "-f",
            "epub",
            "--jobs",
            "1",
            "--time-limit",
            "3",
        ],
    )
    assert result.exit_code == 6, result.output
    line = assert_one_error_line(result.stderr)
    assert line["file"] == str(slow)
    assert "the build took longer than the time limit of 3 s" in line["message"]
    assert [p.name for p in assert_only_complete_outputs(tmp_path / "out")] == ["a-headline.epub"]


@pytest.mark.slow  # inputs built to reach the limits
def test_reading_is_within_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    real = pipeline.read_article

    def greedy_read(path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("slow.md"):
            hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
            del hoard
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_article", greedy_read)
    slow, good = _two_articles(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(slow),
            str(good),
            "-o",
            str(tmp_path / "out"),
            "-f",
            "epub",
            "--jobs",
            "1",
            "--memory-limit",
            "1500",
        ],
    )
    assert result.exit_code == 6, result.output
    line = assert_one_error_line(result.stderr)
    assert line["file"] == str(slow) and "memory limit of 1500 MB" in line["message"]
    assert [p.name for p in assert_only_complete_outputs(tmp_path / "out")] == ["a-headline.epub"]
