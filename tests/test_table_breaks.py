"""A page break never leaves a table's first or last body row alone (styles/print.css).

Three tables of our own (three, five and twelve rows) are set after a growing run of filler
paragraphs on a small page, so that each is met by the page's foot at every row; on no page
may a table show just one of its body rows, unless it has only one.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from publish.pipeline import build
from publish.settings import BuildSettings

FILLER = (
    "The survey boat left the quay before dawn and the crew checked each buoy along the "
    "channel, writing the depth beside the number painted on its side."
)


def _table(rows: int) -> str:
    body = "\n".join(f"| Buoy{n:02d} | {n * 3} | {40 + n} |" for n in range(1, rows + 1))
    return "| Buoy | Depth (m) | Drift (cm) |\n|:--|--:|--:|\n" + body + "\n"


def _rows_per_page(folder: Path, rows: int, fillers: int) -> list[int]:
    source = folder / f"t{rows}-{fillers}.md"
    paragraphs = "\n\n".join([FILLER] * fillers)
    source.write_text(
        "---\ntitle: Buoys of the channel\ndate: 2024-03-15\nprint:\n  paper: 105mmx148mm\n"
        f"---\n\n{paragraphs}\n\n{_table(rows)}\nThe boat came back at noon.\n",
        encoding="utf-8",
    )
    out = folder / f"out-{rows}-{fillers}"
    build([str(source)], BuildSettings(out_dir=out, formats=("pdf",)))
    document = pdfium.PdfDocument(str(next(out.glob("*.pdf"))))
    counts = []
    for page in document:
        text = page.get_textpage().get_text_range()
        counts.append(sum(f"Buoy{n:02d}" in text for n in range(1, rows + 1)))
    document.close()
    return [count for count in counts if count]


@pytest.mark.slow
@pytest.mark.parametrize("rows", [3, 5, 12])
def test_no_page_holds_one_row_of_a_table(tmp_path: Path, rows: int) -> None:
    split = 0
    for fillers in range(2, 9):
        counts = _rows_per_page(tmp_path, rows, fillers)
        assert sum(counts) == rows
        assert all(count >= 2 for count in counts), (fillers, counts)
        split += len(counts) > 1
    if rows == 12:
        assert split, "the long table never split: the test no longer reaches the page foot"
