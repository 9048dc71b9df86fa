"""`publish watch`: the command that rebuilds an article on every save, and serves a preview.

Registered by `publish.commands.app`.
"""

from pathlib import Path
from typing import Annotated

import typer

from publish.commands.exits import reported
from publish.commands.options import (
    DebugOption,
    FromOption,
    OutOption,
    StylesOption,
    TemplatesOption,
)

DEFAULT_PORT = 8400
"""Port of the preview: clear of the 8000 and 8080 that other development servers take."""


def watch(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            show_default=False,
            help="Article file (.txt, .md, .json, .html, .ninjs.json, .docx).",
        ),
    ],
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve a live preview of the PDF's pages in a browser.")
    ] = False,
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="Address the preview listens on; only this machine can reach the default.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            min=0, max=65535, metavar="PORT", help="Port of the preview; 0 picks a free one."
        ),
    ] = DEFAULT_PORT,
    out: OutOption = Path("out"),
    input_format: FromOption = None,
    templates: TemplatesOption = None,
    styles: StylesOption = None,
    profile: Annotated[
        str, typer.Option(metavar="[screen|press]", help="PDF for screens or press.")
    ] = "screen",
    paper: Annotated[
        str | None, typer.Option(metavar="SIZE", show_default=False, help="Trim size (default A4).")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Rebuild the PDF and EPUB whenever the article, its images or the theme change."""
    with reported(debug):
        from publish.isolation import NO_LIMITS
        from publish.print_request import PrintRequest
        from publish.render.templates import Theme
        from publish.settings import BuildSettings
        from publish.watch.loop import ArticleTarget, run_watch
        from publish.writers.pdf.weasy import PDF_VARIANTS

        settings = BuildSettings(
            out_dir=out,
            input_format=input_format,
            theme=Theme.with_overrides(templates, styles),
            print_request=PrintRequest.from_options(
                profile=profile, paper=paper, supported_variants=PDF_VARIANTS
            ),
            limits=NO_LIMITS,  # in this warm process, so each rebuild keeps its caches
        )
        target = ArticleTarget(Path(source), settings, name=source)
        run_watch(
            target,
            lambda line, error: typer.echo(line, err=error),
            serve=(host, port) if serve else None,
        )
