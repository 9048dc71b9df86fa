"""Publish articles as a print-ready PDF and an accessible EPUB."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("publish")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
