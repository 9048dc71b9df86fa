"""Byline labels ("By", "Von", "Por", "作者", "记者") are never taken as an author's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.readers import read_article
from publish.readers.bylines import byline_names
from publish.readers.html import page_authors


@pytest.mark.parametrize(
    "byline, names",
    [
        ("By Ana Ribeiro and Tom Hale", ("Ana Ribeiro", "Tom Hale")),
        ("by ana ribeiro", ("ana ribeiro",)),
        ("Written by Ines Calloway", ("Ines Calloway",)),
        ("Von Hans Müller", ("Hans Müller",)),
        ("Por María Pérez", ("María Pérez",)),
        ("Par Jean Dupont", ("Jean Dupont",)),
        ("Door Pieter de Vries", ("Pieter de Vries",)),
        ("Di Giulia Rossi", ("Giulia Rossi",)),
        ("Autor: Jan Nowak", ("Jan Nowak",)),
        ("Przez Jan Nowak", ("Jan Nowak",)),
        ("作者：林巧", ("林巧",)),
        ("作者︱春生", ("春生",)),
        ("记者 王海", ("王海",)),
        ("記者：陳明", ("陳明",)),
        ("Ana Ribeiro; Tom Hale", ("Ana Ribeiro", "Tom Hale")),
        # labels written after the names
        ("अनीता वर्मा द्वारा", ("अनीता वर्मा",)),
        ("अनीता वर्मा और राजेश कुमार द्वारा", ("अनीता वर्मा", "राजेश कुमार")),
        ("সুমিতা দাস দ্বারা", ("সুমিতা দাস",)),
        ("김민지 기자", ("김민지",)),
        ("山田花子 著", ("山田花子",)),
        ("山田花子著", ("山田花子",)),
    ],
)
def test_the_label_is_cut_from_the_names(byline: str, names: tuple[str, ...]) -> None:
    assert byline_names(byline) == names


@pytest.mark.parametrize(
    "label", ["By", "by:", "Von", "Por", "作者", "作者：", "记者", " 記者 ", "द्वारा", "기자"]
)
def test_a_bare_label_is_no_author(label: str) -> None:
    assert byline_names(label) == ()


@pytest.mark.parametrize(
    "name", ["Byron Katie", "Von Braun", "Di Maria", "Da Silva", "von Trier", "文惠", "Textor"]
)
def test_names_that_start_like_a_label_stay_whole(name: str) -> None:
    assert byline_names(name) == (name,)


def test_a_bare_label_falls_back_to_the_meta_author() -> None:
    head = '<head><meta name="author" content="林巧"><title>T</title></head>'
    assert page_authors("作者", head) == ("林巧",)
    assert page_authors("作者：", "<head></head>") == ()
    assert page_authors("By Tom Hale", head) == ("Tom Hale",)


PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="author" content="林巧"><meta name="publishdate" content="2024-03-04">
<title>港口清晨的渔船</title></head><body>
<div class="info"><span id="source">来源：本站</span><span id="author">作者：</span></div>
<div id="content"><h1>港口清晨的渔船</h1>
<p>天还没亮，渔船就一艘接一艘地驶出了防波堤，船上的灯光在水面上摇晃。</p>
<p>两艘船很早就回来了，其余的船在中午带着早上的渔获返回港口。</p>
<p>港务长像每天一样，站在码头尽头把它们一一数进港来，然后记在本子上。</p>
<p>他说今年的鱼比去年多，价格也比去年好，大家都很高兴。</p>
</div></body></html>"""


def test_a_page_whose_author_field_is_only_a_label(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article, _ = read_article(str(path))
    assert "作者" not in " ".join(article.authors)
    assert article.authors == ("林巧",)
