"""Read an IPTC ninjs news item (News in JSON), versions 1.x, 2.x and 3.x.

The versions are told apart by their keys (`standard.version` settles a doubt):

Article field <- 1.x key / 2.x key / 3.x key:

- headline <- headline / headlines[role=main] (else the first) / as 2.x
- standfirst <- description_text or description_html / descriptions[role=summary] / as 2.x
- body <- body_html, body_xhtml or body_text / bodies (text/html first) / bodies (contentType)
- authors <- byline / by / by
- date <- versioncreated, firstcreated, contentcreated / the same / versionCreated, ...
- language <- language (all versions)
- keywords <- subject[].name / keywords and subjects[].name / as 2.x
- publisher <- copyrightholder / copyrightholder / copyrightHolder
- source_url <- uri, when it is an http(s) address (all versions)
- pictures <- associations{name: item}.renditions{name: r} / associations[].renditions[]

A picture is kept from a rendition whose `href` is a file beside the item, else from one on a
host the user allowed (`--allow-remote`, https only; fetched later by the pipeline); `located`
has no place in the article and is said in a warning.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from publish.errors import InputError
from publish.model import Article
from publish.readers.bylines import byline_names
from publish.readers.dates import parse_date
from publish.readers.html_blocks import HtmlConverter
from publish.readers.json import _no_constants, _no_duplicates
from publish.readers.ninjs_schema import camel, check_ninjs
from publish.readers.remote import allowed_url
from publish.readers.source import Source
from publish.readers.validate import build_article

log = logging.getLogger("publish")

_V3_KEYS = {
    "versionCreated",
    "firstCreated",
    "contentCreated",
    "pubStatus",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "contentType",
    "edNote",
    "infoSources",
}
_V2_KEYS = {"headlines", "bodies", "descriptions", "by", "subjects", "people", "places"}
_V1_KEYS = {
    "headline",
    "body_html",
    "body_text",
    "body_xhtml",
    "byline",
    "description_text",
    "description_html",
    "subject",
    "person",
    "place",
}


def looks_like_ninjs(text: str) -> bool:
    """True when TEXT is a JSON object with a ninjs `uri` or a `standard` naming ninjs."""
    if '"uri"' not in text and "ninjs" not in text:
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    standard = data.get("standard")
    if isinstance(standard, dict) and str(standard.get("name", "")).lower() == "ninjs":
        return True
    return isinstance(data.get("uri"), str) and bool(set(data) & (_V1_KEYS | _V2_KEYS | _V3_KEYS))


def ninjs_version(data: dict[str, Any]) -> int:
    """Return 1, 2 or 3: the ninjs major version DATA is written in."""
    standard = data.get("standard")
    if isinstance(standard, dict):
        match = re.match(r"\s*(\d+)", str(standard.get("version", "")))
        if match and match.group(1) in ("1", "2", "3"):
            return int(match.group(1))
    keys = set(data)
    if keys & _V3_KEYS:
        return 3
    if keys & _V2_KEYS:
        return 2
    return 1


def read_ninjs(source: Source) -> Article:
    """Return the article in SOURCE, an IPTC ninjs news item."""
    name = source.name
    data = _load(source.text, name)

    def warn(message: str) -> None:
        log.warning("%s: warning: %s", name, message)

    version = ninjs_version(data)
    check_ninjs(data, version, name)
    v1 = version == 1

    def key(lower: str) -> Any:
        if version == 3:
            return data.get(camel(lower))
        return data.get(lower)

    headline = _text(data.get("headline")) if v1 else _pick(data.get("headlines"), "main")
    if not headline.strip():
        raise InputError(
            f"no headline: this ninjs {version}.x item has no {'headline' if v1 else 'headlines'}",
            file=name,
        )
    fields: dict[str, Any] = {"headline": headline, "date": _date(key, name)}
    converter = HtmlConverter(warn, resolve_image=_local(source), remote_hosts=source.remote_hosts)
    blocks = _body(data, v1, version, converter)
    pictures = _pictures(data.get("associations"), v1, source, warn)
    if not blocks:
        raise InputError("no body: the item has no text (body_html, bodies)", file=name)
    fields["body"] = pictures + blocks

    standfirst = (
        (_text(data.get("description_text")) or _strip_tags(_text(data.get("description_html"))))
        if v1
        else _strip_tags(_pick(data.get("descriptions"), "summary", first=True))
    )
    if standfirst.strip():
        fields["standfirst"] = standfirst
    authors = _authors(_text(data.get("byline") if v1 else data.get("by")))
    if authors:
        fields["authors"] = authors
    language = key("language")
    if isinstance(language, str) and language.strip():
        fields["language"] = language.strip()
    publisher = key("copyrightholder")
    if isinstance(publisher, str) and publisher.strip():
        fields["publisher"] = publisher
    uri = data.get("uri")
    if isinstance(uri, str) and re.match(r"^https?://[^\s/]+\S*$", uri):
        fields["source_url"] = uri
    keywords = _keywords(data, v1)
    if keywords:
        fields["keywords"] = keywords
    located = data.get("located")
    if isinstance(located, str) and located.strip():
        warn(f'located "{located.strip()}" is not printed (the article has no dateline field)')
    return build_article(fields, name=name)


def _load(text: str, name: str) -> dict[str, Any]:
    """Return the JSON object TEXT holds, or raise InputError."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise InputError("JSON is nested too deeply", file=name) from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", file=name) from None
    if not isinstance(data, dict):
        raise InputError("a ninjs item must be one JSON object", file=name, line=1)
    return data


