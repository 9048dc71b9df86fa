"""Find the project's theme (templates, styles, fonts) and check references to local files."""

from __future__ import annotations

import re
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


def check_local_reference(src: str) -> str | None:
    """Return why SRC may not be used as a file beside the article, or None when it may."""
    if not src.strip():
        return "is empty"
    if src.startswith("//") or _SCHEME.match(src):
        return "only files beside the article may be used, not URLs"
    path = PurePosixPath(src.replace("\\", "/"))
    if path.is_absolute():
        return "must be a path relative to the article's folder, not an absolute path"
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
        raise ValueError("no such file beside the article")
    return target
