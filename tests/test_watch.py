"""`publish watch`: the rebuild loop (edit, outputs rewritten; broken, error; fixed, rebuilt),
what it watches, and the preview server's guards. The browser test is test_watch_browser.py."""

from __future__ import annotations

import queue
import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.errors import InputError, UsageError
from publish.isolation import NO_LIMITS
from publish.samples import write_sample
from publish.settings import BuildSettings
from publish.watch.loop import ArticleTarget, Rebuild, changed, named_files, snapshot, watch
from publish.watch.preview import PreviewServer, PreviewState
from tests.images import png

WAIT = 120.0
"""Seconds a rebuild may take on a loaded 2-core machine before the test gives up."""


def epub_text(path: Path) -> str:
    """Return the text of every XHTML page of the EPUB at PATH."""
    with zipfile.ZipFile(path) as book:
        return "".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xhtml")
        )


def pdf_text(path: Path) -> str:
    """Return the text of every page of the PDF at PATH."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


class Loop:
    """`watch` running in a thread on an article, handing each rebuild to the test."""

    def __init__(self, target: ArticleTarget) -> None:
        self.target = target
        self.outcomes: queue.Queue[Rebuild] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(target, self.outcomes.put, self.stop))

    def next(self) -> Rebuild:
        """Return the next rebuild's outcome."""
        return self.outcomes.get(timeout=WAIT)

    def until(self, word: str) -> Rebuild:
        """Return the first good rebuild whose EPUB has WORD (edits may be built together)."""
        while True:
            outcome = self.next()
            if outcome.error is None and word in epub_text(self.epub(outcome)):
                return outcome

    def until_error(self) -> Rebuild:
        """Return the first failed rebuild (a save caught half-way may add a good one first)."""
        while True:
            outcome = self.next()
            if outcome.error is not None:
                return outcome

    @staticmethod
    def epub(outcome: Rebuild) -> Path:
        return next(p for p in outcome.outputs if p.suffix == ".epub")


@pytest.fixture
def loop(tmp_path: Path) -> Iterator[Loop]:
    """The loop on a copy of the shipped sample, writing into tmp_path/out."""
    article = write_sample(tmp_path / "desk")
    settings = BuildSettings(out_dir=tmp_path / "out", limits=NO_LIMITS)
    running = Loop(ArticleTarget(article, settings))
    running.thread.start()
    yield running
    running.stop.set()
    running.thread.join(timeout=WAIT)
    assert not running.thread.is_alive()


