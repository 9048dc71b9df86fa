"""The Lee corpus's stories: fetched only when asked, checked against the pinned file, read as
one-paragraph articles with no headline of their own."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from benchmarks.fetch_lee import MEMBER, main
from publish.enrich.numbers import find_figures
from publish.model import Paragraph
from tests.newsset import LEE_SHA256, PAIRS, article_from_lee, lee_path, read_lee


def _wheel(folder: Path, members: dict[str, bytes]) -> Path:
    wheel = folder / "gensim-4.4.0-cp311-cp311-manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return wheel


def test_a_wheel_with_another_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wheel = _wheel(tmp_path, {MEMBER: b"not the stories\n"})
    target = tmp_path / "cache" / "lee_background.cor"
    assert main(["--wheel", str(wheel), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{wheel}!{MEMBER}: error: sha256" in err
    assert LEE_SHA256 in err
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    ("members", "problem"),
    [({"gensim/__init__.py": b""}, f"holds no {MEMBER}"), (None, "not a readable wheel")],
)
def test_a_wheel_without_the_stories_is_a_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    members: dict[str, bytes] | None,
    problem: str,
) -> None:
    if members is None:
        wheel = tmp_path / "broken.whl"
        wheel.write_bytes(b"not a zip")
    else:
        wheel = _wheel(tmp_path, members)
    assert main(["--wheel", str(wheel), "--to", str(tmp_path / "lee.cor")]) == 1
    assert capsys.readouterr().err.startswith(f"{wheel}: error: {problem}")


def test_the_pinned_files_are_taken_out_whole(
    tmp_path: Path, lee_corpus_path: Path, lee_pairs_path: Path
) -> None:
    data, pairs = lee_corpus_path.read_bytes(), lee_pairs_path.read_bytes()
    members = {"gensim/__init__.py": b"", MEMBER: data}
    wheel = _wheel(tmp_path, {**members, "gensim/test/test_data/lee.cor": pairs})
    target = tmp_path / "out" / "lee_background.cor"
    assert main(["--wheel", str(wheel), "--to", str(target)]) == 0
    assert target.read_bytes() == data
    assert (target.parent / "lee.cor").read_bytes() == pairs
    assert not list(target.parent.glob("*.part"))


def test_a_wheel_missing_one_file_writes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lee_corpus_path: Path
) -> None:
    wheel = _wheel(tmp_path, {MEMBER: lee_corpus_path.read_bytes()})
    target = tmp_path / "out" / "lee_background.cor"
    assert main(["--wheel", str(wheel), "--to", str(target)]) == 1
    assert "holds no gensim/test/test_data/lee.cor" in capsys.readouterr().err
    assert not target.parent.exists()


def test_the_environment_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PUBLISH_LEE_CORPUS", str(tmp_path / "x.cor"))
    assert lee_path() == tmp_path / "x.cor"
    assert lee_path(PAIRS) == tmp_path / "lee.cor"  # beside it
    monkeypatch.delenv("PUBLISH_LEE_CORPUS")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lee_path() == tmp_path / "publish-news" / "lee_background.cor"
    assert lee_path(PAIRS) == tmp_path / "publish-news" / "lee.cor"


def test_each_line_is_one_story_with_no_headline(lee_corpus_path: Path) -> None:
    stories = read_lee(lee_corpus_path)
    assert len(stories) == 300
    assert list(stories)[:2] == ["lee-000", "lee-001"] and "lee-299" in stories
    article = article_from_lee("lee-007", stories["lee-007"])
    assert article.headline == "lee-007" and not find_figures(article.headline)
    (paragraph,) = article.body
    assert isinstance(paragraph, Paragraph)
    assert article.text_blocks[0][1] == " ".join(stories["lee-007"].split())


def test_the_fifty_other_stories_are_read_from_latin_1(
    lee_pairs_path: Path, lee_corpus_path: Path
) -> None:
    stories = read_lee(lee_pairs_path, PAIRS)
    assert len(stories) == 50
    assert list(stories)[:2] == ["leesim-00", "leesim-01"] and "leesim-49" in stories
    assert sum("\N{POUND SIGN}" in story for story in stories.values()) == 1
    background = set(read_lee(lee_corpus_path).values())
    assert not background & set(stories.values())
