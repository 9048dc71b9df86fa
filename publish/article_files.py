"""The files an article's writers may embed, resolved once, between reading and writing.

A reader's `Source` (the raw text and where it came from) stays with the readers. The
pipeline turns it, once, into an `ArticleFiles`: the name messages give, the folder files
may be read under, each figure's file and the cover's. A writer gets the article and this
record, nothing else of the input; a bad reference is refused here, with the file's name,
before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from publish.errors import InputError
from publish.resources import resolve_local

if TYPE_CHECKING:  # a record of files: readers' sources and settings use it without the model
    from publish.model import Article

STDIN_IMAGES = "an article read from standard input cannot use images"


@dataclass(frozen=True)
class FetchedImage:
    """An image on the network, as the pipeline fetched it (once) for both outputs."""

    url: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class ArticleFiles:
    """The files an article uses, each resolved inside its folder and checked to exist."""

    name: str
    """The article's file as the user named it (`<stdin>` for standard input), in messages."""
    folder: Path | None
    """The folder these files may be read under; None for standard input (no files)."""
    images: tuple[tuple[str, Path], ...] = ()
    """Each figure's `src` and its file, in the order the figures first appear."""
    cover: Path | None = None
    """The article's own cover image; None when it has none (the writers draw one)."""
    remote: tuple[FetchedImage, ...] = ()
    """The figures on the network the user allowed, fetched once (publish.remote_images)."""

    def image_paths(self) -> Mapping[str, Path]:
        """Return each figure's file by its `src` (read-only)."""
        return MappingProxyType(dict(self.images))

    def paths(self) -> tuple[Path, ...]:
        """Return every file the outputs are made from: the figures', then the cover."""
        return (*(path for _, path in self.images), *((self.cover,) if self.cover else ()))


def resolve_files(
    article: Article, name: str, folder: Path | None, remote: tuple[FetchedImage, ...] = ()
) -> ArticleFiles:
    """Return ARTICLE's files inside FOLDER, and REMOTE (its fetched figures); raise
    InputError (naming NAME) for a bad one. Figures inside quotes and lists count too."""
    from publish.model.blocks import figures

    images: dict[str, Path] = {}
    fetched = {image.url for image in remote}
    for figure in figures(article.body):
        if figure.src not in images and figure.src not in fetched:
            images[figure.src] = _resolve(folder, figure.src, f'image "{figure.src}"', name)
    cover = (
        _resolve(folder, article.cover, f'cover "{article.cover}"', name) if article.cover else None
    )
    return ArticleFiles(name, folder, tuple(images.items()), cover, remote)


def _resolve(folder: Path | None, src: str, what: str, name: str) -> Path:
    if folder is None:
        raise InputError(f"{what}: {STDIN_IMAGES}", file=name)
    try:
        return resolve_local(folder, src)
    except ValueError as exc:
        raise InputError(f"{what}: {exc}", file=name) from None
