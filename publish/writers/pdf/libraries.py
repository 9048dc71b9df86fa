"""WeasyPrint imported without running the compiler to look for libraries that are not there.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying a list of names meant for
every platform (`libgobject-2.0-0`, `gobject-2.0-0`, `gobject-2.0`, ...). Each name `dlopen`
does not know goes to `ctypes.util.find_library`, which on Linux asks `ldconfig`, then runs
`gcc` and `ld` to look; a name that is nowhere costs three programs. WeasyPrint's import
tries fifteen such names (Kozea/WeasyPrint#1125): about 45 programs, a quarter of a second.

While WeasyPrint is imported here, `find_library` answers None at once for a name no file
could match: no `lib<name>.` file in the loader's cache (`ldconfig -p`), in its default
folders or in LD_LIBRARY_PATH or LIBRARY_PATH. Any other name is looked up as before, so
the libraries opened are the ones WeasyPrint opened without this. Every module that imports
WeasyPrint imports this module first.

With publish's cache folder (`publish.compiled`), WeasyPrint's C declarations come from it in
cffi's out-of-line form, whose `dlopen` asks `find_library` nothing (no `ldconfig` or
compiler is run for a name), and the hyphenation patterns pyphen parses for WeasyPrint are
kept there.

fontTools' subsetter, which WeasyPrint imports but uses only without HarfBuzz's subsetter
(publish subsets with uharfbuzz, `subsetting.py`), is loaded when first used (`deferred`), and
fontTools' variable-font instancer (with all of `fontTools.varLib`) when WeasyPrint first
instances a variable font (`forwarding`): about 0.15 s of WeasyPrint's import. Its
stylesheets for presentational hints and PDF forms, which publish never asks for, are parsed
only if a document uses them (`sheets_on_use`), and the library folders are listed (one
`ldconfig -p`) only when a name is looked up, which with kept declarations none is.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

from publish.compiled import keep_hyphenation, kept_declarations

DEFAULT_FOLDERS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")
"""Folders the loader and the linker search without being told (and their multiarch ones)."""


def library_folders(environ: dict[str, str] | None = None) -> list[str]:
    """Return every folder `find_library` would look in, each once: the loader's cache, its
    default folders (and their multiarch ones), LD_LIBRARY_PATH and LIBRARY_PATH."""
    environ = dict(os.environ) if environ is None else environ
    folders = [*_cache_folders(), *DEFAULT_FOLDERS]
    for variable in ("LD_LIBRARY_PATH", "LIBRARY_PATH"):
        folders += [part for part in environ.get(variable, "").split(os.pathsep) if part]
    arch = getattr(sys.implementation, "_multiarch", "")
    if arch:
        folders += [os.path.join(folder, arch) for folder in DEFAULT_FOLDERS]
    return list(dict.fromkeys(folders))


def library_files(environ: dict[str, str] | None = None) -> frozenset[str]:
    """Return the names of the files in every folder `find_library` would look in."""
    names: set[str] = set()
    for folder in library_folders(environ):
        with contextlib.suppress(OSError):
            names.update(os.listdir(folder))
    return frozenset(names)


def _cache_folders() -> list[str]:
    """Return the folders of the libraries in the loader's cache (`ldconfig -p`)."""
    try:
        listing = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            text=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        ).stdout
    except OSError:
        return []
    return [os.path.dirname(line.rpartition(" => ")[2]) for line in listing.splitlines()[1:]]


def could_exist(name: str, files: frozenset[str]) -> bool:
    """Return whether some file of FILES could be the library NAME (`lib<name>.<anything>`)."""
    prefix = f"lib{name}."
    return any(file.startswith(prefix) for file in files)


