"""Editorial control: front matter and JSON pin, replace or drop facts and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.errors import InputError
from publish.model import Article
from publish.pipeline import enrich
from publish.readers import read_article
from tests.enriched import ARTICLES, enriched

HEAD = "---\ntitle: Library\ndate: 2024-09-01\n{front}---\n\n{body}\n"
BODY = (
    "The library reopened after a renovation that took two years and cost £3.1 million, "
    "the town council said.\n\nAbout 600 people queued, and 48 volunteers helped."
)


def write(tmp_path: Path, front: str, body: str = BODY) -> Path:
    path = tmp_path / "article.md"
    path.write_text(HEAD.format(front=front, body=body), encoding="utf-8")
    return path


def test_add_and_drop_facts_and_notes() -> None:
    article = enriched(ARTICLES / "overrides.md")
    values = [f.value for f in article.facts]
    assert "48 volunteers" in values and "48" not in values  # the pinned wording wins
    assert not any(v.lower() == "about 600" for v in values)
    pinned = next(f for f in article.facts if f.value == "48 volunteers")
    assert pinned.label == "helped move the collection back" and pinned.block == 1
    sources = [n.source for n in article.source_notes]
    assert "the architect" not in sources
    archive = next(n for n in article.source_notes if n.source == "the town archive")
    assert archive.block == 3 and archive.mentions == 1
    reporting = article.source_notes[-1]
    assert reporting.source == "Valley Courier reporting"
    assert reporting.mentions == 0 and reporting.block is None
    assert [n.number for n in article.source_notes] == [1, 2, 3]


def test_facts_replace_the_generated_box(tmp_path: Path) -> None:
    path = write(
        tmp_path, "facts:\n  - value: 48 volunteers\n  - value: two years\n    label: of work\n"
    )
    article = enriched(path)
    assert [f.value for f in article.facts] == ["48 volunteers", "two years"]
    assert article.facts[1].label == "of work"
    assert "volunteers" not in article.facts[0].label.split()  # no word said twice
    assert article.facts[0].block == 1 and article.facts[1].block == 0


def test_notes_replace_the_generated_notes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "notes:\n  - source: Millford Council minutes\n    anchor: About 600 people queued\n",
    )
    article = enriched(path)
    assert [n.source for n in article.source_notes] == ["Millford Council minutes"]
    assert article.source_notes[0].block == 1


def test_overrides_are_deterministic(tmp_path: Path) -> None:
    path = write(tmp_path, "facts_add: [48 volunteers]\nnotes_drop: [the town council]\n")
    assert enriched(path) == enriched(path)
    assert enriched(path).source_notes == ()


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("facts_add:\n  - value: 3 million visitors\n", 4, "does not appear in the article"),
        ("facts: 12\n", 4, "must be a list"),
        ("facts_drop:\n  - {a: 1}\n", 4, "facts_drop[1]"),
        ("notes_add:\n  - cue: said\n", 4, "notes_add[1].source"),
        (
            "notes_add:\n  - source: X\n    anchor: nowhere to be found\n",
            4,
            'anchor "nowhere to be found"',
        ),
    ],
)
def test_bad_overrides_name_the_file_and_line(
    tmp_path: Path, front: str, line: int, message: str
) -> None:
    path = write(tmp_path, front)
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    error = caught.value
    assert error.file == str(path) and error.line == line
    assert message in error.message


def test_json_carries_the_same_overrides() -> None:
    article = enriched(ARTICLES / "pinned.json")
    assert [(f.value, f.label) for f in article.facts] == [("24 crossings", "a day from July")]
    assert article.source_notes == ()


def test_json_with_facts_given_keeps_them(tmp_path: Path) -> None:
    article, _ = read_article(str(ARTICLES / "pinned.json"))
    once = enrich(article)
    dumped = tmp_path / "dumped.json"
    data = once.model_copy(update={"editorial": type(once.editorial)()}).model_dump_json()
    dumped.write_text(data, encoding="utf-8")
    again, _ = read_article(str(dumped))
    assert enrich(again).facts == once.facts
    assert isinstance(again, Article)


def test_json_markers_without_their_note_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dangling.json"
    path.write_text(
        '{"headline": "H", "date": "2024-01-01", "source_notes": [{"number": 1, '
        '"source": "A"}], "body": [{"type": "paragraph", "inlines": [{"type": "text", '
        '"text": "Text."}, {"type": "noteref", "number": 2}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert "note marker 2 has no source note" in caught.value.message


def test_markers_given_without_notes_are_placed_anew(tmp_path: Path) -> None:
    path = tmp_path / "markers.json"
    path.write_text(
        '{"headline": "H", "date": "2024-01-01", "body": [{"type": "paragraph", "inlines": '
        '[{"type": "text", "text": "Prices rose, the ministry said."}, '
        '{"type": "noteref", "number": 1}]}]}',
        encoding="utf-8",
    )
    article = enriched(path)
    assert [n.source for n in article.source_notes] == ["the ministry"]
    paragraph = article.body[0]
    refs = [n for n in paragraph.inlines if n.type == "noteref"]  # type: ignore[union-attr]
    assert len(refs) == 1
