"""The Word reader: structure by style, footnotes as source notes, no unaccepted changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.errors import InputError
from publish.model import BlockQuote, Emphasis, Figure, Heading, Link, ListBlock, NoteRef, Strong
from publish.readers import read_article
from publish.resources import resolve_local
from tests import docx_files as D


def _write(tmp_path: Path, data: bytes, name: str = "story.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_structure_and_properties(tmp_path: Path) -> None:
    article, source = read_article(str(_write(tmp_path, D.article_docx())))
    assert article.headline == "Harbour dredging plan approved"
    assert article.authors == ("Mira Oskarsdottir", "Tom Hale")
    assert article.date.isoformat() == "2024-05-06"
    assert article.language == "en-GB"
    body = article.body
    # the Title paragraph is the headline, not a body block; Heading 1 and 2 become 2 and 3
    assert [(b.level, b.text) for b in body if isinstance(b, Heading)] == [
        (2, "What happens next"),
        (3, "Costs"),
    ]
    first = body[0]
    assert any(isinstance(n, Strong) for n in first.inlines)  # type: ignore[union-attr]
    assert any(isinstance(n, Emphasis) for n in first.inlines)  # type: ignore[union-attr]
    lists = [b for b in body if isinstance(b, ListBlock)]
    assert [(x.ordered, len(x.items)) for x in lists] == [(False, 2), (True, 2)]
    assert any(isinstance(b, BlockQuote) for b in body)
    links = [n for b in body for n in getattr(b, "inlines", ()) if isinstance(n, Link)]
    assert [x.href for x in links] == ["https://harbour.example/report"]
    figure = next(b for b in body if isinstance(b, Figure))
    assert figure.alt == "Map of the outer channel"
    assert source.folder is not None
    assert resolve_local(source.folder, figure.src).read_bytes() == D.PNG_1PX


def test_headings_by_outline_level(tmp_path: Path) -> None:
    body = (
        D.para(D.run("Pier works"), style="Title")
        + D.para(D.run("The pier closes in June."))
        + D.para(D.run("What changes"), style="ArticleHead")
        + D.para(D.run("Boats moor at the north quay."))
        + D.para(D.run("For how long"), style="Crosshead")
        + D.para(D.run("Until the autumn."), style="BodyNote")
    )
    article, _ = read_article(str(_write(tmp_path, D.docx(body))))
    assert [(b.level, b.text) for b in article.body if isinstance(b, Heading)] == [
        (2, "What changes"),
        (3, "For how long"),
    ]
    assert article.body[-1].text == "Until the autumn."  # type: ignore[union-attr]


def test_footnotes_become_source_notes_with_markers(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, D.article_docx())))
    notes = [(n.number, n.source, n.mentions) for n in article.source_notes]
    assert notes == [
        (1, "Council minutes, 2 May 2024.", 2),
        (2, "Harbour survey report, spring 2024.", 1),
    ]
    markers = [
        (n.number, n.occurrence)
        for b in article.body
        for n in getattr(b, "inlines", ())
        if isinstance(n, NoteRef)
    ]
    assert markers == [(1, 1), (2, 1), (1, 2)]
    text = " ".join(getattr(b, "text", "") for b in article.body)
    assert "[1]" not in text and "↑" not in text


def test_enrichers_keep_the_documents_notes_and_add_theirs(tmp_path: Path) -> None:
    from publish.pipeline import load_article

    article, _ = load_article(str(_write(tmp_path, D.article_docx())))
    assert [(n.kind, n.source) for n in article.source_notes] == [
        ("footnote", "Council minutes, 2 May 2024."),
        ("footnote", "Harbour survey report, spring 2024."),
        ("attribution", "the harbour master"),
    ]  # a sentence no footnote cites


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            D.tracked_docx(),
            r'1 insertion, 1 deletion\): insertion by Ana "July"; deletion by '
            r'Tom "June"; .*--accept-changes',
        ),
        (D.commented_docx(), r'1 comment\): comment by Editor "Check this figure"'),
    ],
    ids=["tracked", "comment"],
)
def test_open_changes_stop_the_build(tmp_path: Path, data: bytes, message: str) -> None:
    import re

    with pytest.raises(InputError) as info:
        read_article(str(_write(tmp_path, data)))
    assert re.search(message, str(info.value)), str(info.value)
    assert "\n" not in str(info.value)


def test_accept_changes_reads_the_accepted_text(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, D.tracked_docx())), accept_changes=True)
    assert article.body[0].text.startswith("The quay reopens in July after")  # type: ignore
    assert "June" not in article.body[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (D.entity_docx(), "declares XML entities"),
        (D.many_members_docx(), "holds 2108 files; the limit is 2000"),
        (b"PK\x03\x04 not really a zip", "not a zip archive"),
        (D.docx(D.para(D.run("Words.")), core_xml=D.core("", "A", "2024-01-01")), "no headline"),
        (D.docx(D.para(D.run("Words.")), core_xml=D.core("T", "A", "")), "no date"),
        (D.docx("", core_xml=D.core("T", "A", "2024-01-01")), "no text"),
    ],
    ids=["entities", "members", "not-zip", "no-headline", "no-date", "empty"],
)
def test_broken_files_are_one_line_errors(
    tmp_path: Path, data: bytes, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(InputError) as info:
        read_article(str(_write(tmp_path, data)))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_article(str(_write(tmp_path, D.zip_bomb_docx())))
    assert "unpacks to 300 MB; the limit is 200 MB" in str(info.value)
