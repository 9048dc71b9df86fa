"""How fast `publish` is: cold against pandoc, warm against the bare libraries, --help, memory.

Run: .venv/bin/python benchmarks/speed.py [--runs N] [--warm N] [--warm-only] [--instructions N]

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
  paired per article, and their ratio; beside the wall times, the CPU time per article of
  each (ours with its forked children) and their ratio, which a busy host disturbs less;
  with `--instructions N`, the instructions per article of each, counted by valgrind's
  callgrind over N articles (the same on a busy host as on an idle one: user-space
  instructions, not the kernel's work of forking), and their ratio. `--warm-only` prints
  the warm figures alone;
- the peak memory (max RSS, `getrusage`) of a cold build of each article.

The machine may be shared: each figure is a median, and the CPU times beside the wall
times are less disturbed by other work. Tests never assert times; this only prints.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def cpu_seconds(who: int) -> float:
    """Return the user + system CPU seconds of WHO (`resource.RUSAGE_SELF` or `_CHILDREN`)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def warm_child(article: str, count: int, counts: str | None = None) -> None:
    """In this process: print the median seconds per article, warm, of ours and the floor,
    and the CPU seconds per article of each (ours with its forked children, all reaped).

    With COUNTS (a folder: this process runs under callgrind, instrumentation off, writing
    its counts and its children's there), the instructions of COUNT articles of ours, then
    of the floor's, are counted instead, and printed per article (`instructions`).
    """
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bare import SUBSETTER, Floor, inputs_for

    from publish.batch.kept import KEPT
    from publish.isolation import Limits, _wait_for_let_go
    from publish.pipeline import build
    from publish.settings import BuildSettings

    # The floor's inputs are read in a forked child: read here, the article would load its
    # reader and the language detector into this process, which a warm build (its reading
    # done in children) must load itself, and that cost would not show.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        inputs = pool.apply(inputs_for, (article,))
    with tempfile.TemporaryDirectory(prefix="publish-speed-") as out:
        settings = BuildSettings(out_dir=Path(out))
        if counts is not None:  # no time limit: under callgrind a build is ~50 times slower
            settings = BuildSettings(out_dir=Path(out), limits=Limits(time=None))
            floor = Floor()
            build([article], settings)  # the first of each pays the set-up costs
            floor.article(inputs)
            found = {
                "ours": _counted(lambda: build([article], settings), count, Path(counts)),
                "bare": _counted(lambda: floor.article(inputs), count, Path(counts)),
            }
            print(json.dumps(found))
            return
        floor = Floor()
        for _ in range(2):  # the first pays the set-up costs, the second rehearses the sample
            build([article], settings)
            floor.article(inputs)
        _wait_for_let_go()
        children = cpu_seconds(resource.RUSAGE_CHILDREN)
        ours, bare, ours_cpu, bare_cpu = [], [], 0.0, 0.0
        for _ in range(count):  # paired, so both see the same load
            start, mine = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
            build([article], settings)
            ours.append(time.perf_counter() - start)
            ours_cpu += cpu_seconds(resource.RUSAGE_SELF) - mine
            start, mine = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
            floor.article(inputs)
            bare.append(time.perf_counter() - start)
            bare_cpu += cpu_seconds(resource.RUSAGE_SELF) - mine
        _wait_for_let_go()  # the children let go, so that their time is counted
        KEPT.stop(wait=True)  # and the worker kept from build to build
        ours_cpu += cpu_seconds(resource.RUSAGE_CHILDREN) - children
    figures = {
        "ours": statistics.median(ours),
        "bare": statistics.median(bare),
        "ours_cpu": ours_cpu / count,
        "bare_cpu": bare_cpu / count,
    }
    print(json.dumps({**figures, "subsetter": SUBSETTER}))


def _counted(work: Callable[[], object], count: int, folder: Path) -> float:
    """Return the instructions per call of WORK (and of the children it forks), counted by
    the callgrind this process runs under, over COUNT calls after one more uncounted."""
    from publish.batch.kept import KEPT
    from publish.isolation import _wait_for_let_go

    requests = _requests(folder)
    work()
    _wait_for_let_go()
    KEPT.stop(wait=True)  # a worker kept from build to build is forked within the count
    before = set(folder.iterdir())
    requests.publish_count_start()
    for _ in range(count):
        work()
    _wait_for_let_go()  # each child writes its counts as it ends
    KEPT.stop(wait=True)
    requests.publish_count_stop(b"counted")  # this process's own since the start
    return sum(_events(path) for path in set(folder.iterdir()) - before) / count


