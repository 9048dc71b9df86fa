"""The floor for a warm build: WeasyPrint and ebooklib alone, on what `publish` hands them.

`Floor` renders the same HTML with the same CSS as `publish`'s PDF (stylesheets parsed once,
one font configuration, as any long-running WeasyPrint user would keep them) and packs the
same XHTML and stylesheets with ebooklib. No reading, enriching, templates, cover, checks or
files: only the two libraries' own work per article. benchmarks/speed.py compares a warm
`publish` build against it.

The floor subsets its fonts as WeasyPrint does on this machine (`SUBSETTER`: with the system's
HarfBuzz-Subset library where it is installed, else with fontTools, about a second slower per
article), even in a process where `publish` has put its own subsetter in WeasyPrint's place
(publish/writers/pdf/subsetting.py, HarfBuzz through uharfbuzz on every machine), and writes
the PDF with pydyf's own `PDF.write` (not publish's, which deflates each stream once:
publish/writers/pdf/streams.py; the floor gives no file identifier, so pydyf deflates once).

Run alone: .venv/bin/python benchmarks/bare.py [ARTICLE] [RUNS]  (prints ms per article).

`floor_batch` is the floor of a batch (benchmarks/batch.py): the inputs of N articles made
beforehand, then PROCESSES fresh Python processes (each paying its start, the libraries'
imports and the stylesheets' parsing, as a `publish build` does) share them and write each
article's PDF and EPUB; its time is from their start to the last one's end.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pydyf
import weasyprint
import weasyprint.pdf.fonts
from ebooklib import epub
from weasyprint.text.fonts import FontConfiguration

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.render.templates import EPUB_STYLESHEETS, PDF_STYLESHEETS, Theme, render_article  # noqa: E402
from publish.writers.pdf.paging import weasyprints_own  # noqa: E402
from publish.writers.pdf.streams import install_stream_cache, uninstall_stream_cache  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"

_WEASYPRINT_SUBSET = weasyprint.pdf.fonts.Font.subset
assert _WEASYPRINT_SUBSET.__module__ == "weasyprint.pdf.fonts", "import bare before building"
_PYDYF_WRITE = pydyf.PDF.write
assert _PYDYF_WRITE.__module__ == "pydyf", "import bare before building"
SUBSETTER = "HarfBuzz-Subset" if weasyprint.pdf.fonts.harfbuzz_subset else "fontTools"
"""What WeasyPrint subsets the floor's fonts with on this machine."""


@dataclass(frozen=True)
class Inputs:
    """What `publish` gives the two libraries for one article."""

    html: str
    """The PDF's HTML document."""
    xhtml: str
    """The EPUB's article page."""
    base_url: str
    title: str
    language: str


def inputs_for(path: str, theme: Theme | None = None) -> Inputs:
    """Return the HTML and XHTML `publish` renders for the article at PATH."""
    from publish.pipeline import load_article  # not imported by a floor_batch process

    theme = theme or Theme()
    article, source = load_article(path)
    folder = source.folder or theme.styles[-1]
    return Inputs(
        html=render_article(article, target="pdf", theme=theme),
        xhtml=render_article(
            article,
            target="epub",
            theme=theme,
            stylesheets=tuple(f"style/{n}" for n in EPUB_STYLESHEETS),
        ),
        base_url=folder.as_uri() + "/",
        title=article.headline,
        language=article.language,
    )


