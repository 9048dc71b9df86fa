"""Which paragraphs open with an indent: a paragraph that follows another one; never the first
after a heading, a list, a quotation, a figure, code or a table, where the space above already
shows the new paragraph (the indent would mark a break that is there)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from publish.pipeline import build
from publish.settings import BuildSettings

TEXT = "The ferry left the quay at seven and the crew counted the crates twice before noon."

ARTICLE = f"""---
title: The ferry timetable
date: 2024-03-04
lang: en
---

Opening words. {TEXT}

Second words. {TEXT}

## A heading

Heading words. {TEXT}

| Route | Trips |
|---|---|
| North | 12 |

Table words. {TEXT}

- One item of a list.

List words. {TEXT}
"""


def _starts(pdf: Path, words: list[str]) -> dict[str, float]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0].get_textpage()
        text = page.get_text_range()
        return {word: page.get_charbox(text.index(word))[0] for word in words}
    finally:
        document.close()


@pytest.fixture(scope="module")
def starts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    folder = tmp_path_factory.mktemp("indents")
    path = folder / "ferry.md"
    path.write_text(ARTICLE, encoding="utf-8")
    [result] = build([str(path)], BuildSettings(out_dir=folder / "out", formats=("pdf",)))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    return _starts(pdf, ["Opening", "Second", "Heading", "Table", "List"])


def test_a_paragraph_after_a_paragraph_is_indented(starts: dict[str, float]) -> None:
    assert starts["Second"] > starts["Opening"] + 5


@pytest.mark.parametrize("after", ["Heading", "Table", "List"])
def test_a_paragraph_after_another_block_is_not(starts: dict[str, float], after: str) -> None:
    assert starts[after] == pytest.approx(starts["Opening"], abs=0.5)


CHINESE = """---
title: 渡轮时刻表
date: 2024-03-04
lang: zh
---

渡轮早上七点离开码头，船员在中午之前把货箱清点了两遍。

- 列表里的一项说明。

> 引文里的一句话说明。
"""


def test_chinese_paragraphs_are_indented_but_not_list_items_or_quotes(tmp_path: Path) -> None:
    """Chinese indents every paragraph of the text by two ideographs; an item of a list or a
    quotation opens where its block begins, as in any other language."""
    path = tmp_path / "ferry.md"
    path.write_text(CHINESE, encoding="utf-8")
    [result] = build([str(path)], BuildSettings(out_dir=tmp_path / "out", formats=("pdf",)))
    starts = _starts(
        next(p for p in result.outputs if p.suffix == ".pdf"), ["渡轮早", "列表", "引文"]
    )
    assert starts["列表"] < starts["渡轮早"] and starts["引文"] < starts["渡轮早"]
