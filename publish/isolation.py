"""Run one document's build (read, enrich, render, pack) in a forked child, within limits.

The child inherits the parent's memory (fork), lowers its own address-space limit with
`setrlimit(RLIMIT_AS)`, runs the work and sends the result back through a pipe. The parent
waits at most the time limit, then kills the child. Only the parent writes files, so a
child that is killed leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from publish.errors import LimitError, PublishError, RenderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")

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


def run_limited(work: Callable[[], T], limits: Limits) -> T:
    """Return WORK's result, computed in a forked child within LIMITS.

    A PublishError raised by WORK is raised here unchanged; running out of time or memory
    raises LimitError; any other failure in the child becomes a RenderError.
    """
    if not limits.isolated:
        return work()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, limits, sender), daemon=True)
    child.start()
    sender.close()
    try:
        outcome = _wait(receiver, limits)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome is None:
        if child.exitcode is not None and child.exitcode < 0:
            name = signal.Signals(-child.exitcode).name
            if limits.memory_mb is not None and name in ("SIGSEGV", "SIGBUS", "SIGABRT"):
                raise LimitError(
                    f"the build crashed ({name}), most likely at the memory "
                    f"limit of {limits.memory_mb} MB (raise it with --memory-limit)"
                )
            raise RenderError(f"the renderer was stopped by {name}")
        raise RenderError(f"the renderer exited with status {child.exitcode} without a result")
    kind, value = outcome
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "memory":
        raise LimitError(
            f"the build needed more than the memory limit of {limits.memory_mb} MB "
            "(raise it with --memory-limit)"
        )
    if kind == "error":
        raise value
    raise RenderError(str(value))


def _wait(receiver: Connection, limits: Limits) -> tuple[str, Any] | None:
    if not receiver.poll(limits.time):
        raise LimitError(
            f"the build took longer than the time limit of {limits.time:g} s "
            "(raise it with --time-limit)"
        )
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


def _child(work: Callable[[], Any], limits: Limits, sender: Connection) -> None:
    """Run WORK under the memory limit and send ("ok"|"error"|"memory"|"crash", value)."""
    # The parent handles Ctrl-C and SIGTERM; the child is killed by it, never asked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    if limits.memory_mb is not None:
        cap = limits.memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", work())
    except MemoryError:
        outcome = ("memory", None)
    except PublishError as exc:
        outcome = ("error", exc)
    except BaseException as exc:  # everything else is reported as a render failure
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outcome = ("crash", f"the build failed: {summary}")
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    except Exception as exc:  # an unpicklable result or error
        sender.send(("crash", f"rendering failed: {type(exc).__name__}: {exc}"))
    finally:
        sender.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
