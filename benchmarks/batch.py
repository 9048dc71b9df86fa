"""Measure a batch build: N copies of the reference article, --jobs 1 against all cores.

Run: .venv/bin/python benchmarks/batch.py [N [BOOK]]   (the issue's figures: N = 200, the
default; BOOK = 30 articles in the publication, the default). Each copy gets its own title, so
its own slug. With pandoc installed (pypandoc-binary's, else one on PATH), a pandoc loop over
the same files (EPUB, then PDF through WeasyPrint) is timed first, as the baseline, then the
floor: benchmarks/bare.py's work (WeasyPrint and ebooklib alone, on the HTML, CSS and XHTML
publish makes of each article) over the same articles in one fresh process per core, and its
ratio to the pandoc loop: what the target of 10x asks of the libraries themselves. Then it
prints the wall time of each build, articles per second, the speed-up and the peak memory
(max RSS) of each role: the parent (the CLI, which writes every output), each pool worker,
and the largest of the articles' limited children (and of their EPUB copies); the same
`--jobs 1` pinned to one CPU (sched_setaffinity, inherited by every process it forks), since
an unpinned `--jobs 1` already uses a second core (each article's EPUB is made in a fork
beside its PDF), so that "from one core to two" is measured both ways; the time of a
no-op rebuild (all cached; the median and the fastest of five, each a whole `publish build`
with Python's start); of the same build on a local Dask cluster of two workers (when the dask
extra is installed; the cluster started by the benchmark, so that its start, the build and each
worker's peak memory are told apart); of `publish catalog` on the outputs; and of a
publication of BOOK articles (benchmarks/publication.py's dossier). Uses
../shared/samples/seed-article.txt when it is there, the shipped sample otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bare import floor_batch  # noqa: E402
from benchmarks.publication import timed, write_articles, write_publication  # noqa: E402
from benchmarks.speed import pandoc_path  # noqa: E402
from publish.batch.run import default_jobs  # noqa: E402
from publish.resources import sample_article  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"


def cpu_spent() -> float:
    """Return the CPU seconds (user + system) of every process this one has reaped: a build's
    CPU holds under a shared machine's load better than its wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_copies(folder: Path, count: int) -> None:
    """Write COUNT copies of the reference article, each with its own first line (title)."""
    source = REFERENCE if REFERENCE.exists() else sample_article()
    text = source.read_text(encoding="utf-8")
    for number in range(count):
        if source.suffix == ".txt":
            copy = f"Copy {number:04d}: {text}"
        else:
            copy = text.replace("\ntitle: ", f"\nslug: copy-{number:04d}\ntitle: ", 1)
        (folder / f"copy-{number:04d}{source.suffix}").write_text(copy, encoding="utf-8")


_ROLES = r"""
import os, resource, runpy, sys
log, depth, top = sys.argv[1], [0], os.getpid()
def forked():
    depth[0] += 1
    note(peak=0, kind="forked")
os.register_at_fork(after_in_child=forked)
def note(pid=None, peak=None, kind="self"):
    pid = os.getpid() if pid is None else pid
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    level = depth[0] + (kind == "reaped")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(fd, f"{kind} {level} {pid} {peak}\n".encode())
    os.close(fd)
real_exit = os._exit
def _exit(code):
    note()
    real_exit(code)
os._exit = _exit
def waitpid(pid, options):
    got, status, usage = os.wait4(pid, options)
    if got:
        note(got, usage.ru_maxrss, "reaped")
    return got, status
os.waitpid = waitpid
sys.argv = ["publish", *sys.argv[2:]]
try:
    runpy.run_module("publish", run_name="__main__", alter_sys=True)
finally:
    if os.getpid() == top:
        note()
"""
"""Runs `publish ARGS` in this process; every process of the build (this one and each it forks,
at any depth) appends `forked DEPTH PID 0` when it starts and `self DEPTH PID PEAK-KiB` to LOG
as it exits (forked processes end in
os._exit, which it wraps), and each process reaping a child appends `reaped DEPTH PID PEAK`
(from wait4: the child's peak, or its children's if larger), which counts a child killed once
its result was sent. Depth 0 is the CLI, 1 its pool workers (a serial build's article
children), 2 the article children of a worker, 3 their EPUB copies."""


@dataclass
class Peaks:
    """Peak RSS (MiB) of each process of one build, by its depth under the CLI."""

    by_depth: dict[int, list[float]]

    def describe(self, jobs: int) -> str:
        """Return the peaks as one line: parent, each worker, the largest of the others."""
        roles = ["article child", "EPUB copy"]
        parts = [f"parent {max(self.by_depth.get(0, [0])):.0f}"]
        if jobs > 1:
            workers = self.by_depth.get(1, [])
            parts.append("workers " + ", ".join(f"{peak:.0f}" for peak in workers))
        for depth, role in enumerate(roles, start=2 if jobs > 1 else 1):
            peaks = self.by_depth.get(depth, [])
            if peaks:
                parts.append(f"{role} (largest of {len(peaks)}) {max(peaks):.0f}")
        return "peak RSS MiB: " + "; ".join(parts)


