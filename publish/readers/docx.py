"""Read a Word file (.docx) with mammoth, after checking it is safe and has no open changes.

A .docx is a zip of XML: its members' count and total size are capped, XML with a DOCTYPE or
entities is refused, and tracked changes (`w:ins`, `w:del`, moves) or comments still in the
file stop the build unless the user accepts them (`--accept-changes`; mammoth then reads the
text as if every change were accepted). Footnotes and endnotes become the article's source
notes, with their markers; core properties give the title, authors, date and language.
Images are written to a private temporary folder and printed from there.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import Any

from publish.errors import InputError, UsageError
from publish.model import Article
from publish.readers.bylines import byline_names
from publish.readers.dates import parse_date, source_date_epoch
from publish.readers.docx_images import ImageFolder, linked_images
from publish.readers.docx_stylemap import WordStyles, take_marked
from publish.readers.docx_styles import outline_style_map
from publish.readers.html_blocks import HtmlConverter
from publish.readers.notes import author_notes, count_markers
from publish.readers.source import Source, article_folder, check_input_file, read_input_file
from publish.readers.validate import build_article

log = logging.getLogger("publish")

MAX_MEMBERS = 2000
"""Most files a .docx may hold."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Largest total size of a .docx's files once unpacked (a zip bomb is refused before)."""
MAX_RATIO = 200
"""Largest unpacked-to-packed size ratio of one member (text compresses about 10 times)."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
"""
_CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move"}


def read_docx_source(path: Path) -> Source:
    """Return a Source for the Word file at PATH (its text is read later, as a zip)."""
    name = str(path)
    check_input_file(path)
    return Source(text="", name=name, folder=article_folder(path))


def read_docx(source: Source, accept_changes: bool = False) -> Article:
    """Return the article in the Word file SOURCE names."""
    return read_docx_with_folder(source, accept_changes)[0]


def read_docx_with_folder(
    source: Source, accept_changes: bool = False, styles: WordStyles | None = None
) -> tuple[Article, Source]:
    """Return the article and a Source whose folder holds the file's images.

    STYLES are the user's own Word styles mapped onto the model (`--word-styles`).
    """
    name = source.name
    if source.folder is None:
        raise UsageError("a Word file cannot be read from standard input; give its path")
    data = read_input_file(Path(name))
    package = _open_zip(data, name)
    parts = _check_members(package, name)
    if "word/document.xml" not in parts:
        raise InputError("not a Word document (no word/document.xml)", file=name)
    changes = _open_changes(package, name)
    if changes and not accept_changes:
        raise InputError(
            f"{changes}; accept or reject them in Word, or build with --accept-changes", file=name
        )

    def warn(message: str) -> None:
        log.warning("%s: warning: %s", name, message)

    images = ImageFolder(
        MAX_UNPACKED_BYTES,
        linked_images(
            _xml(package, "word/document.xml", name),
            _xml(package, "word/_rels/document.xml.rels", name),
        ),
    )
    html = _convert(data, package, name, images, styles or WordStyles())
    html, notes = _take_notes(html)
    html, title, subtitle = _take_title(html)
    html, marked = take_marked(html)
    numbers: dict[str, int] = {}

    def note_for(href: str) -> int | None:
        key = href.lstrip("#")
        if key not in notes:
            return None
        return numbers.setdefault(key, len(numbers) + 1)

    core = _core_properties(package, name)
    headline = core.get("title", "").strip() or title
    if not title and not core.get("title", "").strip():
        # no Title paragraph nor title property: a leading Heading 1 is the headline
        match = re.match(r"\s*<h1>(.*?)</h1>", html, re.S)
        if match:
            headline = " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())
            html = html[match.end() :]
    converter = HtmlConverter(
        warn,
        resolve_image=images.resolve,
        note_for=note_for,
        heading_shift=1 if "<h1" in html else 0,
        remote_hosts=source.remote_hosts,
    )
    blocks = converter.convert(html)
    if not headline:
        raise InputError(
            "no headline: give the document a title (File > Properties) or "
            "start it with a Title or Heading 1 paragraph",
            file=name,
        )
    if not blocks:
        raise InputError("the document has no text", file=name)
    fields: dict[str, Any] = {
        "headline": headline,
        "body": blocks,
        **_core_fields(core, subtitle, name, warn),
        **_marked_fields(marked, core),
    }
    if numbers:
        counts: dict[int, int] = {}
        fields["body"] = count_markers(fields["body"], counts)
        fields["source_notes"] = author_notes(
            {number: notes[key] for key, number in numbers.items()}, counts
        )
    unused = len(notes) - len(numbers)
    if unused:
        warn(f"{unused} footnote{'s' if unused > 1 else ''} without a marker in the text left out")
    article = build_article(fields, name=name)
    return article, Source(
        text="",
        name=name,
        folder=images.folder if images.used else source.folder,
        remote_hosts=source.remote_hosts,
    )


