"""The `publish` command: parse options, call one library function, map errors to exit codes.

`publish.cli.main` (the entry point) runs it, with the layout process started ahead for a plain
build of one article (`publish.layout_ahead`).
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from publish.commands.exits import reported
from publish.commands.export import export
from publish.commands.help import HelpGroup
from publish.commands.options import (
    DebugOption,
    FromOption,
    MemoryLimitOption,
    OutOption,
    StylesOption,
    TemplatesOption,
    TimeLimitOption,
)
from publish.commands.watch import watch
from publish.errors import EXIT_INTERRUPTED
from publish.interrupts import install_stop_handlers
from publish.isolation import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

app = typer.Typer(
    cls=HelpGroup,
    name="publish",
    help="Publish articles as a print-ready PDF and an accessible EPUB.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: --help need not import rich (~40 ms)
)


def _version(value: bool) -> None:
    if value:
        import publish

        typer.echo(f"publish {publish.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, metavar="", help="Print the version."
        ),
    ] = False,
) -> None:
    """Publish articles as a print-ready PDF and an accessible EPUB."""


@app.command()
def build(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (.txt, .md, .json, .html, .ninjs.json, .docx) or - "
            "for standard input. "
            "Without any, the sample article is published.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    out: OutOption = Path("out"),
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[pdf|epub]",
            help="Output format; repeat for both (the default).",
        ),
    ] = None,
    input_format: FromOption = None,
    templates: TemplatesOption = None,
    styles: StylesOption = None,
    fonts: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Folder of fonts added to every font stack (other scripts)."
        ),
    ] = None,
    profile: Annotated[
        str,
        typer.Option(
            metavar="[screen|press]",
            help="PDF for screens (tagged, PDF/UA-1) or press (PDF/X-4, bleed, crop marks, CMYK).",
        ),
    ] = "screen",
    paper: Annotated[
        str | None,
        typer.Option(
            metavar="SIZE",
            help="Trim size: A4, A5, B5, Letter, Legal, Tabloid or "
            "WIDTHxHEIGHT like 148mmx210mm (default A4).",
            show_default=False,
        ),
    ] = None,
    bleed: Annotated[
        str | None,
        typer.Option(
            metavar="LENGTH",
            help="Bleed on every side, like 3mm or 0.125in (default: screen 0, press 3mm).",
            show_default=False,
        ),
    ] = None,
    marks: Annotated[
        str | None,
        typer.Option(
            metavar="MARKS",
            help="Printer's marks: crop, cross, crop,cross or none "
            "(default: screen none, press crop).",
            show_default=False,
        ),
    ] = None,
    pdf_variant: Annotated[
        str | None,
        typer.Option(
            metavar="VARIANT",
            help="PDF standard to claim, any WeasyPrint variant "
            "(pdf/a-3b, pdf/ua-1, pdf/x-4, ...) or none (default: "
            "screen pdf/ua-1, press pdf/x-4).",
            show_default=False,
        ),
    ] = None,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    memory_limit: MemoryLimitOption = DEFAULT_MEMORY_LIMIT,
    allow_remote: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-remote",
            metavar="HOST",
            help="Let the theme, and the article's images, be fetched from HOST over https "
            "(each image once, for both outputs); repeat for more hosts.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Articles built at once, one worker process each. [default: all cores]",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        str | None,
        typer.Option(
            metavar="[local|dask]",
            help="Build a batch on this machine's cores (local, the "
            "default) or on Dask (needs the dask extra).",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Dask scheduler to use, like tcp://10.0.0.5:8786 "
            "(implies --executor dask; default: a local cluster).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Rebuild every article of a batch, even those unchanged since the last build.",
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            metavar="",
            help="Run `publish check` on what was built; fail if it fails (exit 5).",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 4) on any warning, writing nothing for that article; for CI.",
        ),
    ] = False,
    accept_changes: Annotated[
        bool,
        typer.Option(
            "--accept-changes",
            help="Build a Word file that still has tracked changes or comments, as if accepted.",
        ),
    ] = False,
    word_styles: Annotated[
        Path | None,
        typer.Option(
            "--word-styles",
            metavar="FILE",
            help="YAML mapping a Word file's own paragraph and character styles (Kicker, "
            "Byline, Pull Quote...) onto the article: see the README's Word section.",
        ),
    ] = None,
    catalog: Annotated[
        bool,
        typer.Option(
            "--catalog", help="Then write the output folder's catalog.xml (OPDS) and manifest.json."
        ),
    ] = False,
    no_embed_fonts: Annotated[
        bool,
        typer.Option(
            "--no-embed-fonts",
            help="Leave the fonts out of the EPUB (the reading system's own are used).",
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Build the PDF and EPUB of each article and print the paths written."""
    with reported(debug):
        from publish.commands.build import build_and_report, build_settings

        settings = build_settings(
            out=out,
            formats=formats,
            input_format=input_format,
            templates=templates,
            styles=styles,
            fonts=fonts,
            profile=profile,
            paper=paper,
            bleed=bleed,
            marks=marks,
            pdf_variant=pdf_variant,
            time_limit=time_limit,
            memory_limit=memory_limit,
            allow_remote=allow_remote or (),
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            force=force,
            strict=strict,
            accept_changes=accept_changes,
            embed_fonts=not no_embed_fonts,
            word_styles=word_styles,
        )
        build_and_report(inputs or [], settings, catalog=catalog, check=check)


