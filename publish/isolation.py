"""Run one document's build (read, enrich, render, pack) in a forked child, within limits.

The child inherits the parent's memory (fork), lowers its own address-space limit with
`setrlimit(RLIMIT_AS)`, runs the work and sends the result back through a pipe. The parent
waits at most the time limit, then kills the child. Only the parent writes files, so a
child that is killed leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from publish.errors import LimitError, PublishError, RenderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
A = TypeVar("A")

DEFAULT_TIME_LIMIT = 300.0
"""Seconds one document may take to build (read, enrich, render and pack both outputs)."""

DEFAULT_MEMORY_LIMIT = 4096
"""Megabytes of address space the process building one document may use."""


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one document's rendering may take; None means no limit."""

    time: float | None = DEFAULT_TIME_LIMIT
    memory_mb: int | None = DEFAULT_MEMORY_LIMIT

    @property
    def isolated(self) -> bool:
        """Return whether rendering runs in a child process (any limit set)."""
        return self.time is not None or self.memory_mb is not None


NO_LIMITS = Limits(time=None, memory_mb=None)
"""Render in this process, without limits (tests that inspect the renderer use this)."""


def run_limited(work: Callable[[], T], limits: Limits, *, spent: float = 0.0) -> T:
    """Return WORK's result, computed in a forked child within LIMITS.

    A PublishError raised by WORK is raised here unchanged; running out of time or memory
    raises LimitError; any other failure in the child becomes a RenderError. SPENT seconds
    of the document's time limit were used already (by its reading, `start_limited`).
    """
    return start_limited(work, limits, spent=spent).result()


def start_limited(work: Callable[[], T], limits: Limits, *, spent: float = 0.0) -> Started[T]:
    """Start WORK in a forked child within LIMITS, and return at once; `result` waits for it.

    So this process can do something else meanwhile (load the writers while the child reads
    the article). Without limits WORK runs in this process, when its result is asked for.
    """
    if not limits.isolated:
        return Started(work, limits, spent)
    import multiprocessing

    _reap()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, limits, sender), daemon=True)
    child.start()
    sender.close()
    return Started(work, limits, spent, child, receiver)


def fork_beside(work: Callable[[], T], limits: Limits) -> Started[T]:
    """Start WORK in a forked copy of this process (a document's limited child), and return.

    The copy keeps this process's memory limit and dies with it; it has no time limit of
    its own, as the parent's limit on this process covers it. Its result, or its error, is
    given by `result` as `run_limited` gives them.
    """
    import multiprocessing

    _reap()
    receiver, sender = multiprocessing.Pipe(duplex=False)
    pid = os.fork()  # not multiprocessing.Process: a daemonic child may not start one
    if pid == 0:
        receiver.close()
        _child(work, limits, sender)  # never returns
    sender.close()
    return Started(work, Limits(time=None, memory_mb=limits.memory_mb), 0.0, _Fork(pid), receiver)


def fork_ahead(
    work: Callable[[A], T], limits: Limits, *, first: Callable[[], object] | None = None
) -> Ahead[A, T]:
    """Start WORK in a forked copy of this process (as `fork_beside`) before its input is known.

    The copy runs FIRST, the part that needs no input (an error there is ignored: WORK meets
    it again and reports it in its place), then waits for the input `Ahead.give` sends and
    runs WORK on it. So a document's EPUB draws its cover while the PDF's pages are laid out.
    """
    import multiprocessing

    receiver, sender = multiprocessing.Pipe(duplex=False)

    def run() -> T:
        sender.close()
        if first is not None:
            with contextlib.suppress(Exception):
                first()
        try:
            given = receiver.recv()
        except EOFError:  # the parent stopped before giving it (and stops this copy)
            raise RenderError("the build stopped before its pages were laid out") from None
        return work(given)

    started: Started[T] = fork_beside(run, limits)
    receiver.close()
    return Ahead(started, sender)


class Ahead(Generic[A, T]):
    """Work started by `fork_ahead`: `give` it its input once, then ask for its `result`."""

    def __init__(self, started: Started[T], sender: Connection) -> None:
        self._started, self._sender = started, sender
        self.given = False

    def give(self, value: A) -> None:
        """Send VALUE, the input the work waits for."""
        self.given = True
        self._sender.send(value)
        self._sender.close()

    def result(self) -> T:
        """Return the work's result (as `Started.result`); its input must have been given."""
        return self._started.result()

    def stop(self) -> None:
        """Kill the work if it still runs, and reap it."""
        self._sender.close()
        self._started.stop()


class _Fork:
    """A process forked by `fork_beside`, with the part of `multiprocessing.Process` used."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.exitcode: int | None = None

    def is_alive(self) -> bool:
        if self.exitcode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def join(self) -> None:
        if self.exitcode is None:
            self.exitcode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


class Started(Generic[T]):
    """A document's work started by `start_limited`: ask for its `result`, or `stop` it."""

    def __init__(
        self,
        work: Callable[[], T],
        limits: Limits,
        spent: float,
        child: Any = None,
        receiver: Connection | None = None,
    ) -> None:
        self._work, self._limits, self._child, self._receiver = work, limits, child, receiver
        self._spent = spent
        self._start = time.monotonic() - spent
        self.seconds = spent
        """Seconds of the time limit used, this work's included, once `result` returned."""

    def result(self) -> T:
        """Return the work's result, waiting at most what is left of the time limit."""
        if self._child is None or self._receiver is None:
            start = time.monotonic()
            try:
                return self._work()
            finally:
                self.seconds = self._spent + time.monotonic() - start
        try:
            outcome = _wait(self._receiver, self._limits, self._start)
        except BaseException:
            self.stop()
            raise
        if outcome is None:  # no outcome: how the child ended tells why
            self.stop()
            return _unpacked(outcome, self._child.exitcode, self._limits)  # type: ignore[no-any-return]
        self.seconds = self._spent + outcome[2]
        self._let_go()
        return _unpacked(outcome, None, self._limits)  # type: ignore[no-any-return]

    def _let_go(self) -> None:
        """End the child, whose outcome came, without waiting for its exit.

        It is ending anyway (`_child` exits once it has sent, after reaping what it let go
        itself); the exit of a forked copy of a warm process (freeing what it wrote, its
        page tables) took 5 to 20 ms that the document waited for. The child is reaped
        later, when another starts (`_reap`), and killed then if it still runs.
        """
        assert self._receiver is not None
        self._receiver.close()
        _UNREAPED.append((os.getpid(), self._child))
        self._child = None

    def stop(self) -> None:
        """Kill the child if it still runs (a result not wanted any more), and reap it."""
        if self._receiver is not None:
            self._receiver.close()
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join()


