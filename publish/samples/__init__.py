"""The sample article shipped with `publish`, which `publish sample` writes out."""

from __future__ import annotations

from pathlib import Path

from publish.errors import OutputError
from publish.resources import sample_article


def write_sample(folder: Path) -> Path:
    """Copy the sample article into FOLDER (created when missing) and return its path."""
    target = folder / sample_article().name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(sample_article().read_bytes())
    except OSError as exc:
        message = f"cannot write the sample article: {exc.strerror}"
        raise OutputError(message, file=str(target)) from None
    return target
