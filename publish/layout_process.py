"""The layout process's own side (`publish.layout_ahead` forks it and talks to it).

Forked before typer loads, it imports WeasyPrint and parses the theme's PDF stylesheets (the
fonts registered), then waits on a pipe for the one article's PDF HTML, lays it out within the
document's memory limit and answers with the page starts, then the outcome, as the children
of `publish.isolation` answer.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any, NoReturn

PAGES, RESULT = b"P", b"R"
"""The first byte of the layout process's two messages: the page starts, then the outcome."""
NO_JOB = 3
"""The layout process's exit code when it was sent nothing to lay out."""


def _leave(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(128 + signum)


def run(parent: int, jobs_fd: int, answers_fd: int) -> NoReturn:
    """The layout process: load WeasyPrint and the theme, then lay out the one article it
    is sent and answer with its page starts, then its outcome. Never returns."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it ends this one
    signal.signal(signal.SIGTERM, _leave)
    code = 0
    try:
        from publish.isolation import die_with_parent

        die_with_parent()
        if os.getppid() != parent:  # the parent ended before this was asked to
            raise SystemExit(0)
        _warm_up()
        code = 0 if _serve(jobs_fd, answers_fd) else NO_JOB
    except BaseException:  # stopped (SIGTERM), or the parent ended: nothing to say
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _forget_fonts()
        _save_patterns()
        os._exit(code)


def _warm_up() -> None:
    """What `publish.pipeline.warm_up` does for the PDF of the default theme and page:
    WeasyPrint imported, the PDF stylesheets parsed with their font faces registered (the
    HTML comes rendered). A theme that cannot be loaded is reported by the article's build.
    The default page is `PrintSettings()`, what `resolve_print` makes of no request and no
    `print:` (the article model, which holds `print:`, is never imported here)."""
    from publish.render.templates import Theme
    from publish.writers import pdf as pdf_writer
    from publish.writers.pdf.options import PrintSettings

    pdf_writer.preload()
    try:
        pdf_writer.warm_up(Theme(), PrintSettings())
    except Exception:
        return


def _serve(jobs_fd: int, answers_fd: int) -> bool:
    """Lay out the article sent on JOBS_FD within its memory limit; answer on ANSWERS_FD
    with the page starts once known, then ("ok", (pdf, warnings)) or the error, as
    `publish.isolation` children do."""
    import contextlib
    import pickle
    import resource
    import traceback
    from multiprocessing.connection import Connection

    from publish.errors import PublishError, located
    from publish.writers import pdf as pdf_writer

    jobs = Connection(jobs_fd, writable=False)
    answers = Connection(answers_fd, readable=False)
    try:
        job, memory_mb = pickle.loads(jobs.recv_bytes())
    except EOFError:  # not claimed, or the reading failed: nothing to lay out
        return False
    jobs.close()
    if memory_mb is not None:
        cap = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    path, html, files, theme, page = job

    def laid_out(pages: Any) -> None:
        answers.send_bytes(PAGES + pickle.dumps(pages, pickle.HIGHEST_PROTOCOL))

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
    answers.send_bytes(RESULT + answer)
    answers.close()
    return True


def _forget_fonts() -> None:
    """Remove the fonts folder of the stylesheets parsed here (this process owns them)."""
    stylesheets = sys.modules.get("publish.writers.pdf.stylesheets")
    if stylesheets is not None:
        stylesheets._forget_all()


def _save_patterns() -> None:
    """Keep the regular expressions this process compiled (`publish.compiled_patterns`)."""
    patterns = sys.modules.get("publish.compiled_patterns")
    if patterns is not None:
        patterns.save()
