"""Publish articles as a print-ready PDF and an accessible EPUB."""

__all__ = ["__version__"]

__version__ = "0.1.0"
"""The package's version: pyproject.toml reads it from here (hatch's version source)."""
