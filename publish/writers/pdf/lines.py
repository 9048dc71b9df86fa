"""The one place that changes how WeasyPrint sets a line of text: two fixes to its line box.

- **A space at the margin.** A run of text that fits the line but for its trailing space
  (the space before a link, an emphasis, a code span or a note marker) is split by
  WeasyPrint 70's `split_first_line` as if nothing of it could fit: only its first word is
  kept, so the line holds one word ("The") or a hyphenated stub ("Direct-") and the rest of
  the run starts the next line. CSS lets a line's trailing spaces hang past the margin
  (CSS Text 3, 4.1.3), and WeasyPrint's own inline layout already lets them
  (`trailing_whitespace_size`); only this split does not. Here, when the run without its
  trailing spaces fits whole, it is set whole, and the element after it goes to the next
  line as it does when the run ends short of the margin.
- **Indents on the right, right to left.** WeasyPrint 70 puts a line's `text-indent` on the
  left whatever the direction: in an Arabic, Hebrew or Persian paragraph the first line
  starts flush right (nothing marks a new paragraph) and stops short on the left; a hanging
  indent (a fact, a note) hangs on the wrong side. `text-indent` is on the start side (CSS
  Text 3, 8.1): here a right-to-left line is moved left by its indent, which puts the gap
  at its right and lets a justified first line reach the left margin.

`install_line_fixes` puts both in WeasyPrint's place (`weasy.Engine.start` calls it before
any layout): `weasyprint.layout.inline.split_first_line` and `.text_align`, WeasyPrint's
private names, used nowhere else in `publish`. `tests/test_line_setting.py` fails by name
when a WeasyPrint release changes them, and pyproject.toml pins the versions they hold in.
Left-to-right lines whose text never ends in a space at the margin are set as before, to
the byte.
"""

from __future__ import annotations

from math import inf
from typing import Any

import publish.writers.pdf.libraries  # noqa: F401  (WeasyPrint opened quickly: see there)

# isort: split
import weasyprint.layout.inline as _inline

_SPLIT = _inline.split_first_line
_ALIGN = _inline.text_align

_COLLAPSING = frozenset({"normal", "nowrap", "pre-line"})
"""The `white-space` values whose spaces collapse, and so hang at the end of a line."""


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    """WeasyPrint's `split_first_line`, but TEXT that fits MAX_WIDTH once its trailing
    spaces hang past the margin is kept whole, on one line."""
    found = _SPLIT(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    if (
        found[2] is None
        or max_width is None
        or max_width == inf
        or not text.endswith(" ")
        or style["white_space"] not in _COLLAPSING
    ):
        return found
    bare = text.rstrip(" ")
    if not bare:
        return found
    fits = _SPLIT(bare, style, context, max_width, justification_spacing, is_line_start, minimum)
    if fits[2] is not None or fits[3] > max_width:
        return found
    return _SPLIT(text, style, context, inf, justification_spacing, is_line_start, minimum)


def text_align(context: Any, line: Any, available_width: float, last: bool) -> Any:
    """WeasyPrint's `text_align`, with a right-to-left line's indent on its right.

    WeasyPrint sets a right-to-left line from its right edge, shifted right by the indent,
    then moves it left by this offset (negated) and the line's width; the extra indent
    moves it left by the indent, so the gap falls at the line's start."""
    offset = _ALIGN(context, line, available_width, last)
    indent = getattr(line, "text_indent", 0)
    if indent and line.style["direction"] == "rtl":
        offset += indent
    return offset


def install_line_fixes() -> None:
    """Make WeasyPrint set every line with `split_first_line` and `text_align` from now on."""
    _inline.split_first_line = split_first_line
    _inline.text_align = text_align
