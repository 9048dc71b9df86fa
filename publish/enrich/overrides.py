"""Apply an editor's front-matter corrections to the generated facts and source notes."""

from __future__ import annotations

from publish.enrich.labels import figure_label
from publish.enrich.numbers import find_figures
from publish.enrich.sources import Attribution, same_source
from publish.model import Article, Fact, PinnedFact
from publish.model.sentences import Sentence, find_text, squash


def apply_fact_overrides(article: Article, generated: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """Return GENERATED changed by the article's `facts`, `facts_add` and `facts_drop`."""
    editorial = article.editorial
    if editorial.facts is not None:
        facts = [pinned_fact(article, p) for p in editorial.facts]
    else:
        facts = list(generated)
        for pinned in editorial.facts_add:
            fact = pinned_fact(article, pinned)
            facts = [f for f in facts if not _overlap(f, fact)] + [fact]
        facts.sort(key=_position)
    dropped = {_norm(v) for v in editorial.facts_drop}
    return tuple(f for f in facts if _norm(f.value) not in dropped)


def pinned_fact(article: Article, pinned: PinnedFact) -> Fact:
    """Return the fact an editor pinned, traced to the first sentence holding its value."""
    found = find_text(article, pinned.value)
    if found is None:  # the reader checks this first; a model built in code may not have
        raise ValueError(f'"{pinned.value}" does not appear in the article')
    sentence, start, end = found
    label = pinned.label
    if not label:
        local = (start - sentence.start, end - sentence.start)
        figure = next(
            (f for f in find_figures(sentence.text) if f.start < local[1] and local[0] < f.end),
            None,
        )
        label = figure_label(sentence.text, figure) if figure else ""
        shown = {w.casefold() for w in pinned.value.split()}
        kept = label.split()
        while kept and kept[0].casefold() in shown:
            kept = kept[1:]  # the pinned value already says it
        label = " ".join(kept)
    return fact_at(sentence, pinned.value, label, start, end)


def fact_at(sentence: Sentence, value: str, label: str, start: int, end: int) -> Fact:
    """Return the fact VALUE of SENTENCE labelled LABEL, written at START..END of its block."""
    return Fact(
        value=squash(value),
        label=label,
        sentence=sentence.text,
        block=sentence.block,
        start=sentence.start,
        end=sentence.end,
        value_start=start,
        value_end=end,
    )


def _overlap(a: Fact, b: Fact) -> bool:
    """Tell whether two facts show the same words of the text (or the same value)."""
    if _norm(a.value) == _norm(b.value):
        return True
    if a.block is None or a.block != b.block or None in (a.value_start, b.value_start):
        return False
    return (a.value_start or 0) < (b.value_end or 0) and (b.value_start or 0) < (a.value_end or 0)


def _norm(text: str) -> str:
    return squash(text).casefold()


def _position(fact: Fact) -> tuple[int, int]:
    return (fact.block if fact.block is not None else 1 << 30, fact.value_start or 0)


def apply_note_overrides(article: Article, found: list[Attribution]) -> list[Attribution]:
    """Return FOUND changed by the article's `notes`, `notes_add` and `notes_drop`."""
    editorial = article.editorial
    items = list(found) if editorial.notes is None else []
    for pinned in editorial.notes if editorial.notes is not None else editorial.notes_add:
        spot = find_text(article, pinned.anchor or pinned.source)
        sentence = spot[0] if spot else Sentence(block=-1, start=0, end=0, text="")
        items.append(Attribution(pinned.source, pinned.cue, sentence))
    dropped = list(editorial.notes_drop)
    kept = [a for a in items if not any(same_source(a.source, d) for d in dropped)]
    return sorted(kept, key=lambda a: (a.sentence.block < 0, a.sentence.block, a.sentence.end))
