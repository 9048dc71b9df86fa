"""The PDF's layout process, forked ahead for a plain cold build of one article.

`publish build ARTICLE` spends its first half loading: typer and click, the command's
options, the pipeline and the reader on one side, WeasyPrint and the theme's 31 font faces
on the other. So the entry point (`publish.cli.main`), when the command line is a plain
build of one article (`plain_build`), imports what both sides need (the theme, the PDF
writer's package; not the article model, which only the reading side uses) and forks this
layout process, before typer is imported. On one core it imports WeasyPrint and parses the
theme's PDF stylesheets (the fonts registered), then waits; on the other the command line
is parsed, the settings made, and the article read, enriched and rendered to the PDF's HTML
in its limited child. The HTML goes to the layout process (a pipe), which lays it out and
writes the PDF; the page starts come back first, to a limited child that began the EPUB
meanwhile and now finishes it (`publish.rendering.epub_when_laid_out`). The parent writes
both files, as always, once both are made.

It is the build of `publish.pipeline.prepare` in other processes (the same functions, the
same bytes), within the same limits: the layout process takes the document's memory limit
when its HTML arrives, and the parent stops it at the document's time limit. Every error is
the one `prepare` reports. Whatever the layout process cannot serve (another command, any
option beyond `--out`, `--strict` and `--debug`, a folder, a publication, standard input)
is built as before, without it. The parent never leaves it behind: unused (a build that
fails before its article is read), failed or done, it is stopped and reaped at the end of
`main` (`stop`), and it dies with the parent. PUBLISH_LAYOUT_AHEAD=0 turns it off.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from typing import TYPE_CHECKING

from publish import layout_process

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

    from publish.errors import PublishError
    from publish.isolation import Started
    from publish.settings import BuildSettings, Loaded, Prepared

    Reader = Callable[[str, BuildSettings], Loaded]

ENVIRONMENT = "PUBLISH_LAYOUT_AHEAD"
"""Set to 0 to build every article as before, without the layout process forked ahead."""

_VALUE_OPTIONS = ("-o", "--out")
_FLAGS = ("--strict", "--debug")


def plain_build(args: list[str]) -> bool:
    """Return whether ARGS (the command line's, after the program) build one article file
    with options the layout process does not depend on: `--out DIR`, `--strict`, `--debug`."""
    if not args or args[0] != "build":
        return False
    article: str | None = None
    rest = iter(args[1:])
    for arg in rest:
        if arg in _VALUE_OPTIONS:
            if next(rest, None) is None:
                return False
        elif arg in _FLAGS or arg.startswith("--out="):
            continue
        elif arg.startswith("-") or article is not None:
            return False  # any other option, "-" (standard input), "--", a second input
        else:
            article = arg
    return (
        article is not None
        and os.path.isfile(article)
        and not article.lower().endswith((".yml", ".yaml"))  # a publication
    )


class _Layout:
    """The layout process as its parent sees it: its id, the pipe for its article, the pipe
    for its answers."""

    def __init__(self, pid: int, jobs: int, answers: int, folder: str) -> None:
        self.pid = pid
        self.folder = folder
        """The process's temporary folder (WeasyPrint's fonts), removed here once it is
        reaped: a process killed (SIGKILL) cannot remove it itself."""
        self.jobs_fd: int | None = jobs
        self.answers_fd = answers
        self.claimed = False
        self.reading: Started[Packed] | None = None
        """The article's reading child (the PDF's HTML, then the EPUB), once claimed."""
        self.pages: Connection | None = None
        """The pipe on which the reading child is given the PDF's page starts."""
        self.start = 0.0
        self.rendered = False
        self.exitcode: int | None = None
        self._answers: Connection | None = None

    def answers(self) -> Connection:
        from multiprocessing.connection import Connection

        if self._answers is None:
            self._answers = Connection(self.answers_fd, writable=False)
        return self._answers

    def receive(self, time_limit: float | None, start: float) -> tuple[bytes, bytes] | None:
        """Return the next message (its kind and body), or None if the process ended
        without one; raise LimitError once the document's time limit is spent."""
        from publish.errors import LimitError

        answers = self.answers()
        left = None if time_limit is None else max(0.0, start + time_limit - time.monotonic())
        if not answers.poll(left):
            raise LimitError(
                f"the build took longer than the time limit of {time_limit:g} s "
                "(raise it with --time-limit)"
            )
        try:
            message = answers.recv_bytes()
        except (EOFError, OSError):
            return None
        return message[:1], message[1:]

    def terminate(self) -> None:
        """Ask the process to end (it cleans up after itself); `wait` reaps it."""
        if self.jobs_fd is not None:
            os.close(self.jobs_fd)  # a process waiting for its article ends at once
            self.jobs_fd = None
        if self.exitcode is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def wait(self, grace: float = 2.0) -> int:
        """Reap the process: at most GRACE seconds after `terminate`, then killed."""
        deadline = time.monotonic() + grace
        while self.exitcode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                self.exitcode = os.waitstatus_to_exitcode(status)
            else:
                time.sleep(0.002)
        return self.exitcode

    def close(self) -> None:
        if self.reading is not None:
            self.reading.stop()
        if self.pages is not None:
            self.pages.close()
        self.terminate()
        self.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._answers is not None:
            self._answers.close()
        else:
            os.close(self.answers_fd)


_ahead: _Layout | None = None


