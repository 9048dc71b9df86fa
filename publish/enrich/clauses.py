"""Clause rules for figures: turn the verb around a figure into a noun phrase for its label
("people living with dementia"), tell a subject that acts ("Six nurses were suspended")."""

from __future__ import annotations

from publish.enrich.numbers import WORD_VALUES
from publish.enrich.phrases import (
    AUXILIARIES,
    CONJUNCTIONS,
    PREPOSITIONS,
    STOP_WORDS,
    first_clause,
    is_verb,
    is_word,
    last_clause,
    subject,
    trim,
    words,
)

BARE_VERBS = frozenset(
    "live work remain stay die suffer depend rely struggle belong wait sleep reside "
    "survive lack need".split()
)
"""Plain present-tense verbs that follow a counted noun ("55 million people live with")."""

_STATE_PREPOSITIONS = frozenset("under into amid".split())
_OPENING = frozenset("for over in during within across".split())
_OPENS = PREPOSITIONS - {"than", "as", "per"}


def gerund(verb: str) -> str:
    """Return the -ing form of a plain verb ("live" -> "living", "die" -> "dying")."""
    low = verb.lower()
    if low.endswith("ie"):
        return low[:-2] + "ying"
    if low.endswith("e") and not low.endswith("ee"):
        return low[:-1] + "ing"
    return low + "ing"


def prepositional_phrase(tokens: list[str], opening: frozenset[str] = _OPENS) -> list[str]:
    """Return the phrase a preposition of OPENING opens TOKENS with ("in temporary shelters")."""
    if not tokens or tokens[0].lower() not in opening:
        return []
    phrase = [tokens[0]]
    for index, token in enumerate(tokens[1:7], start=1):
        low = token.lower()
        if not is_word(token) or low in CONJUNCTIONS | AUXILIARIES or low in WORD_VALUES:
            break
        if (low in PREPOSITIONS and (low != "of" or "of" in phrase)) or any(
            ch.isdigit() for ch in token
        ):
            break
        if index > 1 and is_verb(tokens, index):
            break
        phrase.append(token)
    return phrase if len(trim(phrase[1:])) else []


def doing(noun: list[str], after: list[str]) -> list[str]:
    """Return NOUN + a plain verb opening AFTER as -ing + its phrase, or []."""
    if not after or after[0].lower() not in BARE_VERBS:
        return []
    phrase = prepositional_phrase(after[1:])
    return [*noun, gerund(after[0]), *phrase] if phrase else []


def earlier_noun(before: list[str]) -> list[str]:
    """Return the noun counted by the last figure in BEFORE ("people" in "9,500 people were")."""
    for index in range(len(before) - 1, -1, -1):
        if any(ch.isdigit() for ch in before[index]):
            noun: list[str] = []
            for token in before[index + 1 : index + 4]:
                low = token.lower()
                if not is_word(token) or low in STOP_WORDS | BARE_VERBS or is_verb([token], 0):
                    break
                noun.append(token)
            return noun
    return []


def opening_period(before: str, after: str) -> list[str]:
    """Label a period that opens a sentence ("For eight months, X has kept ... a blockade")."""
    lead = words(before)
    if len(lead) != 1 or lead[0].lower() not in _OPENING:
        return []
    main = words(first_clause(after.lstrip(" ,")))
    digit = next((i for i, t in enumerate(main) if any(c.isdigit() for c in t)), len(main))
    main = main[:digit]
    doer = subject(" ".join(main))
    start = next((i for i, t in enumerate(main) if t.lower() in _STATE_PREPOSITIONS), -1)
    if start <= len(doer):
        return []  # "negotiated over ...": no state that the period measures
    last = max(i for i in range(start, len(main)) if main[i].lower() in PREPOSITIONS)
    state = trim(main[last + 1 :])
    if not state or len(state) > 3 or any(is_verb(main, i) for i in range(last + 1, len(main))):
        return []
    proper = bool(doer) and doer[0][:1].isupper() and len(doer) <= 3
    return [*state, "by", *doer] if proper else state  # "blockade by Azerbaijan"


def participle_phrase(sentence: str, head: list[str]) -> list[str]:
    """Extend a counted noun with the participle after it ("troops stationed", "gunmen died,")."""
    found = sentence.find(" ".join(head[-1:]))
    tokens = words(sentence[found:])[1:] if found >= 0 else []
    passive = bool(tokens) and tokens[0].lower() in AUXILIARIES
    while tokens and tokens[0].lower() in AUXILIARIES:
        tokens = tokens[1:]
    if not tokens or not tokens[0].lower().endswith(("ed", "en")):
        return []
    phrase = [tokens[0]]
    for index, token in enumerate(tokens[1:7], start=1):
        low = token.lower()
        if not is_word(token) or low in CONJUNCTIONS or low in AUXILIARIES:
            break
        if low in PREPOSITIONS and index > 1 and low != "of" or any(c.isdigit() for c in token):
            break
        phrase.append(token)
    phrase = trim(phrase, True)
    whole = len(tokens) < 2 or not is_word(tokens[1]) or tokens[1].lower() in CONJUNCTIONS
    return [*head, *phrase] if len(phrase) > 1 or (passive or whole) and phrase else []


_COMPARATIVE_STOPS = (PREPOSITIONS - {"than", "to"}) | CONJUNCTIONS | AUXILIARIES


def comparison_after(tokens: list[str]) -> list[str]:
    """Return a comparison that follows a figure ("less likely to develop dementia")."""
    if len(tokens) < 2 or not is_word(tokens[1]):
        return []
    if tokens[0].lower() not in ("more", "less", "fewer") or tokens[1].lower() in STOP_WORDS:
        return []
    phrase = tokens[:2]
    for token in tokens[2:7]:
        if not is_word(token) or token.lower() in _COMPARATIVE_STOPS or token[0].isdigit():
            break
        phrase.append(token)
    return trim(phrase, True)


def acts_as_subject(before: str, after: str, size: float | None) -> bool:
    """Tell whether the things a figure counts (two or more) open their clause and do or undergo
    what it tells ("Six nurses were suspended"), not what others did with them ("made by")."""
    opening = (STOP_WORDS - PREPOSITIONS) | {"after", "before", "since", "until"}
    if (size or 0) < 2 or not set(words(last_clause(before).lower())) <= opening:
        return False
    tokens = words(after.lower())[:6]
    for index in range(1, len(tokens)):
        if is_verb(tokens, index) and is_word(tokens[0]):
            verb = [t for t in tokens[index:] if t not in AUXILIARIES] + [""]
            return tokens[index] not in ("may", "might", "could") and verb[1:2] != ["by"]
        if not is_word(tokens[index]) or tokens[index] in STOP_WORDS - {"more", "other"}:
            return False
    return False
