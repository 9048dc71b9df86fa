"""The EPUB's stylesheets: parsed with tinycss2, refused when they refer outside the book.

A pattern cannot see every way CSS names a file (`@import"x"` without a space, escapes such
as `\\75 rl(`, `image-set()`), so the stylesheet is parsed as a browser would and every
reference is taken from the parse: `url()` in any spelling, the strings of `@import`,
`src()`, `image()`, `image-set()` and `cross-fade()`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tinycss2

from publish.errors import RenderError
from publish.resources import ReadRefused, check_local_reference, read_inside

REFERENCE_FUNCTIONS = frozenset(
    {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"}
)
"""CSS functions whose strings name files."""

_BLOCKS = ("() block", "[] block", "{} block")


def css_references(data: bytes) -> Iterator[str]:
    """Yield every file or URL the stylesheet DATA names, in no particular order."""
    rules, _ = tinycss2.parse_stylesheet_bytes(data, skip_comments=True, skip_whitespace=True)
    stack: list[Any] = list(rules)
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "url":
            yield node.value
        elif kind == "at-rule":
            if node.lower_at_keyword == "import":
                yield from (t.value for t in node.prelude if t.type == "string")
            if node.lower_at_keyword != "namespace":  # a namespace URI is never fetched
                stack.extend(node.prelude)
            stack.extend(node.content or ())
        elif kind == "qualified-rule":
            stack.extend(node.prelude)
            stack.extend(node.content)
        elif kind == "function":
            if node.lower_name in REFERENCE_FUNCTIONS:
                yield from (t.value for t in node.arguments if t.type == "string")
            stack.extend(node.arguments)
        elif kind in _BLOCKS:
            stack.extend(node.content)


@functools.lru_cache(maxsize=16)
def _references(data: bytes) -> tuple[str, ...]:
    """The references of the stylesheet DATA, parsed once per process for the same bytes
    (every article of a theme packs the same stylesheets)."""
    return tuple(css_references(data))


def book_stylesheet(path: Path, roots: tuple[Path, ...]) -> bytes:
    """Return the stylesheet at PATH (read inside ROOTS) for the EPUB; refuse references out.

    `data:` URLs and fragments (`#id`) stay inside the book; any other reference must be a
    relative path that stays beside the stylesheet.
    """
    try:
        data = read_inside(path, roots)
    except ReadRefused as exc:
        raise RenderError(f"stylesheet {exc}", file=str(path)) from None
    try:
        references = _references(data)
    except RecursionError:
        raise RenderError("the stylesheet is nested too deeply", file=str(path)) from None
    for target in references:
        if target.startswith(("data:", "#")):
            continue
        problem = check_local_reference(target)
        if problem:
            raise RenderError(
                f'the stylesheet refers to "{target[:200]}", which cannot go in '
                f"the EPUB: {problem}",
                file=str(path),
            )
    return data
