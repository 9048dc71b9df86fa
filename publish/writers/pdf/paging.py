"""The one place that reaches into WeasyPrint's layout: a page's box tree, and its page loop.

WeasyPrint's public API gives a laid-out `Page` its size, anchors and links, not the boxes
on it; and it lays out a whole document at once. Reading which notes and blocks a page holds
needs the boxes (`page_box`), and placing each source note on its marker's page in one
layout needs a word after each page is made (`reviewing_pages`): WeasyPrint makes page N
with `weasyprint.layout.page.remake_page` from the state it stored when page N-1 ended, so
page N can be made again, with a change, before page N+1 is begun, and the pages before it
stay as they were. WeasyPrint lays out every note of a page again each time it adds one
(`_update_footnote_area`, to measure the area); `_block_level_layout` keeps each plain
note's layout there, by everything it depends on, so a page with n notes lays each out
about once, not n times; the page's own footnote area, laid out last (`_page_layout`), takes
each kept layout it can (once: its boxes then belong to the page) instead of a second one.
The heights, and so the bytes, are the same. These are
WeasyPrint's private names, used nowhere else in `publish`; `tests/test_paging.py` fails
loudly when a WeasyPrint release changes them, and pyproject.toml pins the versions they
are known to hold in.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import publish.writers.pdf.libraries  # noqa: F401  (WeasyPrint opened quickly: see there)

# isort: split
import weasyprint.layout as _layout
import weasyprint.layout.block as _layout_block
import weasyprint.layout.page as _layout_page
from weasyprint.formatting_structure import boxes as _boxes

from publish.writers.pdf.notes import Change, PrintNote, break_lead


def page_box(page: Any) -> Any:
    """Return the laid-out box tree of PAGE (a `weasyprint.Page`)."""
    return page._page_box


Review = Callable[[int, Any], tuple[Change, ...]]
"""Given a page's index (from 0) and its box tree, what to change before it is kept."""

TRIES = 24
"""The most times one page is made again; a page still not right after that is kept."""


@dataclass
class _Loop:
    review: Review
    copies: Mapping[str, str]
    """Ids of the held note copies, each with the id of the note it copies."""
    asked: set[str] = field(default_factory=set)
    """The copies a `PrintNote` asked for: laid out where their marker is, whatever else."""
    printed: dict[int, set[str]] = field(default_factory=dict)
    """The copies each page printed, as it was last made."""
    made: int = 0
    """Pages made, counting every page made again."""
    pages: dict[int, Any] = field(default_factory=dict)
    """The box tree of each page, as it was last made."""


_ACTIVE: ContextVar[_Loop | None] = ContextVar("publish_page_review", default=None)
_ORIGINAL = _layout_page.remake_page


@dataclass(frozen=True)
class Reviewed:
    """What the layouts under `reviewing_pages` did."""

    loop: _Loop

    @property
    def made(self) -> int:
        """Return how many pages were made, counting each page made again."""
        return self.loop.made

    @property
    def unprinted(self) -> frozenset[str]:
        """Return the ids of the held copies no page printed."""
        printed = set().union(*self.loop.printed.values())
        return frozenset(self.loop.copies) - printed


@contextmanager
def reviewing_pages(review: Review, copies: Mapping[str, str] | None = None) -> Iterator[Reviewed]:
    """Within this block, show every page WeasyPrint makes to REVIEW before it is kept.

    The changes REVIEW returns are made and the page made again from where it began, up to
    `TRIES` times; the pages before it are not touched. A page break asked for before a
    block goes before the blocks on its page kept with it (a heading, a run of headings, a
    block marked `break-after: avoid`), so none is left at the foot of the page, unless
    they are all the page holds before it (`notes.break_lead`). COPIES maps the ids of
    note copies to the id of the note each copies: a copy is laid out (at its marker, as
    any note) only on a page that does not hold its note yet, unless a `PrintNote` asks
    for it.
    """
    loop = _Loop(review, dict(copies or {}))
    token = _ACTIVE.set(loop)
    try:
        yield Reviewed(loop)
    finally:
        _ACTIVE.reset(token)


class _Waitlist(list[Any]):
    """WeasyPrint's list of the notes still to lay out, where a held copy is listed only
    while the page being made does not hold the note it copies."""

    def __init__(self, notes: Any, context: Any, loop: _Loop) -> None:
        super().__init__(notes)
        self.context = context
        self.loop = loop

    def __contains__(self, note: object) -> bool:
        if not super().__contains__(note):
            return False
        ident = _ident(note)
        original = self.loop.copies.get(ident or "")
        if original is None or ident in self.loop.asked:
            return True
        on_page = (_ident(placed) for placed in self.context.current_page_footnotes)
        return all(self.loop.copies.get(other or "", other) != original for other in on_page)

    def append(self, note: Any) -> None:
        if not super().__contains__(note):  # WeasyPrint gives back a note never taken
            super().append(note)


