"""How far two labellers agree on the same Lee stories, and what that does to the scores.

    python benchmarks/labels_agreement.py FIRST.yml SECOND.yml

FIRST and SECOND label the same stories (a ``lee-*.yml`` file and a second labeller's file
for some of its stories; only the stories both hold are compared). Prints, over those
stories: how many core figures, never spans and core sources each gave; how many of one's
core figures the other also gave as core, as optional or as never (matched as the benchmark
matches a shown figure to a label); and the fact box's and source notes' scores measured
against each labelling. Scores that move with the labeller say how much of a gap between the
DEV and TEST parts (labelled by different people) is the labels' and not the rules'.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newsset import (  # noqa: E402
    PartScore,
    _score_labels,
    article_from_lee,
    lee_path,
    matches,
    read_lee,
)


def _spans(label: dict[str, Any], kind: str) -> list[str]:
    return [str(span) for span in label["figures"][kind]]


def _found(span: str, spans: list[str]) -> bool:
    return any(matches(span, other) for other in spans)


def agreement(
    one: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]], pages: list[str]
) -> dict[str, int]:
    """Count, over PAGES, ONE's core figures, never spans and core sources, and how many of
    ONE's core figures OTHER gives as core, as optional and as never."""
    core = [(page, span) for page in pages for span in _spans(one[page], "core")]
    counts = {
        kind: sum(_found(span, _spans(other[page], kind)) for page, span in core)
        for kind in ("core", "optional", "never")
    }
    counts["figures"] = len(core)
    counts["never spans"] = sum(len(_spans(one[page], "never")) for page in pages)
    counts["sources"] = sum(len(one[page]["sources"]["core"]) for page in pages)
    return counts


def _line(name: str, score: PartScore) -> str:
    empty_ok, empty_all = score.empty_box_agreement
    return (
        f"  scored against {name:7} core figure recall {score.figure_recall:.2f}, precision "
        f"{score.figure_precision:.2f}, junk {score.junk_facts}, empty {empty_ok}/{empty_all}, "
        f"core source recall {score.source_recall:.2f}, precision {score.source_precision:.2f}"
    )


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    first, second = (
        {label["page"]: label for label in yaml.safe_load(Path(name).read_text("utf-8"))}
        for name in sys.argv[1:]
    )
    pages = sorted(set(first) & set(second))
    if not pages:
        raise SystemExit("labels_agreement: the two files hold no story in common")
    print(f"{len(pages)} stories labelled by both")
    for one, other, name in ((first, second, "first"), (second, first, "second")):
        counts = agreement(one, other, pages)
        print(
            f"  {name}: {counts['figures']} core figures ({counts['core']} core for the other, "
            f"{counts['optional']} optional, {counts['never']} never), {counts['never spans']} "
            f"never spans, {counts['sources']} core sources"
        )
    stories = read_lee(lee_path())
    for labels, name in ((first, "first"), (second, "second")):
        chosen = [labels[page] for page in pages]
        score = _score_labels(name, chosen, lambda page: article_from_lee(page, stories[page]), 1)
        print(_line(name, score))


if __name__ == "__main__":
    main()
