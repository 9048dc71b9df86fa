"""Keep every source-note marker of the PDF on the same page as its note.

WeasyPrint floats each note (`.footnote`) to the foot of the page of its first marker, but
it may move notes already placed to the next page to fit one more line of a later block
(its way of honouring `orphans` and `widows`), and a marker repeated on a later page has no
note there at all. A later marker therefore carries a copy of its note in the HTML, which
`paging` lays out only on a page without that note; and this module reads each page as it
is laid out (by box attributes, as `pages` does, without importing WeasyPrint) and says
what to change before it is kept: a page break before the block that took a note's room,
or a copy printed where one was passed over. A break before a block goes before the
heading (any block kept with it) that ends the page above it (`break_lead`).
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


_AVOIDED = frozenset({"avoid", "avoid-page"})


def _keeps_with_next(box: Any, following: Any) -> bool:
    """Return whether a page break between the sibling boxes BOX and FOLLOWING is one their
    styles avoid: after a heading (`break-after: avoid` in WeasyPrint's own stylesheet and
    in ours), after any block marked so, or before one marked `break-before: avoid`."""
    return bool(box.style["break_after"] in _AVOIDED or following.style["break_before"] in _AVOIDED)


def break_lead(page: Any, earlier: Any, ident: str) -> Any:
    """Return the element a page break asked for before the block IDENT of the page tree
    PAGE goes before, so that the blocks kept with IDENT go on with it: the first of the
    run of blocks just before it on PAGE that keep with their next (`_keeps_with_next`: a
    heading, a run of headings), or IDENT's own element when there is no such run or when
    the run is all PAGE holds before IDENT (moving it would leave the page empty); None
    when IDENT is not on PAGE. A block begun on EARLIER (the page before) stays.
    """
    path = _path(page, ident)
    if path is None or len(path) < 2:
        return None
    siblings = path[-2].children
    at = next(number for number, box in enumerate(siblings) if box is path[-1])
    lead = at
    while lead > 0 and _keeps_with_next(siblings[lead - 1], siblings[lead]):
        lead -= 1
    if lead == 0 < at and earlier is not None and _holds(earlier, siblings[0].element):
        lead = 1
    first = all(
        upper.children[0] is lower for upper, lower in zip(path[:-2], path[1:-1], strict=True)
    )
    if lead == 0 and first:
        lead = at
    return siblings[lead].element


def _in_notes(box: Any) -> bool:
    return type(box).__name__ == "FootnoteAreaBox"


def _path(box: Any, ident: str) -> list[Any] | None:
    """Return the boxes from BOX down to the first box of the element IDENT, outside the
    page's footnote area."""
    if _in_notes(box):
        return None
    element = getattr(box, "element", None)
    if element is not None and element.get("id") == ident and not getattr(box, "pseudo_type", None):
        return [box]
    for child in getattr(box, "children", None) or ():
        found = _path(child, ident)
        if found is not None:
            return [box, *found]
    return None


def _holds(box: Any, element: Any) -> bool:
    """Return whether the box tree BOX has a box of ELEMENT (outside its footnote area)."""
    if _in_notes(box):
        return False
    if getattr(box, "element", None) is element:
        return True
    return any(_holds(child, element) for child in getattr(box, "children", None) or ())


@dataclass(frozen=True)
class BreakBefore:
    """Start a new page before the block whose element has this id (or, given ITEM, before
    that list's item of this index, from 0)."""

    ident: str
    item: int | None = None


@dataclass(frozen=True)
class PrintNote:
    """Lay out the note whose element has this id (a copy held back until asked for)."""

    ident: str


Change = BreakBefore | PrintNote


@dataclass(frozen=True)
class NoteFixes:
    """The markers after the first of their note that carry a copy of the note in the HTML."""

    repeats: frozenset[str] = frozenset()


def later_markers(html: str) -> frozenset[str]:
    """Return the ids of the markers of HTML that are not the first of their note."""
    return frozenset(
        found.group(1)
        for found in re.finditer(r'id="(noteref-\d+-(\d+))"', html)
        if found.group(2) != "1"
    )


def copied_note(ref: str) -> str:
    """Return the id of the note the later marker REF points to ("note-N")."""
    return f"note-{_note_number(ref)}"


def copy_id(ref: str) -> str:
    """Return the id of the copy of a note printed at the later marker REF ("note-N-K")."""
    return "note-" + ref.removeprefix("noteref-")


BREAKS_A_PAGE = 3
"""The most blocks one page moves on for its notes (a note that does not fit even then, say
one longer than a page, stays where WeasyPrint put it rather than empty the page)."""


class PageReview:
    """Say, page by page as they are laid out, what puts each marker's note on its page.

    Called with each page as it is made (and made again), it returns what to change before
    the page is kept. A marker whose note went on to a later page (WeasyPrint took the
    note's room for one more line of a later block, for its `orphans` and `widows`) moves
    the last block begun on the page to the next page (with the heading before it:
    `paging.reviewing_pages` keeps a heading with its block); of a list, its last item on
    the page, then the one before, down to the whole list. A later marker on a page
    without its note (its copy was passed over while the note was on the page, then the
    note moved on) has its copy printed, one copy a page. Pages already kept are never
    changed.
    """

    def __init__(self, copies: frozenset[str]) -> None:
        self.held = set(copies)
        """Ids of the note copies in the HTML not asked for yet."""
        self.kept: dict[int, list[str]] = {}
        """The body blocks of each page, as it was last made."""
        self.breaks: set[str] = set()
        self.broken: dict[int, int] = {}
        """How many blocks each page has moved on."""

    def __call__(self, index: int, page: Any) -> tuple[Change, ...]:
        found = placement([page])
        self.kept[index] = found.blocks[0]
        earlier = {
            block for number, blocks in self.kept.items() if number < index for block in blocks
        }
        changes: list[Change] = []
        copied: set[int] = set()
        for ref in found.misplaced():
            number = _note_number(ref)
            if copy_id(ref) in self.held and number not in copied:
                self.held.discard(copy_id(ref))
                copied.add(number)
                changes.append(PrintNote(copy_id(ref)))
            elif number not in copied and not changes:
                begun = [b for b in found.blocks[0] if b not in earlier and b not in self.breaks]
                if begun and self.broken.get(index, 0) < BREAKS_A_PAGE:
                    self.broken[index] = self.broken.get(index, 0) + 1
                    last = _last_item(page, begun[-1])
                    if last:
                        return (BreakBefore(begun[-1], last),)
                    self.breaks.add(begun[-1])
                    return (BreakBefore(begun[-1]),)
        return tuple(changes)


def _last_item(page: Any, ident: str) -> int:
    """Return the index of the last item on PAGE of the list IDENT, begun on PAGE: a list
    moves on an item at a time, or a long list moved whole would leave its page half empty;
    0 for a list with only its first item there, or a block that is not a list."""
    path = _path(page, ident)
    if path is None:
        return 0
    items = [
        child
        for child in path[-1].children
        if getattr(getattr(child, "element", None), "tag", None) == "li"
        and not getattr(child, "pseudo_type", None)
    ]
    return max(len(items) - 1, 0)
