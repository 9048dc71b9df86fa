"""The `publish` command's entry point: the command line (`publish.commands.app`) run, and exited.

For a plain build of one article (`publish build ARTICLE`), the layout process is forked
first, before typer and click are imported and the arguments parsed, so that WeasyPrint
loads and the theme's fonts register on the other core meanwhile (`publish.layout_ahead`).
Every other command line runs as it is. `app` is the typer application, loaded when asked for.

The `publish` program runs `entry`, which ends the process without Python's teardown once the
command is done (`end_process`); `main` returns by SystemExit, for callers in a process of
their own.
"""

import sys
from typing import Any, NoReturn


def entry() -> NoReturn:
    """The `publish` program: `main`, then the process ended without Python's teardown."""
    try:
        main()
    except SystemExit as done:
        end_process(done)
    end_process(SystemExit(0))


def end_process(done: SystemExit) -> NoReturn:
    """End the process as DONE would, without Python's teardown: its atexit functions run
    and the standard streams are flushed, but the ~400 modules a build loads are not taken
    apart one by one (some 80 million instructions, 0.05-0.1 s, after the outputs are
    written). Left to Python when another thread still runs (Python waits for it), when the
    code is no number, or when a stream cannot be flushed (Python reports that itself)."""
    import atexit
    import os
    import threading

    code = done.code
    if code is None:
        code = 0
    if isinstance(code, bool) or not isinstance(code, int) or threading.active_count() > 1:
        raise done
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code)


def main() -> None:
    """Run the command line; report usage mistakes as one line with exit code 2."""
    import atexit

    from publish import compiled_patterns

    compiled_patterns.keep_patterns()
    atexit.register(compiled_patterns.save)
    from publish import layout_ahead

    layout_ahead.start(sys.argv[1:])
    from publish.interrupts import Terminated, exit_process

    try:
        from publish.commands.app import run

        code = run()
    except (KeyboardInterrupt, Terminated) as stop:  # before the command's own reporting
        code = _stopped(stop)
    finally:
        layout_ahead.stop()  # never left behind: not used, failed or done, it is gone
    exit_process(code)


def _stopped(stop: BaseException) -> int:
    """Report Ctrl-C or SIGTERM that came while typer loaded (one line, no traceback)."""
    from publish.errors import EXIT_INTERRUPTED, EXIT_TERMINATED
    from publish.interrupts import mark_reported

    mark_reported()
    interrupted = isinstance(stop, KeyboardInterrupt)
    word = "interrupted" if interrupted else "terminated"
    sys.stderr.write(f"publish: error: {word}\n")
    return EXIT_INTERRUPTED if interrupted else EXIT_TERMINATED


def __getattr__(name: str) -> Any:
    if name == "app":  # `from publish.cli import app`: the typer application
        from publish.commands.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
