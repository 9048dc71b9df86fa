"""Guarantees 3 to 6: whole outputs or none, one-line errors, limits, concurrent runs."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import CheckError, LimitError, OutputError, RenderError
from publish.isolation import Limits, fork_ahead, run_limited
from publish.output import files as output
from tests.hostile_support import (
    assert_one_error_line,
    assert_only_complete_outputs,
    no_network,
)
from tests.test_hostile_inputs import FM

__all__ = ["no_network"]

SLUG = "israeli-public-figures-ask-president-herzog-to-help-end-the-nagorno-karabakh"  # the sample
SEED_SLUG = "mediate-nagorno-karabakh-conflict-scholars-urge-israels-isaac-herzog"


def words_article(path: Path, words: int, title: str = "Long read") -> Path:
    """Write a Markdown article of WORDS words at PATH and return PATH."""
    vocabulary = ["harbour", "ledger", "orchard", "council", "station", "winter", "river"]
    paragraphs = [
        " ".join(vocabulary[(i + j) % 7] for j in range(120)) + "." for i in range(0, words, 120)
    ]
    path.write_text(f"---\ntitle: {title}\ndate: 2024-01-02\n---\n\n" + "\n\n".join(paragraphs))
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", *args])
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def good_build(
    tmp_path: Path, article_path: Path, no_network: None
) -> tuple[Path, dict[str, bytes]]:
    """Build the sample article into tmp/out and return (out, {name: bytes})."""
    out = tmp_path / "out"
    code, text = invoke(str(article_path), "-o", str(out))
    assert code == 0, text
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def unchanged(out: Path, before: dict[str, bytes]) -> bool:
    """True when OUT's outputs (the batch cache's record aside) are exactly BEFORE's."""
    from publish.batch.cache import CACHE_NAME

    outputs = {p.name: p.read_bytes() for p in assert_only_complete_outputs(out)}
    return outputs == {name: data for name, data in before.items() if name != CACHE_NAME}


# --- Guarantee 3: all or nothing ---------------------------------------------------------


def test_failed_render_keeps_the_earlier_output(
    good_build: tuple[Path, dict[str, bytes]], article_path: Path, tmp_path: Path
) -> None:
    out, before = good_build
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "print.css").write_text('@import url("file:///etc/passwd");')
    code, text = invoke(str(article_path), "-o", str(out), "--styles", str(styles))
    assert code == 4, text
    assert unchanged(out, before)


def test_disk_full_keeps_the_earlier_output(
    good_build: tuple[Path, dict[str, bytes]], article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = good_build
    calls = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second output (the EPUB) hits a full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code, text = invoke(str(article_path), "-o", str(out))
    assert code == 7, text
    line = assert_one_error_line(text)
    assert "No space left on device" in line["message"] and line["file"].endswith(".epub")
    assert unchanged(out, before)


def test_rename_failing_half_way_puts_the_first_back(
    good_build: tuple[Path, dict[str, bytes]], article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = good_build
    real_replace = os.replace
    done = []

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith(".epub") and not done:
            done.append(dst)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    (out / f"{SLUG}.pdf").write_bytes(b"%PDF-1.7 old\n%%EOF\n")
    before[f"{SLUG}.pdf"] = b"%PDF-1.7 old\n%%EOF\n"
    code, text = invoke(str(article_path), "-o", str(out))
    assert code == 7, text
    assert unchanged(out, before)


def test_interrupt_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        output.write_all([(tmp_path / "a.pdf", b"%PDF-a"), (tmp_path / "a.epub", b"PK")])
    assert list(tmp_path.iterdir()) == []


def test_symlinked_target_is_replaced_and_its_file_untouched(
    tmp_path: Path, article_path: Path, no_network: None
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / f"{SLUG}.pdf").symlink_to(victim)
    code, text = invoke(str(article_path), "-o", str(out))
    assert code == 0, text
    assert not (out / f"{SLUG}.pdf").is_symlink()
    assert victim.read_text() == "precious"
    assert len(assert_only_complete_outputs(out)) == 2


def test_output_folder_is_a_file(tmp_path: Path, article_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    code, text = invoke(str(article_path), "-o", str(out))
    assert code == 7
    assert assert_one_error_line(text)["message"] == "the output folder is a file"


def test_output_folder_not_writable(tmp_path: Path, article_path: Path, no_network: None) -> None:
    """Tests run as root, which ignores modes; an immutable folder refuses even root."""
    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() == 0:
        if (
            shutil.which("chattr") is None
            or subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode
        ):
            pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
    else:
        out.chmod(0o500)
    try:
        code, text = invoke(str(article_path), "-o", str(out))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], check=True)
        out.chmod(0o755)
    assert code == 7, text
    assert "not permitted" in text or "not writable" in text or "denied" in text
    assert list(out.iterdir()) == []


def test_same_slug_twice(tmp_path: Path, seed_path: Path, no_network: None) -> None:
    other = tmp_path / "copy.txt"
    shutil.copy(seed_path, other)
    out = tmp_path / "out"
    code, text = invoke(str(seed_path), str(other), "-o", str(out))
    assert code == 3
    line = assert_one_error_line(text)
    assert line["file"] == str(other) and "is also the slug of" in line["message"]
    assert len(assert_only_complete_outputs(out)) == 2  # the first one still built


@pytest.mark.parametrize(
    "signum, code, word",
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
    ],
)
@pytest.mark.slow  # real processes building long articles
def test_signal_during_render_cleans_up(
    tmp_path: Path, article_path: Path, signum: int, code: int, word: str
) -> None:
    """Signal a real `publish` process while it renders; nothing is half-written."""
    out = tmp_path / "out"
    first = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(article_path), "-o", str(out)],
        capture_output=True,
        check=True,
    )
    del first
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    article = words_article(tmp_path / "long.md", 60_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "build", str(article), str(article_path), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.5)
    assert process.poll() is None, "the render finished before the signal"
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C reaches the whole process group
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert assert_one_error_line(stderr)["message"] == word
    assert unchanged(out, before)
    leftover = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "a renderer outlived its parent"


