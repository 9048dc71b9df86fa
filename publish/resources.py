"""Find the project's theme (templates, styles, fonts) and check references to local files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

_PACKAGE = Path(__file__).resolve().parent
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def theme_dir(name: str) -> Path:
    """Return the project's `templates` or `styles` folder, installed or in a checkout."""
    installed = _PACKAGE / "_theme" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the project's {name}/ folder is missing from the installation")


def sample_article() -> Path:
    """Return the sample article `publish build` publishes when given no input."""
    return _PACKAGE / "samples" / "sample-article.md"


MAX_NAME_BYTES = 255
"""Longest file name (one path part) the file systems the project runs on accept."""


ABSOLUTE = "must be a path relative to the article's folder, not an absolute path"
NO_SUCH_FILE = "no such file beside the article"


def check_local_reference(src: str) -> str | None:
    """Return why SRC may not be used as a file beside the article, or None when it may."""
    if not src.strip():
        return "is empty"
    if src.startswith("//") or _SCHEME.match(src):
        return "only files beside the article may be used, not URLs"
    path = PurePosixPath(src.replace("\\", "/"))
    if path.is_absolute():
        return ABSOLUTE
    if ".." in path.parts:
        return "may not leave the article's folder (..)"
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in path.parts):
        return f"has a file name longer than {MAX_NAME_BYTES} bytes"
    return None


def resolve_local(folder: Path, src: str) -> Path:
    """Return the file SRC inside FOLDER, refusing anything that resolves outside it."""
    problem = check_local_reference(src)
    if problem:
        raise ValueError(problem)
    target = (folder / src).resolve()
    root = folder.resolve()
    if target != root and root not in target.parents:
        raise ValueError("leads outside the article's folder (through a link)")
    if not target.is_file():
        raise ValueError(NO_SUCH_FILE)
    return target


class ReadRefused(ValueError):
    """A file that no stage may read: outside every allowed folder, or not a regular file."""


def is_inside(path: Path, roots: Iterable[Path]) -> bool:
    """Tell whether PATH (resolved) is one of ROOTS (resolved) or under one."""
    return _under(path.resolve(), tuple(root.resolve() for root in roots))


def _under(real: Path, allowed: tuple[Path, ...]) -> bool:
    """Tell whether the resolved path REAL is one of the resolved ALLOWED or under one."""
    return any(real == root or root in real.parents for root in allowed)


def check_inside(path: Path, roots: Iterable[Path]) -> Path:
    """Return PATH resolved, or raise ReadRefused when it leads outside ROOTS."""
    if not is_inside(path, roots):
        raise ReadRefused("leads outside the article and theme folders (through a link)")
    return path.resolve()


def read_inside(path: Path, roots: Iterable[Path], limit: int | None = None) -> bytes:
    """Return the bytes of the regular file PATH when what is opened lies under ROOTS.

    The one resolver every stage reads a file through (article, theme, images, cover). The
    file is opened once, then what was opened is checked (its real path, its type), so a
    link swapped in after a check cannot lead out. FIFOs, devices and sockets are refused
    (opening does not wait on a FIFO); LIMIT caps the bytes read, whatever the size says.
    """
    with _opened_inside(path, roots, limit) as fd:
        return _read_fd(fd, limit)


def digest_inside(path: Path, roots: Iterable[Path]) -> str:
    """Return the sha256 (hex) of the bytes `read_inside(PATH, ROOTS)` returns, or raise as it
    does; the file is hashed as it is read, never held whole (the batch cache's check)."""
    with _opened_inside(path, roots, None) as fd, open(fd, "rb", closefd=False) as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@contextlib.contextmanager
def _opened_inside(path: Path, roots: Iterable[Path], limit: int | None) -> Iterator[int]:
    """Open PATH for `read_inside`, check what was opened, and give its descriptor."""
    allowed = tuple(root.resolve() for root in roots)
    _check_before_opening(path, allowed)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ReadRefused("no such file") from None
    except OSError as exc:
        raise ReadRefused(f"cannot read the file ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadRefused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("is not a regular file (a FIFO, device or socket); refused")
        if not _under(Path(os.readlink(f"/proc/self/fd/{fd}")), allowed):
            raise ReadRefused("leads outside the article and theme folders (through a link)")
        if limit is not None and info.st_size > limit:
            raise ReadRefused(
                f"is {info.st_size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:g} MB"
            )
        os.set_blocking(fd, True)
        yield fd
    finally:
        os.close(fd)


def _check_before_opening(path: Path, allowed: tuple[Path, ...]) -> None:
    """Refuse PATH before opening it when it already leads out or is not a regular file.

    So, without a race, nothing outside is even opened; `read_inside` checks again after.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadRefused("no such file") from None
    except OSError as exc:
        raise ReadRefused(f"cannot read the file ({exc.strerror})") from None
    if not _under(path.resolve(), allowed):
        raise ReadRefused("leads outside the article and theme folders (through a link)")
    if stat.S_ISDIR(info.st_mode):
        raise ReadRefused("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused("is not a regular file (a FIFO, device or socket); refused")


def _read_fd(fd: int, limit: int | None) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, 1 << 20):
        size += len(chunk)
        if limit is not None and size > limit:
            raise ReadRefused(f"holds more than {limit / 1024 / 1024:g} MB; refused")
        chunks.append(chunk)
    return b"".join(chunks)
