"""Guarantee 5 for the whole build (issue 17, class 1): reading and extraction are limited too.

Each document is read, enriched, rendered and packed in one limited child; only the writing
is left to the parent. A stage made slow or greedy on purpose is stopped by the limits.
"""

from __future__ import annotations

import json
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


def _facts_and_build(tmp_path: Path, source: Path, *limit: str) -> dict[str, tuple[int, str]]:
    """Run `publish facts` and `publish build` on SOURCE under LIMIT: exit code, error line."""
    runs = {}
    for command in (["facts", str(source)], ["build", str(source), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(app, [*command, *limit])
        line = assert_one_error_line(result.stderr)
        assert line["file"] == str(source), result.stderr
        runs[command[0]] = (result.exit_code, line["message"])
        assert not result.stdout.strip(), result.stdout  # no facts printed, no file written
    return runs


@pytest.mark.slow  # inputs built to reach the limits
def test_facts_extracts_within_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    real = pipeline.enrich

    def slow_enrich(article: Article) -> Article:
        time.sleep(60)
        return real(article)

    monkeypatch.setattr(pipeline, "enrich", slow_enrich)
    slow, _ = _two_articles(tmp_path)
    started = time.monotonic()
    runs = _facts_and_build(tmp_path, slow, "--time-limit", "2")
    assert time.monotonic() - started < 50  # both stopped at the limit, not after the sleep
    assert runs["facts"] == runs["build"]
    code, message = runs["facts"]
    assert code == 6 and "the build took longer than the time limit of 2 s" in message


@pytest.mark.slow  # inputs built to reach the limits
def test_facts_reads_within_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    real = pipeline.read_article

    def greedy_read(path: str, *args: object, **kwargs: object) -> object:
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
        del hoard
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_article", greedy_read)
    slow, _ = _two_articles(tmp_path)
    runs = _facts_and_build(tmp_path, slow, "--memory-limit", "1500")
    assert runs["facts"] == runs["build"]
    code, message = runs["facts"]
    assert code == 6 and "memory limit of 1500 MB" in message


def test_facts_reports_warnings_and_errors_from_the_limited_child(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """What the child reads and logs reaches the parent: a warning, then the report."""
    article = tmp_path / "noted.md"
    article.write_text(FM + "Text with a marker.[^gone]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["facts", str(article), "--json", "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    warning = (
        f"{article}:6: warning: footnote marker [^gone] has no footnote `[^gone]: ...`; "
        "it is printed as written"
    )
    assert warning in result.stderr  # (the CLI's log handler keeps the first run's stderr)
    assert json.loads(result.stdout)["facts"] == []
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["facts", str(broken)])
    assert result.exit_code == 3
    assert assert_one_error_line(result.stderr)["file"].startswith(str(broken))


@pytest.mark.slow  # inputs built to reach the limits
def test_a_publication_is_read_within_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    real = pipeline.enrich

    def slow_enrich(article: Article) -> Article:
        if article.headline == "Slow one":
            time.sleep(60)
        return real(article)

    monkeypatch.setattr(pipeline, "enrich", slow_enrich)
    _two_articles(tmp_path)
    book = tmp_path / "publication.yml"
    book.write_text(
        "title: A dossier\ndate: 2024-03-05\nsections:\n  - title: All\n    articles: [good.md, slow.md]\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["build", str(book), "-o", str(tmp_path / "out"), "--time-limit", "2"]
    )
    assert time.monotonic() - started < 50  # stopped at the limit while reading
    assert result.exit_code == 6, result.output
    line = assert_one_error_line(result.stderr)
    assert line["file"] == str(book)
    assert "the build took longer than the time limit of 2 s" in line["message"]
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
