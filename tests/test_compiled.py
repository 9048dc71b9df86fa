"""The cache folder (publish/compiled.py): it changes how long a new process takes, never a byte
of what it writes, and a bad or unwritable cache never fails a build."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from publish import compiled

KINDS = ("cffi", "code-points", "hyphenation", "patterns", "templates")
"""What a build of the sample keeps: WeasyPrint's C declarations, the fonts' code points,
the English hyphenation patterns, the compiled regular expressions and templates."""


def _build(article: Path, out: Path, cache: str, **extra: str) -> dict[str, str]:
    """Build ARTICLE in a new process with PUBLISH_CACHE_DIR=CACHE; return its outputs' sha256."""
    env = dict(os.environ, PUBLISH_CACHE_DIR=cache, SOURCE_DATE_EPOCH="1700000000", **extra)
    subprocess.run(
        [sys.executable, "-m", "publish", "build", str(article), "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def _entries(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def off_digests(tmp_path_factory: pytest.TempPathFactory, article_path: Path) -> dict[str, str]:
    """The sample built with the cache off: the bytes every other build must give."""
    digests = _build(article_path, tmp_path_factory.mktemp("off"), "")
    assert sorted(Path(name).suffix for name in digests) == [".epub", ".pdf"]
    return digests


def test_a_warm_cache_gives_the_bytes_of_no_cache_and_is_read_not_rewritten(
    tmp_path: Path, article_path: Path, off_digests: dict[str, str]
) -> None:
    cache = tmp_path / "cache"
    assert _build(article_path, tmp_path / "cold", str(cache)) == off_digests
    assert sorted(p.name for p in cache.iterdir()) == list(KINDS)
    kept = _entries(cache)
    assert _build(article_path, tmp_path / "warm", str(cache)) == off_digests
    assert _entries(cache) == kept  # every entry was read and used: none was made again


def test_corrupt_truncated_and_swapped_entries_are_ignored_and_rewritten(
    tmp_path: Path, article_path: Path, off_digests: dict[str, str]
) -> None:
    cache = tmp_path / "cache"
    _build(article_path, tmp_path / "first", str(cache))
    good = {path: data for path, (data, _) in _entries(cache).items()}
    by_kind: dict[str, list[Path]] = {}
    for path in sorted(good):
        by_kind.setdefault(path.parent.name, []).append(path)
    for kind, paths in by_kind.items():
        first = paths[0]
        if kind == "templates" and len(paths) > 1:  # another template's valid entry
            first.write_bytes(good[paths[1]])
        elif kind == "code-points":
            first.write_bytes(good[first][: len(good[first]) // 2])  # truncated
        else:  # one byte of the payload flipped
            data = bytearray(good[first])
            data[-1] ^= 0xFF
            first.write_bytes(bytes(data))
    broken = {path: data for path, (data, _) in _entries(cache).items()}
    assert _build(article_path, tmp_path / "again", str(cache)) == off_digests
    rewritten = _entries(cache)
    assert sorted(rewritten) == sorted(good)
    assert all(
        rewritten[path][0] != broken[path] for paths in by_kind.values() for path in paths[:1]
    )
    assert _build(article_path, tmp_path / "warm", str(cache)) == off_digests
    assert _entries(cache) == rewritten  # what was rewritten is whole: read, not made again


def test_an_empty_cache_dir_writes_nothing_anywhere(
    tmp_path: Path, article_path: Path, off_digests: dict[str, str]
) -> None:
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    xdg.mkdir()
    digests = _build(article_path, tmp_path / "out", "", HOME=str(home), XDG_CACHE_HOME=str(xdg))
    assert digests == off_digests
    assert list(home.rglob("*")) == [] and list(xdg.rglob("*")) == []


def test_without_publish_cache_dir_the_cache_is_under_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(compiled.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert compiled.cache_folder() == tmp_path / "xdg" / "publish"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert compiled.cache_folder() == tmp_path / "home" / ".cache" / "publish"
    monkeypatch.setenv(compiled.CACHE_ENV, "")
    assert compiled.cache_folder() is None


@pytest.mark.parametrize("unwritable", ["read-only folder", "a file, not a folder"])
def test_an_unwritable_cache_folder_does_not_fail_the_build(
    tmp_path: Path, article_path: Path, off_digests: dict[str, str], unwritable: str
) -> None:
    cache = tmp_path / "cache"
    if unwritable == "a file, not a folder":
        cache.write_text("not a folder\n", encoding="utf-8")
    else:
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert _build(article_path, tmp_path / "out", str(cache)) == off_digests
    finally:
        if cache.is_dir():
            cache.chmod(stat.S_IRWXU)
    if cache.is_dir() and os.geteuid() != 0:  # root writes through permissions
        assert list(cache.iterdir()) == []


def test_an_entry_is_read_back_only_for_its_own_key_and_whole(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path))
    compiled.save_data("kind", ("a",), {"x": (1, 2)})
    assert compiled.load_data("kind", ("a",)) == {"x": (1, 2)}
    assert compiled.load_data("kind", ("b",)) is None
    (entry,) = (tmp_path / "kind").iterdir()
    data = entry.read_bytes()
    for broken in (b"", data[:10], data[:-1], data[:-1] + bytes([data[-1] ^ 1])):
        entry.write_bytes(broken)
        assert compiled.load_data("kind", ("a",)) is None
    entry.write_bytes(data)
    monkeypatch.setattr("publish.__version__", "0.0.0-other")  # another version's entry
    assert compiled.load_data("kind", ("a",)) is None
    assert [p.name for p in (tmp_path / "kind").iterdir()] == [entry.name]  # no temporary left


def test_a_cache_folder_others_can_write_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An entry may hold code (compiled templates): one that another user could have put
    there is neither read nor added to."""
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path))
    compiled.save_data("kind", ("a",), [1])
    assert stat.S_IMODE((tmp_path / "kind").stat().st_mode) == 0o700
    for shared in (tmp_path, tmp_path / "kind"):
        shared.chmod(0o777)
        assert compiled.load_data("kind", ("a",)) is None
        compiled.save_data("kind", ("b",), [2])
        shared.chmod(0o700)
        assert compiled.load_data("kind", ("b",)) is None
        assert compiled.load_data("kind", ("a",)) == [1]


def test_the_suite_never_writes_into_the_users_cache() -> None:
    folder = compiled.cache_folder()
    assert folder is not None
    assert Path.home() / ".cache" not in [folder, *folder.parents]
