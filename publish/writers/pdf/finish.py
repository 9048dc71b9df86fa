"""Finish WeasyPrint's PDF objects before they are written: page boxes, marks, metadata.

WeasyPrint 70 sets the bleed box at most 10 pt outside the trim box, draws its own printer's
marks inside the bleed in RGB, writes a random `xmpMM:DocumentID` into PDF/X metadata, and
names each image after the md5 of its absolute URL (so the same article built in another
folder, or on another machine, gave other bytes).
`PdfFinish` is given to `write_pdf` as its finisher and corrects each of these on the pydyf
objects, so the file is written once, deterministically.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any

import pydyf

REGISTRATION = "PublishRegistration"
"""Name of the colour space printer's marks are drawn in: every separation at once."""

MARK_WIDTH_PT = 0.25
"""Line width of printer's marks (a hairline, as print shops expect)."""

REGISTRY_NAMES = {"FOGRA39": "http://www.color.org"}
"""Registry of the output conditions `publish` knows by identifier."""

_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")
_IMAGE_NAME = re.compile(r"i[0-9a-f]{32}[01]")
"""WeasyPrint's name of an image XObject: i, md5 of the image's URL, interpolate flag."""


@dataclass(frozen=True)
class MarkGeometry:
    """Where printer's marks go, in points from the trim edge."""

    offset: float
    """Distance from the trim edge to the start of a crop mark (outside the bleed)."""
    length: float
    """Length of a crop mark; diameter of a registration cross."""


@dataclass(frozen=True)
class PdfFinish:
    """Corrections made to the PDF after WeasyPrint lays it out, before it is written."""

    bleed_pt: float = 0.0
    """Bleed on every side: the bleed box is the trim box grown by this much."""
    marks: tuple[str, ...] = ()
    """Printer's marks to draw: "crop", "cross"."""
    geometry: MarkGeometry = MarkGeometry(0.0, 0.0)
    """Where the marks go."""
    document_id: str | None = None
    """UUID that replaces WeasyPrint's random XMP DocumentID."""
    default_rgb: bytes | None = None
    """ICC profile that any DeviceRGB left in the file is taken to mean (PDF/X)."""
    hide_annotations: bool = False
    """Hide links and other annotations, as PDF/X wants inside the bleed box."""

    def __call__(self, document: Any, pdf: pydyf.PDF) -> None:
        """Correct PDF (WeasyPrint calls this with its document and the PDF objects)."""
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        registration = self._registration(pdf) if self.marks else None
        for number in pdf.pages["Kids"][::3]:
            page = pdf.objects[number]
            self._set_bleed_box(page)
            if self.hide_annotations:
                for reference in page.get("Annots") or ():
                    annotation = _deref(pdf, reference)
                    if annotation.get("Subtype") not in ("/PrinterMark", "/TrapNet"):
                        annotation["F"] = 2  # Hidden: neither shown nor printed
            if registration is not None:
                self._draw_marks(pdf, page)
        if registration is not None or self.default_rgb is not None:
            spaces = _color_spaces(pdf)
            if registration is not None:
                spaces[REGISTRATION] = registration
            if self.default_rgb is not None:
                profile = pydyf.Stream(
                    [self.default_rgb], pydyf.Dictionary({"N": 3}), compress=True
                )
                pdf.add_object(profile)
                spaces["DefaultRGB"] = pydyf.Array(("/ICCBased", profile.reference))
        self._fix_metadata(pdf)
        self._fix_output_intent(pdf)
        _name_images_by_content(pdf)

    def _set_bleed_box(self, page: pydyf.Dictionary) -> None:
        left, bottom, right, top = (float(v) for v in page["TrimBox"])
        media = [float(v) for v in page["MediaBox"]]
        page["BleedBox"] = pydyf.Array(
            [
                max(media[0], left - self.bleed_pt),
                max(media[1], bottom - self.bleed_pt),
                min(media[2], right + self.bleed_pt),
                min(media[3], top + self.bleed_pt),
            ]
        )

    def _registration(self, pdf: pydyf.PDF) -> pydyf.Array:
        tint = pydyf.Dictionary(
            {
                "FunctionType": 2,
                "Domain": pydyf.Array((0, 1)),
                "C0": pydyf.Array((0, 0, 0, 0)),
                "C1": pydyf.Array((1, 1, 1, 1)),
                "N": 1,
            }
        )
        pdf.add_object(tint)
        return pydyf.Array(("/Separation", "/All", "/DeviceCMYK", tint.reference))

    def _draw_marks(self, pdf: pydyf.PDF, page: pydyf.Dictionary) -> None:
        left, bottom, right, top = (float(v) for v in page["TrimBox"])
        ops = [
            b"Q q",
            b"/Artifact <</Type /Page>> BDC",
            f"/{REGISTRATION} CS 1 SCN {MARK_WIDTH_PT:g} w 0 J 0 j [] 0 d".encode(),
        ]
        start, end = self.geometry.offset, self.geometry.offset + self.geometry.length
        if "crop" in self.marks:
            for x, y, sx, sy in (
                (left, bottom, -1, -1),
                (right, bottom, 1, -1),
                (left, top, -1, 1),
                (right, top, 1, 1),
            ):
                ops.append(_line(x + sx * start, y, x + sx * end, y))
                ops.append(_line(x, y + sy * start, x, y + sy * end))
        if "cross" in self.marks:
            middle = start + self.geometry.length / 2
            cx, cy = (left + right) / 2, (bottom + top) / 2
            for x, y in (
                (cx, top + middle),
                (cx, bottom - middle),
                (left - middle, cy),
                (right + middle, cy),
            ):
                ops.extend(_cross(x, y, self.geometry.length / 2))
        ops += [b"EMC", b"Q"]
        opening = pydyf.Stream([b"q"], compress=True)
        marks = pydyf.Stream(ops, compress=True)
        pdf.add_object(opening)
        pdf.add_object(marks)
        page["Contents"] = pydyf.Array((opening.reference, page["Contents"], marks.reference))

    def _fix_metadata(self, pdf: pydyf.PDF) -> None:
        if self.document_id is None or "Metadata" not in pdf.catalog:
            return
        stream = _deref(pdf, pdf.catalog["Metadata"])
        content = b"".join(_bytes(part) for part in stream.stream)
        replacement = f"uuid:{self.document_id}".encode("ascii")
        stream.stream = [_DOCUMENT_ID.sub(replacement, content)]

    def _fix_output_intent(self, pdf: pydyf.PDF) -> None:
        for intent in pdf.catalog.get("OutputIntents") or ():
            identifier = getattr(intent.get("OutputConditionIdentifier"), "string", None)
            if identifier in REGISTRY_NAMES:
                intent["RegistryName"] = pydyf.String(REGISTRY_NAMES[identifier])


