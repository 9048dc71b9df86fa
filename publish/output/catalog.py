"""The catalogue of an output folder: what each EPUB and PDF there is, read from the files.

`publications` reads every `*.epub` and `*.pdf` directly in a folder and groups the files of
one article by name (`slug.epub` beside `slug.pdf`). What a publication is comes from the
files themselves, so a folder built at any time, by any run, can be catalogued: the EPUB's
package document (identifier, title, creators, language, dates, description, subjects,
cover) first, the PDF's XMP metadata and `/Lang` for what the EPUB does not say or when
there is no EPUB. `write_catalog` writes the OPDS feed (publish/output/opds.py) and
`manifest.json` beside them, both at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from publish.errors import InputError, UsageError
from publish.output.publications import CATALOG_NAME, Publication, PublicationFile

MANIFEST_NAME = "manifest.json"
MEDIA_TYPES = {".epub": "application/epub+zip", ".pdf": "application/pdf"}
MAX_PACKAGE_BYTES = 2_000_000
"""Largest package document (or container.xml) read from an EPUB."""
MAX_COVER_BYTES = 20_000_000
THUMBNAIL = (160, 240)
"""Largest thumbnail, in pixels (width, height); the cover keeps its proportions."""
THUMBNAIL_COLOURS = 64
"""Colours of the thumbnail's palette: a tenth of the bytes of a full-colour one."""

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def publications(folder: Path) -> list[Publication]:
    """Return every publication in FOLDER, most recently updated first, then by title."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in MEDIA_TYPES and path.is_file() and not path.name.startswith("."):
            groups.setdefault(path.stem, []).append(path)
    if not groups:
        raise UsageError("no EPUB or PDF in the folder to catalogue", file=folder)
    found = [_publication(stem, paths) for stem, paths in groups.items()]
    return sorted(found, key=lambda p: (-p.updated.timestamp(), p.title, p.slug))


def _publication(stem: str, paths: list[Path]) -> Publication:
    by_type = {path.suffix.lower(): path for path in paths}
    files = tuple(_describe(path) for path in sorted(paths, key=lambda p: p.suffix.lower()))
    facts: dict[str, object] = {}
    if ".pdf" in by_type:
        facts.update(_pdf_facts(by_type[".pdf"]))
    if ".epub" in by_type:  # the EPUB's package document wins where both say something
        facts.update({k: v for k, v in _epub_facts(by_type[".epub"]).items() if v})
    first = paths[0]
    title = facts.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InputError("states no title; is it a publish output?", file=first)
    updated = _moment(facts.get("updated")) or _moment(facts.get("issued")) or _epoch()
    if updated is None:
        raise InputError("states no date; set SOURCE_DATE_EPOCH to date it", file=first)
    publication = Publication(slug=stem, title=title.strip(), updated=updated, files=files)
    return replace(publication, **{k: v for k, v in facts.items() if k in _OPTIONAL and v})  # type: ignore[arg-type]


_OPTIONAL = (
    "identifier",
    "authors",
    "language",
    "issued",
    "summary",
    "publisher",
    "subjects",
    "thumbnail",
)


def _describe(path: Path) -> PublicationFile:
    data = path.read_bytes()
    return PublicationFile(
        path.name, MEDIA_TYPES[path.suffix.lower()], len(data), hashlib.sha256(data).hexdigest()
    )


def _epoch() -> dt.datetime | None:
    from publish.readers.dates import source_date_epoch

    day = source_date_epoch()
    return None if day is None else dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _moment(value: object) -> dt.datetime | None:
    """Return VALUE (an ISO 8601 date or date-time) as a moment in UTC, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _safe_xml(data: bytes, path: Path) -> object:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"its package document is not XML ({exc})", file=path) from None


