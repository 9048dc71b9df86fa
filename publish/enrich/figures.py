"""Choose the key figures of an article: label and score each, drop duplicates, keep the best."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from publish.enrich.asides import is_instruction
from publish.enrich.clauses import acts_as_subject
from publish.enrich.labels import TOLL, figure_label
from publish.enrich.numbers import PEOPLE_AFTER, Figure, find_figures, number_size
from publish.enrich.overrides import apply_fact_overrides, fact_at
from publish.enrich.phrases import inside_quote, join, subject, trim, verb_forms, words
from publish.model import Article, Fact
from publish.model.sentences import Sentence, article_sentences, reads_language

MAX_FACTS = 8
"""The most figures a fact box holds."""
MAX_PER_BLOCK = MAX_FACTS // 2
"""The most one paragraph or list gives: a budget's ten lines are not the whole story."""
MAX_PER_SENTENCE = 24
"""Figures of one sentence considered: more is a table in prose, each label costing the sentence."""
_KIND_WEIGHT = {"percent": 2, "money": 2, "measure": 2, "fraction": 2, "score": 2, "duration": 1}
_TOLD = TOLL | verb_forms("say tell confirm report announce estimate believe fear")
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]")
_NARRATOR, _CITED = re.compile(r"\b(?:I|my|me)\b"), re.compile(r"\b(?:said|says|told|according)\b")
_ANAPHORA = re.compile(
    r"\b(?:the|these|those|both|all|first|second|last|next|other|top"
    r"|(?:one|either|neither|each)\s+of\s+(?:his|her|their|its|our))\s+$",
    re.I,
)
"""A few after "the" ("the two countries", "these three people") refer back to what the story
counted before (people after "the" only if told before); "one of her two aides" picks one."""
_MAYBE = re.compile(r"\s+\w+\s+(?:may|might|could)\b")  # "three others may have fled"
_REFERS_BACK = re.compile(r"(?:it|they)(?:[\u2019'](?:s|re))?\s", re.IGNORECASE)
"""A sentence about "it" or "they": the thing it counts is named in the sentence before."""


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
    headline = " ".join(filter(None, (article.headline, article.standfirst)))
    generated = (
        choose(candidates(article_sentences(article), headline)) if reads_language(article) else ()
    )
    facts = apply_fact_overrides(article, generated)
    return article.model_copy(update={"facts": facts})


def candidates(sentences: list[Sentence], headline: str = "") -> list[Candidate]:
    """Return every figure of SENTENCES worth considering, labelled and scored (HEADLINE's weigh
    more: they are what the story is about)."""
    found: list[Candidate] = []
    total = max(1, len(sentences))
    in_headline = find_figures(headline)
    told = {(f.size, f.kind) for f in in_headline if f.size and (f.kind != "count" or f.size >= 10)}
    text = " ".join(s.text for s in sentences)  # an essay: "I" in 1 word of 50, others cited less
    mine = len(_NARRATOR.findall(narration := _QUOTED.sub(" ", text)))
    essay = 50 * mine > len(narration.split()) and mine > 2 * len(_CITED.findall(text))
    seen = {f.size for f in in_headline}
    for position, sentence in enumerate(sentences):
        figures = find_figures(sentence.text, lead=not position)[:MAX_PER_SENTENCE]
        told_before, seen = seen, seen | {f.size for f in figures}
        if is_instruction(sentence.text) or len(sentence.text.split()) < 3:
            continue  # advice ("Boil water for one minute"), or page furniture ("$7/month")
        if is_table_row(sentence.text):
            continue
        people = False  # the sentence has counted people: "eight dead and nine wounded"
        for figure in figures:
            lead = sentence.text[: figure.start]
            bare = figure.kind in ("count", "fraction", "score") and not figure.approximate
            if bare and (figure.size or 0) < 20 and _ANAPHORA.search(lead):
                new = figure.size not in told_before and PEOPLE_AFTER.match(
                    sentence.text[figure.end :]
                )
                if not (new and re.search(r"\b(?:the|all)\s+$", lead, re.IGNORECASE)):
                    continue  # "the two countries", "these three people", "the other half"
            label = figure_label(sentence.text, figure)
            raw, after = sentence.text[figure.start : figure.end], sentence.text[figure.end :]
            if _REFERS_BACK.match(sentence.text) and not _opens(after, label, 4):
                before = sentences[position - 1] if position else None  # "It's worth $2m"
                same = before is not None and before.block == sentence.block
                label = " ".join(subject(before.text)) if before is not None and same else ""
            other = find_figures(label.split(" (")[0], asides=True)
            label = join(trim(words(label[: other[0].start]))) if other else label
            if len(label) < 3:
                continue  # nothing says what it counts, but another figure ("downed tools 2 days")
            few = figure.kind in ("count", "size") and (figure.size or 99) < 10 and "." not in raw
            near = sentence.text[max(0, figure.start - 30) : figure.start].lower()
            verb = (words(near) or [""])[-1]  # "killing two", "says three"
            done = {verb, verb[:-3], verb[:-3] + "e"} & _TOLD
            if essay and figure.kind in ("count", "duration") and not done & TOLL:
                continue  # what a writer telling their own story counts in passing: colour
            if few and figure.kind == "size" and not done:
                continue  # a small body ("a six-member crew") is colour; "a 3,000-strong force"
            joined = people and re.search(r"\band\s+$", lead) and not _MAYBE.match(after)
            if few and not PEOPLE_AFTER.match(after) and not done and not joined:
                if not acts_as_subject(sentence.text[: figure.start], after, figure.size):
                    continue  # "two purposes", "ten cards": a few things; "two gunmen" is news
            people = people or bool(PEOPLE_AFTER.match(after) or done & TOLL)
            at = sentence.start
            fact = fact_at(sentence, raw, label, at + figure.start, at + figure.end)
            toll = done & TOLL and not TOLL & set(words(label.lower()))  # once: "people killed"
            score = _score(figure, label, position / total) + 3.0 * bool(toll)
            score += 2.0 * ((figure.size, figure.kind) in told)  # what the headline says
            crowd = figure.kind == "count" and (figure.size or 0) > 9 and PEOPLE_AFTER.match(after)
            score += 2.0 * bool(crowd) + 1.0 * (not position)  # people count as money; the lead
            score -= inside_quote(sentence.text, figure.start)  # colour, rarely what counts
            found.append(Candidate(fact, score, _key(fact, few)))
    return found