def start(args: list[str]) -> None:
    """Fork the layout process if ARGS are a plain build of one article (`plain_build`)."""
    global _ahead
    if _ahead is not None or os.environ.get(ENVIRONMENT) == "0" or not plain_build(args):
        return
    # What both processes need, imported once, here: the layout process inherits it (the
    # limits, the templates' theme, the PDF writer's package and the page starts' module),
    # and the builder was to import it with the pipeline anyway, after typer. None of it
    # loads the article model (pydantic's schemas) or the EPUB writer, which only the
    # builder needs: it imports them after the fork, while this process loads WeasyPrint.
    import publish.isolation
    import publish.writers.pagemap
    import publish.writers.pdf  # noqa: F401

    jobs_read, jobs_write = os.pipe()
    answers_read, answers_write = os.pipe()
    folder = tempfile.mkdtemp(prefix="publish-layout-")
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(jobs_write)
        os.close(answers_read)
        tempfile.tempdir = folder
        layout_process.run(parent, jobs_read, answers_write)
    os.close(jobs_read)
    os.close(answers_write)
    _ahead = _Layout(pid, jobs_write, answers_read, folder)


def stop() -> None:
    """End the layout process, if one was forked, and reap it (at the end of `main`)."""
    global _ahead
    ahead, _ahead = _ahead, None
    if ahead is not None:
        ahead.close()


def claim(paths: list[str], todo: list[str], settings: BuildSettings, read: Reader) -> bool:
    """Return whether the layout process forked ahead lays out TODO's article; if so, its
    reading (READ: `publish.pipeline.read`, given so that this module needs no pipeline)
    starts now (`_read_and_pack`) and `render` is to be called for it. Else the process is
    asked to end, and the build goes as without it."""
    from publish.settings import FORMATS

    ahead = _ahead
    if ahead is None or ahead.claimed or ahead.jobs_fd is None:
        return False
    fits = (
        len(todo) == 1
        and paths == todo
        and todo[0] != "-"
        and set(settings.formats) == set(FORMATS)
        and settings.limits.isolated
        and settings.executor == "local"
        and settings.on_pdf is None
        and not settings.allow_remote
    )
    if not fits:
        ahead.terminate()
        return False
    import multiprocessing

    from publish.isolation import start_limited

    ahead.claimed = True
    ahead.start = time.monotonic()  # the document's clock
    jobs, (pages, ahead.pages) = ahead.jobs_fd, multiprocessing.Pipe(duplex=False)
    ahead.reading = start_limited(
        lambda: _read_and_pack(todo[0], settings, jobs, pages, read), settings.limits
    )
    os.close(jobs)  # the reading child holds the pipe to the layout process now
    ahead.jobs_fd = None
    pages.close()
    return True


Packed = tuple["Loaded", bytes | None, "PublishError | None"]
"""What the reading child answers: the article read, and its EPUB or the EPUB's error."""


def _read_and_pack(
    path: str, settings: BuildSettings, jobs_fd: int, pages: Connection, read: Reader
) -> Packed:
    """The reading child: read and enrich the article at PATH and render its PDF's HTML (as
    `publish.pipeline.read` and `publish.rendering.render` do), send the HTML to the layout
    process on JOBS_FD, then make the EPUB once PAGES gives the PDF's page starts.

    An error of the reading or the HTML is raised (the layout process, sent nothing, ends);
    one of the EPUB is returned, for the parent to report after the PDF's, as `prepare`
    would have met them."""
    import pickle
    from multiprocessing.connection import Connection

    from publish.errors import PublishError, located
    from publish.rendering import epub_when_laid_out
    from publish.writers import pdf as pdf_writer
    from publish.writers.pdf.options import resolve_print

    jobs = Connection(jobs_fd, readable=False)
    loaded = read(path, settings)
    with located(path):
        page = resolve_print(settings.print_request, loaded.article.print)
        html = pdf_writer.pdf_html(loaded.article, settings.theme, ahead=True)
    job = (path, html, loaded.files, settings.theme, page)
    jobs.send_bytes(pickle.dumps((job, settings.limits.memory_mb), pickle.HIGHEST_PROTOCOL))
    jobs.close()
    try:
        return loaded, epub_when_laid_out(path, loaded, settings, pages), None
    except PublishError as exc:
        return loaded, None, exc


def claimed() -> bool:
    """Return whether the layout process was claimed for this process's article (`claim`)."""
    return _ahead is not None and _ahead.claimed and not _ahead.rendered


def render(path: str, settings: BuildSettings) -> Prepared:
    """Return the article at PATH read (its reading started by `claim`), its PDF made in the
    layout process and its EPUB in the reading child, as `publish.pipeline.prepare` returns
    them. The errors are those of `prepare`, in its order: the reading's, the PDF's, the
    EPUB's."""
    import pickle

    from publish.errors import RenderError
    from publish.isolation import _unpacked
    from publish.settings import Prepared

    ahead = _ahead
    assert ahead is not None and ahead.reading is not None and ahead.pages is not None
    ahead.rendered = True
    limits, reading, pages = settings.limits, ahead.reading, ahead.pages
    try:
        message = ahead.receive(limits.time, ahead.start)
        if message is not None and message[0] == layout_process.PAGES:
            try:
                pages.send_bytes(message[1])
            except OSError:  # the reading child failed: said by its result, below
                pass
            message = ahead.receive(limits.time, ahead.start)
        pages.close()
        if (
            message is None and ahead.wait() == layout_process.NO_JOB
        ):  # the reading failed: its error
            reading.result()
            raise RenderError("the article was read but not laid out")
        outcome = pickle.loads(message[1]) if message is not None else None
        pdf, warnings = _unpacked(outcome, ahead.exitcode, limits)
        loaded, book, failed = reading.result()
    finally:
        pages.close()
        reading.stop()
    if failed is not None:
        raise failed
    assert book is not None
    rendered = [
        (settings.out_dir / f"{loaded.article.slug}.pdf", pdf),
        (settings.out_dir / f"{loaded.article.slug}.epub", book),
    ]
    return Prepared(loaded.article, loaded.files, rendered, warnings, loaded.read_warnings)
