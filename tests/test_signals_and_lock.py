"""Guarantee 3 under signals and concurrent runs, with real processes (issue 17, class 5).

- a pair of outputs is always from one run: the output folder is locked while a pair is
  written, so a reader holding the same lock never sees the PDF of one run beside the EPUB
  of another;
- SIGTERMs or SIGINTs arriving while the outputs are written leave no `.part` file;
- a second Ctrl-C exits at once, with one line and no traceback.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from publish.output.files import TEMP_PREFIX
from tests.hostile_support import assert_one_error_line, assert_only_complete_outputs
from tests.test_guarantee_outputs import words_article
from tests.test_hostile_inputs import FM

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from publish.output.files import write_all
    out, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for i in range(rounds):
        label = f"<{tag}-{i}>".encode()
        write_all([(out / "a.pdf", b"%PDF-" + label + b"p" * 40_000),
                   (out / "a.epub", b"PK" + label + b"e" * 40_000)])
""")


def _label(data: bytes) -> bytes:
    return data[data.index(b"<") : data.index(b">") + 1]


@pytest.mark.slow  # real processes and signals
def test_a_pair_is_always_from_one_run(tmp_path: Path) -> None:
    """Two processes rewrite one pair; under the folder's lock, PDF and EPUB always match."""
    out = tmp_path / "out"
    out.mkdir()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(out), tag, "300"], cwd=ROOT, stderr=subprocess.PIPE
        )
        for tag in ("A", "B")
    ]
    seen, mixed = 0, []
    while any(w.poll() is None for w in writers) or seen == 0:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if (out / "a.pdf").exists() and (out / "a.epub").exists():
                pdf, epub = (
                    _label((out / "a.pdf").read_bytes()),
                    _label((out / "a.epub").read_bytes()),
                )
                seen += 1
                if pdf != epub:
                    mixed.append((pdf, epub))
        finally:
            os.close(fd)
    for writer in writers:
        _, stderr = writer.communicate(timeout=60)
        assert writer.returncode == 0, stderr
    assert not mixed, f"{len(mixed)} of {seen} pairs mixed two runs: {mixed[:3]}"
    assert _label((out / "a.pdf").read_bytes()) == _label((out / "a.epub").read_bytes())
    assert sorted(p.name for p in out.iterdir()) == ["a.epub", "a.pdf"]


SLOW_DISK = textwrap.dedent("""
    import os, sys, time
    real = os.fsync
    def fsync(fd):  # a slow disk: the write of each output takes a while
        time.sleep(0.2)
        real(fd)
    os.fsync = fsync
    from publish.cli import main
    sys.argv = ["publish", *sys.argv[1:]]
    main()
""")


def _wait_for_temporary(out: Path, process: subprocess.Popen[str]) -> bool:
    """Poll until a temporary output appears in OUT; False if PROCESS ended first."""
    while process.poll() is None:
        if out.is_dir() and any(p.name.startswith(TEMP_PREFIX) for p in out.iterdir()):
            return True
        time.sleep(0.001)
    return False


@pytest.mark.parametrize(
    "signum, code, word",
    [
        (signal.SIGTERM, 143, "terminated"),
        (signal.SIGINT, 130, "interrupted"),
    ],
)
@pytest.mark.slow  # real processes and signals
def test_signals_while_writing_leave_no_temporary_file(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    """A burst of signals lands while a real `publish` writes its pair: no `.part` is left."""
    article = tmp_path / "a.md"
    article.write_text(FM + "Short text for the pair.\n")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SLOW_DISK,
            "build",
            str(article),
            "-o",
            str(out),
            "--time-limit",
            "0",
            "--memory-limit",
            "0",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for_temporary(out, process), "the build ended before writing"
    for _ in range(3):
        process.send_signal(signum)
        time.sleep(0.002)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr, stderr
    assert assert_one_error_line(stderr)["message"] == word
    files = assert_only_complete_outputs(out)  # no .part, no .old
    assert [p.suffix for p in files] in ([], [".epub", ".pdf"]), files


def _live_processes(session: int) -> list[str]:
    """Return the processes of SESSION still running (zombies, already dead, left out)."""
    listing = subprocess.run(
        ["ps", "-o", "pid=,stat=", "-s", str(session)], capture_output=True, text=True
    ).stdout
    return [line for line in listing.splitlines() if line.split()[1:2] != ["Z"]]


@pytest.mark.slow  # real processes and signals
@pytest.mark.parametrize("gap, jobs", [(0.002, 1), (0.3, 1), (0.3, 2)])
def test_a_second_ctrl_c_exits_at_once_without_a_traceback(
    tmp_path: Path, gap: float, jobs: int
) -> None:
    """Two SIGINTs GAP s apart while a real build renders: one line, exit 130, nothing left.

    With --jobs 2 the workers leave the signal to the parent and die with it.
    """
    articles = [
        str(words_article(tmp_path / f"long{n}.md", 60_000, title=f"Long {n}")) for n in range(jobs)
    ]
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "build", *articles, "--jobs", str(jobs), "-o", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(3.0)
    assert process.poll() is None, "the build finished before the signal"
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(gap)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert assert_one_error_line(stderr)["message"] == "interrupted"
    assert not out.exists() or assert_only_complete_outputs(out) == []
    for _ in range(50):
        leftover = _live_processes(process.pid)
        if not leftover:
            break
        time.sleep(0.1)
    assert not leftover, f"a renderer or worker outlived its parent: {leftover}"
