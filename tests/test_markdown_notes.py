"""Markdown as people write it: footnotes as the author's notes (merged with the enricher's),
heading ids from the heading text, and links to missing anchors."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.model import Heading, Link, NoteRef, Paragraph, plain_text
from publish.model.anchors import block_ids
from publish.pipeline import load_article
from publish.readers import read_article
from publish.settings import BuildSettings
from tests.checkers import build_checked, epub_documents

FM = "---\ntitle: Quay repairs\ndate: 2024-03-04\n---\n\n"


def _write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "story.md"
    path.write_text(FM + body, encoding="utf-8")
    return str(path)


def _markers(article_body: tuple[object, ...]) -> list[tuple[int, int]]:
    return [
        (n.number, n.occurrence)
        for b in article_body
        if isinstance(b, Paragraph)
        for n in b.inlines
        if isinstance(n, NoteRef)
    ]


NOTES = (
    "The quay wall cracked in the January storm.[^survey] Repairs start in May, the harbour "
    "master said. The bill is now twice the first estimate.[^budget]\n\n"
    "A second survey confirmed the damage.[^survey]\n\n"
    "[^survey]: Structural survey, [Harbour Trust](https://trust.example/survey), "
    "February 2024.\n"
    "[^budget]: Council budget papers,\n    item 7.\n"
)


def test_footnotes_become_the_authors_notes(tmp_path: Path) -> None:
    article, _ = read_article(_write(tmp_path, NOTES))
    assert [(n.number, n.kind, n.source, n.mentions) for n in article.source_notes] == [
        (
            1,
            "footnote",
            "Structural survey, Harbour Trust (https://trust.example/survey), February 2024.",
            2,
        ),
        (2, "footnote", "Council budget papers, item 7.", 1),
    ]
    assert _markers(article.body) == [(1, 1), (2, 1), (1, 2)]
    assert "[^" not in " ".join(b.text for b in article.body if isinstance(b, Paragraph))


def test_the_enrichers_notes_join_the_authors_in_reading_order(tmp_path: Path) -> None:
    article, _ = load_article(_write(tmp_path, NOTES))
    assert [(n.number, n.kind, n.source) for n in article.source_notes] == [
        (
            1,
            "footnote",
            "Structural survey, Harbour Trust (https://trust.example/survey), February 2024.",
        ),
        (2, "attribution", "the harbour master"),
        (3, "footnote", "Council budget papers, item 7."),
    ]
    assert _markers(article.body) == [(1, 1), (2, 1), (3, 1), (1, 2)]


def test_a_sentence_the_author_cited_is_not_noted_again(tmp_path: Path) -> None:
    body = (
        "Repairs start in May, the harbour master said.[^log] The crane arrives later.\n\n"
        "[^log]: Harbour log, 3 March.\n"
    )
    article, _ = load_article(_write(tmp_path, body))
    assert [(n.kind, n.source) for n in article.source_notes] == [
        ("footnote", "Harbour log, 3 March.")
    ]


def test_an_editors_notes_act_beside_the_authors(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Quay repairs\ndate: 2024-03-04\nnotes_drop: [the harbour "
        "master]\n---\n\n" + NOTES,
        encoding="utf-8",
    )
    article, _ = load_article(str(path))
    assert [n.kind for n in article.source_notes] == ["footnote", "footnote"]
    assert _markers(article.body) == [(1, 1), (2, 1), (1, 2)]


def test_uncited_and_undefined_footnotes_are_warnings(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    name = _write(
        tmp_path,
        "The pier reopened.[^open] It was busy.[^crowd]\n\n"
        "[^open]: Pier notice.\n\n[^spare]: Never cited.\n",
    )
    article, _ = read_article(name)
    assert [n.source for n in article.source_notes] == ["Pier notice."]
    logged = [r.getMessage() for r in expect_warnings.records]
    assert f"{name}:10: warning: footnote [^spare] is never cited in the text; left out" in logged
    assert any(
        m.startswith(f"{name}:6: warning: footnote marker [^crowd] has no footnote") for m in logged
    ), logged


GUIDE = (
    "Jump to [the costs](#costs-and-delays), [the repeat](#costs-and-delays-2) or "
    "[a lost part](#no-such-part).\n\n"
    "## Costs and delays\n\nThe bill rose by a third, the treasurer said.[^budget]\n\n"
    "## Costs and delays\n\n| Item | Cost |\n|---|--:|\n| Wall | 4,100 |\n| Crane | 900 |\n\n"
    "## \u00bfQu\u00e9 pasa?\n\nBack to [the start](#top).\n\n"
    "[^budget]: Council budget papers, item 7.\n"
)


def test_heading_ids_come_from_the_heading_text(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article, _ = read_article(_write(tmp_path, GUIDE))
    ids = block_ids(article.body)
    assert [i for i in ids if not i.startswith("b")] == [
        "costs-and-delays",
        "costs-and-delays-1",  # GitHub numbers a repeat from 1
        "que-pasa",  # GitHub's "qué-pasa" is not ASCII: the words transliterated
    ]
    assert block_ids(article.body) == ids  # derived, so the same on every build


README_LIKE = (
    "Contents: [building](#building-nodejs), [Unix](#unixmacos), [again](#unixmacos-1), "
    "[older spelling](#unix-macos-2), [Spanish](#qu\u00e9-pasa), [numbered](#3-limits).\n\n"
    "## Building Node.js\n\nText.\n\n## Unix/macOS\n\nOne.\n\n## Unix/macOS\n\nTwo.\n\n"
    "## \u00bfQu\u00e9 pasa?\n\nThree.\n\n## 3. Limits\n\nFour.\n"
)


def test_links_written_for_github_reach_their_headings(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article, _ = read_article(_write(tmp_path, README_LIKE))
    ids = block_ids(article.body)
    headings = [i for i, b in zip(ids, article.body, strict=True) if isinstance(b, Heading)]
    assert headings == [
        "building-nodejs",  # punctuation dropped, as GitHub does: not "building-node-js"
        "unixmacos",
        "unixmacos-1",
        "que-pasa",
        "3-limits",
    ]
    first = article.body[0]
    assert isinstance(first, Paragraph)
    hrefs = [n.href for n in first.inlines if isinstance(n, Link)]
    # Each link reaches its heading; other spellings of an id are pointed at the id itself.
    assert hrefs == [
        "#building-nodejs",
        "#unixmacos",
        "#unixmacos-1",
        "#unixmacos-1",
        "#que-pasa",
        "#3-limits",
    ]
    assert not expect_warnings.records


def test_a_heading_named_like_a_block_id_keeps_its_own(tmp_path: Path) -> None:
    article, _ = read_article(_write(tmp_path, "## B1\n\nText.\n\n## Top\n\nMore.\n"))
    assert block_ids(article.body) == ("b1-section", "b1", "top-2", "b3")


def test_a_link_to_a_missing_anchor_keeps_its_words(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    name = _write(tmp_path, GUIDE)
    article, _ = read_article(name)
    first = article.body[0]
    assert isinstance(first, Paragraph)
    assert [n.href for n in first.inlines if isinstance(n, Link)] == [
        "#costs-and-delays",
        "#costs-and-delays-1",  # the second heading's id, asked for by its older spelling
    ]
    assert "or a lost part." in plain_text(first.inlines)
    assert [r.getMessage() for r in expect_warnings.records] == [
        f'{name}:6: warning: link to "#no-such-part": no heading or block has that id; '
        "its words are kept without the link"
    ]


def test_long_markdown_builds_with_working_links_notes_and_tables(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    source = _write(tmp_path, GUIDE.replace(" or [a lost part](#no-such-part)", ""))
    (result,) = build_checked([source], BuildSettings(out_dir=tmp_path / "out"))
    assert not [r.getMessage() for r in expect_warnings.records]  # WeasyPrint's included
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    page = next(doc for name, doc in epub_documents(epub).items() if "article" in name)
    ids = {el.get("id") for el in page.iter() if el.get("id")}
    hrefs = [el.get("href") or "" for el in page.iter() if (el.get("href") or "").startswith("#")]
    assert {"#costs-and-delays", "#costs-and-delays-1", "#top"} <= set(hrefs)
    assert all(h[1:] in ids for h in hrefs), sorted(set(hrefs) - {f"#{i}" for i in ids})
    assert any(el.tag.endswith("table") for el in page.iter())
    notes = [el for el in page.iter() if el.get("id") == "note-1"]
    assert notes and "Council budget papers" in "".join(notes[0].itertext())
