"""The intermediate HTML of each reader's sample, against golden files in tests/golden/.

After an intended change to templates or enrichers, refresh them with
`python -m pytest tests/test_golden_html.py --save-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.pipeline import load_article
from publish.render.templates import Theme, render_article
from tests.conftest import ARTICLES, SEED, shared_file

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "reference-text": SEED,
    "field-notes-markdown": ARTICLES / "field-notes.md",
    "harbour-json": ARTICLES / "harbour.json",
}


@pytest.mark.parametrize("target", ["pdf", "epub"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_html_matches_golden(case: str, target: str, save_golden: bool) -> None:
    source = shared_file(CASES[case]) if case == "reference-text" else CASES[case]
    article, _ = load_article(str(source))
    stylesheets = ("style/base.css", "style/epub.css") if target == "epub" else ()
    html = render_article(article, target=target, theme=Theme(), stylesheets=stylesheets)
    golden = GOLDEN / case / f"{target}.html"
    if save_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert golden.is_file(), f"missing {golden}; run pytest with --save-golden"
    assert html == golden.read_text(encoding="utf-8")
