"""Write outputs so a reader never sees half a file: temporary name, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

from publish.errors import OutputError

TEMP_PREFIX = ".publish-"


def prepare_folder(folder: Path) -> None:
    """Create FOLDER if needed; raise OutputError when it cannot hold outputs."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("the output folder is a file", file=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})",
                          file=str(folder)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", file=str(folder))


def write_all(outputs: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write every (path, bytes) pair, or none: all are staged before any is renamed in place.

    When a rename fails half-way, the outputs already renamed are put back as they were, so
    a PDF and an EPUB always come from the same build. A path that is a symbolic link is
    replaced by the new file; the file it pointed to is left untouched.
    """
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
        raise OutputError(f"cannot write the file ({exc.strerror})",
                          file=str(path)) from None
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
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix + ".part",
                                dir=path.parent)
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
