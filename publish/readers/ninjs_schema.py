"""Check a ninjs item's structure against the IPTC ninjs schemas, versions 1.x, 2.x and 3.x.

No JSON Schema of ninjs is published on PyPI, so the structure is written out here from the
standard's schemas: for each property the reader (or the schema) gives a type, its type, and
for lists and objects the types inside, down to the renditions of associated pictures.
Properties not named here are allowed, as the schemas allow extensions. Each problem is one
error naming the file and the JSON path (`$.headlines[1].value: ...`).
"""

from __future__ import annotations

import re
from typing import Any, Union

from publish.errors import InputError

Spec = Union[str, tuple[Any, ...], dict[str, Any]]  # noqa: UP007 (a recursive alias)
"""A type: "string", "date-time", "integer", "object" or "any"; ("list", SPEC);
("map", SPEC) (an object of SPECs); ("either", SPEC, SPEC); ("enum", VALUES...); or a dict
of property -> SPEC (an object whose named properties have those types)."""

_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.IGNORECASE,
)
_TYPES = ("enum", "text", "audio", "video", "picture", "graphic", "composite", "component")
_PUBSTATUS = ("enum", "usable", "withheld", "canceled")
_NAMED = {"name": "string", "uri": "string", "literal": "string", "rel": "string"}
_ROLE_VALUE = {"role": "string", "value": "string", "contenttype": "string", "lang": "string"}
_STANDARD = {"name": "string", "version": "string", "schema": "string"}

_V1_RENDITION = {"href": "string", "mimetype": "string", "width": "integer", "height": "integer"}
_V1_ITEM: dict[str, Any] = {
    "uri": "string",
    "type": _TYPES,
    "headline": "string",
    "description_text": "string",
    "description_html": "string",
    "renditions": ("map", _V1_RENDITION),
}
V1: dict[str, Any] = {
    "uri": "string",
    "standard": _STANDARD,
    "type": _TYPES,
    "version": "string",
    "versioncreated": "date-time",
    "firstcreated": "date-time",
    "contentcreated": "date-time",
    "embargoed": "date-time",
    "pubstatus": _PUBSTATUS,
    "urgency": "integer",
    "language": "string",
    "headline": "string",
    "byline": "string",
    "located": "string",
    "description_text": "string",
    "description_html": "string",
    "body_text": "string",
    "body_html": "string",
    "body_xhtml": "string",
    "copyrightholder": "string",
    "copyrightnotice": "string",
    "usageterms": "string",
    "ednote": "string",
    "keywords": ("list", "string"),
    **{kind: ("list", _NAMED) for kind in ("person", "organisation", "place", "subject")},
    **{kind: ("list", _NAMED) for kind in ("event", "object")},
    "associations": ("map", _V1_ITEM),
    "renditions": ("map", _V1_RENDITION),
}

_V2_RENDITION = {
    "name": "string",
    "href": "string",
    "contenttype": "string",
    "width": "integer",
    "height": "integer",
}
_RENDITIONS = ("either", ("list", _V2_RENDITION), ("map", _V2_RENDITION))
_V2_ITEM: dict[str, Any] = {
    "name": "string",
    "uri": "string",
    "type": _TYPES,
    "headlines": ("list", _ROLE_VALUE),
    "descriptions": ("list", _ROLE_VALUE),
    "renditions": _RENDITIONS,
}
V2: dict[str, Any] = {
    **{key: V1[key] for key in ("uri", "standard", "type", "version", "pubstatus", "urgency")},
    **{key: "date-time" for key in ("versioncreated", "firstcreated", "contentcreated")},
    "embargoed": "date-time",
    "language": "string",
    "headlines": ("list", _ROLE_VALUE),
    "descriptions": ("list", _ROLE_VALUE),
    "bodies": ("list", _ROLE_VALUE),
    "by": "string",
    "located": "string",
    "copyrightholder": "string",
    "copyrightnotice": "string",
    "usageterms": "string",
    "ednote": "string",
    "keywords": ("list", "string"),
    **{kind: ("list", _NAMED) for kind in ("people", "organisations", "places", "subjects")},
    **{kind: ("list", _NAMED) for kind in ("events", "objects", "infosources")},
    "associations": ("either", ("list", _V2_ITEM), ("map", _V2_ITEM)),
    "renditions": _RENDITIONS,
}


