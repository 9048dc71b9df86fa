"""`publish build --strict`: any warning fails its article with exit 4 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app

ARTICLE = """---
title: Tide tables move online
date: 2024-06-02
lang: en
colour: blue
---

The harbour office now prints its tide tables only on request.
"""


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "tides.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_reader_warning_fails_under_strict(
    tmp_path: Path, runner: CliRunner, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = _article(tmp_path)
    out = tmp_path / "out"
    strict = runner.invoke(app, ["build", str(path), "--out", str(out), "--strict"])
    assert strict.exit_code == 4, strict.output
    assert strict.stderr.splitlines()[-1].startswith(f"{path}: error: 1 warning and --strict")
    assert not out.exists() or list(out.iterdir()) == []
    relaxed = runner.invoke(app, ["build", str(path), "--out", str(out), "-f", "epub"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "colour" in relaxed.stderr and "warning" in relaxed.stderr


def test_a_renderer_warning_fails_under_strict(
    tmp_path: Path, runner: CliRunner, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = _article(tmp_path)
    path.write_text(ARTICLE.replace("colour: blue\n", ""), encoding="utf-8")
    styles = tmp_path / "styles"
    styles.mkdir()
    project = Path(__file__).resolve().parent.parent / "styles" / "print.css"
    (styles / "print.css").write_text(
        project.read_text(encoding="utf-8") + "\np { text-wobble: 3; }\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["build", str(path), "--out", str(out), "-f", "pdf", "--styles", str(styles)]
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 4, strict.output
    assert "--strict" in strict.stderr.splitlines()[-1]
    assert not out.exists() or list(out.iterdir()) == []
    assert runner.invoke(app, args).exit_code == 0