def timed_build(
    folder: Path, out: Path, jobs: int, *extra: str, cpu: int | None = None
) -> tuple[float, Peaks]:
    """Return (seconds, each process's peak RSS) of `publish build FOLDER -j JOBS`; with CPU,
    the build (every process it forks) runs on that CPU alone."""
    with tempfile.NamedTemporaryFile(prefix="publish-roles-", suffix=".log") as log:
        arguments = ["build", str(folder), "-o", str(out), "--jobs", str(jobs), *extra]
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _ROLES, log.name, *arguments],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=None if cpu is None else lambda: os.sched_setaffinity(0, {cpu}),
        )
        seconds = time.perf_counter() - start
        records: dict[str, dict[str, tuple[int, int]]] = {"forked": {}, "self": {}, "reaped": {}}
        for line in Path(log.name).read_text(encoding="ascii").splitlines():
            kind, depth, pid, peak = line.split()
            records[kind][pid] = (int(depth), int(peak))
    by_depth: dict[int, list[float]] = {}
    for pid, (depth, peak) in {**records["reaped"], **records["self"]}.items():
        if pid in records["forked"] or depth == 0:  # not a program a process ran (ldconfig)
            by_depth.setdefault(depth, []).append(peak / 1024)
    return seconds, Peaks(by_depth)


