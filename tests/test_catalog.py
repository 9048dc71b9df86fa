"""The catalogue of an output folder: an OPDS 1.2 acquisition feed and manifest.json.

The feed is held to what OPDS 1.2 (and the Atom it builds on, RFC 4287) requires of an
acquisition feed and its entries, parsed with lxml; feedparser, the Atom parser many feed
readers use, must read it without complaint, and calibre's "Get books" OPDS store code must
find every book in it and download each file, served over loopback HTTP. The builds are a small batch: copies of the
shipped sample, one of them PDF only, and a real web page of ../shared/corpus read in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from publish.cli import app
from publish.output.catalog import MANIFEST_NAME
from publish.output.publications import CATALOG_NAME
from publish.pipeline import build
from publish.resources import sample_article
from publish.settings import BuildSettings
from tests.conftest import CORPUS, shared_file

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
TYPES = {".epub": "application/epub+zip", ".pdf": "application/pdf"}


def _article(folder: Path, slug: str, date: str, authors: list[str]) -> Path:
    """Write the shipped sample with its own slug, title, date and authors."""
    text = sample_article().read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head = re.sub(r"\ndate: .*", f"\ndate: {date}", head)
    head = re.sub(r"\nauthors:\n(  - .*\n?)+", "\nauthors: " + json.dumps(authors) + "\n", head)
    head = head.replace("\ntitle: ", f"\nslug: {slug}\ntitle: Desk copy {slug} of ", 1)
    path = folder / f"{slug}.md"
    path.write_text(head + "\n---\n" + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder of four publications: three EPUB+PDF, one PDF only."""
    page = shared_file(CORPUS / "bbc-1" / "source.html")
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    work = tmp_path_factory.mktemp("catalog")
    articles, out = work / "articles", work / "out"
    articles.mkdir()
    _article(articles, "alpha", "2024-03-05", ["Ana Ribeiro", "Ben Okafor"])
    _article(articles, "beta", "2024-06-30", ["Chen Wei"])
    pdf_only = _article(work, "gamma", "2022-01-10", ["Dara Quinn"])
    try:
        build([str(articles), str(page)], BuildSettings(out_dir=out, jobs=2, cache=True))
        build([str(pdf_only)], BuildSettings(out_dir=out, formats=("pdf",)))
        yield out
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _catalogue(folder: Path, *extra: str) -> tuple[etree._Element, dict[str, object]]:
    result = CliRunner().invoke(app, ["catalog", str(folder), *extra])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(folder / CATALOG_NAME), str(folder / MANIFEST_NAME)]
    feed = etree.fromstring((folder / CATALOG_NAME).read_bytes())
    return feed, json.loads((folder / MANIFEST_NAME).read_bytes())


def _one(parent: etree._Element, tag: str) -> str:
    found = parent.findall(tag)
    assert len(found) == 1, (tag, len(found))
    return "".join(found[0].itertext())


