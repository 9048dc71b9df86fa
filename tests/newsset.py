"""Score the fact box and source notes against the hand-labelled news set (tests/labels/).

An article is rebuilt from a corpus page's ``expected.html`` (paragraphs, headings, list items
and quotes, read with lxml; the headline from ``expected-metadata.json``), enriched by the
pipeline, and compared with the labels:

- a shown figure is *right* when its value matches a core or optional label, *junk* when it
  matches a ``never`` label or no label at all (a value equal to a core or optional label is
  right even when a ``never`` span holds it: "10" against "10 months");
- a core figure is *recalled* when some shown value matches it;
- a core source is *recalled* when some note names it or one of its aliases; a note is *right*
  when it names a core or optional source (or an alias).

Matching ignores case and spacing, and a label matches a value that contains it or is contained
in it ("416" matches "416 motorists"). No corpus text is stored here: labels are short spans.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import yaml

from publish.model import Article, BlockQuote, Heading, Paragraph, Text
from publish.pipeline import enrich

LABELS = Path(__file__).resolve().parent / "labels"
PARTS = ("dev", "test")
_BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "pre"}


def _text(element: Any) -> str:
    return " ".join(str(element.text_content()).split())


def article_from_page(page: Path) -> Article:
    """Return the article a reader would give for one corpus page folder."""
    meta: dict[str, Any] = {}
    meta_file = page / "expected-metadata.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = lxml.html.fromstring((page / "expected.html").read_bytes(), parser=parser)
    blocks: list[Paragraph | Heading | BlockQuote] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in _BLOCK_TAGS:
            continue
        # Only the innermost block: a <li> holding <p>s is read through its paragraphs.
        if any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in element.iterdescendants()):
            continue
        text = _text(element)
        if not text:
            continue
        inline = (Text(text=text),)
        if tag.startswith("h"):
            blocks.append(Heading(level=int(tag[1]), inlines=inline))
        else:
            blocks.append(Paragraph(inlines=inline))
    headline = " ".join(str(meta.get("title") or page.name).split()) or page.name
    return Article(
        headline=headline,
        date=dt.date(2020, 1, 1),
        body=tuple(blocks),
        publisher=meta.get("siteName") or None,
    )


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\u2019']", "'", text).lower().split())


def matches(shown: str, label: str) -> bool:
    """Return whether a shown value or source and a label span name the same thing."""
    a, b = _norm(shown), _norm(label)
    if not a or not b:
        return False

    def within(small: str, big: str) -> bool:
        return re.search(r"(?<![\w.,])" + re.escape(small) + r"(?![\w])", big) is not None

    return within(b, a) or within(a, b)


@dataclass
class PageScore:
    page: str
    core_figures: int = 0
    core_found: int = 0
    shown: int = 0
    shown_right: int = 0
    junk: list[str] = field(default_factory=list)
    missed_figures: list[str] = field(default_factory=list)
    labelled_empty: bool = False
    box_empty: bool = False
    core_sources: int = 0
    sources_found: int = 0
    notes: int = 0
    notes_right: int = 0
    missed_sources: list[str] = field(default_factory=list)
    wrong_notes: list[str] = field(default_factory=list)


def _names(entries: list[dict[str, Any]]) -> list[list[str]]:
    return [[str(e["name"]), *[str(a) for a in e.get("aliases", [])]] for e in entries]


def score_page(article: Article, label: dict[str, Any]) -> PageScore:
    """Return the counts for one enriched article against its labels."""
    figures = label.get("figures") or {}
    core = [str(x) for x in figures.get("core") or []]
    optional = [str(x) for x in figures.get("optional") or []]
    never = [str(x) for x in figures.get("never") or []]
    values = [fact.value for fact in article.facts]
    score = PageScore(page=str(label["page"]))
    score.core_figures = len(core)
    for span in core:
        if any(matches(v, span) for v in values):
            score.core_found += 1
        else:
            score.missed_figures.append(span)
    for fact in article.facts:
        score.shown += 1
        exact = any(_norm(fact.value) == _norm(s) for s in core + optional)
        if not exact and any(matches(fact.value, s) for s in never):  # "10" is not "10 months"
            score.junk.append(f"{fact.value} — {fact.label}")
        elif any(matches(fact.value, s) for s in core + optional):
            score.shown_right += 1
        else:
            score.junk.append(f"{fact.value} — {fact.label}")
    score.labelled_empty = not core and not optional
    score.box_empty = not values
    sources = label.get("sources") or {}
    core_src = _names(sources.get("core") or [])
    all_src = core_src + _names(sources.get("optional") or [])
    notes = [note.source for note in article.source_notes]
    score.core_sources = len(core_src)
    for names in core_src:
        if any(matches(n, s) for n in notes for s in names):
            score.sources_found += 1
        else:
            score.missed_sources.append(names[0])
    for note in notes:
        score.notes += 1
        if any(matches(note, s) for names in all_src for s in names):
            score.notes_right += 1
        else:
            score.wrong_notes.append(note)
    return score


@dataclass
class PartScore:
    part: str
    pages: list[PageScore]
    words: int = 0
    seconds: float = 0.0  # spent enriching (not reading) the part's articles

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return num / den if den else 1.0

    @property
    def figure_recall(self) -> float:
        return self._ratio(
            sum(p.core_found for p in self.pages), sum(p.core_figures for p in self.pages)
        )

    @property
    def figure_precision(self) -> float:
        return self._ratio(sum(p.shown_right for p in self.pages), sum(p.shown for p in self.pages))

    @property
    def junk_facts(self) -> int:
        return sum(len(p.junk) for p in self.pages)

    @property
    def empty_box_agreement(self) -> tuple[int, int]:
        """Pages labelled with no figure whose box is empty, out of pages labelled empty."""
        empty = [p for p in self.pages if p.labelled_empty]
        return sum(p.box_empty for p in empty), len(empty)

    @property
    def source_recall(self) -> float:
        return self._ratio(
            sum(p.sources_found for p in self.pages), sum(p.core_sources for p in self.pages)
        )

    @property
    def source_precision(self) -> float:
        return self._ratio(sum(p.notes_right for p in self.pages), sum(p.notes for p in self.pages))


def load_labels(part: str) -> list[dict[str, Any]] | None:
    """Return the labels of one part, or None when its file has not landed."""
    path = LABELS / f"news-{part}.yml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return list(data)


def score_part(part: str, corpus: Path, rounds: int = 1) -> PartScore | None:
    """Enrich every labelled page of PART from CORPUS and score it (the time: best of ROUNDS)."""
    labels = load_labels(part)
    if labels is None:
        return None
    score = PartScore(part=part, pages=[])
    for lab in labels:
        article = article_from_page(corpus / str(lab["page"]))
        score.words += sum(len(text.split()) for _, text in article.text_blocks)
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            enriched = enrich(article)
            best = min(best, time.perf_counter() - start)
        score.seconds += best
        score.pages.append(score_page(enriched, lab))
    return score
