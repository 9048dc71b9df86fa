"""Measure a publication of N articles against N separate builds of the same articles.

Run: .venv/bin/python benchmarks/publication.py [N]   (default 30). The articles are copies of
the shipped sample, each with its own title and slug, in two sections. Prints the wall time
and the peak memory (max RSS of the largest process) of `publish build publication.yml`,
then of `publish build FOLDER --jobs 1` (each article built on its own), and the pages made.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish.resources import sample_article  # noqa: E402


def write_articles(folder: Path, count: int) -> list[str]:
    """Write COUNT copies of the sample, each with its own title; return their names."""
    text = sample_article().read_text(encoding="utf-8")
    names = []
    for number in range(1, count + 1):
        name = f"piece-{number:02d}.md"
        copy = text.replace(
            "\ntitle: ", f"\nslug: piece-{number:02d}\ntitle: Part {number} of the dossier, ", 1
        )
        (folder / name).write_text(copy, encoding="utf-8")
        names.append(name)
    return names


def write_publication(folder: Path, names: list[str]) -> Path:
    """Write publication.yml listing NAMES in two sections."""
    half = len(names) // 2
    lines = ["title: A benchmark dossier", "date: 2024-03-05", "sections:"]
    for title, part in (("First half", names[:half]), ("Second half", names[half:])):
        lines += [f"  - title: {title}", "    articles:", *(f"      - {n}" for n in part)]
    path = folder / "publication.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_MEASURE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
"""Runs a command and prints the peak RSS (KiB) of the largest process under it."""


def timed(arguments: list[str]) -> tuple[float, float]:
    """Return (seconds, peak RSS MiB of the largest process) of `publish ARGUMENTS`."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "publish", *arguments],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.split()[-1]) / 1024


def pages(pdfs: list[Path]) -> int:
    """Return the number of pages of PDFS."""
    import pikepdf

    total = 0
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            total += len(pdf.pages)
    return total


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="publish-publication-") as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        names = write_articles(folder, count)
        book = write_publication(folder, names)
        book_out, separate_out = Path(work) / "book", Path(work) / "separate"
        book_time, book_peak = timed(["build", str(book), "-o", str(book_out)])
        book.unlink()
        separate_time, separate_peak = timed(
            ["build", str(folder), "-o", str(separate_out), "--jobs", "1"]
        )
        book_pages = pages(list(book_out.glob("*.pdf")))
        separate_pages = pages(list(separate_out.glob("*.pdf")))
    print(f"{count} articles")
    print(
        f"publication:     {book_time:7.1f} s  peak {book_peak:6.0f} MiB  "
        f"{book_pages} pages (one PDF, one EPUB)"
    )
    print(
        f"separate builds: {separate_time:7.1f} s  peak {separate_peak:6.0f} MiB  "
        f"{separate_pages} pages ({count} PDFs, {count} EPUBs)"
    )
    print(f"ratio: {book_time / separate_time:.2f}x the time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
