"""Read an input file's bytes into text, with the checks every reader shares."""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from publish.article_files import FetchedImage
from publish.errors import InputError
from publish.readers.controls import clean_controls

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest article file accepted; a larger one is refused before it is read."""


@dataclass(frozen=True)
class Source:
    """An article's text and where it came from."""

    text: str
    name: str
    folder: Path | None
    """The folder the article's own files (images, cover) may come from; None for stdin."""
    remote_hosts: frozenset[str] = frozenset()
    """Hosts whose images a reader keeps by their https address (the user's --allow-remote);
    the pipeline fetches them. Empty: every remote image is left out with a warning."""
    remote_images: tuple[FetchedImage, ...] = ()
    """Those images, once fetched (publish.remote_images): what both writers print."""

    def remote_image(self, url: str) -> FetchedImage | None:
        """Return the fetched image at URL, or None."""
        return next((image for image in self.remote_images if image.url == url), None)


def decode(data: bytes, name: str) -> str:
    """Decode DATA as UTF-8 (or UTF-16/UTF-8 with a BOM), normalise line ends, refuse controls."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"invalid {encoding.upper()} (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            file=name,
            line=line,
            column=column,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_REFUSED.search(text) is None:  # the usual case: no character to look for
        return clean_controls(text, name)
    for line_no, row in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(row, start=1):
            problem = _refused(char)
            if problem:
                raise InputError(problem, file=name, line=line_no, column=col)
    return clean_controls(text, name)


_ANY_REFUSED = re.compile(
    "[\x00\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
"""Any character `_refused` refuses: found at C speed, then told by line and column."""


def _refused(char: str) -> str | None:
    """Return why CHAR refuses the whole file (NUL, a noncharacter, a lone surrogate)."""
    code = ord(char)
    if code == 0:
        return "control character U+0000 is not allowed in an article (is it a binary file?)"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"noncharacter U+{code:04X} is not allowed in an article"
    if unicodedata.category(char) == "Cs":
        return f"lone surrogate U+{code:04X} is not a character"
    return None


def check_input_file(path: Path) -> None:
    """Refuse PATH when it is missing, a folder or over the size limit, before it is read."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=name) from None
    if path.is_dir():
        raise InputError("is a folder, not an article file", file=name)
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"the file is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_INPUT_BYTES // 1024 // 1024} MB",
            file=name,
        )


def article_folder(path: Path) -> Path:
    """Return the folder an article file at PATH sits in (where a link to it is, resolved)."""
    return Path(os.path.abspath(path)).parent.resolve()


def read_input_file(path: Path) -> bytes:
    """Return the bytes of the article file PATH: a regular file inside its own folder.

    Checked by its size first (an oversized file is never opened), then read through the
    one resolver (publish.resources.read_inside): a FIFO, a device or a link leading out of
    the folder is refused, and the size cap holds for the bytes actually read.
    """
    from publish.resources import ReadRefused, read_inside

    check_input_file(path)
    try:
        return read_inside(path, [article_folder(path)], limit=MAX_INPUT_BYTES)
    except ReadRefused as exc:
        raise InputError(str(exc), file=str(path)) from None


def read_source(path: Path) -> Source:
    """Read the article file at PATH, refusing missing, oversized or undecodable files."""
    name = str(path)
    data = read_input_file(path)
    return Source(text=decode(data, name), name=name, folder=article_folder(path))
