"""`make install` byte-compiles the package as a wheel's install does, and an edited module is
never shadowed by its old .pyc (Python checks each against its source's time and size)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _compile_command() -> list[str]:
    """The Makefile's COMPILE line, with this interpreter for $(BIN)/python."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (line,) = re.findall(r"^COMPILE := (.+)$", makefile, re.MULTILINE)
    return [sys.executable, *shlex.split(line)[1:]]


def test_install_compiles_every_module_checked_by_timestamp(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "publish", tmp_path / "publish", ignore=shutil.ignore_patterns("__pycache__")
    )
    # SOURCE_DATE_EPOCH alone would make compileall write hash-checked .pyc (each import
    # then reads and hashes the source): the Makefile asks for timestamps.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(_compile_command(), cwd=tmp_path, env=env, check=True, capture_output=True)
    sources = sorted((tmp_path / "publish").rglob("*.py"))
    assert sources
    for source in sources:
        tag = sys.implementation.cache_tag
        compiled = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        header = compiled.read_bytes()[:16]
        assert int.from_bytes(header[4:8], "little") == 0, compiled  # flags: timestamp-based
        assert int.from_bytes(header[12:16], "little") == source.stat().st_size


def test_an_edited_module_is_compiled_afresh(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "publish", tmp_path / "publish", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(_compile_command(), cwd=tmp_path, check=True, capture_output=True)
    module = tmp_path / "publish" / "errors.py"
    stat = module.stat()
    module.write_text(module.read_text(encoding="utf-8") + "\nEDITED = 'yes'\n", encoding="utf-8")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even within the same second
    probe = "import publish.errors as e; print(getattr(e, 'EDITED', 'no'))"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "yes", result.stderr
