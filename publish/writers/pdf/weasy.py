"""Write a PDF with WeasyPrint: the engine that lays out one document and writes its PDF."""

from __future__ import annotations

import os
import warnings as python_warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import publish.writers.pdf.libraries  # noqa: F401  (WeasyPrint opened quickly: see there)

# isort: split
import weasyprint
from weasyprint.pdf import VARIANTS

from publish.errors import PublishError, RenderError
from publish.writers.fetcher import LocalFiles
from publish.writers.pagemap import PageStart
from publish.writers.pdf.finish import PdfFinish
from publish.writers.pdf.lines import install_line_fixes
from publish.writers.pdf.markers import align_markers
from publish.writers.pdf.notes import NoteFixes, PageReview, copied_note, copy_id, later_markers
from publish.writers.pdf.pages import page_starts
from publish.writers.pdf.paging import drop_unprinted, page_box, reviewing_pages
from publish.writers.pdf.streams import install_stream_cache
from publish.writers.pdf.stylesheets import (
    SandboxFetcher,
    forget_styles,
    theme_styles,
    weasyprint_warnings,
)
from publish.writers.pdf.subsetting import install_subsetter

PDF_VARIANTS = tuple(sorted(name for name in VARIANTS if name != "debug"))
"""The PDF variants WeasyPrint can write (its `debug` aid is left out: it fails in 70.0)."""


@dataclass(frozen=True)
class PdfOptions:
    """What WeasyPrint is asked for beyond the HTML and CSS."""

    pdf_variant: str | None = None
    pdf_tags: bool = True
    identifier: bytes | None = None
    page_css: str = ""
    """CSS added after every stylesheet: the page size, bleed and output profile."""
    finish: PdfFinish | None = None
    """Corrections made to the PDF objects before they are written."""
    srgb_default: bool = False
    """Take any DeviceRGB colour to mean sRGB (needed beside a CMYK output intent)."""


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Give the fonts fontTools writes a fixed 'modified' time, so the PDF bytes repeat.

    fontTools stamps each font it saves with the clock unless SOURCE_DATE_EPOCH is set: the
    subsets are HarfBuzz's (`subsetting`), but WeasyPrint 70 still instances a variable font
    and empties colour glyphs with fontTools. A user's value is kept.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@dataclass
class Engine:
    """What every layout of one PDF shares: the fetcher, fonts, colour profiles and styles."""

    fetcher: SandboxFetcher
    font_config: Any
    color_profiles: dict[str, Any]
    css: list[Any]
    settings: dict[str, Any]

    @classmethod
    def start(cls, files: LocalFiles, stylesheets: tuple[Path, ...], options: PdfOptions) -> Engine:
        """Parse STYLESHEETS (and the options' page CSS) once, reading through FILES."""
        install_subsetter()  # every font embedded is subset with HarfBuzz, on any machine
        install_line_fixes()  # trailing spaces hang at the margin; RTL indents on the right
        install_stream_cache()  # each stream deflated once per write, not twice
        fetcher = SandboxFetcher(files)
        styles = theme_styles(stylesheets, files)  # parsed once per process and theme
        font_config = styles.font_config
        color_profiles = dict(styles.color_profiles)
        css = list(styles.css)
        if options.page_css:
            css.append(
                weasyprint.CSS(
                    string=options.page_css,
                    url_fetcher=fetcher,
                    font_config=font_config,
                    color_profiles=color_profiles,
                )
            )
        settings: dict[str, Any] = dict(
            stylesheets=css,
            pdf_variant=options.pdf_variant,
            pdf_tags=options.pdf_tags,
            pdf_identifier=options.identifier,
            uncompressed_pdf=False,
        )
        return cls(fetcher, font_config, color_profiles, css, settings)

    def css_string(self, text: str) -> Any:
        """Return TEXT parsed as a stylesheet of this engine."""
        return weasyprint.CSS(
            string=text,
            url_fetcher=self.fetcher,
            font_config=self.font_config,
            color_profiles=self.color_profiles,
        )

    def lay_out(
        self,
        html: str,
        base_url: Path,
        *,
        fetcher: SandboxFetcher | None = None,
        extra_css: tuple[Any, ...] = (),
        relayout: Callable[[NoteFixes], str] | None = None,
    ) -> Any:
        """Return HTML laid out; with RELAYOUT, with each source note on its marker's page.

        RELAYOUT gives the HTML again with a copy of the note at each later marker (when
        there is one); a copy is laid out only where its page does not hold its note yet
        (`paging.reviewing_pages`), and each page is reviewed as it is made
        (`notes.PageReview`): where WeasyPrint moved a note off its marker's page, the last
        block begun on the page moves to the next, and that page alone is made again. One
        layout places every note.
        """
        fetcher = fetcher or self.fetcher
        base = base_url.as_uri() + "/"
        settings = dict(self.settings, stylesheets=[*self.css, *extra_css])
        if relayout is None:
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            rendered = document.render(self.font_config, None, self.color_profiles, **settings)
            align_markers(rendered.pages)  # each list marker on its item's first baseline
            return rendered
        later = later_markers(html)
        if later:
            html = relayout(NoteFixes(later))
        copies = {copy_id(ref): copied_note(ref) for ref in later}
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        with reviewing_pages(PageReview(frozenset(copies)), copies) as reviewed:
            laid_out = document.render(self.font_config, None, self.color_profiles, **settings)
        drop_unprinted(laid_out.pages, reviewed)
        align_markers(laid_out.pages)
        return laid_out


