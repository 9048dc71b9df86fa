"""Images on the network: never fetched by a reader; a warning and the text alternative.

`publish` reads nothing from the network unless the user allows it, and the readers have no
such allowance: an image given by a web address (`https://...`, `//host/...`) in Markdown, a
saved page, a Word file or a ninjs item is left out with a warning naming it, and its text
alternative (its `alt`) stands in its place, in italics, so the reader still learns what it
showed. An image with an empty text alternative is decorative and leaves nothing.
"""

from __future__ import annotations

import re
from typing import Any

_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def is_remote(src: str) -> bool:
    """Tell whether SRC is a web address (http, https or scheme-relative)."""
    return bool(_REMOTE.match(src.strip()))


def alt_paragraph(alt: str) -> dict[str, Any] | None:
    """Return the paragraph standing for an image left out: its text alternative in italics,
    or None when it has none (a decorative image)."""
    if not alt.strip():
        return None
    return {
        "type": "paragraph",
        "inlines": [{"type": "emphasis", "children": [{"type": "text", "text": alt}]}],
    }


def remote_warning(src: str, alt: str) -> str:
    """Return the warning for the remote image SRC left out."""
    shown = src if len(src) <= 120 else src[:117] + "..."
    return (
        f'image "{shown}" is on the network and is not fetched; save it beside the '
        "article to print it" + ("; its text alternative is shown" if alt.strip() else "")
    )
