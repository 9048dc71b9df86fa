"""Warm workers: forked processes that build one article after another, each within its limits.

A batch used to fork a limited child (publish/isolation.py) for every article from its pool
worker: each article paid the fork, and lost with its child whatever the child had loaded
(the fonts Pango opened, the hyphenation dictionary, the EPUB's templates). A warm worker is
forked once and builds article after article in its own process, under the same limits:

- memory: the worker lowers its own address-space limit (RLIMIT_AS) to the memory limit as it
  starts, as a limited child does. One whose address space has grown by more than a tenth of
  the limit since it started is replaced after its article, so that a later article has the
  room a fresh child would have.
- time: each article has the time limit from the moment it is handed to the worker; the parent
  kills the worker when it runs out.
- failures: every article fails alone. One whose input was refused (an InputError) leaves the
  worker as it was; after any other failure (a render failure, a bug, the memory or time
  limit, a crash) the worker is replaced before the next article, so no article builds in the
  state another one left broken.

A worker is started with the batch's settings (forked with them, or sent them once), so an
article costs the parent the path alone: no settings pickled per article. It sends back the
article's outcome (`publish.batch.task.Outcome`) and the warnings it logged, which the
parent reports in input order. `WarmPool` forks N of them for a local batch, from a parent
warmed for them; `Renderers` keeps them in a Dask worker (publish/batch/cluster.py), each
started as a new program (`publish.batch.spawned`) rather than forked, so that it holds
none of the Dask worker's memory.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing import connection
from typing import TYPE_CHECKING, NoReturn

from publish.batch.beside import stop_helper
from publish.errors import InputError, PublishError, RenderError
from publish.interrupts import STOP_SIGNALS
from publish.isolation import (
    address_space,
    limit_this_process,
    lost,
    memory_exceeded,
    time_exceeded,
)

if TYPE_CHECKING:
    from publish.batch.task import Outcome, Prepare
    from publish.settings import BuildSettings

GROWTH = 10
"""A worker whose address space grew by more than 1/GROWTH of the memory limit is replaced."""

AHEAD = 16
"""Articles handed out per worker beyond the next one to write, at most: the parent keeps the
outcomes that finished early, so this bounds them (an article's outputs: about 250 KB)."""

Warm = Callable[["BuildSettings"], None]
"""Loads what every article needs (`publish.pipeline._warm_forking`); it travels by name to
a worker started as a new program."""

Reply = tuple["Outcome", tuple[str, ...]]
"""An article's outcome and the warnings its build logged."""


class Worker:
    """One warm worker process and the article it is building, if any.

    The worker holds the batch's settings from its start, so each article costs it the path
    alone. It is forked from this process, or with SPAWN started as a new program
    (`publish.batch.spawned`) that is sent the settings once: a Dask worker's renderer, which
    so holds none of Dask's memory.
    """

    def __init__(
        self,
        prepare: Prepare,
        settings: BuildSettings,
        warm: Warm | None = None,
        *,
        spawn: bool = False,
    ) -> None:
        """Start the worker; with WARM, it first runs WARM(settings) in itself."""
        from publish.interrupts import workers_forked

        self.prepare, self.settings, self.limits = prepare, settings, settings.limits
        ours, theirs = connection.Pipe(duplex=True)
        with workers_forked():  # it sets its own signals before it can get one
            if spawn:
                pid = _spawn(theirs)
            else:
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the worker; coverage does not follow forks
                    ours.close()
                    _serve(theirs, prepare, settings, warm)
        theirs.close()
        self.pid, self.connection = pid, ours
        self.path: str | None = None
        self.started = 0.0
        if spawn:
            try:
                ours.send(sys.path)  # so that PREPARE and WARM are found by name there
                ours.send((prepare, settings, warm))
            except (OSError, EOFError):
                pass  # it died at once: its first article says so
            except BaseException:  # what it was to be sent cannot be: no worker
                self.stop()
                raise

    def send(self, path: str) -> bool:
        """Hand PATH to the worker; False when the worker is gone (it must be replaced)."""
        try:
            self.connection.send_bytes(os.fsencode(path))
        except (OSError, EOFError):
            return False
        self.path, self.started = path, time.monotonic()
        return True

    def alive(self) -> bool:
        """Tell whether the worker still runs (it may die idle, with the thread it forked from)."""
        if self.pid == 0:
            return False
        try:
            ended = os.waitpid(self.pid, os.WNOHANG)[0] != 0
        except ChildProcessError:
            ended = True
        if ended:
            self.pid = 0  # reaped
        return not ended

    def deadline(self) -> float | None:
        """Return when the article being built runs out of time (a monotonic clock)."""
        if self.path is None or self.limits.time is None:
            return None
        return self.started + self.limits.time

    def receive(self) -> tuple[Reply, bool]:
        """Return the article's reply, and whether the worker must be replaced after it."""
        path, self.path = self.path or "", None
        try:
            outcome, logged, retire = self.connection.recv()
        except (OSError, EOFError):  # it died: at the memory limit, or killed
            return (lost(self._exitcode(), self.limits).located(path), ()), True
        return (outcome, logged), retire

    def expired(self) -> Reply:
        """Kill the worker, whose article ran out of time, and return the article's failure."""
        path, self.path = self.path or "", None
        self.stop()
        return time_exceeded(self.limits).located(path), ()

    def stop(self, *, wait: bool = False) -> None:
        """Kill the worker and reap it: it holds nothing but what it was forked with. With
        WAIT, an idle worker is let end by itself (its pipe closed) and waited for, so that it
        exits as a process does (a benchmark counts its CPU time, or callgrind its work)."""
        if self.pid and not (wait and self.path is None):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.connection.close()
        self._exitcode()

    def _exitcode(self) -> int | None:
        """Reap the worker (waiting for it) and return its exit code, once."""
        if self.pid == 0:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        finally:
            self.pid = 0
        return os.waitstatus_to_exitcode(status)

    def run(self, path: str) -> tuple[Reply, bool]:
        """Build PATH in the worker and wait for it (the time limit applies)."""
        if not self.send(path):
            return (lost(self._exitcode(), self.limits).located(path), ()), True
        deadline = self.deadline()
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not self.connection.poll(timeout):
            return self.expired(), True
        return self.receive()


def _spawn(link: connection.Connection) -> int:
    """Start `publish.batch.spawned` as a new program on LINK's end; return its process id."""
    fd = link.fileno()
    os.set_inheritable(fd, True)
    try:
        command = [sys.executable, "-m", "publish.batch.spawned", str(fd)]
        path = os.pathsep.join(filter(None, sys.path))  # publish found as it is found here
        return os.posix_spawn(sys.executable, command, {**os.environ, "PYTHONPATH": path})
    finally:
        os.set_inheritable(fd, False)


def _serve(
    link: connection.Connection, prepare: Prepare, settings: BuildSettings, warm: Warm | None
) -> NoReturn:
    """The worker: build each path received with SETTINGS, send (outcome, warnings, retire)."""
    from publish.batch.task import build_here
    from publish.strict import warnings_captured
    from publish.writers.cover import keep_picture_memory

    limits = settings.limits
    try:
        limit_this_process(limits)
        keep_picture_memory()  # it draws cover after cover: their memory is reused
        if warm is not None:
            with warnings_captured(), contextlib.suppress(Exception):  # left to the article
                warm(settings)
        room = None if limits.memory_mb is None else limits.memory_mb * 1024 * 1024 // GROWTH
        start = address_space()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held while it forked
        while True:
            path = os.fsdecode(link.recv_bytes())
            retire = False
            with warnings_captured() as logged:
                try:
                    outcome = build_here(prepare, path, settings)
                except MemoryError:
                    outcome, retire = memory_exceeded(limits).located(path), True
                except BaseException as exc:  # a failure no article's build may leave behind
                    summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                    outcome = RenderError(f"the build failed: {summary}", file=path)
                    retire = True
            if isinstance(outcome, PublishError) and not isinstance(outcome, InputError):
                retire = True
            if room is not None and address_space() - start > room:
                retire = True
            try:
                link.send((outcome, tuple(logged), retire))
            except MemoryError:
                link.send((memory_exceeded(limits).located(path), (), True))
                break
            except Exception as exc:  # an unpicklable outcome
                error = RenderError(f"rendering failed: {type(exc).__name__}: {exc}", file=path)
                link.send((error, (), True))
                break
            if retire:
                break
    finally:  # the parent is gone, or this worker cannot go on (it is replaced)
        stop_helper()  # the kept worker's EPUB helper (`publish.batch.beside`), reaped
        os._exit(0)


class WarmPool:
    """JOBS warm workers building a batch; each article's outcome comes back in input order."""

    def __init__(self, jobs: int, prepare: Prepare, settings: BuildSettings) -> None:
        self.prepare, self.settings = prepare, settings
        self.workers: list[Worker] = []
        try:
            for _ in range(jobs):
                self.workers.append(Worker(prepare, settings))
        except BaseException:
            self.close()
            raise

    def outcomes(self, paths: Sequence[str]) -> Generator[Reply, None, None]:
        """Yield (outcome, warnings) of every path, in input order; close the pool at the end."""
        try:
            yield from self._outcomes(paths)
        finally:
            self.close()

    def _outcomes(self, paths: Sequence[str]) -> Iterator[Reply]:
        todo = deque(enumerate(paths))
        done: dict[int, Reply] = {}
        busy: dict[int, int] = {}  # a worker's place in self.workers: the index of its article
        written = 0
        window = AHEAD * len(self.workers)
        while written < len(paths):
            for place, worker in enumerate(self.workers):  # hand out work to idle workers
                while place not in busy and todo and todo[0][0] < written + window:
                    index, path = todo.popleft()
                    if worker.send(path):
                        busy[place] = index
                    else:  # it died while idle (its parent thread ended): replace it
                        todo.appendleft((index, path))
                        worker = self._replace(place, worker)
            if written in done:
                yield done.pop(written)
                written += 1
                continue
            self._collect(busy, done)

    def _collect(self, busy: dict[int, int], done: dict[int, Reply]) -> None:
        """Wait for a worker to finish, or for the nearest time limit; record what ended."""
        deadlines = [d for place in busy if (d := self.workers[place].deadline()) is not None]
        timeout = None if not deadlines else max(0.0, min(deadlines) - time.monotonic())
        waiting = [self.workers[place].connection for place in busy]
        ready = connection.wait(waiting, timeout) if waiting else []
        now = time.monotonic()
        for place in list(busy):
            worker = self.workers[place]
            if worker.connection in ready:
                reply, retire = worker.receive()
            elif (deadline := worker.deadline()) is not None and now >= deadline:
                reply, retire = worker.expired(), True
            else:
                continue
            done[busy.pop(place)] = reply
            if retire:
                self._replace(place, worker)

    def _replace(self, place: int, worker: Worker) -> Worker:
        worker.stop()
        self.workers[place] = Worker(self.prepare, self.settings)
        return self.workers[place]

    def close(self) -> None:
        """End every worker and reap them (the batch is done, or stopped)."""
        for worker in self.workers:
            worker.stop()
        self.workers = []


class Renderers:
    """The warm workers of this process's threads, kept from task to task (a Dask worker's)
    or from build to build (a process that builds one article after another itself).

    Each thread has its own: a worker dies with the thread that forked it (`die_with_parent`).
    With SPAWN (a Dask worker) each is started as a new program, holding none of this
    process's memory; else it is forked from this warm process. A worker is replaced when it
    was started for other settings, or under another environment (`SOURCE_DATE_EPOCH`, the
    cache folder, ...) or in another working folder, as a forked child would see the new one.
    """

    def __init__(self, *, spawn: bool = True) -> None:
        self.local = threading.local()
        self.spawn = spawn

    def run(
        self, prepare: Prepare, path: str, settings: BuildSettings, warm: Warm | None = None
    ) -> Reply:
        """Build PATH in this thread's warm worker; a new one (first warmed by WARM in itself)
        when there is none yet, or it is gone, or it was started for other settings."""
        worker: Worker | None = getattr(self.local, "worker", None)
        environment: tuple[str, dict[str, str]] | None = getattr(self.local, "environment", None)
        self.local.worker = None
        if worker is not None and (
            worker.settings != settings
            or worker.prepare is not prepare
            or (os.getcwd(), dict(os.environ)) != environment
            or not worker.alive()
        ):
            worker.stop()
            worker = None
        if worker is None:
            environment = (os.getcwd(), dict(os.environ))
            worker = Worker(prepare, settings, warm, spawn=self.spawn)
        try:
            reply, retire = worker.run(path)
        except BaseException:  # interrupted: its article may still be building
            worker.stop()
            raise
        if retire:
            worker.stop()
        else:
            self.local.worker, self.local.environment = worker, environment
        return reply

    def stop(self, *, wait: bool = False) -> None:
        """Stop this thread's worker, if it has one (with WAIT, as `Worker.stop`)."""
        worker: Worker | None = getattr(self.local, "worker", None)
        self.local.worker = None
        if worker is not None:
            worker.stop(wait=wait)
