"""The record an attribution leaves, and the rule for when two names name one source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.enrich.sentences import Sentence


@dataclass(frozen=True)
class Attribution:
    """One attributed sentence: the source named there and the cue words."""

    source: str
    cue: str
    sentence: Sentence


def source_key(source: str) -> str:
    """Return SOURCE folded for comparison: lower case, no leading article, one apostrophe."""
    text = source.casefold().replace("\u2019", "'")
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    return " ".join(text.split())


def same_source(new: str, known: str) -> bool:
    """Tell whether NEW names the source KNOWN again (a surname, "the embassy")."""
    a, b = source_key(new), source_key(known)
    if a == b:
        return True
    name = b.split(",")[0].split()
    if new[:1].isupper() and len(a.split()) < len(name) and name[-len(a.split()) :] == a.split():
        return True  # a surname or a name without its title: "Smith" after "John Smith"
    definite = new.lower().startswith("the ") and len(a.split()) <= 2
    return definite and a.split()[-1] in b.split() and len(b.split()) > len(a.split())
