"""Guarantee 1 against links (issue 17, class 2): one resolver decides every file read.

A theme file, an article file or a cover that is a symbolic link leading out of the allowed
folders is refused; so is one swapped for such a link while the build runs (what is opened
is what is checked). The EPUB's stylesheets are parsed (tinycss2), so no spelling of a
reference slips past. FIFOs and devices are never read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.resources import ReadRefused, read_inside
from tests.hostile_support import (
    CANARY_TEXT,
    OpenRecorder,
    assert_one_error_line,
    assert_only_complete_outputs,
    no_network,
    opened_files,
    output_texts,
)
from tests.test_guarantee_reads import world
from tests.test_hostile_inputs import PNG_1PX, assert_reads_allowed

__all__ = ["no_network", "opened_files", "world"]


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", *args])
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "kind, name, fmt",
    [
        ("templates", "partials/header.html.j2", "epub"),
        ("templates", "article.html.j2", "pdf"),
        ("styles", "print.css", "pdf"),
        ("styles", "epub.css", "epub"),
        ("styles", "base.css", "epub"),
    ],
)
def test_theme_file_linked_outside_is_refused(
    kind: str,
    name: str,
    fmt: str,
    world: tuple[Path, Path, Path],
    no_network: None,
    opened_files: OpenRecorder,
) -> None:
    article, out, canary = world
    theme = article.parent.parent / kind
    (theme / name).parent.mkdir(parents=True)
    (theme / name).symlink_to(canary)
    code, text = _build(str(article), "-o", str(out), "-f", fmt, f"--{kind}", str(theme))
    assert code == 4, text
    line = assert_one_error_line(text)
    assert line["file"] == str(theme / name), text
    assert "leads outside" in line["message"]
    assert assert_only_complete_outputs(out) == []
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), theme)


def test_font_linked_outside_is_refused(
    world: tuple[Path, Path, Path], no_network: None, opened_files: OpenRecorder
) -> None:
    article, out, canary = world
    styles = article.parent.parent / "styles"
    (styles / "fonts").mkdir(parents=True)
    (styles / "fonts" / "Extra.ttf").symlink_to(canary)
    code, text = _build(str(article), "-o", str(out), "-f", "pdf", "--styles", str(styles))
    assert code == 4, text
    assert "the font leads outside" in assert_one_error_line(text)["message"]
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), styles)


def test_article_linked_outside_its_folder_is_refused(
    world: tuple[Path, Path, Path], no_network: None, opened_files: OpenRecorder
) -> None:
    """The file linked to is never read, so nothing of it is echoed."""
    article, out, canary = world
    link = article.parent / "b.txt"
    link.symlink_to(canary)
    code, text = _build(str(link), "-o", str(out))
    assert code == 3, text
    line = assert_one_error_line(text)
    assert line["file"] == str(link) and "leads outside" in line["message"]
    assert CANARY_TEXT not in text
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve())


def test_article_linked_inside_its_folder_builds(
    world: tuple[Path, Path, Path], no_network: None
) -> None:
    article, out, _ = world
    (article.parent / "same.md").symlink_to(article.name)
    code, text = _build(str(article.parent / "same.md"), "-o", str(out), "-f", "epub")
    assert code == 0, text


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "leads outside"),
        (lambda p: p.symlink_to("/proc/self/environ"), "leads outside"),
    ],
)
def test_article_that_is_no_regular_file_is_refused(
    make: object, problem: str, world: tuple[Path, Path, Path], no_network: None
) -> None:
    """A FIFO never blocks the build, /dev/zero is not read until memory runs out."""
    article, out, _ = world
    special = article.parent / "special.md"
    make(special)  # type: ignore[operator]
    code, text = _build(str(special), "-o", str(out))
    assert code == 3, text
    line = assert_one_error_line(text)
    assert line["file"] == str(special) and problem in line["message"], text


def test_cover_swapped_for_a_link_while_building_is_refused(
    world: tuple[Path, Path, Path], no_network: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check-then-open race: the cover passes its check, then becomes a link out."""
    import publish.writers.epub.article as ebook

    article, out, canary = world
    (article.parent / "front.png").write_bytes(PNG_1PX)
    article.write_text("---\ntitle: T\ndate: 2024-01-02\ncover: front.png\n---\n\nText.\n")
    real = ebook.resolve_local

    def resolve_then_swap(folder: Path, src: str) -> Path:
        path = real(folder, src)
        path.unlink()
        path.symlink_to(canary)  # swapped after the check, before the read
        return path

    monkeypatch.setattr(ebook, "resolve_local", resolve_then_swap)
    code, text = _build(str(article), "-o", str(out), "-f", "epub")
    assert code == 3, text
    assert 'cover "front.png": leads outside' in assert_one_error_line(text)["message"]
    assert CANARY_TEXT not in output_texts(assert_only_complete_outputs(out))


def test_the_resolver_checks_what_it_opened(tmp_path: Path) -> None:
    """A link swapped in between the check and the open is caught after opening."""
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret").write_text("x")
    target = inside / "file"
    target.write_text("fine")
    assert read_inside(target, [inside]) == b"fine"
    real_open = os.open

    def swap_then_open(path: object, flags: int, *args: object) -> int:
        target.unlink()
        target.symlink_to(outside / "secret")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", swap_then_open)
        with pytest.raises(ReadRefused, match="leads outside"):
            read_inside(target, [inside])
    with pytest.raises(ReadRefused, match="the limit is"):
        (inside / "big").write_bytes(b"x" * 3000)
        read_inside(inside / "big", [inside], limit=1000)


@pytest.mark.parametrize(
    "css",
    [
        '@import"../secret/canary.css";',
        "p { background: \\75 rl(/etc/passwd) }",
        'p { background: \\75rl("file:///etc/passwd") }',
        'p { background: image-set("../secret/canary.png" 1x) }',
        "p { background: -webkit-image-set(url(https://example.org/t.png) 1x) }",
        "@font-face { font-family: X; src: URL(//example.org/f.woff) }",
        "@media print { @supports (display: grid) { p { background: url(/etc/passwd) } } }",
    ],
)
def test_epub_stylesheet_is_parsed_not_matched(
    css: str, world: tuple[Path, Path, Path], no_network: None
) -> None:
    article, out, _ = world
    styles = article.parent.parent / "styles"
    styles.mkdir()
    (styles / "epub.css").write_text(css)
    code, text = _build(str(article), "-o", str(out), "-f", "epub", "--styles", str(styles))
    assert code == 4, text
    line = assert_one_error_line(text)
    assert line["file"] == str(styles / "epub.css") and "cannot go in the EPUB" in line[0]
    assert assert_only_complete_outputs(out) == []


def test_epub_stylesheet_with_local_references_still_packs(
    world: tuple[Path, Path, Path], no_network: None
) -> None:
    article, out, _ = world
    styles = article.parent.parent / "styles"
    styles.mkdir()
    (styles / "epub.css").write_text(
        '@namespace epub "http://www.idpf.org/2007/ops";\n'
        'p { background: url("data:image/png;base64,AAAA") } a[href="#x"] { color: red }\n'
    )
    code, text = _build(str(article), "-o", str(out), "-f", "epub", "--styles", str(styles))
    assert code == 0, text
