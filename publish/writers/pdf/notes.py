"""Check that every source-note marker of a laid-out PDF has its note on the same page.

WeasyPrint floats each note (`.footnote`) to the foot of the page of its first marker, but
it may move notes already placed to the next page to fit one more line of a later block
(its way of honouring `orphans` and `widows`), and a marker repeated on a later page has no
note there at all. This module reads the laid-out pages (by box attributes, as
`pdfpages` does, without importing WeasyPrint) and says what to change so that each marker's
note prints on its marker's page: a page break before the block that took the note's room,
and a copy of the note at a repeated marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

_MARKER = re.compile(r"noteref-(\d+)-(\d+)")
_NOTE = re.compile(r"note-(\d+)(?:-(\d+))?")


@dataclass
class NotePlacement:
    """Where markers and notes were laid out: pages counted from 0."""

    markers: dict[str, int] = field(default_factory=dict)  # "noteref-N-K" -> page
    notes: dict[int, set[int]] = field(default_factory=dict)  # N -> pages it prints on
    blocks: list[list[str]] = field(default_factory=list)  # per page, top-level block ids

    def misplaced(self) -> list[str]:
        """Return the markers whose note is not on the marker's page, in page order."""
        return [
            ref
            for ref, page in sorted(self.markers.items(), key=lambda item: item[1])
            if page not in self.notes.get(_note_number(ref), set())
        ]


def _note_number(ref: str) -> int:
    """Return N of the marker id "noteref-N-K"."""
    found = _MARKER.fullmatch(ref)
    if found is None:
        raise ValueError(f"not a marker id: {ref!r}")
    return int(found.group(1))


def _elements(box: Any) -> Iterator[tuple[Any, bool]]:
    """Yield every element that has a box in the page tree BOX, once, in tree order, and
    whether that box is in the page's footnote area."""
    seen: set[tuple[int, bool]] = set()

    def walk(node: Any, in_notes: bool) -> Iterator[tuple[Any, bool]]:
        in_notes = in_notes or type(node).__name__ == "FootnoteAreaBox"
        element = getattr(node, "element", None)
        if (
            element is not None
            and (id(element), in_notes) not in seen
            and not getattr(node, "pseudo_type", None)
        ):
            seen.add((id(element), in_notes))
            yield element, in_notes
        for child in getattr(node, "children", None) or ():
            yield from walk(child, in_notes)

    yield from walk(box, False)


def placement(page_boxes: Iterable[Any]) -> NotePlacement:
    """Return where the markers, notes and id'd body blocks of PAGE_BOXES lie.

    A note prints on a page when its box is in that page's footnote area: a note WeasyPrint
    moved to a later page also leaves an empty box in the line of its marker."""
    found = NotePlacement()
    for number, page in enumerate(page_boxes):
        blocks: list[str] = []
        for element, in_notes in _elements(page):
            ident = element.get("id") or ""
            classes = (element.get("class") or "").split()
            if "noteref" in classes and _MARKER.fullmatch(ident):
                found.markers.setdefault(ident, number)
            elif "footnote" in classes and (match := _NOTE.fullmatch(ident)):
                if in_notes:
                    found.notes.setdefault(int(match.group(1)), set()).add(number)
            elif re.fullmatch(r"b\d+", ident) and not in_notes:
                blocks.append(ident)
        found.blocks.append(blocks)
    return found


@dataclass(frozen=True)
class NoteFixes:
    """What the next layout changes: blocks that start a page, markers that repeat a note."""

    breaks: frozenset[str] = frozenset()
    repeats: frozenset[str] = frozenset()

    @property
    def css(self) -> str:
        """Return the style sheet that forces the page breaks."""
        return "".join(f"#{ident} {{ break-before: page; }}\n" for ident in sorted(self.breaks))

    def __bool__(self) -> bool:
        return bool(self.breaks or self.repeats)


def fixes(found: NotePlacement, previous: NoteFixes) -> NoteFixes:
    """Return PREVIOUS plus what moves each misplaced note onto its marker's page.

    A first marker whose note went to a later page: the block that ends its page (the one
    whose extra line took the note's room) starts the next page instead. A later marker on
    a page without its note: the note is printed again there.
    """
    breaks, repeats = set(previous.breaks), set(previous.repeats)
    repeated: set[tuple[str, int]] = set()
    for ref in found.misplaced():
        match = _MARKER.fullmatch(ref)
        assert match is not None
        page = found.markers[ref]
        if match.group(2) != "1" or ref in repeats:
            if (match.group(1), page) not in repeated:  # one copy per page is enough
                repeated.add((match.group(1), page))
                repeats.add(ref)
            continue
        # The last block begun on the marker's page took the room; break before it.
        blocks = found.blocks[page] if page < len(found.blocks) else []
        candidates = [block for block in blocks if block not in breaks]
        if candidates:
            breaks.add(candidates[-1])
        else:
            repeats.add(ref)
    return NoteFixes(frozenset(breaks), frozenset(repeats))
