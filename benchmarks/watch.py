"""Measure `publish watch --serve`: from a save to the files rewritten, and to the preview.

Run: .venv/bin/python benchmarks/watch.py [ARTICLE] [ROUNDS]   (default: the reference article,
../shared/samples/seed-article.txt, else the shipped sample; 8 rounds). It copies the article
to a temporary folder, starts the watch as a user does, opens the preview in the machine's
Chromium (Playwright, headless), then saves an edit ROUNDS times and prints, per round and as
medians:

- save to files: from the save until both out/ files are replaced (polled every 2 ms);
- save to preview: until the page shows the edited text with the new page images drawn (the
  page records the moment with a MutationObserver, on the same clock). The preview shows the
  PDF once it is laid out, before the EPUB is packed, so it can come first.

Also prints the load average, since the machine is shared: a figure means little without it.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"
WORDS = (
    "amber",
    "birch",
    "cedar",
    "dunes",
    "ember",
    "fjord",
    "grove",
    "heath",
    "inlet",
    "juniper",
    "kelp",
    "larch",
    "moss",
    "nettle",
    "oak",
    "pine",
)

OBSERVER = """word => {
  const pages = document.getElementById("pages");
  const seen = () => document.body.dataset.state === "ok" && pages.textContent.includes(word);
  window.shownAt = 0;
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); window.shownAt = Date.now(); }
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def replaced(paths: list[Path], before: list[int], since: float) -> float:
    """Return the moment (time.time) every one of PATHS has a new inode (renamed in place)."""
    while True:
        now = []
        for path in paths:
            try:
                now.append(path.stat().st_ino)
            except FileNotFoundError:
                now.append(-1)
        if all(a != b and a != -1 for a, b in zip(now, before, strict=True)):
            return time.time()
        if time.time() - since > 120:
            raise TimeoutError("the files were not rewritten within 120 s")
        time.sleep(0.002)


def main(article: Path, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("PUBLISH_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        sys.exit("benchmarks/watch.py: needs Chromium (Debian's chromium, or PUBLISH_CHROMIUM)")
    folder = Path(tempfile.mkdtemp(prefix="publish-watch-"))
    copy = folder / article.name
    original = article.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "watch", copy.name, "--serve", "--port", "0"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    url = re.search(r"http://\S+/", process.stdout.readline())
    assert url, "no preview address"
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True).start()
    files_ms, preview_ms = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.goto(url.group(0))
            page.wait_for_function("document.body.dataset.state === 'ok'", timeout=120_000)
            page.wait_for_function(
                "document.getElementById('bar').textContent.includes(' rebuilt ')", timeout=120_000
            )
            outputs = sorted((folder / "out").iterdir())
            for number in range(rounds):
                word = f"{WORDS[number % len(WORDS)]}{'x' * (number // len(WORDS))}wood"
                before = [path.stat().st_ino for path in outputs]
                page.evaluate(OBSERVER, word)  # watching before the save
                saved = time.time()
                copy.write_text(
                    original.rstrip() + f"\n\nA note on {word} trees.\n", encoding="utf-8"
                )
                written = replaced(outputs, before, saved)
                page.wait_for_function("window.shownAt > 0", timeout=120_000)
                preview = page.evaluate("window.shownAt") / 1000
                files_ms.append((written - saved) * 1000)
                preview_ms.append((preview - saved) * 1000)
                print(
                    f"round {number + 1}: files {files_ms[-1]:.0f} ms, "
                    f"preview {preview_ms[-1]:.0f} ms"
                )
                page.wait_for_function(  # this round's build is over before the next save
                    "document.getElementById('bar').textContent.includes(' rebuilt ')",
                    timeout=120_000,
                )
                time.sleep(0.5)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{article.name}, {rounds} saves, load average {load} on {os.cpu_count()} cores:")
    print(
        f"  save to files rewritten: median {statistics.median(files_ms):.0f} ms "
        f"(best {min(files_ms):.0f}, worst {max(files_ms):.0f}; target 500)"
    )
    print(
        f"  save to preview shown:   median {statistics.median(preview_ms):.0f} ms "
        f"(best {min(preview_ms):.0f}, worst {max(preview_ms):.0f}; target 300)"
    )


if __name__ == "__main__":
    from publish.resources import sample_article

    default = REFERENCE if REFERENCE.exists() else sample_article()
    main(
        Path(sys.argv[1]) if len(sys.argv) > 1 else default,
        int(sys.argv[2]) if len(sys.argv) > 2 else 8,
    )