REQUESTS = """
#include <valgrind/callgrind.h>
void publish_count_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void publish_count_stop(const char *why) {
    CALLGRIND_DUMP_STATS_AT(why); CALLGRIND_STOP_INSTRUMENTATION;
}
"""
"""Callgrind's client requests, made by this process itself so that they take effect at
once and in order (`callgrind_control` asks through vgdb, which acts when it polls)."""


@functools.cache
def _requests(folder: Path) -> Any:
    """Return callgrind's client requests (`REQUESTS`) compiled into FOLDER and loaded."""
    import ctypes

    source, library = folder / "requests.c", folder / "requests.so"
    source.write_text(REQUESTS, encoding="utf-8")
    subprocess.run(
        ["cc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)],
        check=True,
        capture_output=True,
    )
    loaded = ctypes.CDLL(str(library))
    source.unlink()
    library.unlink()
    return loaded


def _events(path: Path) -> int:
    """Return the instructions a callgrind output file counts (its `summary:` line: what
    this process did since its last zero, or a child since its fork). A process that ran
    another program before counting anything (a subprocess's fork) wrote a negative count
    (as unsigned): it counts 0."""
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("summary:"):
            value = int(line.split()[1])
            return value if value < 2**63 else 0
    return 0


def warm(article: Path, count: int, env: dict[str, str]) -> dict[str, Any]:
    """Return the median per-article seconds of a warm build and of the bare floor, and
    their CPU seconds per article."""
    output = subprocess.run(
        [sys.executable, __file__, "--warm-child", str(article), str(count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def instructions(article: Path, count: int, env: dict[str, str]) -> dict[str, float] | None:
    """Return the instructions per warm article of ours (children included) and of the
    floor, counted by valgrind's callgrind (deterministic, whatever the load), or None
    without valgrind. Each forked child's counts start at its fork (`--zero-before` the
    child's `PyOS_AfterFork_Child`), so none counts its parent's again."""
    valgrind = shutil.which("valgrind")
    if valgrind is None or shutil.which("cc") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="publish-callgrind-") as folder:
        command = callgrind(
            valgrind, Path(folder), [__file__, "--warm-child", str(article), str(count), folder]
        )
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def callgrind(valgrind: str, folder: Path, arguments: list[str]) -> list[str]:
    """Return the command that runs this Python on ARGUMENTS under callgrind, counting
    nothing until asked (`_counted`), each process's counts written in FOLDER."""
    return [
        valgrind,
        "--tool=callgrind",
        "--instr-atstart=no",
        "--zero-before=PyOS_AfterFork_Child",
        f"--callgrind-out-file={folder}/callgrind.out.%p",
        sys.executable,
        *arguments,
    ]


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


def report_instructions(name: str, counts: dict[str, float] | None) -> None:
    """Print the instructions per warm article of ours and of the floor, and their ratio."""
    if counts is None:
        print(f"warm {name} instructions: valgrind (or cc, for its client requests) not available")
        return
    print(
        f"warm {name} instructions (callgrind): {counts['ours'] / 1e9:.2f} G per further "
        f"article (its forked children included), bare {counts['bare'] / 1e9:.2f} G: "
        f"{counts['ours'] / counts['bare']:.2f}x"
    )


def main() -> None:
    if sys.argv[1:2] == ["--warm-child"]:
        warm_child(sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7, help="paired cold runs per article")
    parser.add_argument("--warm", type=int, default=5, help="warm articles timed")
    parser.add_argument(
        "--warm-only", action="store_true", help="only the warm figures (no cold runs, --help)"
    )
    parser.add_argument(
        "--instructions",
        type=int,
        default=0,
        metavar="N",
        help="also count the instructions of N warm articles of each under callgrind "
        "(slow: about a minute per article)",
    )
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
            if options.warm_only:
                break
            report_cold(name, cold(article, options.runs, env, pandoc, work))
        for flag in ("--help", "--version"):
            if options.warm_only:
                break
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
            print(
                f"warm {name} CPU: {figures['ours_cpu'] * 1000:.0f} ms per further article "
                f"(its forked children included), bare {figures['bare_cpu'] * 1000:.0f} ms: "
                f"{figures['ours_cpu'] / figures['bare_cpu']:.2f}x (means of {options.warm})"
            )
            if options.instructions > 0:
                report_instructions(name, instructions(article, options.instructions, env))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
