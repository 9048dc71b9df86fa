"""Warm workers: one forked process builds many articles, and each still has its own limits.

The pool here builds with a stand-in for the pipeline's `prepare`: it reads the article for
real, then "renders" one file holding the worker's process id (so the test sees which worker
built what), or misbehaves as the article's name says: sleeps past the time limit, asks for
more memory than the limit, or is killed; an article named "memory" gets the worker's peak
memory (KiB) instead of its id.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from publish.batch.workers import Renderers, WarmPool
from publish.errors import InputError, LimitError, RenderError
from publish.isolation import Limits
from publish.pipeline import read
from publish.settings import BuildSettings, Prepared

LIMITS = Limits(time=4.0, memory_mb=1024)


def _prepare(path: str, settings: BuildSettings) -> Prepared:
    name = Path(path).stem
    if name == "slow":
        time.sleep(60)
    if name == "greedy":
        bytearray(2 * 1024 * 1024 * 1024)  # 2 GB, over the 1,024 MB limit
    if name == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    loaded = read(path, settings)
    said = str(os.getpid()).encode()
    if name == "memory":
        status = Path("/proc/self/status").read_text(encoding="ascii")
        said = status.split("VmHWM:")[1].split()[0].encode()
    return Prepared(
        loaded.article, loaded.files, [(settings.out_dir / f"{name}.pdf", said)], [], []
    )


def _articles(folder: Path, names: list[str]) -> list[str]:
    for name in names:
        (folder / f"{name}.md").write_text(
            f"---\ntitle: The {name} article\ndate: 2024-05-06\n---\n\nA paragraph we wrote for the test.\n"
            if name != "broken"
            else "---\ntitle: [unclosed\n---\n\nBody.\n",
            encoding="utf-8",
        )
    return [str(folder / f"{name}.md") for name in names]


def _pid(outcome: object) -> int:
    files = getattr(outcome, "files", None)
    assert files, f"not built: {outcome}"
    return int(files[0][1])


def test_one_worker_builds_many_articles_and_fails_each_limit_alone(tmp_path: Path) -> None:
    names = ["a", "b", "broken", "c", "slow", "d", "greedy", "e", "killed", "f"]
    paths = _articles(tmp_path, names)
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    pool = WarmPool(1, _prepare, settings)
    start = time.monotonic()
    replies = dict(zip(names, (outcome for outcome, _ in pool.outcomes(paths)), strict=True))
    assert time.monotonic() - start < 40, "the slow article was not stopped at its limit"
    assert pool.workers == []  # all reaped at the end

    slow, greedy, killed = replies["slow"], replies["greedy"], replies["killed"]
    assert isinstance(slow, LimitError) and "time limit of 4 s" in slow.message
    assert isinstance(greedy, LimitError) and "memory limit of 1024 MB" in greedy.message
    assert isinstance(killed, RenderError) and "SIGKILL" in killed.message
    assert isinstance(replies["broken"], InputError)
    for name in ("slow", "greedy", "killed", "broken"):
        assert replies[name].file == str(tmp_path / f"{name}.md")  # type: ignore[union-attr]
    pids = {name: _pid(replies[name]) for name in "abcdef"}
    # One warm worker built a, b and (after an input it refused) c; every limit it hit, and
    # its death, replaced it for the next article.
    assert pids["a"] == pids["b"] == pids["c"] != os.getpid()
    assert len({pids["c"], pids["d"], pids["e"], pids["f"]}) == 4


def test_a_pool_stopped_early_leaves_no_worker(tmp_path: Path) -> None:
    paths = _articles(tmp_path, ["a", "b", "c"])
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    pool = WarmPool(2, _prepare, settings)
    pids = [worker.pid for worker in pool.workers]
    replies = pool.outcomes(paths)
    next(replies)
    replies.close()
    assert pool.workers == []
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: no zombie, no process left


def test_a_dask_workers_renderer_is_kept_and_replaced_after_a_limit(tmp_path: Path) -> None:
    paths = _articles(tmp_path, ["a", "b", "slow", "c"])
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    renderers = Renderers()
    outcomes = [renderers.run(_prepare, path, settings)[0] for path in paths]
    assert _pid(outcomes[0]) == _pid(outcomes[1])
    assert isinstance(outcomes[2], LimitError)
    assert _pid(outcomes[3]) != _pid(outcomes[0])
    renderers.stop()


def test_a_worker_is_sent_the_path_alone_and_keeps_the_settings_it_started_with(
    tmp_path: Path,
) -> None:
    # A callback cannot be pickled: it reaches the worker only because the worker was
    # started with the settings, and each article sends nothing but its path.
    paths = _articles(tmp_path, ["a", "b", "c"])
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS, on_pdf=lambda data: None)
    pool = WarmPool(1, _prepare, settings)
    outcomes = [outcome for outcome, _ in pool.outcomes(paths)]
    assert len({_pid(outcome) for outcome in outcomes}) == 1


def test_a_dask_workers_renderer_starts_without_the_workers_memory(tmp_path: Path) -> None:
    ballast = b"\x01" * (192 * 1024 * 1024)  # resident here: a fork would start holding it
    paths = _articles(tmp_path, ["memory", "a"])
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    renderers = Renderers()
    try:
        peak, built = (renderers.run(_prepare, path, settings)[0] for path in paths)
        other = renderers.run(_prepare, paths[1], BuildSettings(out_dir=tmp_path, limits=LIMITS))
    finally:
        renderers.stop()
    assert len(ballast) and _pid(peak) < 96 * 1024, f"the renderer peaked at {_pid(peak)} KiB"
    assert _pid(built) != os.getpid()
    assert _pid(other[0]) != _pid(built)  # other settings: another renderer


def test_a_dask_worker_keeps_its_renderer_for_a_users_theme(tmp_path: Path) -> None:
    from publish.batch import cluster

    paths = _articles(tmp_path, ["a", "b"])
    theme = cluster.ThemeBundle(styles=(("extra.css", b"p { color: black }"),))
    settings = BuildSettings(out_dir=tmp_path / "out", limits=LIMITS)
    try:
        pids = [
            _pid(
                cluster.render_bundle(
                    cluster.article_bundle(p, settings), theme, settings, _prepare
                )[0]
            )
            for p in paths
        ]
    finally:
        cluster._RENDERERS.stop()
    assert pids[0] == pids[1]  # the theme laid out once, so both tasks had the same settings