def test_renderer_dies_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL cannot be cleaned up after, but the renderer must not outlive its parent."""
    article = words_article(tmp_path / "long.md", 60_000)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "build", str(article), "-o", str(out)],
        start_new_session=True,
    )
    time.sleep(2.0)
    assert process.poll() is None, "the render finished before the signal"
    process.kill()
    process.wait(timeout=10)
    for _ in range(50):
        leftover = subprocess.run(
            ["pgrep", "-s", str(process.pid)], capture_output=True, text=True
        ).stdout.strip()
        if not leftover:
            break
        time.sleep(0.1)
    assert not leftover, "a renderer outlived its parent"
    assert not out.exists() or list(out.iterdir()) == []


# --- Guarantee 4: one line and an exit code per kind -------------------------------------


def test_exit_codes_by_kind(
    tmp_path: Path, article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "out")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\n---\n")
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "article.html.j2").write_text("{% if %}")
    a_file = tmp_path / "file"
    a_file.write_text("")
    cases = [
        (2, ["build", str(article_path), "-o", out, "--format", "docx"]),
        (2, ["build", str(tmp_path / "a.rtf"), "-o", out]),
        (2, ["build", str(article_path), "-o", out, "--allow-remote", "https://x.org/"]),
        (3, ["build", str(bad), "-o", out]),
        (3, ["build", str(tmp_path / "missing.md"), "-o", out]),
        (4, ["build", str(article_path), "-o", out, "--templates", str(broken)]),
        (6, ["build", str(article_path), "-o", out, "--time-limit", "0.001"]),
        (7, ["build", str(article_path), "-o", str(a_file)]),
    ]
    for code, args in cases:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == code, (args, result.output)
        assert_one_error_line(result.output)

    def fail_check(*args: object, **kwargs: object) -> None:
        raise CheckError("EPUBCheck found 2 errors", file="out/x.epub")

    monkeypatch.setattr("publish.pipeline.build", fail_check)
    result = CliRunner().invoke(app, ["build", str(article_path), "-o", out])
    assert result.exit_code == 5
    assert assert_one_error_line(result.output)["file"] == "out/x.epub"


def test_unexpected_exception_is_one_line_unless_debug(
    tmp_path: Path, article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        return {}["missing"]  # type: ignore[no-any-return]

    monkeypatch.setattr("publish.pipeline.build", crash)
    result = CliRunner().invoke(app, ["build", str(article_path), "-o", str(tmp_path)])
    assert result.exit_code == 4
    line = assert_one_error_line(result.output)
    assert "internal error (KeyError: 'missing')" in line["message"]
    debug = CliRunner().invoke(app, ["build", str(article_path), "-o", str(tmp_path), "--debug"])
    assert isinstance(debug.exception, KeyError)  # --debug lets the traceback through


def test_standard_input_is_capped(tmp_path: Path) -> None:
    from publish.readers.source import MAX_INPUT_BYTES

    result = CliRunner().invoke(
        app,
        ["build", "-", "--from", "text", "-o", str(tmp_path)],
        input=b"a" * (MAX_INPUT_BYTES + 1),
    )
    assert result.exit_code == 3
    assert assert_one_error_line(result.output)["file"] == "<stdin>"


def test_usage_errors_are_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "publish", "build", "--no-such-option"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert_one_error_line(result.stderr)


# --- Guarantee 5: limits per document ----------------------------------------------------


def _sleep() -> None:
    time.sleep(30)


def _allocate() -> int:
    return len(bytearray(1024 * 1024 * 1024))


def _fail() -> None:
    raise RenderError("no such font")


def _crash() -> None:
    raise ZeroDivisionError("boom")


def test_run_limited() -> None:
    assert run_limited(lambda: 41 + 1, Limits(time=30, memory_mb=None)) == 42
    started = time.monotonic()
    with pytest.raises(LimitError, match="time limit of 0.5 s"):
        run_limited(_sleep, Limits(time=0.5, memory_mb=None))
    assert time.monotonic() - started < 10
    with pytest.raises(LimitError, match="memory limit of 600 MB"):
        run_limited(_allocate, Limits(time=30, memory_mb=600))
    with pytest.raises(RenderError, match="no such font"):
        run_limited(_fail, Limits())
    with pytest.raises(RenderError, match="ZeroDivisionError: boom"):
        run_limited(_crash, Limits())


def test_children_are_reaped_after_their_outcome() -> None:
    """A child whose outcome came is not waited for, but it is reaped: none is left over."""
    import multiprocessing

    from publish import isolation

    limits = Limits(time=30, memory_mb=None)
    for number in range(4):
        assert run_limited(lambda number=number: number, limits) == number  # type: ignore[misc]
    deadline = time.monotonic() + 20
    while isolation._UNREAPED and time.monotonic() < deadline:
        time.sleep(0.05)
        isolation._reap()
    assert isolation._UNREAPED == []
    assert multiprocessing.active_children() == []


def test_work_forked_ahead_of_its_input() -> None:
    """A document's EPUB starts before the PDF's pages are known: it waits for them, a
    failure in its early part is reported by the work itself, and stopping it never hangs."""
    limits = Limits(time=30, memory_mb=None)
    job = fork_ahead(lambda pages: pages * 2, limits, first=lambda: 1)
    job.give(21)
    assert job.result() == 42
    job = fork_ahead(lambda pages: pages + 1, limits, first=_fail)  # left for the work
    job.give(1)
    assert job.result() == 2
    job = fork_ahead(lambda pages: _fail(), limits)
    job.give(())
    with pytest.raises(RenderError, match="no such font"):
        job.result()
    started = time.monotonic()
    job = fork_ahead(lambda pages: pages, limits, first=_sleep)  # the PDF failed: never given
    job.stop()
    assert time.monotonic() - started < 10


@pytest.mark.slow  # real processes building long articles
def test_a_document_over_the_limit_does_not_stop_the_others(
    tmp_path: Path, seed_path: Path, no_network: None
) -> None:
    article = words_article(tmp_path / "long.md", 300_000)
    out = tmp_path / "out"
    code, text = invoke(str(article), str(seed_path), "-o", str(out), "--time-limit", "15")
    assert code == 6, text
    line = assert_one_error_line(text)
    assert line["file"] == str(article) and "time limit of 15 s" in line["message"]
    assert sorted(p.name for p in assert_only_complete_outputs(out)) == [
        f"{SEED_SLUG}.epub",
        f"{SEED_SLUG}.pdf",
    ]


@pytest.mark.slow  # real processes building long articles
def test_the_most_severe_code_wins(tmp_path: Path, seed_path: Path, no_network: None) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(FM.replace("date: 2024-01-02\n", ""))
    article = words_article(tmp_path / "long.md", 300_000)
    code, text = invoke(
        str(bad), str(article), str(seed_path), "-o", str(tmp_path / "out"), "--time-limit", "15"
    )
    assert code == 6
    assert [line.split(":")[0] for line in text.splitlines() if ": error: " in line] == [
        str(bad),
        str(article),
    ]


# --- Guarantee 6: concurrent runs --------------------------------------------------------


@pytest.mark.slow  # real processes building long articles
def test_two_runs_into_the_same_folder(tmp_path: Path, seed_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(FM + "Another article.\n")
    reference = tmp_path / "reference"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "publish",
            "build",
            str(seed_path),
            str(other),
            "-o",
            str(reference),
        ],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "publish", "build", str(seed_path), str(other), "-o", str(out)],
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
    expected = {p.name: p.read_bytes() for p in reference.iterdir()}
    assert unchanged(out, expected)


def test_concurrent_writers_never_mix_files(tmp_path: Path) -> None:
    """Many writers replace the same pair of files; each pair read is whole and matching."""
    target = tmp_path / "a.pdf"
    contents = [b"%PDF-" + bytes([65 + i]) * 200_000 + b"\n%%EOF" for i in range(6)]
    errors: list[BaseException] = []

    def writer(data: bytes) -> None:
        try:
            for _ in range(15):
                output.write_all([(target, data)])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c,)) for c in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert target.read_bytes() in contents
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_output_error_type() -> None:
    assert OutputError("x").exit_code == 7
