"""Find characters a PDF draws with glyph 0 (.notdef, the empty box called tofu).

WeasyPrint writes each composite (Type0) font with an encoding CMap that maps every code it
uses to a glyph (CID). A code mapped to CID 0 is a character the font had no glyph for.
"""

from __future__ import annotations

import re
from typing import Any

_SECTION = re.compile(rb"begincid(char|range)(.*?)endcid\1", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _zero_codes(cmap: bytes) -> set[int]:
    """The codes an encoding CMap maps to CID 0."""
    codes: set[int] = set()
    for kind, body in _SECTION.findall(cmap):
        for line in body.splitlines():
            parts = line.split()
            if not parts or parts[-1] != b"0":
                continue
            bounds = [int(h, 16) for h in _HEX.findall(line)]
            if kind == b"char" and len(bounds) == 1:
                codes.add(bounds[0])
            elif kind == b"range" and len(bounds) == 2:
                codes.update(range(bounds[0], bounds[1] + 1))
    codes.discard(0)
    return codes


def notdef_counts(pdf: Any) -> dict[str, int]:
    """{font name: characters drawn as .notdef} for the pikepdf document PDF."""
    import pikepdf

    counts: dict[str, int] = {}
    for page in pdf.pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for _, font in fonts.items():
            encoding = font.get("/Encoding")
            if font.get("/Subtype") != "/Type0" or not isinstance(encoding, pikepdf.Stream):
                continue
            zero = _zero_codes(encoding.read_bytes())
            if zero:
                name = str(font.get("/BaseFont"))
                counts[name] = max(counts.get(name, 0), len(zero))
    return counts
