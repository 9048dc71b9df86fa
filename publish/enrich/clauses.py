"""Clause rules for figure labels: turn the verb around a figure into a noun phrase ("people
living with dementia", "rise in the tax rate"), with verb forms and function-word lists."""

from __future__ import annotations

from publish.enrich.phrases import (
    AUXILIARIES,
    CONJUNCTIONS,
    PREPOSITIONS,
    STOP_WORDS,
    first_clause,
    is_verb,
    is_word,
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
_MODALS = frozenset("will would can could may might must shall should".split())
_OPENING = frozenset("for over in during within across".split())


def gerund(verb: str) -> str:
    """Return the -ing form of a plain verb ("live" -> "living", "die" -> "dying")."""
    low = verb.lower()
    if low.endswith("ie"):
        return low[:-2] + "ying"
    if low.endswith("e") and not low.endswith("ee"):
        return low[:-1] + "ing"
    return low + "ing"


def prepositional_phrase(tokens: list[str], limit: int = 6) -> list[str]:
    """Return the phrase that opens TOKENS ("in temporary shelters"), cut before a verb."""
    if not tokens or tokens[0].lower() not in PREPOSITIONS - {"than", "as", "per"}:
        return []
    phrase = [tokens[0]]
    for index, token in enumerate(tokens[1 : limit + 1], start=1):
        low = token.lower()
        if not is_word(token) or low in CONJUNCTIONS or low in AUXILIARIES:
            break
        if (low in PREPOSITIONS and (low != "of" or "of" in phrase)) or any(
            ch.isdigit() for ch in token
        ):
            break
        if index > 1 and (is_verb(tokens, index) or low in BARE_VERBS):
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
                if (
                    not is_word(token)
                    or low in STOP_WORDS
                    or low in BARE_VERBS
                    or is_verb([token], 0)
                ):
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


def after_modal(tokens: list[str], index: int) -> int:
    """Return INDEX moved past a plain verb after a modal ("will book charges": at "book")."""
    if tokens[index].lower() in _MODALS and index + 2 < len(tokens):
        return index + 1
    return index


def trim_end(tokens: list[str]) -> list[str]:
    end = len(tokens)
    while end and (
        not is_word(tokens[end - 1])
        or tokens[end - 1].lower()
        in (PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | {"a", "an", "the"})
    ):
        end -= 1
    return tokens[:end]


def participle_phrase(sentence: str, head: list[str], object_: object = None) -> list[str]:
    """Extend a counted noun with what follows it ("troops stationed in the region")."""
    text = sentence
    found = text.find(" ".join(head[-1:]))
    tokens = words(text[found:])[1:] if found >= 0 else []
    if len(head) > 1 and head[-1].lower() == "aged":
        head, tokens = head[:-1], [head[-1], *tokens]  # "adults aged 60 to 79"
    passive = bool(tokens) and tokens[0].lower() in AUXILIARIES
    perfect = bool(tokens) and tokens[0].lower() in ("has", "have", "had")
    while tokens and tokens[0].lower() in AUXILIARIES:
        tokens = tokens[1:]
    done = bool(tokens) and (tokens[0].lower().endswith("ed") or is_verb(tokens[:1], 0))
    if object_ and perfect and done:
        return [tokens[0], "by", *head]  # "the $3.95 billion analysts had expected"
    infinitive = (
        len(tokens) > 1
        and tokens[0].lower() == "to"
        and tokens[1].lower() not in (PREPOSITIONS | {"the", "a", "an"})
    )
    if not tokens or not (
        infinitive
        or tokens[0].lower().endswith(("ed", "en"))
        or tokens[0].lower() in ("held", "sent", "kept", "built", "lost", "left")
    ):
        return []
    if infinitive:
        phrase = trim_end(tokens[:5])
        cut = next((i for i, t in enumerate(phrase) if not is_word(t)), len(phrase))
        return [*head, *phrase[:cut]] if cut > 1 else []
    phrase = [tokens[0]]
    for index, token in enumerate(tokens[1:7], start=1):
        low = token.lower()
        if _in_range(tokens, index):
            phrase.append(token)  # "adults aged 60 to 79": the range belongs to the label
            continue
        if not is_word(token) or low in CONJUNCTIONS or low in AUXILIARIES:
            break
        if low in PREPOSITIONS and index > 1 and low not in ("of",):
            break
        past = is_verb(tokens, index) and low.endswith("ed")  # "aged 18 to 64 waited"
        if low in _SUBORDINATE or any(c.isdigit() for c in token) or past:
            break  # "homes damaged after days of rain": the label ends before "after"
        phrase.append(token)
    phrase = trim_end(phrase)
    return [*head, *phrase] if len(phrase) > 1 or (passive and phrase) else []


def _in_range(tokens: list[str], index: int) -> bool:
    """Tell whether TOKENS[INDEX] is part of an age range ("aged 60 to 79", "aged 18-24")."""
    start = index
    while start > 0 and (tokens[start][:1].isdigit() or tokens[start].lower() in ("to", "and")):
        start -= 1
    if start == index or tokens[start].lower() not in ("aged", "between"):
        return False
    return tokens[index][:1].isdigit() or (
        index + 1 < len(tokens) and tokens[index + 1][:1].isdigit()
    )


_SUBORDINATE = frozenset("after before since until during because when while as".split())


_COMPARATIVE_STOPS = (PREPOSITIONS - {"than", "to"}) | CONJUNCTIONS | AUXILIARIES


def comparison_after(tokens: list[str]) -> list[str]:
    """Return a comparison that follows a figure ("less likely to develop dementia")."""
    if len(tokens) < 2 or not is_word(tokens[1]):
        return []
    first, second = tokens[0].lower(), tokens[1].lower()
    more = first in ("more", "less", "fewer") and second not in STOP_WORDS
    if not more and not (first.endswith("er") and second == "than"):
        return []
    phrase = tokens[:2]
    for token in tokens[2:7]:
        if not is_word(token) or token.lower() in _COMPARATIVE_STOPS or token[0].isdigit():
            break
        phrase.append(token)
    return trim_end(phrase)
