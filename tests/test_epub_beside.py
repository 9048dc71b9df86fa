"""The kept worker's EPUB helper (`publish.batch.beside`): the bytes of a serial build, one
helper from article to article, every failure reported as before and every helper ended.

The helper is forked from the process that first asks it for an EPUB (here, this test's
process, or a kept worker forked from it), so a stand-in patched in before it starts runs
in it: a stand-in that fails says the helper's process id, so the test can check it is gone.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from publish.batch import beside
from publish.batch.kept import _builds_alone
from publish.batch.workers import Renderers
from publish.errors import LimitError, PublishError, RenderError
from publish.isolation import Limits
from publish.pipeline import prepare, read
from publish.rendering import render_outputs
from publish.settings import BuildSettings, Loaded
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from publish.writers.pdf.options import resolve_print
from tests.test_batch import _copy

LIMITS = Limits(time=60, memory_mb=1024)


@pytest.fixture(autouse=True)
def no_helper() -> Iterator[None]:
    """Each test starts its own helper (with its stand-ins) and leaves none."""
    beside.stop_helper()
    yield
    beside.stop_helper()


@pytest.fixture
def article(tmp_path: Path) -> tuple[BuildSettings, Loaded]:
    path = _copy(tmp_path / "in", "beside.md", "beside")
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    return settings, read(str(path), settings)


def _render(settings: BuildSettings, loaded: Loaded, *, helper: bool = True) -> list[Any]:
    page = resolve_print(settings.print_request, loaded.article.print)
    besides = beside.EpubBeside if helper else False
    rendered, _ = render_outputs(loaded.article, loaded.files, settings, page, beside=besides)
    return rendered


def _gone(pid: int) -> bool:
    """Tell whether process PID has ended and is not ours to reap: reaped by us, or an orphan
    (its parent killed) that init reaps."""
    for _ in range(200):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1]
        except FileNotFoundError:
            return True
        state, parent = fields.split()[:2]
        if state in "ZX" and int(parent) != os.getpid():
            return True
        time.sleep(0.05)
    return False


def test_the_helper_gives_the_bytes_of_a_serial_build_and_is_kept(
    article: tuple[BuildSettings, Loaded],
) -> None:
    settings, loaded = article
    serial = _render(settings, loaded, helper=False)
    first = _render(settings, loaded)
    (helper,) = beside._HELPER
    pid = helper.pid
    second = _render(settings, loaded)
    assert [path.name for path, _ in serial] == ["beside.pdf", "beside.epub"]
    assert first == second == serial
    assert beside._HELPER == [helper]  # the same process made both EPUBs
    beside.stop_helper()
    assert beside._HELPER == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_a_helper_killed_while_idle_is_replaced(article: tuple[BuildSettings, Loaded]) -> None:
    settings, loaded = article
    first = _render(settings, loaded)
    (helper,) = beside._HELPER
    pid = helper.pid
    os.kill(pid, signal.SIGKILL)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # dead (not reaped) before the next
    assert _render(settings, loaded) == first
    assert beside._HELPER[0].pid != pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def _says_its_pid(error: PublishError) -> int:
    return int(error.message.rsplit(" ", 1)[1])


def _begin_fails(*args: object, **kwargs: object) -> NoReturn:
    raise RenderError(f"the cover could not be drawn in {os.getpid()}")


def _finish_fails(*args: object, **kwargs: object) -> Callable[[object], bytes]:
    pid = os.getpid()

    def finish(pages: object) -> bytes:
        raise RenderError(f"the page list could not be made in {pid}")

    return finish


def _crashes(*args: object, **kwargs: object) -> NoReturn:
    raise ZeroDivisionError(f"in {os.getpid()}")


def _killed(*args: object, **kwargs: object) -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError


def _greedy(*args: object, **kwargs: object) -> NoReturn:
    bytearray(2 * 1024 * 1024 * 1024)  # 2 GB, over the 1,024 MB limit
    raise AssertionError


@pytest.mark.parametrize(
    ("stand_in", "error", "message"),
    [
        (_begin_fails, RenderError, "the cover could not be drawn in"),
        (_finish_fails, RenderError, "the page list could not be made in"),
        (_crashes, RenderError, "the build failed: ZeroDivisionError: in"),
        (_killed, RenderError, "the renderer was stopped by SIGKILL"),
        (_greedy, LimitError, "memory limit of 1024 MB"),
    ],
)
def test_an_epub_failing_in_the_helper_is_reported_and_the_helper_replaced(
    article: tuple[BuildSettings, Loaded],
    monkeypatch: pytest.MonkeyPatch,
    stand_in: Callable[..., Any],
    error: type[PublishError],
    message: str,
) -> None:
    settings, loaded = article
    monkeypatch.setattr(epub_writer, "start_epub", stand_in)
    with pytest.raises(error, match=message) as caught:
        _render(settings, loaded)
    assert beside._HELPER == []  # a new one for the next article
    if message.endswith(" in"):
        assert _gone(_says_its_pid(caught.value))
    monkeypatch.undo()
    assert _render(settings, loaded) == _render(settings, loaded, helper=False)


def test_a_failing_pdf_is_reported_first_and_its_epub_stopped(
    article: tuple[BuildSettings, Loaded], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, loaded = article
    helpers: list[int] = []

    def begins_slowly(*args: object, **kwargs: object) -> NoReturn:
        time.sleep(60)
        raise RenderError("the EPUB failed too")

    def pdf_fails(*args: object, **kwargs: object) -> NoReturn:
        helpers.extend(h.pid for h in beside._HELPER)
        raise RenderError("the PDF could not be laid out")

    monkeypatch.setattr(epub_writer, "start_epub", begins_slowly)
    monkeypatch.setattr(pdf_writer, "make_pdf", pdf_fails)
    started = time.monotonic()
    with pytest.raises(RenderError, match="the PDF could not be laid out"):
        _render(settings, loaded)
    assert time.monotonic() - started < 10  # the helper was stopped, not waited for
    assert beside._HELPER == [] and len(helpers) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(helpers[0], os.WNOHANG)  # reaped


def _sleeps_in_the_helper(note: Path) -> Callable[..., NoReturn]:
    def sleeps(*args: object, **kwargs: object) -> NoReturn:
        note.write_text(str(os.getpid()), encoding="ascii")
        time.sleep(120)
        raise AssertionError

    return sleeps


@pytest.mark.parametrize("ends", ["time limit", "Ctrl-C"])
def test_the_helper_ends_with_the_kept_worker(
    ends: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's time limit covers its helper: the worker killed at the limit, or when
    the build is interrupted, takes the helper with it."""
    path = _copy(tmp_path / "in", "slow.md", "slow")
    settings = BuildSettings(out_dir=tmp_path / "out", limits=Limits(time=8, memory_mb=1024))
    note = tmp_path / "helper-pid"
    monkeypatch.setattr(epub_writer, "start_epub", _sleeps_in_the_helper(note))
    workers = Renderers(spawn=False)
    started = time.monotonic()
    if ends == "time limit":
        outcome, _ = workers.run(prepare, str(path), settings, _builds_alone)
        assert isinstance(outcome, LimitError) and "time limit of 8 s" in outcome.message
    else:

        def interrupt(*args: object) -> None:  # Ctrl-C once the helper has begun the EPUB
            if note.exists():
                raise KeyboardInterrupt
            signal.setitimer(signal.ITIMER_REAL, 0.05)

        previous = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        try:
            with pytest.raises(KeyboardInterrupt):
                workers.run(prepare, str(path), settings, _builds_alone)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 60
    assert getattr(workers.local, "worker", None) is None
    assert _gone(int(note.read_text(encoding="ascii")))
