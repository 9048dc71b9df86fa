"""Write a PDF with WeasyPrint: the only module that imports it."""

from __future__ import annotations

import atexit
import base64
import logging
import os
import shutil
import warnings as python_warnings
from collections import OrderedDict
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

from publish.errors import FetchRefused, PublishError, RenderError
from publish.writers.fetcher import LocalFiles
from publish.writers.pagemap import PageStart
from publish.writers.pdf.finish import PdfFinish
from publish.writers.pdf.notes import NoteFixes, fixes, placement
from publish.writers.pdf.pages import page_starts

PDF_VARIANTS = tuple(sorted(name for name in VARIANTS if name != "debug"))
"""The PDF variants WeasyPrint can write (its `debug` aid is left out: it fails in 70.0)."""


class _SandboxFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint fetcher that reads only through `LocalFiles` and never opens a socket."""

    def __init__(self, files: LocalFiles, data_urls: bool = False) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.files = files
        self.data_urls = data_urls
        self.urls: list[str] = []
        """Every file URL read, in order."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:") and self.data_urls:  # a book's own cover, made in memory
            head, _, payload = url[5:].partition(",")
            body = base64.b64decode(payload) if head.endswith(";base64") else payload.encode()
            return URLFetcherResponse(url, body, {"Content-Type": head.split(";")[0]})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        body, media_type = self.files.read(url)
        self.urls.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": media_type})


class _Fonts(FontConfiguration):  # type: ignore[misc]
    """A font configuration that notes any @font-face added after the theme's own."""

    sealed = False
    grown = False

    def add_font_face(self, rule_descriptors: Any, url_fetcher: Any) -> Any:
        if self.sealed:
            self.grown = True
        return super().add_font_face(rule_descriptors, url_fetcher)


Stamp = tuple[str, int, int]


def _stamp(path: Path) -> Stamp:
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


@dataclass
class _Styles:
    """The theme's stylesheets parsed once, with the font faces they register."""

    font_config: _Fonts
    color_profiles: dict[str, Any]
    css: list[Any]
    urls: tuple[str, ...]
    """The files the stylesheets read (fonts, imports), re-checked for every document."""
    stamps: tuple[Stamp, ...]
    """Those files as they were when read: any change parses the stylesheets again."""
    owner: int
    """The process that parsed them; a forked child uses them but never frees them."""

    warnings: tuple[str, ...]
    """What WeasyPrint said while parsing them, said again for every document."""

    def fresh(self) -> bool:
        """Return whether every file the stylesheets read is as it was."""
        try:
            return all(_stamp(Path(stamp[0])) == stamp for stamp in self.stamps)
        except OSError:
            return False

    def discard(self) -> None:
        """Forget these styles; their fonts folder goes with them, in the process that made it."""
        folder, self.font_config._folder = self.font_config._folder, None
        if folder is not None and os.getpid() == self.owner:
            shutil.rmtree(folder, ignore_errors=True)


_STYLES: OrderedDict[tuple[Stamp, ...], _Styles] = OrderedDict()
"""Parsed theme stylesheets of this process, by the stylesheets' names, times and sizes."""
_KEEP = 4
_OWNER = os.getpid()
"""The process that imported this module (the builder, before it forks): only it keeps
parsed styles. A forked child ends with `os._exit`, which would leave their fonts folder in
the temporary directory; it uses what the parent parsed, or parses for one document."""


@atexit.register
def _forget_all() -> None:
    while _STYLES:
        _STYLES.popitem()[1].discard()


def _file_of(url: str) -> Path | None:
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path))) if parts.scheme == "file" else None


def theme_styles(stylesheets: tuple[Path, ...], files: LocalFiles) -> _Styles:
    """Return STYLESHEETS parsed, with their fonts registered: once per process and theme.

    WeasyPrint lets a document reuse parsed stylesheets and their font configuration; the
    bytes of the PDF are the same either way. Every file the stylesheets read is checked
    again against FILES (this document's allowed folders) and must be unchanged on disk;
    stylesheets that read anything remote, or were refused a file, are parsed every time.
    """
    key = tuple(_stamp(path) for path in stylesheets)
    cached = _STYLES.get(key)
    if cached is not None and cached.fresh():
        for url in cached.urls:
            try:
                files.path_for(url)
            except FetchRefused as exc:
                files.reasons.append(str(exc))
        for message in cached.warnings:
            logging.getLogger("weasyprint").warning("%s", message)
        return cached
    if cached is not None:
        _STYLES.pop(key).discard()
    return _parse_styles(key, stylesheets, files)


def forget_styles(stylesheets: tuple[Path, ...]) -> None:
    """Parse STYLESHEETS afresh next time (a document added font faces to their fonts)."""
    styles = _STYLES.pop(tuple(_stamp(path) for path in stylesheets), None)
    if styles is not None:
        styles.discard()


