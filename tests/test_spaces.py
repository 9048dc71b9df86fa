"""Runs of spaces in the text print as one gap; the model keeps the text as written."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from publish.pipeline import BuildSettings, build, load_article
from publish.render.templates import Theme, collapse_spaces, render_article

ARTICLE = """---
title: "Ferry  fares\u00a0 rise"
date: 2024-02-01
lang: en
---

The route carries around\u00a0 8,400 passengers a week, up from\u2007\u00a07,900.

Fares went up by  12 percent\u202f \u202fin March.
"""


def test_collapse_keeps_one_space_and_prefers_a_no_break_one() -> None:
    assert collapse_spaces("around\u00a0 120,000") == "around\u00a0120,000"
    assert collapse_spaces("a  \t b") == "a b"
    assert collapse_spaces("one two") == "one two"
    assert collapse_spaces("line\n\nbreak") == "line\n\nbreak"


def test_rendered_text_has_single_gaps_and_model_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text(ARTICLE, encoding="utf-8")
    article, _ = load_article(str(path))
    assert "around\u00a0 8,400" in article.body[0].inlines[0].text  # type: ignore[union-attr]
    html = render_article(article, target="pdf", theme=Theme())
    assert "around\u00a08,400" in html and "from\u2007" in html
    [result] = build([str(path)], BuildSettings(out_dir=tmp_path / "out", formats=("pdf",)))
    pdf = pdfium.PdfDocument(str(next(p for p in result.outputs if p.suffix == ".pdf")))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    gaps = [
        text[i : i + 20]
        for i in range(len(text) - 1)
        if text[i] in " \u00a0\u202f\u2007" and text[i + 1] in " \u00a0\u202f\u2007"
    ]
    assert "8,400" in text and gaps == []
