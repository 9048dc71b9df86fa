"""The `publish` program ends without Python's teardown (`publish.cli.end_process`): the exit
code, the streams and the atexit functions are as Python's own exit would leave them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ENDING = textwrap.dedent("""
    import atexit, sys, threading, time
    from publish.cli import end_process
    how = sys.argv[1]
    atexit.register(lambda: print("atexit ran", file=sys.stderr))
    sys.stdout.write("x" * 200_000)  # more than any buffer: some is still to flush
    if how == "thread":  # a thread still running: Python waits for it, and so do we
        threading.Thread(target=lambda: (time.sleep(0.3), print("thread done"))).start()
    code = {"none": None, "thread": 0, "text": "a message"}.get(how, how)
    end_process(SystemExit(int(code) if isinstance(code, str) and code.isdigit() else code))
""")


def _end(how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENDING, how], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("how", "code"), [("0", 0), ("none", 0), ("2", 2), ("4", 4)])
def test_the_code_the_output_and_atexit_are_kept(how: str, code: int) -> None:
    result = _end(how)
    assert result.returncode == code
    assert result.stdout == "x" * 200_000
    assert result.stderr == "atexit ran\n"


def test_a_running_thread_is_waited_for() -> None:
    result = _end("thread")
    assert result.returncode == 0
    assert result.stdout == "x" * 200_000 + "thread done\n"


def test_a_message_is_left_to_python() -> None:
    result = _end("text")
    assert result.returncode == 1
    assert result.stderr.startswith("a message\n")


def test_the_program_prints_and_exits_through_it(tmp_path: Path) -> None:
    publish = Path(sys.executable).parent / "publish"
    version = subprocess.run([publish, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip()
    missing = subprocess.run(
        [publish, "build", str(tmp_path / "none.txt"), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode != 0
    assert missing.stderr.splitlines() == [missing.stderr.strip()]
    assert "none.txt" in missing.stderr
