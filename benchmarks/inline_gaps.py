"""Count the corpus pages whose words run together where the page had a space between tags.

Run: .venv/bin/python benchmarks/inline_gaps.py [--root DIR] [--show]
For each page of ../shared/corpus/readability-pages, finds in the saved HTML every pair of
inline elements (`<a>`, `<b>`, `<span>`, ...) that only white space separates, and looks for
the two words either side of that space in the article text the HTML reader extracts: a page
counts as affected when some pair comes out glued ("onetwo") instead of spaced. --root reads
the `publish` package from another checkout (e.g. main, to measure before a change); --show
prints the glued pairs' count per page (no corpus text).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus" / "readability-pages"
INLINE = set(
    "a abbr b cite code del dfn em font i ins kbd mark q s samp small span strong sub sup "
    "time tt u var".split()
)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|div|blockquote|figcaption|pre|tr)>", re.I)


def gaps(html: str) -> list[tuple[str, str]]:
    """Return (last word before, first word after) of each white-space gap between inlines."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for el in tree.iter(*INLINE):
        if not el.tail or el.tail.strip():
            continue
        after = el.getnext()
        if after is None or not isinstance(after.tag, str) or after.tag not in INLINE:
            continue
        left = re.findall(r"\w+", el.text_content())
        right = re.findall(r"\w+", after.text_content())
        if left and right and not (after.text_content()[:1].isspace()):
            found.append((left[-1], right[0]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    import lxml.html

    from publish.readers.html import extract_page

    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    affected = 0
    pages = sorted(CORPUS.iterdir())
    for folder in pages:
        html = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
        _, inner = extract_page(html)
        if not inner.strip():
            continue
        text = lxml.html.fromstring(f"<div>{BLOCK_END.sub(lambda m: m[0] + chr(10), inner)}</div>")
        plain = " ".join(text.text_content().split(chr(10)))
        glued = 0
        for left, right in set(gaps(html)):
            joined = re.search(rf"(?<!\w){re.escape(left + right)}(?!\w)", plain)
            if joined and not re.search(
                rf"(?<!\w){re.escape(left)}\s+{re.escape(right)}(?!\w)", plain
            ):
                glued += 1
        if glued:
            affected += 1
            if args.show:
                print(f"{folder.name}: {glued} glued pair(s)")
    print(f"{affected} of {len(pages)} pages have words run together across inline tags")


if __name__ == "__main__":
    main()
