"""The PDF's layout process, forked ahead for a plain cold build of one article.

`publish build ARTICLE` spends its first half loading: typer and click, the command's
options, the pipeline and the reader on one side, WeasyPrint and the theme's 31 font faces
on the other. So the entry point (`publish.cli.main`), when the command line is a plain
build of one article (`plain_build`), imports what both sides need (the article model, the
theme, the writers' packages) and forks this layout process, before typer is imported. On
one core it imports WeasyPrint and parses the theme's PDF stylesheets (the fonts
registered), then waits; on the other the command line is parsed, the settings made, and
the article read, enriched and rendered to the PDF's HTML in its limited child. The HTML
goes to the layout process (a pipe), which lays it out and writes the PDF; the page starts
come back first, to a limited child that began the EPUB meanwhile and now finishes it
(`publish.rendering.epub_when_laid_out`). The parent writes both files, as always, once
both are made.

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
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from publish.isolation import Started
    from publish.settings import BuildSettings, Loaded, Prepared
    from publish.writers.pdf import PdfHtml
    from publish.writers.pdf.options import PrintSettings

    Reading = tuple[Loaded, PrintSettings, PdfHtml]

ENVIRONMENT = "PUBLISH_LAYOUT_AHEAD"
"""Set to 0 to build every article as before, without the layout process forked ahead."""

_VALUE_OPTIONS = ("-o", "--out")
_FLAGS = ("--strict", "--debug")

_PAGES, _RESULT = b"P", b"R"
"""The first byte of the layout process's two messages: the page starts, then the outcome."""


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

    def __init__(self, pid: int, jobs: int, answers: int) -> None:
        self.pid = pid
        self.jobs_fd: int | None = jobs
        self.answers_fd = answers
        self.claimed = False
        self.reading: Started[Reading] | None = None
        """The article's reading (and the PDF's HTML) in its limited child, once claimed."""
        self.exitcode: int | None = None
        self._answers: Connection | None = None

    def answers(self) -> Connection:
        from multiprocessing.connection import Connection

        if self._answers is None:
            self._answers = Connection(self.answers_fd, writable=False)
        return self._answers

    def send(self, job: bytes) -> None:
        from multiprocessing.connection import Connection

        assert self.jobs_fd is not None
        jobs = Connection(self.jobs_fd, readable=False)
        self.jobs_fd = None
        try:
            jobs.send_bytes(job)
        finally:
            jobs.close()

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
        self.terminate()
        self.wait()
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
    # model, the templates' theme, the PDF writer's package), and the builder was to import
    # it with the pipeline anyway, after typer.
    import publish.isolation
    import publish.print_request
    import publish.rendering  # noqa: F401

    jobs_read, jobs_write = os.pipe()
    answers_read, answers_write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(jobs_write)
        os.close(answers_read)
        _layout_process(parent, jobs_read, answers_write)
    os.close(jobs_read)
    os.close(answers_write)
    _ahead = _Layout(pid, jobs_write, answers_read)


def stop() -> None:
    """End the layout process, if one was forked, and reap it (at the end of `main`)."""
    global _ahead
    ahead, _ahead = _ahead, None
    if ahead is not None:
        ahead.close()


def claim(paths: list[str], todo: list[str], settings: BuildSettings) -> bool:
    """Return whether the layout process forked ahead lays out TODO's article (then taken by
    `render`); else it is asked to end, and the build goes as without it."""
    from publish.settings import FORMATS

    ahead = _ahead
    if ahead is None or ahead.claimed:
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
    if fits:
        from publish.isolation import start_limited

        ahead.claimed = True
        ahead.reading = start_limited(lambda: _read(todo[0], settings), settings.limits)
    else:
        ahead.terminate()
    return fits


def _read(path: str, settings: BuildSettings) -> Reading:
    """Read and enrich the article at PATH and render its PDF's HTML (in a limited child),
    as `publish.pipeline.read` and `publish.rendering.render` do."""
    from publish.pipeline import read
    from publish.rendering import located
    from publish.writers import pdf as pdf_writer
    from publish.writers.pdf.options import resolve_print

    loaded = read(path, settings)
    with located(path):
        page = resolve_print(settings.print_request, loaded.article.print)
        return loaded, page, pdf_writer.pdf_html(loaded.article, settings.theme, ahead=True)


def claimed() -> bool:
    """Return whether the layout process was claimed for this process's article (`claim`)."""
    return _ahead is not None and _ahead.claimed and _ahead.jobs_fd is not None


