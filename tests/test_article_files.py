"""What the writers get of the input: the files an article uses, resolved once by the pipeline.

The writers never see the reader's `Source`: `ArticleFiles` names the article, the folder its
files may be read under, each figure's file and the cover's, and a bad one is refused before
anything is rendered, whichever outputs are asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.article_files import ArticleFiles, resolve_files
from publish.cli import app
from publish.errors import InputError
from publish.model import Article, Block, Figure, Paragraph, Text
from publish.pipeline import build
from publish.settings import BuildSettings
from tests.images import png


def _article(*srcs: str, cover: str | None = None) -> Article:
    blocks: list[Block] = [Paragraph(inlines=(Text(text="The quay reopened on Monday."),))]
    blocks += [Figure(src=src, alt=f"Picture {src}") for src in srcs]
    return Article(headline="Quay reopens", date=dt.date(2024, 5, 6), body=blocks, cover=cover)


def test_figures_once_each_in_order_and_the_cover(tmp_path: Path) -> None:
    for name in ("b.png", "a.png", "front.png"):
        (tmp_path / name).write_bytes(png())
    files = resolve_files(_article("b.png", "a.png", "b.png", cover="front.png"), "q.md", tmp_path)
    assert files == ArticleFiles(
        "q.md",
        tmp_path,
        (("b.png", tmp_path / "b.png"), ("a.png", tmp_path / "a.png")),
        tmp_path / "front.png",
    )
    assert list(files.image_paths()) == ["b.png", "a.png"]
    assert files.paths() == (tmp_path / "b.png", tmp_path / "a.png", tmp_path / "front.png")
    with pytest.raises(dataclasses.FrozenInstanceError):
        files.cover = None  # type: ignore[misc]


def test_an_article_without_files_needs_no_folder() -> None:
    assert resolve_files(_article(), "<stdin>", None) == ArticleFiles("<stdin>", None)


@pytest.mark.parametrize(
    "srcs, cover, folder, message",
    [
        (("map.png",), None, None, 'image "map.png": an article read from standard input'),
        ((), "front.png", None, 'cover "front.png": an article read from standard input'),
        (("../map.png",), None, "here", 'image "../map.png": may not leave the article'),
        ((), "gone.png", "here", 'cover "gone.png": no such file beside the article'),
    ],
)
def test_a_bad_file_is_refused_with_the_article_named(
    tmp_path: Path, srcs: tuple[str, ...], cover: str | None, folder: str | None, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        resolve_files(_article(*srcs, cover=cover), "q.md", tmp_path if folder else None)
    assert message in caught.value.message and caught.value.file == "q.md"


def test_a_cover_that_cannot_be_used_is_refused_for_a_pdf_too(tmp_path: Path) -> None:
    """The cover is checked when the article is read, not only when an EPUB is packed."""
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\ndate: 2024-01-02\ncover: gone.png\n---\n\nText.\n")
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "--format", "pdf"])
    assert run.exit_code == 3, run.output
    assert run.output.count("\n") == 1 and f'{source}: error: cover "gone.png"' in run.output
    assert not out.exists() or list(out.iterdir()) == []


def test_the_cache_rebuilds_an_article_whose_cover_changed(tmp_path: Path) -> None:
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for name in ("plain", "covered"):
        cover = "cover: front.png\n" if name == "covered" else ""
        (articles / f"{name}.md").write_text(
            f"---\ntitle: The {name} one\ndate: 2024-01-02\n{cover}---\n\nThe ferry sailed.\n"
        )
    (articles / "front.png").write_bytes(png())
    settings = BuildSettings(out_dir=out, formats=("epub",), cache=True)

    def rebuilt() -> list[str]:
        before = {p.name: p.stat().st_ino for p in out.glob("*.epub")}
        build([str(articles)], settings)
        return sorted(p.stem for p in out.glob("*.epub") if before.get(p.name) != p.stat().st_ino)

    assert rebuilt() == ["the-covered-one", "the-plain-one"]
    assert rebuilt() == []
    (articles / "front.png").write_bytes(png(rgb=(200, 40, 40)))
    assert rebuilt() == ["the-covered-one"]


def test_figures_inside_quotes_and_lists_are_packed_too(tmp_path: Path) -> None:
    """A figure in a block quote or a list item is a file of the book like any other: the
    EPUB carries it (it once named a file it did not hold: EPUBCheck RSC-007)."""
    from tests.checkers import epubcheck_findings

    (tmp_path / "dot.png").write_bytes(png())
    (tmp_path / "pier.png").write_bytes(png(rgb=(200, 40, 40)))
    source = tmp_path / "q.md"
    source.write_text(
        "---\ntitle: Quay reopens\ndate: 2024-05-06\n---\n\nThe quay reopened on Monday.\n\n"
        "> ![The old pier](pier.png)\n\n- ![A buoy](dot.png)\n- The ferry is back.\n",
        encoding="utf-8",
    )
    (result,) = build([str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("epub",)))
    assert set(result.images) == {tmp_path / "pier.png", tmp_path / "dot.png"}
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    assert epubcheck_findings(epub) == []