def _parse_styles(
    key: tuple[Stamp, ...], stylesheets: tuple[Path, ...], files: LocalFiles
) -> _Styles:
    fetcher = _SandboxFetcher(files)
    refused = len(files.reasons)
    font_config = _Fonts()
    color_profiles: dict[str, Any] = {}
    with _weasyprint_warnings() as said:  # the caller's collector hears them too
        css = [
            weasyprint.CSS(
                url=path.as_uri(),
                url_fetcher=fetcher,
                font_config=font_config,
                color_profiles=color_profiles,
            )
            for path in stylesheets
        ]
    font_config.sealed = True
    local = [_file_of(url) for url in fetcher.urls]
    styles = _Styles(
        font_config,
        color_profiles,
        css,
        tuple(fetcher.urls),
        tuple(_stamp(path) for path in local if path is not None),
        os.getpid(),
        tuple(said),
    )
    if (
        os.getpid() == _OWNER
        and len(files.reasons) == refused
        and all(path is not None for path in local)
    ):
        _STYLES[key] = styles
        while len(_STYLES) > _KEEP:
            _STYLES.popitem(last=False)[1].discard()
    return styles


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


@dataclass
class _Engine:
    """What every layout of one PDF shares: the fetcher, fonts, colour profiles and styles."""

    fetcher: _SandboxFetcher
    font_config: Any
    color_profiles: dict[str, Any]
    css: list[Any]
    settings: dict[str, Any]

    @classmethod
    def start(
        cls, files: LocalFiles, stylesheets: tuple[Path, ...], options: PdfOptions
    ) -> _Engine:
        """Parse STYLESHEETS (and the options' page CSS) once, reading through FILES."""
        fetcher = _SandboxFetcher(files)
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
        fetcher: _SandboxFetcher | None = None,
        extra_css: tuple[Any, ...] = (),
        relayout: Callable[[NoteFixes], str] | None = None,
    ) -> Any:
        """Return HTML laid out; with RELAYOUT, again while a note is off its marker's page."""
        fetcher = fetcher or self.fetcher
        base = base_url.as_uri() + "/"
        settings = dict(self.settings, stylesheets=[*self.css, *extra_css])
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        laid_out = document.render(self.font_config, None, self.color_profiles, **settings)
        done = NoteFixes()
        for _ in range(NOTE_PASSES if relayout is not None else 0):
            assert relayout is not None
            todo = fixes(placement(page._page_box for page in laid_out.pages), done)
            if todo == done:
                break
            done = todo
            document = weasyprint.HTML(string=relayout(done), base_url=base, url_fetcher=fetcher)
            settings["stylesheets"] = [*self.css, *extra_css, self.css_string(done.css)]
            laid_out = document.render(self.font_config, None, self.color_profiles, **settings)
        return laid_out


@contextmanager
def _rendering() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and turn its failures into one RenderError."""
    with _weasyprint_warnings() as warnings, _fixed_font_timestamps():
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
) -> tuple[bytes, list[str], tuple[PageStart, ...]]:
    """Return the PDF bytes for HTML, the warnings logged, and where each page starts.

    With RELAYOUT (which renders the HTML again for a set of note fixes), a layout where
    a source-note marker's note is not on the marker's page is laid out again with the
    fixes `notepages` proposes, up to `NOTE_PASSES` times.

    BASE_URL is the folder relative references resolve against (the article's folder);
    every file, stylesheet and font is read through FILES. Without WRITE the pages are
    laid out but no PDF is made (the bytes are empty).
    """
    with _rendering() as warnings:
        engine = _Engine.start(files, stylesheets, options)
        laid_out = engine.lay_out(html, base_url, relayout=relayout)
        pages = page_starts(page._page_box for page in laid_out.pages)
        pdf = laid_out.write_pdf(finisher=_finisher(options), **engine.settings) if write else b""
        if engine.font_config.grown:  # the document added font faces of its own
            forget_styles(stylesheets)
    if files.reasons:
        raise RenderError(f"the PDF asked for a file it may not read: {files.reasons[0]}")
    assert isinstance(pdf, bytes)
    return pdf, list(warnings), pages


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
    """Renders the HTML again with note fixes (see `render_pdf`)."""
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

    def __init__(self, engine: _Engine, options: PdfOptions, warnings: list[str]) -> None:
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
            fetcher=_SandboxFetcher(part.files, part.data_urls),
            extra_css=(self.engine.css_string(css),),
            relayout=part.relayout,
        )
        if part.anchor_prefix:
            for page in laid_out.pages:
                _prefix_anchors(page, part.anchor_prefix)
        starts = tuple(
            PageStart(start.number + part.first_page - 1, start.anchors)
            for start in page_starts(page._page_box for page in laid_out.pages)
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
            .write_pdf(finisher=_finisher(self.options), **self.engine.settings)
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
    with _rendering() as warnings:
        engine = _Engine.start(files, stylesheets, options)
        yield BookRenderer(engine, options, warnings)
        if engine.font_config.grown:  # a part added font faces of its own
            forget_styles(stylesheets)


def _finisher(options: PdfOptions) -> PdfFinish | None:
    finish = options.finish
    if options.srgb_default:
        profile = (package_files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
        finish = replace(finish or PdfFinish(), default_rgb=profile)
    return finish
