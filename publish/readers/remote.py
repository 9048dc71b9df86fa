"""Images on the network: kept only from the hosts the user allowed, else their text alternative.

`publish` reads nothing from the network unless the user allows it. A reader never fetches:
an image given by a web address (`https://...`, `//host/...`) in Markdown, a saved page, a
Word file or a ninjs item is kept, by its https address, only when its host is one the user
named with `--allow-remote` (`Source.remote_hosts`); the pipeline then fetches it once, under
the fetcher's policy, for both outputs. Any other remote image is left out with a warning
naming it, and its text alternative (its `alt`) stands in its place, in italics, so the reader
still learns what it showed. An image with an empty text alternative is decorative and leaves
nothing, and so does one whose text alternative is only its file name (`IMG_1234.jpg`,
`Mozilla dinosaur head logo.png`, or its name without the extension, `harbour-wall-2`: a
content system's default, `is_file_name`), which tells
the reader nothing of what it showed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any
from urllib.parse import urlsplit

_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


IMAGE_FILE_NAME = re.compile(
    r"^[^\s/\\][^/\\]{0,200}\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic)$", re.IGNORECASE
)
"""A text alternative that is an image file's name: it ends in an image file's extension."""
FILE_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){2,}$")
"""A text alternative that is an image file's name without its extension, as a content system
sets it by default (`harbour-wall-repairs-2`): three or more lower-case words or numbers
joined by hyphens or underscores, no space; a person writes words apart."""


def is_file_name(alt: str) -> bool:
    """Tell whether the text alternative ALT is only an image's file name (a file-name alt)."""
    text = alt.strip()
    return bool(IMAGE_FILE_NAME.match(text) or FILE_SLUG.match(text))


def is_remote(src: str) -> bool:
    """Tell whether SRC is a web address (http, https or scheme-relative)."""
    return bool(_REMOTE.match(src.strip()))


def _host(src: str) -> str:
    try:
        return (urlsplit(src.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def allowed_url(src: str, hosts: Collection[str]) -> str | None:
    """Return the https address to fetch the remote image SRC from, or None when it may not be.

    It may when its host is one of HOSTS and it is https (a scheme-relative `//host/x` is
    taken as https); plain http is never fetched.
    """
    text = src.strip()
    if not is_remote(text) or not hosts or _host(text) not in hosts:
        return None
    if text.startswith("//"):
        return "https:" + text
    return text if text[:6].lower() == "https:" else None


LEFT_OUT = re.compile(r'image "(?P<src>[^"]*)" left out: no such file beside the article')
"""The warning of the Markdown reader (`md_blocks`) for an image it left out because its file
is not beside the article (yet)."""


def left_out_images(warnings: Iterable[str]) -> tuple[str, ...]:
    """Return the sources of the images WARNINGS (a build's) say were left out for want of
    their file: the batch cache keeps no such build, and `watch` rebuilds when one is saved."""
    return tuple(found["src"] for warning in warnings if (found := LEFT_OUT.search(warning)))


def alt_paragraph(alt: str) -> dict[str, Any] | None:
    """Return the paragraph standing for an image left out: its text alternative in italics,
    or None when it has none (a decorative image) or only its file name (`is_file_name`)."""
    if not alt.strip() or is_file_name(alt):
        return None
    return {
        "type": "paragraph",
        "inlines": [{"type": "emphasis", "children": [{"type": "text", "text": alt}]}],
    }


def remote_warning(src: str, alt: str, hosts: Collection[str] = ()) -> str:
    """Return the warning for the remote image SRC left out (HOSTS: the allowed ones)."""
    shown = src if len(src) <= 120 else src[:117] + "..."
    host = _host(src)
    if host and host in hosts:
        why = "is on the network over plain http and is not fetched; give its https address or"
    elif hosts and host:
        why = f'is on the network and is not fetched (host "{host}" is not allowed);'
    else:
        why = "is on the network and is not fetched;"
    return f'image "{shown}" {why} save it beside the article to print it' + (
        "; its text alternative is shown" if alt.strip() and not is_file_name(alt) else ""
    )
