"""Measure the EPUB's share of a build: PDF layout for the page list, cover, packing, checks.

Run: .venv/bin/python benchmarks/epub.py [ARTICLE ...]   (default: the reference article).
Prints the best of a few runs per stage in milliseconds, and one run of each checker.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of  # noqa: E402

from publish.check.verdict import ace_check, epubcheck, find_ace  # noqa: E402
from publish.pipeline import load_article, make_epub, make_pdf  # noqa: E402
from publish.render.templates import Theme  # noqa: E402
from publish.writers.cover import draw_cover  # noqa: E402


def best(stage: Callable[[], object]) -> float:
    """Return the best time of STAGE in milliseconds."""
    return best_of(stage) * 1000


def main(paths: list[str]) -> None:
    theme = Theme()
    for path in paths:
        article, source = load_article(path)
        _, _, pages = make_pdf(article, source, theme, write=False)
        layout = best(lambda a=article, s=source: make_pdf(a, s, theme, write=False))  # type: ignore[misc]
        full = best(lambda a=article, s=source: make_pdf(a, s, theme))  # type: ignore[misc]
        cover = best(lambda a=article: draw_cover(a, theme))  # type: ignore[misc]
        pack = best(lambda a=article, s=source, p=pages: make_epub(a, s, theme, p))  # type: ignore[misc]
        data = make_epub(article, source, theme, pages)
        print(
            f"{Path(path).name}: {len(pages)} pages; PDF layout only {layout:.0f} ms, "
            f"layout+write {full:.0f} ms; cover {cover:.0f} ms; EPUB (cover included) "
            f"{pack:.0f} ms, {len(data) / 1024:.0f} KiB"
        )
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp, "book.epub")
            book.write_bytes(data)
            start = time.perf_counter()
            epubcheck(book)
            print(f"  EPUBCheck {time.perf_counter() - start:.1f} s", end="")
            command = find_ace()
            if command is not None:
                start = time.perf_counter()
                ace_check(book, command)
                print(f", Ace {time.perf_counter() - start:.1f} s", end="")
            print()


if __name__ == "__main__":
    main(sys.argv[1:] or [str(ROOT.parent / "shared/samples/seed-article.txt")])
