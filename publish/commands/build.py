"""`publish build`: its options made into `BuildSettings`, and the build run and reported.

Everything heavy is imported inside the functions, so `publish --help` stays instant.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from publish.errors import BuildFailed

if TYPE_CHECKING:
    from publish.readers.docx_stylemap import WordStyles
    from publish.settings import BuildSettings


def build_settings(
    *,
    out: Path,
    formats: Sequence[str] | None,
    input_format: str | None,
    templates: Path | None,
    styles: Path | None,
    fonts: Path | None,
    profile: str,
    paper: str | None,
    bleed: str | None,
    marks: str | None,
    pdf_variant: str | None,
    time_limit: float,
    memory_limit: int,
    allow_remote: Sequence[str],
    jobs: int | None,
    executor: str | None,
    scheduler: str | None,
    force: bool,
    strict: bool,
    accept_changes: bool,
    embed_fonts: bool,
    word_styles: Path | None = None,
) -> BuildSettings:
    """Return the settings the command line's options ask for, or raise UsageError."""
    from publish.batch.run import default_jobs, executor_name
    from publish.isolation import Limits
    from publish.print_request import PrintRequest
    from publish.render.templates import Theme
    from publish.settings import FORMATS, BuildSettings
    from publish.writers.fetcher import check_host_names

    print_request = PrintRequest.from_options(
        profile=profile,
        paper=paper,
        bleed=bleed,
        marks=marks,
        pdf_variant=pdf_variant,
        supported_variants=pdf_variants() if pdf_variant is not None else (),
    )
    return BuildSettings(
        out_dir=out,
        formats=tuple(dict.fromkeys(formats)) if formats else FORMATS,
        input_format=input_format,
        theme=Theme.with_overrides(templates, styles, fonts),
        print_request=print_request,
        limits=Limits(time=time_limit or None, memory_mb=memory_limit or None),
        allow_remote=check_host_names(allow_remote),
        jobs=jobs or default_jobs(),
        cache=True,
        force=force,
        strict=strict,
        accept_changes=accept_changes,
        word_styles=_word_styles(word_styles) if word_styles else None,
        progress=True,
        executor=executor_name(executor, scheduler),
        scheduler=scheduler,
        embed_fonts=embed_fonts,
    )


def _word_styles(path: Path) -> WordStyles:
    from publish.readers.docx_stylemap import load_word_styles

    return load_word_styles(path)


def pdf_variants() -> tuple[str, ...]:
    """Return the PDF variants WeasyPrint knows (asked only when an option names one)."""
    from publish.writers.pdf.weasy import PDF_VARIANTS

    return PDF_VARIANTS


def build_and_report(
    inputs: Sequence[str], settings: BuildSettings, *, catalog: bool, check: bool
) -> None:
    """Build INPUTS, print each path written; then the catalogue and the checks, if asked."""
    built: list[Path] = []
    with _catalogued(settings.out_dir if catalog else None):
        for path in _built(list(inputs), settings):
            typer.echo(str(path))
            built.append(path)
    if check:
        from publish.commands.check import report_checks

        report_checks(built, as_json=False, ace=True)


def _built(inputs: list[str], settings: BuildSettings) -> list[Path]:
    """Return the outputs of INPUTS, built by the pipeline unless the cache holds them all.

    A batch that is all unchanged (the no-op rebuild) is answered from the cache alone:
    the pipeline, the article model and the writers are never imported.
    """
    from publish.batch.run import unchanged_batch

    unchanged = unchanged_batch(inputs, settings)
    if unchanged is not None:
        return [path for article in unchanged for path in article.outputs]
    from publish.pipeline import build

    return [path for result in build(inputs, settings) for path in result.outputs]


@contextmanager
def _catalogued(folder: Path | None) -> Iterator[None]:
    """Write FOLDER's catalogue after the block, also when some of its articles failed."""
    try:
        yield
    except BuildFailed:
        if folder is not None:
            write_catalog(folder)
        raise
    if folder is not None:
        write_catalog(folder)


def write_catalog(folder: Path, title: str = "Publications", base_url: str | None = None) -> None:
    """Write FOLDER's OPDS catalogue and manifest (links under BASE_URL), print their paths."""
    from publish.output.catalog import write_catalog as write

    for path in write(folder, title, base_url=base_url):
        typer.echo(str(path))
