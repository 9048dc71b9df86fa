"""Publish articles as a print-ready PDF and an accessible EPUB."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """Look the version up on first use: `importlib.metadata` costs a cold start ~30 ms."""
    if name != "__version__":
        raise AttributeError(f"module 'publish' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("publish")
    except PackageNotFoundError:  # running from a checkout that is not installed
        found = "0.1.0"
    globals()["__version__"] = found
    return found
