"""Print each stage's time over inputs growing x10 and x100, to show how it scales.

Usage: python benchmarks/scaling.py [BASE]   (BASE multiplies every size; default 1)

For each kind of growth (paragraphs, numbers in one sentence, attributions, JSON keys,
table columns, image markers, open quotation marks, empty paragraphs, a one-word headline)
an article is made at BASE, 10 x BASE and 100 x BASE units and each stage is timed once, in
CPU seconds of this process (others' work on the machine does not count): reading (the
reader and the model's checks), the fact box (figures), the source notes, the EPUB page's
HTML and the drawn cover. Under each kind a line gives the ratio of the largest to the middle size's
time: about 10 is linear, about 13 is n log n, about 100 is quadratic. A stage refused
(an input error) is timed to the refusal. Figures are printed, never asserted: these
machines are noisy.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from publish.enrich import add_key_figures, add_source_notes
from publish.errors import PublishError
from publish.model import Article
from publish.readers import read_article
from publish.render.templates import Theme, render_article
from publish.writers.cover import draw_cover

FM = "---\ntitle: Scaling\ndate: 2024-01-02\n---\n\n"


def paragraphs(n: int) -> tuple[str, str]:
    return "a.md", FM + "\n\n".join(f"Paragraph {i} counts 3 boats." for i in range(n))


def numbers(n: int) -> tuple[str, str]:
    return "a.md", FM + "The counts were " + ", ".join(str(i + 10) for i in range(n)) + " boats."


def attributions(n: int) -> tuple[str, str]:
    return "a.md", FM + " ".join(f"Person{i} said the river rose." for i in range(n))


def keys(n: int) -> tuple[str, str]:
    data: dict[str, object] = {"headline": "x", "date": "2024-01-01", "body": []}
    data.update({f"k{i}": i for i in range(n)})
    return "a.json", json.dumps(data, indent=0)


def columns(n: int) -> tuple[str, str]:
    return "a.md", FM + "|" + " c |" * n + "\n|" + "---|" * n + "\n|" + " 1 |" * n + "\n"


def images(n: int) -> tuple[str, str]:
    return "a.md", FM + "![" * n + "\n"


def open_quotes(n: int) -> tuple[str, str]:
    return "a.md", FM + "a. \u201c" * n + "\n"


def empty_paragraphs(n: int) -> tuple[str, str]:
    return "a.md", FM + "Text.\n" + "\n&nbsp;\n" * n


def headline(n: int) -> tuple[str, str]:
    return "a.md", f"---\ntitle: {'w' * n}\ndate: 2024-01-02\n---\n\nText.\n"


GROWTH: dict[str, tuple[Callable[[int], tuple[str, str]], int]] = {
    "paragraphs": (paragraphs, 100),
    "numbers in a sentence": (numbers, 40),
    "attributions": (attributions, 40),
    "JSON keys": (keys, 800),
    "table columns": (columns, 30),
    "image markers": (images, 800),
    "open quotation marks": (open_quotes, 800),
    "empty paragraphs": (empty_paragraphs, 700),
    "headline characters": (headline, 10),
}
"""Kind of growth -> (article maker, units at the base size)."""


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()  # CPU seconds: others' load on the machine does not count
    try:
        result = work()
    except PublishError:
        result = None
    return time.process_time() - start, result


def stage_times(name: str, text: str, folder: Path) -> dict[str, float]:
    """Return the seconds each stage takes on the article TEXT (file NAME in FOLDER)."""
    path = folder / name
    path.write_text(text)
    times: dict[str, float] = {}
    times["read"], read = _timed(lambda: read_article(str(path))[0])
    if not isinstance(read, Article):
        return times
    times["figures"], figured = _timed(lambda: add_key_figures(read))
    times["notes"], noted = _timed(lambda: add_source_notes(figured or read))  # type: ignore[arg-type]
    article = noted if isinstance(noted, Article) else read
    times["html"], _ = _timed(lambda: render_article(article, target="epub", theme=Theme()))
    times["cover"], _ = _timed(lambda: draw_cover(article, Theme()))
    return times


def main(argv: list[str]) -> None:
    scale = int(argv[0]) if argv and argv[0].isdigit() else 1
    stages = ("read", "figures", "notes", "html", "cover")
    print(f"{'growth':24} {'units':>8} " + " ".join(f"{s:>9}" for s in stages))
    with tempfile.TemporaryDirectory(prefix="publish-scaling-") as scratch:
        for kind, (make, base) in GROWTH.items():
            rows = []
            for factor in (1, 10, 100):
                units = base * scale * factor
                rows.append((units, stage_times(*make(units), Path(scratch))))
            for units, times in rows:
                cells = " ".join(f"{times[s]:9.3f}" if s in times else f"{'-':>9}" for s in stages)
                print(f"{kind:24} {units:8} {cells}")
            middle, last = rows[1][1], rows[2][1]
            ratios = [
                f"{s} {last[s] / middle[s]:.0f}"
                for s in stages
                if s in middle and s in last and middle[s] > 0.01
            ]
            print(f"{'':24} {'':8} ratio x100/x10: {', '.join(ratios) or 'too fast to tell'}")


if __name__ == "__main__":
    main(sys.argv[1:])
