"""The saved news pages of Mercury Parser's tests: fetched only when asked, checked against the
pinned tarball, read by publish's own HTML reader."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from benchmarks.fetch_mercury import main
from tests.newsset import MERCURY_SHA256, article_from_mercury, mercury_pages, mercury_path


def _tarball(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_tarball_with_other_bytes_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tarball = _tarball(tmp_path / "p.tgz", {"package/fixtures/a.com/1.html": b"<p>x</p>"})
    target = tmp_path / "cache" / "pages"
    assert main(["--tarball", str(tarball), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{tarball}: error: sha256") and MERCURY_SHA256 in err
    assert not target.parent.exists()


def test_a_missing_tarball_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.tgz"
    assert main(["--tarball", str(missing), "--to", str(tmp_path / "pages")]) == 1
    assert capsys.readouterr().err.startswith(f"{missing}: error: cannot read it")


def test_the_environment_names_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PUBLISH_MERCURY_PAGES", str(tmp_path / "pages"))
    assert mercury_path() == tmp_path / "pages"
    monkeypatch.delenv("PUBLISH_MERCURY_PAGES")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert mercury_path() == tmp_path / "publish-news" / "mercury-parser-1.1.1"


def test_each_saved_page_is_named_by_its_place(mercury_pages_path: Path) -> None:
    pages = mercury_pages(mercury_pages_path)
    assert len(pages) == 110
    assert "mercury-ars" in pages and "mercury-www.vox.com-1481563623532" in pages
    assert pages["mercury-www.vox.com-1481563623532"].name == "1481563623532.html"


def test_a_saved_page_is_read_as_a_user_s_page_is(mercury_pages_path: Path) -> None:
    # The reader warns of the page's images on the network; for the benchmark they are
    # dropped, so this test (which fails on any unexpected warning) passes without them.
    article = article_from_mercury(mercury_pages(mercury_pages_path)["mercury-ars"])
    assert article.headline.startswith("The connected renter")
    assert sum(len(text.split()) for _, text in article.text_blocks) > 500
