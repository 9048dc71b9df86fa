"""Measure the saved-web-page reader on every page of ../shared/corpus/readability-pages/.

Run: .venv/bin/python benchmarks/html_reader.py [CORPUS_FOLDER] [--json FILE] [--show]

For each page it prints word-level precision, recall and F1 of the article body the reader
finds against the page's expected.html (Readability's extraction: a reference, not ground
truth), and whether title, date, authors and language match expected-metadata.json. Words are
compared as multisets of lower-cased \\w+ runs (CJK pages count per character). Then averages
over all pages and over the English news pages.

Column `extra` counts the furniture blocks kept: the reader's blocks (a paragraph, a heading,
a list item, a figure's text) with at least three words of which fewer than half are in the
page's expected.html (a widget, a related-article list, a promotion); `--show` prints them.
Readability keeps some furniture too (a "Read more" list on wapo-1), so it is a lower bound.
`--json FILE` writes each page's figures, to compare two runs (before/after a change):
`benchmarks/html_reader.py --compare BEFORE.json AFTER.json` prints the pages that changed.
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
from publish.readers.remote import is_file_name  # noqa: E402
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
    return "\n".join(body_parts(article))


def body_parts(article: Article) -> list[str]:
    """Return the text of each of ARTICLE's blocks (a list counts by item)."""
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
    return parts


def extra_blocks(parts: list[str], expected: Counter[str]) -> list[str]:
    """Return the PARTS (block texts) that are mostly words the expected extraction lacks."""
    extra = []
    for part in parts:
        found = words(part)
        total = sum(found.values())
        if total >= 3 and sum((found & expected).values()) < total / 2:
            extra.append(part)
    return extra


def expected_words(html: str) -> Counter[str]:
    """Return the words of a page's expected.html: its text and its images' text alternatives
    (an image left out is shown by its alt; one kept counts by its alt, in `body_text`)."""
    root = lxml.html.fromstring(html or "<p></p>")
    alts = [a for img in root.iter("img") if not is_file_name(a := img.get("alt") or "")]
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
        # siteName (or the page's URL) gives the site, or without the article's authors' names.
        bare = clean_title(
            str(expected["title"]),
            str(expected.get("siteName") or "") or None,
            article.source_url if article else None,
            article.authors if article else (),
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


def main(corpus: Path, json_out: Path | None = None, show: bool = False) -> None:
    logging.getLogger("publish").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    rows = []
    meta_counts: dict[str, list[int]] = {}
    started = time.perf_counter()
    per_page: dict[str, dict[str, object]] = {}
    extras = 0
    print(f"{'page':38} {'P':>5} {'R':>5} {'F1':>5} {'extra':>5}  metadata")
    for folder in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
        expected_html = (folder / "expected.html").read_text(encoding="utf-8")
        expected = expected_words(expected_html)
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        article: Article | None
        try:
            article = read_html(read_source(folder / "source.html"))
            parts = body_parts(article)
            found = words("\n".join(parts))
            note = ""
        except PublishError as exc:
            article, parts, found, note = None, [], Counter(), f"  ({exc.message})"
        p, r, f = score(found, expected)
        extra = extra_blocks(parts, expected)
        extras += len(extra)
        matches = metadata_matches(article, meta)
        for key, ok in matches.items():
            meta_counts.setdefault(key, [0, 0])
            meta_counts[key][0] += ok
            meta_counts[key][1] += 1
        shown = " ".join(f"{k}{'+' if v else '-'}" for k, v in matches.items())
        rows.append((folder.name, p, r, f))
        per_page[folder.name] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "extra": len(extra),
            "headline": article.headline if article else None,
            "names": list(article.authors) if article else [],
            **matches,
        }
        print(f"{folder.name:38} {p:5.2f} {r:5.2f} {f:5.2f} {len(extra):5}  {shown}{note}")
        if show:
            for part in extra:
                print(f"{'':40}extra: {' '.join(part.split())[:100]}")
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
    pages_with_extra = sum(1 for v in per_page.values() if v["extra"])
    print(f"furniture blocks kept (extra): {extras} on {pages_with_extra} pages")
    if json_out is not None:
        json_out.write_text(json.dumps(per_page, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} pages in {elapsed:.1f} s ({elapsed / max(1, len(rows)):.2f} s a page)")


def compare(before_file: Path, after_file: Path) -> None:
    """Print the pages whose figures differ between two `--json` runs, and what got worse."""
    before = json.loads(before_file.read_text(encoding="utf-8"))
    after = json.loads(after_file.read_text(encoding="utf-8"))
    worse: list[str] = []
    for page in sorted(set(before) | set(after)):
        old, new = before.get(page, {}), after.get(page, {})
        changes = []
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, float) and isinstance(b, float):
                if round(a, 3) == round(b, 3):
                    continue
                changes.append(f"{key} {a:.3f}->{b:.3f}")
                if key == "f1" and b < a - 0.005:
                    worse.append(f"{page} (F1)")
            else:
                changes.append(f"{key} {a!r}->{b!r}")
                if (key == "extra" and (b or 0) > (a or 0)) or (a is True and b is False):
                    worse.append(f"{page} ({key})")
        if changes:
            print(f"{page:38} " + "; ".join(changes))
    print(
        "worse against the reference (F1 down by more than 0.005, more extra blocks, a match"
        f" lost): {len(worse)}: {', '.join(worse) or 'none'}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--compare"]:
        compare(Path(args[1]), Path(args[2]))
        sys.exit(0)
    json_file = None
    if "--json" in args:
        at = args.index("--json")
        json_file = Path(args[at + 1])
        del args[at : at + 2]
    show_extra = "--show" in args
    args = [a for a in args if a != "--show"]
    default = ROOT.parent / "shared" / "corpus" / "readability-pages"
    main(Path(args[0]) if args else default, json_file, show_extra)