def test_the_feed_is_an_opds_acquisition_feed(built: Path) -> None:
    feed, _ = _catalogue(built)
    assert feed.tag == f"{ATOM}feed"
    assert _one(feed, f"{ATOM}id").startswith("urn:uuid:")
    assert _one(feed, f"{ATOM}title") == "Publications"
    assert RFC3339.fullmatch(_one(feed, f"{ATOM}updated"))
    assert _one(feed, f"{ATOM}author/{ATOM}name")  # entries without authors inherit it
    self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [(link.get("href"), link.get("type")) for link in self_links] == [
        (CATALOG_NAME, ACQUISITION_FEED)
    ]
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    ids = [_one(entry, f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 4 and all(i.startswith("urn:uuid:") for i in ids)
    stamps = [_one(entry, f"{ATOM}updated") for entry in entries]
    assert all(RFC3339.fullmatch(stamp) for stamp in stamps)
    assert stamps == sorted(stamps, reverse=True)  # a complete feed: newest first
    assert _one(feed, f"{ATOM}updated") == stamps[0]
    for entry in entries:
        _check_entry(entry, built)


def _check_entry(entry: etree._Element, folder: Path) -> None:
    """Hold one entry to OPDS 1.2 section 5: ids, title, summary, acquisition links."""
    identifiers = [i.text for i in entry.findall(f"{DC}identifier")]
    assert _one(entry, f"{ATOM}id") not in identifiers  # dc:identifier names the book
    assert entry.find(f"{DC}title") is None and entry.find(f"{DC}creator") is None
    assert _one(entry, f"{ATOM}title")
    for summary in entry.findall(f"{ATOM}summary"):
        assert summary.get("type") == "text" and len(summary) == 0
    links = entry.findall(f"{ATOM}link")
    acquisitions = [
        link for link in links if link.get("rel", "").startswith("http://opds-spec.org/acquisition")
    ]
    assert acquisitions
    for link in acquisitions:
        target = folder / link.get("href")
        assert target.is_file()
        assert link.get("type") == TYPES[target.suffix]
        assert int(link.get("length")) == target.stat().st_size
    # RFC 4287 4.1.2: an entry without atom:content has an alternate link
    assert entry.find(f"{ATOM}content") is not None or any(
        link.get("rel") == "alternate" for link in links
    )


def test_entries_carry_the_articles_metadata(built: Path) -> None:
    feed, manifest = _catalogue(built)
    entries = {_one(e, f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    alpha = entries[next(t for t in entries if "alpha" in t)]
    assert [n.text for n in alpha.findall(f"{ATOM}author/{ATOM}name")] == [
        "Ana Ribeiro",
        "Ben Okafor",
    ]
    assert _one(alpha, f"{DC}language") == "en-GB"
    assert _one(alpha, f"{DC}issued") == "2024-03-05"
    assert _one(alpha, f"{ATOM}updated") == "2024-03-05T00:00:00Z"  # the article's, not today
    assert _one(alpha, f"{ATOM}summary").startswith("An open letter argues")
    thumbnails = [
        link.get("href")
        for link in alpha.findall(f"{ATOM}link")
        if link.get("rel") == "http://opds-spec.org/image/thumbnail"
    ]
    assert len(thumbnails) == 1 and thumbnails[0].startswith("data:image/png;base64,")
    gamma = entries[next(t for t in entries if "gamma" in t)]  # PDF only: its XMP speaks
    assert [n.text for n in gamma.findall(f"{ATOM}author/{ATOM}name")] == ["Dara Quinn"]
    assert _one(gamma, f"{DC}issued") == "2022-01-10"
    assert _one(gamma, f"{DC}language") == "en-GB"
    assert [
        link.get("type")
        for link in gamma.findall(f"{ATOM}link")
        if "acquisition" in link.get("rel", "")
    ] == ["application/pdf"]
    page = entries["Obama admits US gun laws are his 'biggest frustration'"]
    assert _one(page, f"{DC}issued") == "2015-07-24"
    assert _one(page, f"{DC}language") == "en"
    publications = manifest["publications"]
    assert isinstance(publications, list) and len(publications) == 4
    for publication in publications:
        for file in publication["files"]:
            data = (built / file["name"]).read_bytes()
            assert file["size"] == len(data)
            assert file["sha256"] == hashlib.sha256(data).hexdigest()
            assert file["type"] == TYPES[Path(file["name"]).suffix]


def test_a_feed_reader_parses_it(built: Path) -> None:
    feedparser = pytest.importorskip("feedparser", reason="feedparser is in the test extra")
    _catalogue(built)
    parsed = feedparser.parse((built / CATALOG_NAME).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 4
    for entry in parsed.entries:
        assert entry.title and entry.id and entry.updated_parsed
        assert any(link.rel == "http://opds-spec.org/acquisition" for link in entry.links)


CALIBRE_CLIENT = """
import hashlib, json, os
from calibre.gui2.ebook_download import download_file
from calibre.gui2.store.opensearch_store import open_search
from calibre.gui2.store.search.download_thread import decode_data_url

books = []
for found in open_search(os.environ["OPENSEARCH_URL"], "desk", max_results=50, timeout=30):
    files = {}
    for kind, url in found.downloads.items():
        with open(download_file(url), "rb") as book:
            files[kind] = hashlib.sha256(book.read()).hexdigest()
    cover = found.cover_url
    books.append({
        "title": found.title, "author": found.author, "downloads": found.downloads,
        "files": files, "cover": decode_data_url(cover).hex() if cover.startswith("data:") else "",
    })
with open(os.environ["CALIBRE_RESULT"], "w") as result:
    json.dump(books, result)
"""
"""calibre's own client: the OPDS search of its "Get books" store plugins (OpenSearchOPDSStore,
calibre/gui2/store/opensearch_store.py), then its downloader for each acquisition link."""

OPENSEARCH = (
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">'
    "<ShortName>Desk</ShortName>"
    '<Url type="application/atom+xml" template="{base}catalog.xml?q={{searchTerms}}"/>'
    "</OpenSearchDescription>"
)


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    """Serve FOLDER over HTTP on loopback; yield its base URL."""
    handler = partial(_QuietFiles, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass


def test_calibre_finds_and_downloads_every_book(built: Path, tmp_path: Path) -> None:
    calibre = shutil.which("calibre-debug")
    if calibre is None:
        if os.environ.get("PUBLISH_REQUIRE_CALIBRE") == "1":
            pytest.fail("calibre is required (PUBLISH_REQUIRE_CALIBRE=1) but not installed")
        pytest.skip("calibre's calibre-debug is not installed (Debian package calibre)")
    served = tmp_path / "served"
    served.mkdir()
    for path in built.iterdir():
        if path.suffix in TYPES:
            shutil.copyfile(path, served / path.name)
    with _served(served) as base:
        _catalogue(served, "--base-url", base)
        (served / "opensearch.xml").write_text(OPENSEARCH.format(base=base), encoding="utf-8")
        feed = etree.fromstring((served / CATALOG_NAME).read_bytes())
        config = tmp_path / "calibre-config"
        subprocess.run(
            [calibre, "-c", CALIBRE_CLIENT],
            env=dict(
                os.environ,
                OPENSEARCH_URL=base + "opensearch.xml",
                CALIBRE_RESULT=str(tmp_path / "books.json"),
                CALIBRE_CONFIG_DIRECTORY=str(config),
                TMPDIR=str(tmp_path),
            ),
            capture_output=True,
            timeout=120,
            check=True,
        )
    books = {book["title"]: book for book in json.loads((tmp_path / "books.json").read_text())}
    assert sorted(books) == sorted(_one(e, f"{ATOM}title") for e in feed.findall(f"{ATOM}entry"))
    alpha = books[next(title for title in books if "alpha" in title)]
    assert alpha["author"] == "Ana Ribeiro, Ben Okafor"
    assert alpha["downloads"] == {"EPUB": base + "alpha.epub", "PDF": base + "alpha.pdf"}
    assert bytes.fromhex(alpha["cover"]).startswith(b"\x89PNG\r\n\x1a\n")
    gamma = books[next(title for title in books if "gamma" in title)]
    assert gamma["author"] == "Dara Quinn" and list(gamma["downloads"]) == ["PDF"]
    page = books["Obama admits US gun laws are his 'biggest frustration'"]
    assert page["author"] and sorted(page["downloads"]) == ["EPUB", "PDF"]
    for book in books.values():  # calibre fetched every file, whole
        assert book["files"] and book["files"].keys() == book["downloads"].keys()
        for kind, digest in book["files"].items():
            name = book["downloads"][kind].removeprefix(base)
            assert digest == hashlib.sha256((served / name).read_bytes()).hexdigest()


def test_a_base_url_must_be_an_http_folder(built: Path) -> None:
    for wrong in ("ftp://books.example/", "books.example/desk", "https://books.example/?a=1"):
        result = CliRunner().invoke(app, ["catalog", str(built), "--base-url", wrong])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"{wrong}: error: --base-url: give the http(s) address")
    feed, _ = _catalogue(built, "--base-url", "https://books.example/desk")
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(
        h.startswith(("https://books.example/desk/", "data:image/png;base64,")) for h in hrefs
    )


def test_same_folder_same_bytes(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _catalogue(built, "--title", "Morning desk")
    first = [(built / name).read_bytes() for name in (CATALOG_NAME, MANIFEST_NAME)]
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in built.iterdir():
        if path.suffix in TYPES:
            (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # dates come from the files
    _catalogue(copy, "--title", "Morning desk")
    assert [(copy / name).read_bytes() for name in (CATALOG_NAME, MANIFEST_NAME)] == first
    assert b"<title>Morning desk</title>" in first[0]


def test_build_catalog_writes_both_even_when_an_article_fails(tmp_path: Path) -> None:
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    _article(articles, "delta", "2024-02-01", ["Eli Mbeki"])
    (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", str(articles), "-o", str(out), "--format", "epub", "--catalog"]
    )
    assert result.exit_code == 3, result.output  # the failure's code, as without --catalog
    assert str(out / CATALOG_NAME) in result.stdout.split()
    manifest = json.loads((out / MANIFEST_NAME).read_bytes())
    assert [p["slug"] for p in manifest["publications"]] == ["delta"]


def test_unreadable_files_and_empty_folders_are_one_line_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["catalog", str(empty)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{empty}: error: no EPUB or PDF in the folder to catalogue"
    (empty / "bad.epub").write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(app, ["catalog", str(empty)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{empty / 'bad.epub'}: error: not a readable EPUB")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (empty / CATALOG_NAME).exists() and not (empty / MANIFEST_NAME).exists()


def _epub(path: Path, package: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            (
                '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
                '<rootfiles><rootfile full-path="p.opf" media-type="application/oebps-package+xml"/>'
                "</rootfiles></container>"
            ),
        )
        archive.writestr("p.opf", package)


def test_hostile_files_in_the_folder_are_refused_or_read_safely(tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("SECRET-CANARY", encoding="utf-8")
    folder = tmp_path / "dist"
    folder.mkdir()
    _epub(
        folder / "entity.epub",
        (
            f'<!DOCTYPE package [<!ENTITY leak SYSTEM "file://{canary}">]>'
            '<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="id"><metadata '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:x</dc:identifier>'
            "<dc:title>Leak &leak;</dc:title><dc:date>2024-01-01</dc:date></metadata></package>"
        ).encode(),
    )
    result = CliRunner().invoke(app, ["catalog", str(folder)])
    assert result.exit_code == 0, result.output
    assert b"SECRET-CANARY" not in (folder / CATALOG_NAME).read_bytes()  # no entity expanded
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n not a real PDF")
    result = CliRunner().invoke(app, ["catalog", str(folder)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{folder / 'broken.pdf'}: error: not a readable PDF")
    assert len(result.stderr.strip().splitlines()) == 1
    (folder / "broken.pdf").unlink()
    _epub(folder / "untitled.epub", b'<package xmlns="http://www.idpf.org/2007/opf"/>')
    result = CliRunner().invoke(app, ["catalog", str(folder)])
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"{folder / 'untitled.epub'}: error: states no title; is it a publish output?"
    )
