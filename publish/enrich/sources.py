"""The record an attribution leaves, and the rule for when two names name one source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.model.sentences import Sentence


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
    if "," in b and a == " ".join(name):
        return True  # "Kari Nesse" after "Kari Nesse, transport spokeswoman for ..."
    if new[:1].isupper() and len(a.split()) < len(name) and name[-len(a.split()) :] == a.split():
        return True  # a surname or a name without its title: "Smith" after "John Smith"
    definite = new.lower().startswith("the ") and len(a.split()) <= 2
    return definite and a.split()[-1] in b.split() and len(b.split()) > len(a.split())


_ROLE = re.compile(
    r"^(?:an?|the)\s+(?:(?P<org>[a-z][\w'-]*)\s+)?(?P<role>spokesman|spokeswoman|spokesperson|"
    r"official|officials|representative|source|sources|statement)"
    r"(?:\s+for\s+(?P<for>.+))?$"
)
_CORPORATE_NOUNS = frozenset("company firm group business conglomerate".split())
_BODIES = _CORPORATE_NOUNS | frozenset(
    "union ministry council government police department agency commission committee embassy "
    "club army military court board party campaign team school hospital university "
    "institute association federation authority regulator office trust bank charity "
    "foundation service network".split()
)
_CORPORATE = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|ltd|limited|plc|llc|lp|ag|sa|nv|gmbh|se|"
    r"holdings|group)\.?$",
    re.IGNORECASE,
)


def refers_to(new: str, known: list[str]) -> int:
    """Return the index in KNOWN of the source NEW names again, or -1.

    Besides `same_source`, a role names its body ("a union spokeswoman", "a spokesperson for
    the commission": the union, the commission), and "the company" names the one company
    (a name ending "Inc", "Ltd", "plc" ...) among the sources so far. Two persons never merge.
    """
    for index in range(len(known) - 1, -1, -1):  # "the agency": the one named last
        if same_source(new, known[index]):
            return index
    key = source_key(new)
    role = _ROLE.match(" ".join(new.casefold().replace("\u2019", "'").split()))
    org = role.group("org") if role else None
    named = bool(org) and re.search(rf"\b{re.escape(str(org).capitalize())}\b", new)
    if role and org and org not in _BODIES and not named:
        return -1  # "a senior official": a rank, not the body that speaks
    if role and (org or role.group("for")):
        body = role.group("for") or f"the {role.group('org')}"
        return refers_to(body, known) if source_key(body) != key else -1
    words = key.split()
    if new.split()[0].lower() == "the" and len(words) == 1 and words[0] in _CORPORATE_NOUNS:
        companies = [i for i, s in enumerate(known) if _CORPORATE.search(s.split(",")[0])]
        if len(companies) == 1:
            return companies[0]
    return -1
