"""Sanitise HTML with nh3 down to the tags and attributes the HTML converter understands.

Only the tags below survive; scripts and styles lose their content; besides each tag's own
attributes only `dir` and `lang` are kept; comments go.
"""

from __future__ import annotations

import nh3

BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
}
INLINE_TAGS = {
    "a",
    "em",
    "i",
    "strong",
    "b",
    "code",
    "kbd",
    "samp",
    "br",
    "q",
    "span",
    "sup",
    "sub",
    "small",
    "mark",
    "u",
    "s",
    "del",
    "ins",
    "abbr",
    "cite",
    "dfn",
    "time",
    "var",
    "img",
    "bdi",
    "bdo",
}
_ALL_ATTRS = {"dir", "lang"}
_ATTRIBUTES = {
    "a": {"href", "id"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}


def sanitise(html: str) -> str:
    """Return HTML with only the tags and attributes the converter understands."""
    tags = BLOCK_TAGS | INLINE_TAGS
    attributes = {tag: set(_ATTRIBUTES.get(tag, set())) | _ALL_ATTRS for tag in tags}
    return str(
        nh3.clean(
            html,
            tags=tags,
            attributes=attributes,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
        )
    )
