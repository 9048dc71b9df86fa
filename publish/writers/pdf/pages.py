"""Find where each laid-out PDF page starts in the text, for the EPUB's page list.

This reads WeasyPrint's box trees by their attributes (`children`, `text`, `element`,
`pseudo_type`), so it does not import WeasyPrint itself (only `writers/pdf.py` does).
For every element with an id it counts the visible characters printed so far, matched
against the element's own source text so that inserted hyphens and generated content
do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from publish.writers.pagemap import PageStart

_UNSEEN = re.compile(r"[\s\u00ad]+")
"""What a page does not show of a text: white space (`\\s` is what `str.isspace` finds,
character for character) and soft hyphens."""


def _visible(text: str) -> str:
    """Return TEXT without white space and soft hyphens (one search, not a test per character)."""
    return _UNSEEN.sub("", text)


class _Cursor:
    """How far the printed text has got through one element's source text."""

    def __init__(self, element: Any) -> None:
        self.source = _visible("".join(element.itertext()))
        self.position = 0

    def advance(self, printed: str) -> None:
        """Move past the characters of PRINTED found next in the source; skip the others."""
        if self.source.startswith(printed, self.position):  # printed as written: most text
            self.position += len(printed)
            return
        for ch in printed:
            if (
                self.position < len(self.source)
                and self.source[self.position].casefold() == ch.casefold()
            ):
                self.position += 1


def _leaves(box: Any, anchors: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield each text or replaced box with the id'd elements it lies in, innermost first."""
    if getattr(box, "pseudo_type", None) or type(box).__name__ == "MarginBox":
        return
    element = getattr(box, "element", None)
    if element is not None and element.get("id") and (not anchors or anchors[0] is not element):
        anchors = (element, *anchors)
    children = getattr(box, "children", None)
    if hasattr(box, "text") or (children is None and hasattr(box, "replacement")):
        yield box, anchors
        return
    for child in children or ():
        yield from _leaves(child, anchors)


def page_starts(page_boxes: Iterable[Any]) -> tuple[PageStart, ...]:
    """Return where each page of PAGE_BOXES (WeasyPrint page boxes, in order) starts."""
    cursors: dict[int, _Cursor] = {}
    starts: list[PageStart] = []
    previous: tuple[tuple[str, int], ...] = ()
    for number, page in enumerate(page_boxes, start=1):
        first: tuple[tuple[str, int], ...] | None = None
        for leaf, anchors in _leaves(page, ()):
            text = _visible(getattr(leaf, "text", "") or "")
            if first is None and (text or not hasattr(leaf, "text")):
                first = tuple(
                    (element.get("id"), _cursor(cursors, element).position) for element in anchors
                )
            for element in anchors:
                _cursor(cursors, element).advance(text)
        starts.append(PageStart(number, first if first is not None else previous))
        previous = first if first is not None else previous
    return tuple(starts)


def _cursor(cursors: dict[int, _Cursor], element: Any) -> _Cursor:
    key = id(element)
    if key not in cursors:
        cursors[key] = _Cursor(element)
    return cursors[key]
