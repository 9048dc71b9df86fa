"""The EPUB's pages as a browser lays them out: Chromium (the engine of several reading
systems, and the one DAISY Ace drives) opens the unpacked book at common screen sizes.

Skips without Chromium, unless PUBLISH_REQUIRE_ACE=1 (CI installs Chromium for Ace).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from publish.isolation import NO_LIMITS
from publish.pipeline import build
from publish.settings import BuildSettings

pytestmark = pytest.mark.slow  # starts Chromium

MEASURE = (
    '<script>window.addEventListener("load", () => {'
    " const page = document.scrollingElement;"
    ' document.body.setAttribute("data-measured", page.scrollHeight + " " + page.scrollWidth'
    ' + " " + innerHeight + " " + innerWidth); });</script>'
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("PUBLISH_REQUIRE_ACE") == "1":
            pytest.fail("Chromium is required (PUBLISH_REQUIRE_ACE=1) but not installed")
        pytest.skip("needs Chromium (Debian package chromium; .ci/setup-checkers installs it)")
    return found


def _measure(browser: str, page: Path, width: int, height: int) -> tuple[int, int, int, int]:
    """Scroll height, scroll width, viewport height and width of PAGE in a WIDTH×HEIGHT window."""
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--window-size={width},{height}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'data-measured="(\d+) (\d+) (\d+) (\d+)"', result.stdout)
    assert found, result.stderr[-2000:]
    tall, wide, view_height, view_width = (int(n) for n in found.groups())
    return tall, wide, view_height, view_width


@pytest.mark.parametrize("size", [(800, 1200), (600, 1000), (1200, 800)])
def test_the_cover_fits_the_screen_without_a_scrollbar(
    size: tuple[int, int], tmp_path: Path, article_path: Path
) -> None:
    browser = _chromium()
    (result,) = build(
        [str(article_path)],
        BuildSettings(out_dir=tmp_path / "out", formats=("epub",), limits=NO_LIMITS),
    )
    with zipfile.ZipFile(result.outputs[0]) as book:
        book.extractall(tmp_path / "book")
    cover = tmp_path / "book" / "EPUB" / "cover.xhtml"
    measured = cover.with_name("cover-measured.xhtml")
    measured.write_text(
        cover.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8"
    )
    tall, wide, view_height, view_width = _measure(browser, measured, *size)
    assert (tall, wide) == (view_height, view_width), "the cover page scrolls"
