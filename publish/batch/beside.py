"""The EPUB made beside the PDF by a process the kept worker keeps (`publish.batch.kept`).

The kept worker builds one article at a time, so the machine's second core waits while it
lays the PDF out. It keeps one helper for the EPUB, forked from it for its first article and
kept from article to article as the worker itself is: the helper is sent the article once it
is read (pickled: 7 KB for the reference article, 60 KB for 5,000 words), begins the EPUB
(the cover drawn, the chapters rendered) while the worker lays the PDF out, is sent the page
starts, and finishes the EPUB while the worker writes the PDF. A copy forked for each article
(`publish.isolation.fork_ahead`, as a document's limited child makes) would copy every page
it writes and make each page the worker writes fault again; the helper reuses its memory.

The same limits: the helper lowers its address space to the memory limit, as the worker does,
and dies with the worker (killed at the time limit, or stopped): the worker's time limit
covers both. Its failure is reported after the PDF's, as when the EPUB is made after it. After
any failure, a PDF that failed while the EPUB was begun, or growth by a tenth of the memory
limit, the helper is replaced; the worker ends and reaps it before it exits.
"""

from __future__ import annotations

import contextlib
import os
import signal
import traceback
from multiprocessing import connection
from typing import TYPE_CHECKING, Any, NoReturn

from publish.errors import PublishError, RenderError
from publish.isolation import Limits, address_space, limit_this_process, lost, memory_exceeded

if TYPE_CHECKING:
    from publish.article_files import ArticleFiles
    from publish.model import Article
    from publish.settings import BuildSettings
    from publish.writers.pagemap import PageStart

GROWTH = 10
"""A helper whose address space grew by more than 1/GROWTH of the memory limit is replaced."""


class Helper:
    """The process that makes the kept worker's EPUBs, and the pipe to it."""

    def __init__(self, limits: Limits) -> None:
        ours, theirs = connection.Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the helper; coverage does not follow forks
            ours.close()
            _serve(theirs, limits)
        theirs.close()
        self.pid, self.link, self.limits, self.owner = pid, ours, limits, os.getpid()

    def alive(self) -> bool:
        """Tell whether the helper still runs (else it is reaped: killed while idle)."""
        with contextlib.suppress(ChildProcessError):
            if self.pid and os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                return True
        self.pid = 0
        return False

    def stop(self, *, kill: bool = True) -> int | None:
        """End the helper (killed, or left to end by itself) and reap it; its exit code."""
        self.link.close()
        if self.pid == 0:
            return None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        try:
            return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        except ChildProcessError:
            return None
        finally:
            self.pid = 0


_HELPER: list[Helper] = []
"""This process's helper, if it has one (a forked copy inherits the list, not the helper)."""


def _helper(limits: Limits) -> Helper:
    """Return this process's helper for LIMITS, started when there is none (or it ended, or
    it is another process's)."""
    kept = [h for h in _HELPER if h.owner == os.getpid() and h.limits == limits]
    if kept and kept[0].alive():
        return kept[0]
    stop_helper()
    _HELPER[:] = [Helper(limits)]
    return _HELPER[0]


def stop_helper() -> None:
    """End this process's helper and reap it (let end by itself: it is idle between articles)."""
    mine = [h for h in _HELPER if h.owner == os.getpid()]
    _HELPER.clear()
    for helper in mine:
        helper.stop(kill=False)


def _drop(helper: Helper, *, kill: bool) -> int | None:
    """Forget HELPER (a new one is started for the next article); end and reap it."""
    if helper in _HELPER:
        _HELPER.remove(helper)
    return helper.stop(kill=kill)


class EpubBeside:
    """One article's EPUB, begun in the helper: `give` it the page starts, then ask for its
    `result`; `stop` it if the PDF failed (as `publish.isolation.Ahead`)."""

    def __init__(self, article: Article, files: ArticleFiles, settings: BuildSettings) -> None:
        self.helper = _helper(settings.limits)
        self.given = self.done = False
        try:
            self.helper.link.send((article, files, settings.theme, settings.embed_fonts))
        except (OSError, EOFError):  # it died idle: `result` says how
            pass

    def give(self, pages: tuple[PageStart, ...]) -> None:
        """Send PAGES, the PDF's page starts the EPUB waits for."""
        self.given = True
        with contextlib.suppress(OSError, EOFError):
            self.helper.link.send(pages)

    def result(self) -> bytes:
        """Return the EPUB's bytes, or raise its failure (as `isolation.run_limited` does)."""
        try:
            kind, value, retire = self.helper.link.recv()
        except (OSError, EOFError):  # it died: at the memory limit, or killed
            self.done = True
            raise lost(_drop(self.helper, kill=True), self.helper.limits) from None
        self.done = True
        if retire:
            _drop(self.helper, kill=False)
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "memory":
            raise memory_exceeded(self.helper.limits)
        if kind == "error":
            raise value
        raise RenderError(str(value))

    def stop(self) -> None:
        """Replace the helper if its article is unfinished (the PDF failed first)."""
        if not self.done:
            self.done = True
            _drop(self.helper, kill=True)


def _serve(link: connection.Connection, limits: Limits) -> NoReturn:
    """The helper: for each article received, begin its EPUB, finish it once its page starts
    come, and send ("ok"|"error"|"memory"|"crash", value, retire)."""
    from publish.writers.cover import keep_picture_memory

    try:
        limit_this_process(limits)
        keep_picture_memory()  # it draws cover after cover: their memory is reused
        room = None if limits.memory_mb is None else limits.memory_mb * 1024 * 1024 // GROWTH
        start = address_space()
        while True:
            try:
                article, files, theme, embed_fonts = link.recv()
            except EOFError:  # the worker is done with it
                break
            outcome = _one(link, article, files, theme, embed_fonts)
            retire = outcome[0] != "ok" or (room is not None and address_space() - start > room)
            try:
                link.send((*outcome, retire))
            except MemoryError:
                link.send(("memory", None, True))
                break
            except Exception as exc:  # an unpicklable error
                link.send(("crash", f"rendering failed: {type(exc).__name__}: {exc}", True))
                break
            if retire:
                break
    finally:  # the worker is gone, or this helper cannot go on (it is replaced)
        os._exit(0)


def _one(
    link: connection.Connection, article: Article, files: ArticleFiles, theme: Any, embed: bool
) -> tuple[str, Any]:
    """Make one article's EPUB: begun now, finished with the page starts LINK sends next."""
    from publish.writers import epub as epub_writer

    try:
        finish = epub_writer.start_epub(article, files, theme, embed_fonts=embed)
        failed: BaseException | None = None
    except BaseException as exc:  # reported once the PDF is made, as it would be after it
        failed = exc
    pages = link.recv()  # EOFError: the worker is gone (or stopped this article)
    try:
        if failed is not None:
            raise failed
        return "ok", finish(pages)
    except MemoryError:
        return "memory", None
    except PublishError as exc:
        return "error", exc
    except BaseException as exc:  # everything else is reported as a render failure
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return "crash", f"the build failed: {summary}"
