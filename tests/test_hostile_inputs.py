"""The catalogue of broken and hostile inputs, one table row each.

Every row is built through the command line with sockets disabled and every opened file
recorded. Each row checks the exit code, the one-line message (or the text that must appear
literally in the outputs), that no file outside the allowed folders was opened, that the
canary's text is in no output, and that out/ holds only complete files.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.compiled import cache_folder
from publish.readers.html import load_trafilatura
from publish.resources import theme_dir
from publish.writers.pdf.libraries import library_folders
from tests import docx_files
from tests.hostile_support import (
    CANARY_TEXT,
    OpenRecorder,
    assert_one_error_line,
    assert_only_complete_outputs,
    no_network,
    opened_files,
    output_texts,
)

__all__ = ["no_network", "opened_files"]  # fixtures used by name

# trafilatura imports urllib3, which reads socket.socket at import: load it before the rows
# replace the socket functions (a real build imports it with the sockets intact).
load_trafilatura()

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4b50000000049454e44ae426082"
)

FM = "---\ntitle: A headline\ndate: 2024-01-02\n---\n\n"
"""Front matter of a valid Markdown article; rows add a body after it."""

CANARY = "{canary}"
"""Placeholder in a row's text for the absolute path of the canary file."""


@dataclass(frozen=True)
class Case:
    """One hostile input: what is written, and what building it must give."""

    name: str
    file: str
    content: str | bytes
    code: int
    message: str | None = None
    """Regex the error line's MESSAGE must match (for failures)."""
    line: int | None = None
    literal: tuple[str, ...] = ()
    """Texts that must appear in the EPUB as written (for successes)."""
    absent: tuple[str, ...] = ()
    """Texts that must appear in no output (for successes)."""
    warning: str | None = None
    args: tuple[str, ...] = ()
    """More command-line arguments; `{folder}` stands for the article's folder."""
    extra_files: dict[str, bytes] = field(default_factory=dict)
    marks: tuple[pytest.MarkDecorator, ...] = ()


def _text(body: str) -> str:
    return "Headline of the piece\nAug 14 2023\n\n" + body


def _deep_json(depth: int) -> str:
    return '{"headline": "x", "date": "2024-01-01", "body": ' + "[" * depth + "]" * depth + "}"


def _json_link(href: str) -> str:
    return (
        '{"headline": "x", "date": "2024-01-01",\n "body": [{"type": "paragraph", '
        '"inlines": [{"type": "link", "href": "' + href + '", "children": '
        '[{"type": "text", "text": "see"}]}]}]}'
    )


def _json_lists(depth: int) -> str:
    item = '{"type": "paragraph", "inlines": [{"type": "text", "text": "deep"}]}'
    for _ in range(depth):
        item = '{"type": "list", "items": [{"blocks": [' + item + "]}]}"
    return '{"headline": "x", "date": "2024-01-01", "body": [' + item + "]}"


def _huge_text(words: int) -> str:
    vocabulary = ["river", "station", "council", "harbour", "winter", "ledger", "orchard"]
    paragraphs = []
    for start in range(0, words, 100):
        paragraphs.append(" ".join(vocabulary[(start + i) % 7] for i in range(100)) + ".")
    return FM + "\n\n".join(paragraphs) + "\n"


SVG_WITH_CANARY = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10" height="10"><image xlink:href="file://{canary}" width="10" height="10"/>'
    "</svg>"
)

