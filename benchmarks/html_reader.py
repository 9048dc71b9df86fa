"""Measure the saved-web-page reader on every page of ../shared/corpus/readability-pages/.

Run: .venv/bin/python benchmarks/html_reader.py [CORPUS_FOLDER]

For each page it prints word-level precision, recall and F1 of the article body the reader
finds against the page's expected.html (Readability's extraction: a reference, not ground
truth), and whether title, date, authors and language match expected-metadata.json. Words are
compared as multisets of lower-cased \\w+ runs (CJK pages count per character). Then averages
over all pages and over the English news pages.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from publish.errors import PublishError  # noqa: E402
from publish.model import Article, BlockQuote, Figure, Heading, ListBlock, plain_text  # noqa: E402
from publish.readers.html import read_html  # noqa: E402
from publish.readers.source import read_source  # noqa: E402
from publish.readers.titles import clean_title  # noqa: E402

NEWS = {
    "aclu",
    "ars-1",
    "bbc-1",
    "breitbart",
    "buzzfeed-1",
    "citylab-1",
    "cnet",
    "cnn",
    "engadget",
    "guardian-1",
    "herald-sun-1",
    "la-nacion",
    "lemonde-1",
    "liberation-1",
    "medicalnewstoday",
    "msn",
    "nytimes-1",
    "nytimes-2",
    "nytimes-3",
    "nytimes-4",
    "nytimes-5",
    "quanta-1",
    "salon-1",
    "seattletimes-1",
    "telegraph",
    "theverge",
    "tmz-1",
    "wapo-1",
    "wapo-2",
    "yahoo-2",
    "folha",
    "heise",
    "aktualne",
}
"""News and feature pages (the issue's target: F1 >= 0.90)."""

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def words(text: str) -> Counter[str]:
    tokens: list[str] = []
    for token in re.findall(r"\w+", text.casefold()):
        if _CJK.search(token):
            tokens.extend(token)
        else:
            tokens.append(token)
    return Counter(tokens)


def body_text(article: Article) -> str:
    parts: list[str] = []

    def walk(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            if isinstance(block, BlockQuote):
                walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)
            elif isinstance(block, Figure):  # an image counts by its alt and its caption
                parts.append(block.alt + "\n" + plain_text(block.caption))
            elif isinstance(block, Heading):
                parts.append(block.text)
            else:
                parts.append(getattr(block, "text", ""))

    walk(article.body)
    return "\n".join(parts)


def expected_words(html: str) -> Counter[str]:
    """Return the words of a page's expected.html: its text and its images' text alternatives
    (an image left out is shown by its alt; one kept counts by its alt, in `body_text`)."""
    root = lxml.html.fromstring(html or "<p></p>")
    alts = [img.get("alt") or "" for img in root.iter("img")]
    return words(root.text_content() + "\n" + "\n".join(alts))


def score(found: Counter[str], expected: Counter[str]) -> tuple[float, float, float]:
    common = sum((found & expected).values())
    precision = common / sum(found.values()) if found else 0.0
    recall = common / sum(expected.values()) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").split())


def metadata_matches(article: Article | None, expected: dict[str, object]) -> dict[str, bool]:
    """Return, for each field the page states, whether the reader found the same value."""
    result: dict[str, bool] = {}
    if expected.get("title"):
        result["title"] = article is not None and _norm(article.headline) == _norm(
            str(expected["title"])
        )
        # Readability keeps the site's name in its titles ("Mozilla - Wikipedia"); this one
        # also counts a headline that is the reference without the name the reference's own
        # siteName (or the page's URL) gives the site.
        bare = clean_title(
            str(expected["title"]),
            str(expected.get("siteName") or "") or None,
            article.source_url if article else None,
        )
        result["title_bare"] = result["title"] or (
            article is not None and _norm(article.headline) == _norm(bare)
        )
    if expected.get("publishedTime"):
        day = str(expected["publishedTime"])[:10]
        result["date"] = article is not None and article.date.isoformat() == day
    if expected.get("byline"):
        byline = _norm(str(expected["byline"])).removeprefix("by ")
        names = [_norm(a) for a in article.authors] if article else []
        result["authors"] = bool(names) and all(n in byline for n in names)
    if expected.get("lang"):
        want = str(expected["lang"]).lower().replace("_", "-").split("-")[0]
        result["language"] = article is not None and article.language.lower().split("-")[0] == want
    return result


def main(corpus: Path) -> None:
    logging.getLogger("publish").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    rows = []
    meta_counts: dict[str, list[int]] = {}
    started = time.perf_counter()
    print(f"{'page':38} {'P':>5} {'R':>5} {'F1':>5}  metadata")
    for folder in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
        expected_html = (folder / "expected.html").read_text(encoding="utf-8")
        expected = expected_words(expected_html)
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        article: Article | None
        try:
            article = read_html(read_source(folder / "source.html"))
            found = words(body_text(article))
            note = ""
        except PublishError as exc:
            article, found, note = None, Counter(), f"  ({exc.message})"
        p, r, f = score(found, expected)
        matches = metadata_matches(article, meta)
        for key, ok in matches.items():
            meta_counts.setdefault(key, [0, 0])
            meta_counts[key][0] += ok
            meta_counts[key][1] += 1
        shown = " ".join(f"{k}{'+' if v else '-'}" for k, v in matches.items())
        rows.append((folder.name, p, r, f))
        print(f"{folder.name:38} {p:5.2f} {r:5.2f} {f:5.2f}  {shown}{note}")
    elapsed = time.perf_counter() - started

    def average(selected: list[tuple[str, float, float, float]], label: str) -> None:
        n = len(selected) or 1
        print(
            f"{label:38} {sum(r[1] for r in selected) / n:5.2f} "
            f"{sum(r[2] for r in selected) / n:5.2f} {sum(r[3] for r in selected) / n:5.2f}"
            f"  ({len(selected)} pages)"
        )

    print()
    average(rows, "average, all pages")
    average([r for r in rows if r[0] in NEWS], "average, news pages")
    for key, (ok, total) in meta_counts.items():
        print(f"{key:10} matches {ok:3}/{total:3} ({ok / total:.0%}) of the pages that state it")
    print(f"{len(rows)} pages in {elapsed:.1f} s ({elapsed / max(1, len(rows)):.2f} s a page)")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "corpus" / "readability-pages"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
