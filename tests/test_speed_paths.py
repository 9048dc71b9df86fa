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
import time
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
    # nor the scan of the installed packages' metadata (~30 ms) for the version
    assert _loaded(["--version"], tmp_path, ("importlib.metadata",)) == []
    assert _loaded(["--help"], tmp_path, ("importlib.metadata",)) == []


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


LOAD_PROBE = """
import json, os, sys
import fasttext, pyphen
from publish.cli import main
log = sys.argv[1]
def noting(kind, original):
    def wrapped(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{kind} {os.getpid()}\\n")
        return original(*args, **kwargs)
    return wrapped
fasttext.load_model = noting("model", fasttext.load_model)
pyphen.HyphDict.__init__ = noting("hyphenation", pyphen.HyphDict.__init__)
sys.argv = ["publish", *json.loads(sys.argv[2])]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_loads_the_language_model_and_dictionaries_once(jobs: str, tmp_path: Path) -> None:
    """A serial batch rehearses the sample once before its article children fork: the
    hyphenation dictionary is loaded once, in the parent, and the language model there too
    (and in the first article's reading child, which `--jobs 1` starts beside the warm-up),
    not again in each article's child (about 0.4 s an article). With `--jobs 2` the model is
    loaded once, in the parent, before the warm workers fork, and each worker loads the
    dictionary once, with its first article, not for every article; same bytes."""
    folder = tmp_path / "in"
    for slug in ("one", "two", "three"):  # no stated language: each is detected
        text = _copy(folder, f"{slug}.md", slug).read_text(encoding="utf-8")
        (folder / f"{slug}.md").write_text(text.replace("\nlang: en-GB", ""), encoding="utf-8")
    log = tmp_path / "loads.log"
    args = ["build", str(folder), "-o", str(tmp_path / "out"), "--jobs", jobs]
    subprocess.run(
        [sys.executable, "-c", LOAD_PROBE, str(log), json.dumps(args)],
        check=True,
        capture_output=True,
        timeout=300,
        # the cache folder off, so pyphen parses the dictionary where it is loaded (the probe
        # counts that parse; from a warm cache folder the patterns load without it)
        env=dict(os.environ, PUBLISH_CACHE_DIR=""),
    )
    loads = log.read_text(encoding="utf-8").split()
    kinds = loads[::2]
    hyphenation = [
        pid for kind, pid in zip(kinds, loads[1::2], strict=True) if kind == "hyphenation"
    ]
    if jobs == "1":
        assert len(hyphenation) == 1, loads
    else:  # 3 articles, 2 workers: once in each worker at most
        assert 1 <= len(hyphenation) == len(set(hyphenation)) <= 2, loads
    assert 1 <= kinds.count("model") <= (2 if jobs == "1" else 1), loads
    for name in ("one", "two"):
        alone = tmp_path / f"alone-{name}"
        build([str(folder / f"{name}.md")], BuildSettings(out_dir=alone, theme=Theme()))
        built = _digest(tmp_path / "out")
        assert all(built[key] == value for key, value in _digest(alone).items())


def test_a_cover_drawn_ahead_serves_that_article_once(tmp_path: Path) -> None:
    """The EPUB's copy draws the cover while the PDF is laid out (`draw_ahead`): the cover
    it is then given is the one drawn for that article, and another article gets its own."""
    from publish.pipeline import load_article
    from publish.writers.cover import draw_ahead, draw_cover

    theme = Theme()
    article, _ = load_article(str(sample_article()))
    other = article.revised(headline="Another headline entirely")
    fresh = draw_cover(article, theme)
    draw_ahead(article, theme)
    assert draw_cover(other, theme).png == draw_cover(other, theme).png != fresh.png
    draw_ahead(article, theme)
    ahead = draw_cover(article, theme)
    assert ahead == fresh
    assert draw_cover(article, theme) is not ahead  # served once: drawn again after


def test_a_cover_drawn_in_kept_picture_memory_is_the_same() -> None:
    """A warm worker has Pillow keep the memory of the pictures it frees
    (`keep_picture_memory`): a cover drawn in a block another cover used has the same bytes
    as one drawn in new memory."""
    from PIL import Image

    from publish.pipeline import load_article
    from publish.writers.cover import KEPT_BLOCKS, draw_cover, keep_picture_memory

    theme = Theme()
    article, _ = load_article(str(sample_article()))
    other = article.revised(headline="A quite different headline, over two lines or more")
    before = Image.core.get_blocks_max()
    Image.core.set_blocks_max(0)
    try:
        fresh, fresh_other = draw_cover(article, theme), draw_cover(other, theme)
        keep_picture_memory()
        assert Image.core.get_blocks_max() == KEPT_BLOCKS
        for _ in range(2):  # the second time in blocks the other covers left
            assert draw_cover(other, theme) == fresh_other
            assert draw_cover(article, theme) == fresh
        assert Image.core.get_stats()["reused_blocks"] > 0
    finally:
        Image.core.set_blocks_max(before)


def test_a_process_that_builds_again_keeps_one_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warm, a process builds each further article alone in the worker it keeps
    (`kept.KEPT`), its EPUB made beside the PDF by the helper the worker keeps
    (`publish.batch.beside`): the same bytes as the forked child's and a fresh process's,
    one worker and one helper from build to build, a new one for other settings or another
    environment, none left at the end."""

    from publish.batch import kept

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    article = _copy(tmp_path / "in", "kept.md", "kept")
    settings = BuildSettings(out_dir=tmp_path / "a", theme=Theme())
    kept.KEPT.stop()
    digests, pids, helpers = [], [], []
    for _ in range(4):  # (in a fresh process: forked child, rehearsal,) then the kept worker
        build([str(article)], settings)
        digests.append(_digest(tmp_path / "a"))
        worker = getattr(kept.KEPT.local, "worker", None)
        pids.append(worker.pid if worker is not None else None)
        helpers.append(_children(worker.pid) if worker is not None else [])
    assert digests[1:] == digests[:-1]
    assert sorted(digests[0]) == ["kept.epub", "kept.pdf"]
    assert pids[2] is not None and pids[2] == pids[3]
    assert len(helpers[2]) == 1 and helpers[2] == helpers[3]  # one helper, kept
    fresh = tmp_path / "fresh"
    subprocess.run(
        [sys.executable, "-m", "publish", "build", str(article), "-o", str(fresh)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert _digest(fresh) == digests[-1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")  # what a new child would see
    build([str(article)], settings)
    assert kept.KEPT.local.worker.pid != pids[3]
    assert _digest(tmp_path / "a") == digests[-1]
    pid = kept.KEPT.local.worker.pid
    monkeypatch.chdir(tmp_path)  # relative paths: what a child forked now would resolve
    build([str(article)], settings)
    assert kept.KEPT.local.worker.pid != pid
    last = _children(kept.KEPT.local.worker.pid)
    kept.KEPT.stop()
    assert kept.KEPT.local.worker is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[3], os.WNOHANG)  # reaped: no process left
    assert len(last) == 1 and all(_ended(helper) for helper in (*helpers[3], *last))


def _children(pid: int) -> list[int]:
    """Return the process ids of PID's children (Linux)."""
    return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _ended(pid: int) -> bool:
    """Tell whether PID ends within a few seconds (an orphan killed with its parent)."""
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1]
        except FileNotFoundError:
            return True
        if state.split()[0] in "ZX":
            return True
        time.sleep(0.05)
    return False