def _convert(
    data: bytes, package: zipfile.ZipFile, name: str, images: ImageFolder, styles: WordStyles
) -> str:
    """Return the Word file's HTML as mammoth converts it: the user's styles first, then ours."""
    import mammoth

    outlined = outline_style_map(_xml(package, "word/styles.xml", name))
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=styles.style_map() + _STYLE_MAP + outlined,
            convert_image=mammoth.images.img_element(images.save),
        )
    except (KeyError, ValueError, zipfile.BadZipFile, AttributeError, IndexError) as exc:
        raise InputError(
            f"cannot read the Word document ({type(exc).__name__})", file=name
        ) from None
    return str(result.value)


def _core_fields(core: dict[str, str], subtitle: str, name: str, warn: Any) -> dict[str, Any]:
    """Return the article fields the core properties (and a Subtitle paragraph) give."""
    fields: dict[str, Any] = {"date": _date(core, name, warn)}
    if core.get("creator", "").strip():
        fields["authors"] = tuple(
            a.strip() for a in re.split(r";|,|\s+and\s+", core["creator"]) if a.strip()
        )
    if core.get("language", "").strip():
        fields["language"] = core["language"].strip()
    if core.get("description", "").strip() or subtitle:
        fields["standfirst"] = core.get("description", "").strip() or subtitle
    keywords = [k.strip() for k in re.split(r"[;,]", core.get("keywords", "")) if k.strip()]
    if keywords:
        fields["keywords"] = tuple(dict.fromkeys(keywords))
    return fields


def _marked_fields(marked: dict[str, list[str]], core: dict[str, str]) -> dict[str, Any]:
    """Return the fields the user's mapped paragraphs give: a byline's names (before the
    file's author property), a standfirst (when the properties give none), keywords."""
    fields: dict[str, Any] = {}
    names = tuple(dict.fromkeys(n for line in marked.get("byline", []) for n in byline_names(line)))
    if names:
        fields["authors"] = names
    if marked.get("standfirst") and not core.get("description", "").strip():
        fields["standfirst"] = " ".join(marked["standfirst"])
    if marked.get("keyword"):
        own = [k.strip() for k in re.split(r"[;,]", core.get("keywords", "")) if k.strip()]
        fields["keywords"] = tuple(dict.fromkeys([*marked["keyword"], *own]))
    return fields


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("not a Word .docx file (it is not a zip archive)", file=name) from None


def _check_members(package: zipfile.ZipFile, name: str) -> set[str]:
    infos = package.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"the .docx holds {len(infos)} files; the limit is {MAX_MEMBERS}", file=name
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            f"the .docx unpacks to {total / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB (a zip bomb?)",
            file=name,
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise InputError(
                f'"{info.filename}" unpacks {info.file_size // info.compress_size}'
                " times its packed size (a zip bomb?)",
                file=name,
            )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            head = _read(package, info, name)
            if re.search(rb"<!DOCTYPE|<!ENTITY", head, re.I):
                raise InputError(
                    f'"{info.filename}" declares XML entities or a DOCTYPE, '
                    "which a Word file never needs",
                    file=name,
                )
    return {i.filename for i in infos}


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        with package.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise InputError(f'cannot unpack "{info.filename}" ({exc})', file=name) from None
    if len(data) > info.file_size:
        raise InputError(f'"{info.filename}" is larger than the zip says', file=name)
    return data


def _xml(package: zipfile.ZipFile, member: str, name: str) -> Any | None:
    from lxml import etree

    if member not in package.namelist():
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        return etree.fromstring(_read(package, package.getinfo(member), name), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f'"{member}" is not well-formed XML ({exc.msg})', file=name) from None