_PAGE_TEXT = " ".join(
    f"<p>Paragraph {i} of the page tells how the ferry crossing was timed at {i} minutes "
    "by the harbour pilots, who kept a log of every run through the winter.</p>"
    for i in range(8)
)
_PAGE = (
    "<html lang='en'><head><title>Ferry timings</title>"
    "<meta property='article:published_time' content='2024-02-03'></head><body>"
    "<article><h1>Ferry timings</h1>{extra}" + _PAGE_TEXT + "</article></body></html>"
)
_NINJS = (
    '{{"uri": "https://wire.example/1", "standard": {{"name": "ninjs", "version": "2.0"}},'
    ' {headline} "versioncreated": "2024-02-03T10:00:00Z", "bodies": [{{"contenttype": '
    '"text/html", "value": "{body}"}}]{extra}}}'
)
NEW_READER_CASES = [
    Case("html-empty", "a.html", "", 3, r"the page is empty"),
    Case(
        "html-all-script",
        "a.html",
        "<html><head><title>T</title><script>" + "var x = 1;" * 2000 + "</script></head>"
        "<body><script>document.write('hi')</script><noscript></noscript></body></html>",
        3,
        r"no article text found",
    ),
    Case(
        "html-remote-image",
        "a.html",
        _PAGE.replace("{extra}", "<p><img src='https://cdn.example/p.jpg' alt='x'></p>"),
        0,
        literal=("Paragraph 7 of the page", "x"),
        warning=r'image "https://cdn.example/p.jpg" '
        r"is on the network and is not fetched",
    ),
    Case(
        "html-author-only-a-label",
        "a.html",
        _PAGE.replace("<body>", "<body><div class='info'><span id='author'>Von:</span></div>"),
        0,
        literal=("Paragraph 7 of the page",),
        absent=("Von",),
    ),
    Case(
        "ninjs-byline-only-a-label",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}], "by": "Von",',
            body="<p>The pier was repainted in blue.</p>",
            extra="",
        ),
        0,
        literal=("The pier was repainted in blue.",),
        absent=("Von",),
    ),
    Case(
        "html-image-outside",
        "a.html",
        _PAGE.replace("{extra}", "<figure><img src='../secret/canary.png' alt='x'></figure>"),
        0,
        literal=("Paragraph 7 of the page",),
        warning=r"left out: only images saved beside",
    ),
    Case(
        "ninjs-no-headline",
        "a.ninjs.json",
        _NINJS.format(headline="", body="<p>Words.</p>", extra=""),
        3,
        r"no headline",
    ),
    Case(
        "ninjs-headline-not-a-string",
        "a.ninjs.json",
        _NINJS.format(headline='"headlines": [{"value": {"x": 1}}],', body="<p>W.</p>", extra=""),
        3,
        r"^\$\.headlines\[0\]\.value: expected a string, found an object \(ninjs 2\.x\)$",
    ),
    Case(
        "ninjs-renditions-not-a-list",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}],',
            body="<p>W.</p>",
            extra=', "associations": [{"type": "picture", "renditions": "ferry.png"}]',
        ),
        3,
        r"^\$\.associations\[0\]\.renditions: expected a list, found a string",
    ),
    Case(
        "ninjs-bad-date",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}],', body="<p>W.</p>", extra=""
        ).replace("2024-02-03T10:00:00Z", "3 Feb"),
        3,
        r"^\$\.versioncreated: expected a date and time",
    ),
    Case(
        "ninjs-script-body",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}],', body="<script>alert(1)</script>", extra=""
        ),
        3,
        r"no body",
    ),
    Case(
        "ninjs-remote-picture",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}],',
            body="<p>The pier was repainted in blue.</p>",
            extra=', "associations": [{"type": "picture", "renditions": [{"href": "{canary}"}]}]',
        ),
        0,
        literal=("The pier was repainted in blue.",),
        warning=r"picture .* left out",
    ),
    Case(
        "docx-linked-image",
        "a.docx",
        docx_files.linked_image_docx("https://cdn.example/p.png"),
        0,
        literal=("The boats left before the light came up.", "Boats leaving the harbour"),
        absent=("cdn.example",),
        warning=r'image "https://cdn.example/p.png" is on the network and is not fetched',
    ),
    Case(
        "docx-linked-local-file",
        "a.docx",
        docx_files.linked_image_docx("file:///etc/passwd"),
        0,
        literal=("The boats left before the light came up.", "Boats leaving the harbour"),
        absent=("root:x:0:0",),
        warning=r'image "\(no source\)" left out',
    ),
    Case(
        "html-image-on-a-host-not-allowed",
        "a.html",
        _PAGE.replace("{extra}", "<figure><img src='https://cdn.example/p.jpg' alt='x'></figure>"),
        0,
        literal=("Paragraph 7 of the page",),
        absent=("cdn.example",),
        warning=r'host "cdn.example" is not allowed',
        args=("--allow-remote", "img.example", "-f", "epub"),
    ),
    Case(
        "ninjs-picture-over-http-on-an-allowed-host",
        "a.ninjs.json",
        _NINJS.format(
            headline='"headlines": [{"value": "H"}],',
            body="<p>The pier was repainted in blue.</p>",
            extra=', "associations": [{"type": "picture", '
            '"renditions": [{"href": "http://img.example/p.jpg"}]}]',
        ),
        0,
        literal=("The pier was repainted in blue.",),
        absent=("img.example",),
        warning=r"picture .* left out: only renditions saved beside the item or on an allowed",
        args=("--allow-remote", "img.example", "-f", "epub"),
    ),
    Case(
        "md-image-over-http-on-an-allowed-host",
        "a.md",
        FM + "![Pier at dawn](http://img.example/p.jpg)\n",
        0,
        literal=("Pier at dawn",),
        absent=("img.example",),
        warning=r"over plain http and is not fetched; give its https address",
        args=("--allow-remote", "img.example", "-f", "epub"),
    ),
    Case(
        "docx-style-map-drops-an-editor-note",
        "a.docx",
        docx_files.newsroom_docx(),
        0,
        literal=("We cannot wait another winter.", "What happens next"),
        absent=("Check the figures",),
        args=("--word-styles", "{folder}/styles.yml", "-f", "epub"),
        extra_files={
            "styles.yml": b"paragraphs:\n  Editor Note: drop\n  Sub Head: heading 2\n"
            b"  Pull Quote: quote\n"
        },
    ),
    Case(
        "docx-zip-bomb",
        "a.docx",
        docx_files.ratio_bomb_docx(),
        3,
        r"unpacks \d+ times its packed size",
    ),
    Case("docx-entities", "a.docx", docx_files.entity_docx(), 3, r"declares XML entities"),
    Case(
        "docx-tracked-changes",
        "a.docx",
        docx_files.tracked_docx(),
        3,
        r"tracked changes or comments \(1 insertion, 1 deletion\)",
    ),
    Case("docx-comment", "a.docx", docx_files.commented_docx(), 3, r"\(1 comment\)"),
    Case(
        "docx-accept-changes",
        "a.docx",
        docx_files.tracked_docx(),
        0,
        literal=("The quay reopens in July after",),
        absent=("June",),
        args=("--accept-changes", "--format", "epub"),
    ),
    Case("docx-not-zip", "a.docx", b"plain text pretending to be Word", 3, r"not a zip"),
]