def _remake_page(index: int, context: Any, root_box: Any, html: Any) -> Any:
    loop = _ACTIVE.get()
    if loop is None:
        return _ORIGINAL(index, context, root_box, html)
    if loop.copies and not isinstance(context.footnotes, _Waitlist):
        context.footnotes = _Waitlist(context.footnotes, context, loop)
    state = _State.of(context)
    for _ in range(TRIES):
        made = _ORIGINAL(index, context, root_box, html)
        loop.made += 1
        loop.pages[index] = made[0]
        on_page = {_ident(note) for note in context.current_page_footnotes}
        loop.printed[index] = {ident for ident in loop.copies if ident in on_page}
        changes = loop.review(index, made[0])
        changed = [_apply(change, root_box, loop, index) for change in changes]
        if not any(changed):
            return made
        state.restore(context)
    return made


def drop_unprinted(pages: Any, reviewed: Reviewed) -> None:
    """Take out of the laid-out PAGES what is left of the notes no page asked for.

    A held note's call (an empty inline box where its marker is) would otherwise add an
    empty element to the PDF's tag tree.
    """
    unprinted = reviewed.unprinted
    if unprinted:
        for page in pages:
            _drop(page_box(page), unprinted)


def _drop(box: Any, idents: frozenset[str]) -> None:
    children = getattr(box, "children", None)
    if not children:
        return
    kept = [child for child in children if _ident(child) not in idents]
    if len(kept) != len(children):
        box.children = kept
    for child in kept:
        _drop(child, idents)


def _ident(box: Any) -> str | None:
    element = getattr(box, "element", None)
    return None if element is None else element.get("id")


def _apply(change: Change, root_box: Any, loop: _Loop, index: int) -> bool:
    """Make CHANGE to what page INDEX is made from; return whether anything changed."""
    if isinstance(change, PrintNote):
        if change.ident not in loop.copies or change.ident in loop.asked:
            return False
        loop.asked.add(change.ident)
        return True
    if change.item is not None:
        return _break_before_item(change.ident, change.item, root_box)
    lead = break_lead(loop.pages[index], loop.pages.get(index - 1), change.ident)
    for box in root_box.descendants():
        if getattr(box, "pseudo_type", None):
            continue
        if (_ident(box) == change.ident) if lead is None else (box.element is lead):
            if box.style["break_before"] == "page":
                return False
            box.style["break_before"] = "page"
            return True
    return False


def _break_before_item(ident: str, item: int, root_box: Any) -> bool:
    """Start a new page before item ITEM (from 0) of the list whose element has id IDENT."""
    boxes = (box for box in root_box.descendants() if not getattr(box, "pseudo_type", None))
    listed = next((box.element for box in boxes if _ident(box) == ident), None)
    items = [child for child in listed if child.tag == "li"] if listed is not None else []
    if item >= len(items):
        return False
    for box in boxes:
        if box.element is items[item]:
            if box.style["break_before"] == "page":
                return False
            box.style = box.style.copy()  # the items of a list share one computed style
            box.style["break_before"] = "page"
            return True
    return False


@dataclass
class _State:
    """What making one page changes in WeasyPrint's layout context, as it was before."""

    footnotes: list[Any]
    reported_footnotes: list[Any]
    broken_out_of_flow: dict[Any, Any]
    string_set: Any
    rendered_notes: int

    @classmethod
    def of(cls, context: Any) -> _State:
        return cls(
            list(context.footnotes),
            list(context.reported_footnotes),
            dict(context.broken_out_of_flow),
            copy.deepcopy(context.string_set),
            len(context.rendered_notes or ()),
        )

    def restore(self, context: Any) -> None:
        list.__init__(context.footnotes, self.footnotes)
        context.reported_footnotes = list(self.reported_footnotes)
        context.broken_out_of_flow = dict(self.broken_out_of_flow)
        context.string_set = copy.deepcopy(self.string_set)
        if context.rendered_notes is not None:
            del context.rendered_notes[self.rendered_notes :]


_layout_page.remake_page = _remake_page


_ORIGINAL_AREA = _layout.LayoutContext._update_footnote_area
_ORIGINAL_BLOCK = _layout_block.block_level_layout
_ORIGINAL_PAGE_BLOCK = _layout_page.block_level_layout
_PAGE_ORIGINALS = {"remake_page": _ORIGINAL, "block_level_layout": _ORIGINAL_PAGE_BLOCK}
_PLAIN = (_boxes.BlockBox, _boxes.LineBox, _boxes.InlineBox, _boxes.TextBox, _boxes.InlineBlockBox)
"""The boxes a note may be made of for its measured layout to be kept (no float, table,
image, positioned or running box, no note within it: nothing whose layout reads or changes
the page around it)."""


