"""Inserting note markers into nested inline marks at a plain-text offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publish.model import Code, Emphasis, Link, NoteRef, Strong, Text, plain_text
from publish.model.markers import insert_inline

MARK = NoteRef(number=1)


def test_splits_a_text_run() -> None:
    result = insert_inline((Text(text="One. Two."),), 4, MARK)
    assert result == (Text(text="One."), MARK, Text(text=" Two."))


def test_goes_after_a_mark_that_ends_at_the_offset() -> None:
    inlines = (
        Text(text="See "),
        Link(href="https://x.example", children=(Text(text="this"),)),
        Text(text=" now."),
    )
    result = insert_inline(inlines, 8, MARK)
    assert result[2] is MARK and isinstance(result[1], Link)


def test_goes_inside_nested_marks() -> None:
    inlines = (Strong(children=(Emphasis(children=(Text(text="Hello world"),)),)),)
    result = insert_inline(inlines, 5, MARK)
    inner = result[0].children[0].children  # type: ignore[union-attr]
    assert inner == (Text(text="Hello"), MARK, Text(text=" world"))


def test_never_splits_code() -> None:
    result = insert_inline((Code(text="a.b()"), Text(text=" ok")), 2, MARK)
    assert result == (Code(text="a.b()"), MARK, Text(text=" ok"))


def test_at_the_very_end() -> None:
    assert insert_inline((Text(text="End."),), 4, MARK) == (Text(text="End."), MARK)


def test_offset_outside_is_refused() -> None:
    with pytest.raises(ValueError):
        insert_inline((Text(text="abc"),), 9, MARK)


_leaf = st.builds(Text, text=st.text(min_size=1, max_size=8))
_inlines = st.recursive(
    _leaf,
    lambda children: st.one_of(
        st.builds(Emphasis, children=st.tuples(children, children)),
        st.builds(Strong, children=st.tuples(children)),
    ),
    max_leaves=6,
)


@given(st.lists(_inlines, min_size=1, max_size=4).map(tuple), st.data())
def test_text_is_unchanged_and_marker_placed_once(inlines, data) -> None:  # type: ignore[no-untyped-def]
    text = plain_text(inlines)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    result = insert_inline(inlines, offset, MARK)
    assert plain_text(result) == text
    assert count_markers(result) == 1


def count_markers(nodes: tuple) -> int:  # type: ignore[type-arg]
    return sum(
        1 if isinstance(node, NoteRef) else count_markers(getattr(node, "children", ()))
        for node in nodes
    )


@given(st.lists(_inlines, min_size=1, max_size=4).map(tuple), st.data())
def test_marker_lands_at_the_offset(inlines, data) -> None:  # type: ignore[no-untyped-def]
    text = plain_text(inlines)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    sentinel = Text(text="\u0000")
    result = insert_inline(inlines, offset, sentinel)
    assert plain_text(result) == text[:offset] + "\u0000" + text[offset:]
