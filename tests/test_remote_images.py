"""Images on an allowed host: kept by every reader, fetched once, packed into both outputs.

A local HTTP server the test starts stands for the image host. The fetcher's `resolve` is
replaced by one that gives the host a public address (the policy refuses loopback), and its
`open_https` by one that sends the request to the local server over plain HTTP; every other
check of the policy runs as in a real build. Nothing reaches the real network.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.readers import read_article
from publish.remote_images import figures
from tests import docx_files
from tests.hostile_support import assert_one_error_line

PNG = docx_files.PNG_1PX
PUBLIC = "93.184.215.14"
HOST = "img.example"


class ImageHost:
    """A loopback HTTP server with a few answers, counting the requests for each path."""

    ANSWERS = {
        "/harbour.png": (200, "image/png", PNG),
        "/gone.png": (404, "text/plain", b"not here"),
        "/page.png": (200, "image/png", b"<!doctype html><p>a web page, not a picture</p>"),
    }

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                host.requests[self.path] += 1
                status, media_type, body = host.ANSWERS.get(self.path, (404, "text/plain", b""))
                self.send_response(status)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def resolve(self, host: str, port: int) -> list[str]:
        if host != HOST:
            raise OSError(f"unknown host {host}")
        return [PUBLIC]

    def open(
        self, host: str, address: str, port: int, target: str, timeout: float
    ) -> http.client.HTTPResponse:
        assert (host, address, port) == (HOST, PUBLIC, 443)  # the checked address, https
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request("GET", target, headers={"Host": host})
        return connection.getresponse()


@pytest.fixture
def image_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[ImageHost]:
    served = ImageHost()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr("publish.writers.fetcher.resolve", served.resolve)
    monkeypatch.setattr("publish.writers.fetcher.open_https", served.open)
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()


MARKDOWN = """---
title: The harbour at dawn
date: 2024-03-04
---

The boats left before the light came up over the breakwater.

![Boats leaving the harbour](https://img.example/harbour.png "Dawn over the harbour")

Two of them came back early.

- ![Boats leaving the harbour](https://img.example/harbour.png)
- The rest returned at noon.
"""

IN_PROCESS = ("--time-limit", "0", "--memory-limit", "0")


def _build(path: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out), *IN_PROCESS, *args])
    return result.exit_code, result.output


def _epub_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()}


def _article_page(members: dict[str, bytes]) -> bytes:
    return next(data for name, data in members.items() if name.endswith("article.xhtml"))


def _pdf_images(path: Path) -> set[tuple[int, int]]:
    """Return the size of each distinct image the PDF's pages draw."""
    with pikepdf.open(path) as pdf:
        return {
            (int(image.Width), int(image.Height))
            for page in pdf.pages
            for image in page.get_images().values()
        }


def test_allowed_image_is_fetched_once_and_packed_in_both_outputs(
    tmp_path: Path, image_host: ImageHost
) -> None:
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN)
    code, output = _build(article, tmp_path / "out", "--allow-remote", HOST)
    assert code == 0, output
    assert image_host.requests == Counter({"/harbour.png": 1})  # twice in the text, once here
    members = _epub_members(tmp_path / "out" / "the-harbour-at-dawn.epub")
    packed = [name for name in members if name.endswith(".png") and "cover" not in name]
    assert len(packed) == 1 and members[packed[0]] == PNG
    for name, data in members.items():  # the EPUB names nothing on the network
        assert b"img.example" not in data, name
    assert _article_page(members).count(packed[0].split("/", 1)[-1].encode()) == 2
    assert _pdf_images(tmp_path / "out" / "the-harbour-at-dawn.pdf") == {(1, 1)}


def test_nothing_is_fetched_without_the_allowance(
    tmp_path: Path, image_host: ImageHost, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN)
    code, output = _build(article, tmp_path / "out")
    assert code == 0, output
    assert image_host.requests == Counter()
    assert 'image "https://img.example/harbour.png" is on the network and is not fetched' in output
    other = tmp_path / "other"
    code, output = _build(article, other, "--allow-remote", "cdn.example")
    assert code == 0 and image_host.requests == Counter()
    assert 'host "img.example" is not allowed' in output


@pytest.mark.parametrize(
    "path, reason",
    [("/gone.png", "HTTP 404"), ("/page.png", "not a PNG, JPEG, GIF or WebP picture")],
)
def test_a_failed_fetch_is_one_warning_naming_the_image(
    tmp_path: Path,
    image_host: ImageHost,
    expect_warnings: pytest.LogCaptureFixture,
    path: str,
    reason: str,
) -> None:
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN.replace("/harbour.png", path))
    code, output = _build(article, tmp_path / "out", "--allow-remote", HOST)
    assert code == 0, output
    assert image_host.requests == Counter({path: 1})
    lines = [line for line in output.splitlines() if f"https://img.example{path}" in line]
    assert len(lines) == 1 and reason in lines[0] and ": warning: " in lines[0], output
    members = _epub_members(tmp_path / "out" / "the-harbour-at-dawn.epub")
    assert b"Boats leaving the harbour" in _article_page(members)  # its alt, in italics
    assert not [name for name in members if "images/image" in name]
    assert _pdf_images(tmp_path / "out" / "the-harbour-at-dawn.pdf") == set()