def camel(lower: str) -> str:
    """Return the 3.x spelling of a 1.x/2.x property name (versioncreated -> versionCreated)."""
    for word in ("created", "status", "holder", "notice", "terms", "type", "note", "sources"):
        if lower.endswith(word) and lower != word:
            return lower[: -len(word)] + word.capitalize()
    return lower


def _camel_spec(spec: Spec) -> Spec:
    """Return SPEC with 3.x's camelCase property names (versionCreated, contentType ...)."""
    if isinstance(spec, dict):
        return {camel(key): _camel_spec(value) for key, value in spec.items()}
    if isinstance(spec, tuple) and spec and spec[0] in ("list", "map", "either"):
        return (spec[0], *(_camel_spec(inner) for inner in spec[1:]))
    return spec


V3: dict[str, Any] = _camel_spec(V2)  # type: ignore[assignment]
SCHEMAS = {1: V1, 2: V2, 3: V3}


def check_ninjs(data: dict[str, Any], version: int, name: str) -> None:
    """Raise InputError for the first property of DATA whose type the version's schema denies."""
    problem = _problem(data, SCHEMAS[version], "$")
    if problem is not None:
        path, what = problem
        raise InputError(f"{path}: {what} (ninjs {version}.x)", file=name)


def _path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    text = str(key)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return f"{parent}.{text}"
    return f"{parent}[{text[:60]!r}]".replace("'", '"')


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {int: "a number", float: "a number", str: "a string", list: "a list"}.get(
        type(value), "an object"
    )


def _problem(value: Any, spec: Spec, path: str) -> tuple[str, str] | None:
    """Return (JSON path, what is wrong) for the first problem of VALUE against SPEC."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return path, f"expected an object, found {_kind(value)}"
        for key, inner in spec.items():
            if key in value:
                found = _problem(value[key], inner, _path(path, key))
                if found is not None:
                    return found
        return None
    if isinstance(spec, tuple):
        return _compound(value, spec, path)
    return _scalar(value, spec, path)


def _compound(value: Any, spec: tuple[Any, ...], path: str) -> tuple[str, str] | None:
    kind = spec[0]
    if kind == "enum":
        if value in spec[1:]:
            return None
        return path, f"expected one of {', '.join(spec[1:])}, found {str(value)[:40]!r}"
    if kind == "either":  # the deeper of the two problems says more
        first, second = _problem(value, spec[1], path), _problem(value, spec[2], path)
        if first is None or second is None:
            return None
        return first if len(first[0]) >= len(second[0]) else second
    if kind == "list":
        if not isinstance(value, list):
            return path, f"expected a list, found {_kind(value)}"
        items: list[tuple[object, Any]] = list(enumerate(value))
    else:  # map
        if not isinstance(value, dict):
            return path, f"expected an object, found {_kind(value)}"
        items = list(value.items())
    for key, item in items:
        found = _problem(item, spec[1], _path(path, key))
        if found is not None:
            return found
    return None


def _scalar(value: Any, spec: str, path: str) -> tuple[str, str] | None:
    if spec == "any":
        return None
    if spec == "integer":
        if type(value) is int:
            return None
        return path, f"expected a whole number, found {_kind(value)}"
    if spec == "object":
        return (
            None if isinstance(value, dict) else (path, f"expected an object, found {_kind(value)}")
        )
    if not isinstance(value, str):
        return path, f"expected a string, found {_kind(value)}"
    if spec == "date-time" and value.strip() and not _DATE_TIME.match(value.strip()):
        return path, f'expected a date and time such as 2024-04-02T10:30:00Z, found "{value[:40]}"'
    return None
