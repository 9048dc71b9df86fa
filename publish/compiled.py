"""A cache folder of what every new process would otherwise work out again from the same files.

A cold `publish build` reads each shipped font's code points, compiles the Jinja templates
and parses the hyphenation patterns; none of that depends on the article. Each result is
kept here as one entry, so the next process loads it instead (`load_data`, `save_data`).

Where: `$PUBLISH_CACHE_DIR` when it is set (set and empty: no cache, nothing written), else
`$XDG_CACHE_HOME/publish`, else `~/.cache/publish`: publish's own folder, never inside the
output folder or beside the input.

An entry is named by a digest of its key: publish's version, the Python and library
versions involved, the identity of the file it was made from (path, size and modification
time, or the file's own checksum where the library keeps one) and the identity of the
module that made it, so an entry made by another version is never read. Its bytes start
with a digest of the key and the payload: an entry that is truncated, corrupt, renamed or
unreadable is ignored (and made again), never trusted. Entries are written to a temporary
file and renamed into place, so a reader never sees half of one. A cache folder that cannot
be written leaves the build as it was without the cache: nothing fails. The outputs are the
same bytes with a cache cold, warm or off; only the time changes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import publish

if TYPE_CHECKING:
    from jinja2.bccache import BytecodeCache

CACHE_ENV = "PUBLISH_CACHE_DIR"
"""The cache folder; set to the empty string, the cache is off."""

_MAGIC = b"publish-cache 1\n"
_DIGEST = hashlib.sha256().digest_size


def cache_folder() -> Path | None:
    """Return the cache folder, or None when `$PUBLISH_CACHE_DIR` is set empty (cache off)."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return Path(named).expanduser() if named else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish"


