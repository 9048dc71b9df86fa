"""WeasyPrint's private layout names that publish/writers/pdf/paging.py relies on.

These fail loudly, naming what changed, when a WeasyPrint release moves them: a `Page`'s box
tree, the page loop's `remake_page` and the layout context's footnote state. They also check
what the page review does with them: a page made again with a change, the pages before it
untouched, a held note printed only when asked for.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import pytest
import weasyprint
import weasyprint.layout.page as layout_page

from publish.writers.pdf import paging
from publish.writers.pdf.notes import (
    BreakBefore,
    Change,
    PageReview,
    PrintNote,
    copied_note,
    copy_id,
    later_markers,
)
from publish.writers.pdf.pages import page_starts

CSS = """
@page { size: 300px 300px; margin: 20px; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10px; line-height: 14px; margin: 0; }
p { margin: 0 0 6px; orphans: 1; widows: 1; }
.footnote { float: footnote; footnote-display: block; footnote-policy: line; }
.footnote::footnote-call, .footnote::footnote-marker { content: none; }
"""

WORDS = "The ferry crossed at dawn and the harbour master counted the crates twice. "


def _html(paragraphs: int, notes: dict[int, str] | None = None) -> str:
    notes = notes or {}
    body = "".join(
        f'<p id="b{n}">{WORDS * 2}'
        + (
            f'<span class="footnote" id="{notes[n]}">Note of paragraph {n}.</span>'
            if n in notes
            else ""
        )
        + "</p>"
        for n in range(1, paragraphs + 1)
    )
    return f'<html lang="en"><body>{body}</body></html>'


def _render(html: str) -> Any:
    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=CSS)])


def _ids(box: Any, found: list[str]) -> list[str]:
    element = getattr(box, "element", None)
    if element is not None and element.get("id") and element.get("id") not in found:
        found.append(element.get("id"))
    for child in getattr(box, "children", None) or ():
        _ids(child, found)
    return found


def test_weasyprint_is_the_pinned_version() -> None:
    assert version("weasyprint").split(".")[0] == "70", (
        "paging.py was checked against WeasyPrint 70; check its private names against this "
        "release, then widen the pin in pyproject.toml"
    )


def test_a_page_still_holds_its_box_tree() -> None:
    document = _render(_html(3))
    box = paging.page_box(document.pages[0])
    assert type(box).__name__ == "PageBox", "weasyprint.Page._page_box is gone or changed"
    assert {"b1", "b2", "b3"} <= set(_ids(box, []))
    assert page_starts([box])[0].number == 1


def test_the_page_loop_still_goes_through_remake_page() -> None:
    assert layout_page.remake_page is paging._remake_page, "paging's hook is not installed"
    context_names = ("footnotes", "reported_footnotes", "broken_out_of_flow", "string_set")
    seen: list[int] = []

    def review(index: int, page: Any) -> tuple[Change, ...]:
        seen.append(index)
        assert type(page).__name__ == "PageBox"
        return ()

    original = paging._ORIGINAL

    def spy(index: int, context: Any, root_box: Any, html: Any) -> Any:
        missing = [name for name in context_names if not hasattr(context, name)]
        assert not missing, f"WeasyPrint's LayoutContext no longer has {missing}"
        return original(index, context, root_box, html)

    paging._ORIGINAL = spy
    try:
        with paging.reviewing_pages(review) as reviewed:
            document = _render(_html(12))
    finally:
        paging._ORIGINAL = original
    assert len(document.pages) >= 3
    assert seen == list(range(len(document.pages))), "make_all_pages no longer calls remake_page"
    assert reviewed.made == len(document.pages)


def test_a_break_asked_for_remakes_that_page_only() -> None:
    plain = _render(_html(12))
    first = _ids(paging.page_box(plain.pages[0]), [])
    second = _ids(paging.page_box(plain.pages[1]), [])
    target = second[-1]  # begun on page 2, not its first block
    earlier = second[-2]
    assert target not in first and earlier != target

    def review(index: int, page: Any) -> tuple[Change, ...]:
        return (BreakBefore(target),) if index == 1 and target in _ids(page, []) else ()

    with paging.reviewing_pages(review) as reviewed:
        moved = _render(_html(12))
    assert _ids(paging.page_box(moved.pages[0]), []) == first  # the page before: unchanged
    assert target not in _ids(paging.page_box(moved.pages[1]), [])
    assert earlier in _ids(paging.page_box(moved.pages[1]), [])
    assert _ids(paging.page_box(moved.pages[2]), [])[0] == target
    assert reviewed.made == len(moved.pages) + 1


def _printed_notes(document: Any) -> list[set[str]]:
    found = []
    for page in document.pages:
        box = paging.page_box(page)
        areas = [child for child in box.children if type(child).__name__ == "FootnoteAreaBox"]
        found.append({ident for area in areas for ident in _ids(area, [])})
    return found


@pytest.mark.parametrize("asked", [False, True])
def test_a_copy_prints_only_on_a_page_without_its_note(asked: bool) -> None:
    html = _html(12, {1: "note-1", 2: "note-1-2", 11: "note-1-3"})
    copies = {"note-1-2": "note-1", "note-1-3": "note-1"}

    def review(index: int, page: Any) -> tuple[Change, ...]:
        return (PrintNote("note-1-2"),) if asked and index == 0 else ()

    with paging.reviewing_pages(review, copies) as reviewed:
        document = _render(html)
    printed = _printed_notes(document)
    assert len(printed) >= 3 and "b11" not in _ids(paging.page_box(document.pages[0]), [])
    assert printed[0] == ({"note-1", "note-1-2"} if asked else {"note-1"})
    assert "note-1-3" in set().union(*printed[1:])  # a later page, without note 1 till then
    assert reviewed.unprinted == (frozenset() if asked else frozenset({"note-1-2"}))
    paging.drop_unprinted(document.pages, reviewed)
    everywhere = {ident for page in document.pages for ident in _ids(paging.page_box(page), [])}
    assert ("note-1-2" in everywhere) is asked  # an unprinted copy leaves no empty call box


def test_without_a_review_the_loop_is_weasyprints_own() -> None:
    assert paging._ACTIVE.get() is None
    plain = _render(_html(12))
    assert [len(_ids(paging.page_box(page), [])) for page in plain.pages]


class _Element(dict[str, str]):
    """An element as the page review reads it: `get("id")`, `get("class")`."""


class _Box:
    def __init__(self, ident: str, classes: str = "", children: tuple[Any, ...] = ()) -> None:
        self.element = _Element(id=ident, **{"class": classes})
        self.children = list(children)


class FootnoteAreaBox:
    def __init__(self, *children: Any) -> None:
        self.children = list(children)


def _page(*children: Any) -> Any:
    return type("PageBox", (), {"children": list(children), "element": None})()


def test_the_review_moves_on_the_last_block_begun_on_a_page_that_lost_a_note() -> None:
    review = PageReview(frozenset({"note-1-2"}))
    marker = _Box("noteref-1-1", "noteref")
    assert review(0, _page(_Box("b1"), _Box("b2"))) == ()
    lost = _page(_Box("b2"), _Box("b3", children=(marker,)), _Box("b4"), _Box("b5"))
    assert review(1, lost) == (BreakBefore("b5"),)
    assert review(1, lost) == (BreakBefore("b4"),)  # the same page made again, still wrong
    assert review(1, _page(_Box("b2"), _Box("b3", children=(marker,)))) == (BreakBefore("b3"),)
    crowded = _page(_Box("b2"), _Box("b3", children=(marker,)), _Box("b6"))
    assert review(1, crowded) == ()  # three blocks moved on already: the page keeps the rest
    assert PageReview(frozenset())(1, _page(_Box("b2"), marker)) == (BreakBefore("b2"),)
    review = PageReview(frozenset())
    review(0, _page(_Box("b1"), _Box("b2")))
    assert review(1, _page(_Box("b2"), marker)) == ()  # only b2, begun on page 0: nothing to move
    kept = _page(_Box("b3", children=(marker,)), FootnoteAreaBox(_Box("note-1", "footnote")))
    assert review(2, kept) == ()


def test_the_review_prints_a_copy_passed_over_once_a_page() -> None:
    review = PageReview(frozenset({"note-1-2", "note-1-3"}))
    page = _page(
        _Box("b7", children=(_Box("noteref-1-2", "noteref"), _Box("noteref-1-3", "noteref")))
    )
    assert review(4, page) == (PrintNote("note-1-2"),)


def test_later_markers_are_read_from_the_markers_ids() -> None:
    html = (
        '<a class="noteref" id="noteref-1-1" href="#note-1">1</a>'
        '<a class="noteref" id="noteref-1-2" href="#note-1">1</a>'
        '<a class="noteref" id="noteref-12-3" href="#note-12">12</a> text about noteref-4-2'
    )
    assert later_markers(html) == {"noteref-1-2", "noteref-12-3"}
    assert copy_id("noteref-12-3") == "note-12-3" and copied_note("noteref-12-3") == "note-12"


def test_a_notes_measured_layout_is_kept_and_the_pdf_is_the_same(monkeypatch: Any) -> None:
    import weasyprint.layout as layout
    import weasyprint.layout.block as layout_block

    assert layout.LayoutContext._update_footnote_area is paging._measure_area
    assert layout_block.block_level_layout is paging._block_level_layout
    notes = {n: f"note-{n}" for n in range(1, 13)}
    html = _html(12, notes)
    calls: list[int] = []
    original = paging._ORIGINAL_BLOCK

    def counted(*args: Any) -> Any:
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(paging, "_ORIGINAL_BLOCK", counted)
    kept = _render(html).write_pdf()
    laid_out = len(calls)
    calls.clear()
    monkeypatch.setattr(paging, "_ORIGINAL_BLOCK", original)
    with paging.weasyprints_own():
        layout_block.block_level_layout = counted  # WeasyPrint's own, counted
        assert _render(html).write_pdf() == kept  # the same bytes without the kept layouts
    assert layout_block.block_level_layout is paging._block_level_layout
    assert laid_out < len(calls)  # and fewer notes laid out with them


def test_each_pages_footnote_area_takes_its_notes_measured_layouts(monkeypatch: Any) -> None:
    import weasyprint.layout.page as layout_page

    assert layout_page.block_level_layout is paging._page_layout
    notes = {n: f"note-{n}" for n in range(1, 13)}
    html = _html(12, notes)
    again: list[str] = []  # notes laid out anew for a page's own area
    original = paging._ORIGINAL_BLOCK

    def counted(*args: Any) -> Any:
        if getattr(args[0], "publish_final", False):
            again.append(args[1].element.get("id"))
        return original(*args)

    monkeypatch.setattr(paging, "_ORIGINAL_BLOCK", counted)
    document = _render(html)
    assert len(document.pages) > 1 and again == []  # every note's layout was measured, kept
    monkeypatch.setattr(paging, "_ORIGINAL_BLOCK", original)
    with paging.weasyprints_own():
        assert layout_page.block_level_layout is paging._ORIGINAL_PAGE_BLOCK
        assert _render(html).write_pdf() == document.write_pdf()  # and placed the same
    assert layout_page.block_level_layout is paging._page_layout


def _page_ids(document: Any) -> list[list[str]]:
    return [_ids(paging.page_box(page), []) for page in document.pages]


def _pushed(html: str, index: int, target: str) -> list[list[str]]:
    """Lay out HTML with a page break asked for before TARGET on page INDEX; the ids of
    each page."""

    def review(number: int, page: Any) -> tuple[Change, ...]:
        return (BreakBefore(target),) if number == index and target in _ids(page, []) else ()

    with paging.reviewing_pages(review):
        return _page_ids(_render(html))


def _body(*blocks: str) -> str:
    return f'<html lang="en"><body>{"".join(blocks)}</body></html>'


def _p(ident: str, words: str = WORDS * 2, style: str = "") -> str:
    return f'<p id="{ident}" style="{style}">{words}</p>'


@pytest.mark.parametrize(
    ("run", "moved"),
    [
        ('<h2 id="ha">The quay</h2><h3 id="hb">Its gates</h3>', ["ha", "hb"]),  # headings
        (_p("b3", "A short line.", "break-after: avoid"), ["b3"]),  # a block marked so
        (
            '<h2 id="ha">The quay</h2>' + _p("b3", "A short line.", "break-after: avoid"),
            ["ha", "b3"],
        ),
    ],
)
def test_a_block_moved_on_takes_the_blocks_kept_with_it(run: str, moved: list[str]) -> None:
    html = _body(_p("b1"), _p("b2"), run, _p("b4"), *(_p(f"b{n}") for n in range(5, 9)))
    plain = _page_ids(_render(html))
    assert {*moved, "b4"} <= set(plain[0])  # all begun on the first page
    pages = _pushed(html, 0, "b4")
    assert not {*moved, "b4"} & set(pages[0]) and pages[0][-1] == "b2"
    assert pages[1][: len(moved) + 1] == [*moved, "b4"]


def test_a_block_before_one_that_avoids_a_break_before_it_moves_with_it() -> None:
    html = _body(_p("b1"), _p("b2"), _p("b3"), _p("b4", style="break-before: avoid"), _p("b5"))
    assert "b4" in _page_ids(_render(html))[0]
    pages = _pushed(html, 0, "b4")
    assert pages[0][-1] == "b2" and pages[1][:2] == ["b3", "b4"]


def test_a_heading_alone_before_the_block_stays_rather_than_empty_its_page() -> None:
    html = _body(
        _p("b1"),
        '<h2 id="ha" style="break-before: page">The quay</h2>',
        _p("b2"),
        *(_p(f"b{n}") for n in range(3, 9)),
    )
    assert _page_ids(_render(html))[1][:2] == ["ha", "b2"]
    pages = _pushed(html, 1, "b2")
    assert pages[1] == ["ha"] and pages[2][0] == "b2"  # the page keeps its heading


def test_a_block_begun_on_the_page_before_stays_but_a_heading_after_it_moves() -> None:
    long = WORDS * 12  # more than a page: begun on page 0, ended on page 1
    html = _body(_p("b1", long, "break-after: avoid"), '<h2 id="ha">The quay</h2>', _p("b2"))
    html = html.replace("</body>", "".join(_p(f"b{n}") for n in range(3, 9)) + "</body>")
    plain = _page_ids(_render(html))
    assert "b1" in plain[0] and plain[1][:3] == ["b1", "ha", "b2"]
    pages = _pushed(html, 1, "b2")
    assert pages[1] == ["b1"] and pages[2][:2] == ["ha", "b2"]


class _Li(_Element):
    tag = "li"


def _item(*children: Any) -> Any:
    box = _Box("")
    box.element = _Li(id="")
    box.children = list(children)
    return box


def test_the_review_moves_on_a_list_an_item_at_a_time() -> None:
    """A long list moved whole would leave its page mostly empty: its last item goes first."""
    marker = _Box("noteref-1-1", "noteref")
    review = PageReview(frozenset())
    review(0, _page(_Box("b1")))
    listed = _Box("b3", children=(_item(marker), _item(), _item()))
    assert review(1, _page(_Box("b2"), listed)) == (BreakBefore("b3", 2),)
    listed = _Box("b3", children=(_item(marker), _item()))
    assert review(1, _page(_Box("b2"), listed)) == (BreakBefore("b3", 1),)
    listed = _Box("b3", children=(_item(marker),))
    assert review(1, _page(_Box("b2"), listed)) == (BreakBefore("b3"),)  # then the whole list


def test_a_list_item_moved_on_takes_only_itself_and_the_items_after_it() -> None:
    items = "".join(f"<li>Crates counted on quay {n}.</li>" for n in range(5))
    html = _body(_p("b1"), _p("b2"), f'<ul id="b3">{items}</ul>', _p("b4"), _p("b5"), _p("b6"))

    def review(number: int, page: Any) -> tuple[Change, ...]:
        return (BreakBefore("b3", 3),) if number == 0 else ()

    def items_per_page(document: Any) -> list[int]:
        def items(box: Any, found: set[int]) -> set[int]:
            element = getattr(box, "element", None)
            if getattr(element, "tag", "") == "li" and not getattr(box, "pseudo_type", None):
                found.add(id(element))
            for child in getattr(box, "children", None) or ():
                items(child, found)
            return found

        return [len(items(paging.page_box(page), set())) for page in document.pages]

    assert items_per_page(_render(html))[0] == 5  # all on the first page as laid out
    with paging.reviewing_pages(review):
        moved = _render(html)
    assert items_per_page(moved)[:2] == [3, 2]  # items 4 and 5 go on, the others stay
    assert "b3" in _ids(paging.page_box(moved.pages[0]), [])


def test_page_starts_skip_the_same_characters_as_str_isspace_and_soft_hyphens() -> None:
    """The page starts count every character but white space (as `str.isspace` finds it,
    in every plane) and soft hyphens: the one search `_visible` makes finds just those."""
    import sys

    from publish.writers.pdf.pages import _visible

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    assert _visible(every) == "".join(c for c in every if not c.isspace() and c != "\u00ad")
    assert _visible("a\u00a0b\u2003c\u00add\u001fe\u3000f") == "abcdef"
