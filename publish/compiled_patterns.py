"""Regular expressions compiled once, their compiled form kept in the cache folder.

A cold build compiles some 700 regular expressions across its processes (publish's readers
and enrichers, WeasyPrint, tinycss2, typer...): Python's `re` parses each pattern and
compiles it to the code its C matcher runs, in Python, every process. The code depends only
on the pattern, its flags and the Python version, so it is kept here (`publish.compiled`,
one entry keyed by Python's version and `re`'s own files) and handed to `_sre.compile`, the
function `re` itself ends with: the same code, so the same matcher and the same matches, with
the parse and compile skipped.

`keep_patterns` (at the entry point, before anything else is imported) puts `_compile` in
place of `re._compiler.compile`, under `re`'s own cache; `save` adds the patterns this
process compiled to the entry (at each process's end, only when there are new ones). A
pattern with the DEBUG flag, or anything but a string, is compiled as before; an entry that
is corrupt or whose code the matcher does not accept is ignored and the pattern compiled.

Only the program's own patterns are noted: those compiled while a module is being imported,
and those written out in the code of the function that compiles them (`re.search(r"...",
text)` in a function). Any other pattern compiled later may be made from the input (an
override's words, a footnote's label), and nothing of an article is written to the cache
folder.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from publish import compiled

KIND = "patterns"
LIMIT = 5000
"""The most patterns kept: a program making patterns from its input keeps no more than this."""
FEW = 8
"""A process that compiled fewer new patterns than this saves none: some patterns differ from
one process to the next (made from a set, whose order follows the strings' hashes), and
keeping them would rewrite the entry at every build."""

_Kept = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_state: dict[str, Any] = {"kept": None, "new": {}, "real": None}


def _re(name: str) -> Any:
    """`re`'s own parts (`_sre`, `_compiler`, `_parser`), which `re` has imported."""
    return importlib.import_module(name)


def _key() -> tuple[object, ...]:
    sre, compiler, parser = _re("_sre"), _re("re._compiler"), _re("re._parser")
    sources = (re.__file__, compiler.__file__, parser.__file__)
    return (sre.MAGIC, sre.CODESIZE, tuple(compiled.file_identity(path) for path in sources))


def keep_patterns() -> None:
    """Compile regular expressions from the cache folder's entry from now on (once)."""
    compiler = _re("re._compiler")
    if _state["real"] is not None or compiled.cache_folder() is None:
        return
    kept = compiled.load_data(KIND, _key())
    _state["kept"] = kept if isinstance(kept, dict) else {}
    _state["real"] = compiler.compile
    compiler.compile = _compile


def _compile(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
    """`re._compiler.compile`: the kept code for PATTERN and FLAGS, else compiled and noted
    (as `re._compiler.compile` compiles: parsed, turned to code, handed to `_sre.compile`)."""
    sre = _re("_sre")
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
        real: Any = _state["real"]
        return real(pattern, flags)  # type: ignore[no-any-return]
    key = (pattern, flags)
    kept = _state["kept"].get(key)
    if kept is not None:
        try:
            final, code, groups, groupindex, indexgroup = kept
            return sre.compile(  # type: ignore[no-any-return]
                pattern, final, array("I", code).tolist(), groups, groupindex, indexgroup
            )
        except Exception:  # an entry the matcher refuses: compiled as below
            del _state["kept"][key]
    parsed = _re("re._parser").parse(pattern, flags)
    made_code = _re("re._compiler")._code(parsed, flags)
    names = dict(parsed.state.groupdict)
    index_names: list[str | None] = [None] * parsed.state.groups
    for name, index in names.items():
        index_names[index] = name
    made: _Kept = (
        flags | parsed.state.flags,
        array("I", made_code).tobytes(),
        parsed.state.groups - 1,
        names,
        tuple(index_names),
    )
    if len(_state["new"]) + len(_state["kept"]) < LIMIT and _own(pattern):
        _state["new"][key] = made
    return sre.compile(  # type: ignore[no-any-return]
        pattern, made[0], made_code, made[2], names, made[4]
    )


def _own(pattern: str | bytes) -> bool:
    """Return whether PATTERN is the program's own: compiled while a module is imported
    (importlib's frames are on the stack), or written as it is in the code of the function
    that asked `re` for it (one of its constants, as `re.search(r"...", text)` gives it)."""
    frame = sys._getframe(2)
    caller = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib"):
            return True
        if caller is None and name != _RE_FILE:
            caller = frame.f_code
        frame = frame.f_back  # type: ignore[assignment]
    return caller is not None and any(
        type(constant) is type(pattern) and constant == pattern for constant in caller.co_consts
    )


_RE_FILE = re.__file__
"""`re`'s own functions (`re.search`, `re.compile`, ...) stand between a caller and `_compile`."""


def save(few: int = FEW) -> None:
    """Add the patterns this process compiled to the entry (read again first, with its
    folder locked, so that processes saving in turn or at once add to each other's), if
    there are FEW or more."""
    new: dict[object, _Kept] = _state["new"]
    if len(new) < max(1, few) or _state["real"] is None:
        return
    _state["new"] = {}
    key = _key()
    with _alone():
        kept = compiled.load_data(KIND, key)
        merged = dict(kept) if isinstance(kept, dict) else {}
        merged.update(new)
        _state["kept"].update(new)
        compiled.save_data(KIND, key, merged)


@contextmanager
def _alone(wait: float = 5.0) -> Iterator[None]:
    """Hold the entries' folder locked (flock, at most WAIT seconds spent waiting) while the
    entry is read again and written: the processes of one build often end together (the
    layout process and the reading child), and without it the one that writes last would
    drop the patterns the other had just added. Without a cache folder, or where the
    folder cannot be locked, the entry is written as it is."""
    import fcntl

    folder = compiled.cache_folder()
    handle = None
    if folder is not None:
        try:
            (folder / KIND).mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = os.open(folder / KIND, os.O_RDONLY | os.O_DIRECTORY)
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
        except OSError:
            pass
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)  # the lock goes with it


def forget() -> None:
    """Put `re`'s own compiler back (for tests)."""
    if _state["real"] is not None:
        _re("re._compiler").compile = _state["real"]
    _state.update(kept=None, new={}, real=None)