def render(path: str, settings: BuildSettings) -> Prepared:
    """Return the article at PATH read (its reading started by `claim`), its PDF made in the
    layout process and its EPUB in a limited child given the PDF's page starts, as
    `publish.pipeline.prepare` returns them.

    The errors are those of `prepare`, in its order: the reading's, the PDF's, the EPUB's.
    """
    import pickle

    from publish.isolation import _unpacked, start_limited
    from publish.rendering import epub_when_laid_out
    from publish.settings import Prepared

    ahead = _ahead
    assert ahead is not None and ahead.reading is not None
    limits = settings.limits
    reading = ahead.reading
    loaded, page, html = reading.result()
    start = time.monotonic() - reading.seconds  # the document's clock, its reading included
    job = (path, html, loaded.files, settings.theme, page)
    ahead.send(pickle.dumps((job, limits.memory_mb), pickle.HIGHEST_PROTOCOL))

    import multiprocessing

    pages_read, pages_write = multiprocessing.Pipe(duplex=False)
    epub = start_limited(
        lambda: epub_when_laid_out(path, loaded, settings, pages_read),
        limits,
        spent=time.monotonic() - start,
    )
    pages_read.close()
    try:
        message = ahead.receive(limits.time, start)
        if message is not None and message[0] == _PAGES:
            pages_write.send_bytes(message[1])
            message = ahead.receive(limits.time, start)
        pages_write.close()
        outcome = pickle.loads(message[1]) if message is not None else None
        exitcode = ahead.wait() if outcome is None else None
        pdf, warnings = _unpacked(outcome, exitcode, limits)
        book = epub.result()
    finally:
        pages_write.close()
        epub.stop()
    rendered = [
        (settings.out_dir / f"{loaded.article.slug}.pdf", pdf),
        (settings.out_dir / f"{loaded.article.slug}.epub", book),
    ]
    return Prepared(loaded.article, loaded.files, rendered, warnings, loaded.read_warnings)


def _leave(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(128 + signum)


def _layout_process(parent: int, jobs_fd: int, answers_fd: int) -> NoReturn:
    """The layout process: load WeasyPrint and the theme, then lay out the one article it
    is sent and answer with its page starts, then its outcome. Never returns."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it ends this one
    signal.signal(signal.SIGTERM, _leave)
    try:
        from publish.isolation import die_with_parent

        die_with_parent()
        if os.getppid() != parent:  # the parent ended before this was asked to
            raise SystemExit(0)
        _warm_up()
        _serve(jobs_fd, answers_fd)
    except BaseException:  # stopped (SIGTERM), or the parent ended: nothing to say
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _forget_fonts()
        os._exit(0)


def _warm_up() -> None:
    """What `publish.pipeline.warm_up` does for the PDF of the default theme and page:
    WeasyPrint imported, the PDF stylesheets parsed with their font faces registered (the
    HTML comes rendered). A theme that cannot be loaded is reported by the article's build."""
    from publish.model import PrintPreferences
    from publish.print_request import PrintRequest
    from publish.render.templates import Theme
    from publish.writers import pdf as pdf_writer
    from publish.writers.pdf.options import resolve_print

    pdf_writer.preload()
    try:
        pdf_writer.warm_up(Theme(), resolve_print(PrintRequest(), PrintPreferences()))
    except Exception:
        return


def _serve(jobs_fd: int, answers_fd: int) -> None:
    """Lay out the article sent on JOBS_FD within its memory limit; answer on ANSWERS_FD
    with the page starts once known, then ("ok", (pdf, warnings)) or the error, as
    `publish.isolation` children do."""
    import contextlib
    import pickle
    import resource
    import traceback
    from multiprocessing.connection import Connection

    from publish.errors import PublishError
    from publish.rendering import located
    from publish.writers import pdf as pdf_writer

    jobs = Connection(jobs_fd, writable=False)
    answers = Connection(answers_fd, readable=False)
    try:
        job, memory_mb = pickle.loads(jobs.recv_bytes())
    except EOFError:  # not claimed: the build went the other way
        return
    jobs.close()
    if memory_mb is not None:
        cap = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    path, html, files, theme, page = job

    def laid_out(pages: Any) -> None:
        answers.send_bytes(_PAGES + pickle.dumps(pages, pickle.HIGHEST_PROTOCOL))

    began = time.monotonic()
    outcome: tuple[str, Any]
    try:
        with located(path):
            data, warnings, _ = pdf_writer.lay_out_pdf(
                html, files, theme, page, write=True, laid_out=laid_out
            )
        outcome = ("ok", (data, warnings))
    except MemoryError:
        outcome = ("memory", None)
    except PublishError as exc:
        outcome = ("error", exc)
    except Exception as exc:  # as `publish.isolation` reports a failed child
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outcome = ("crash", f"the build failed: {summary}")
    seconds = time.monotonic() - began
    try:
        answer = pickle.dumps((*outcome, seconds), pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        answer = pickle.dumps(("memory", None, seconds))
    except Exception as exc:  # an unpicklable error
        answer = pickle.dumps(("crash", f"rendering failed: {type(exc).__name__}: {exc}", seconds))
    answers.send_bytes(_RESULT + answer)
    answers.close()


def _forget_fonts() -> None:
    """Remove the fonts folder of the stylesheets parsed here (this process owns them)."""
    stylesheets = sys.modules.get("publish.writers.pdf.stylesheets")
    if stylesheets is not None:
        stylesheets._forget_all()
