"""Measure what rendering in a limited child process costs, and how large inputs fare.

Run: .venv/bin/python benchmarks/isolation.py [ARTICLE ...]   (default: the reference
article). For each article prints the best of three whole builds in-process and in a forked
child with the default limits, then the time of one build of generated large articles.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.isolation import NO_LIMITS, Limits  # noqa: E402
from publish.pipeline import build  # noqa: E402
from publish.settings import BuildSettings  # noqa: E402

SEED = ROOT.parent / "shared" / "samples" / "seed-article.txt"


def timed(path: Path, limits: Limits, out: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build([str(path)], BuildSettings(out_dir=out, limits=limits))
        times.append(time.perf_counter() - start)
    return min(times)


def generated(folder: Path, name: str, paragraphs: int, words: int) -> Path:
    vocabulary = ["harbour", "ledger", "orchard", "council", "station", "winter", "river"]
    body = "\n\n".join(
        " ".join(vocabulary[(i + j) % 7] for j in range(words)) + "." for i in range(paragraphs)
    )
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\ndate: 2024-01-02\n---\n\n{body}\n")
    return path


def main() -> None:
    articles = [Path(a) for a in sys.argv[1:]] or [SEED]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        for article in articles:
            plain = timed(article, NO_LIMITS, out)
            limited = timed(article, Limits(), out)
            print(
                f"{article.name}: in-process {plain:.2f} s, limited child {limited:.2f} s "
                f"(+{limited - plain:.2f} s)"
            )
        for name, paragraphs, words in (
            ("paragraphs-10000", 10_000, 5),
            ("words-200000", 2_000, 100),
        ):
            path = generated(Path(tmp), name, paragraphs, words)
            print(f"{name}: {timed(path, Limits(), out, repeat=1):.1f} s (PDF and EPUB)")


if __name__ == "__main__":
    main()