def file_identity(path: str | os.PathLike[str]) -> tuple[str, int, int] | None:
    """Return PATH's identity for a key (path, size, modification time in ns), or None
    when it is no regular file (a link or a missing file is not cached)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not (status.st_mode & 0o170000 == 0o100000):  # a regular file, not a link
        return None
    return os.fspath(path), status.st_size, status.st_mtime_ns


def _full_key(kind: str, key: tuple[object, ...]) -> bytes:
    return repr((kind, publish.__version__, sys.version, file_identity(__file__), key)).encode(
        "utf-8", "surrogatepass"
    )


def _entry(folder: Path, kind: str, full_key: bytes) -> Path:
    return folder / kind / hashlib.sha256(full_key).hexdigest()[:40]


def _private(*paths: Path) -> bool:
    """Tell whether each of PATHS is this user's and writable by no one else: an entry may
    hold code (Jinja's compiled templates), so a folder others can write is not trusted."""
    try:
        return all(
            (status := os.stat(path)).st_uid == os.getuid() and not status.st_mode & 0o022
            for path in paths
        )
    except (OSError, ValueError):
        return False


def load(kind: str, key: tuple[object, ...]) -> bytes | None:
    """Return the payload kept for KEY among the entries of KIND, or None (no cache, no
    entry, or one that is unreadable, truncated, corrupt, another key's, or in a folder
    another user could have written)."""
    folder = cache_folder()
    if folder is None:
        return None
    full_key = _full_key(kind, key)
    entry = _entry(folder, kind, full_key)
    if not _private(folder, entry.parent, entry):
        return None
    try:
        data = entry.read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    if hashlib.sha256(full_key + payload).digest() != data[len(_MAGIC) : head]:
        return None
    return payload


def save(kind: str, key: tuple[object, ...], payload: bytes) -> None:
    """Keep PAYLOAD for KEY among the entries of KIND (written whole or not at all); a
    folder that cannot be written is left as it is, silently."""
    folder = cache_folder()
    if folder is None:
        return
    full_key = _full_key(kind, key)
    target = _entry(folder, kind, full_key)
    data = _MAGIC + hashlib.sha256(full_key + payload).digest() + payload
    temporary = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        if not _private(folder, target.parent):
            return
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def load_data(kind: str, key: tuple[object, ...]) -> object | None:
    """Return the value `save_data` kept for KEY (plain data: numbers, strings, bytes,
    tuples, lists, dicts, sets), or None."""
    payload = load(kind, key)
    if payload is None:
        return None
    try:
        value: object = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value


def save_data(kind: str, key: tuple[object, ...], value: Any) -> None:
    """Keep the plain-data VALUE for KEY (with `marshal`, which runs nothing as it loads)."""
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not plain data: not kept
        return
    save(kind, key, payload)


def template_cache(options: tuple[object, ...]) -> BytecodeCache | None:
    """Return a Jinja bytecode cache keeping each compiled template here, or None when the
    cache is off. OPTIONS are the environment's settings that change the compiled code.

    Jinja names each template's entry by its name and file and checks the source's checksum
    and its own bytecode version before it uses one (`jinja2.bccache`); a template edited
    since is compiled again and its entry rewritten.
    """
    if cache_folder() is None:
        return None
    cache: BytecodeCache = _template_cache_class()(options)  # type: ignore[call-arg]
    return cache


@functools.cache
def _template_cache_class() -> type[BytecodeCache]:
    import jinja2
    from jinja2.bccache import Bucket, BytecodeCache

    class TemplateCache(BytecodeCache):
        """Jinja's bytecode cache, its entries kept as this module keeps every entry."""

        def __init__(self, options: tuple[object, ...]) -> None:
            self.options = (jinja2.__version__, options)

        def load_bytecode(self, bucket: Bucket) -> None:
            payload = load("templates", (self.options, bucket.key))
            if payload is None:
                return
            try:
                bucket.bytecode_from_string(payload)
            except Exception:  # an entry that does not load is compiled again
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            save("templates", (self.options, bucket.key), bucket.bytecode_to_string())

    return TemplateCache


def keep_hyphenation() -> None:
    """Have pyphen keep the hyphenation patterns it parses here, and load them from here.

    pyphen parses a language's whole `hyph_*.dic` on its first word in each process (about
    0.12 s for English). Its parsed form (each pattern's offset and values) is plain data;
    a dictionary with nonstandard hyphenation (values that carry more than a number) is
    parsed each time as before.
    """
    import pyphen

    if getattr(pyphen.HyphDict, "kept_by_publish", False):
        return
    pyphen.HyphDict = _kept_hyph_dict(pyphen.HyphDict, pyphen.__version__)


def _kept_hyph_dict(base: type, version: str) -> type:
    class KeptHyphDict(base):  # type: ignore[misc]
        """pyphen's patterns of one dictionary, loaded from the cache folder when kept."""

        kept_by_publish = True

        def __init__(self, path: Path) -> None:
            identity = _path_identity(path)
            key = (version, identity)
            kept = load_data("hyphenation", key) if identity else None
            if (
                isinstance(kept, tuple)
                and len(kept) == 2
                and isinstance(kept[0], dict)
                and type(kept[1]) is int
            ):
                self.patterns, self.maxlen = kept
                self.cache: dict[str, list[int]] = {}
                return
            super().__init__(path)
            values = (value for _, found in self.patterns.values() for value in found)
            if identity and all(type(value) is int for value in values):
                save_data("hyphenation", key, (self.patterns, self.maxlen))

    return KeptHyphDict


def _path_identity(path: object) -> tuple[str, int, int] | None:
    """Return `file_identity` of PATH when it is a file of the file system, else None."""
    return file_identity(path) if isinstance(path, (str, os.PathLike)) else None


@contextlib.contextmanager
def kept_declarations(module: str, source: str) -> Iterator[None]:
    """While the block imports MODULE (the file SOURCE), its `cffi.FFI()` with its one
    `cdef` comes from the cache folder in cffi's out-of-line ABI form.

    cffi parses C declarations with pycparser in every process: WeasyPrint's Pango,
    HarfBuzz and fontconfig declarations (about 70 ms), then each C type named in a call
    (`ffi.new("PangoRectangle *")`, 7 ms each), with pycparser imported for it. The
    out-of-line form is what `ffi.emit_python_code` writes: the same declarations as tables
    that cffi's own C code reads, with no parser. It is kept, as plain data, under the
    checksum of SOURCE (so an edited module is parsed again) and the versions of cffi and
    Python; the first process parses as before and keeps it for the next. The libraries
    are opened by the same names; only the names that no file matches are no longer
    handed to `ctypes.util.find_library`, which on Linux finds the same files.
    """
    if not sys.platform.startswith("linux") or cache_folder() is None:
        yield
        return
    import cffi

    try:
        text = Path(source).read_bytes()
    except OSError:
        yield
        return
    key = (cffi.__version__, hashlib.sha256(text).hexdigest(), module)
    real = cffi.FFI

    def make(*args: object, **kwargs: object) -> object:
        if args or kwargs or sys._getframe(1).f_globals.get("__name__") != module:
            return real(*args, **kwargs)
        return _kept_ffi(key, real)

    cffi.FFI = make
    try:
        yield
    finally:
        cffi.FFI = real


def _kept_ffi(key: tuple[object, ...], real: type) -> object:
    """An FFI for the module of KEY: out-of-line from its kept tables, else `real` that
    keeps them once its declarations are parsed."""
    import _cffi_backend

    kept = load_data("cffi", key)
    if isinstance(kept, tuple) and len(kept) == 3:
        declared, name, tables = kept
        if isinstance(declared, str) and isinstance(name, str) and isinstance(tables, dict):
            try:
                return _out_of_line(_cffi_backend.FFI, declared)(name, **tables)
            except (TypeError, ValueError, _cffi_backend.FFI.error):
                pass  # tables this cffi does not take: parsed again

    class KeepingFFI(real):  # type: ignore[misc]
        def cdef(self, csource: str, *args: object, **kwargs: object) -> None:
            super().cdef(csource, *args, **kwargs)
            if not args and not kwargs and isinstance(csource, str):
                tables = _tables(csource)
                if tables is not None:
                    save_data("cffi", key, (_digest(csource), *tables))

    return KeepingFFI()


def _out_of_line(base: type, declared: str) -> type:
    class KeptFFI(base):  # type: ignore[misc]
        """cffi's out-of-line FFI, for the declarations whose digest is DECLARED."""

        def cdef(self, csource: str, *args: object, **kwargs: object) -> None:
            if args or kwargs or _digest(csource) != declared:
                raise RuntimeError("publish's cache: kept C declarations differ from the module's")

    return KeptFFI


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _tables(csource: str) -> tuple[str, dict[str, object]] | None:
    """Return the out-of-line FFI's name and tables for CSOURCE, as cffi writes them."""
    import ast
    import io

    import cffi

    name = "_publish_kept_ffi"
    builder = cffi.FFI()
    try:
        builder.cdef(csource)
        builder.set_source(name, None)
        with tempfile.TemporaryDirectory() as folder:
            written = os.path.join(folder, name + ".py")
            with contextlib.redirect_stdout(io.StringIO()):
                builder.emit_python_code(written)
            tree = ast.parse(Path(written).read_text(encoding="utf-8"))
        call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call))
        tables = {word.arg: ast.literal_eval(word.value) for word in call.keywords if word.arg}
    except Exception:  # a form cffi cannot write out of line: parsed each time
        return None
    return name, tables