def _open_changes(package: zipfile.ZipFile, name: str) -> str:
    """Return a one-line list of tracked changes and comments left in the file, or ''."""
    found: list[str] = []
    counts: dict[str, int] = {}
    for member in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        root = _xml(package, member, name)
        if root is None:
            continue
        for tag, kind in _CHANGES.items():
            for el in root.iter(f"{{{_W}}}{tag}"):
                counts[kind] = counts.get(kind, 0) + 1
                if len(found) < 3:
                    text = "".join(el.itertext()) or "".join(
                        t.text or "" for t in el.iter(f"{{{_W}}}delText")
                    )
                    who = el.get(f"{{{_W}}}author")
                    words = " ".join(text.split())
                    words = words if len(words) <= 30 else words[:27] + "..."
                    found.append(f'{kind}{f" by {who}" if who else ""} "{words}"')
    comments = _xml(package, "word/comments.xml", name)
    if comments is not None:
        for el in comments.iter(f"{{{_W}}}comment"):
            counts["comment"] = counts.get("comment", 0) + 1
            if len(found) < 3:
                who = el.get(f"{{{_W}}}author")
                words = " ".join("".join(el.itertext()).split())
                words = words if len(words) <= 30 else words[:27] + "..."
                found.append(f'comment{f" by {who}" if who else ""} "{words}"')
    if not counts:
        return ""
    total = sum(counts.values())
    summary = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in counts.items())
    more = f", and {total - len(found)} more" if total > len(found) else ""
    return (
        f"the document still has tracked changes or comments ({summary}): "
        + "; ".join(found)
        + more
    )


def _take_notes(html: str) -> tuple[str, dict[str, str]]:
    """Remove mammoth's footnote and endnote lists from HTML; return it and the notes' text."""
    import lxml.html

    if not re.search(r'id="(?:footnote|endnote)-', html):
        return html, {}
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    notes: dict[str, str] = {}
    for li in list(root.iter("li")):
        note_id = li.get("id", "")
        if not re.fullmatch(r"(?:footnote|endnote)-\d+", note_id):
            continue
        for back in li.iter("a"):
            if (back.get("href") or "").startswith(("#footnote-ref-", "#endnote-ref-")):
                back.drop_tree()
                break
        notes[note_id] = " ".join(li.text_content().split())
        parent = li.getparent()
        parent.remove(li)
        if parent.tag == "ol" and not len(parent):
            parent.drop_tree()
    return "".join(lxml.html.tostring(c, encoding="unicode") for c in root) if len(root) else (
        root.text or ""
    ), notes


def _core_properties(package: zipfile.ZipFile, name: str) -> dict[str, str]:
    root = _xml(package, "docProps/core.xml", name)
    found: dict[str, str] = {}
    if root is None:
        return found
    for el in root:
        if not isinstance(el.tag, str):
            continue
        local = el.tag.rsplit("}", 1)[-1]
        if el.text and el.text.strip():
            found[local] = el.text.strip()
    return found


def _date(core: dict[str, str], name: str, warn: Any) -> Any:
    for key in ("modified", "created"):
        text = core.get(key, "")
        if text:
            try:
                return parse_date(text[:10])
            except ValueError:
                continue
    epoch = source_date_epoch()
    if epoch is not None:
        warn(f"the document states no date; {epoch.isoformat()} (SOURCE_DATE_EPOCH) is used")
        return epoch
    raise InputError(
        "no date: the document's properties give none; set SOURCE_DATE_EPOCH to give one", file=name
    )


def _take_title(html: str) -> tuple[str, str, str]:
    """Remove the Title and Subtitle paragraphs at the top of HTML; return (HTML, title, sub)."""
    title = subtitle = ""
    match = re.match(r'\s*<h1 class="title">(.*?)</h1>', html, re.S)
    if match:
        title = " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())
        html = html[match.end() :]
    match = re.match(r'\s*<p class="subtitle">(.*?)</p>', html, re.S)
    if match:
        subtitle = " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())
        html = html[match.end() :]
    import html as html_lib

    return html, html_lib.unescape(title), html_lib.unescape(subtitle)
