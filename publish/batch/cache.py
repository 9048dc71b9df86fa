"""The incremental cache: an article whose inputs are unchanged is not built again.

An article's key is the sha256 of everything its outputs are made from: the `publish`
version, SOURCE_DATE_EPOCH, the options that change the outputs, every file of the theme
(templates and styles folders, the project's included) and the input file's bytes. Its
images and cover are known only once it is read, so the cache also keeps each one's sha256,
and the sha256 of each output it wrote. An article is fresh when its key, every image and every
output still match: contents are compared, never file times. The cache lives in the output
folder (`.build-cache.publish.json`); one that cannot be read, or that another version of
`publish` wrote, is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publish.settings import BuildResult, BuildSettings

CACHE_NAME = ".build-cache.publish.json"
FORMAT = 2
"""2: each entry keeps its article's slug, so a no-op build needs no model."""


def _version() -> str:
    import publish

    return str(publish.__version__)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str | None:
    """Return the sha256 of the regular file PATH, read as the build reads it; None if refused."""
    return _file_digest_in(path, (Path(os.path.abspath(path)).parent,))


def _file_digest_in(path: Path, roots: tuple[Path, ...]) -> str | None:
    """Return the sha256 of the file PATH, read as the build reads it under ROOTS; None for one
    the build refuses (a link out of them, not a regular file)."""
    from publish.resources import ReadRefused, digest_inside

    try:
        return digest_inside(path, roots)
    except ReadRefused:
        return None