_NUMBER_TOKEN = re.compile(r"\d")
_YEAR = re.compile(r"\(?(?:1[89]|20)\d\d[),.:;]?")
"""A year is when a row's figures were counted ("$1.2 billion in 2019"), not one of them."""


def is_table_row(text: str) -> bool:
    """Tell whether TEXT is a table read as prose ("Ann Lee 63 16.6% Bo Chan 56 14.7%"): a number
    for every two words (three in a long row) leaves no words to say what each counts."""
    tokens = text.split()
    numbers = sum(bool(_NUMBER_TOKEN.search(t)) and not _YEAR.fullmatch(t) for t in tokens)
    return numbers >= 2 and (2 if numbers < 4 else 3) * numbers >= len(tokens)


def choose(found: list[Candidate]) -> tuple[Fact, ...]:
    """Return the best MAX_FACTS candidates without duplicates, in the order of the text."""
    best: dict[str, float] = {}
    for candidate in found:  # one figure per borrowed label and sentence
        spot = _borrowed(candidate.fact)
        best[spot] = max(best.get(spot, candidate.score), candidate.score)
    unique: list[Candidate] = []
    seen: set[str] = set()
    for candidate in found:
        spot = _borrowed(candidate.fact)
        if spot and (spot in seen or candidate.score < best[spot]):
            continue
        if candidate.key not in seen:
            seen.update((candidate.key, spot))
            unique.append(candidate)
    order = sorted(range(len(unique)), key=lambda i: (-unique[i].score, i))
    ranked: list[int] = []
    per_block: dict[int | None, int] = {}
    for i in order:  # no block fills more than its share while others have figures to give
        block = unique[i].fact.block
        if len(ranked) < MAX_FACTS and per_block.get(block, 0) < MAX_PER_BLOCK:
            per_block[block] = per_block.get(block, 0) + 1
            ranked.append(i)
    ranked += [i for i in order if i not in ranked][: MAX_FACTS - len(ranked)]
    return tuple(unique[i].fact for i in sorted(ranked))


def _opens(after: str, label: str, reach: int = 1) -> bool:
    """Tell whether the REACH words AFTER a figure hold LABEL's first word (not borrowed words)."""
    own = label.split()[:1]
    return bool(own) and own[0].lower() in [w.lower().strip(",.;:") for w in after.split()[:reach]]


def _borrowed(fact: Fact) -> str:
    """Return the sentence and label of a fact labelled from the words before its figure (two
    such figures of one sentence would show one label twice), or "" for a label of its own."""
    if _opens(fact.sentence[(fact.value_end or 0) - (fact.start or 0) :], fact.label):
        return ""
    return f"{fact.sentence}\n{fact.label}"


def _key(fact: Fact, few: bool = False) -> str:
    """Return what makes two facts the same figure: its size and unit words, and for a FEW what
    they count ("two policemen" and "two people killed" are two figures, "3,000 dead" one)."""
    size = number_size(fact.value)
    unit = re.sub(
        r"[\d,.\s]+|\b(?:around|about|nearly|almost|some|over|roughly)\b", " ", fact.value.lower()
    )
    noun = (words(fact.label.lower()) or [""])[0] if few else ""
    return f"{size}|{' '.join(unit.split())}|{noun}" if size is not None else fact.value.lower()


def _score(figure: Figure, label: str, position: float) -> float:
    """Weigh a figure as an editor would: its unit, size, approximation, a large count, a toll (as
    a large sum of money: twelve deaths outweigh a repair bill), how early it is told."""
    score = 1.0 + _KIND_WEIGHT.get(figure.kind, 0.0)
    score += min(1.5, math.log10(max(figure.size or 1.0, 1.0)) / 3)
    score += 0.5 * figure.approximate
    if figure.kind == "count" and (figure.size or 0) >= 100:
        score += 0.75  # "3,000 homes", "1,200 jobs": a large count is news on its own
    score += 3.0 * any(w in TOLL for w in words(label.lower()))
    return score + 0.5 * (1.0 - position)