def _name_images_by_content(pdf: pydyf.PDF) -> None:
    """Rename every image XObject after its bytes, not its URL, in resources and streams."""
    names: dict[str, str] = {}
    for holder in _dictionaries(pdf):
        xobjects = _deref(pdf, holder.get("XObject")) if "XObject" in holder else None
        if not isinstance(xobjects, pydyf.Dictionary):
            continue
        for name in [key for key in xobjects if _IMAGE_NAME.fullmatch(str(key))]:
            image = _deref(pdf, xobjects[name])
            data = b"".join(
                _bytes(getattr(part, "data", part))  # WeasyPrint's LazyImage
                for part in getattr(image, "stream", ())
            )
            names.setdefault(
                name, "i" + hashlib.md5(data, usedforsecurity=False).hexdigest() + name[-1]
            )
            xobjects[names[name]] = xobjects.pop(name)
    if not names:
        return
    pattern = re.compile(rb"/(" + b"|".join(n.encode() for n in names) + rb")\b")
    for stream in pdf.objects:
        if isinstance(stream, pydyf.Stream):
            stream.stream = [_renamed(part, pattern, names) for part in stream.stream]


def _renamed(part: Any, pattern: re.Pattern[bytes], names: dict[str, str]) -> Any:
    if not isinstance(part, bytes | str):
        return part
    data = _bytes(part)
    if b"/i" not in data:
        return part
    return pattern.sub(lambda m: b"/" + names[m.group(1).decode()].encode(), data)


def _dictionaries(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    """Return every dictionary of the PDF that may hold resources (nested ones too)."""
    found: list[pydyf.Dictionary] = []
    todo: list[Any] = [o.extra if isinstance(o, pydyf.Stream) else o for o in pdf.objects]
    while todo:
        item = todo.pop()
        if isinstance(item, pydyf.Dictionary):
            found.append(item)
            todo.extend(v for v in item.values() if isinstance(v, pydyf.Dictionary))
    return found


def _deref(pdf: pydyf.PDF, reference: Any) -> Any:
    if isinstance(reference, bytes | str):
        return pdf.objects[int(_bytes(reference).split()[0])]
    return reference


def _color_spaces(pdf: pydyf.PDF) -> pydyf.Dictionary:
    """Return the colour space dictionary WeasyPrint shares between all pages."""
    first = pdf.objects[pdf.pages["Kids"][0]]
    resources = _deref(pdf, first["Resources"])
    spaces = _deref(pdf, resources["ColorSpace"])
    assert isinstance(spaces, pydyf.Dictionary)
    return spaces


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _line(x1: float, y1: float, x2: float, y2: float) -> bytes:
    return (f"{_number(x1)} {_number(y1)} m {_number(x2)} {_number(y2)} l S").encode()


def _cross(x: float, y: float, radius: float) -> list[bytes]:
    """Return the operators of a registration target: a circle crossed by two lines."""
    ring = radius * 0.6
    k = ring * 4 * (math.sqrt(2) - 1) / 3
    n = _number
    circle = (
        f"{n(x + ring)} {n(y)} m "
        f"{n(x + ring)} {n(y + k)} {n(x + k)} {n(y + ring)} {n(x)} {n(y + ring)} c "
        f"{n(x - k)} {n(y + ring)} {n(x - ring)} {n(y + k)} {n(x - ring)} {n(y)} c "
        f"{n(x - ring)} {n(y - k)} {n(x - k)} {n(y - ring)} {n(x)} {n(y - ring)} c "
        f"{n(x + k)} {n(y - ring)} {n(x + ring)} {n(y - k)} {n(x + ring)} {n(y)} c S"
    )
    return [
        circle.encode(),
        _line(x - radius, y, x + radius, y),
        _line(x, y - radius, x, y + radius),
    ]
