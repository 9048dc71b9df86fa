"""Progress of a batch build: plain lines off a terminal, a rich bar on one, same exit codes."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.batch.progress import NoProgress, PlainProgress, RichProgress, progress_for
from publish.cli import app
from tests.test_catalog import _article


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_display_is_chosen_by_batch_size_and_terminal() -> None:
    assert isinstance(progress_for(3, _Terminal()), NoProgress)
    assert isinstance(progress_for(4, io.StringIO()), PlainProgress)
    bar = progress_for(4, _Terminal())
    assert isinstance(bar, RichProgress)
    bar.done("a.md", "built")
    bar.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three good articles and one with bad front matter, and their output folder."""
    folder = tmp_path_factory.mktemp("progress")
    articles, out = folder / "articles", folder / "out"
    articles.mkdir()
    for number, slug in enumerate(("north", "south", "east"), start=1):
        _article(articles, slug, f"2024-05-0{number}", ["Fen Park"])
    (articles / "west.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    return articles, out


def _command(articles: Path, out: Path) -> list[str]:
    return ["build", str(articles), "-o", str(out), "--format", "epub", "--jobs", "2"]


def test_plain_lines_off_a_terminal_and_the_exit_code_unchanged(batch: tuple[Path, Path]) -> None:
    articles, out = batch
    runs = [CliRunner().invoke(app, _command(articles, out)) for _ in range(2)]
    for run, state in zip(runs, ("built", "unchanged"), strict=True):
        assert run.exit_code == 3, run.output  # west.md's bad front matter, as without progress
        assert run.stdout.split() == [
            str(out / f"{slug}.epub") for slug in ("east", "north", "south")
        ]
        lines = run.stderr.splitlines()
        assert lines[:4] == [
            f"publish: [1/4] {state} {articles / 'east.md'}",
            f"publish: [2/4] {state} {articles / 'north.md'}",
            f"publish: [3/4] {state} {articles / 'south.md'}",
            f"publish: [4/4] failed {articles / 'west.md'}",
        ]
        assert lines[4].startswith(f"{articles / 'west.md'}:")
        assert len(lines) == 5


def test_a_bar_on_a_terminal(batch: tuple[Path, Path]) -> None:
    articles, out = batch
    command = [sys.executable, "-m", "publish", *_command(articles, out)]
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    with subprocess.Popen(
        command, stdin=follower, stdout=subprocess.PIPE, stderr=follower, env=env
    ) as process:
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the build is over
                break
            if not chunk:
                break
            screen += chunk
        stdout = process.stdout.read() if process.stdout else b""
    os.close(leader)
    assert process.returncode == 3  # the bar changes no exit code
    assert stdout.decode().split() == [
        str(out / f"{slug}.epub") for slug in ("east", "north", "south")
    ]
    text = screen.decode("utf-8", "replace")
    assert "4/4" in text and "1 failed" in text
    assert "publish: [1/4]" not in text  # the bar, not the plain lines
    assert f"{articles / 'west.md'}:" in text  # the error line still follows
