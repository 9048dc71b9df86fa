"""Check a labelled news set (tests/labels/news-*.yml, lee-*.yml, mercury-*.yml) against its texts.

    python benchmarks/labels_check.py tests/labels/news-test.yml [--corpus DIR] [--part test|dev]
    python benchmarks/labels_check.py tests/labels/lee-test.yml [--part test|dev]

Every figure span must occur in its page's article text (expected.html with tags stripped,
entities decoded and whitespace collapsed; for a ``lee-*.yml`` file, the story's line of the Lee
corpus file, found as the benchmark finds it: $PUBLISH_LEE_CORPUS or the cache; for a
``mercury-*.yml`` file, the headline, standfirst and body blocks publish's HTML reader makes of
the saved page, found through $PUBLISH_MERCURY_PAGES or the cache); every source
must have its name or one alias in that text; no span may be both required and forbidden; with
--part, every page must belong to that part of the split (sha1 of the name, odd = test).
Prints one line per problem and a summary; exits 1 when there is a problem.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.newsset import (  # noqa: E402
    LEE_FILES,
    LeeCorpusError,
    article_from_mercury,
    lee_path,
    mercury_pages,
    mercury_path,
    read_lee,
)

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared/corpus/readability-pages"
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "th",
    "blockquote",
    "figcaption",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "pre",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")


def page_text(corpus: Path, name: str) -> str:
    parser = _Text()
    parser.feed((corpus / name / "expected.html").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def part_of(name: str) -> str:
    return "test" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 1 else "dev"


def corpus_texts(corpus: Path) -> Callable[[str], str | None]:
    """Return the text of a corpus page by name (None when there is no such page)."""

    def text_of(name: str) -> str | None:
        if not name or not (corpus / name / "expected.html").is_file():
            return None
        return page_text(corpus, name)

    return text_of


def mercury_texts(folder: Path) -> Callable[[str], str | None]:
    """Return the text publish's HTML reader makes of a saved page by name (None when there is
    no such page): headline, standfirst and body blocks, whitespace collapsed."""
    pages = mercury_pages(folder)

    def text_of(name: str) -> str | None:
        if name not in pages:
            return None
        article = article_from_mercury(pages[name])
        parts = [article.headline, article.standfirst or ""]
        parts += [text for _, text in article.text_blocks]
        return " ".join(" ".join(parts).split())

    return text_of


def check(
    labels: list[dict[str, Any]], text_of: Callable[[str], str | None], where: str, part: str | None
) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for entry in labels:
        name = str(entry.get("page", ""))
        found = text_of(name)
        if found is None:
            problems.append(f"{name or '?'}: no such page in {where}")
            continue
        if name in seen:
            problems.append(f"{name}: labelled twice")
        seen.add(name)
        if part and part_of(name) != part:
            problems.append(f"{name}: belongs to the {part_of(name)} part, not {part}")
        text = found
        figures = entry.get("figures") or {}
        for kind in ("core", "optional", "never"):
            for span in figures.get(kind) or []:
                if not isinstance(span, str) or not span.strip():
                    problems.append(f"{name}: figures.{kind}: empty or non-text span {span!r}")
                elif span not in text:
                    problems.append(f"{name}: figures.{kind}: {span!r} not in the text")
        wanted = set(figures.get("core") or []) | set(figures.get("optional") or [])
        for span in sorted(wanted & set(figures.get("never") or [])):
            problems.append(f"{name}: {span!r} is both wanted and never")
        sources = entry.get("sources") or {}
        for kind in ("core", "optional"):
            for source in sources.get(kind) or []:
                names = [source.get("name", "")] + list(source.get("aliases") or [])
                if not any(n and n in text for n in names):
                    problems.append(
                        f"{name}: sources.{kind}: {names[0]!r} (nor an alias) not in the text"
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("labels", type=Path)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--part", choices=("dev", "test"))
    args = ap.parse_args(argv)
    labels = yaml.safe_load(args.labels.read_text(encoding="utf-8")) or []
    lee_file = next((f for f in LEE_FILES if args.labels.name.startswith(f"{f.prefix}-")), None)
    if lee_file is not None:
        lee = lee_path(lee_file)
        if not lee.is_file():
            print(f"{lee}: error: the Lee corpus is absent (python benchmarks/fetch_lee.py)")
            return 1
        try:
            stories = {k: " ".join(v.split()) for k, v in read_lee(lee, lee_file).items()}
        except LeeCorpusError as exc:
            print(exc)
            return 1
        problems = check(labels, stories.get, str(lee), args.part)
    elif args.labels.name.startswith("mercury-"):
        folder = mercury_path()
        if not folder.is_dir():
            print(
                f"{folder}: error: the saved pages are absent (python benchmarks/fetch_mercury.py)"
            )
            return 1
        problems = check(labels, mercury_texts(folder), str(folder), args.part)
    else:
        problems = check(labels, corpus_texts(args.corpus), str(args.corpus), args.part)
    for line in problems:
        print(f"{args.labels}: error: {line}")

    def count(group: str, kinds: tuple[str, ...]) -> int:
        return sum(len((e.get(group) or {}).get(k) or []) for e in labels for k in kinds)

    figures = count("figures", ("core", "optional", "never"))
    core = count("figures", ("core",))
    sources = count("sources", ("core", "optional"))
    empty = sum(1 for e in labels if not (e.get("figures") or {}).get("core"))
    print(
        f"{len(labels)} pages, {figures} figure spans ({core} core), {sources} sources, "
        f"{empty} pages with no core figure, {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
