"""Regular expressions compiled from the cache folder (publish/compiled_patterns.py): the same
pattern objects and matches as `re`'s own compiler; an entry bad or missing costs only time."""

from __future__ import annotations

import re
import re._compiler
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish import compiled, compiled_patterns
from publish.enrich import numbers

TEXTS = (
    "About 1,200 people, some 40 per cent more than in 2019, paid $3.5 million for it.",
    "Between two and three thousand tenants left; a third of them moved 12 km away.",
    "Half of the 1.5m euros went on 30-year bonds at 4% and six hundred and five tons.",
    "Café naïve ÉTÉ 日本語 ١٢٣ x\u00b2 -7 to 9 \u2013 12\u201314 \U0001f600 ab\x01c",
)
PATTERNS: tuple[tuple[str | bytes, int], ...] = (
    (numbers.FIGURE.pattern, re.IGNORECASE),
    (r"(?P<word>\b\w+\b)(?:\s+(?P=word))?", 0),
    (r"[a-z]+ (?i:X)? \d{2,} | (?<=\s)-\d", re.MULTILINE | re.VERBOSE),
    (r"(?u)\W+", 0),
    (rb"[\x00-\x1f]+(?P<tail>ab|c)", 0),
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The mechanism in place with a cache folder of its own; `re` as before afterwards. The
    tests compile as a module's import would (a pattern compiled otherwise is never noted)."""
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(compiled_patterns, "_own", lambda pattern: True)
    compiled_patterns.forget()
    compiled_patterns.keep_patterns()
    yield tmp_path
    compiled_patterns.forget()
    re.purge()


def _made(pattern: str | bytes, flags: int) -> re.Pattern[str] | re.Pattern[bytes]:
    re.purge()  # past `re`'s own cache, to the compiler
    return re.compile(pattern, flags)


def _matches(pattern: re.Pattern[str] | re.Pattern[bytes]) -> list[object]:
    found: list[object] = []
    for text in TEXTS:
        if isinstance(pattern.pattern, str):
            found += [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(text)]
        else:
            subject = text.encode()
            found += [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(subject)]  # type: ignore[arg-type]
    return found


def _new_process() -> None:
    """As a new process finds it: the entry read again, nothing compiled yet."""
    compiled_patterns.forget()
    compiled_patterns.keep_patterns()


def _same(
    made: re.Pattern[str] | re.Pattern[bytes], own: re.Pattern[str] | re.Pattern[bytes]
) -> None:
    assert (made.pattern, made.flags, made.groups) == (own.pattern, own.flags, own.groups)
    assert made.groupindex == own.groupindex
    assert _matches(made) == _matches(own)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_kept_code_gives_what_re_gives(folder: Path, pattern: str | bytes, flags: int) -> None:
    compiled_patterns.forget()
    own = _made(pattern, flags)
    assert _matches(own) or pattern == r"(?u)\W+"
    compiled_patterns.keep_patterns()
    first = _made(pattern, flags)  # compiled here, and noted
    compiled_patterns.save(few=1)
    _new_process()
    assert (pattern, flags) in compiled_patterns._state["kept"]
    again = _made(pattern, flags)  # from the kept code
    _same(first, own)
    _same(again, own)


def test_code_the_matcher_refuses_is_compiled_again(folder: Path) -> None:
    pattern, flags = PATTERNS[0]
    compiled_patterns.forget()
    own = _made(pattern, flags)
    compiled_patterns.keep_patterns()
    compiled_patterns._compile(pattern, flags)
    final, code, *rest = compiled_patterns._state["new"][(pattern, flags)]
    compiled_patterns._state["kept"][(pattern, flags)] = (final, code[: len(code) // 2], *rest)
    _same(_made(pattern, flags), own)
    assert (pattern, flags) not in compiled_patterns._state["kept"]


def test_a_corrupt_entry_is_ignored(folder: Path) -> None:
    for pattern, flags in PATTERNS:
        _made(pattern, flags)
    compiled_patterns.save(few=1)
    (entry,) = (folder / compiled_patterns.KIND).iterdir()
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    _new_process()
    assert compiled_patterns._state["kept"] == {}
    compiled_patterns.forget()
    own = _made(*PATTERNS[1])
    compiled_patterns.keep_patterns()
    _same(_made(*PATTERNS[1]), own)


def test_a_few_new_patterns_are_not_saved(folder: Path) -> None:
    for pattern, flags in PATTERNS[: compiled_patterns.FEW - 1]:
        _made(pattern, flags)
    compiled_patterns.save()
    assert not (folder / compiled_patterns.KIND).exists()


def test_processes_saving_in_turn_add_to_each_others(folder: Path) -> None:
    _made(*PATTERNS[1])  # one process
    other = compiled_patterns._state["new"]
    compiled_patterns._state["new"] = {}
    _made(*PATTERNS[2])  # another, forked before the first saved
    compiled_patterns._state["new"], second = other, compiled_patterns._state["new"]
    compiled_patterns.save(few=1)
    compiled_patterns._state["new"] = second
    compiled_patterns.save(few=1)
    _new_process()
    assert {PATTERNS[1], PATTERNS[2]} <= set(compiled_patterns._state["kept"])


def test_processes_saving_at_once_take_turns(folder: Path) -> None:
    """The processes of one build often end together: each reads the entry again and
    writes it with the folder locked, so the one that writes last keeps the other's too."""
    import fcntl
    import os
    import time

    entries = folder / compiled_patterns.KIND
    entries.mkdir()
    other = os.open(entries, os.O_RDONLY | os.O_DIRECTORY)  # as another process holds it
    try:
        with compiled_patterns._alone(), pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again once written
        began = time.monotonic()
        with compiled_patterns._alone(wait=0.05):  # held too long: written all the same
            assert time.monotonic() - began < 1.0
    finally:
        os.close(other)


def test_with_the_cache_off_re_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled_patterns.forget()
    real = re._compiler.compile
    monkeypatch.setenv(compiled.CACHE_ENV, "")
    compiled_patterns.keep_patterns()
    assert re._compiler.compile is real


def test_only_the_programs_own_patterns_are_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern made at run time may hold an article's words: it is never kept. One written
    out in a function's code (a constant of it) or compiled by an import is the program's."""
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
    compiled_patterns.forget()
    compiled_patterns.keep_patterns()
    try:
        re.purge()
        article_words = "embargoed words of an article"
        made = r"\s+".join(article_words.split())
        assert re.compile(made).search("the embargoed  words of an article")
        assert re.search(made.upper(), "x", re.IGNORECASE) is None
        assert compiled_patterns._state["new"] == {}
        assert re.search(r"written\s+out\s+(here)", "written out here")
        assert (r"written\s+out\s+(here)", 0) in compiled_patterns._state["new"]
        assert (
            re.compile(r"(?:in\s+)?code")
            and (r"(?:in\s+)?code", 0) in compiled_patterns._state["new"]
        )
        (tmp_path / "own_patterns_module.py").write_text(
            "import re\nOWN = re.compile(r'(?P<own>[a-z]+)-\\d{3}')\n"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        import own_patterns_module  # type: ignore[import-not-found]

        assert own_patterns_module.OWN.match("abc-123")
        assert (r"(?P<own>[a-z]+)-\d{3}", 0) in compiled_patterns._state["new"]
    finally:
        compiled_patterns.forget()
        sys.modules.pop("own_patterns_module", None)
        re.purge()
