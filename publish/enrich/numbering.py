"""Number the sources found in an article as notes, one per distinct source."""

from __future__ import annotations

import re

from publish.enrich.sources import Attribution, refers_to
from publish.model import NoteRef, SourceNote

_ROLE_ONLY = re.compile(r"^the\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)$", re.IGNORECASE)
_TITLED = re.compile(
    r"^(?P<title>(?:[A-Z][\w-]*\s+){1,3})[A-Z][\w\u2019'.-]*(?:\s+[A-Z]"
    r"[\w\u2019'.-]*){1,2}$"
)

MAX_NOTES = 200
"""Most source notes one article gets (each new source is compared with every earlier one)."""

MAX_MARKERS_PER_BLOCK = 100
"""Most note markers put in one paragraph (or list or quote); each is inserted by walking it."""


def number_sources(
    found: list[Attribution],
) -> tuple[tuple[SourceNote, ...], list[tuple[int, int, NoteRef]]]:
    """Number distinct sources in order of first mention; return notes and markers to insert."""
    notes: list[SourceNote] = []
    mentions: dict[int, int] = {}
    marks: list[tuple[int, int, NoteRef]] = []
    placed: set[tuple[int, int, int]] = set()
    per_block: dict[int, int] = {}
    for item in found:
        index = refers_to(item.source, [n.source for n in notes])
        if index < 0:
            index = _role_named(item, notes)
            if index >= 0:  # "the judge said ... Judge Rachel Osei said": named at last
                notes[index] = notes[index].model_copy(update={"source": item.source})
        number = notes[index].number if index >= 0 else 0
        if not number and len(notes) >= MAX_NOTES:
            continue  # so many sources: each new one would be compared with all the others
        if not number:
            number = len(notes) + 1
            notes.append(
                SourceNote(
                    number=number,
                    source=item.source,
                    cue=item.cue,
                    sentence=item.sentence.text,
                    block=item.sentence.block if item.sentence.block >= 0 else None,
                    start=item.sentence.start if item.sentence.block >= 0 else None,
                    end=item.sentence.end if item.sentence.block >= 0 else None,
                )
            )
        spot = (item.sentence.block, item.sentence.end, number)
        if item.sentence.block < 0 or spot in placed:
            continue
        if per_block.get(item.sentence.block, 0) >= MAX_MARKERS_PER_BLOCK:
            continue  # each marker costs its whole paragraph to insert
        per_block[item.sentence.block] = per_block.get(item.sentence.block, 0) + 1
        placed.add(spot)
        mentions[number] = mentions.get(number, 0) + 1
        ref = NoteRef(number=number, occurrence=mentions[number])
        marks.append((item.sentence.block, item.sentence.end, ref))
    final = tuple(n.model_copy(update={"mentions": mentions.get(n.number, 0)}) for n in notes)
    return final, marks


def _role_named(item: Attribution, notes: list[SourceNote]) -> int:
    """Return the index of the one near note whose role ("the judge") ITEM's title holds, or -1."""
    titled = _TITLED.match(item.source)
    if not titled:
        return -1
    title = titled.group("title").casefold().split()
    near = item.sentence.block
    fits = [
        i
        for i, note in enumerate(notes)
        if (role := _ROLE_ONLY.match(note.source))
        and role.group(1).islower()
        and set(role.group(1).split()) <= set(title)
        and note.block is not None
        and near >= 0
        and 0 <= near - note.block <= 1
    ]
    return fits[0] if len(fits) == 1 else -1
