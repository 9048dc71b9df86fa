"""Count the PDF layout work of one build, figures that do not depend on the machine's load.

Run: .venv/bin/python benchmarks/layouts.py [ARTICLE ...] [--repeat N]

For each article (default: the reference article, ../shared/samples/seed-article.txt when it
is there, and the 5,000-word article of benchmarks/speed.py), builds the PDF in this process
(no forked child) and prints: the documents WeasyPrint laid out, the pages it made (a page
made again counts again), the pages printed, the markers whose note is off their page (read
back from the PDF, as tests/test_note_pages.py does) and the median CPU seconds of N builds
(CPU time is less disturbed by other work than wall time, but not free of it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed import REFERENCE, long_article  # noqa: E402
from publish.isolation import NO_LIMITS  # noqa: E402
from publish.pipeline import BuildSettings, build  # noqa: E402
from publish.writers.pdf import paging, weasy  # noqa: E402
from tests.test_note_pages import misplaced_notes  # noqa: E402


def count_layouts() -> dict[str, int]:
    """Count, from now on, each WeasyPrint layout and each page it makes."""
    counts = {"layouts": 0, "pages made": 0}
    lay_out, make = weasy.Engine.lay_out, paging._ORIGINAL

    def counted_lay_out(*args: object, **kwargs: object) -> object:
        counts["layouts"] += 1
        return lay_out(*args, **kwargs)  # type: ignore[arg-type]

    def counted_make(*args: object) -> object:
        counts["pages made"] += 1
        return make(*args)

    weasy.Engine.lay_out = counted_lay_out  # type: ignore[assignment, method-assign]
    paging._ORIGINAL = counted_make
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="builds timed per article")
    options = parser.parse_args()
    counts = count_layouts()
    with tempfile.TemporaryDirectory(prefix="publish-layouts-") as temp:
        work = Path(temp)
        articles = options.articles or [
            *([REFERENCE] if REFERENCE.exists() else []),
            long_article(work),
        ]
        settings = BuildSettings(out_dir=work / "out", formats=("pdf",), limits=NO_LIMITS)
        for _ in range(2):  # load fonts, templates and styles; the second build rehearses
            build([str(articles[0])], settings)
        for article in articles:
            times = []
            for _ in range(options.repeat):
                counts.update(dict.fromkeys(counts, 0))
                start = time.process_time()
                [result] = build([str(article)], settings)
                times.append(time.process_time() - start)
            pdf = next(path for path in result.outputs if path.suffix == ".pdf")
            bad, seen = misplaced_notes(pdf)
            import pikepdf

            with pikepdf.open(pdf) as document:
                pages = len(document.pages)
            print(
                f"{article.name}: {counts['layouts']} layout(s), {counts['pages made']} pages "
                f"made for {pages} printed, {seen} markers, {len(bad)} off their page; "
                f"{statistics.median(times):.2f} s CPU (median of {options.repeat})"
            )


if __name__ == "__main__":
    main()
