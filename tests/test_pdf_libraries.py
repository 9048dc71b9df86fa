"""WeasyPrint's libraries looked up without running programs for names no file matches."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

from publish.writers.pdf.libraries import could_exist, library_files, quick_library_search

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux lookup")

ABSENT = "publish-test-no-such-library-0"


def test_a_name_matches_a_library_file_by_its_prefix() -> None:
    files = frozenset({"libpango-1.0.so.0", "libharfbuzz.so.0.60000.0", "libc.so.6"})
    assert could_exist("pango-1.0", files) and could_exist("harfbuzz", files)
    assert not could_exist("pango-1.0-0", files)  # the Windows spelling
    assert not could_exist("harfbuzz-vector", files) and not could_exist("libc", files)


def test_the_folders_searched_hold_the_c_library() -> None:
    assert could_exist("c", library_files())
    assert not could_exist(ABSENT, library_files())


def test_an_absent_name_is_answered_without_running_a_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = ctypes.util.find_library
    with quick_library_search():

        def no_program(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"a program was run: {args}")

        with monkeypatch.context() as patch:
            patch.setattr(subprocess, "Popen", no_program)
            assert ctypes.util.find_library(ABSENT) is None
        assert ctypes.util.find_library("c") == original("c")  # a real one: looked up as before
    assert ctypes.util.find_library is original


def test_an_absent_name_in_a_folder_of_ld_library_path_is_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / f"lib{ABSENT}.so").write_bytes(b"")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    assert could_exist(ABSENT, library_files())
