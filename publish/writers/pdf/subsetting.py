"""The one place that changes how WeasyPrint embeds a font: its subset, made with HarfBuzz.

WeasyPrint 70 cuts every embedded font down to the glyphs the PDF draws
(`weasyprint.pdf.fonts.Font.subset`), with the system's HarfBuzz-Subset library when it is
installed (Debian's libharfbuzz-subset0) and with fontTools when it is not: fontTools takes
about a second for the shipped faces (it decompiles their layout tables), and the two give
different bytes, so the same article made different PDFs on two machines. Here every font is
subset as WeasyPrint's own HarfBuzz path does it (`Font._harfbuzz_subset`), with the HarfBuzz
that uharfbuzz bundles: on every machine, whatever it has installed, in milliseconds.

What WeasyPrint's HarfBuzz path makes, and so this one: the glyphs drawn keep their ids (the
PDF's text refers to them by id), the others are emptied and those after the last one drawn
dropped; the layout and bitmap tables the PDF does not read are dropped (`DROPPED_TABLES`:
GSUB, GPOS, ...), the tables HarfBuzz does not know are kept as they are, CFF fonts are
desubroutinized; `.notdef` keeps its outline when the text has characters the font lacks
(WeasyPrint draws those as `.notdef`), and hinting is kept only when asked for (WeasyPrint's
`hinting` option). What `Font.clean` does after the subset (instancing a variable font,
emptying colour glyphs) is left to WeasyPrint.

`install_subsetter` puts `subset_font` in WeasyPrint's place (`weasy.Engine.start` calls it
before any layout). `Font.subset` is WeasyPrint's private name, used nowhere else in `publish`;
`tests/test_subsetting.py` fails by name when a WeasyPrint release changes it (or what
`build_fonts_dictionary` hands it), and pyproject.toml pins the versions it holds in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import uharfbuzz as hb
import weasyprint.pdf.fonts as _pdf_fonts

DROPPED_TABLES = (
    "BASE",
    "DSIG",
    "EBDT",
    "EBLC",
    "EBSC",
    "FFTM",
    "GPOS",
    "GSUB",
    "JSTF",
    "LTSH",
    "PCLT",
    "SVG ",
)
"""The tables WeasyPrint's HarfBuzz path drops (beside those HarfBuzz drops by default), and
FontForge's timestamps (`FFTM`), which the HarfBuzz of Debian 12 drops where the bundled one
passes it through: no PDF reader looks at it."""

_KEPT = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def subset_font(
    data: bytes, index: int, glyphs: Iterable[int], *, hinting: bool, notdef_outline: bool
) -> bytes | None:
    """Return font INDEX of DATA cut down to the glyph ids GLYPHS, ids kept (None if HarfBuzz
    cannot subset it).

    Two passes, as WeasyPrint's HarfBuzz path: the glyphs drawn, their ids retained and the
    tables dropped; then every glyph up to the last drawn, without hinting unless HINTING.
    NOTDEF_OUTLINE keeps the outline of `.notdef` (glyph 0), drawn for missing characters.
    """
    kept = sorted(set(glyphs))
    if not kept:
        return None
    request = hb.SubsetInput()
    for glyph in kept:
        request.glyph_set.add(glyph)
    drop = request.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for name in DROPPED_TABLES:
        drop.add(_tag(name))
    notdef = hb.SubsetFlags.NOTDEF_OUTLINE if notdef_outline else hb.SubsetFlags.DEFAULT
    request.flags = _KEPT | hb.SubsetFlags.RETAIN_GIDS | notdef
    try:
        first = hb.subset(hb.Face(hb.Blob(data), index), request)
        request.glyph_set.add_range(0, kept[-1])
        no_hinting = hb.SubsetFlags.DEFAULT if hinting else hb.SubsetFlags.NO_HINTING
        request.flags = _KEPT | no_hinting | notdef
        second = hb.subset(first, request)
    except RuntimeError:  # uharfbuzz's word for HarfBuzz's failure
        return None
    content = bytes(second.blob.data)
    return content or None


def _subset(self: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """`Font.subset`: cut the font down to the glyphs of TO_UNICODE (its keys), with HarfBuzz."""
    if not to_unicode:
        return
    content = subset_font(
        self.file_content,
        self.index,
        to_unicode,
        hinting=bool(hinting),
        notdef_outline=bool(self.missing),
    )
    if content is None:
        _pdf_fonts.LOGGER.warning('Unable to subset "%s" with HarfBuzz', self.family)
        return
    self.file_content = content


_ORIGINAL = _pdf_fonts.Font.subset


def install_subsetter() -> None:
    """Make WeasyPrint subset every font it embeds from now on with `subset_font`."""
    _pdf_fonts.Font.subset = _subset
