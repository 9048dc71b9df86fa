"""How a PDF article ends: the provenance line never prints alone on the last page.

The line (publisher, date, authors, address) closes the article; on a page of its own, at
the top of an otherwise empty last page, it reads as a stray. It keeps the article's last
lines with it. The articles are built so that their text just fills a page, whatever block
(paragraph, list, table) ends them.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from publish.pipeline import build
from publish.settings import BuildSettings

HEADLINE = "The pier vote is put off"
SENTENCE = (
    "The council met again on Thursday to weigh the cost of the new ferry pier, "
    "and the members asked the engineers for a second estimate before the vote. "
)
CLAUSE = "Another clause. "


def _ending(kind: str, extra: int) -> str:
    if kind == "paragraph":
        return SENTENCE * 2 + CLAUSE * extra
    if kind == "list":
        return f"- {SENTENCE}\n- {SENTENCE}{CLAUSE * extra}"
    rows = "".join(f"| {2000 + year} | {year} million |\n" for year in range(extra // 2 + 2))
    return "| Year | Cost |\n|---|---|\n" + rows


def _article(folder: Path, kind: str, paragraphs: int, extra: int) -> Path:
    lines = ["---", f"title: {HEADLINE}", "date: 2024-03-04", "lang: en"]
    lines += ["publisher: Coastline Weekly", "---", ""]
    for index in range(paragraphs):
        lines += [SENTENCE * (2 + index % 3), ""]
    lines += [_ending(kind, extra), ""]
    path = folder / f"{kind}-{extra}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _last_page_lines(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = document[len(document) - 1].get_textpage().get_text_range()
    finally:
        document.close()
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("kind", "paragraphs", "extras"),
    [("paragraph", 15, (14, 18, 22, 26)), ("list", 15, (4, 8, 16, 24)), ("table", 15, (4, 8))],
)
def test_the_provenance_line_keeps_the_last_lines_with_it(
    tmp_path: Path, kind: str, paragraphs: int, extras: tuple[int, ...]
) -> None:
    for extra in extras:
        article = _article(tmp_path, kind, paragraphs, extra)
        [result] = build([str(article)], BuildSettings(out_dir=tmp_path / "out", formats=("pdf",)))
        lines = _last_page_lines(next(p for p in result.outputs if p.suffix == ".pdf"))
        assert any(line.startswith("Published by Coastline Weekly") for line in lines)
        text = [
            line
            for line in lines
            if line != HEADLINE
            and not line.startswith("Published by")
            and not line.replace(" ", "").replace("/", "").isdigit()
        ]
        assert text, f"{kind} ending (+{extra}): the provenance line is alone on its page"