def _measure_area(context: Any) -> Any:
    """WeasyPrint's `_update_footnote_area`, with each note's layout kept for the page."""
    context.publish_measuring = True
    try:
        return _ORIGINAL_AREA(context)
    finally:
        context.publish_measuring = False


def _page_layout(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
    """`block_level_layout` as `make_page` calls it: the page's footnote area, laid out once
    its notes are known, takes the notes' layouts kept while they were measured.

    A kept layout is handed out once here and forgotten (`_block_level_layout`): the page
    moves its area's boxes into place, so they may never be measured again."""
    if type(box) is not _boxes.FootnoteAreaBox:
        return _ORIGINAL_PAGE_BLOCK(context, box, *args, **kwargs)
    context.publish_measuring = context.publish_final = True
    try:
        return _ORIGINAL_PAGE_BLOCK(context, box, *args, **kwargs)
    finally:
        context.publish_measuring = context.publish_final = False


def _plain(box: Any) -> bool:
    """Return whether the note BOX (not laid out) holds only plain text boxes."""
    for part in box.descendants():
        style = part.style
        if (
            type(part) not in _PLAIN
            or part.footnote is not None
            or style["float"] != "none"
            or style["position"] != "static"
        ):
            return False
    return True


def _block_level_layout(
    context: Any,
    box: Any,
    bottom_space: Any,
    skip_stack: Any,
    containing_block: Any,
    page_is_empty: bool = True,
    absolute_boxes: Any = None,
    fixed_boxes: Any = None,
    adjoining_margins: Any = None,
    first_letter_style: Any = None,
    first_line_style: Any = None,
    discard: bool = False,
    max_lines: Any = None,
) -> Any:
    args = (
        context,
        box,
        bottom_space,
        skip_stack,
        containing_block,
        page_is_empty,
        absolute_boxes,
        fixed_boxes,
        adjoining_margins,
        first_letter_style,
        first_line_style,
        discard,
        max_lines,
    )
    if not (
        getattr(context, "publish_measuring", False)
        and type(containing_block) is _boxes.FootnoteAreaBox
        and skip_stack is None
        and first_letter_style is None
        and first_line_style is None
    ):
        return _ORIGINAL_BLOCK(*args)
    memo = context.__dict__.setdefault("publish_notes", {})
    plain = memo.get((box.element, id(box.style)))
    if plain is None:
        plain = memo[box.element, id(box.style)] = _plain(box)
    if not plain:
        return _ORIGINAL_BLOCK(*args)
    key = (
        box.element,
        box.element_tag,
        id(box.style),
        box.position_x,
        box.position_y,
        containing_block.width,
        containing_block.height,
        id(containing_block.style),
        bottom_space,
        page_is_empty,
        tuple(adjoining_margins or ()),
        discard,
        max_lines,
        context.current_page,
        context.forced_break,
        context.in_column,
        tuple(
            (shape.position_x, shape.position_y, shape.margin_width(), shape.margin_height())
            for shape in context.excluded_shapes
        ),
    )
    if getattr(context, "publish_final", False):  # the page's own area: its boxes stay
        return memo.pop(key, None) or _ORIGINAL_BLOCK(*args)
    found = memo.get(key)
    if found is None:
        found = _ORIGINAL_BLOCK(*args)
        if found[1] is not None:  # broken across pages: never kept
            return found
        memo[key] = found
    new_box, resume_at, next_page, margins, through, lines = found
    return new_box, resume_at, dict(next_page), list(margins), through, lines


_layout.LayoutContext._update_footnote_area = _measure_area
_layout_block.block_level_layout = _block_level_layout
_layout_page.block_level_layout = _page_layout


@contextmanager
def weasyprints_own() -> Iterator[None]:
    """Within this block, WeasyPrint lays out as it does alone: without the kept note
    layouts and without the page review (benchmarks/bare.py's floor, and tests)."""
    patched = [(_layout.LayoutContext, "_update_footnote_area", _ORIGINAL_AREA)]
    patched += [(_layout_block, "block_level_layout", _ORIGINAL_BLOCK)]
    patched += [(_layout_page, n, o) for n, o in _PAGE_ORIGINALS.items()]
    saved = [getattr(owner, name) for owner, name, _ in patched]
    for owner, name, original in patched:
        setattr(owner, name, original)
    try:
        yield
    finally:
        for (owner, name, _), mine in zip(patched, saved, strict=True):
            setattr(owner, name, mine)
