"""Helpers for the hostile-input tests: a socket guard, a file-open recorder, output checks."""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.output.files import TEMP_PREFIX

ERROR_LINE = re.compile(
    r"^((?P<file>[^\n:]+)(:(?P<line>\d+)(:(?P<col>\d+))?)?: )?error: "
    r"(?P<message>[^\n]+)$"
)
"""The one line every failure prints: FILE[:LINE[:COL]]: error: MESSAGE (FILE is left out
when no file is at fault, as for an unknown option value)."""

CANARY_TEXT = "CANARY-7f3a9c-never-in-an-output"


class SocketOpened(AssertionError):
    """A test build tried to open a network connection."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of opening a network socket fail loudly (forked renderers inherit this).

    A Unix-domain socket (the pipe between a batch's parent and its warm workers,
    `multiprocessing.connection.Pipe`) reaches no other machine and stays allowed.
    """
    real_socket = socket.socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise SocketOpened(f"a socket was opened: {args!r}")

    def local_only(
        family: int = -1, type: int = -1, proto: int = -1, fileno: int | None = None
    ) -> socket.socket:
        if family != socket.AF_UNIX:
            refuse(family, type, proto, fileno)
        return real_socket(family, type, proto, fileno)

    monkeypatch.setattr(socket, "socket", local_only)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# --- Recording every file opened, in this process and in forked renderers -----------------

_record_fd: int | None = None
_hook_installed = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _record_fd is None or event not in ("open", "os.listdir", "os.scandir"):
        return
    target = args[0] if args else None
    if isinstance(target, bytes):
        target = os.fsdecode(target)
    if isinstance(target, str | os.PathLike):
        os.write(_record_fd, (os.fspath(target) + "\0").encode("utf-8", "surrogateescape"))


class OpenRecorder:
    """Every path opened while it is active, by this process or a forked child."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def paths(self) -> list[Path]:
        """Return the absolute paths opened so far, each once."""
        names = self.log.read_bytes().decode("utf-8", "surrogateescape").split("\0")
        paths = [Path(os.path.abspath(name)) for name in dict.fromkeys(names) if name]
        return [path for path in paths if path != self.log]


@pytest.fixture
def opened_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenRecorder]:
    """Record every file opened during the test through an audit hook (children included)."""
    global _record_fd, _hook_installed
    log = tmp_path_factory.mktemp("opened") / "log"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _record_fd = fd
    try:
        yield OpenRecorder(log)
    finally:
        _record_fd = None
        os.close(fd)


def assert_only_complete_outputs(out: Path) -> list[Path]:
    """Check OUT holds no temporary file and only whole PDFs and EPUBs; return them.

    The batch cache's record (a whole JSON file, written like the outputs) may sit beside them.
    """
    from publish.batch.cache import CACHE_NAME

    if not out.exists():
        return []
    record = out / CACHE_NAME
    if record.exists():
        json.loads(record.read_bytes())
    files = sorted(p for p in out.iterdir() if p.name != CACHE_NAME)
    leftovers = [p.name for p in files if p.name.startswith(TEMP_PREFIX) or ".part" in p.name]
    assert not leftovers, f"temporary files left in {out}: {leftovers}"
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                assert book.testzip() is None, path
                assert book.namelist()[0] == "mimetype", path
    return files


def output_texts(files: list[Path]) -> str:
    """Return everything readable in FILES: PDF text and raw bytes, every EPUB entry."""
    from tests.checkers import pdf_text

    parts: list[str] = []
    for path in files:
        if path.suffix == ".pdf":
            parts.append(pdf_text(path))
            parts.append(path.read_bytes().decode("latin-1"))
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    parts.append(book.read(name).decode("utf-8", "replace"))
    return "\n".join(parts)


def assert_one_error_line(stderr: str) -> re.Match[str]:
    """Check STDERR's failure report is exactly one well-formed line without a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [
        line for line in stderr.splitlines() if ": error: " in line or line.startswith("error: ")
    ]
    assert len(lines) == 1, stderr
    match = ERROR_LINE.match(lines[0])
    assert match, lines[0]
    return match
