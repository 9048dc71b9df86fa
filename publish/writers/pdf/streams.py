"""Deflate each stream of a PDF once per write, where pydyf 0.13 deflates it twice.

Given a file identifier (`publish` always gives one), `pydyf.PDF.write` writes every object,
then hashes the data of every object again for the identifier's second half: each stream
(the fonts, the pages' contents, the object stream that holds all the other objects) is
joined and deflated at level 9 a second time, for the same bytes. That was 15-20 ms of a
warm article. While `install_stream_cache` is in force, each write keeps the data of every
stream it asks for and gives it again when asked a second time within that write; the
cache is dropped when the write ends, so a stream changed between two writes is made anew
and the bytes are those pydyf writes without it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pydyf

_STREAM_PROPERTY: property = pydyf.Stream.__dict__["data"]
_STREAM_DATA: Callable[[pydyf.Stream], bytes] = _STREAM_PROPERTY.fget  # type: ignore[assignment]
_PDF_WRITE: Callable[..., Any] = pydyf.PDF.write


class _Writes(threading.local):
    """The data kept by the write running in this thread (None outside a write)."""

    kept: dict[int, tuple[pydyf.Stream, bytes]] | None = None


_WRITES = _Writes()


def _data(self: pydyf.Stream) -> bytes:
    """`Stream.data`: made once per write (kept with its stream, so its id is not reused)."""
    kept = _WRITES.kept
    if kept is None:
        return _STREAM_DATA(self)
    found = kept.get(id(self))
    if found is None:
        found = kept[id(self)] = (self, _STREAM_DATA(self))
    return found[1]


def _write(self: pydyf.PDF, *args: Any, **kwargs: Any) -> Any:
    """`PDF.write`, with each stream's data kept until it returns (a nested write shares it)."""
    if _WRITES.kept is not None:
        return _PDF_WRITE(self, *args, **kwargs)
    _WRITES.kept = {}
    try:
        return _PDF_WRITE(self, *args, **kwargs)
    finally:
        _WRITES.kept = None


def install_stream_cache() -> None:
    """Make every `pydyf.PDF.write` from now on deflate each of its streams once."""
    pydyf.Stream.data = property(_data)
    pydyf.PDF.write = _write


def uninstall_stream_cache() -> None:
    """Give pydyf its own `Stream.data` and `PDF.write` back (for tests that compare)."""
    pydyf.Stream.data = _STREAM_PROPERTY
    pydyf.PDF.write = _PDF_WRITE


def writing() -> bool:
    """Return whether a write is running in this thread with its streams kept."""
    return _WRITES.kept is not None
