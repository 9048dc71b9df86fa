"""Real pages in non-Latin scripts from ../shared/corpus, read in place, build with the shipped
fonts on a machine whose fontconfig sees only DejaVu: the right language (declared, or
detected when the page states none), the region's own CJK face, no `.notdef` glyph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from publish.check.verdict import check_file
from tests.checkers import pdf_font_names

PAGES = {  # page: (language the PDF must state, the face its text must print in)
    "gmw": ("zh-Hans", "Publish-Noto-Serif-CJK-SC"),  # no declared language
    "pixnet": ("zh-TW", "Publish-Noto-Serif-CJK-TC"),
    "yahoo-4": ("ja", "Publish-Noto-Serif-CJK-JP"),
    "hukumusume": ("ja", "Publish-Noto-Serif-CJK-JP"),  # no declared language
}


def _fonts(pdf: Path) -> set[str]:
    return pdf_font_names(pdf)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGES))
def test_corpus_page_prints_in_its_script(
    name: str, corpus_path: Path, tmp_path: Path, dejavu_only: dict[str, str]
) -> None:
    language, face = PAGES[name]
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "publish",
            "build",
            str(corpus_path / name / "source.html"),
            "--out",
            str(out),
            "--format",
            "pdf",
        ],
        capture_output=True,
        text=True,
        env=dejavu_only,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    pdf = next(out.glob("*.pdf"))
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == language
    fonts = _fonts(pdf)
    assert face in fonts and not any("DejaVu" in font for font in fonts), fonts
    verdict = check_file(pdf, ace=False)
    assert verdict.ok, verdict.problems  # no character drawn as .notdef
