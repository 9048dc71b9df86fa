"""Measure how even the set text is: the widest word gap of each page, in ems.

Run: .venv/bin/python benchmarks/word_gaps.py [--profile screen|press]
Builds the reference article (../shared/samples/seed-article.txt, when there), the shipped
sample and a long real Markdown document (langcodes' description, given a front matter), then
reads every PDF page back with pdfium: the gap between two words on one line is the distance
from the last letter of one to the first of the next. A normal space in Noto Serif is 0.26 em;
a justified line stretched to three times that (0.78 em) reads as loose. Prints per document
the worst gap of each page in the running text (the serif face: headings, fact box and
notes are set ragged), the lines looser than 0.78 em, lines ending in a hyphen at the
foot of a page (a word split across a page turn). Code (monospaced) is left out, and so are
gaps over 3 em (table columns). One-word last lines of paragraphs cannot be told from the PDF
alone, so they are not counted here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
import pypdfium2.raw as pdfium_c  # noqa: E402

from publish.isolation import NO_LIMITS  # noqa: E402
from publish.pipeline import BuildSettings, build  # noqa: E402
from publish.resources import sample_article  # noqa: E402
from publish.writers.pdf.options import PrintRequest  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"
LOOSE_EM = 0.78
COLUMN_EM = 3.0
"""A gap wider than this is between table columns or tab stops, not between words."""


@dataclass
class PageGaps:
    """The word gaps of one page."""

    worst: float
    loose_lines: int
    lines: int
    split_at_foot: bool


def _lines(text_page: pdfium.PdfTextPage) -> list[list[tuple[str, float, float, float]]]:
    """The page's lines: each a list of (character, left, right, font size)."""
    lines: list[list[tuple[str, float, float, float]]] = [[]]
    for index in range(text_page.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, index))
        if char in "\r\n":
            if lines[-1]:
                lines.append([])
            continue
        left, _bottom, right, _top = text_page.get_charbox(index)
        size = float(pdfium_c.FPDFText_GetFontSize(text_page.raw, index))
        if not char.isspace() and not _running_text(text_page, index):
            char = "\0"  # code keeps its spaces as typed; notes set their numbers apart
        lines[-1].append((char, left, right, size))
    return [line for line in lines if line]


def _running_text(text_page: pdfium.PdfTextPage, index: int) -> bool:
    """Whether the character at INDEX is in the running text's face (Noto Serif, not Mono,
    not the Sans of headings, fact box and notes)."""
    import ctypes

    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, name, 256, ctypes.byref(flags))
    return b"Noto-Serif" in name.value


def _line_gaps(line: list[tuple[str, float, float, float]]) -> list[float]:
    """The gaps between the words of LINE, in ems of the font around each."""
    gaps: list[float] = []
    last: tuple[str, float, float, float] | None = None
    spaced = False
    for entry in line:
        if entry[0] == "\0":
            last, spaced = None, False
            continue
        if entry[0].isspace():
            spaced = True
            continue
        if last is not None and spaced and entry[3] > 0:
            gap = (entry[1] - last[2]) / entry[3]
            if gap < COLUMN_EM:
                gaps.append(gap)
        last, spaced = entry, False
    return gaps


def page_gaps(page: pdfium.PdfPage) -> PageGaps:
    """Measure PAGE."""
    lines = _lines(page.get_textpage())
    body = [line for line in lines if len(line) > 20]
    gaps = [_line_gaps(line) for line in body]
    worst = max((max(g) for g in gaps if g), default=0.0)
    loose = sum(1 for g in gaps if g and max(g) > LOOSE_EM)
    foot = [line for line in lines if line and not line[-1][0].isdigit()]
    split = bool(foot) and foot[-1][-1][0] in "-\u2010\u00ad"
    return PageGaps(worst, loose, len(body), split)


def measure(pdf: Path) -> list[PageGaps]:
    """Measure every page of PDF."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page_gaps(document[number]) for number in range(len(document))]
    finally:
        document.close()


def _documents(folder: Path) -> dict[str, Path]:
    found = {"sample": sample_article()}
    if REFERENCE.is_file():
        found["reference"] = REFERENCE
    long = folder / "long.md"
    long.write_text(
        "---\ntitle: langcodes documentation\ndate: 2024-01-02\n---\n" + _long_markdown(),
        encoding="utf-8",
    )
    found["long Markdown"] = long
    return found


def _long_markdown() -> str:
    """A long real Markdown document written by others: the langcodes package's description
    (installed with publish), read in place."""
    from importlib.metadata import metadata

    text = str(metadata("langcodes").get_payload())  # type: ignore[attr-defined]
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["screen", "press"], default="screen")
    profile = parser.parse_args().profile
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path in _documents(folder).items():
            settings = BuildSettings(
                out_dir=folder / name.split()[0],
                formats=("pdf",),
                limits=NO_LIMITS,
                print_request=PrintRequest.from_options(profile=profile),
            )
            (result,) = build([str(path)], settings)
            pages = measure(result.outputs[0])
            worst = " ".join(f"{p.worst:.2f}" for p in pages)
            loose = sum(p.loose_lines for p in pages)
            lines = sum(p.lines for p in pages)
            split = sum(p.split_at_foot for p in pages)
            print(
                f"{name} ({profile}, {len(pages)} pages): worst gap per page (em) {worst}; "
                f"{loose} of {lines} lines looser than {LOOSE_EM} em; "
                f"{split} words split across a page turn"
            )


if __name__ == "__main__":
    main()