_UNREAPED: list[tuple[int, Any]] = []
"""Children whose outcome came and that were let go (`Started._let_go`), until reaped, each
with the process that started it (a forked copy inherits the list, not the children)."""


def _reap() -> None:
    """Reap the children let go that have ended, and kill the others (reaped next time):
    none waits for another document's child."""
    me = os.getpid()
    _UNREAPED[:] = [(owner, child) for owner, child in _UNREAPED if owner == me and _alive(child)]
    for _, child in _UNREAPED:
        child.kill()


def _wait_for_let_go() -> None:
    """Reap every child this process let go, waiting for each (its time counted in ours)."""
    me = os.getpid()
    for owner, child in _UNREAPED:
        if owner == me:
            with contextlib.suppress(ChildProcessError):
                child.join()
    _UNREAPED.clear()


def _alive(child: Any) -> bool:
    try:
        return bool(child.is_alive())
    except ChildProcessError:  # reaped already
        return False


def _unpacked(outcome: tuple[str, Any, float] | None, exitcode: int | None, limits: Limits) -> Any:
    if outcome is None:
        raise lost(exitcode, limits)
    kind, value, _ = outcome
    if kind == "ok":
        return value
    if kind == "memory":
        raise memory_exceeded(limits)
    if kind == "error":
        raise value
    raise RenderError(str(value))


def lost(exitcode: int | None, limits: Limits) -> PublishError:
    """Return the failure of a process that died (EXITCODE) without sending its result."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        if limits.memory_mb is not None and name in ("SIGSEGV", "SIGBUS", "SIGABRT"):
            return LimitError(
                f"the build crashed ({name}), most likely at the memory "
                f"limit of {limits.memory_mb} MB (raise it with --memory-limit)"
            )
        return RenderError(f"the renderer was stopped by {name}")
    return RenderError(f"the renderer exited with status {exitcode} without a result")


def memory_exceeded(limits: Limits) -> LimitError:
    """Return the failure of a build that ran out of memory under LIMITS."""
    return LimitError(
        f"the build needed more than the memory limit of {limits.memory_mb} MB "
        "(raise it with --memory-limit)"
    )


def time_exceeded(limits: Limits) -> LimitError:
    """Return the failure of a build that ran past the time limit of LIMITS."""
    return LimitError(
        f"the build took longer than the time limit of {limits.time:g} s "
        "(raise it with --time-limit)"
    )


def _wait(receiver: Connection, limits: Limits, start: float) -> tuple[str, Any, float] | None:
    """Wait for the child's outcome until START plus the time limit (a monotonic clock)."""
    left = None if limits.time is None else max(0.0, start + limits.time - time.monotonic())
    if not receiver.poll(left):
        raise time_exceeded(limits)
    try:
        return receiver.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError):
        return None


def die_with_parent() -> None:
    """Ask Linux to kill this child if the parent dies first (even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def address_space() -> int:
    """Return this process's address space in bytes (what RLIMIT_AS limits)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    return 0


def limit_this_process(limits: Limits) -> None:
    """In a forked child: apply the memory limit of LIMITS, and leave signals to the parent."""
    # What the parent held stays out of the child's garbage collections: a collection
    # would walk (and so copy, page by page) the whole inherited heap; the child's own
    # garbage is still collected.
    gc.freeze()
    # The parent handles Ctrl-C and SIGTERM; the child is killed by it, never asked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    if limits.memory_mb is not None:
        cap = limits.memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _child(work: Callable[[], Any], limits: Limits, sender: Connection) -> None:
    """Run WORK under the memory limit; send ("ok"|"error"|"memory"|"crash", value, seconds)."""
    limit_this_process(limits)
    start = time.monotonic()
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", work())
        _save_patterns()
    except MemoryError:
        outcome = ("memory", None)
    except PublishError as exc:
        outcome = ("error", exc)
    except BaseException as exc:  # everything else is reported as a render failure
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outcome = ("crash", f"the build failed: {summary}")
    seconds = time.monotonic() - start
    try:
        sender.send((*outcome, seconds))
    except MemoryError:
        sender.send(("memory", None, seconds))
    except Exception as exc:  # an unpicklable result or error
        sender.send(("crash", f"rendering failed: {type(exc).__name__}: {exc}", seconds))
    finally:
        sender.close()
        sys.stdout.flush()
        sys.stderr.flush()
        _wait_for_let_go()  # the outcome is sent: nobody waits for this
        os._exit(0)


def _save_patterns() -> None:
    """Keep the regular expressions this child compiled (`publish.compiled_patterns`)."""
    patterns = sys.modules.get("publish.compiled_patterns")
    if patterns is not None:
        patterns.save()
