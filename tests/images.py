"""Small valid images made on the fly, so tests need no binary fixtures."""

from __future__ import annotations

import struct
import zlib


def png(width: int = 40, height: int = 20, rgb: tuple[int, int, int] = (31, 78, 121)) -> bytes:
    """Return a solid-colour PNG of WIDTH x HEIGHT pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
