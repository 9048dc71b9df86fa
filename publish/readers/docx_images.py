"""A Word file's images: embedded ones go to a private folder, linked ones keep their address.

An embedded image is written to a private temporary folder (removed when publish exits) and
printed from there. A linked image (`r:link`, TargetMode="External") is never opened here:
its address is handed on, and the HTML converter keeps it only when it is on a host the user
allowed (publish.readers.remote); mammoth, which would fetch it itself, is never let to.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/svg+xml": ".svg",
    "image/webp": ".webp",
}


def linked_images(document: Any | None, rels: Any | None) -> list[str]:
    """Return the address of each linked image in DOCUMENT (word/document.xml), in order."""
    if document is None or rels is None:
        return []
    targets = {
        str(rel.get("Id")): str(rel.get("Target") or "")
        for rel in rels.iter(f"{{{_REL}}}Relationship")
    }
    return [
        targets.get(str(blip.get(f"{{{_R}}}link")), "")
        for blip in document.iter(f"{{{_A}}}blip")
        if blip.get(f"{{{_R}}}link") is not None and blip.get(f"{{{_R}}}embed") is None
    ]


class ImageFolder:
    """Where a document's images are printed from (see the module's docstring).

    LINKED are the linked images' addresses in document order: mammoth reads the images in
    that order, so the first linked image it cannot open is the first of them.
    """

    def __init__(self, limit: int, linked: list[str] | None = None) -> None:
        self.limit = limit
        self.linked = list(linked or [])
        self.folder: Path | None = None
        self.count = 0
        self.used = False
        self.names: set[str] = set()

    def save(self, image: Any) -> dict[str, str]:
        """Return the <img> attributes for one of mammoth's images."""
        from mammoth.docx.files import ExternalFileAccessIsDisabledError

        alt = str(getattr(image, "alt_text", "") or "")
        content_type = str(getattr(image, "content_type", "") or "")
        suffix = _SUFFIXES.get(content_type)
        try:
            opened = image.open()
        except ExternalFileAccessIsDisabledError:
            return {"src": self.linked.pop(0) if self.linked else "", "alt": alt}
        except KeyError:  # an embedded image missing from the zip
            if suffix is None:
                return {"src": f"unsupported:{content_type or 'image'}", "alt": alt}
            raise
        with opened as stream:
            if suffix is None:
                return {"src": f"unsupported:{content_type or 'image'}", "alt": alt}
            data = stream.read(self.limit + 1)
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="tmp-publish-docx-"))
            atexit.register(shutil.rmtree, self.folder, True)
        self.count += 1
        file_name = f"image-{self.count}{suffix}"
        (self.folder / file_name).write_bytes(data)
        self.names.add(file_name)
        return {"src": file_name, "alt": alt}

    def resolve(self, src: str) -> str | None:
        """Return SRC when it is one of the embedded images written out, else None."""
        if src in self.names:
            self.used = True
            return src
        return None