def _date(key: Any, name: str) -> Any:
    """Return the item's date: its version's, else its first or its content's creation."""
    date_text = next(
        (
            str(v)
            for k in ("versioncreated", "firstcreated", "contentcreated")
            if isinstance(v := key(k), str) and v.strip()
        ),
        "",
    )
    if not date_text:
        raise InputError(
            "no date: the item has no versioncreated, firstcreated or contentcreated", file=name
        )
    try:
        return parse_date(date_text.strip()[:10])
    except ValueError as exc:
        raise InputError(f"date: {exc}", file=name) from None


def _authors(byline: str) -> tuple[str, ...]:
    """Return the names in a byline ("By A and B", "A & B", "Von A", not a bare label)."""
    return byline_names(byline)


def _keywords(data: dict[str, Any], v1: bool) -> tuple[str, ...]:
    """Return the item's keywords, then its subjects' names, each once."""
    keywords = (
        [k for k in data.get("keywords", []) if isinstance(k, str)]
        if isinstance(data.get("keywords"), list)
        else []
    )
    subjects = data.get("subject" if v1 else "subjects")
    if isinstance(subjects, list):
        keywords += [
            s["name"] for s in subjects if isinstance(s, dict) and isinstance(s.get("name"), str)
        ]
    return tuple(dict.fromkeys(k.strip() for k in keywords if k.strip()))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]*>", " ", text) if "<" in text else text


def _pick(items: Any, role: str, first: bool = True) -> str:
    """Return the value of the item with ROLE in a 2.x/3.x list, else the first one's."""
    if not isinstance(items, list):
        return ""
    values = [i for i in items if isinstance(i, dict) and isinstance(i.get("value"), str)]
    for item in values:
        if item.get("role") == role:
            return str(item["value"])
    return str(values[0]["value"]) if values and first else ""


def _body(
    data: dict[str, Any], v1: bool, version: int, converter: HtmlConverter
) -> list[dict[str, Any]]:
    if v1:
        html = _text(data.get("body_html")) or _text(data.get("body_xhtml"))
        if html.strip():
            return converter.convert(html)
        return _plain(_text(data.get("body_text")))
    bodies = data.get("bodies")
    if not isinstance(bodies, list):
        return []
    type_key = "contentType" if version == 3 else "contenttype"
    items = [b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)]
    marked = [b for b in items if "html" in str(b.get(type_key, b.get("role", ""))).lower()]
    if marked:
        return converter.convert(str(marked[0]["value"]))
    return _plain(str(items[0]["value"])) if items else []


def _plain(text: str) -> list[dict[str, Any]]:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return [
        {"type": "paragraph", "inlines": [{"type": "text", "text": p}]} for p in paragraphs if p
    ]


def _local(source: Source) -> Any:
    def resolve(src: str) -> str | None:
        from publish.resources import resolve_local

        if source.folder is None:
            return None
        try:
            resolve_local(source.folder, src)
        except ValueError:
            return None
        return src

    return resolve


def _pictures(associations: Any, v1: bool, source: Source, warn: Any) -> list[dict[str, Any]]:
    """Return a figure for each associated picture that has a rendition beside the item."""
    if isinstance(associations, dict):
        items = [v for v in associations.values() if isinstance(v, dict)]
    elif isinstance(associations, list):
        items = [v for v in associations if isinstance(v, dict)]
    else:
        return []
    resolve = _local(source)
    figures = []
    for item in items:
        if str(item.get("type", "picture")) not in ("picture", "graphic"):
            continue
        renditions = item.get("renditions")
        if isinstance(renditions, dict):
            renditions = list(renditions.values())
        hrefs = [
            str(r["href"])
            for r in renditions or []
            if isinstance(r, dict) and isinstance(r.get("href"), str)
        ]
        local = next((h for h in hrefs if resolve(h)), None) or next(
            (url for h in hrefs if (url := allowed_url(h, source.remote_hosts))), None
        )
        if v1:
            caption = _text(item.get("description_text")) or _text(item.get("headline"))
            alt = _text(item.get("headline")) or caption
        else:
            caption = _strip_tags(_pick(item.get("descriptions"), "caption")) or _pick(
                item.get("headlines"), "main"
            )
            alt = _pick(item.get("headlines"), "main") or caption
        if local is None:
            shown = hrefs[0] if hrefs else item.get("uri", "(no rendition)")
            warn(
                f'picture "{shown}" left out: only renditions saved beside the item'
                + (" or on an allowed host over https" if source.remote_hosts else "")
                + " can be used"
            )
            continue
        figures.append(
            {
                "type": "figure",
                "src": local,
                "alt": " ".join(alt.split()),
                "caption": [{"type": "text", "text": " ".join(caption.split())}]
                if caption.strip()
                else [],
            }
        )
    return figures