def settings_key(settings: BuildSettings) -> str:
    """Return the sha256 of what every article of this build shares: version, options, theme."""
    digest = hashlib.sha256()
    for part in (
        _version(),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        repr(settings.formats),
        repr(settings.input_format),
        repr(settings.print_request),
        repr(settings.allow_remote),
        repr(settings.strict),
        repr(settings.accept_changes),
        repr(settings.word_styles),
        repr(settings.embed_fonts),
    ):
        digest.update(part.encode() + b"\0")
    for folder in settings.theme.roots:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(str(_file_digest_in(path, settings.theme.roots)).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Unchanged:
    """An article the cache found fresh, as the cache holds it (not validated by the model)."""

    source: str
    slug: str
    article: str
    """The article as JSON (`Article.model_dump_json`)."""
    outputs: tuple[Path, ...]


_FIELDS = {"key": str, "source": str, "slug": str, "article": str, "images": dict, "outputs": dict}


def _whole(entry: object) -> dict[str, Any] | None:
    """Return ENTRY when each of its fields has its type (names to sha256 for the files)."""
    if not isinstance(entry, dict) or any(
        not isinstance(entry.get(name), kind) for name, kind in _FIELDS.items()
    ):
        return None
    files = (*entry["images"].items(), *entry["outputs"].items())
    return entry if all(isinstance(n, str) and isinstance(s, str) for n, s in files) else None


@dataclass
class BuildCache:
    """The cache of one output folder; `enabled` False (stdin, --force) never hits."""

    folder: Path
    shared: str
    enabled: bool = True
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    fresh: dict[str, Unchanged | None] = field(default_factory=dict)
    results: dict[str, BuildResult | None] = field(default_factory=dict)
    changed: bool = False
    """Whether an article was recorded since the cache was read (else `save` writes nothing)."""

    @classmethod
    def disabled(cls, folder: Path) -> BuildCache:
        """Return a cache that never hits and never writes."""
        return cls(folder, "", enabled=False)

    @classmethod
    def open(cls, settings: BuildSettings, force: bool = False) -> BuildCache:
        """Load the output folder's cache; start empty when it is missing, corrupt or old."""
        cache = cls(settings.out_dir, settings_key(settings))
        if force:
            return cache
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads((settings.out_dir / CACHE_NAME).read_bytes())
            if data.get("format") == FORMAT and data.get("version") == _version():
                cache.entries = {str(k): dict(v) for k, v in data["articles"].items()}
        return cache

    def _key(self, path: str) -> str | None:
        data = _file_digest(Path(path))
        return None if data is None else _digest(f"{self.shared}:{data}".encode())

    def unchanged(self, path: str) -> Unchanged | None:
        """Return PATH's cache record when the article is fresh, else None.

        Fresh: the entry is whole (each field of its type), and its key, every image and every
        output still match. The article's record is not validated here (a no-op build never
        loads the model); `hit` validates it.
        """
        if path == "-" or not self.enabled:
            return None
        if path not in self.fresh:
            self.fresh[path] = None
            entry = _whole(self.entries.get(os.path.abspath(path)))
            with contextlib.suppress(OSError, ValueError):  # a name no file can have
                if entry is not None and self._matches(path, entry):
                    self.fresh[path] = Unchanged(
                        entry["source"],
                        entry["slug"],
                        entry["article"],
                        tuple(self.folder / name for name in entry["outputs"]),
                    )
        return self.fresh[path]

    def _matches(self, path: str, entry: dict[str, Any]) -> bool:
        """Tell whether PATH's key, and each image and output of ENTRY, still match it."""
        return (
            entry["key"] == self._key(path)
            and all(_file_digest(Path(name)) == sha for name, sha in entry["images"].items())
            and all(
                _file_digest(self.folder / name) == sha for name, sha in entry["outputs"].items()
            )
        )

    def hit(self, path: str) -> BuildResult | None:
        """Return the cached result of PATH when it is fresh, else None."""
        if path not in self.results:
            self.results[path] = None
            found = self.unchanged(path)
            if found is not None:
                from publish.model import Article
                from publish.settings import BuildResult

                with contextlib.suppress(ValueError):  # a record the model refuses: rebuilt
                    article = Article.model_validate_json(found.article)
                    if article.slug == found.slug:
                        self.results[path] = BuildResult(found.source, article, found.outputs, ())
        return self.results[path]

    def record(self, path: str, result: BuildResult, images: Iterable[Path]) -> None:
        """Remember what PATH was built into, to skip it next time."""
        key = self._key(path) if path != "-" and self.enabled else None
        if key is None or _uses_the_network(result) or _left_an_image_out(result):
            # What a host serves may change: an article with remote images is rebuilt; so is
            # one that left out an image not there yet, which may be saved beside it later.
            return
        self.changed = True
        self.entries[os.path.abspath(path)] = {
            "key": key,
            "source": result.source,
            "slug": result.article.slug,
            "article": result.article.model_dump_json(),
            "images": {str(Path(image).resolve()): _file_digest(Path(image)) for image in images},
            "outputs": {output.name: _file_digest(output) for output in result.outputs},
        }

    def save(self) -> None:
        """Write the cache into the output folder, atomically."""
        from publish.output.files import write_all

        if not self.enabled or not self.changed:
            return  # nothing recorded since it was read: the file holds it already
        data = {"format": FORMAT, "version": _version(), "articles": self.entries}
        write_all([(self.folder / CACHE_NAME, json.dumps(data, sort_keys=True, indent=1).encode())])


def images_left_out(warnings: Iterable[str]) -> tuple[str, ...]:
    """Return the WARNINGS (a reader's) that say a local image was left out: a build's result
    keeps them, so that the cache does not keep an article built without its image."""
    from publish.readers.remote import LEFT_OUT

    return tuple(warning for warning in warnings if LEFT_OUT.search(warning))


def _left_an_image_out(result: BuildResult) -> bool:
    """Tell whether RESULT's article was built without an image it names."""
    from publish.readers.remote import left_out_images

    return bool(left_out_images(result.warnings))


def _uses_the_network(result: BuildResult) -> bool:
    """Tell whether RESULT's article prints images fetched from the network."""
    from publish.remote_images import remote_sources

    return bool(remote_sources(result.article))
