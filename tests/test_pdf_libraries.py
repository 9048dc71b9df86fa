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
        ctypes.util.find_library(ABSENT)  # the first call lists the folders (`ldconfig -p`)

        def no_program(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"a program was run: {args}")

        with monkeypatch.context() as patch:
            patch.setattr(subprocess, "Popen", no_program)
            assert ctypes.util.find_library(ABSENT) is None
        assert ctypes.util.find_library("c") == original("c")  # a real one: looked up as before
    assert ctypes.util.find_library is original


def test_the_folders_are_listed_only_if_a_library_is_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import publish.writers.pdf.libraries as libraries

    def no_listing(environ: object = None) -> frozenset[str]:
        raise AssertionError("the folders were listed")

    monkeypatch.setattr(libraries, "library_files", no_listing)
    with quick_library_search():  # WeasyPrint's declarations kept: no name is looked up
        pass


def test_an_absent_name_in_a_folder_of_ld_library_path_is_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / f"lib{ABSENT}.so").write_bytes(b"")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    assert could_exist(ABSENT, library_files())


LAID_OUT = """
import sys
from pathlib import Path

from publish.article_files import ArticleFiles
from publish.pipeline import load_article
from publish.render.templates import Theme
from publish.writers import pdf

path = Path(sys.argv[1])
article, _ = load_article(str(path))
data, _, _ = pdf.make_pdf(article, ArticleFiles(str(path), path.parent), Theme())
assert data.startswith(b"%PDF"), data[:8]
print(type(sys.modules["fontTools.subset"]).__name__)
print("fontTools.varLib" in sys.modules)
"""


def test_a_pdf_is_made_without_loading_fonttools_subsetter() -> None:
    article = Path(__file__).parent / "articles" / "quiet-essay.md"
    done = subprocess.run(
        [sys.executable, "-c", LAID_OUT, str(article)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["_LazyModule", "False"]  # registered, never loaded


def test_weasyprint_instances_a_variable_font_with_fonttools_own_instancer() -> None:
    font = Path(__file__).parent.parent / "styles" / "fonts" / "NotoMono-Regular.ttf"
    code = """
import sys
from fontTools.ttLib import TTFont
import publish.writers.pdf.weasy
import weasyprint.pdf.fonts as fonts
assert "fontTools.varLib" not in sys.modules and "fontTools.varLib.instancer" not in sys.modules
try:  # a static font: the real instancer refuses it, as it does without publish
    fonts.instantiateVariableFont(TTFont(sys.argv[1]), {"wght": 700}, static=True)
except ValueError as error:
    print(error)
import fontTools.varLib.instancer as instancer
assert instancer.instantiateVariableFont.__module__ == "fontTools.varLib.instancer"
"""
    done = subprocess.run([sys.executable, "-c", code, str(font)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fvar" in done.stdout  # fontTools' own message: "Missing required table fvar"


def test_fonttools_subsetter_loads_when_weasyprint_falls_back_to_it() -> None:
    font = Path(__file__).parent.parent / "styles" / "fonts" / "NotoMono-Regular.ttf"
    code = """
import sys
from types import SimpleNamespace
import publish.writers.pdf.weasy
import weasyprint.pdf.fonts as fonts
assert type(sys.modules["fontTools.subset"]).__name__ == "_LazyModule"
data = open(sys.argv[1], "rb").read()
font = SimpleNamespace(file_content=data, missing=(), index=0, family="Noto Mono")
fonts.Font._fonttools_subset(font, {36: "A"}, False)  # WeasyPrint without HarfBuzz-Subset
assert 1000 < len(font.file_content) < len(data) / 2, len(font.file_content)
print(type(sys.modules["fontTools.subset"]).__name__)
"""
    done = subprocess.run([sys.executable, "-c", code, str(font)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "module"


def test_a_module_imported_already_is_left_as_it_is() -> None:
    code = """
import sys
import fontTools.subset
import fontTools.varLib.instancer as instancer
loaded = sys.modules["fontTools.subset"]
from publish.writers.pdf.libraries import deferred, forwarding
with forwarding("fontTools.varLib.instancer", "instantiateVariableFont"):
    assert sys.modules["fontTools.varLib.instancer"] is instancer
assert sys.modules["fontTools.varLib.instancer"] is instancer
deferred("fontTools.subset")
deferred("publish_no_such_module")
assert sys.modules["fontTools.subset"] is loaded and type(loaded).__name__ == "module"
assert "publish_no_such_module" not in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
