"""A warm worker started as a new program: `python -m publish.batch.spawned FD`.

A Dask worker's renderer (`publish.batch.workers.Renderers`) is started so rather than
forked: a fork would begin with every page of the Dask worker (its scheduler connection,
its tornado loop, the tasks' data) and hold them for its whole life. This program begins
with Python alone, is sent on the connection FD the parent's import path, then the pipeline's
`Prepare` function, the settings and the warm-up (by name and as plain data), and serves
articles as a forked worker does (`publish.batch.workers._serve`).
"""

from __future__ import annotations

import os
import sys
from multiprocessing import connection


def main(fd: int) -> None:
    """Take the import path, then (prepare, settings, warm) from FD, and serve articles."""
    link = connection.Connection(fd)
    try:
        sys.path[:] = link.recv()
        prepare, settings, warm = link.recv()
    except (EOFError, OSError):  # the parent is gone before it said what to build
        os._exit(0)
    from publish.batch.workers import _serve

    _serve(link, prepare, settings, warm)


if __name__ == "__main__":  # pragma: no cover - a process of its own
    main(int(sys.argv[1]))
