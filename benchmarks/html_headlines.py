"""Tell, for each saved page in a folder, whether the reader's headline agrees with the page's
own metadata titles.

Run: .venv/bin/python benchmarks/html_headlines.py FOLDER [--json FILE]

FOLDER holds saved pages (``*.html``, at any depth: the saved pages of Mercury Parser's tests,
``~/.cache/publish-news/mercury-parser-1.1.1``, or ``../shared/corpus/readability-pages``). A
page's metadata titles are its og:title, twitter:title and schema.org headline (in a
``content`` attribute, or ``value`` as Mercury's saved pages write it) and its ``<title>``;
the headline agrees with one when they share at least half their words (Dice,
publish.readers.html_headline.agreement). Prints each page whose headline agrees with none,
then the count. ``--json FILE`` writes every page's headline, to compare two runs.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.errors import PublishError  # noqa: E402
from publish.readers import read_article  # noqa: E402
from publish.readers.html_headline import AGREE, agreement  # noqa: E402

_NAMED = re.compile(
    r"""\b(?:name|property|itemprop)\s*=\s*["']?(?:og:title|twitter:title|headline)["'\s/>]""",
    re.IGNORECASE,
)
_VALUE = re.compile(r"""\b(?:content|value)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def metadata_titles(page: str) -> list[str]:
    """Return the titles the page's metadata and its <title> give, in that order."""
    found = []
    for tag in re.findall(r"<meta\b[^>]*>", page, re.IGNORECASE):
        value = _VALUE.search(tag) if _NAMED.search(tag) else None
        if value:
            found.append(html.unescape(value.group(1) or value.group(2) or ""))
    title = re.search(r"<title[^>]*>(.*?)</title>", page, re.IGNORECASE | re.DOTALL)
    if title:
        found.append(" ".join(html.unescape(title.group(1)).split()))
    return [t for t in found if t.strip()]


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    folder = Path(argv[0])
    out = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    logging.disable(logging.CRITICAL)
    pages = sorted(p for p in folder.rglob("*.html") if p.name != "expected.html")
    headlines: dict[str, str] = {}
    disagree = 0
    for path in pages:
        name = str(path.relative_to(folder))
        try:
            article, _ = read_article(str(path))
        except PublishError as exc:
            print(f"{name}: not read ({exc})")
            continue
        headlines[name] = article.headline
        titles = metadata_titles(path.read_text(encoding="utf-8", errors="replace"))
        if titles and max(agreement(article.headline, t) for t in titles) < AGREE:
            disagree += 1
            print(f"{name}: {article.headline!r} agrees with none of {titles[:2]!r}")
    print(f"{len(headlines) - disagree} of {len(headlines)} headlines agree with a metadata title")
    if out is not None:
        out.write_text(json.dumps(headlines, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
