"""The `publish` command's entry point: the command line (`publish.commands.app`) run, and exited.

For a plain build of one article (`publish build ARTICLE`), the layout process is forked
first, before typer and click are imported and the arguments parsed, so that WeasyPrint
loads and the theme's fonts register on the other core meanwhile (`publish.layout_ahead`).
Every other command line runs as it is. `app` is the typer application, loaded when asked for.
"""

import sys
from typing import Any


def main() -> None:
    """Run the command line; report usage mistakes as one line with exit code 2."""
    from publish import layout_ahead

    layout_ahead.start(sys.argv[1:])
    try:
        from publish.commands.app import run

        code = run()
    finally:
        layout_ahead.stop()  # never left behind: not used, failed or done, it is gone
    from publish.interrupts import exit_process

    exit_process(code)


def __getattr__(name: str) -> Any:
    if name == "app":  # `from publish.cli import app`: the typer application
        from publish.commands.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
