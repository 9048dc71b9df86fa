"""`publish check` and `publish build --check`: verdicts on good and deliberately broken files."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from publish.check.verdict import check_file, find_ace
from publish.cli import app
from publish.pipeline import BuildResult

pytestmark = pytest.mark.slow


def outputs(result: BuildResult) -> tuple[Path, Path]:
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    return pdf, epub


def require_ace() -> Path:
    """Return Ace's command; skip without it, unless PUBLISH_REQUIRE_ACE says CI needs it."""
    command = find_ace()
    if command is None:
        if os.environ.get("PUBLISH_REQUIRE_ACE") == "1":
            pytest.fail("DAISY Ace is required (PUBLISH_REQUIRE_ACE=1) but not installed")
        pytest.skip("DAISY Ace is not installed (the README says how to install it)")
    return command


def broken_epub(good: Path, target: Path) -> Path:
    """Copy GOOD to TARGET without one of its stylesheets (EPUBCheck: missing resource)."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            if not info.filename.endswith("epub.css"):
                out.writestr(info, source.read(info))
    return target


def test_good_outputs_pass(seed_build: BuildResult) -> None:
    pdf, epub = outputs(seed_build)
    run = CliRunner().invoke(app, ["check", "--no-ace", str(epub), str(pdf)])
    assert run.exit_code == 0, run.output
    with pikepdf.open(pdf) as document:
        count = len(document.pages)
    pages = "1 page" if count == 1 else f"{count} pages"
    assert run.output.splitlines() == [
        f"PASS {epub}: all checks pass (Ace skipped)",
        f"PASS {pdf}: all checks pass ({pages}; tagged; claims PDF/UA-1)",
    ]


def test_broken_files_fail_with_exit_5(seed_build: BuildResult, tmp_path: Path) -> None:
    pdf, epub = outputs(seed_build)
    bad_epub = broken_epub(epub, tmp_path / "bad.epub")
    bad_pdf = tmp_path / "bad.pdf"
    with pikepdf.open(pdf) as document:
        del document.Root.Lang
        document.save(bad_pdf)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(pdf.read_bytes()[:400])
    run = CliRunner().invoke(
        app, ["check", "--no-ace", "--json", str(bad_epub), str(bad_pdf), str(truncated), str(pdf)]
    )
    assert run.exit_code == 5
    reports = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["ok"] for r in reports] == [False, False, False, True]
    assert reports[0]["epubcheck"]["error"] >= 1
    assert any("RSC-001" in m for m in reports[0]["epubcheck"]["messages"])
    assert reports[1]["problems"] == ["no /Lang"]
    assert reports[2]["problems"][0].startswith("does not open as a PDF")
    assert run.stderr.strip().endswith(
        "error: 3 of 4 files failed their checks: bad.epub, bad.pdf, truncated.pdf"
    )


def test_check_of_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    alone = CliRunner().invoke(app, ["check", "--no-ace", str(tmp_path / "absent.pdf")])
    assert alone.exit_code == 3 and alone.stdout == ""
    assert alone.stderr.splitlines() == [f"{tmp_path / 'absent.pdf'}: error: no such file"]
    one = CliRunner().invoke(app, ["check", "--no-ace", str(text)])
    assert one.exit_code == 5
    assert one.stdout.splitlines() == [f"FAIL {text}: neither a PDF nor an EPUB"]
    assert "error:" not in one.stderr  # no summary line for one file
    both = CliRunner().invoke(app, ["check", "--no-ace", str(text), str(tmp_path / "absent.pdf")])
    assert both.exit_code == 5
    assert both.stderr.splitlines()[-1].endswith(
        "error: 1 of 2 files failed their checks: notes.txt"
    )


def test_missing_and_unknown_files_fail(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    verdicts = [check_file(tmp_path / "absent.epub"), check_file(text)]
    assert [v.line() for v in verdicts] == [
        f"FAIL {tmp_path / 'absent.epub'}: no such file",
        f"FAIL {text}: neither a PDF nor an EPUB",
    ]


def test_ace_passes_the_reference_article(seed_build: BuildResult) -> None:
    require_ace()
    _, epub = outputs(seed_build)
    verdict = check_file(epub, ace=True)
    assert verdict.facts["ace"]["ran"], verdict.facts["ace"]
    assert verdict.facts["ace"]["violations"] == 0, verdict.facts["ace"]["rules"]
    assert verdict.ok and verdict.line() == f"PASS {epub}: all checks pass"


def test_build_check_fails_the_build(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch, unchecked_epubs: None
) -> None:
    # Ace has its own test above; here only what --check does with the verdicts matters
    monkeypatch.setattr("publish.check.verdict.find_ace", lambda: None)
    templates = tmp_path / "templates" / "partials"
    templates.mkdir(parents=True)
    project = Path(__file__).resolve().parent.parent / "templates" / "partials" / "header.html.j2"
    header = project.read_text(encoding="utf-8").replace(
        '<header class="article-header"', '<header class="article-header" data-x="1" x="1"'
    )
    assert 'x="1"' in header
    (templates / "header.html.j2").write_text(header, encoding="utf-8")
    runner = CliRunner()
    good = runner.invoke(
        app,
        ["build", str(seed_path), "--out", str(tmp_path / "good"), "--format", "epub", "--check"],
    )
    assert good.exit_code == 0, good.output
    assert good.stdout.splitlines()[-1].endswith(
        ": all checks pass (Ace skipped: not installed; the README says how to install it)"
    )
    bad = runner.invoke(
        app,
        [
            "build",
            str(seed_path),
            "--out",
            str(tmp_path / "bad"),
            "--format",
            "epub",
            "--check",
            "--templates",
            str(tmp_path / "templates"),
        ],
    )
    assert bad.exit_code == 5, bad.output
    assert bad.stdout.splitlines()[-1].startswith("FAIL ")
    assert "failed their checks" not in bad.stderr  # one file: its verdict is the report
