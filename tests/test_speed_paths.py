"""The fast paths load only what they need, and the warm caches never change a byte.

No timing is asserted here (benchmarks/speed.py prints the times): these tests check what a
command imports, and that builds made with warm caches equal builds made without them.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from publish.errors import InputError
from publish.pipeline import build
from publish.render.templates import Theme
from publish.resources import sample_article
from publish.settings import BuildSettings
from tests.test_batch import _copy

HEAVY = (
    "weasyprint",
    "ebooklib",
    "rich",
    "trafilatura",
    "mammoth",
    "publish.enrich",
    "publish.writers.pdf.weasy",
    "publish.writers.epub.package",
    "jinja2",
    "babel",
)

PROBE = """
import json, sys
from publish.cli import main
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["publish", *args]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


NO_OP_UNNEEDED = (*HEAVY, "publish.pipeline", "publish.model.node", "yaml", "langcodes")
"""Besides the renderers, what a no-op rebuild has no use for: the pipeline, any pydantic model
(whose cached records are not validated then) and the readers' YAML and language tags."""


def _loaded(args: list[str], cwd: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Run `publish ARGS` in a fresh interpreter; return the HEAVY modules it imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(heavy)],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_help_and_version_import_no_renderer(tmp_path: Path) -> None:
    assert _loaded(["--help"], tmp_path) == []
    assert _loaded(["--version"], tmp_path) == []
    assert _loaded(["build", "--help"], tmp_path) == []


def test_a_no_op_batch_rebuild_loads_no_writer_no_pipeline_and_no_article_model(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    _copy(folder, "one.md", "one")
    _copy(folder, "two.md", "two")
    out = tmp_path / "out"
    build = ["build", str(folder), "-o", str(out), "--jobs", "1"]
    first = _loaded(build, tmp_path, NO_OP_UNNEEDED)
    assert {"weasyprint", "publish.pipeline", "publish.model.node"} <= set(first)
    assert len(list(out.glob("*.pdf"))) == 2
    assert _loaded(build, tmp_path, NO_OP_UNNEEDED) == []


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if not p.name.startswith(".")
    }


def test_warm_builds_in_one_process_give_the_bytes_of_a_fresh_one(tmp_path: Path) -> None:
    """Build in this (warm) process, three times, and once in a fresh interpreter."""
    article = _copy(tmp_path / "in", "warm.md", "warm")
    settings = BuildSettings(out_dir=tmp_path / "a", theme=Theme())
    for _ in range(3):  # the second build rehearses the sample; the third uses it all
        build([str(article)], settings)
        build([str(sample_article())], BuildSettings(out_dir=tmp_path / "other"))
    fresh = tmp_path / "fresh"
    subprocess.run(
        [sys.executable, "-m", "publish", "build", str(article), "-o", str(fresh)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert _digest(tmp_path / "a") == _digest(fresh)
    assert sorted(_digest(fresh)) == ["warm.epub", "warm.pdf"]


def test_a_warm_process_reports_a_bad_input_as_a_fresh_one_does(tmp_path: Path) -> None:
    """Warm (built and rehearsed), a process reads and renders each article in one child:
    a reading error is still the input's, located as in a fresh interpreter."""
    article = _copy(tmp_path / "in", "warm.md", "warm")
    broken = tmp_path / "in" / "broken.json"
    broken.write_text('{"headline": "x",\n  oops}\n', encoding="utf-8")
    settings = BuildSettings(out_dir=tmp_path / "a", theme=Theme())
    for _ in range(2):  # built, then rehearsed: warm from here on
        build([str(article)], settings)
    with pytest.raises(InputError) as caught:
        build([str(broken)], settings)
    assert (caught.value.file, caught.value.line) == (str(broken), 2)
    fresh = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(broken), "-o", str(tmp_path / "fresh")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert fresh.returncode != 0
    assert str(caught.value) in fresh.stderr
