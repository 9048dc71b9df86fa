"""The records of a build: what it is asked to do (`BuildSettings`), an article made but not
yet written (`Prepared`), and what each input became (`BuildResult`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from publish.isolation import Limits
from publish.print_request import PrintRequest
from publish.render.templates import Theme

if TYPE_CHECKING:  # the records hold them; making settings loads neither the model nor a reader
    from publish.article_files import ArticleFiles
    from publish.model import Article
    from publish.readers.docx_stylemap import WordStyles

FORMATS = ("pdf", "epub")
"""The outputs a build can make, in the order they are made."""


@dataclass(frozen=True)
class BuildSettings:
    """What `publish build` was asked to do."""

    out_dir: Path = Path("out")
    """Folder the outputs are written to; created when missing."""
    formats: tuple[str, ...] = FORMATS
    """Which outputs to make: "pdf", "epub" or both."""
    input_format: str | None = None
    """Reader to use ("text", "markdown", "json"); None chooses by file suffix."""
    theme: Theme = field(default_factory=Theme)
    """Template and style search path."""
    print_request: PrintRequest = PrintRequest()
    """PDF profile, paper, bleed, marks and variant asked for on the command line."""
    limits: Limits = field(default_factory=Limits)
    """Time and memory limit of each document's rendering (`NO_LIMITS` renders in-process)."""
    allow_remote: tuple[str, ...] = ()
    """Hosts the theme and the article's images may be fetched from over https; none by
    default (no network at all)."""
    jobs: int = 1
    """Articles built at once, each in its own worker process (publish/batch/run.py)."""
    cache: bool = False
    """Skip the articles of a batch whose inputs are unchanged (publish/batch/cache.py)."""
    force: bool = False
    """With `cache`, rebuild every article all the same (and cache them anew)."""
    strict: bool = False
    """Every warning fails its article (render failure, exit 4), and nothing is written."""
    accept_changes: bool = False
    """Read a Word file's tracked changes and comments as accepted instead of refusing it."""
    word_styles: WordStyles | None = None
    """The user's own Word styles mapped onto the model (`--word-styles`)."""
    on_pdf: Callable[[bytes], None] | None = field(default=None, compare=False, repr=False)
    """Called with the PDF's bytes once laid out, before the EPUB is packed and the files are
    written (`publish watch --serve` shows it at once); in-process rendering only."""
    executor: str = "local"
    """Where a batch is built: "local" (a process pool) or "dask" (publish/batch/cluster.py)."""
    scheduler: str | None = None
    """The Dask scheduler's address (tcp://HOST:PORT); None starts a loopback cluster."""
    progress: bool = False
    """Show a batch's progress on standard error (batch/progress.py); never changes output."""
    embed_fonts: bool = True
    """Pack the faces the EPUB's text needs (as subsets), as the PDF embeds them."""


@dataclass(frozen=True)
class BuildResult:
    """What one input became."""

    source: str
    article: Article
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...] = ()
    images: tuple[Path, ...] = ()
    """The files the outputs are made from besides the input: figures, cover (batch cache)."""


@dataclass(frozen=True)
class Prepared:
    """One article read, enriched and rendered (in the limited child): all but the writing."""

    article: Article
    files: ArticleFiles
    """What the writers were given of the input: its name and the files they embedded."""
    rendered: list[tuple[Path, bytes]]
    warnings: list[str]
    read_warnings: list[str]


@dataclass(frozen=True)
class Loaded:
    """One article read and enriched (in a limited child), with its files resolved."""

    article: Article
    files: ArticleFiles
    read_warnings: list[str]
    """The reader's and enrichers' warnings, reported by the parent once the build is done."""
