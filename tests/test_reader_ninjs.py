"""The IPTC ninjs reader: versions 1.x, 2.x and 3.x told apart by their keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from publish.errors import InputError
from publish.model import BlockQuote, Figure, Heading, ListBlock, Paragraph, Strong
from publish.readers import read_article
from publish.readers.ninjs import ninjs_version

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4b50000000049454e44ae426082"
)

BODY = (
    "<p>The ferry line to the island resumes on <strong>12 May</strong> after a refit.</p>"
    "<h2>Timetable</h2><ul><li>Four crossings a day.</li><li>Tickets at 9 euros.</li></ul>"
    "<blockquote><p>The hull is as good as new, the yard manager told the council.</p>"
    "</blockquote><script>steal()</script>"
)

V1: dict[str, Any] = {
    "uri": "https://wire.example/items/ferry-1",
    "standard": {"name": "ninjs", "version": "1.4"},
    "type": "text",
    "headline": "Island ferry returns in May",
    "description_text": "A refitted boat takes up the crossing again.",
    "byline": "By Ana Ribeiro and Tom Hale",
    "versioncreated": "2024-04-02T10:30:00Z",
    "language": "pt-PT",
    "body_html": BODY,
    "subject": [{"name": "Transport", "code": "medtop:20000707"}],
    "copyrightholder": "Wire Example",
    "located": "Ponta Delgada",
    "associations": {
        "featureimage": {
            "type": "picture",
            "headline": "The refitted ferry at the quay",
            "renditions": {"web": {"href": "ferry.png", "mimetype": "image/png"}},
        },
        "remote": {
            "type": "picture",
            "headline": "Elsewhere",
            "renditions": {"web": {"href": "https://cdn.example/x.jpg"}},
        },
    },
}

V2: dict[str, Any] = {
    "uri": "urn:newsml:wire.example:20240402:ferry-2",
    "type": "text",
    "headlines": [
        {"role": "sub", "value": "Refit done"},
        {"role": "main", "value": "Island ferry returns in May"},
    ],
    "descriptions": [{"role": "summary", "value": "A refitted boat takes up the crossing again."}],
    "by": "Ana Ribeiro",
    "versioncreated": "2024-04-02T10:30:00+01:00",
    "language": "pt",
    "bodies": [
        {"role": "plain", "contenttype": "text/plain", "value": "plain words"},
        {"role": "main", "contenttype": "text/html", "value": BODY},
    ],
    "keywords": ["ferry", "islands"],
    "subjects": [{"name": "Transport", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000707"}],
    "associations": [
        {
            "name": "featureimage",
            "type": "picture",
            "headlines": [{"value": "The refitted ferry at the quay"}],
            "renditions": [{"name": "web", "href": "ferry.png"}],
        }
    ],
}

V3: dict[str, Any] = {
    "uri": "urn:newsml:wire.example:20240402:ferry-3",
    "type": "text",
    "headlines": [{"role": "main", "value": "Island ferry returns in May"}],
    "by": "Ana Ribeiro",
    "versionCreated": "2024-04-02T10:30:00Z",
    "firstCreated": "2024-04-01T08:00:00Z",
    "copyrightHolder": "Wire Example",
    "language": "pt",
    "bodies": [{"role": "main", "contentType": "text/html", "value": BODY}],
}


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    (folder / "ferry.png").write_bytes(PNG_1PX)
    return path


def _check_body(body: tuple[Any, ...]) -> None:
    paragraph = next(b for b in body if isinstance(b, Paragraph))
    assert any(isinstance(n, Strong) for n in paragraph.inlines)
    assert any(isinstance(b, Heading) and b.text == "Timetable" for b in body)
    lists = [b for b in body if isinstance(b, ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 2
    assert any(isinstance(b, BlockQuote) for b in body)
    assert "steal" not in json.dumps([b.model_dump() for b in body])


def test_version_1(tmp_path: Path, expect_warnings: pytest.LogCaptureFixture) -> None:
    article, _ = read_article(str(_write(tmp_path, "story.ninjs.json", V1)))
    assert ninjs_version(V1) == 1
    assert article.headline == "Island ferry returns in May"
    assert article.standfirst == "A refitted boat takes up the crossing again."
    assert article.authors == ("Ana Ribeiro", "Tom Hale")
    assert article.date.isoformat() == "2024-04-02"
    assert article.language == "pt-PT"
    assert article.publisher == "Wire Example"
    assert article.source_url == "https://wire.example/items/ferry-1"
    assert article.keywords == ("Transport",)
    figures = [b for b in article.body if isinstance(b, Figure)]
    assert [(f.src, f.alt) for f in figures] == [("ferry.png", "The refitted ferry at the quay")]
    _check_body(article.body)
    messages = [r.getMessage() for r in expect_warnings.records]
    assert any('picture "https://cdn.example/x.jpg" left out' in m for m in messages)
    assert any('located "Ponta Delgada"' in m for m in messages)


def test_version_2(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, "story.ninjs.json", V2)))
    assert ninjs_version(V2) == 2
    assert article.headline == "Island ferry returns in May"
    assert article.standfirst == "A refitted boat takes up the crossing again."
    assert article.authors == ("Ana Ribeiro",)
    assert article.keywords == ("ferry", "islands", "Transport")
    assert article.source_url is None  # a urn is not a web address
    assert isinstance(article.body[0], Figure)
    _check_body(article.body)


def test_version_3_camel_case(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, "story.ninjs.json", V3)))
    assert ninjs_version(V3) == 3
    assert article.date.isoformat() == "2024-04-02"
    assert article.publisher == "Wire Example"
    _check_body(article.body)


def test_plain_json_with_a_ninjs_uri_is_read_as_ninjs(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, "item.json", V3)))
    assert article.headline == "Island ferry returns in May"


def test_from_ninjs(tmp_path: Path) -> None:
    article, _ = read_article(str(_write(tmp_path, "item.txt", V2)), "ninjs")
    assert article.authors == ("Ana Ribeiro",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"headline": None}, "no headline: this ninjs 1.x item has no headline"),
        ({"body_html": "<script>x()</script>"}, "no body"),
        ({"versioncreated": None}, "no date"),
        ({"language": "not a tag!"}, "language"),
    ],
)
def test_bad_version_1_items(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    data = {k: v for k, v in V1.items() if k not in ("associations", "located")}
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(InputError) as info:
        read_article(str(_write(tmp_path, "bad.ninjs.json", data)))
    assert message in str(info.value)
    assert "\n" not in str(info.value)
