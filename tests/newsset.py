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

Beside the corpus pages, the set holds news stories of the Lee corpus (``lee_background.cor``
and ``lee.cor``, shipped in gensim's wheel; ``benchmarks/fetch_lee.py`` fetches them with the
user's consent), and the saved news pages of Mercury Parser's tests (110 pages of 97 sites,
in its npm package; ``benchmarks/fetch_mercury.py`` fetches them), read by publish's own HTML
reader as a user's saved page is (:func:`article_from_mercury`). Each line of a Lee file is
one story with no headline; :func:`article_from_lee` makes it an article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import yaml

from publish.model import Article, BlockQuote, Heading, Paragraph, Text
from publish.pipeline import enrich
from publish.readers import read_article

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


@dataclass(frozen=True)
class LeeFile:
    """One file of the Lee corpus as gensim 4.4.0's wheel ships it, and how its stories are
    named: line N (from 0) of ``file`` is the story ``{prefix}-N`` written with ``digits``
    digits, labelled in ``tests/labels/{prefix}-dev.yml`` and ``{prefix}-test.yml``."""

    prefix: str
    file: str
    sha256: str
    digits: int
    encoding: str


LEE_FILE = "lee_background.cor"
LEE_SHA256 = "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb"
BACKGROUND = LeeFile("lee", LEE_FILE, LEE_SHA256, 3, "utf-8")
"""The background file: 300 ABC news stories of 2001 (``lee-000`` .. ``lee-299``)."""
PAIRS = LeeFile(
    "leesim",
    "lee.cor",
    "a878f9a58f6743c32985c56c2f2f75988386216b38a4023a01fd3bcf7884d93e",
    2,
    "latin-1",
)
"""The 50 other stories the corpus's readers judged in pairs for similarity (``leesim-00`` ..
``leesim-49``), none of them in the background file; Latin-1 (its one non-ASCII byte is a
pound sign)."""
LEE_FILES = (BACKGROUND, PAIRS)
LEE_ENV = "PUBLISH_LEE_CORPUS"
"""Names the background file (``lee_background.cor``) when it is not in the cache folder; the
other files are looked for beside it."""


def lee_cache() -> Path:
    """Return the folder ``benchmarks/fetch_lee.py`` fetches into: ``~/.cache/publish-news``
    (or under ``$XDG_CACHE_HOME``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish-news"


def lee_path(lee: LeeFile = BACKGROUND) -> Path:
    """Return where the Lee corpus file LEE is looked for: ``$PUBLISH_LEE_CORPUS`` (or beside
    it) when set, else the cache folder. The file may be absent."""
    named = os.environ.get(LEE_ENV)
    if not named:
        return lee_cache() / lee.file
    return Path(named) if lee is BACKGROUND else Path(named).parent / lee.file


class LeeCorpusError(Exception):
    """The Lee corpus file is not the one the labels were made on."""


def check_lee(data: bytes, where: str, lee: LeeFile = BACKGROUND) -> None:
    """Raise LeeCorpusError unless DATA is the pinned file LEE."""
    digest = hashlib.sha256(data).hexdigest()
    if digest != lee.sha256:
        raise LeeCorpusError(
            f"{where}: error: sha256 {digest} is not the pinned {lee.sha256}"
            f" (the {lee.file} of gensim 4.4.0); the labels do not fit this file"
        )


def read_lee(path: Path, lee: LeeFile = BACKGROUND) -> dict[str, str]:
    """Return the stories of the Lee corpus file LEE at PATH by name (``lee-007``,
    ``leesim-07``)."""
    data = path.read_bytes()
    check_lee(data, str(path), lee)
    lines = data.decode(lee.encoding).split("\n")
    return {
        f"{lee.prefix}-{no:0{lee.digits}d}": line for no, line in enumerate(lines) if line.strip()
    }


def article_from_lee(name: str, line: str) -> Article:
    """Return the article a feed would give for one Lee story.

    The corpus has no headlines: the headline is the story's name, which holds no figure and
    names nobody, so it weighs nothing (inventing one from the first sentence would count the
    lead twice). The body is the line as one paragraph, whose first sentence is the lead.
    """
    return Article(
        headline=name,
        date=dt.date(2020, 1, 1),
        body=(Paragraph(inlines=(Text(text=" ".join(line.split())),)),),
        publisher="ABC",
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


MERCURY_PACKAGE = "@postlight/mercury-parser@1.1.1"
MERCURY_SHA256 = "f15f33e2c98dab28c7e462bf8dc0c167e6fba5db164942e2346b653eb1b6431d"
"""The npm tarball whose test fixtures are the saved pages (``benchmarks/fetch_mercury.py``)."""
MERCURY_ENV = "PUBLISH_MERCURY_PAGES"
"""Names the folder of the saved pages when it is not in the cache folder."""


def mercury_path() -> Path:
    """Return the folder the saved pages of Mercury Parser's tests are looked for in:
    ``$PUBLISH_MERCURY_PAGES`` when set, else the cache folder. It may be absent."""
    named = os.environ.get(MERCURY_ENV)
    return Path(named) if named else lee_cache() / "mercury-parser-1.1.1"


def mercury_pages(folder: Path) -> dict[str, Path]:
    """Return the saved pages under FOLDER by name: ``www.vox.com/1481563623532.html`` is
    ``mercury-www.vox.com-1481563623532``, ``ars.html`` is ``mercury-ars``."""
    pages = sorted(folder.rglob("*.html"))
    return {"mercury-" + "-".join(p.relative_to(folder).with_suffix("").parts): p for p in pages}


class _Dropped(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


def article_from_mercury(path: Path) -> Article:
    """Return the article publish's HTML reader makes of the saved page at PATH, as it does for
    a user's saved page (headline, byline, date and body found in the page's markup). The
    reader's warnings (images on the network, not fetched) are not the extraction's concern:
    they are dropped."""
    logger, dropped = logging.getLogger("publish"), _Dropped()
    logger.addFilter(dropped)
    try:
        article, _ = read_article(str(path))
    finally:
        logger.removeFilter(dropped)
    return article


def load_labels(part: str, labels: str = "news") -> list[dict[str, Any]] | None:
    """Return the labels of one part (``news-dev.yml``, ``lee-test.yml``, ...), or None when
    its file has not landed."""
    path = LABELS / f"{labels}-{part}.yml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return list(data)


def score_part(part: str, corpus: Path, rounds: int = 1) -> PartScore | None:
    """Enrich every labelled page of PART from CORPUS and score it (the time: best of ROUNDS)."""
    labels = load_labels(part)
    if labels is None:
        return None
    return _score_labels(part, labels, lambda name: article_from_page(corpus / name), rounds)


def score_lee_part(
    part: str, lee_file: Path, rounds: int = 1, lee: LeeFile = BACKGROUND
) -> PartScore | None:
    """Enrich every labelled story of PART (``lee-PART.yml`` for the background file) from
    LEE_FILE, the Lee corpus file LEE, and score it."""
    labels = load_labels(part, lee.prefix)
    if labels is None:
        return None
    stories = read_lee(lee_file, lee)
    unknown = [str(lab["page"]) for lab in labels if str(lab["page"]) not in stories]
    if unknown:
        where = LABELS / f"{lee.prefix}-{part}.yml"
        raise LeeCorpusError(f"{where}: error: no such story {unknown[0]}")
    return _score_labels(
        f"{lee.prefix}-{part}", labels, lambda name: article_from_lee(name, stories[name]), rounds
    )


def score_mercury_part(part: str, folder: Path, rounds: int = 1) -> PartScore | None:
    """Enrich every labelled saved page of PART (``mercury-PART.yml``) from FOLDER and score it."""
    labels = load_labels(part, "mercury")
    if labels is None:
        return None
    pages = mercury_pages(folder)
    unknown = [str(lab["page"]) for lab in labels if str(lab["page"]) not in pages]
    if unknown:
        raise FileNotFoundError(
            f"{LABELS / f'mercury-{part}.yml'}: error: no saved page {unknown[0]} in {folder}"
        )
    return _score_labels(
        f"mercury-{part}", labels, lambda name: article_from_mercury(pages[name]), rounds
    )


def combined(part: str, scores: list[PartScore]) -> PartScore:
    """Return SCORES pooled into one part named PART (every page counts once)."""
    pooled = PartScore(part=part, pages=[])
    for score in scores:
        pooled.pages.extend(score.pages)
        pooled.words += score.words
        pooled.seconds += score.seconds
    return pooled


def _score_labels(
    part: str, labels: list[dict[str, Any]], article_for: Callable[[str], Article], rounds: int
) -> PartScore:
    score = PartScore(part=part, pages=[])
    for lab in labels:
        article = article_for(str(lab["page"]))
        score.words += sum(len(text.split()) for _, text in article.text_blocks)
        best = float("inf")
        for _ in range(rounds):
            start = time.process_time()  # CPU: the machine may be shared
            enriched = enrich(article)
            best = min(best, time.process_time() - start)
        score.seconds += best
        score.pages.append(score_page(enriched, lab))
    return score