def edit(path: Path, old: str, new: str) -> None:
    """Replace OLD by NEW in the file at PATH, as an editor's save does."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow  # several builds
def test_edit_break_and_fix_rebuild_without_stopping(loop: Loop, tmp_path: Path) -> None:
    first = loop.next()
    assert first.error is None, first.line()
    pdf = next(p for p in first.outputs if p.suffix == ".pdf")
    epub = Loop.epub(first)
    assert "rebuilt" in first.line() and "Cartographers" not in pdf_text(pdf)
    article = loop.target.path

    edit(article, "Scholars, writers", "Cartographers, scholars, writers")
    second = loop.until("Cartographers")
    assert second.outputs == first.outputs and "Cartographers" in pdf_text(pdf)
    good_pdf, good_epub = pdf.read_bytes(), epub.read_bytes()

    edit(article, "date: 2023-08-14", "date: 2023-02-30")  # not a real day
    broken = loop.until_error()
    assert isinstance(broken.error, InputError)
    line = broken.line()
    assert line.startswith(f"{article}:") and ": error: " in line and "\n" not in line
    assert (pdf.read_bytes(), epub.read_bytes()) == (good_pdf, good_epub)  # the last good

    edit(article, "date: 2023-02-30", "date: 2023-08-14")
    edit(article, "Cartographers", "Surveyors")  # two saves, the second during a build
    loop.until("Surveyors")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in first.outputs
    )  # nothing half-written left beside them


@pytest.mark.slow  # several builds
def test_adding_the_missing_image_and_editing_the_styles_rebuild(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    from publish.render.templates import Theme

    article = write_sample(tmp_path / "desk")
    with article.open("a", encoding="utf-8") as text:
        text.write('\n![A harbour chart](charts/harbour.png "The harbour")\n')
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "typeset.css").write_text("p { orphans: 2; }", encoding="utf-8")
    theme = Theme.with_overrides(None, styles)
    loop = Loop(
        ArticleTarget(
            article, BuildSettings(out_dir=tmp_path / "out", theme=theme, limits=NO_LIMITS)
        )
    )
    loop.thread.start()
    try:
        missing = loop.until("A harbour chart")  # built without it, its text in its place
        assert missing.error is None
        assert any(
            '"charts/harbour.png" left out' in r.getMessage() for r in expect_warnings.records
        )
        (tmp_path / "desk" / "charts").mkdir()
        (tmp_path / "desk" / "charts" / "harbour.png").write_bytes(png())
        built = loop.until("The harbour")
        pdf = next(p for p in built.outputs if p.suffix == ".pdf")
        first = pdf.stat().st_ino
        (styles / "typeset.css").write_text("p { orphans: 3; }", encoding="utf-8")
        again = loop.next()
        assert again.error is None and pdf.stat().st_ino != first  # rewritten
    finally:
        loop.stop.set()
        loop.thread.join(timeout=WAIT)


def test_a_new_image_and_the_theme_are_watched(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    article = write_sample(desk)
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "print.css").write_text("p { color: black; }", encoding="utf-8")
    from publish.render.templates import Theme

    settings = BuildSettings(out_dir=tmp_path / "out", theme=Theme.with_overrides(None, styles))
    target = ArticleTarget(article, settings)
    from publish.readers import read_article

    figure = article.read_text(encoding="utf-8") + "\n![A map](maps/region.png)\n"
    article.write_text(figure, encoding="utf-8")
    (desk / "maps").mkdir()
    (desk / "maps" / "region.png").write_bytes(png())
    parsed, _ = read_article(str(article))
    assert named_files(parsed, desk) == {(desk / "maps" / "region.png").absolute()}
    left_out = 'x.md:9: warning: image "maps/gone.png" left out: no such file beside the article'
    assert (desk / "maps" / "gone.png").absolute() in named_files(parsed, desk, [left_out])
    files = target.files()
    assert article.absolute() in files and (styles / "print.css") in files
    (desk / ".sample-article.md.swp").write_bytes(b"an editor's swap file")
    assert target.files() == files  # a file the build does not read is no reason to rebuild
    before = snapshot(files)
    assert not changed(before, snapshot(files))
    (styles / "print.css").write_text("p { color: navy; }", encoding="utf-8")
    assert changed(before, snapshot(files))


def test_watch_refuses_a_missing_article_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ArticleTarget(tmp_path / "gone.md", BuildSettings())
    with pytest.raises(InputError, match="is a folder"):
        ArticleTarget(tmp_path, BuildSettings())


@pytest.fixture
def server() -> Iterator[PreviewServer]:
    running = PreviewServer("127.0.0.1", 0, PreviewState())
    running.start()
    yield running
    running.stop()


def get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_preview_answers_only_to_its_own_name(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:") and server.loopback
    status, body = get(server.url + "state")
    assert status == 200 and b'"pages": []' in body
    assert get(server.url + "state", host="attacker.example")[0] == 421
    assert get(server.url + "page/0/1.jpg")[0] == 404
    assert get(server.url + "../etc/passwd")[0] == 404


def test_preview_shows_the_error_line(server: PreviewServer) -> None:
    server.state.show_error("a.md:3: error: front matter is not YAML")
    status, body = get(server.url + "state")
    assert status == 200 and b'"error": "a.md:3: error: front matter is not YAML"' in body


def test_a_port_in_use_is_a_one_line_usage_error(server: PreviewServer) -> None:
    with pytest.raises(UsageError, match=r"--port: \d+ is in use"):
        PreviewServer("127.0.0.1", server.server_address[1], PreviewState())


@pytest.mark.slow  # several builds
def test_the_preview_gets_the_pdf_before_the_files_are_written(tmp_path: Path) -> None:
    from publish.pipeline import build

    article = write_sample(tmp_path / "desk")
    out = tmp_path / "out"
    state = PreviewState()
    early: list[tuple[bytes, list[str]]] = []

    def show(data: bytes) -> None:
        early.append((data, sorted(p.name for p in out.iterdir())))
        state.show_pdf(data, "laid out")

    (result,) = build([str(article)], BuildSettings(out_dir=out, limits=NO_LIMITS, on_pdf=show))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    ((data, then),) = early
    assert then == [] and data == pdf.read_bytes()  # shown first, written after, same bytes
    serial, version = state.pdf_serial, state.version
    state.show_pdf(pdf.read_bytes(), "rebuilt")  # the written file: same pages, new report
    assert (state.pdf_serial, state.version, state.report) == (serial, version + 1, "rebuilt")
    image = state.page_image(1)
    assert image is not None and image.startswith(b"\xff\xd8")  # a JPEG
