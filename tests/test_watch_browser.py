"""`publish watch --serve` in a real browser: Chromium, driven by Playwright, watches the preview
while the article is edited, broken and fixed; then Ctrl-C stops the watch cleanly.

Playwright never downloads a browser here: it drives the machine's Chromium (Debian's
`chromium`, which `.ci/setup-checkers` installs), found on PATH or named by PUBLISH_CHROMIUM.
Without one the test skips, unless PUBLISH_REQUIRE_BROWSER=1 (set by CI) says it must run.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from publish.samples import write_sample

pytestmark = pytest.mark.slow

WAIT_MS = 120_000
"""Milliseconds a rebuild and its preview may take on a loaded 2-core machine."""
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str:
    """Return the path of the machine's Chromium; skip without one (fail when CI needs it)."""
    named = os.environ.get("PUBLISH_CHROMIUM")
    found = (
        named
        if named and Path(named).is_file()
        else next((path for name in BROWSERS if (path := shutil.which(name))), None)
    )
    if found is None:
        message = "needs Chromium (Debian's chromium, or PUBLISH_CHROMIUM=PATH); none found"
        if os.environ.get("PUBLISH_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; PUBLISH_REQUIRE_BROWSER=1 says it must be there")
        pytest.skip(message)
    return found


class Watch:
    """`publish watch --serve --port 0` as a user runs it, its lines read as they come."""

    def __init__(self, article: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "publish", "watch", article.name, "--serve", "--port", "0"],
            cwd=article.parent,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            self._read(self.process.stdout, self.stdout.put),
            self._read(self.process.stderr, self.stderr.append),
        ]

    @staticmethod
    def _read(stream: IO[str], put: Any) -> threading.Thread:
        thread = threading.Thread(target=lambda: [put(line) for line in stream], daemon=True)
        thread.start()
        return thread

    def url(self) -> str:
        """Return the preview's address, from the line the watch prints first."""
        line = self.stdout.get(timeout=WAIT_MS / 1000)
        match = re.match(r"preview at (http://127\.0\.0\.1:\d+/) ", line)
        assert match, line
        return match.group(1)

    def interrupt(self) -> tuple[int, str, str]:
        """Press Ctrl-C; return the exit code and what was printed."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        for reader in self._readers:
            reader.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        lines = []
        while not self.stdout.empty():
            lines.append(self.stdout.get())
        return code, "".join(lines), "".join(self.stderr)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A page of the machine's Chromium, headless."""
    executable = find_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_for_state(page: Any, state: str, text: str | None = None) -> None:
    """Wait until the preview is in STATE (`ok`, `error`) and its pages show TEXT."""
    page.wait_for_function(
        """([state, text]) => document.body.dataset.state === state &&
             (text === null || document.getElementById("pages").textContent.includes(text))""",
        arg=[state, text],
        timeout=WAIT_MS,
    )


def test_the_preview_follows_edits_errors_and_fixes(browser_page: Any, tmp_path: Path) -> None:
    article = write_sample(tmp_path / "desk")
    watch = Watch(article)
    try:
        page = browser_page
        page.goto(watch.url())
        wait_for_state(page, "ok", "Nagorno-Karabakh")
        drawn = page.eval_on_selector_all(
            "#pages img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 500)"
        )
        assert len(drawn) >= 2 and all(drawn)  # every page of the PDF, drawn
        first = page.eval_on_selector("#pages img", "img => img.src")

        replace(article, "Scholars, writers", "Lighthouse keepers, scholars, writers")
        wait_for_state(page, "ok", "Lighthouse keepers")
        assert page.eval_on_selector("#pages img", "img => img.src") != first

        replace(article, "title: Israeli", "title: [Israeli")  # front matter is no longer YAML
        wait_for_state(page, "error")
        error = page.inner_text("#error")
        assert re.fullmatch(r"sample-article\.md:\d+(:\d+)?: error: [^\n]+", error), error
        assert page.is_visible("#error")

        replace(article, "title: [Israeli", "title: Israeli")
        replace(article, "Lighthouse keepers", "Ferry pilots")
        wait_for_state(page, "ok", "Ferry pilots")
        assert not page.is_visible("#error")
    finally:
        code, out, err = watch.interrupt()
    assert code == 0, err
    assert "Traceback" not in err and out.rstrip().endswith("publish: watch stopped")
    assert len(re.findall(r"^sample-article\.md:\d+.*: error: ", err, re.M)) == 1, err
    written = sorted(p.suffix for p in (article.parent / "out").iterdir())
    assert written == [".epub", ".pdf"]  # nothing half-written beside them
