"""Measure how long each stage of a build takes, and the peak memory, for a few articles.

Run: .venv/bin/python benchmarks/build.py [ARTICLE ...]   (default: the sample and the
reference article). Prints one line per article and stage; repeats each stage and reports the
best of the runs, since these machines are noisy.
"""

from __future__ import annotations

import resource
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of  # noqa: E402

from publish.pipeline import load_article, make_epub, make_pdf  # noqa: E402
from publish.render.templates import Theme  # noqa: E402
from publish.resources import sample_article  # noqa: E402


def best(stage: Callable[[], object]) -> float:
    """Return the best time of STAGE in seconds."""
    return best_of(stage)


def main(paths: list[str]) -> None:
    theme = Theme()
    for path in paths:
        article, source = load_article(path)
        words = sum(len(getattr(b, "text", "").split()) for b in article.body)
        read = best(lambda path=path: load_article(path))  # type: ignore[misc]
        pdf = best(lambda a=article, s=source: make_pdf(a, s, theme))  # type: ignore[misc]
        epub = best(lambda a=article, s=source: make_epub(a, s, theme))  # type: ignore[misc]
        name = Path(path).name
        print(
            f"{name}: {words} words; read+enrich {read * 1000:.1f} ms, "
            f"pdf {pdf * 1000:.0f} ms, epub {epub * 1000:.1f} ms"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    default = [str(sample_article()), str(ROOT.parent / "shared/samples/seed-article.txt")]
    main(sys.argv[1:] or default)
