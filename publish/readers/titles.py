"""A web page's title without the site's name tacked on ("Headline | Site", "Headline - Site").

Pages name themselves in their titles: "Ferry returns | The Island Times", "Mozilla -
Wikipedia", "... · V8". When the part after the last separator (`|`, `-`, `–`, `—`, `·`, `•`,
`_`, `»`, `::`, spaced) names the site, it is not part of the headline and is cut. It names
the site when, compared as ASCII words, it is the page's site name or the start of it
("Aktuálně.cz" of "Aktuálně.cz - Víte, co se právě děje"), or the page's host or a label of it
("Wikipedia" of en.wikipedia.org). Anything else after a separator (a subtitle, "Chapter 1")
stays, and a headline is never cut to fewer than three characters.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from slugify import slugify

_LAST_PART = re.compile(
    r"^(?P<head>.+?)\s+(?:[|\-\u2013\u2014\u00b7\u2022_\u00bb]|::)\s+"
    r"(?P<tail>[^|\u2013\u2014\u00b7\u2022_\u00bb]+)$"
)


def clean_title(title: str, site: str | None = None, url: str | None = None) -> str:
    """Return TITLE without a trailing separator and the name of its SITE (or URL's host)."""
    match = _LAST_PART.match(" ".join(title.split()))
    if not match:
        return title
    head, tail = match.group("head"), slugify(match.group("tail"))
    if not tail or len(head) < 3:
        return title
    names = _site_names(site, url)
    if any(tail == name or name.startswith(tail + "-") for name in names):
        return head.rstrip(" ,;:")
    return title


def _site_names(site: str | None, url: str | None) -> set[str]:
    """Return the ASCII-word forms a page's site goes by: its name, its host, the host's labels."""
    names = {slugify(site)} if site and site.strip() else set()
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    if host:
        names.add(slugify(host))
        labels = host.split(".")
        names |= {slugify(label) for label in labels[:-1] if len(label) > 2}
        if len(labels) >= 2:
            names.add(slugify(".".join(labels[-2:])))
    return {n for n in names if n}