def _member(archive: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise InputError(f'the EPUB has no "{name}"', file=path) from None
    if info.file_size > limit:
        raise InputError(f'"{name}" in the EPUB is over {limit} bytes', file=path)
    return archive.read(info)


def _epub_facts(path: Path) -> dict[str, object]:
    """Return what the EPUB at PATH's package document says about the book."""
    try:
        with zipfile.ZipFile(path) as archive:
            container = _safe_xml(
                _member(archive, "META-INF/container.xml", MAX_PACKAGE_BYTES, path), path
            )
            rootfile = container.find(f".//{_CONTAINER}rootfile")  # type: ignore[attr-defined]
            if rootfile is None or not rootfile.get("full-path"):
                raise InputError("the EPUB's container names no package document", file=path)
            opf_name = rootfile.get("full-path")
            package = _safe_xml(_member(archive, opf_name, MAX_PACKAGE_BYTES, path), path)
            facts = _package_facts(package)
            cover = _cover_name(package, opf_name)
            if cover is not None and cover in archive.namelist():
                facts["thumbnail"] = thumbnail(_member(archive, cover, MAX_COVER_BYTES, path))
            return facts
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(f"not a readable EPUB ({exc})", file=path) from None


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def _package_facts(package: object) -> dict[str, object]:
    metadata = package.find(f"{_OPF}metadata")  # type: ignore[attr-defined]
    if metadata is None:
        return {}
    unique = package.get("unique-identifier")  # type: ignore[attr-defined]
    identifiers = metadata.findall(f"{_DC}identifier")
    chosen = [i for i in identifiers if i.get("id") == unique] or identifiers

    def first(name: str) -> str | None:
        element = metadata.find(f"{_DC}{name}")
        return _text(element) or None if element is not None else None

    modified = [
        _text(m) for m in metadata.findall(f"{_OPF}meta") if m.get("property") == "dcterms:modified"
    ]
    return {
        "identifier": _text(chosen[0]) if chosen else None,
        "title": first("title"),
        "authors": tuple(_text(c) for c in metadata.findall(f"{_DC}creator") if _text(c)),
        "language": first("language"),
        "issued": first("date"),
        "updated": modified[0] if modified else None,
        "summary": first("description"),
        "publisher": first("publisher"),
        "subjects": tuple(_text(s) for s in metadata.findall(f"{_DC}subject") if _text(s)),
    }


def _cover_name(package: object, opf_name: str) -> str | None:
    """Return the zip name of the cover image the package names, or None."""
    items = package.findall(f"{_OPF}manifest/{_OPF}item")  # type: ignore[attr-defined]
    cover = [i for i in items if "cover-image" in (i.get("properties") or "").split()]
    if not cover or not cover[0].get("href"):
        return None
    href = PurePosixPath(opf_name).parent / cover[0].get("href")
    return str(href)


def thumbnail(data: bytes) -> bytes | None:
    """Return a cover image as a palette PNG of at most THUMBNAIL pixels; None if unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                return None
            image.thumbnail(THUMBNAIL, Image.Resampling.LANCZOS)
            small = image.convert("RGB").quantize(THUMBNAIL_COLOURS)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _pdf_facts(path: Path) -> dict[str, object]:
    """Return what the PDF at PATH's XMP metadata and catalog say about the article."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            language = pdf.Root.get("/Lang")
            with pdf.open_metadata() as xmp:
                creators = xmp.get("dc:creator") or []
                keywords = str(xmp.get("pdf:Keywords") or "")
                return {
                    "title": _plain(xmp.get("dc:title")),
                    "authors": tuple(str(c) for c in creators if str(c).strip()),
                    "language": str(language) if language is not None else None,
                    "issued": _plain(xmp.get("xmp:CreateDate"))[:10] or None,
                    "updated": _plain(xmp.get("xmp:ModifyDate")) or None,
                    "summary": _plain(xmp.get("dc:description")) or None,
                    "subjects": tuple(k.strip() for k in keywords.split(",") if k.strip()),
                }
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise InputError(f"not a readable PDF ({exc})", file=path) from None


def _plain(value: object) -> str:
    return " ".join(str(value or "").split())


def manifest(items: Iterable[Publication]) -> bytes:
    """Return manifest.json: each publication with its files' types, sizes and sha256."""
    entries = [
        {
            "id": item.identifier or item.entry_id,
            "slug": item.slug,
            "title": item.title,
            "authors": list(item.authors),
            "language": item.language,
            "date": item.issued,
            "updated": item.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "summary": item.summary,
            "files": [
                {"name": f.name, "type": f.media_type, "size": f.size, "sha256": f.sha256}
                for f in item.files
            ],
        }
        for item in items
    ]
    document = {"catalog": CATALOG_NAME, "publications": entries}
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def write_catalog(
    folder: Path, title: str = "Publications", base_url: str | None = None
) -> tuple[Path, Path]:
    """Write FOLDER/catalog.xml (OPDS 1.2) and FOLDER/manifest.json, both or neither.

    The feed's links are relative to it, or absolute under BASE_URL (where FOLDER is served).
    """
    from publish.output import opds
    from publish.output.files import write_all

    base = opds.base_url(base_url)
    if not folder.is_dir():
        raise UsageError("no such folder", file=folder)
    found = publications(folder)
    written = write_all(
        [
            (folder / CATALOG_NAME, opds.acquisition_feed(found, title, base)),
            (folder / MANIFEST_NAME, manifest(found)),
        ]
    )
    return written[0], written[1]