def test_a_failed_fetch_fails_a_strict_build(
    tmp_path: Path, image_host: ImageHost, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN.replace("/harbour.png", "/gone.png"))
    code, output = _build(article, tmp_path / "out", "--allow-remote", HOST, "--strict")
    assert code != 0
    assert "https://img.example/gone.png" in output


def test_a_host_on_a_private_address_is_not_fetched(
    tmp_path: Path,
    image_host: ImageHost,
    monkeypatch: pytest.MonkeyPatch,
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("publish.writers.fetcher.resolve", lambda host, port: ["10.0.0.7"])
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN)
    code, output = _build(article, tmp_path / "out", "--allow-remote", HOST)
    assert code == 0, output
    assert image_host.requests == Counter()
    lines = [line for line in output.splitlines() if "img.example/harbour.png" in line]
    assert len(lines) == 1 and "not a public address" in lines[0], output


def test_plain_http_on_an_allowed_host_is_not_fetched(
    tmp_path: Path, image_host: ImageHost, expect_warnings: pytest.LogCaptureFixture
) -> None:
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN.replace("https://img.example", "http://img.example"))
    code, output = _build(article, tmp_path / "out", "--allow-remote", HOST)
    assert code == 0, output
    assert image_host.requests == Counter()
    assert "over plain http and is not fetched" in output


# --- every reader keeps an image on an allowed host -----------------------------------------

PAGE = """<!doctype html><html lang="en"><head><title>The harbour at dawn</title>
<meta name="author" content="Ines Calloway"><meta property="article:published_time"
content="2024-03-04"></head><body><article><h1>The harbour at dawn</h1>
<p>The boats left before the light came up over the breakwater, one after the other.</p>
<figure><img src="https://img.example/harbour.png" alt="Boats leaving the harbour">
<figcaption>Dawn over the harbour</figcaption></figure>
<p>Two of them came back early, the rest returned at noon with the morning's catch.</p>
<p>The harbour master counted them in from the end of the pier, as he does every day.</p>
</article></body></html>"""

NINJS = {
    "uri": "https://news.example/items/1",
    "standard": {"name": "ninjs", "version": "2.1"},
    "headlines": [{"role": "main", "value": "The harbour at dawn"}],
    "versioncreated": "2024-03-04T06:00:00Z",
    "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>The boats left.</p>"}],
    "associations": [
        {
            "type": "picture",
            "headlines": [{"value": "Boats leaving the harbour"}],
            "renditions": [{"href": "https://img.example/harbour.png"}],
        }
    ],
}


READER_INPUTS = {
    "page.html": PAGE,
    "story.ninjs.json": json.dumps(NINJS),
    "article.md": MARKDOWN,
    "article.docx": docx_files.linked_image_docx(),
}


@pytest.mark.parametrize("name", sorted(READER_INPUTS))
def test_every_reader_keeps_an_allowed_image(
    tmp_path: Path, name: str, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / name
    data = READER_INPUTS[name]
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    article, _ = read_article(str(path), allow_remote=(HOST,))
    assert {f.src for f in figures(article.body)} == {"https://img.example/harbour.png"}
    assert not [r for r in expect_warnings.records if "harbour.png" in r.getMessage()]
    expect_warnings.clear()
    article, _ = read_article(str(path))
    assert not list(figures(article.body))
    assert any("img.example/harbour.png" in r.getMessage() for r in expect_warnings.records)


def test_a_linked_image_no_longer_refuses_a_word_file(
    tmp_path: Path, image_host: ImageHost, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "article.docx"
    path.write_bytes(docx_files.linked_image_docx())
    code, output = _build(path, tmp_path / "out")
    assert code == 0, output
    assert image_host.requests == Counter()
    code, output = _build(path, tmp_path / "allowed", "--allow-remote", HOST)
    assert code == 0, output
    assert image_host.requests == Counter({"/harbour.png": 1})


def test_the_refusal_is_one_line(tmp_path: Path, image_host: ImageHost) -> None:
    """A malformed --allow-remote stays a one-line usage error."""
    article = tmp_path / "harbour.md"
    article.write_text(MARKDOWN)
    code, output = _build(article, tmp_path / "out", "--allow-remote", "https://img.example/")
    assert code == 2
    assert "give a host name" in assert_one_error_line(output)["message"]
