"""A ninjs item is checked against its version's structure: one error, with the JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import InputError
from publish.readers import read_article
from publish.readers.ninjs_schema import SCHEMAS, check_ninjs
from tests.hostile_support import assert_one_error_line
from tests.test_reader_ninjs import V1, V2, V3

ITEMS = {1: V1, 2: V2, 3: V3}


def _changed(item: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(item)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


CASES = [
    (1, ["headline"], ["Two", "headlines"], "$.headline: expected a string, found a list"),
    (1, ["byline"], 7, "$.byline: expected a string, found a number"),
    (1, ["versioncreated"], "yesterday", "$.versioncreated: expected a date and time"),
    (1, ["subject", 0, "name"], None, "$.subject[0].name: expected a string, found null"),
    (
        1,
        ["associations", "featureimage", "renditions", "web", "href"],
        {"x": 1},
        "$.associations.featureimage.renditions.web.href: expected a string, found an object",
    ),
    (1, ["urgency"], True, "$.urgency: expected a whole number, found true or false"),
    (1, ["type"], "article", "$.type: expected one of text, audio"),
    (2, ["headlines", 1, "value"], 3, "$.headlines[1].value: expected a string, found a number"),
    (2, ["bodies"], {"value": "<p>x</p>"}, "$.bodies: expected a list, found an object"),
    (2, ["keywords", 1], ["nested"], "$.keywords[1]: expected a string, found a list"),
    (
        2,
        ["associations", 0, "renditions", 0, "width"],
        "wide",
        "$.associations[0].renditions[0].width: expected a whole number, found a string",
    ),
    (
        2,
        ["standard"],
        {"name": "ninjs", "version": 2.0},
        "$.standard.version: expected a string, found a number",
    ),
    (3, ["versionCreated"], 20240402, "$.versionCreated: expected a string, found a number"),
    (
        3,
        ["bodies", 0, "contentType"],
        False,
        "$.bodies[0].contentType: expected a string, found true or false",
    ),
    (3, ["copyrightHolder"], ["A"], "$.copyrightHolder: expected a string, found a list"),
]


@pytest.mark.parametrize(
    "version, path, value, message", CASES, ids=[c[3].split(":")[0] for c in CASES]
)
def test_a_wrong_type_is_one_error_with_its_path(
    tmp_path: Path, version: int, path: list[Any], value: Any, message: str
) -> None:
    item = tmp_path / "story.ninjs.json"
    item.write_text(json.dumps(_changed(ITEMS[version], path, value)), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(str(item))
    assert message in str(caught.value) and f"(ninjs {version}.x)" in str(caught.value)
    result = CliRunner().invoke(app, ["build", str(item), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    error = assert_one_error_line(result.output)
    assert error["file"] == str(item) and message in error["message"]


@pytest.mark.parametrize("version", sorted(ITEMS))
def test_the_reference_items_pass(version: int) -> None:
    check_ninjs(ITEMS[version], version, "story.ninjs.json")


def test_an_odd_property_name_is_quoted_in_the_path() -> None:
    data = {"associations": {"feature image": {"renditions": {"web": {"href": 1}}}}}
    with pytest.raises(InputError, match=r'\$\.associations\["feature image"\]\.renditions'):
        check_ninjs(data, 1, "story.ninjs.json")


def test_extensions_are_allowed() -> None:
    check_ninjs({**V2, "x-newsroom": {"desk": 4}, "altids": [1, 2]}, 2, "story.ninjs.json")


def test_3x_names_are_the_2x_names_in_camel_case() -> None:
    assert "versionCreated" in SCHEMAS[3] and "contentType" in SCHEMAS[3]["bodies"][1]
    assert "versioncreated" not in SCHEMAS[3]
