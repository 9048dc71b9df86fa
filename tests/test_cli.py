"""The `publish` command as a user types it: build, schema, version, errors, overrides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from tests.checkers import epub_documents
from tests.conftest import ARTICLES


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("publish ")


def test_help_on_every_command(runner: CliRunner) -> None:
    for args in (["--help"], ["build", "--help"], ["schema", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, args
        assert "Usage" in result.stdout


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "publish", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("publish ")


def test_schema_is_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Article"
    assert {"headline", "date", "body"} <= set(schema["required"]) | set(schema["properties"])


def test_build_without_input_publishes_the_sample(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    printed = result.stdout.split()
    assert len(printed) == 2
    assert {Path(p).suffix for p in printed} == {".pdf", ".epub"}
    for p in printed:
        assert Path(p).parent == Path("out")
        assert (tmp_path / p).stat().st_size > 1000


def test_build_one_format(runner: CliRunner, tmp_path: Path, seed_path: Path) -> None:
    result = runner.invoke(app, ["build", str(seed_path), "--out", str(tmp_path), "-f", "epub"])
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in tmp_path.iterdir()] == [".epub"]


def test_build_from_stdin(runner: CliRunner, tmp_path: Path) -> None:
    text = (ARTICLES / "field-notes.md").read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["build", "-", "--from", "markdown", "--out", str(tmp_path)], input=text
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "field-notes-a-week-on-the-river-delta.epub",
        "field-notes-a-week-on-the-river-delta.pdf",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "-"], 2, "needs --from"),
        (["build", "nope.txt"], 3, "nope.txt: error: no such file"),
        (["build", "x.odt"], 2, 'unknown file type ".odt"'),
        (["build", "-f", "mobi", "x.txt"], 2, 'unknown output format "mobi"'),
        (["build", "--templates", "no-such-folder"], 2, "no-such-folder: error: --templates"),
        (["check", "nope.pdf"], 3, "nope.pdf: error: no such file"),
    ],
)
def test_errors_are_one_line(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_bad_article_leaves_no_output(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\ndate: 2024-02-30\n---\nBody\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(bad), "--out", str(out)])
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f'{bad}:3: error: date: "2024-02-30" is not a real day (day is out of range for month)'
    )
    assert list(out.iterdir()) == []


def test_user_templates_and_styles_override_by_name(
    runner: CliRunner, tmp_path: Path, seed_path: Path
) -> None:
    templates = tmp_path / "templates" / "partials"
    templates.mkdir(parents=True)
    (templates / "header.html.j2").write_text(
        '<header class="article-header"><h1 class="headline">Custom: {{ article.headline }}</h1>'
        "</header>\n",
        encoding="utf-8",
    )
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "epub.css").write_text(
        "body { margin: 0 3em; } /* custom epub */\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "build",
            str(seed_path),
            "--out",
            str(out),
            "--templates",
            str(tmp_path / "templates"),
            "--styles",
            str(styles),
        ],
    )
    assert result.exit_code == 0, result.output
    epub = next(out.glob("*.epub"))
    docs = epub_documents(epub)
    article = next(d for n, d in docs.items() if n.endswith("article.xhtml"))
    assert "Custom: Mediate" in "".join(article.itertext())
    import zipfile

    with zipfile.ZipFile(epub) as book:
        css = [n for n in book.namelist() if n.endswith("epub.css")]
        assert b"custom epub" in book.read(css[0])
        base = [n for n in book.namelist() if n.endswith("base.css")]
        assert b".factbox" in book.read(base[0])  # the project's own file still comes through


def test_sample_writes_the_shipped_article(runner: CliRunner, tmp_path: Path) -> None:
    from publish.resources import sample_article

    result = runner.invoke(app, ["sample", str(tmp_path / "try")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "try" / "sample-article.md"
    assert result.output.strip() == str(written)
    assert written.read_bytes() == sample_article().read_bytes()
    facts = runner.invoke(app, ["facts", str(written), "--json"])
    assert facts.exit_code == 0 and '"facts"' in facts.output


def test_sample_into_a_file_is_one_line_exit_7(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["sample", str(blocker)])
    assert result.exit_code == 7
    assert "error: cannot write the sample article" in result.output


@pytest.mark.parametrize(
    "command", [[], ["build"], ["check"], ["facts"], ["sample"], ["schema"], ["export"]]
)
def test_help_names_values_not_python_types(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    import re

    assert re.findall(r"<[a-z][\w\[\], ]*>|float range|int range", result.output) == []
    if command == ["build"]:
        for shown in (
            "[FILE]...",
            "--out DIR",
            "[screen|press]",
            "[pdf|epub]",
            "[text|markdown|json|html|ninjs|docx]",
            "SECONDS",
            "MB",
            "(default A4)",
        ):
            assert shown in result.output, shown
        assert re.search(r"--check\s+Run", result.output)  # a flag shows no value


def test_each_run_warns_on_its_own_standard_error(
    runner: CliRunner, tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    """A program that runs the command line twice (a test runner swaps sys.stderr) sees
    each run's warnings on that run's standard error, not on the first run's."""
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: T\ndate: 2024-01-02\nbogus: 1\n---\n\nText.\n")
    for _ in range(2):
        done = runner.invoke(app, ["facts", str(article)])
        assert done.exit_code == 0, done.output
        assert done.stderr == f'{article}:4: warning: unknown front matter key "bogus" is ignored\n'
