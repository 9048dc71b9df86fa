"""benchmarks/cold_path.py places each process's steps after what they wait for (the HTML,
the page starts, both children's results) when it adds up a cold build's instructions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import cold_path  # noqa: E402


def test_a_step_starts_once_what_it_waits_for_is_done(capsys: pytest.CaptureFixture[str]) -> None:
    steps = {
        7: [("forks the layout process", 100.0), ("command line parsed", 50.0), ("end", 5.0)],
        8: [("started", 300.0), ("pages sent", 200.0), ("PDF sent", 50.0), ("end", 0.0)],
        9: [("HTML made", 100.0), ("EPUB started", 80.0), ("end", 30.0)],
    }
    cold_path.report(steps)
    printed = capsys.readouterr().out
    # the HTML (at 250) waits for the layout process's start (at 400); the page starts at
    # 600; the EPUB's end waits for them (630); the parent ends after both children (655)
    assert "pages sent                     200 M, done at     600 M" in printed
    assert "end                             30 M, done at     630 M" in printed
    assert printed.splitlines()[-1] == "the HTML waits 150 M; all done at 655 M"


def test_a_build_without_the_layout_process_is_said_so() -> None:
    with pytest.raises(SystemExit, match="not used"):
        cold_path.report({7: [("end", 1000.0)]})
