"""Lay out a book's parts one by one with WeasyPrint, then write all their pages as one PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.errors import RenderError
from publish.writers.fetcher import LocalFiles
from publish.writers.pagemap import PageStart
from publish.writers.pdf.notes import NoteFixes
from publish.writers.pdf.pages import page_starts
from publish.writers.pdf.paging import page_box
from publish.writers.pdf.stylesheets import SandboxFetcher, forget_styles
from publish.writers.pdf.weasy import Engine, PdfOptions, finisher, rendering


@dataclass(frozen=True)
class BookPart:
    """One run of a book's pages laid out on its own: a pure function of its HTML and offset."""

    html: str
    base_url: Path
    """The folder the part's relative references resolve against."""
    files: LocalFiles
    """What the part may read (its article's folder and the theme)."""
    first_page: int
    """The number printed on the part's first page (page numbers run on through the book)."""
    anchor_prefix: str = ""
    """Put before each of the part's link targets, so that ids repeated in parts stay apart."""
    page_css: str = ""
    """CSS added after the book's stylesheets for this part alone."""
    relayout: Callable[[NoteFixes], str] | None = None
    """Renders the HTML again with copies of notes at later markers (see `render_pdf`)."""
    data_urls: bool = False
    """Whether the part may show `data:` images (the book's cover, drawn in memory)."""


@dataclass(frozen=True)
class LaidOutPart:
    """A part's laid-out pages (WeasyPrint's) and where each starts in its text."""

    pages: tuple[Any, ...]
    starts: tuple[PageStart, ...]
    document: Any
    """The WeasyPrint document laid out (the first part's gives the book its metadata)."""


class BookRenderer:
    """Lay out the parts of a book one by one, then write all their pages as one PDF."""

    def __init__(self, engine: Engine, options: PdfOptions, warnings: list[str]) -> None:
        self.engine = engine
        self.options = options
        self.warnings = warnings
        self.files: list[LocalFiles] = []

    def lay_out(self, part: BookPart) -> LaidOutPart:
        """Return PART laid out, its page numbers starting at its `first_page`."""
        self.files.append(part.files)
        css = f"@page :first {{ counter-reset: page {part.first_page}; }}\n" + part.page_css
        laid_out = self.engine.lay_out(
            part.html,
            part.base_url,
            fetcher=SandboxFetcher(part.files, part.data_urls),
            extra_css=(self.engine.css_string(css),),
            relayout=part.relayout,
        )
        if part.anchor_prefix:
            for page in laid_out.pages:
                _prefix_anchors(page, part.anchor_prefix)
        starts = tuple(
            PageStart(start.number + part.first_page - 1, start.anchors)
            for start in page_starts(page_box(page) for page in laid_out.pages)
        )
        return LaidOutPart(tuple(laid_out.pages), starts, laid_out)

    def write(self, parts: list[LaidOutPart]) -> bytes:
        """Return the PDF of every page of PARTS, in order, with the first part's metadata."""
        for files in self.files:
            if files.reasons:
                raise RenderError(f"the PDF asked for a file it may not read: {files.reasons[0]}")
        pages = [page for part in parts for page in part.pages]
        pdf = (
            parts[0]
            .document.copy(pages)
            .write_pdf(finisher=finisher(self.options), **self.engine.settings)
        )
        assert isinstance(pdf, bytes)
        return pdf


def _prefix_anchors(page: Any, prefix: str) -> None:
    """Rename PAGE's anchors and the targets of its internal links with PREFIX."""
    page.anchors = {prefix + name: where for name, where in page.anchors.items()}
    page.links = [
        (kind, prefix + target if kind == "internal" else target, *rest)
        for kind, target, *rest in page.links
    ]


@contextmanager
def book_renderer(
    files: LocalFiles, stylesheets: tuple[Path, ...], options: PdfOptions
) -> Iterator[BookRenderer]:
    """Yield a `BookRenderer` whose stylesheets are parsed once, reading through FILES."""
    with rendering() as warnings:
        engine = Engine.start(files, stylesheets, options)
        yield BookRenderer(engine, options, warnings)
        if engine.font_config.grown:  # a part added font faces of its own
            forget_styles(stylesheets)
