"""Render page 1 of the reference article's screen and press PDFs as small PNG pictures.

Run from the repository root after a change to the page layout, look at the pictures, and
commit them: `make reference` (or `.venv/bin/python tests/reference/make_reference.py`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from publish.pipeline import BuildSettings, build
from publish.writers.pdf.options import PrintRequest

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent.parent / "shared" / "samples" / "seed-article.txt"
DPI = 40

PROFILES = {
    "screen": PrintRequest.from_options(profile="screen"),
    "press": PrintRequest.from_options(profile="press", paper="A5"),
}
"""The two builds the README shows: screen on A4, press on A5."""


def render_first_page(pdf_path: Path, png_path: Path) -> None:
    """Write page 1 of PDF_PATH (its whole media box, marks included) to PNG_PATH."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        image = document[0].render(scale=DPI / 72).to_pil()
    finally:
        document.close()
    image.convert("RGB").quantize(colors=64).save(png_path, optimize=True)


def main(seed: Path = SEED) -> None:
    """Build the seed article with each profile and save page 1 of each."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, request in PROFILES.items():
            settings = BuildSettings(
                out_dir=Path(tmp, name), formats=("pdf",), print_request=request
            )
            (result,) = build([str(seed)], settings)
            target = HERE / f"{name}-page1.png"
            render_first_page(result.outputs[0], target)
            print(target)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED)