CASES = [
    # --- Encoding ------------------------------------------------------------------------
    Case(
        "invalid-utf8",
        "a.txt",
        _text("bad \xff byte\n").encode("latin-1"),
        3,
        r"invalid UTF-8 \(byte 0xff\)",
        line=4,
    ),
    Case(
        "utf8-bom",
        "a.txt",
        codecs.BOM_UTF8 + _text("Body with a BOM.\n").encode(),
        0,
        literal=("Body with a BOM.",),
    ),
    Case(
        "utf16-bom",
        "a.txt",
        _text("Body in UTF-16.\n").encode("utf-16"),
        0,
        literal=("Body in UTF-16.",),
    ),
    Case(
        "crlf",
        "a.txt",
        _text("One.\n\nTwo.\n").replace("\n", "\r\n").encode(),
        0,
        literal=("One.", "Two."),
    ),
    Case(
        "lone-cr",
        "a.txt",
        _text("Uno.\n\nDos.\n").replace("\n", "\r").encode(),
        0,
        literal=("Uno.", "Dos."),
    ),
    Case("nul", "a.txt", _text("a\x00b\n"), 3, r"control character U\+0000", line=4),
    Case(
        "bell",
        "a.md",
        FM + "ring \x07\n",
        0,
        literal=("ring",),
        warning=r"a\.md:6: warning: control character U\+0007 dropped",
    ),
    Case(
        "stx-in-markdown",
        "a.md",
        FM + "A stray\x02 control.\n",
        0,
        literal=("A stray control.",),
        warning=r":6: warning: control character U\+0002",
    ),
    Case(
        "c1-windows-1252",
        "a.txt",
        _text("He said \x93fine\x94 \x97 twice.\n"),
        0,
        literal=("He said \u201cfine\u201d \u2014 twice.",),
        warning=r"3 Windows-1252 characters read as C1 controls",
    ),
    Case(
        "c1-undefined",
        "a.txt",
        _text("Odd \x8d byte.\n"),
        0,
        literal=("Odd byte.",),
        warning=r"control character U\+008D dropped",
    ),
    Case(
        "json-escaped-c1",
        "a.json",
        '{"headline": "The \\u0093quay\\u0094", "date": "2024-01-01", "body": []}',
        0,
        literal=("The \u201cquay\u201d",),
        warning=r"Windows-1252 characters? read as C1",
    ),
    Case(
        "json-lone-surrogate",
        "a.json",
        '{"headline": "a\\ud800b", "date": "2024-01-01", "body": []}',
        3,
        r"headline: .*unicode",
    ),
    Case(
        "zero-width-bidi-headline",
        "a.md",
        '---\ntitle: "Safe\u200b \u202eelif.exe\u202c title"\ndate: 2024-01-02\n---\n\nText.\n',
        0,
        literal=("Text.",),
    ),
    # --- Size and shape ------------------------------------------------------------------
    Case("empty-md", "a.md", "", 3, r"no headline"),
    Case("empty-txt", "a.txt", "", 3, r"."),
    Case("headline-only", "a.md", "# Only a headline\n", 3, r"no date"),
    Case("date-only", "a.txt", "2024-01-02\n", 3, r"."),
    Case(
        "nested-quotes-5000",
        "a.md",
        FM + "> " * 5000 + "deep\n",
        3,
        r"nest more than \d+ levels",
        line=6,
    ),
    Case(
        "nested-lists-5000",
        "a.md",
        FM + "- " * 5000 + "deep\n",
        3,
        r"nest more than \d+ levels",
        line=6,
    ),
    Case("nested-emphasis", "a.md", FM + "*_" * 300 + "x" + "_*" * 300 + "\n", 0),
    Case("long-word", "a.md", FM + "w" * 3000 + "\n", 0, literal=("w" * 3000,)),
    Case(
        "long-url", "a.md", FM + f"[link](https://example.org/{'u' * 3000})\n", 0, literal=("link",)
    ),
    Case(
        "paragraphs-10000",
        "a.md",
        FM + "\n\n".join(f"Paragraph {i}." for i in range(10_000)) + "\n",
        0,
        literal=("Paragraph 9999.",),
        args=("--format", "epub"),
        marks=(pytest.mark.slow,),
    ),
    Case(
        "words-200000",
        "a.md",
        _huge_text(200_000),
        0,
        literal=("orchard river",),
        marks=(pytest.mark.slow,),
    ),
    # --- Front matter --------------------------------------------------------------------
    Case(
        "python-object",
        "a.md",
        "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\ndate: 2024-01-02\n---\n",
        3,
        r"front matter: .*(tag|constructor)",
        line=2,
    ),
    Case(
        "alias-bomb",
        "a.md",
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: T\ndate: 2024-01-02\n---\n",
        3,
        r"anchors or aliases",
        line=2,
    ),
    Case(
        "unterminated",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\n\nBody.\n",
        3,
        r"no closing ---",
        line=1,
    ),
    Case(
        "duplicate-keys",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\ntitle: U\n---\n",
        3,
        r'key "title" appears twice',
        line=4,
    ),
    Case(
        "title-no",
        "a.md",
        "---\ntitle: NO\ndate: 2024-01-02\n---\n",
        3,
        r"title: must be text, not the boolean false",
        line=2,
    ),
    Case("date-feb-30", "a.md", "---\ntitle: T\ndate: 2024-02-30\n---\n", 3, r"date: ", line=3),
    Case("date-yesterday", "a.md", "---\ntitle: T\ndate: yesterday\n---\n", 3, r"date: ", line=3),
    Case(
        "unknown-key",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nmood: grumpy\n---\nText.\n",
        0,
        warning=r'unknown front matter key "mood"',
    ),
    Case(
        "slug-dotdot",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nslug: ../escape\n---\n",
        3,
        r"slug: .*not a slug",
    ),
    Case(
        "slug-absolute",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nslug: /tmp/escape\n---\n",
        3,
        r"slug: .*not a slug",
    ),
    Case(
        "cover-dotdot",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\ncover: ../secret/canary.png\n---\n",
        3,
        r"cover: .*may not leave",
    ),
    Case(
        "cover-absolute",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\ncover: {canary}\n---\n",
        3,
        r"cover: .*absolute path",
    ),
    # --- Markup --------------------------------------------------------------------------
    # Raw HTML in Markdown prints as typed, as text (its quotes left straight).
    Case(
        "html-img-file",
        "a.md",
        FM + '<img src="file:///etc/passwd">\n',
        0,
        literal=('<img src="file:///etc/passwd">',),
    ),
    Case(
        "md-image-dotdot",
        "a.md",
        FM + "![x](../../../etc/passwd)\n",
        3,
        r'image "../../../etc/passwd": may not leave',
        line=6,
    ),
    # An absolute path is left out unread, as a web page's site-root image is (a warning).
    Case(
        "md-image-absolute",
        "a.md",
        FM + "Before.\n\n![Canary chart]({canary})\n",
        0,
        literal=("Before.", "Canary chart"),
        absent=("canary.txt",),
        warning=r'image ".*canary\.txt" left out: must be a path relative',
    ),
    Case(
        "md-image-missing",
        "a.md",
        FM + "Before.\n\n![Tide chart](tides.png)\n",
        0,
        literal=("Before.", "Tide chart"),
        warning=r'image "tides\.png" left out: no such file beside the article; its text',
    ),
    Case(
        "md-image-file-url",
        "a.md",
        FM + "![x](file:///etc/passwd)\n",
        0,
        literal=("![x](file:///etc/passwd)",),
    ),
    Case(
        "md-image-metadata",
        "a.md",
        FM + "![Harbour map](http://169.254.169.254/latest)\n",
        0,
        literal=("Harbour map",),
        absent=("169.254",),
        warning=r'image "http://169.254.169.254/latest" is on the network and is not fetched',
    ),
    Case(
        "md-image-remote",
        "a.md",
        FM + "Before.\n\n![Pier at dawn](https://cdn.example/p.jpg)"
        "\n\n![](//cdn.example/deco.png)\n",
        0,
        literal=("Before.", "Pier at dawn"),
        absent=("cdn.example",),
        warning=r"not fetched; save it beside the article",
    ),
    Case(
        "md-image-data-url",
        "a.md",
        FM + "![x](data:image/png;base64,AAAA)\n",
        3,
        r"only files beside the article may be used, not URLs",
        line=6,
    ),
    Case(
        "html-img-metadata",
        "a.md",
        FM + '<img src="http://169.254.169.254/">\n',
        0,
        literal=('<img src="http://169.254.169.254/">',),
    ),
    Case(
        "link-attachment",
        "a.md",
        FM + 'Text <link rel="attachment" href="file://{canary}"> more.\n',
        0,
        literal=('<link rel="attachment"',),
    ),
    Case(
        "style-url-file",
        "a.md",
        FM + "<style>body { background: url(file://{canary}) }</style>\n",
        0,
        literal=("<style>",),
    ),
    Case(
        "base-href",
        "a.md",
        FM + '<base href="file:///etc/">\n\n![x](map.png)\n',
        0,
        extra_files={"map.png": PNG_1PX},
        literal=('<base href="file:///etc/">',),
    ),
    Case(
        "script",
        "a.md",
        FM + "<script>alert(1)</script>\n",
        0,
        literal=("<script>alert(1)</script>",),
    ),
    Case(
        "body-and-cdata-end",
        "a.md",
        FM + "Ends </body> here ]]> and <![CDATA[ x\n",
        0,
        literal=("</body>", "]]>", "<![CDATA["),
    ),
    Case(
        "jinja-literal",
        "a.md",
        FM + "Sum {{ 7*7 }} and {% include 'base.html.j2' %} stay.\n",
        0,
        literal=("{{ 7*7 }}", "{% include ‘base.html.j2’ %}"),
        absent=("Sum 49",),
    ),
    Case(
        "headline-closes-title",
        "a.md",
        '---\ntitle: "</title><script>alert(1)</script>"\ndate: 2024-01-02\n---\n\nText.\n',
        0,
        literal=("</title><script>alert(1)</script>",),
    ),
    Case(
        "link-file-scheme",
        "a.md",
        FM + "[see](file:///etc/passwd) and "
        "[run](javascript:alert(1)) and [data](data:text/html,x)\n",
        0,
        literal=("[see](file:///etc/passwd)",),
        absent=('href="file:', 'href="javascript:', 'href="data:'),
    ),
    Case(
        "link-relative-file",
        "a.md",
        FM + "[notes](../secret/canary.txt)\n",
        0,
        literal=("notes",),
        absent=('href="../',),
    ),
    Case(
        "svg-references-canary",
        "a.md",
        FM + "![map](map.svg)\n",
        4,
        r"may not read: .*outside",
        extra_files={"map.svg": SVG_WITH_CANARY.encode()},
    ),
    # --- JSON ----------------------------------------------------------------------------
    Case("json-deep", "a.json", _deep_json(100_000), 3, r"nested too deeply"),
    Case(
        "json-deep-blocks",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "body": ['
        + '{"type": "blockquote", "blocks": [' * 200
        + "]}" * 200
        + "]}",
        3,
        r"nest more than 24 levels",
    ),
    Case(
        "json-nan",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "n": NaN}',
        3,
        r"NaN is not a number JSON allows",
    ),
    Case(
        "json-huge-int",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "n": ' + "9" * 5000 + "}",
        3,
        r"more than 4300 digits",
    ),
    Case(
        "json-wrong-type", "a.json", '{"headline": ["x"], "date": "2024-01-01"}', 3, r"^headline: "
    ),
    Case(
        "json-duplicate",
        "a.json",
        '{"headline": "x", "headline": "y", "date": "2024-01-01"}',
        3,
        r'key "headline" appears twice',
    ),
    Case("json-not-object", "a.json", "[1, 2, 3]", 3, r"one object"),
    Case(
        "json-both-spellings",
        "a.json",
        '{"headline": "x", "title": "y", "date": "2024-01-01"}',
        3,
        r'"title" and "headline" are the same field',
    ),
    Case(
        "json-ragged-table",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "body": [{"type": "table", "align": [null],'
        ' "rows": [{"cells": [{"inlines": []}, {"inlines": []}]}]}]}',
        3,
        r"table body row 1 has 2 cells, the table has 1 columns",
    ),
    # --- Tables --------------------------------------------------------------------------
    Case(
        "md-table-extra-cells",
        "a.md",
        FM + "| alpha | beta |\n|---|---|\n| one | two | three |\n",
        0,
        literal=("alpha", "two"),
        absent=("three",),
        warning=r"a\.md:8: warning: table row has 3 cells, the header 2; the last one is left",
    ),
    Case(
        "md-table-300-columns",
        "a.md",
        FM + "|" + " c |" * 300 + "\n|" + "---|" * 300 + "\n|" + " 1 |" * 299 + " last |\n",
        0,
        literal=("last",),
    ),
    # --- Markdown as written (issue 12) ---------------------------------------------------
    Case(
        "md-footnote-uncited",
        "a.md",
        FM + "Cited.[^a]\n\n[^a]: Kept.\n[^b]: Spare.\n",
        0,
        literal=("Kept.",),
        absent=("Spare.",),
        warning=r"footnote \[\^b\] is never cited",
    ),
    Case(
        "md-footnote-undefined",
        "a.md",
        FM + "Marker[^nowhere] here.\n",
        0,
        literal=("Marker[^nowhere] here.",),
        warning=r"marker \[\^nowhere\] has no footnote",
    ),
    Case(
        "md-footnote-500-refs",
        "a.md",
        FM + "Cited[^a]. " * 500 + "\n\n[^a]: One note.\n",
        0,
        literal=("One note.",),
        args=("--format", "epub"),
    ),
    Case(
        "md-link-missing-anchor",
        "a.md",
        FM + "See [the part](#nowhere) below.\n",
        0,
        literal=("See the part below.",),
        absent=('href="#nowhere"',),
        warning=r'link to "#nowhere": no heading or block has that id',
    ),
    Case(
        "html-link-missing-anchor",
        "a.html",
        _PAGE.replace("{extra}", "<p>Read <a href='#gone'>the part</a> first.</p>"),
        0,
        literal=("Paragraph 7 of the page",),
        absent=('href="#gone"',),
        warning=r'link to "#gone"',
    ),
    # --- Saved web pages, ninjs, Word ------------------------------------------------------
    *NEW_READER_CASES,
    # --- Messages that could be forged (issue 17, class 3): echoed values are escaped ----
    Case(
        "forged-json-language",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "language": '
        '"en\\nother.md:1: error: forged", "body": []}',
        3,
        r'^language: "en\\nother\.md:1: error: forged" is not',
        line=1,
    ),
    Case(
        "forged-yaml-block-date",
        "a.md",
        "---\ntitle: T\ndate: |\n  2024-01-02\n  other.md:1: error: forged\n---\n",
        3,
        r'^date: "2024-01-02\\nother\.md:1: error: forged" is not a date',
        line=3,
    ),
    # --- One link policy, documented limits (issue 17, class 6) ---------------------------
    Case(
        "json-link-javascript",
        "a.json",
        _json_link("javascript:alert(1)"),
        3,
        r'^body\.0\.paragraph\.inlines\.0\.link\.href: "javascript:alert\(1\)" is not a '
        r"link an article may hold",
        line=2,
    ),
    Case(
        "json-link-file",
        "a.json",
        _json_link("file://{canary}"),
        3,
        r'"file://.*canary\.txt" is not a link',
        line=2,
    ),
    Case(
        "json-link-data",
        "a.json",
        _json_link("data:text/html,x"),
        3,
        r'"data:text/html,x" is not a link',
        line=2,
    ),
    Case(
        "json-link-dotdot",
        "a.json",
        _json_link("../secret/canary.txt"),
        3,
        r'"\.\./secret/canary\.txt" is not a link',
        line=2,
    ),
    Case("json-link-bare-hash", "a.json", _json_link("#"), 3, r'"#" is not a link', line=2),
    Case("json-link-https", "a.json", _json_link("https://example.org/a"), 0, literal=("see",)),
    Case(
        "md-link-bare-hash",
        "a.md",
        FM + "[none](#) and [start](#top)\n",
        0,
        literal=("none and start",),
        absent=('href="#"',),
    ),
    Case("nested-quotes-24", "a.md", FM + "> " * 24 + "deep\n", 0, literal=("deep",)),
    Case(
        "nested-quotes-25",
        "a.md",
        FM + "> " * 25 + "deep\n",
        3,
        r"nest more than 24 levels",
        line=6,
    ),
    Case("nested-lists-24", "a.md", FM + "- " * 24 + "deep\n", 0, literal=("deep",)),
    Case(
        "nested-lists-25", "a.md", FM + "- " * 25 + "deep\n", 3, r"nest more than 24 levels", line=6
    ),
    Case(
        "nested-mixed-25",
        "a.md",
        FM + "- > " * 12 + "- deep\n",
        3,
        r"nest more than 24 levels",
        line=6,
    ),
    Case("json-lists-24", "a.json", _json_lists(24), 0, literal=("deep",)),
    Case("json-lists-25", "a.json", _json_lists(25), 3, r"nest more than 24 levels"),
    Case(
        "md-image-non-ascii",
        "a.md",
        FM + "![A map](café.png)\n\n![Two](<two maps.png>)\n",
        0,
        extra_files={"café.png": PNG_1PX, "two maps.png": PNG_1PX},
    ),
    Case(
        "md-image-encoded-dotdot",
        "a.md",
        FM + "![x](%2E%2E/secret/canary.png)\n",
        3,
        r"may not leave the article's folder",
        line=6,
    ),
    # --- Bounded fields, stages that scale (issue 17, class 1) ----------------------------
    Case(
        "headline-501",
        "a.md",
        "---\ntitle: " + "w" * 501 + "\ndate: 2024-01-02\n---\n",
        3,
        r"^title: String should have at most 500 characters",
        line=2,
    ),
    Case(
        "json-mentions-1e20",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "source_notes": [{"number": 1, '
        '"source": "a", "mentions": 100000000000000000000}]}',
        3,
        r"^source_notes\.0\.mentions: Input should be less than or equal to 10000",
    ),
    Case(
        "json-note-number-huge",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "body": [{"type": "paragraph", "inlines": '
        '[{"type": "noteref", "number": 10000000000}]}]}',
        3,
        r"less than or equal to 10000",
    ),
    Case(
        "facts-add-201",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nfacts_add:\n"
        + "".join(f"  - value: {i} boats\n" for i in range(201))
        + "---\n\nText.\n",
        3,
        r"^facts_add: Tuple should have at most 200 items",
        line=4,
    ),
    Case(
        "json-80000-keys",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", '
        + ", ".join(f'"k{i}": {i}' for i in range(80_000))
        + "}",
        3,
        r"^k0: Extra inputs are not permitted",
        args=("--time-limit", "120"),
    ),
    Case(
        "numbers-4000-in-a-sentence",
        "a.md",
        FM + "The counts were " + ", ".join(str(i + 10) for i in range(4000)) + " boats.\n",
        0,
        literal=("4009 boats",),
        args=("--format", "epub", "--time-limit", "120"),
    ),
    Case(
        "image-markers-80000",  # markdown-it scanned each label 200 levels deep: 123 s
        "a.md",
        FM + "![" * 80_000 + "\n",
        0,
        literal=("![![![![![![",),
        args=("--format", "epub", "--time-limit", "120"),
    ),
    Case(
        "one-word-headline-500",
        "a.md",
        "---\ntitle: " + "w" * 500 + "\ndate: 2024-01-02\n---\n\nText.\n",
        0,
        literal=("Text.",),
        args=("--format", "epub", "--time-limit", "120"),
    ),
    # --- Wrong exit codes (issue 17, class 4): refused at the boundary, exit 3 ------------
    Case(
        "json-escaped-nul",
        "a.json",
        '{"headline": "a\\u0000b", "date": "2024-01-01", "body": []}',
        3,
        r"^headline: control character U\+0000",
        line=1,
    ),
    Case(
        "json-escaped-esc",
        "a.json",
        '{"headline": "x", "date": "2024-01-01", "body": ["a\\u001bb"]}',
        3,
        r"^body\.0: control character U\+001B",
    ),
    Case(
        "yaml-escaped-esc",
        "a.md",
        '---\ntitle: "a\\x1bb"\ndate: 2024-01-02\n---\n',
        3,
        r"^title: control character U\+001B",
        line=2,
    ),
    Case(
        "noncharacter-in-body",
        "a.md",
        FM + "Text \ufffe here.\n",
        3,
        r"noncharacter U\+FFFE",
        line=6,
    ),
    Case(
        "date-2200",
        "a.md",
        "---\ntitle: T\ndate: 2200-01-01\n---\n",
        3,
        r"^date: 2200-01-01 is after 2107-12-31",
        line=3,
    ),
    Case(
        "date-9999",
        "a.md",
        "---\ntitle: T\ndate: 9999-12-31\n---\n",
        3,
        r"^date: 9999-12-31 is after",
        line=3,
    ),
    Case(
        "image-name-300-bytes",
        "a.md",
        FM + "![x](" + "a" * 296 + ".png)\n",
        3,
        r"file name longer than 255 bytes",
        line=6,
    ),
    Case(
        "slug-300",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nslug: " + "s" * 300 + "\n---\n",
        3,
        r"^slug: is 300 characters long",
        line=4,
    ),
    Case(
        "yaml-int-5000-digits",
        "a.md",
        "---\ntitle: T\ndate: 2024-01-02\nn: " + "9" * 5000 + "\n---\n",
        3,
        r"at most 4300 digits",
        line=4,
    ),
    # A publication file (publication.yml): the error names the file, the line and the field.
    Case(
        "publication-broken-article",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\narticles:\n  - good.md\n  - broken.md\n",
        3,
        r'^articles\.1: broken\.md:3: date: "2024-02-30" is not a real day',
        line=5,
        extra_files={
            "good.md": (FM + "Text.\n").encode(),
            "broken.md": b"---\ntitle: T\ndate: 2024-02-30\n---\n\nText.\n",
        },
    ),
    Case(
        "publication-missing-article",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\narticles:\n  - good.md\n  - gone.md\n",
        3,
        r'^articles\.1: "gone\.md": no such file',
        line=5,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-duplicate-article",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\nsections:\n  - title: One\n    articles: [good.md]\n"
        "  - title: Two\n    articles:\n      - ./good.md\n",
        3,
        r'^sections\.1\.articles\.0: "\./good\.md" is already in the publication as '
        r"sections\.0\.articles\.0 \(line 5\)",
        line=8,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-bad-date",
        "issue.yml",
        "title: Book\ndate: someday\narticles: [good.md]\n",
        3,
        r'^date: "someday" is not a date',
        line=2,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-unknown-field",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\nforeward: Hello\narticles: [good.md]\n",
        3,
        r"^foreward: unknown field",
        line=3,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-section-without-title",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\nsections:\n  - articles: [good.md]\n",
        3,
        r"^sections\.0\.title: Field required",
        line=4,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-no-articles",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\n",
        3,
        r"give either `articles:` or `sections:`",
        line=1,
    ),
    Case(
        "publication-cover-outside",
        "issue.yml",
        "title: Book\ndate: 2024-01-02\ncover: {canary}\narticles: [good.md]\n",
        3,
        r"^cover: .*absolute",
        line=3,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-yaml-alias",
        "issue.yml",
        "title: &t Book\ndate: 2024-01-02\nsubtitle: *t\narticles: [good.md]\n",
        3,
        r"anchors or aliases",
        line=1,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
    Case(
        "publication-control-character",
        "issue.yml",
        'title: "Book\\u001b[2J"\ndate: 2024-01-02\narticles: [good.md]\n',
        3,
        r"^title: control character U\+001B",
        line=1,
        extra_files={"good.md": (FM + "Text.\n").encode()},
    ),
]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Return (input folder, out folder, canary file); the canary is outside the input."""
    secret = tmp_path / "secret"
    secret.mkdir()
    canary = secret / "canary.txt"
    canary.write_text(CANARY_TEXT + "\n")
    (secret / "canary.png").write_bytes(PNG_1PX + CANARY_TEXT.encode())
    folder = tmp_path / "in"
    folder.mkdir()
    return folder, tmp_path / "out", canary


def allowed_roots(folder: Path, out: Path) -> list[Path]:
    """Return the folders a build may open files in (besides a few system files)."""
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    prefixes |= {
        Path(p).resolve()
        for p in sys.path
        if p and Path(p).is_dir() and Path(p).resolve() != Path("/")
    }
    package = Path(__file__).resolve().parent.parent / "publish"
    cache = cache_folder()  # publish's own cache folder (publish/compiled.py)
    return [
        folder.resolve(),
        out.resolve(),
        package,
        theme_dir("templates"),
        theme_dir("styles"),
        *prefixes,
        *([cache.resolve()] if cache else []),
    ]


SYSTEM_FILES = {Path("/dev/null"), Path("/etc/mime.types"), Path("/etc/localtime")}
OWN_FILES = {Path("/proc/self/statm")}
"""What a process reads of itself: a warm worker's address space, after each article."""


def assert_reads_allowed(
    recorder: OpenRecorder, folder: Path, out: Path, canary: Path, *theme: Path
) -> None:
    """Check no file outside the allowed folders (and THEME) was opened, nor the canary."""
    roots = allowed_roots(folder, out) + [path.resolve() for path in theme]
    temp = Path(tempfile.gettempdir()).resolve()
    # The folders the dynamic loader searches are listed (names only) while WeasyPrint is
    # first imported, which happens in whichever test renders first: a listing of the
    # system's libraries, not a file read (publish/writers/pdf/libraries.py).
    listed = {Path(folder).resolve() for folder in library_folders()}
    bad = []
    for path in recorder.paths():
        if path in OWN_FILES:
            continue
        real = path.resolve()
        if real == Path("/etc/passwd") or real == canary.parent or canary.parent in real.parents:
            bad.append(str(path))
        elif (
            real in SYSTEM_FILES
            or real in listed
            or real == temp
            or (
                temp in real.parents
                and real.relative_to(temp).parts[0].startswith(("tmp", "weasyprint-"))
            )
        ):
            continue  # scratch files the renderer itself creates (tempfile, WeasyPrint)
        elif not any(real == root or root in real.parents for root in roots):
            bad.append(str(path))
    assert not bad, f"opened outside the allowed folders: {bad}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=c.marks) for c in CASES])
def test_hostile_input(
    case: Case,
    world: tuple[Path, Path, Path],
    no_network: None,
    opened_files: OpenRecorder,
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    folder, out, canary = world
    content = case.content
    if isinstance(content, str):
        content = content.replace(CANARY, str(canary)).encode("utf-8")
    article = folder / case.file
    article.write_bytes(content)
    for name, data in case.extra_files.items():
        (folder / name).write_bytes(data.replace(CANARY.encode(), str(canary).encode()))

    args = [arg.replace("{folder}", str(folder)) for arg in case.args]
    result = CliRunner().invoke(app, ["build", str(article), "--out", str(out), *args])

    assert result.exit_code == case.code, result.output
    assert not isinstance(result.exception, BaseException) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    files = assert_only_complete_outputs(out)
    assert_reads_allowed(opened_files, folder, out, canary.resolve())
    if case.code:
        match = assert_one_error_line(result.output)
        assert match["file"] == str(article)
        assert re.search(case.message or ".", match["message"]), match["message"]
        if case.line is not None:
            assert match["line"] == str(case.line), result.output
        assert files == [], "a failed build wrote an output"
        return
    texts = output_texts(files)
    assert CANARY_TEXT not in texts
    assert "root:x:0:0" not in texts
    expected = {"pdf", "epub"} if not case.args else {"epub"}
    assert {p.suffix[1:] for p in files} == expected
    epub_text = _epub_text(next(p for p in files if p.suffix == ".epub"))
    for literal in case.literal:
        assert literal in epub_text, literal
    for text in case.absent:
        assert text not in texts, text
    logged = [r.getMessage() for r in expect_warnings.records]
    if case.warning:
        assert any(re.search(case.warning, m) for m in logged), (logged, result.output)
    else:
        assert not logged, logged


def _epub_text(path: Path) -> str:
    """Return the article's text content from the EPUB (entities decoded, tags removed)."""
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as book:
        names = [n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n]
        texts = []
        for name in names:
            root = ET.fromstring(book.read(name))
            texts.append(" ".join("".join(root.itertext()).split()))
    return "\n".join(texts)


def test_fifty_megabytes_refused_before_reading(
    tmp_path: Path, opened_files: OpenRecorder, no_network: None
) -> None:
    article = tmp_path / "big.md"
    # made by another process, so this one never opens it (sparse: costs no disk)
    subprocess.run(["truncate", "-s", "50M", str(article)], check=True)
    result = CliRunner().invoke(app, ["build", str(article), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    match = assert_one_error_line(result.output)
    assert "50.0 MB; the limit is 20 MB" in match["message"]
    assert article.resolve() not in [p.resolve() for p in opened_files.paths()]


def test_long_word_wraps_inside_the_page(tmp_path: Path, no_network: None) -> None:
    import pypdfium2 as pdfium

    article = tmp_path / "a.md"
    article.write_text(FM + "w" * 3000 + "\n\n" + f"https://example.org/{'u' * 3000}\n")
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(tmp_path / "out"), "-f", "pdf"]
    )
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(str(tmp_path / "out" / "a-headline.pdf"))
    try:
        count = 0
        for page in pdf:
            width, height = page.get_size()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(index)
                if right > left:
                    assert 0 <= left and right <= width, (left, right, width)
                    assert 0 <= bottom and top <= height
                    count += 1
        whole = "".join(p.get_textpage().get_text_range() for p in pdf)
    finally:
        pdf.close()
    # every letter is printed (the running header and page numbers interleave across pages)
    assert sum(len(run) for run in re.findall(r"w{20,}", whole)) == 3000
    assert sum(len(run) for run in re.findall(r"u{20,}", whole)) == 3000
    assert count > 6000


def test_symlinked_image_outside_is_refused(
    world: tuple[Path, Path, Path], no_network: None, opened_files: OpenRecorder
) -> None:
    folder, out, canary = world
    os.symlink(canary.parent / "canary.png", folder / "pic.png")
    (folder / "a.md").write_text(FM + "![x](pic.png)\n")
    result = CliRunner().invoke(app, ["build", str(folder / "a.md"), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "leads outside the article's folder" in assert_one_error_line(result.output)[0]
    assert assert_only_complete_outputs(out) == []
    assert_reads_allowed(opened_files, folder, out, canary.resolve())


FORGING = {
    "json-language.json": '{"headline": "x", "date": "2024-01-01", "language": '
    '"en\\nother.md:1: error: forged", "body": []}',
    "block-date.md": "---\ntitle: T\ndate: |\n  2024-01-02\n  other.md:1: error: forged\n"
    "---\n\nText.\n",
    "key.md": '---\ntitle: T\ndate: 2024-01-02\n"k\\nother.md:1: error: forged\\e]0;t\\a": 1\n'
    "---\n\nText.\n",
    "name\nother.md:1: error: forged.md": "---\ntitle: T\ndate: yesterday\n---\n",
}


@pytest.mark.parametrize("name", sorted(FORGING))
def test_echoed_values_cannot_forge_a_line(name: str, tmp_path: Path) -> None:
    """Whatever a value holds (newlines, ESC, OSC, CSI), each report is exactly one line."""
    article = tmp_path / name
    article.write_text(FORGING[name])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "publish",
            "build",
            str(article),
            "-o",
            str(tmp_path / "out"),
            "-f",
            "epub",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(r".*: (error|warning): ", lines[0]), lines[0]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr), repr(result.stderr)
    assert "\\n" in lines[0]


def test_a_bug_in_one_article_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    import publish.pipeline as pipeline

    real = pipeline.load_article

    def load(path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("bad.md"):
            raise RuntimeError("a bug\nother.md:1: error: forged")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_article", load)
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text(FM + "Text.\n")
    good.write_text(FM + "Text.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(bad), str(good), "-o", str(out), "-f", "epub"])
    assert result.exit_code == 4, result.output
    match = assert_one_error_line(result.stderr)
    assert match["file"] == str(bad)
    assert "internal error (RuntimeError: a bug\\nother.md" in match["message"]
    assert [p.name for p in assert_only_complete_outputs(out)] == ["a-headline.epub"]


def test_sentences_are_the_same_window_by_window() -> None:
    """Long text is segmented in windows (sentencex is quadratic in "![![" or "“““" runs);
    the sentences found are those of the whole text at once."""
    from publish.model.sentences import split_spans

    parts = [
        "Dr. Ana Ribeiro said the ferry ran 3.5 km a day.",
        "\u201cWe rebuilt the pier,\u201d she said. \u201cIt took a year.\u201d",
        "The U.S. grant of $2.4 million paid for it!",
        "Was it enough? The council thinks so.",
    ]
    text = " ".join(parts[i % 4].replace("ferry", f"ferry {i}") for i in range(400))
    whole = split_spans(text, window=len(text) + 1)
    assert len(whole) > 500
    for window in (400, 1000, 4000):
        assert split_spans(text, window=window) == whole
    run = "!(" * 50_000  # one endless "sentence": cut at the window's edge, never lost
    spans = split_spans(run, window=4000)
    assert spans[0][0] == 0 and spans[-1][1] == len(run)
    assert all(end - start <= 4000 for start, end in spans)
