"""How fast `publish` is: cold against pandoc, warm against the bare libraries, --help, memory.

Run: .venv/bin/python benchmarks/speed.py [--runs N] [--warm N]

Prints, in one run:

- cold: `publish build ARTICLE` (PDF and EPUB, a new process each time) against pandoc
  writing the EPUB plus pandoc writing the PDF through WeasyPrint (`--pdf-engine=weasyprint`),
  as medians of N paired runs (ours, then pandoc's, in turn), wall and CPU time, on the
  reference article (../shared/samples/seed-article.txt, read where it is) and on a
  5,000-word article this script writes into a temporary folder. pandoc comes from the
  `pypandoc-binary` package when it is installed in the environment (for this benchmark only:
  `.venv/bin/pip install pypandoc-binary`; it is no dependency of `publish`), else from PATH;
  without it the figures of `publish` are printed alone;
- `publish --help` and `publish --version`, medians of N runs;
- warm: in one process, the cost of each further article built with `publish.pipeline.build`
  (as the command builds it: a forked, limited child per document) against
  benchmarks/bare.py's floor (WeasyPrint and ebooklib alone on the same HTML, CSS and XHTML),
  paired per article, and their ratio;
- the peak memory (max RSS, `getrusage`) of a cold build of each article.

The machine may be shared: each figure is a median, and the CPU times beside the wall
times are less disturbed by other work. Tests never assert times; this only prints.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"
TARGETS = {"cold": 1.0, "warm": 1.3, "help": 0.12, "peak": 150.0}


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, CPU seconds (user + system, children included), MiB."""

    wall: float
    cpu: float
    peak_mib: float


def run(command: list[str], env: dict[str, str]) -> Run:
    """Run COMMAND to the end; return its times and peak memory (it must succeed)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr[-500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def pandoc_path() -> str | None:
    """Return the pandoc executable: pypandoc-binary's, else one on PATH, else None."""
    try:
        import pypandoc  # type: ignore[import-not-found]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


WORDS = (
    "harbour council ferry budget river school bridge hospital market winter station "
    "inspectors village coast report survey tenants museum library farmers drought "
    "engineers railway festival league archive clinic committee district"
).split()


def long_article(folder: Path, words: int = 5000) -> Path:
    """Write an article of about WORDS words (headline, date, paragraphs) in FOLDER."""
    sentences = []
    count = 0
    number = 0
    while count < words:
        a, b, c = (WORDS[(number * k + 3) % len(WORDS)] for k in (1, 5, 11))
        figure = 120 + (number * 37) % 9000
        kind = number % 4
        if kind == 0:
            text = (
                f"The {a} {b} said on Tuesday that about {figure:,} people used the {c} "
                f"last year, {number % 30 + 2} per cent more than before."
            )
        elif kind == 1:
            text = (
                f'"We did not expect the {a} to change so quickly," said Mara Ellison, '
                f"who has worked with the {b} for {number % 20 + 3} years."
            )
        elif kind == 2:
            text = (
                f"A report by the {c} {a} found that the {b} would need "
                f"${figure % 90 + 5} million to reach the standard set in its plan."
            )
        else:
            text = (
                f"Residents near the {b} described long queues, late trains and a {c} "
                f"that opened only {number % 5 + 2} days a week during the {a} works."
            )
        sentences.append(text)
        count += len(text.split())
        number += 1
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    path = folder / "long-article.txt"
    path.write_text(
        "Harbour towns weigh the cost of a longer ferry season\n\n"
        "14 August 2023\n\n" + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8",
    )
    return path


