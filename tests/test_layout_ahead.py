"""The layout process forked ahead (`publish.layout_ahead`): a plain cold build of one article
gives the bytes and the errors of the build without it, writes nothing when it fails, and
leaves no process behind. Every other command line goes without it."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publish.layout_ahead import ENVIRONMENT, plain_build
from tests.hostile_support import assert_one_error_line, assert_only_complete_outputs

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"

PROBE = """
import json, os, signal, sys
from publish import layout_ahead
log, args = sys.argv[1], json.loads(sys.argv[2])
stop = layout_ahead.stop
def noted():
    ahead = layout_ahead._ahead
    with open(log, "w", encoding="utf-8") as file:
        json.dump({"pid": ahead.pid if ahead else None,
                   "claimed": bool(ahead and ahead.claimed)}, file)
    stop()
layout_ahead.stop = noted
render = layout_ahead.render
def rendering(*args, **kwargs):
    open(log + ".rendering", "w").close()  # the article is being read, then laid out
    return render(*args, **kwargs)
layout_ahead.render = rendering
failure = os.environ.get("TEST_LAYOUT_FAILS")
if failure:  # the PDF's layout fails (here as in the build without the layout process)
    from publish.errors import RenderError
    from publish.writers import pdf
    def failing(*args, **kwargs):
        if failure == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise MemoryError() if failure == "memory" else RenderError("the layout failed")
    pdf.lay_out_pdf = failing
modules = os.environ.get("TEST_LAYOUT_MODULES")
if modules:  # what the layout process has loaded once it has laid the article out
    from publish import layout_process
    serve = layout_process._serve
    def serving(*args):
        served = serve(*args)
        with open(modules, "w", encoding="utf-8") as file:
            json.dump(sorted(sys.modules), file)
        return served
    layout_process._serve = serving
