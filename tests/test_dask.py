"""Batch builds on Dask: bytes in, bytes out, and the same files as a local build.

One test runs a task with its article's folder and theme moved away (no shared disk); one
starts a real scheduler and two worker processes on 127.0.0.1 and builds through them. Both
skip when the `dask` extra is not installed (the test extra has it, so CI runs them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.pipeline import BuildSettings, build
from publish.render.templates import Theme
from tests.images import png
from tests.test_catalog import _article

distributed = pytest.importorskip(
    "distributed", reason="needs the dask extra (pip install 'publish[dask]')"
)


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.*pub")) + sorted(folder.glob("*.pdf"))
    }


def _pictured(folder: Path, slug: str) -> Path:
    """An article whose figure lives in a subfolder, so the bundle must carry it."""
    path = _article(folder, slug, "2024-04-02", ["Iva Horvat"])
    (folder / "pics").mkdir(exist_ok=True)
    (folder / "pics" / f"{slug}.png").write_bytes(png(rgb=(120, 30, 60)))
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"\n![A red block drawn for the test](pics/{slug}.png)\n",
        encoding="utf-8",
    )
    return path


def test_a_task_needs_no_shared_disk(tmp_path: Path) -> None:
    from publish.batch.cluster import article_bundle, render_bundle, theme_bundle
    from publish.batch.run import Rendered

    articles, styles = tmp_path / "articles", tmp_path / "styles"
    articles.mkdir()
    styles.mkdir()
    (styles / "epub.css").write_text("p { line-height: 1.6 }\n", encoding="utf-8")
    path = _pictured(articles, "harbour")
    settings = BuildSettings(
        out_dir=tmp_path / "local", formats=("epub",), theme=Theme.with_overrides(styles=styles)
    )
    build([str(path)], settings)
    bundle, theme = article_bundle(str(path), settings), theme_bundle(settings.theme)
    assert [name for name, _ in bundle.files] == ["pics/harbour.png"]
    assert theme.templates is None and [n for n, _ in theme.styles or ()] == ["epub.css"]
    articles.rename(tmp_path / "gone")  # the worker has only the bytes
    styles.rename(tmp_path / "gone-styles")
    outcome, logged = render_bundle(bundle, theme, settings)
    assert isinstance(outcome, Rendered), outcome
    assert logged == ()
    assert outcome.source == str(path)
    assert outcome.images == (str((articles / "pics" / "harbour.png").resolve()),)
    assert dict(outcome.files) == {
        "harbour.epub": (tmp_path / "local" / "harbour.epub").read_bytes()
    }


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real Dask scheduler and two single-threaded worker processes on loopback."""
    import dask

    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
    ):
        yield cluster.scheduler_address


@pytest.mark.slow
def test_a_dask_cluster_builds_the_bytes_of_a_local_build(scheduler: str, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    _pictured(articles, "quay")
    _article(articles, "tide", "2024-04-03", ["Jon Sato"])
    (articles / "wreck.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    runs = {}
    for name, extra in (("local", ["--jobs", "2"]), ("dask", ["--scheduler", scheduler])):
        out = tmp_path / name
        result = CliRunner().invoke(app, ["build", str(articles), "-o", str(out), *extra])
        runs[name] = (
            result.exit_code,
            result.stdout.replace(str(out), "OUT"),
            result.stderr.splitlines()[-1],
            _digests(out),
        )
    assert runs["dask"] == runs["local"]
    code, stdout, error, digests = runs["dask"]
    assert code == 3 and error.startswith(f"{articles / 'wreck.md'}:")
    assert sorted(digests) == ["quay.epub", "quay.pdf", "tide.epub", "tide.pdf"]


def test_a_scheduler_that_cannot_be_reached_is_a_usage_error(tmp_path: Path) -> None:
    _article(tmp_path, "lone", "2024-04-04", ["Kai Berg"])
    _article(tmp_path, "pair", "2024-04-05", ["Kai Berg"])
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(tmp_path),
            "-o",
            str(tmp_path / "out"),
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--format",
            "epub",
        ],
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("tcp://127.0.0.1:9: error: cannot reach the Dask scheduler")
    assert len(result.stderr.strip().splitlines()) == 1