class Floor:
    """WeasyPrint and ebooklib with everything reusable prepared once."""

    def __init__(self, theme: Theme | None = None) -> None:
        theme = theme or Theme()
        self.font_config = FontConfiguration()
        self.css = [
            weasyprint.CSS(filename=str(theme.stylesheet(name)), font_config=self.font_config)
            for name in PDF_STYLESHEETS
        ]
        self.epub_css = {name: theme.stylesheet(name).read_bytes() for name in EPUB_STYLESHEETS}

    def pdf(self, inputs: Inputs) -> bytes:
        """Return the PDF of INPUTS' HTML, laid out and written by WeasyPrint."""
        document = weasyprint.HTML(string=inputs.html, base_url=inputs.base_url)
        fonts = weasyprint.pdf.fonts.Font
        installed, fonts.subset = fonts.subset, _WEASYPRINT_SUBSET  # WeasyPrint's own
        cached = pydyf.PDF.write is not _PYDYF_WRITE
        uninstall_stream_cache()  # pydyf's own write, as publish found it
        try:
            with weasyprints_own():  # none of publish's changes to WeasyPrint's layout
                data = document.write_pdf(
                    stylesheets=self.css,
                    font_config=self.font_config,
                    pdf_variant="pdf/ua-1",
                    pdf_tags=True,
                )
        finally:
            fonts.subset = installed
            if cached:
                install_stream_cache()
        assert isinstance(data, bytes)
        return data

    def epub(self, inputs: Inputs) -> bytes:
        """Return INPUTS' XHTML and the stylesheets packed as an EPUB 3 by ebooklib."""
        book = epub.EpubBook()
        book.set_identifier("urn:uuid:00000000-0000-0000-0000-000000000000")
        book.set_title(inputs.title)
        book.set_language(inputs.language)
        for name, data in self.epub_css.items():
            book.add_item(
                epub.EpubItem(
                    uid=name, file_name=f"style/{name}", media_type="text/css", content=data
                )
            )
        page = epub.EpubHtml(title=inputs.title, file_name="article.xhtml", lang=inputs.language)
        page.content = inputs.xhtml.encode("utf-8")
        book.add_item(page)
        book.toc = [page]
        book.spine = ["nav", page]
        book.add_item(epub.EpubNav())
        out = io.BytesIO()
        epub.write_epub(out, book)
        return out.getvalue()

    def article(self, inputs: Inputs) -> tuple[bytes, bytes]:
        """Return the PDF and the EPUB of one article."""
        return self.pdf(inputs), self.epub(inputs)


def floor_batch(paths: list[str], out: Path, processes: int = 2) -> float:
    """Return the seconds PROCESSES fresh processes take to make the PDF and EPUB of every
    article of PATHS with WeasyPrint and ebooklib alone, written into OUT (each process
    takes every PROCESSES-th article). The inputs are rendered here first, not timed."""
    out.mkdir()
    jobs = out / "inputs.pickle"
    made = [(Path(path).stem, dataclasses.astuple(inputs_for(path))) for path in paths]
    jobs.write_bytes(pickle.dumps(made))
    start = time.perf_counter()
    running = [
        subprocess.Popen(
            [sys.executable, __file__, "--share", str(jobs), str(share), str(processes)]
        )
        for share in range(processes)
    ]
    if any(process.wait() != 0 for process in running):
        raise RuntimeError("a floor process failed")
    return time.perf_counter() - start


def _share(jobs: str, share: int, processes: int) -> None:
    """One process of `floor_batch`: build every PROCESSES-th article from SHARE."""
    floor = Floor()
    folder = Path(jobs).parent
    for stem, fields in pickle.loads(Path(jobs).read_bytes())[share::processes]:
        pdf, book = floor.article(Inputs(*fields))
        (folder / f"{stem}.pdf").write_bytes(pdf)
        (folder / f"{stem}.epub").write_bytes(book)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--share"]:
        _share(argv[1], int(argv[2]), int(argv[3]))
        return
    path = argv[0] if argv else str(REFERENCE)
    runs = int(argv[1]) if len(argv) > 1 else 5
    inputs = inputs_for(path)
    floor = Floor()
    floor.article(inputs)  # warm: the first document pays for WeasyPrint's lazy set-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        floor.article(inputs)
        times.append(time.perf_counter() - start)
    print(
        f"bare WeasyPrint + ebooklib: {statistics.median(times) * 1000:.0f} ms per article "
        f"(median of {runs}; fonts subset by {SUBSETTER})"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
