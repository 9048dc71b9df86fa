"""`publish catalog`: the OPDS 1.2 feed and manifest.json of a folder of built files."""

# No `from __future__ import annotations`: typer reads the annotations of `catalog`, which
# name options imported inside `register` (publish.cli imports this module).

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `catalog` command to APP (publish.cli's)."""
    from publish.cli import DebugOption, _reported

    @app.command()
    def catalog(
        folder: Annotated[
            Path,
            typer.Argument(
                metavar="DIR", help="Folder of built EPUBs and PDFs.", show_default=False
            ),
        ],
        title: Annotated[
            str, typer.Option(metavar="TEXT", help="The catalogue's title.")
        ] = "Publications",
        base_url: Annotated[
            str | None,
            typer.Option(
                "--base-url",
                metavar="URL",
                help="Address DIR is served at, like https://books.example/desk/: links "
                "are made absolute (for clients that do not resolve relative ones). "
                "[default: links relative to the feed]",
                show_default=False,
            ),
        ] = None,
        debug: DebugOption = False,
    ) -> None:
        """Write DIR/catalog.xml (an OPDS 1.2 feed) and DIR/manifest.json of the EPUBs and PDFs."""
        with _reported(debug):
            from publish.output.catalog import write_catalog

            for path in write_catalog(folder, title, base_url=base_url):
                typer.echo(str(path))