@contextlib.contextmanager
def quick_library_search() -> Iterator[None]:
    """Within the block, `ctypes.util.find_library` answers None at once for a name that no
    library file could match (on Linux; elsewhere it is left as it is)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    files: list[frozenset[str]] = []  # listed on the first call (none with kept declarations)

    def find_library(name: str) -> str | None:
        if not files:
            files.append(library_files())
        return original(name) if could_exist(name, files[0]) else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def deferred(name: str) -> None:
    """Register the module NAME (not imported yet) to be loaded when one of its attributes is
    first used, not when it is imported (`importlib.util.LazyLoader`). A module imported
    already, or not found, is left as it is."""
    import importlib.util

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)  # `from parent import child` loads nothing


@contextlib.contextmanager
def forwarding(name: str, function: str) -> Iterator[None]:
    """Within the block, `from NAME import FUNCTION` gives a function that imports the module
    NAME when first called and calls its FUNCTION; nothing of NAME (or its packages) is
    imported meanwhile. After the block NAME is imported as always. A module imported
    already is left as it is."""
    if name in sys.modules:
        yield
        return
    import importlib
    import types

    def forward(*args: object, **kwargs: object) -> object:
        return getattr(importlib.import_module(name), function)(*args, **kwargs)

    stand_in = types.ModuleType(name, f"Stands for {name} until {function} is called.")
    setattr(stand_in, function, forward)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


class _ParsedOnUse:
    """A stylesheet WeasyPrint makes at import, parsed when one of its attributes is first
    used (`sheets_on_use`)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self._make = make
        self._sheet: object | None = None

    def __getattr__(self, name: str) -> object:
        if self._sheet is None:
            self._sheet = self._make()
        return getattr(self._sheet, name)


ON_USE = ("html5_ph.css", "html5_ua_form.css")
"""WeasyPrint's user-agent sheets for presentational hints and for PDF forms, used only by a
document rendered with `presentational_hints` or `pdf_forms` (publish uses neither)."""


@contextlib.contextmanager
def sheets_on_use() -> Iterator[None]:
    """Within the block, the import of `weasyprint.html` makes its stylesheets of `ON_USE`
    as `_ParsedOnUse` stand-ins: each is parsed (about 10 ms) only if a document uses it.
    The user-agent stylesheet itself, which every document uses, is parsed as always."""
    import importlib.abc
    import importlib.machinery
    import importlib.resources

    texts: set[str] = set()

    def making(real: Any) -> Callable[..., object]:
        def make(*args: object, **kwargs: object) -> object:
            if args or not set(kwargs) <= {"string", "counter_style"}:
                return real(*args, **kwargs)
            if kwargs.get("string") not in texts:
                return real(**kwargs)
            return _ParsedOnUse(lambda: real(**kwargs))

        return make

    class Loader(importlib.machinery.SourceFileLoader):
        def exec_module(self, module: Any) -> None:
            package: Any = sys.modules["weasyprint"]
            real = package.CSS
            css = importlib.resources.files("weasyprint.css")
            texts.update((css / name).read_text("utf-8") for name in ON_USE)
            package.CSS = making(real)
            try:
                super().exec_module(module)
            finally:
                package.CSS = real

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name != "weasyprint.html":
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is not None and isinstance(spec.loader, importlib.machinery.SourceFileLoader):
                spec.loader = Loader(spec.loader.name, spec.loader.path)
            return spec

    finder = Finder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _weasyprint_ffi() -> str:
    """Return the file of WeasyPrint's C declarations (`weasyprint.text.ffi`), not imported."""
    import importlib.util

    spec = importlib.util.find_spec("weasyprint")
    folder = os.path.dirname(spec.origin) if spec and spec.origin else ""
    return os.path.join(folder, "text", "ffi.py")


deferred("fontTools.subset")
with (
    quick_library_search(),
    kept_declarations("weasyprint.text.ffi", _weasyprint_ffi()),
    forwarding("fontTools.varLib.instancer", "instantiateVariableFont"),
    sheets_on_use(),
):
    import weasyprint  # noqa: F401

keep_hyphenation()  # the patterns pyphen parses for WeasyPrint, kept in the cache folder
