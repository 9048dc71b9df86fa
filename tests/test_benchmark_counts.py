"""benchmarks/speed.py counts the instructions of a forked child from its fork on, not
its parent's again (`--instructions`: the deterministic warm figure)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind"),
]

SCRIPT = """
import json, os, sys
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
import speed

def spin():
    total = 0
    for number in range(100_000):
        total += number

def spin_then_fork():  # the parent's spin is counted in the parent only
    spin()
    pid = os.fork()
    if pid == 0:
        spin()
        os._exit(0)
    os.waitpid(pid, 0)

folder = Path(sys.argv[1])
spin()
print(json.dumps({{
    "alone": speed._counted(spin, 2, folder),
    "forked": speed._counted(spin_then_fork, 2, folder),
}}))
"""


def test_a_forked_childs_instructions_are_counted_once(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import speed
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    script = tmp_path / "count.py"
    script.write_text(SCRIPT.format(benchmarks=str(ROOT / "benchmarks")), encoding="utf-8")
    folder = tmp_path / "counts"
    folder.mkdir()
    valgrind = shutil.which("valgrind")
    assert valgrind is not None
    command = speed.callgrind(valgrind, folder, [str(script), str(folder)])
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    counts = json.loads(output.stdout.strip().splitlines()[-1])
    assert counts["alone"] > 10_000_000  # the loop, counted
    # two spins (the parent's, the child's), each counted once: not three (the child
    # counting its parent's again) and not one (the child not counted)
    assert 1.8 < counts["forked"] / counts["alone"] < 2.4
