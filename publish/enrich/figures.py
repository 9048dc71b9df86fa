"""Choose the key figures of an article for its fact box, each traced to its sentence.

Every figure `find_figures` accepts becomes a candidate with a short label cut from its
sentence; candidates are scored like an editor would weigh them (a unit, a size, an
approximation, a counted noun), duplicates are dropped, and the best `MAX_FACTS` are kept in
the order the story tells them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from publish.enrich.labels import figure_label
from publish.enrich.numbers import Figure, find_figures, number_size
from publish.enrich.overrides import apply_fact_overrides
from publish.enrich.sentences import Sentence, article_sentences, squash
from publish.model import Article, Fact

MAX_FACTS = 8
"""The most figures a fact box holds."""
@dataclass(frozen=True)
class Candidate:
    """A figure that could go in the box, with the score used to choose among them."""

    fact: Fact
    score: float
    key: str


def add_key_figures(article: Article) -> Article:
    """Return ARTICLE with its fact box filled from its own text (and the editor's changes)."""
    if article.facts and article.editorial.empty:
        return article  # given with the input (a JSON article): kept as it is
    generated = choose(candidates(article_sentences(article)))
    facts = apply_fact_overrides(article, generated)
    return article.model_copy(update={"facts": facts})


def candidates(sentences: list[Sentence]) -> list[Candidate]:
    """Return every figure of SENTENCES worth considering, labelled and scored."""
    found: list[Candidate] = []
    total = max(1, len(sentences))
    for position, sentence in enumerate(sentences):
        for figure in find_figures(sentence.text):
            label = figure_label(sentence.text, figure)
            if not label or find_figures(label.split(" (")[0]):
                continue  # no label, or one that holds another figure
            raw = sentence.text[figure.start : figure.end]
            fact = Fact(
                value=squash(raw),
                label=label,
                sentence=sentence.text,
                block=sentence.block,
                start=sentence.start,
                end=sentence.end,
                value_start=sentence.start + figure.start,
                value_end=sentence.start + figure.end,
            )
            found.append(Candidate(fact, _score(figure, label, position / total), _key(fact)))
    return found


def choose(found: list[Candidate]) -> tuple[Fact, ...]:
    """Return the best MAX_FACTS candidates without duplicates, in the order of the text."""
    unique: list[Candidate] = []
    seen: set[str] = set()
    for candidate in found:
        if candidate.key not in seen:
            seen.add(candidate.key)
            unique.append(candidate)
    ranked = sorted(range(len(unique)), key=lambda i: (-unique[i].score, i))[:MAX_FACTS]
    return tuple(unique[i].fact for i in sorted(ranked))


def _key(fact: Fact) -> str:
    """Return what makes two facts the same figure: its size and unit words."""
    size = number_size(fact.value)
    unit = re.sub(r"[\d,.\s]+|\b(?:around|about|nearly|almost|some|over|roughly)\b", " ",
                  fact.value.lower())
    return f"{size}|{' '.join(unit.split())}" if size is not None else fact.value.lower()


def _score(figure: Figure, label: str, position: float) -> float:
    score = 1.0
    if figure.kind in ("percent", "money", "measure", "fraction"):
        score += 2.0
    elif figure.kind == "duration":
        score += 1.5
    if figure.approximate:
        score += 0.5
    if figure.size:
        score += min(1.5, math.log10(max(figure.size, 1.0)) / 3)
    if figure.vague:
        score -= 1.5
    if figure.kind == "count" and figure.size is not None and figure.size < 10:
        score -= 0.5
    score += 0.5 * (1.0 - position)
    score += min(0.5, 0.1 * len(label.split()))
    return score
