"""GFM pipe tables: what markdown-it does not say about them (a row's own cell count)."""

from __future__ import annotations

import re

from markdown_it.token import Token


def pipe_cells(line: str) -> int:
    """Return how many cells a pipe-table row's LINE holds (an escaped `\\|` splits none)."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


def cell_alignment(token: Token) -> str | None:
    """Return the column alignment markdown-it gives a header cell (`style="text-align:X"`)."""
    style = str(token.attrGet("style") or "")
    for value in ("left", "center", "right"):
        if style == f"text-align:{value}":
            return value
    return None