from publish.cli import main
sys.argv = ["publish", *args]
main()
"""


def _build(
    args: list[str], tmp_path: Path, *, ahead: bool = True, fails: str = "", modules: str = ""
) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    """Run `publish ARGS` in a fresh interpreter; return it and what became of the layout
    process (its pid, or None if none was forked, and whether the build used it). MODULES,
    a file, is given the names of the modules the layout process had loaded when done."""
    log = tmp_path / "ahead.json"
    log.unlink(missing_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", ENVIRONMENT: "1" if ahead else "0"}
    env["TEST_LAYOUT_FAILS"] = fails
    env["TEST_LAYOUT_MODULES"] = modules
    env["TMPDIR"] = str(tmp_path / "tmp")  # the build's temporary files, to see them go
    (tmp_path / "tmp").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(log), json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    return done, json.loads(log.read_text(encoding="utf-8"))


def _gone(pid: object) -> bool:
    """Return whether process PID no longer exists (not even as a zombie)."""
    assert isinstance(pid, int)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in (".pdf", ".epub")
    }


def test_which_command_lines_are_plain_builds_of_one_article(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("x", encoding="utf-8")
    (tmp_path / "book.yml").write_text("x", encoding="utf-8")
    a = str(article)
    for args in (["build", a], ["build", a, "-o", "out"], ["build", "--out=o", "--strict", a]):
        assert plain_build(args), args
    for args in (
        [],
        ["build"],  # the sample
        ["build", "--help"],
        ["build", a, "--help"],
        ["--help"],
        ["watch", a],
        ["facts", a],
        ["build", a, a],  # a batch
        ["build", str(tmp_path)],  # a folder
        ["build", "-"],  # standard input
        ["build", str(tmp_path / "missing.md")],
        ["build", str(tmp_path / "book.yml")],  # a publication
        ["build", a, "-o"],  # an option without its value: typer says so
        ["build", a, "--format", "pdf"],
        ["build", a, "--paper", "A5"],
        ["build", a, "--time-limit", "5"],
        ["build", a, "--templates", "t"],
        ["build", a, "--", a],
    ):
        assert not plain_build(args), args


@pytest.mark.slow  # three cold builds of each article
@pytest.mark.parametrize("name", ["harbour-budget.md", "glacier-study.txt", "pinned.json"])
def test_the_early_layout_gives_the_bytes_of_the_build_without_it(
    name: str, tmp_path: Path
) -> None:
    article = str(ARTICLES / name)
    early, noted = _build(["build", article, "-o", "early"], tmp_path)
    assert early.returncode == 0, early.stderr
    assert noted["claimed"] and _gone(noted["pid"])
    late, noted = _build(["build", article, "-o", "late"], tmp_path, ahead=False)
    assert late.returncode == 0, late.stderr
    assert noted["pid"] is None
    assert early.stdout.replace("early", "late") == late.stdout
    assert early.stderr == late.stderr  # the same warnings, if any
    built = _digests(tmp_path / "early")
    assert len(built) == 2 and built == _digests(tmp_path / "late")


def test_the_layout_process_loads_neither_the_article_model_nor_the_epub_writer(
    tmp_path: Path,
) -> None:
    """It is forked before the article model (pydantic's schemas) and the EPUB writer are
    imported, and it is sent the HTML, the theme and the page, never the article: neither
    is loaded there, before or after the layout, so its start does not wait for them."""
    loaded = tmp_path / "modules.json"
    article = str(ARTICLES / "harbour-budget.md")
    early, noted = _build(["build", article, "-o", "early"], tmp_path, modules=str(loaded))
    assert early.returncode == 0, early.stderr
    assert noted["claimed"] and _gone(noted["pid"])
    modules = set(json.loads(loaded.read_text(encoding="utf-8")))
    assert {"weasyprint", "publish.writers.pdf.weasy"} <= modules
    only_reading = ("pydantic", "publish.model.", "publish.writers.epub", "publish.enrich", "typer")
    assert {m for m in modules if m.startswith(only_reading)} == {"publish.model.paper"}


def test_the_layout_process_warms_up_for_the_page_of_no_request_and_no_print_section() -> None:
    from publish.model import PrintPreferences
    from publish.writers.pdf.options import PrintRequest, PrintSettings, resolve_print

    assert PrintSettings() == resolve_print(PrintRequest(), PrintPreferences())


@pytest.mark.parametrize(
    "text, where",
    [
        ('{"headline": "x",\n  oops}\n', 2),  # a reading error, located at its line
        (None, None),  # a character in no font: the PDF's error, made in the layout process
    ],
)
def test_a_failing_article_reports_as_before_and_writes_nothing(
    text: str | None, where: int | None, tmp_path: Path
) -> None:
    if text is None:
        article = tmp_path / "in" / "ethiopic.md"
        body = "---\ntitle: A headline\ndate: 2024-01-02\nlang: am\n---\n\nሰላም ዓለም ᏣᎳᎩ\n"
    else:
        article = tmp_path / "in" / "broken.json"
        body = text
    article.parent.mkdir()
    article.write_text(body, encoding="utf-8")
    early, noted = _build(["build", str(article), "-o", "early"], tmp_path)
    assert early.returncode != 0
    match = assert_one_error_line(early.stderr)
    assert match["file"] == str(article)
    if where is not None:
        assert match["line"] == str(where)
    assert noted["pid"] is not None and _gone(noted["pid"])
    assert assert_only_complete_outputs(tmp_path / "early") == []
    late, _ = _build(["build", str(article), "-o", "late"], tmp_path, ahead=False)
    assert (late.returncode, late.stderr) == (early.returncode, early.stderr)


@pytest.mark.slow  # two cold builds of each
@pytest.mark.parametrize("fails", ["error", "memory", "kill"])
def test_a_failing_layout_reports_as_before_and_writes_nothing(fails: str, tmp_path: Path) -> None:
    """The layout process fails (an error, out of memory, killed): the build says what the
    build without it says, writes nothing, and leaves no process and no temporary folder
    behind (WeasyPrint's fonts folder too, which a killed process cannot remove itself)."""
    article = str(ARTICLES / "print-short.md")
    early, noted = _build(["build", article, "-o", "early"], tmp_path, fails=fails)
    assert early.returncode != 0
    match = assert_one_error_line(early.stderr)
    assert match["file"] == article
    assert noted["claimed"] and _gone(noted["pid"])
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == []
    assert assert_only_complete_outputs(tmp_path / "early") == []
    late, _ = _build(["build", article, "-o", "late"], tmp_path, ahead=False, fails=fails)
    assert (late.returncode, late.stderr) == (early.returncode, early.stderr)


def test_a_build_that_fails_before_its_article_is_read_stops_it(tmp_path: Path) -> None:
    """The output folder is a file: the build stops before reading, as without the layout
    process, which is stopped and reaped unused."""
    article = str(ARTICLES / "print-short.md")
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    early, noted = _build(["build", article, "-o", "out"], tmp_path)
    assert early.returncode != 0
    assert_one_error_line(early.stderr)
    assert not noted["claimed"] and _gone(noted["pid"])
    late, noted = _build(["build", article, "-o", "out"], tmp_path, ahead=False)
    assert (late.returncode, late.stderr) == (early.returncode, early.stderr)
    assert noted["pid"] is None


@pytest.mark.slow  # a real process interrupted
def test_ctrl_c_during_the_early_layout_stops_every_process(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while the layout
    process is at work: one line, exit 130, no file, and no process left. The article is long
    (about 8,000 words, a few seconds' work), so that the signal comes while it is built: a
    short one is done before the signal on a quiet machine."""
    article = str(tmp_path / "long-report.md")
    paragraphs = (
        f"The harbour board said on Tuesday that {120 + 37 * n} ships used the quay in week "
        f"{n}, and the pilots' union said {n % 9 + 2} berths were shut for repairs."
        for n in range(320)
    )
    Path(article).write_text(
        "---\ntitle: A long harbour report\ndate: 2024-05-01\n---\n\n"
        + "\n\n".join(paragraphs)
        + "\n",
        encoding="utf-8",
    )
    log = tmp_path / "ahead.json"
    process = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(log), json.dumps(["build", article, "-o", "out"])],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, signalled as a terminal would
    )
    started = Path(f"{log}.rendering")
    while not started.exists() and process.poll() is None:
        time.sleep(0.005)
    time.sleep(0.3)  # the article is being read, or laid out
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build ended before the interruption")
    assert process.returncode == 130, stderr
    assert_one_error_line(stderr)
    assert assert_only_complete_outputs(tmp_path / "out") == []
    noted = json.loads(log.read_text(encoding="utf-8"))
    assert noted["pid"] is not None and _gone(noted["pid"])
