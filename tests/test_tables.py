"""Tables: the model's Table block, GFM pipe tables in Markdown, and how both formats show them."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

import pytest
from lxml import html as lxml_html
from pydantic import ValidationError

from publish.model import Article, Emphasis, Table
from publish.pipeline import BuildSettings, load_article
from publish.readers import read_article
from publish.render.templates import Theme, render_article
from tests.checkers import build_checked
from tests.conftest import ARTICLES

RAIN = ARTICLES / "rain-tables.md"


def cell(text: str) -> dict[str, object]:
    return {"inlines": [{"type": "text", "text": text}]}


def test_table_rows_must_match_the_columns() -> None:
    with pytest.raises(ValidationError, match="table body row 2 has 1 cells, the table has 2"):
        Table.model_validate(
            {
                "align": [None, "right"],
                "rows": [{"cells": [cell("a"), cell("1")]}, {"cells": [cell("b")]}],
            }
        )


def test_a_table_needs_a_row() -> None:
    with pytest.raises(ValidationError, match="at least one row"):
        Table.model_validate({"align": [None]})


def test_markdown_pipe_table(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-01-02\n---\n\n"
        "| Town | People |\n|:--|--:|\n| *Perth* | 47,430 |\n| Oban |\n",
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    (table,) = article.body
    assert isinstance(table, Table)
    assert table.align == ("left", "right")
    assert [c.text for c in table.header[0].cells] == ["Town", "People"]
    assert isinstance(table.rows[0].cells[0].inlines[0], Emphasis)
    assert [c.text for c in table.rows[1].cells] == ["Oban", ""]  # short rows are padded


def test_extra_cells_are_dropped_with_a_warning(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "t.md"
    path.write_text(
        "---\ntitle: T\ndate: 2024-01-02\n---\n\n| Port | Boats |\n|---|---|\n"
        "| Oban | 4 | spare | more |\n| Mallaig \\| Skye | 2 |\n",
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    (table,) = article.body
    assert isinstance(table, Table)
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Oban", "4"],
        ["Mallaig | Skye", "2"],
    ]
    assert [r.getMessage() for r in expect_warnings.records] == [
        f"{path}:8: warning: table row has 4 cells, the header 2; the last 2 are left out"
    ]


@pytest.mark.parametrize("target", ["pdf", "epub"])
def test_table_renders_accessibly(target: Literal["pdf", "epub"]) -> None:
    article, _ = load_article(str(RAIN))
    tree = lxml_html.fromstring(render_article(article, target=target, theme=Theme()).encode())
    tables = tree.findall(".//table")
    assert len(tables) == 2
    heads = tables[0].findall("./thead/tr/th")
    assert [th.get("scope") for th in heads] == ["col"] * 4
    assert heads[1].get("class") == "align-right"
    assert len(tables[0].findall("./tbody/tr")) == 45


def test_table_with_caption_and_row_headers() -> None:
    table = {
        "type": "table",
        "caption": [{"type": "text", "text": "Catch by port"}],
        "align": [None, "right"],
        "row_headers": True,
        "header": [{"cells": [cell("Port"), cell("Tonnes")]}],
        "rows": [{"cells": [cell("Ullapool"), cell("1,204")]}],
    }
    article = Article.model_validate({"headline": "H", "date": "2024-01-02", "body": [table]})
    tree = lxml_html.fromstring(render_article(article, target="epub", theme=Theme()).encode())
    assert tree.findtext(".//table/caption") == "Catch by port"
    row_head = tree.find(".//tbody/tr/th")
    assert row_head is not None and row_head.get("scope") == "row"
    assert row_head.text == "Ullapool"


@pytest.mark.slow
def test_long_table_builds_into_real_tables(tmp_path: Path) -> None:
    (result,) = build_checked([str(RAIN)], BuildSettings(out_dir=tmp_path))
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    with zipfile.ZipFile(epub) as book:
        body = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert body.count("<table") == 2
    assert '<th scope="col"' in body
    assert not result.warnings
