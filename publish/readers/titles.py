"""A web page's title without the site's name tacked on ("Headline | Site", "Headline - Site").

Pages name themselves in their titles: "Ferry returns | The Island Times", "Mozilla -
Wikipedia", "... · V8", and some name the author too ("Headline | Ada Reporter"), or both
("Post @ Blog name :: Host ::"). While the part after the last separator (`|`, `-`, `–`, `—`,
`·`, `•`, `_`, `»`, `@`, `::`, spaced; a separator ending the title is dropped first) names the
site or the author, it is not part of the headline and is cut. It names the site when,
compared as ASCII words, it is the page's site name (its og:site_name, as trafilatura reads
it) or the start of it ("Aktuálně.cz" of "Aktuálně.cz - Víte, co se právě děje"), or the
page's host or a label of it ("Wikipedia" of en.wikipedia.org), or holds the name of the
host's domain as a word ("痞客邦 PIXNET" of x.pixnet.net); it names the author when it is one
of the byline's names or all of them. Anything else after a separator (a subtitle,
"Chapter 1") stays, and a headline is never cut to fewer than three characters.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from slugify import slugify

_SEPARATOR = r"(?:[|\-\u2013\u2014\u00b7\u2022_\u00bb@]|::)"
_LAST_PART = re.compile(rf"^(?P<head>.+?)\s+{_SEPARATOR}\s+(?P<tail>(?:(?!\s{_SEPARATOR}\s).)+)$")
_TRAILING_SEPARATOR = re.compile(rf"\s+{_SEPARATOR}$")
MAX_CUTS = 3
"""The most parts cut from a title's end."""


def clean_title(
    title: str, site: str | None = None, url: str | None = None, authors: tuple[str, ...] = ()
) -> str:
    """Return TITLE without the names of its SITE (or URL's host) and AUTHORS after separators."""
    names = _site_names(site, url)
    domain = _domain_word(url)
    people = {slugify(a) for a in authors} | ({slugify(" ".join(authors))} if authors else set())
    people.discard("")
    text = " ".join(title.split())
    for _ in range(MAX_CUTS):
        bare = _TRAILING_SEPARATOR.sub("", text)
        match = _LAST_PART.match(bare)
        if not match:
            break
        head, tail = match.group("head"), slugify(match.group("tail"))
        if not tail or len(head) < 3:
            break
        site_named = any(tail == name or name.startswith(tail + "-") for name in names)
        domain_named = bool(domain) and domain in tail.split("-")
        author_named = "-".join(w for w in tail.split("-") if w != "and") in people
        if not (site_named or domain_named or author_named):
            break
        text = head.rstrip(" ,;:")
    return text if text != " ".join(title.split()) else title


def _domain_word(url: str | None) -> str:
    """The name of URL's domain ("pixnet" of x.pixnet.net), when it is a word of 4 letters
    or more (shorter ones are too often words of a title), else ''."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.split(".")
    name = slugify(labels[-2]) if len(labels) >= 2 else ""
    return name if len(name) >= 4 and "-" not in name else ""


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
