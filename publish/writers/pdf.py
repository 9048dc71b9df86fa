"""Write a PDF with WeasyPrint: the only module that imports it."""

from __future__ import annotations

import logging
import os
import warnings as python_warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from publish.errors import RenderError
from publish.pagemap import PageStart
from publish.writers.fetcher import LocalFiles
from publish.writers.notepages import NoteFixes, fixes, placement
from publish.writers.pdf_finish import PdfFinish
from publish.writers.pdfpages import page_starts

PDF_VARIANTS = tuple(sorted(name for name in VARIANTS if name != "debug"))
"""The PDF variants WeasyPrint can write (its `debug` aid is left out: it fails in 70.0)."""


class _SandboxFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint fetcher that reads only through `LocalFiles` and never opens a socket."""

    def __init__(self, files: LocalFiles) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.files = files

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        body, media_type = self.files.read(url)
        return URLFetcherResponse(url, body, {"Content-Type": media_type})


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


MACHINE_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)
"""WeasyPrint messages about the machine, not the document: fonts are still subset and
embedded (by fontTools where Debian's libharfbuzz-subset0 is absent), so they are no warning."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(MACHINE_NOTICES):
            self.messages.append(message)


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Give the fonts fontTools subsets a fixed 'modified' time, so the PDF bytes repeat.

    fontTools stamps each subset font with the clock unless SOURCE_DATE_EPOCH is set (WeasyPrint
    70 subsets with fontTools where HarfBuzz-Subset is missing); a user's value is kept.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


NOTE_PASSES = 4


def render_pdf(
    html: str,
    *,
    base_url: Path,
    stylesheets: tuple[Path, ...],
    files: LocalFiles,
    options: PdfOptions = PdfOptions(),
    write: bool = True,
    relayout: Callable[[NoteFixes], str] | None = None,
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Return the PDF bytes for HTML, the warnings logged, and where each page starts.

    With RELAYOUT (which renders the HTML again for a set of note fixes), a layout where
    a source-note marker's note is not on the marker's page is laid out again with the
    fixes `notepages` proposes, up to `NOTE_PASSES` times.

    BASE_URL is the folder relative references resolve against (the article's folder);
    every file, stylesheet and font is read through FILES. Without WRITE the pages are
    laid out but no PDF is made (the bytes are empty).
    """
    fetcher = _SandboxFetcher(files)
    with _weasyprint_warnings() as warnings, _fixed_font_timestamps():
        try:
            font_config = FontConfiguration()
            color_profiles: dict[str, Any] = {}
            css = [
                weasyprint.CSS(url=path.as_uri(), url_fetcher=fetcher, font_config=font_config,
                               color_profiles=color_profiles)  # read through FILES too
                for path in stylesheets
            ]
            if options.page_css:
                css.append(weasyprint.CSS(string=options.page_css, url_fetcher=fetcher,
                                          font_config=font_config,
                                          color_profiles=color_profiles))
            document = weasyprint.HTML(
                string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher
            )
            settings: dict[str, Any] = dict(
                stylesheets=css,
                pdf_variant=options.pdf_variant,
                pdf_tags=options.pdf_tags,
                pdf_identifier=options.identifier,
                uncompressed_pdf=False,
            )
            with python_warnings.catch_warnings():
                # WeasyPrint 70 leaves its sRGB profile file open for PDF/A variants.
                python_warnings.simplefilter("ignore", ResourceWarning)
                laid_out = document.render(font_config, None, color_profiles, **settings)
                done = NoteFixes()
                for _ in range(NOTE_PASSES if relayout is not None else 0):
                    assert relayout is not None
                    todo = fixes(placement(page._page_box for page in laid_out.pages), done)
                    if todo == done:
                        break
                    done = todo
                    document = weasyprint.HTML(
                        string=relayout(done), base_url=base_url.as_uri() + "/",
                        url_fetcher=fetcher)
                    extra = weasyprint.CSS(string=done.css, url_fetcher=fetcher,
                                           font_config=font_config,
                                           color_profiles=color_profiles)
                    settings["stylesheets"] = [*css, extra]
                    laid_out = document.render(font_config, None, color_profiles, **settings)
                pages = page_starts(page._page_box for page in laid_out.pages)
                pdf = (laid_out.write_pdf(finisher=_finisher(options), **settings) if write
                       else b"")
        except RecursionError:
            raise RenderError("the document is nested too deeply to lay out") from None
        except MemoryError:
            raise
        except Exception as exc:  # WeasyPrint raises many kinds; report them as one
            raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None
    if files.reasons:
        raise RenderError(f"the PDF asked for a file it may not read: {files.reasons[0]}")
    assert isinstance(pdf, bytes)
    return pdf, list(warnings), pages


def _finisher(options: PdfOptions) -> PdfFinish | None:
    finish = options.finish
    if options.srgb_default:
        profile = (package_files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
        finish = replace(finish or PdfFinish(), default_rgb=profile)
    return finish