@app.command()
def catalog(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Folder of built EPUBs and PDFs.", show_default=False),
    ],
    title: Annotated[
        str, typer.Option(metavar="TEXT", help="The catalogue's title.")
    ] = "Publications",
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Address DIR is served at, like https://books.example/desk/: links are "
            "made absolute (for clients that do not resolve relative ones). "
            "[default: links relative to the feed]",
            show_default=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Write DIR/catalog.xml (an OPDS 1.2 feed) and DIR/manifest.json of the EPUBs and PDFs."""
    with reported(debug):
        from publish.commands.build import write_catalog

        write_catalog(folder, title, base_url=base_url)


@app.command("check")
def check_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="PDF and EPUB files to check.", show_default=False, metavar="FILE"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
    ace: Annotated[
        bool, typer.Option("--ace/--no-ace", help="Run DAISY Ace on EPUBs (when installed).")
    ] = True,
    debug: DebugOption = False,
) -> None:
    """Hold PDFs and EPUBs to EPUBCheck, DAISY Ace and the PDF checks; exit 0 if all pass."""
    with reported(debug):
        from publish.commands.check import report_checks

        report_checks(files, as_json=as_json, ace=ace)


@app.command()
def facts(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Article file (.txt, .md, .json) or - for standard input.",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    input_format: FromOption = None,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    memory_limit: MemoryLimitOption = DEFAULT_MEMORY_LIMIT,
    debug: DebugOption = False,
) -> None:
    """Print the fact box and the source notes the article would get, without rendering."""
    with reported(debug):
        from publish.commands.facts import facts_report
        from publish.isolation import Limits

        limits = Limits(time=time_limit or None, memory_mb=memory_limit or None)
        typer.echo(facts_report(source, input_format, as_json=as_json, limits=limits))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the article model (the shape JSON input must have)."""
    import json

    from publish.model import Article

    typer.echo(json.dumps(Article.model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def sample(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write it in.")] = Path(
        "."
    ),
    debug: DebugOption = False,
) -> None:
    """Write the shipped sample article (sample-article.md) to DIR, to try the commands on."""
    with reported(debug):
        from publish.samples import write_sample

        typer.echo(str(write_sample(folder)))


app.command()(export)
app.command()(watch)


def run() -> int:
    """Run the command line; return its exit code. A usage mistake is one line, exit code 2."""
    install_stop_handlers()  # for the whole process, up to its very last line
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # typer's public base of its usage and command errors
        if not sys.argv[1:]:  # no arguments: the group's help (no_args_is_help), as --help
            typer.echo(exc.format_message())
            sys.exit(exc.exit_code)
        typer.echo(f"publish: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("publish: error: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    return code if isinstance(code, int) else 0
