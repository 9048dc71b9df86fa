"""Control characters in an article's text: Windows-1252 punctuation restored, others dropped.

Text that was Windows-1252, decoded as Latin-1 somewhere on its way (CMS exports are full of
it), holds C1 control characters where its curly quotes, dashes, ellipses and euro signs were:
U+0093 for \u201c, U+0094 for \u201d, U+0097 for \u2014 ... No one writes a C1 control on purpose,
so each one that Windows-1252 gives a character becomes that character, with one warning for
the file. Every other control character (C0 ones such as U+0002 or BEL, DEL, and the five C1
codes Windows-1252 leaves undefined) prints nothing and means nothing: it is dropped, with a
warning naming its line. Tab and line end stay; NUL refuses the file (`publish.readers.source`).
"""

from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger("publish")

MAX_LINES_NAMED = 5
"""Dropped-character warnings named line by line; the rest are counted in one more warning."""

_KEPT = {"\n", "\t"}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character (Unicode's Cc) not in `_KEPT`."""


def windows_1252(char: str) -> str | None:
    """Return the character the C1 control CHAR stood for in Windows-1252, or None."""
    code = ord(char)
    if not 0x80 <= code <= 0x9F:
        return None
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252


def clean_controls(text: str, name: str) -> str:
    """Return TEXT with Windows-1252 C1 controls restored and other controls dropped, warning
    under NAME (one warning for the restored ones, one a line for the dropped ones)."""
    if _CONTROL.search(text) is None:
        return text
    restored: list[int] = []
    dropped: list[tuple[int, str]] = []
    lines: list[str] = []
    for line_no, row in enumerate(text.split("\n"), start=1):
        kept: list[str] = []
        for char in row:
            if char in _KEPT or unicodedata.category(char) != "Cc":
                kept.append(char)
            elif (meant := windows_1252(char)) is not None:
                kept.append(meant)
                restored.append(line_no)
            else:
                dropped.append((line_no, char))
        lines.append("".join(kept))
    if restored:
        count = len(restored)
        log.warning(
            "%s:%d: warning: %d Windows-1252 character%s read as C1 control%s "
            "(curly quotes, dashes and the like, decoded as Latin-1) restored",
            name,
            restored[0],
            count,
            "s" if count > 1 else "",
            "s" if count > 1 else "",
        )
    _warn_dropped(dropped, name)
    return "\n".join(lines)


def _warn_dropped(dropped: list[tuple[int, str]], name: str) -> None:
    by_line: dict[int, list[str]] = {}
    for line_no, char in dropped:
        by_line.setdefault(line_no, []).append(f"U+{ord(char):04X}")
    for line_no, codes in list(by_line.items())[:MAX_LINES_NAMED]:
        shown = ", ".join(dict.fromkeys(codes))
        log.warning(
            "%s:%d: warning: control character%s %s dropped (%s print%s nothing)",
            name,
            line_no,
            "s" if len(codes) > 1 else "",
            shown,
            "they" if len(codes) > 1 else "it",
            "" if len(codes) > 1 else "s",
        )
    rest = len(by_line) - MAX_LINES_NAMED
    if rest > 0:
        log.warning(
            "%s: warning: control characters dropped on %d more line%s",
            name,
            rest,
            "s" if rest > 1 else "",
        )


def restore_in_fields(value: object, name: str) -> object:
    """Return VALUE (an article's raw fields) with Windows-1252 C1 controls restored in every
    string, with one warning under NAME: a JSON `\\u0093` is the same accident as a raw one."""
    count = 0

    def walk(item: object) -> object:
        nonlocal count
        if isinstance(item, str):
            if not any(0x80 <= ord(c) <= 0x9F for c in item):
                return item
            out = []
            for char in item:
                meant = windows_1252(char)
                count += meant is not None
                out.append(meant if meant is not None else char)
            return "".join(out)
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return type(item)(walk(v) for v in item)
        return item

    result = walk(value)
    if count:
        log.warning(
            "%s: warning: %d Windows-1252 character%s read as C1 control%s (curly quotes,"
            " dashes and the like, decoded as Latin-1) restored",
            name,
            count,
            "s" if count > 1 else "",
            "s" if count > 1 else "",
        )
    return result
