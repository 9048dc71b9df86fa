"""Print how long the fact box and source notes take to extract, per 1,000 words.

Usage: python benchmarks/extraction.py [ROUNDS]

Each article (the reference article, the test articles, and one long article made of all
their paragraphs repeated to about 20,000 words) is read once and enriched ROUNDS times; the
best round is reported, so the figure is the cost of extraction, not of reading or rendering.
The last column is the part of it spent validating each enricher's result (`checked`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from publish.model import Article, Paragraph, checked, note_numbers
from publish.pipeline import ENRICHERS, enrich
from publish.readers import read_article

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [
    ROOT.parent / "shared" / "samples" / "seed-article.txt",
    *sorted((ROOT / "tests" / "articles").glob("*.[mt][dx]*")),
]


def words(article: Article) -> int:
    """Return the number of words in the article's paragraphs."""
    return sum(len(text.split()) for _, text in article.text_blocks)


def best_time(article: Article, rounds: int) -> float:
    """Return the fastest of ROUNDS runs of every enricher on ARTICLE, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        enrich(article)
        best = min(best, time.perf_counter() - start)
    return best


def check_time(article: Article, rounds: int) -> float:
    """Return the fastest of ROUNDS validations of ARTICLE enriched, once per enricher."""
    enriched = enrich(article)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for enricher in ENRICHERS:
            checked(enriched, enricher.__name__)
        best = min(best, time.perf_counter() - start)
    return best


def long_article(articles: list[Article], target_words: int = 20_000) -> Article:
    """Return one article made of the paragraphs of ARTICLES, repeated to TARGET_WORDS.

    Paragraphs holding an author's note marker are left out: their notes stay behind in
    their own article, and a marker without its note is no valid article.
    """
    paragraphs = [
        b for a in articles for b in a.body if isinstance(b, Paragraph) and not note_numbers((b,))
    ]
    body: list[Paragraph] = []
    count = 0
    while count < target_words:
        for paragraph in paragraphs:
            body.append(paragraph)
            count += len(paragraph.text.split())
    return Article.model_validate(
        {"headline": "Long article", "date": articles[0].date, "body": tuple(body)}
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"enrichers: {', '.join(e.__name__ for e in ENRICHERS)}; best of {rounds} rounds")
    print(f"{'article':<34} {'words':>7} {'ms':>9} {'ms / 1,000 words':>17} {'checks ms':>10}")
    rows: list[tuple[str, Article]] = []
    for path in INPUTS:
        if path.is_file():
            rows.append((path.name, read_article(str(path))[0]))
    articles = [article for _, article in rows]
    rows.append(("(all paragraphs, repeated)", long_article(articles)))
    total_words = total_time = total_checks = 0.0
    for name, article in rows:
        count = words(article)
        times = rounds if count < 5000 else max(1, rounds // 2)
        seconds, checks = best_time(article, times), check_time(article, times)
        total_words += count
        total_time += seconds
        total_checks += checks
        print(
            f"{name:<34} {count:>7} {seconds * 1000:>9.1f} {seconds * 1e6 / count:>17.1f}"
            f" {checks * 1000:>10.2f}"
        )
    print(
        f"{'overall':<34} {int(total_words):>7} {total_time * 1000:>9.1f} "
        f"{total_time * 1e6 / total_words:>17.1f} {total_checks * 1000:>10.2f}"
    )


if __name__ == "__main__":
    main()
