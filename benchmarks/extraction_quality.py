"""Print how well the fact box and source notes match the hand-labelled news set.

Usage: python benchmarks/extraction_quality.py [--dev-only] [CORPUS]

CORPUS defaults to ../shared/corpus/readability-pages beside the repository. For each part
with a label file it prints core figure recall, figure precision, junk facts, empty-box
agreement, core source recall, source precision, the CPU time spent enriching per 1,000 words
(not reading the pages; CPU, not wall time, as the machine may be shared) and the worst
misses: the corpus pages (tests/labels/news-dev.yml, news-test.yml), the Lee corpus stories
(lee-dev.yml, lee-test.yml for lee_background.cor; leesim-dev.yml, leesim-test.yml for lee.cor;
the files are found through $PUBLISH_LEE_CORPUS or the cache folder that benchmarks/fetch_lee.py
fills), the saved pages of Mercury Parser's tests read by publish's HTML reader (mercury-dev.yml,
mercury-test.yml; $PUBLISH_MERCURY_PAGES or the cache folder benchmarks/fetch_mercury.py fills),
then each part's pages pooled ("all dev", "all test").
Scoring is in tests/newsset.py (shared with tests/test_news_quality.py). ``--dev-only`` scores
the DEV parts alone, for tuning: whoever tunes the rules never sees a TEST page's misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newsset import (  # noqa: E402
    LEE_FILES,
    PARTS,
    LeeCorpusError,
    PartScore,
    combined,
    lee_path,
    mercury_path,
    score_lee_part,
    score_mercury_part,
    score_part,
)


def report(score: PartScore, worst: int = 8) -> None:
    """Print the figures of one part and its pages with the most misses."""
    empty_ok, empty_all = score.empty_box_agreement
    print(f"part {score.part}: {len(score.pages)} pages")
    print(f"  core figure recall   {score.figure_recall:.2f}")
    print(f"  figure precision     {score.figure_precision:.2f}")
    print(f"  junk facts           {score.junk_facts}")
    print(f"  empty-box agreement  {empty_ok}/{empty_all}")
    print(f"  core source recall   {score.source_recall:.2f}")
    print(f"  source precision     {score.source_precision:.2f}")
    print(
        f"  speed                {score.seconds * 1e6 / max(score.words, 1):.1f} ms of CPU per"
        f" 1,000 words ({score.words} words, best of 3; target <= 20)"
    )
    ranked = sorted(
        score.pages,
        key=lambda p: (
            -(len(p.missed_figures) + len(p.junk) + len(p.missed_sources) + len(p.wrong_notes))
        ),
    )
    if not worst:
        return
    print("  worst misses:")
    for page in ranked[:worst]:
        print(f"    {page.page}: missed figures {page.missed_figures}; junk {page.junk}")
        print(
            f"    {' ' * len(page.page)}  missed sources {page.missed_sources};"
            f" wrong notes {page.wrong_notes}"
        )


def main() -> None:
    args = sys.argv[1:]
    parts = ("dev",) if "--dev-only" in args else PARTS
    args = [arg for arg in args if arg != "--dev-only"]
    corpus = Path(args[0]) if args else (ROOT.parent / "shared" / "corpus" / "readability-pages")
    if not corpus.is_dir():
        sys.exit(f"{corpus}: error: corpus folder not found")
    pooled: dict[str, list[PartScore]] = {part: [] for part in parts}
    for part in parts:
        score = score_part(part, corpus, rounds=3)
        if score is None:
            print(f"part {part}: no labels (tests/labels/news-{part}.yml)")
            continue
        report(score)
        pooled[part].append(score)
    for lee_file in LEE_FILES:
        lee = lee_path(lee_file)
        for part in parts:
            name = f"{lee_file.prefix}-{part}"
            if not lee.is_file():
                print(f"part {name}: {lee} absent (python benchmarks/fetch_lee.py fetches it)")
                continue
            try:
                score = score_lee_part(part, lee, rounds=3, lee=lee_file)
            except LeeCorpusError as exc:
                sys.exit(str(exc))
            if score is None:
                print(f"part {name}: no labels (tests/labels/{name}.yml)")
                continue
            report(score)
            pooled[part].append(score)
    pages = mercury_path()
    for part in parts:
        if not pages.is_dir():
            print(f"part mercury-{part}: {pages} absent (python benchmarks/fetch_mercury.py)")
            continue
        score = score_mercury_part(part, pages, rounds=3)
        if score is None:
            print(f"part mercury-{part}: no labels (tests/labels/mercury-{part}.yml)")
            continue
        report(score)
        pooled[part].append(score)
    for part in parts:
        if len(pooled[part]) > 1:
            report(combined(f"all {part}", pooled[part]), worst=0)


if __name__ == "__main__":
    main()
