"""Ctrl-C and SIGTERM: the first stops the run cleanly, a second exits at once.

The first SIGINT raises KeyboardInterrupt and the first SIGTERM raises `Terminated`, so every
`finally` runs (temporary outputs removed, renderers killed) and the command reports one line
(exit 130 or 143). Any later signal ends the process at once, with that exit code and no
traceback. Writing the outputs (publish/output/files.py) is never cut in half: it defers both
signals until the pair is renamed in place or removed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from publish.errors import EXIT_INTERRUPTED, EXIT_TERMINATED

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(BaseException):
    """SIGTERM arrived; raised so that cleanup (temporary files) runs as for Ctrl-C."""


_state = {"stopping": False, "reported": False}


def _exit_code(signum: int) -> int:
    return EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED


def _stop(signum: int, frame: FrameType | None) -> None:
    """The first signal: raise, so the run unwinds; a later one: exit now."""
    if _state["stopping"]:
        _exit_now(signum)
    _state["stopping"] = True
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated()


def _exit_now(signum: int) -> None:
    """End the process with SIGNUM's exit code, saying so once, without unwinding."""
    if not _state["reported"]:
        word = "interrupted" if signum == signal.SIGINT else "terminated"
        os.write(2, f"publish: error: {word}\n".encode())
    os._exit(_exit_code(signum))


def mark_reported() -> None:
    """Note that the stop was reported, so a later signal exits without a second line."""
    _state["reported"] = True


@contextmanager
def workers_forked() -> Iterator[None]:
    """Hold stop signals while worker processes are forked: a worker created with them
    blocked sets its own handlers before it can receive one (`publish.batch.workers`), and
    the parent gets any signal that came meanwhile as soon as this ends."""
    if not _in_main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def exit_process(code: int) -> None:
    """Exit with CODE; after a stop signal, at once (Python's shutdown would restore the
    default handlers, so a late second Ctrl-C would kill the process instead)."""
    if _state["stopping"]:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def install_stop_handlers() -> None:
    """Make SIGINT and SIGTERM stop this process as the module says, from now on."""
    _state.update(stopping=False, reported=False)
    for sig in STOP_SIGNALS:
        signal.signal(sig, _stop)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM stop the run as the module says."""
    if not _in_main_thread() or all(signal.getsignal(s) is _stop for s in STOP_SIGNALS):
        yield
        return
    previous: dict[signal.Signals, Any] = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    install_stop_handlers()
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver the first one that came."""
    if not _in_main_thread():
        yield
        return
    arrived: list[int] = []
    previous: dict[signal.Signals, Any] = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

    def hold(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    for sig in STOP_SIGNALS:
        signal.signal(sig, hold)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if arrived:
            sys.stderr.flush()
            signal.raise_signal(arrived[0])
