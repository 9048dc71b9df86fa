"""Headings by outline level: Word paragraph styles that are headings without the name.

Word knows a heading by its outline level (Paragraph > Outline level, `w:outlineLvl`), which
Heading 1-9 have and which a newsroom's own styles ("Article Head", "Crosshead") often have
too, directly or through the style they are based on. mammoth maps only styles named
"Heading N", so each other paragraph style with outline level 0-5 is added to the style map
as a heading of that level (level 0 is Heading 1). A paragraph given an outline level by
hand, not through its style, is not seen (mammoth does not expose it).
"""

from __future__ import annotations

import re
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BUILT_IN = re.compile(r"^(?:heading [1-9]|title|subtitle)$", re.IGNORECASE)


def outline_style_map(styles: Any | None) -> str:
    """Return mammoth style-map lines making each outlined paragraph style of STYLES (the
    parsed word/styles.xml, or None) a heading of its level."""
    if styles is None:
        return ""
    names: dict[str, str] = {}
    based: dict[str, str] = {}
    levels: dict[str, int] = {}
    for style in styles.iter(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        sid = style.get(f"{_W}styleId") or ""
        name = style.find(f"{_W}name")
        names[sid] = (name.get(f"{_W}val") if name is not None else "") or sid
        base = style.find(f"{_W}basedOn")
        if base is not None and base.get(f"{_W}val"):
            based[sid] = base.get(f"{_W}val") or ""
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        value = outline.get(f"{_W}val") if outline is not None else None
        if value is not None and value.isdigit():
            levels[sid] = int(value)
    lines = []
    for sid, name in names.items():
        level = _level(sid, levels, based)
        if level is None or level > 5 or _BUILT_IN.match(name) or "'" in name:
            continue
        lines.append(f"p[style-name='{name}'] => h{level + 1}:fresh")
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def _level(sid: str, levels: dict[str, int], based: dict[str, str]) -> int | None:
    """Return the outline level style SID has itself or through the styles it is based on."""
    seen: set[str] = set()
    while sid and sid not in seen:
        if sid in levels:
            return levels[sid]
        seen.add(sid)
        sid = based.get(sid, "")
    return None