def noop_times(folder: Path, out: Path, jobs: int, runs: int = 5) -> list[float]:
    """Return the wall time of RUNS no-op rebuilds, each a whole `publish build` process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "publish", "build", str(folder), "-o", str(out)]
            + ["--jobs", str(jobs)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return times


def pandoc_loop(folder: Path, out: Path) -> float | None:
    """Return the seconds of a pandoc loop (EPUB, then PDF through WeasyPrint), or None."""
    pandoc = pandoc_path()
    weasyprint = Path(sys.executable).with_name("weasyprint")
    if not weasyprint.exists():
        weasyprint = Path(shutil.which("weasyprint") or weasyprint)
    if pandoc is None or not weasyprint.exists():
        return None
    out.mkdir()
    start = time.perf_counter()
    for article in sorted(folder.iterdir()):
        for suffix, extra in ((".epub", []), (".pdf", [f"--pdf-engine={weasyprint}"])):
            subprocess.run(
                [
                    pandoc,
                    "-f",
                    "markdown",
                    str(article),
                    "-s",
                    "--metadata",
                    f"title={article.stem}",
                    "-o",
                    str(out / (article.stem + suffix)),
                    *extra,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    return time.perf_counter() - start


TARGETS = (
    "targets (issue 15, on 2 cores): all cores >= 10x the pandoc loop, >= 1.8x from 1 to 2 "
    "jobs, no-op rebuild <= 0.5 s, <= 150 MiB per worker"
)


def main(count: int = 200, book_count: int = 30) -> None:
    cores = default_jobs()
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    with tempfile.TemporaryDirectory(prefix="publish-batch-") as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        write_copies(folder, count)
        figures = {}
        cpu: dict[str, float] = {}
        start = cpu_spent()
        baseline = pandoc_loop(folder, Path(work) / "pandoc")
        if baseline is not None:
            cpu["pandoc loop"] = cpu_spent() - start
        if baseline is None:
            print("pandoc (or WeasyPrint's command) not installed: no pandoc loop")
        else:
            print(
                f"{count} articles, pandoc loop (EPUB, then PDF through WeasyPrint): "
                f"{baseline:.1f} s"
            )
        start = cpu_spent()
        floor = floor_batch(sorted(map(str, folder.iterdir())), Path(work) / "floor", cores)
        cpu["floor"] = cpu_spent() - start
        print(
            f"{count} articles, the floor (benchmarks/bare.py: WeasyPrint + ebooklib alone on "
            f"publish's HTML, CSS and XHTML, in {cores} processes): {floor:.1f} s "
            f"({count / floor:.2f} articles/s)"
        )
        for jobs in dict.fromkeys((1, cores)):
            start = cpu_spent()
            seconds, peaks = timed_build(folder, Path(work) / f"out{jobs}", jobs)
            cpu[f"--jobs {jobs}"] = cpu_spent() - start
            figures[jobs] = seconds
            print(
                f"{count} articles, --jobs {jobs}: {seconds:.1f} s "
                f"({count / seconds:.2f} articles/s); {peaks.describe(jobs)}"
            )
        one_cpu = min(os.sched_getaffinity(0))
        start = cpu_spent()
        pinned, peaks = timed_build(folder, Path(work) / "pinned", 1, cpu=one_cpu)
        cpu["--jobs 1 pinned"] = cpu_spent() - start
        print(
            f"{count} articles, --jobs 1 pinned to CPU {one_cpu} (one core, all its forks "
            f"on it): {pinned:.1f} s ({count / pinned:.2f} articles/s); {peaks.describe(1)}"
        )
        times = noop_times(folder, Path(work) / f"out{cores}", cores)
        print(
            f"no-op rebuild of {count} articles (all cached, Python's start in it): median "
            f"{statistics.median(times):.2f} s, fastest {min(times):.2f} s of {len(times)}"
        )
        if cores > 1:
            print(f"speed-up from 1 to {cores} jobs: {figures[1] / figures[cores]:.2f}x")
            print(
                f"speed-up from one core (--jobs 1 pinned) to {cores} jobs: "
                f"{pinned / figures[cores]:.2f}x; from --jobs 1 unpinned (its EPUB forked "
                f"beside the PDF: already two cores): {figures[1] / figures[cores]:.2f}x"
            )
        if baseline is not None:
            print(f"all cores against the pandoc loop: {baseline / figures[cores]:.2f}x")
            reach = "within reach" if baseline / floor >= 10 else "out of reach even of the floor"
            print(
                f"the floor against the pandoc loop: {baseline / floor:.2f}x (10x is {reach} "
                f"at {count} articles); publish with all cores takes "
                f"{figures[cores] / floor:.2f}x the floor's time"
            )
        print(
            "CPU (user + system, every process) per article, which the load disturbs less: "
            + ", ".join(f"{name} {spent * 1000 / count:.0f} ms" for name, spent in cpu.items())
            + f" (load average {' '.join(f'{n:.1f}' for n in os.getloadavg())})"
        )
        if baseline is not None and cpu["floor"] > 0:
            best = {
                name: cores * cpu["pandoc loop"] / cpu[name]
                for name in ("floor", f"--jobs {cores}")
            }
            print(
                f"at best on {cores} cores in CPU terms (every core busy all along, the pandoc "
                "loop's wall time taken as its CPU): "
                + ", ".join(f"{name} {ratio:.1f}x the pandoc loop" for name, ratio in best.items())
            )
        same = _same(Path(work) / "out1", Path(work) / f"out{cores}") and _same(
            Path(work) / "out1", Path(work) / "pinned"
        )
        print(f"outputs identical across job counts: {same}")
        if importlib.util.find_spec("distributed") is not None:
            started, seconds, peaks = dask_build(folder, Path(work) / "dask", cores)
            print(
                f"{count} articles on a local Dask cluster of {cores} workers: its start "
                f"{started:.1f} s, then the build {seconds:.1f} s; peak RSS MiB per worker "
                + ", ".join(f"{own:.0f} (its article children {child:.0f})" for own, child in peaks)
                + f"; same outputs: {_same(Path(work) / 'out1', Path(work) / 'dask')}"
            )
        else:
            print("Dask not installed (pip install 'publish[dask]'): no Dask figure")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "publish", "catalog", str(Path(work) / "out1")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"publish catalog of {count} articles: {time.perf_counter() - start:.2f} s")
        dossier = Path(work) / "dossier"
        dossier.mkdir()
        book = write_publication(dossier, write_articles(dossier, book_count))
        seconds, peak = timed(["build", str(book), "-o", str(Path(work) / "book")])
        print(
            f"a publication of {book_count} articles (one PDF, one EPUB): {seconds:.1f} s, "
            f"peak RSS {peak:.0f} MiB"
        )
    print(TARGETS)


def dask_build(
    folder: Path, out: Path, workers: int
) -> tuple[float, float, list[tuple[float, float]]]:
    """Start a loopback LocalCluster of WORKERS single-threaded workers (as `--executor dask`
    does without `--scheduler`), build FOLDER through it with `--scheduler`, and return (the
    cluster's start in s, the build in s, each worker's peak RSS and its article children's
    largest (reaped, or still running: the renderer a worker keeps), in MiB): the worker
    processes are the cluster's, so they are asked themselves."""
    import dask
    from distributed import Client, LocalCluster

    def peaks() -> tuple[float, float]:
        import glob
        import resource

        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]
        for listing in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
            for pid in Path(listing).read_text(encoding="ascii").split():  # the renderers kept
                status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
                children.append(int(status.split("VmHWM:")[1].split()[0]))
        return own / 1024, max(children) / 1024

    start = time.perf_counter()
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    client = Client(cluster)
    started = time.perf_counter() - start
    try:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "publish", "build", str(folder), "-o", str(out)]
            + ["--executor", "dask", "--scheduler", cluster.scheduler_address],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        found = client.run(peaks)
    finally:
        client.close()
        cluster.close()
    return started, seconds, [found[address] for address in sorted(found)]


def _same(first: Path, second: Path) -> bool:
    """Return whether every output in FIRST has the same bytes in SECOND."""
    names = [n for n in os.listdir(first) if n.endswith((".pdf", ".epub"))]
    return bool(names) and all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
