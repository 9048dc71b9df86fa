"""The record an attribution leaves; when two names name one source, and whom "he says" names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.enrich.phrases import DETERMINERS, PREPOSITIONS, join, subject
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
    a, b = source_key(new).split(",")[0], source_key(known).split(",")[0]  # "Kari Nesse, ..."
    name, short = b.split(), a.split()
    if a == b:
        return True
    while len(short) > 1 and (short[0].rstrip(".") in _HONORIFICS or short[0] in PEOPLE):
        short = short[1:]  # "Mr Vaughan", "President Musharraf": a title before the surname
    if new[:1].isupper() and len(short) < len(name) and name[-len(short) :] == short:
        return True  # a surname: "Smith" after "John Smith"
    definite = new.lower().startswith("the ") and len(a.split()) <= 1 + new[4:5].islower()
    head = re.split(r"\s(?:of|for|on|in|at|to)\s", b)[0].split()[-1]  # not "Fed Chair X"
    title = a.split()[-1] in b.split() and a.split()[-1] in PEOPLE - BODIES  # "the President"
    return definite and (a.split()[-1] == head or title) and len(b.split()) > len(a.split())


_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame".split())
_ROLE = re.compile(
    r"^(?:an?|the)\s+(?:(?P<org>[a-z][\w'-]*)\s+)?(?P<role>spokesman|spokeswoman|spokesperson|"
    r"official|officials|representative|source|sources|statement)"
    r"(?:\s+for\s+(?P<for>.+))?$"
)
_CORPORATE_NOUNS = frozenset("company firm group business conglomerate".split())


def plurals(lemmas: str) -> frozenset[str]:
    """Return each noun of LEMMAS with its plural, generated ("agency" -> "agencies")."""
    forms: set[str] = set()
    for noun in lemmas.split():
        if noun.endswith(("man", "person")):
            plural = noun[:-3] + "men" if noun.endswith("man") else noun[:-6] + "people"
        elif noun.endswith("y") and noun[-2] not in "aeiou":
            plural = noun[:-1] + "ies"
        else:
            plural = noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
        forms |= {noun, plural}
    return frozenset(forms)


BODIES = plurals(
    "company firm group business conglomerate union ministry council government police "
    "department agency commission committee embassy panel radio television "
    "club army military court board party campaign team school hospital university college "
    "institute association federation authority regulator office trust bank charity alliance "
    "foundation service network coalition administration parliament congress senate cabinet "
    "newspaper magazine outlet site website broadcaster station operator family force"
)
"""Organisations: "the agency", "the union" speak for a body."""
DOCUMENTS = plurals(
    "letter report statement study survey poll audit census analysis review result test trial "
    "investigation inquiry record document memo email e-mail filing file message paper minute "
    "transcript note article story notice ruling judgment verdict lawsuit complaint indictment "
    "bulletin "
    "bill law forecast projection model index tally count release data figure estimate "
    "statistic number research finding"
)
"""Papers that say things: "the study found", "court filings reveal"."""
PEOPLE = plurals(
    "official expert source witness resident doctor nurse aide boss chief head judge critic "
    "diplomat academic scholar executive delegate envoy pilot steward staff employee victim "
    "patient parent student fan owner user agent detective police sheriff paramedic general "
    "secretary minister president mayor senator professor inspector commissioner governor justice "
    "chancellor member rep leader chair ambassador attorney man woman actor donor tutor clerk wife "
    "husband widow son daughter friend neighbour relative medic guard advocate"
)
"""Persons named by their part; `is_speaker_noun` also takes agent nouns by their ending."""
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "yst", "ant", "ent", "man", "person", "eer")


def is_speaker_noun(word: str) -> bool:
    """Tell whether WORD names who can say something: a person, a body or a document."""
    low = word.lower().replace("\u2019", "'")
    if low in BODIES or low in DOCUMENTS or low in PEOPLE:
        return True
    stem = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    stem = stem[:-2] + "man" if stem.endswith("men") else stem
    return len(stem) > 5 and stem.endswith(_AGENT_ENDINGS)


_CORPORATE = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|ltd|limited|plc|llc|lp|ag|sa|nv|gmbh|se|"
    r"holdings|group)\.?$",
    re.IGNORECASE,
)


def refers_to(new: str, known: list[str]) -> int:
    """Return the index in KNOWN of the source NEW names again (`same_source`; a role names its
    body: "a union spokeswoman"; "the company" the one "Inc" or "Ltd" so far), or -1."""
    for index in range(len(known) - 1, -1, -1):  # "the agency": the one named last
        if same_source(new, known[index]):
            return index
    key = source_key(new)
    role = _ROLE.match(" ".join(new.casefold().replace("\u2019", "'").split()))
    org = role.group("org") if role else None
    if role and (org or role.group("for")):
        body = role.group("for") or f"the {role.group('org')}"
        return refers_to(body, known) if source_key(body) != key else -1
    words = key.split()
    if new.split()[0].lower() == "the" and len(words) == 1 and words[0] in _CORPORATE_NOUNS:
        companies = [i for i, s in enumerate(known) if _CORPORATE.search(s.split(",")[0])]
        if len(companies) == 1:
            return companies[0]
    return -1


def fits_speaker(tokens: list[str]) -> bool:
    """Tell whether TOKENS can be a speaker: its head is a name or a speaker noun, no possessive."""
    cut = next(
        (i for i, t in enumerate(tokens) if i and (t.lower() in PREPOSITIONS or t in ",(;")),
        len(tokens),
    )
    cut = next((i for i in range(1, cut) if _postmodifier(tokens, i)), cut)
    head = tokens[cut - 1]
    if head.lower() in _ANONYMOUS:
        return tokens[cut : cut + 1] not in ([], [","], ["("], [";"])  # not bare "Local people"
    if head.lower().endswith(("'s", "\u2019s")):
        return False
    low = head.lower()
    if len(tokens) == 1 and (head.islower() or low in BODIES | DOCUMENTS | PEOPLE):
        plural = low.endswith(("s", "people", "men")) or low in BODIES  # "officials", "police"
        press = low == "reports"  # "Reports say": the press; not "Studies suggest"
        return is_speaker_noun(head) and plural and (low not in DOCUMENTS or press)
    return head[:1].isupper() or head[:1].isdigit() or is_speaker_noun(head)


_ANONYMOUS = frozenset(("person", "people"))  # a source only when described (`_postmodifier`)


def _postmodifier(tokens: list[str], index: int) -> bool:
    """Tell whether TOKENS[INDEX] follows its noun ("diplomats observing", not "acting head"), as
    a word between a speaker noun and its preposition does ("people familiar with the talks")."""
    word, before, after = tokens[index], tokens[index - 1], [*tokens[index + 1 :], ""][0]
    ahead = after.lower() in PREPOSITIONS | DETERMINERS or is_speaker_noun(before)
    described = before.lower() in PEOPLE | _ANONYMOUS and after.lower() in PREPOSITIONS
    return word.islower() and (word.endswith("ing") and ahead or described)


def named_subject(near: list[Sentence], full_names: dict[str, str]) -> str:
    """Return the subject of the last of NEAR (in its block or the one before) that names a
    person ("Nils Ek", "The Foreign Minister Ann Ek", a surname told in full before), else ""."""
    for sentence in reversed(near):
        tokens = subject(sentence.text, True) if sentence.block >= near[-1].block - 1 else []
        particle = [0 < i < len(tokens) - 1 and t.isalpha() for i, t in enumerate(tokens)]
        name = [t[:1].isupper() or p and len(t) < 4 for t, p in zip(tokens, particle, strict=True)]
        titled = any(t.lower() in PEOPLE for t in tokens) or all(name)  # "Osama bin Laden"
        known = len(tokens) > 1 or tokens[:1] and tokens[0] in full_names
        if titled and known and tokens[-1][:1].isupper():
            return join(tokens)
    return ""
