"""`publish export --to ninjs`: an article of any input format as an IPTC ninjs 2.0 item."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from publish.cli import app
from publish.model import Table
from publish.readers import read_article
from publish.writers.ninjs import article_ninjs

ITEM = {
    "uri": "https://wire.example/items/ferry-7",
    "standard": {"name": "ninjs", "version": "2.0"},
    "versioncreated": "2024-04-02T10:30:00Z",
    "language": "en-GB",
    "headlines": [{"role": "main", "value": "Island ferry returns in May"}],
    "descriptions": [{"role": "summary", "value": "The crossing was shut for the winter."}],
    "by": "Ana Ribeiro and Joe Kerr",
    "copyrightholder": "Wire Example",
    "keywords": ["ferries", "islands"],
    "bodies": [
        {
            "contenttype": "text/html",
            "value": "<p>The ferry <em>resumes</em> on 4 May, <a href='https://port.example'>the "
            "port</a> says.</p><h2>Timetable</h2><ul><li><p>Two sailings a day.</p></li>"
            "</ul><blockquote><p>We are ready.</p></blockquote><table><thead><tr>"
            "<th>Day</th><th align='right'>Sailings</th></tr></thead><tbody><tr><td>Mon"
            "</td><td align='right'>2</td></tr></tbody></table><pre>Dep 08:00</pre>",
        }
    ],
}


def test_ninjs_round_trips_through_the_model(tmp_path: Path) -> None:
    first = tmp_path / "ferry.ninjs.json"
    first.write_text(json.dumps(ITEM), encoding="utf-8")
    article, _ = read_article(str(first))
    again = tmp_path / "again.ninjs.json"
    again.write_text(json.dumps(article_ninjs(article, ITEM["uri"])), encoding="utf-8")
    back, _ = read_article(str(again))
    assert back == article
    assert any(isinstance(b, Table) for b in back.body)
    assert article.authors == ("Ana Ribeiro", "Joe Kerr")


def test_markdown_exports_as_a_valid_ninjs_2_item(tmp_path: Path) -> None:
    source = tmp_path / "quay.md"
    source.write_text(
        "---\ntitle: Quay repairs\nsubtitle: Work starts in May.\ndate: 2024-03-04\n"
        "authors: [Mira Oskarsdottir]\nkeywords: [harbour]\n---\n\n"
        "The wall cracked in January.[^s]\n\n| Part | Cost |\n|---|--:|\n| Wall | 4,100 |\n\n"
        "[^s]: Structural survey, February 2024.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["export", str(source), "--to", "ninjs", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "quay-repairs.ninjs.json"
    assert result.output.strip() == str(written)
    item = json.loads(written.read_text(encoding="utf-8"))
    assert item["standard"]["name"] == "ninjs" and item["standard"]["version"] == "2.0"
    assert item["uri"].startswith("urn:uuid:")
    assert item["headlines"] == [{"role": "main", "value": "Quay repairs"}]
    assert item["versioncreated"] == "2024-03-04T00:00:00Z"
    assert item["by"] == "Mira Oskarsdottir"
    html = item["bodies"][0]["value"]
    assert "<sup>1</sup>" in html and "<li>Structural survey, February 2024.</li>" in html
    assert '<th scope="col" align="right">Cost</th>' in html
    back, _ = read_article(str(written))  # the reader takes what the writer wrote
    assert back.headline == "Quay repairs" and back.standfirst == "Work starts in May."
    CliRunner().invoke(app, ["export", str(source), "-o", str(tmp_path / "out2")])
    assert (tmp_path / "out2" / written.name).read_bytes() == written.read_bytes()


def test_an_unknown_export_format_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\ndate: 2024-01-02\n---\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["export", str(source), "--to", "nitf", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert 'unknown export format "nitf"' in result.output
    assert not (tmp_path / "out").exists()