@contextmanager
def rendering() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and turn its failures into one RenderError."""
    with weasyprint_warnings() as warnings, _fixed_font_timestamps():
        try:
            with python_warnings.catch_warnings():
                # WeasyPrint 70 leaves its sRGB profile file open for PDF/A variants.
                python_warnings.simplefilter("ignore", ResourceWarning)
                yield warnings
        except RecursionError:
            raise RenderError("the document is nested too deeply to lay out") from None
        except MemoryError:
            raise
        except PublishError:
            raise
        except Exception as exc:  # WeasyPrint raises many kinds; report them as one
            raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None


def render_pdf(
    html: str,
    *,
    base_url: Path,
    stylesheets: tuple[Path, ...],
    files: LocalFiles,
    options: PdfOptions = PdfOptions(),
    write: bool = True,
    relayout: Callable[[NoteFixes], str] | None = None,
    laid_out: Callable[[tuple[PageStart, ...]], None] | None = None,
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Return the PDF bytes for HTML, the warnings logged, and where each page starts.

    With RELAYOUT (which renders the HTML again with a copy of a note at the later markers
    named), each source note prints at the foot of its marker's page: see `Engine.lay_out`.

    BASE_URL is the folder relative references resolve against (the article's folder);
    every file, stylesheet and font is read through FILES. Without WRITE the pages are
    laid out but no PDF is made (the bytes are empty). LAID_OUT is given the page starts
    once the pages are laid out, before the PDF is written (outside `rendering`, so with
    the environment as the caller had it).
    """
    with rendering() as warnings:
        engine = Engine.start(files, stylesheets, options)
        document = engine.lay_out(html, base_url, relayout=relayout)
        pages = page_starts(page_box(page) for page in document.pages)
    if laid_out is not None:
        laid_out(pages)
    with rendering() as written:
        pdf = document.write_pdf(finisher=finisher(options), **engine.settings) if write else b""
        if engine.font_config.grown:  # the document added font faces of its own
            forget_styles(stylesheets)
    warnings += written
    if files.reasons:
        raise RenderError(f"the PDF asked for a file it may not read: {files.reasons[0]}")
    assert isinstance(pdf, bytes)
    return pdf, list(warnings), pages


def finisher(options: PdfOptions) -> PdfFinish | None:
    """Return the corrections to make to the PDF objects OPTIONS ask for."""
    finish = options.finish
    if options.srgb_default:
        profile = (package_files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
        finish = replace(finish or PdfFinish(), default_rgb=profile)
    return finish
