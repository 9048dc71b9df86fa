"""`publish` as a program: usage mistakes are one line and exit 2; no arguments shows the help."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publish", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_no_arguments_prints_the_help_and_nothing_else() -> None:
    result = _run()
    assert result.returncode == 2
    assert "Usage: " in result.stdout and "COMMAND" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--no-such-option"], "publish: error: No such option: --no-such-option"),
        (["no-such-command"], "publish: error: No such command 'no-such-command'."),
    ],
)
def test_a_usage_mistake_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message)
