"""List markers on their item's baseline: the bullet beside the first line of text, not under it.

WeasyPrint 70 sets an outside list marker as a small absolutely positioned block at the top
of its item, and sets the line inside it with the metrics of the font that drew the marker.
The item's first line is set with the metrics of its own text. Where the two fonts differ,
the marker's baseline is not the line's: in Hindi, the face of the text (Noto Serif
Devanagari) has no bullet, so the bullet comes from Noto Serif, whose ascent and descent
put the baseline 0.24 em lower than Devanagari's, and the bullet sits on the foot of the
letters; the same in Arabic (0.17 em), Bengali, Tamil, Thai and Myanmar (0.4 em). CSS puts
an outside marker on the first line's baseline (CSS Lists 3, 3.1; what browsers do), so
here, once the pages are laid out, each marker is moved up or down onto the baseline of its
item's first line. Only the marker moves: no line, block or page break changes, and a
marker already on its line is not touched, so a list whose marker and text share their font
is laid out, and written, as before (the 12 reference builds of `/work/bytes.sh` are
byte-identical).

The box tree is WeasyPrint's (`paging.page_box`): a marker box says `is_outside_marker`, a
line box has a `baseline` below its `position_y`. `tests/test_list_markers.py` builds lists
in each script and fails when a WeasyPrint release changes these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from publish.writers.pdf.paging import page_box

TOLERANCE = 0.01
"""How far (in CSS pixels) a marker may sit from its line's baseline and be left alone."""


def _first_baseline(box: Any) -> float | None:
    """Return the page position of the first in-flow line's baseline in BOX, if it has one."""
    if type(box).__name__ == "LineBox":
        return float(box.position_y + box.baseline)
    if type(box).__name__ in {"TableBox", "TableCaptionBox", "InlineReplacedBox"}:
        return None
    for child in getattr(box, "children", None) or ():
        if child.is_in_normal_flow():
            found = _first_baseline(child)
            if found is not None:
                return found
    return None


def _items_with_markers(box: Any) -> Iterator[tuple[Any, Any]]:
    """Yield each (item, outside marker) pair in the box tree under BOX."""
    children = getattr(box, "children", None) or ()
    for child in children:
        if getattr(child, "is_outside_marker", False):
            yield box, child
        else:
            yield from _items_with_markers(child)


def align_markers(pages: Iterable[Any]) -> int:
    """Move each outside list marker on PAGES (laid out) onto its item's first baseline.

    Return how many markers moved."""
    moved = 0
    for page in pages:
        for item, marker in _items_with_markers(page_box(page)):
            target = _first_baseline(item)
            own = _first_baseline(marker)
            if target is None or own is None or abs(target - own) <= TOLERANCE:
                continue
            marker.translate(dy=target - own)
            moved += 1
    return moved