def cold(
    article: Path, runs: int, env: dict[str, str], pandoc: str | None, work: Path
) -> dict[str, list[Run]]:
    """Return RUNS paired cold runs of `publish build` and of pandoc (EPUB + PDF)."""
    ours = [str(BIN / "publish"), "build", str(article), "-o", str(work / "ours")]
    found: dict[str, list[Run]] = {"publish": [], "pandoc": []}
    for _ in range(runs):
        found["publish"].append(run(ours, env))
        if pandoc is None:
            continue
        epub = run(
            [pandoc, str(article), "-f", "markdown", "-s", "-o", str(work / "pandoc.epub")], env
        )
        pdf = run(
            [
                pandoc,
                str(article),
                "-f",
                "markdown",
                "-s",
                "--pdf-engine=weasyprint",
                "-o",
                str(work / "pandoc.pdf"),
            ],
            env,
        )
        found["pandoc"].append(
            Run(epub.wall + pdf.wall, epub.cpu + pdf.cpu, max(epub.peak_mib, pdf.peak_mib))
        )
    return found


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def warm_child(article: str, count: int) -> None:
    """In this process: print the median seconds per article, warm, of ours and the floor."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bare import SUBSETTER, Floor, inputs_for

    from publish.pipeline import build
    from publish.settings import BuildSettings

    # The floor's inputs are read in a forked child: read here, the article would load its
    # reader and the language detector into this process, which a warm build (its reading
    # done in children) must load itself, and that cost would not show.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        inputs = pool.apply(inputs_for, (article,))
    with tempfile.TemporaryDirectory(prefix="publish-speed-") as out:
        settings = BuildSettings(out_dir=Path(out))
        floor = Floor()
        build([article], settings)  # the first of each pays the set-up costs
        floor.article(inputs)
        ours, bare = [], []
        for _ in range(count):  # paired, so both see the same load
            start = time.perf_counter()
            build([article], settings)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            floor.article(inputs)
            bare.append(time.perf_counter() - start)
    figures = {"ours": statistics.median(ours), "bare": statistics.median(bare)}
    print(json.dumps({**figures, "subsetter": SUBSETTER}))


def warm(article: Path, count: int, env: dict[str, str]) -> dict[str, Any]:
    """Return the median per-article seconds of a warm build and of the bare floor."""
    output = subprocess.run(
        [sys.executable, __file__, "--warm-child", str(article), str(count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def report_cold(name: str, found: dict[str, list[Run]]) -> float | None:
    """Print the cold figures of one article; return the wall ratio to pandoc (or None)."""
    ours = found["publish"]
    peak = max(r.peak_mib for r in ours)
    line = (
        f"cold {name}: publish build {median(ours, 'wall'):.2f} s wall "
        f"({median(ours, 'cpu'):.2f} s CPU), peak {peak:.0f} MiB (target <= "
        f"{TARGETS['peak']:.0f} MiB: {verdict(peak, TARGETS['peak'])})"
    )
    if not found["pandoc"]:
        print(line + "; pandoc not available (pip install pypandoc-binary to compare)")
        return None
    theirs = found["pandoc"]
    ratio = median(ours, "wall") / median(theirs, "wall")
    cpu_ratio = median(ours, "cpu") / median(theirs, "cpu")
    print(
        line + f"; pandoc EPUB + WeasyPrint PDF {median(theirs, 'wall'):.2f} s wall "
        f"({median(theirs, 'cpu'):.2f} s CPU): {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU "
        f"(target <= {TARGETS['cold']}x: {verdict(ratio, TARGETS['cold'])})"
    )
    return ratio


def main() -> None:
    if sys.argv[1:2] == ["--warm-child"]:
        warm_child(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7, help="paired cold runs per article")
    parser.add_argument("--warm", type=int, default=5, help="warm articles timed")
    options = parser.parse_args()
    env = dict(
        os.environ,
        SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1692000000"),
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    pandoc = pandoc_path()
    load = os.getloadavg()[0]
    print(
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {os.cpu_count()} cores, "
        f"load average {load:.1f}; pandoc: {pandoc or 'not available'}"
    )
    with tempfile.TemporaryDirectory(prefix="publish-speed-") as temp:
        work = Path(temp)
        articles = {"long (5,000 words)": long_article(work)}
        if REFERENCE.exists():
            articles = {"reference": REFERENCE, **articles}
        else:
            print(f"{REFERENCE} is absent: the reference article is left out")
        for name, article in articles.items():
            report_cold(name, cold(article, options.runs, env, pandoc, work))
        for flag in ("--help", "--version"):
            runs = [run([str(BIN / "publish"), flag], env) for _ in range(options.runs)]
            wall = median(runs, "wall")
            print(
                f"publish {flag}: {wall:.3f} s wall (min {min(r.wall for r in runs):.3f} s, "
                f"{median(runs, 'cpu'):.3f} s CPU; target <= {TARGETS['help']} s: "
                f"{verdict(wall, TARGETS['help'])})"
            )
        for name, article in articles.items():
            figures = warm(article, options.warm, env)
            ratio = figures["ours"] / figures["bare"]
            print(
                f"warm {name}: {figures['ours'] * 1000:.0f} ms per further article, bare "
                f"WeasyPrint + ebooklib {figures['bare'] * 1000:.0f} ms (its fonts subset by "
                f"{figures['subsetter']}): {ratio:.2f}x "
                f"(target <= {TARGETS['warm']}x: {verdict(ratio, TARGETS['warm'])})"
            )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
