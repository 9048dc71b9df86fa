"""The `publish` command: parse options, call one library function, map errors to exit codes."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from publish.commands.export import register as _register_export
from publish.commands.help import HelpGroup
from publish.errors import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    BuildFailed,
    PublishError,
    escape,
)
from publish.interrupts import (
    Terminated,
    exit_process,
    install_stop_handlers,
    mark_reported,
    stop_on_signals,
)
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


class _Plain(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return escape(record.getMessage())  # one line, whatever an input put in it


def _setup_logging() -> None:
    logger = logging.getLogger("publish")
    if not any(getattr(h, "_publish", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Plain())
        handler._publish = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


@contextmanager
def _reported(debug: bool = False) -> Iterator[None]:
    """Turn errors into one line on standard error and the matching exit code."""
    _setup_logging()
    with stop_on_signals(), _one_line(debug):  # a second Ctrl-C or SIGTERM exits at once
        yield


@contextmanager
def _one_line(debug: bool) -> Iterator[None]:
    try:
        yield
    except BuildFailed as exc:
        if debug:
            raise
        for result in exc.results:
            for path in getattr(result, "outputs", ()):
                typer.echo(str(path))
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except PublishError as exc:
        if debug:
            raise
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        mark_reported()
        typer.echo("publish: error: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        mark_reported()
        typer.echo("publish: error: terminated", err=True)
        raise typer.Exit(EXIT_TERMINATED) from None
    except typer.Exit:  # the command has already reported, and chosen its exit code
        raise
    except Exception as exc:  # a bug: still one line and a render-failure code
        if debug:
            raise
        summary = traceback.format_exception_only(type(exc), exc)[-1].strip()
        typer.echo(
            f"publish: error: internal error ({escape(summary[:300])}); "
            "run again with --debug for the traceback",
            err=True,
        )
        raise typer.Exit(4) from None


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


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="[text|markdown|json|html|ninjs|docx]",
        help="Input format (needed for `-`; else told by the file's suffix).",
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", metavar="", help="Show tracebacks.")]


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
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder.")] = Path(
        "out"
    ),
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
    templates: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Folder of templates that override the project's."),
    ] = None,
    styles: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Folder of stylesheets that override the project's."),
    ] = None,
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
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            min=0,
            metavar="SECONDS",
            help="Seconds one document may take to render; 0 for no limit.",
        ),
    ] = DEFAULT_TIME_LIMIT,
    memory_limit: Annotated[
        int,
        typer.Option(
            "--memory-limit",
            min=0,
            metavar="MB",
            help="Megabytes one document's renderer may use; 0 for no limit.",
        ),
    ] = DEFAULT_MEMORY_LIMIT,
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
    with _reported(debug):
        from publish.batch.run import default_jobs, executor_name
        from publish.isolation import Limits
        from publish.pipeline import FORMATS, BuildSettings
        from publish.pipeline import build as run_build
        from publish.readers.docx_stylemap import load_word_styles
        from publish.render.templates import Theme
        from publish.writers.fetcher import check_host_names
        from publish.writers.pdf.options import PrintRequest

        print_request = PrintRequest.from_options(
            profile=profile,
            paper=paper,
            bleed=bleed,
            marks=marks,
            pdf_variant=pdf_variant,
            supported_variants=_pdf_variants() if pdf_variant is not None else (),
        )
        settings = BuildSettings(
            out_dir=out,
            formats=tuple(dict.fromkeys(formats)) if formats else FORMATS,
            input_format=input_format,
            theme=Theme.with_overrides(templates, styles, fonts),
            print_request=print_request,
            limits=Limits(time=time_limit or None, memory_mb=memory_limit or None),
            allow_remote=check_host_names(allow_remote or ()),
            jobs=jobs or default_jobs(),
            cache=True,
            force=force,
            strict=strict,
            accept_changes=accept_changes,
            word_styles=load_word_styles(word_styles) if word_styles else None,
            progress=True,
            executor=executor_name(executor, scheduler),
            scheduler=scheduler,
            embed_fonts=not no_embed_fonts,
        )
        built: list[Path] = []
        with _catalogued(out if catalog else None):
            for result in run_build(inputs or [], settings):
                for path in result.outputs:
                    typer.echo(str(path))
                    built.append(path)
        if check:
            from publish.commands.check import report_checks

            report_checks(built, as_json=False, ace=True)


def _pdf_variants() -> tuple[str, ...]:
    """The PDF variants WeasyPrint knows (asked only when --pdf-variant names one)."""
    from publish.writers.pdf.weasy import PDF_VARIANTS

    return PDF_VARIANTS


@contextmanager
def _catalogued(folder: Path | None) -> Iterator[None]:
    """Write FOLDER's catalogue after the block, also when some of its articles failed."""
    try:
        yield
    except BuildFailed:
        if folder is not None:
            _write_catalog(folder)
        raise
    if folder is not None:
        _write_catalog(folder)


def _write_catalog(folder: Path, title: str = "Publications") -> None:
    from publish.output.catalog import write_catalog

    for path in write_catalog(folder, title):
        typer.echo(str(path))


@app.command()
def catalog(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Folder of built EPUBs and PDFs.", show_default=False),
    ],
    title: Annotated[
        str, typer.Option(metavar="TEXT", help="The catalogue's title.")
    ] = "Publications",
    debug: DebugOption = False,
) -> None:
    """Write DIR/catalog.xml (an OPDS 1.2 feed) and DIR/manifest.json of the EPUBs and PDFs."""
    with _reported(debug):
        _write_catalog(folder, title)


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
    with _reported(debug):
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
    debug: DebugOption = False,
) -> None:
    """Print the fact box and the source notes the article would get, without rendering."""
    with _reported(debug):
        from publish.enrich.report import facts_data, facts_table
        from publish.pipeline import load_article

        article, _ = load_article(source, input_format)
        if as_json:
            typer.echo(json.dumps(facts_data(article), indent=2, ensure_ascii=False))
        else:
            typer.echo(facts_table(article))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the article model (the shape JSON input must have)."""
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
    with _reported(debug):
        from publish.samples import write_sample

        typer.echo(str(write_sample(folder)))


_register_export(app)
from publish.commands import watch as cli_watch  # noqa: E402, F401  (registers `publish watch`)


def main() -> None:
    """Run the command line; report usage mistakes as one line with exit code 2."""
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
    exit_process(code if isinstance(code, int) else 0)
