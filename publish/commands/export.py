"""`publish export`: write articles in another format (IPTC ninjs) instead of PDF and EPUB.

Registered by `publish.commands.app`.
"""

from pathlib import Path
from typing import Annotated

import typer

from publish.commands.exits import reported
from publish.commands.options import DebugOption, FromOption

EXPORT_FORMATS = ("ninjs",)


def export(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...", help="Article files in any input format.", show_default=False
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="FORMAT", help="Format to write: ninjs (IPTC ninjs 2.0 JSON)."
        ),
    ] = "ninjs",
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Folder to write to.")
    ] = Path("out"),
    input_format: FromOption = None,
    accept_changes: Annotated[
        bool,
        typer.Option("--accept-changes", help="Read a Word file's tracked changes as accepted."),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Write each article as OUT/SLUG.ninjs.json (IPTC ninjs 2.0), for a newsroom system."""
    with reported(debug):
        for path in export_articles(sources, to, out, input_format, accept_changes):
            typer.echo(str(path))


def export_articles(
    sources: list[str], to: str, out: Path, input_format: str | None, accept_changes: bool
) -> list[Path]:
    """Read every source and write it as TO in OUT; all outputs are written, or none."""
    from publish.errors import InputError, UsageError
    from publish.output.files import prepare_folder, write_all
    from publish.readers import read_article
    from publish.writers.identifiers import book_identifier
    from publish.writers.ninjs import ninjs_bytes

    if to not in EXPORT_FORMATS:
        raise UsageError(f'unknown export format "{to}"; use {", ".join(EXPORT_FORMATS)}')
    prepare_folder(out)
    outputs: list[tuple[Path, bytes]] = []
    slugs: dict[str, str] = {}
    for source in sources:
        article, _ = read_article(source, input_format, accept_changes=accept_changes)
        if article.slug in slugs:
            raise InputError(
                f'slug "{article.slug}" is also the slug of {slugs[article.slug]}', file=source
            )
        slugs[article.slug] = source
        uri = article.source_url or book_identifier(article)
        outputs.append((out / f"{article.slug}.ninjs.json", ninjs_bytes(article, uri)))
    return write_all(outputs)
