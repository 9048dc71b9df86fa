"""Where a batch article's time goes, beyond a warm article built in one process.

Run: .venv/bin/python benchmarks/batch_costs.py [N]   (N copies of the reference article, 10 by
default). Every figure is CPU time (user + system, children included where they run), so that
it holds under the load of a shared machine; the load average is printed with them.

In one warm process (readers, enrichers, writers and theme loaded, the sample rehearsed) it
times, per article: its own read, enrichment and layout (`publish.pipeline.prepare` in the
process, no limits: the floor); the same in a limited child forked per article, as a serial
build does and a batch's workers did (`run_limited`); the same in one warm worker building the
N one after another, as a batch's workers do now (`publish.batch.workers`); a limited child
forked around nothing (the fork alone); pickling and unpickling what a task hands back
(`Rendered`); writing the outputs; the cache's work (the settings key once, then each
article's key and record). Then, once per build: the warm-up with and without the rehearsal,
and the start of two warm workers. Last, whole `publish build` runs of the N articles with
`--jobs 1` and `--jobs 2`, their CPU per article (Python's start and warm-up included).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import write_copies  # noqa: E402


def cpu() -> float:
    """Return the CPU seconds of this process and of its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


T = TypeVar("T")


def each(work: Callable[[int], T], count: int) -> tuple[float, list[T]]:
    """Return the median CPU ms of WORK(i) for i in range(COUNT), and what each returned."""
    times: list[float] = []
    results: list[T] = []
    for index in range(count):
        start = cpu()
        results.append(work(index))
        times.append((cpu() - start) * 1000)
    return statistics.median(times), results


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(count: int = 10) -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    from publish import pipeline
    from publish.batch.cache import BuildCache, settings_key
    from publish.batch.task import Rendered
    from publish.isolation import NO_LIMITS, run_limited
    from publish.output.files import write_all
    from publish.settings import BuildResult, BuildSettings

    print(f"{count} copies of the reference article; CPU ms (user + system); {load()}")
    with tempfile.TemporaryDirectory(prefix="publish-costs-") as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        write_copies(folder, count)
        paths = sorted(str(p) for p in folder.iterdir())
        out = Path(work) / "out"
        out.mkdir()
        settings = BuildSettings(out_dir=out, cache=True)
        free = dataclasses.replace(settings, limits=NO_LIMITS)

        start = cpu()
        pipeline._preload()
        pipeline.warm_up(settings)
        warm = cpu() - start
        start = cpu()
        pipeline.warm_up(settings, rehearse=True)
        rehearsal = cpu() - start
        print(f"once: preload and warm-up {warm * 1000:.0f}; the rehearsal {rehearsal * 1000:.0f}")

        floor, prepared = each(lambda i: pipeline.prepare(paths[i], free), count)
        print(f"an article in this process, no limits (the floor): {floor:.0f}")
        limited, _ = each(
            lambda i: run_limited(lambda: pipeline.prepare(paths[i], free), settings.limits), count
        )
        print(
            f"the same in a limited child forked per article: {limited:.0f} "
            f"(+{limited - floor:.0f})"
        )
        from publish.batch.workers import WarmPool

        start = cpu()
        pool = WarmPool(1, pipeline.prepare, settings)
        list(pool.outcomes(paths))
        reused = (cpu() - start) * 1000 / count
        print(
            f"the same in one warm worker, article after article (the mean): {reused:.0f} "
            f"(+{reused - floor:.0f})"
        )
        fork, _ = each(lambda i: run_limited(lambda: None, settings.limits), count)
        print(f"a limited child forked around nothing: {fork:.0f}")

        def rendered(i: int) -> Rendered:
            p = prepared[i]
            return Rendered(
                p.files.name,
                p.article,
                tuple((o.name, d) for o, d in p.rendered),
                tuple(p.warnings),
            )

        size = len(pickle.dumps(rendered(0)))
        hop, _ = each(lambda i: pickle.loads(pickle.dumps(rendered(i))), count)
        article_hop, _ = each(lambda i: pickle.loads(pickle.dumps(prepared[i].article)), count)
        print(
            f"pickle and unpickle a task's outcome ({size / 1024:.0f} KiB): {hop:.1f} "
            f"(its Article alone {article_hop:.1f})"
        )
        written, outputs = each(lambda i: write_all(prepared[i].rendered), count)
        print(f"write an article's outputs: {written:.1f}")

        start = cpu()
        settings_key(settings)
        key = (cpu() - start) * 1000
        cache = BuildCache.open(settings)

        def record(i: int) -> None:
            p = prepared[i]
            result = BuildResult(p.files.name, p.article, tuple(outputs[i]))
            cache.hit(paths[i])
            cache.record(paths[i], result, p.files.paths())

        recorded, _ = each(record, count)
        print(
            f"cache: the settings key (once) {key:.0f}; each article's lookup and record "
            f"{recorded:.1f}"
        )

        start = cpu()
        WarmPool(2, pipeline.prepare, settings).close()
        print(f"two warm workers forked and stopped: {(cpu() - start) * 1000:.0f}")

        for jobs in (1, 2):
            target = Path(work) / f"build{jobs}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "publish",
                    "build",
                    str(folder),
                    "-o",
                    str(target),
                    "--jobs",
                    str(jobs),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            total = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
            print(
                f"publish build --jobs {jobs}: {total:.0f} in all, {total / count:.0f} an "
                f"article (floor {floor:.0f}; {load()})"
            )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
