"""Write outputs so a reader never sees half a file: temporary name, then an atomic rename."""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from publish.errors import OutputError
from publish.interrupts import signals_deferred

TEMP_PREFIX = ".publish-"


def prepare_folder(folder: Path) -> None:
    """Create FOLDER if needed; raise OutputError when it cannot hold outputs."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("the output folder is a file", file=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output folder ({exc.strerror})", file=str(folder)
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", file=str(folder))


def write_all(outputs: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write every (path, bytes) pair, or none: all are staged before any is renamed in place.

    When a rename fails half-way, the outputs already renamed are put back as they were, so
    a PDF and an EPUB always come from the same build. A path that is a symbolic link is
    replaced by the new file; the file it pointed to is left untouched. The output folder is
    locked meanwhile, so two runs writing the same pair leave the pair of one of them, and
    Ctrl-C or SIGTERM waits until the pair is in place (or removed): no `.part` is left.
    """
    items = list(outputs)
    with _folders_locked({path.parent for path, _ in items}), signals_deferred():
        return _write_all(items)


@contextlib.contextmanager
def _folders_locked(folders: set[Path]) -> Iterator[None]:
    """Hold an exclusive lock (flock) on each of FOLDERS, taken in path order."""
    with contextlib.ExitStack() as stack:
        for folder in sorted(folders):
            try:
                fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as exc:
                raise OutputError(
                    f"cannot open the output folder ({exc.strerror})", file=str(folder)
                ) from None
            stack.callback(os.close, fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield


def _write_all(outputs: list[tuple[Path, bytes]]) -> list[Path]:
    staged: list[tuple[Path, Path]] = []
    backups: dict[Path, Path | None] = {}
    path = Path()
    try:
        for path, data in outputs:
            staged.append((_stage(path, data), path))
        try:
            for temp, path in staged:
                backups[path] = _keep_old(path)
                os.replace(temp, path)
        except BaseException:
            _put_back(backups)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write the file ({exc.strerror})", file=str(path)) from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        for backup in backups.values():
            if backup is not None:
                with contextlib.suppress(FileNotFoundError):
                    backup.unlink()
    return [path for _, path in staged]


def _keep_old(path: Path) -> Path | None:
    """Hard-link the current PATH (file or link) to a hidden name; None when there is none."""
    if not os.path.lexists(path):
        return None
    backup = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}{path.suffix}.old"
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        return None  # no hard links here: the new file simply replaces the old one
    return backup


def _put_back(backups: dict[Path, Path | None]) -> None:
    """Undo the renames already done: restore each old file, remove each new one."""
    for path, backup in backups.items():
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink()


def _stage(path: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix + ".part", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return temp
