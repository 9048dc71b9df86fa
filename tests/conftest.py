"""Shared fixtures: the reference article, a build helper, and the CLI runner."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
from typer.testing import CliRunner

from publish.settings import BuildResult, BuildSettings

if TYPE_CHECKING:
    from tests.newsset import LeeFile

pytest_plugins = ["tests.epub_audit"]  # EPUBCheck on every EPUB the suite builds

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
"""The team's shared material (reference article, real web pages), beside the clone; CI has it."""
SEED = SHARED / "samples" / "seed-article.txt"
CORPUS = SHARED / "corpus" / "readability-pages"
ARTICLES = Path(__file__).resolve().parent / "articles"

REQUIRE_SHARED = os.environ.get("PUBLISH_REQUIRE_SHARED") == "1"
"""Set by CI: a test whose shared material is missing fails instead of skipping."""


def absent(message: str) -> NoReturn:
    """Skip the test whose material MESSAGE says is missing (fail under PUBLISH_REQUIRE_SHARED=1,
    where CI has put it there)."""
    if REQUIRE_SHARED:
        pytest.fail(message + "; PUBLISH_REQUIRE_SHARED=1 says it must be there")
    pytest.skip(message)


def shared_file(path: Path) -> Path:
    """Return PATH under ../shared, or skip the test (fail under PUBLISH_REQUIRE_SHARED=1)."""
    if not path.exists():
        absent(f"needs {path} from ../shared beside the clone (absent here)")
    return path


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """publish's cache folder (publish/compiled.py) for the session: a temporary one, so the
    suite never writes into the user's ~/.cache/publish (builds in subprocesses inherit it)."""
    from publish.compiled import CACHE_ENV

    folder = tmp_path_factory.mktemp("publish-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(folder))
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The reference article, ../shared/samples/seed-article.txt."""
    return shared_file(SEED)


@pytest.fixture(scope="session")
def article_path() -> Path:
    """An article every clone has (the shipped sample), for tests not about the reference."""
    from publish.resources import sample_article

    return sample_article()


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    """The real web pages of ../shared/corpus/readability-pages/."""
    return shared_file(CORPUS)


def _lee_file(lee: LeeFile) -> Path:
    """The Lee corpus file LEE, which the repository does not hold: ``benchmarks/fetch_lee.py``
    fetches the corpus into the cache, or ``$PUBLISH_LEE_CORPUS`` names the background file
    (the others beside it). Absent: the test skips (fails under PUBLISH_REQUIRE_SHARED=1, as
    CI fetches it). A different file fails the test: the labels were made on the pinned one."""
    from tests.newsset import LEE_ENV, LeeCorpusError, check_lee, lee_path

    path = lee_path(lee)
    if not path.is_file():
        absent(
            f"needs the Lee corpus at {path} (absent here): run python benchmarks/fetch_lee.py"
            f" (downloads gensim's wheel from PyPI) or set {LEE_ENV}=path/to/lee_background.cor"
        )
    try:
        check_lee(path.read_bytes(), str(path), lee)
    except LeeCorpusError as exc:
        pytest.fail(str(exc))
    return path


@pytest.fixture(scope="session")
def lee_corpus_path() -> Path:
    """The Lee corpus's background news stories (``lee_background.cor``)."""
    from tests.newsset import BACKGROUND

    return _lee_file(BACKGROUND)


@pytest.fixture(scope="session")
def lee_pairs_path() -> Path:
    """The Lee corpus's 50 other news stories (``lee.cor``)."""
    from tests.newsset import PAIRS

    return _lee_file(PAIRS)


@pytest.fixture(scope="session")
def mercury_pages_path() -> Path:
    """The saved news pages of Mercury Parser's tests, which the repository does not hold:
    ``benchmarks/fetch_mercury.py`` fetches them into the cache, or ``$PUBLISH_MERCURY_PAGES``
    names their folder. Absent: the test skips (fails under PUBLISH_REQUIRE_SHARED=1, as CI
    fetches them)."""
    from tests.newsset import MERCURY_ENV, mercury_pages, mercury_path

    path = mercury_path()
    if not path.is_dir() or not mercury_pages(path):
        absent(
            f"needs the saved pages at {path} (absent here): run python"
            f" benchmarks/fetch_mercury.py (downloads an npm package) or set {MERCURY_ENV}"
        )
    return path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> BuildResult:
    """The reference article built once to PDF and EPUB for the whole session."""
    from tests.checkers import build_checked

    out = tmp_path_factory.mktemp("seed")
    (result,) = build_checked([str(seed_path)], BuildSettings(out_dir=out))
    return result


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _no_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test when publish or WeasyPrint logs a warning it did not expect."""
    caplog.set_level(logging.WARNING)
    yield
    unexpected = [
        r.getMessage()
        for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING
        and not getattr(r, "expected", False)
        and r.name.startswith(("publish", "weasyprint"))
    ]
    marker = caplog.get_records("call") and getattr(caplog, "_publish_expect_warnings", False)
    if unexpected and not marker:
        pytest.fail("unexpected warnings: " + " | ".join(unexpected))


@pytest.fixture
def expect_warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Allow warnings in this test; it checks them itself through caplog."""
    caplog._publish_expect_warnings = True  # type: ignore[attr-defined]
    return caplog


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--save-golden",
        action="store_true",
        help="Rewrite the golden HTML files in tests/golden/ from the current output.",
    )


@pytest.fixture
def save_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--save-golden"))


@pytest.fixture(scope="module")
def dejavu_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """An environment whose fontconfig sees only DejaVu (what a fresh Debian machine has)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"<cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    yield dict(os.environ, FONTCONFIG_FILE=str(conf), SOURCE_DATE_EPOCH="1700000000")
