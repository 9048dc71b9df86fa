"""Cut a short label for a figure out of its sentence: what the figure counts."""

from __future__ import annotations

import re
from itertools import takewhile

from publish.enrich.clauses import (
    BARE_VERBS,
    comparison_after,
    doing,
    earlier_noun,
    gerund,
    opening_period,
    participle_phrase,
    prepositional_phrase,
)
from publish.enrich.numbers import ROUGH, WORD_VALUES, Figure, find_figures
from publish.enrich.phrases import (
    AUXILIARIES,
    CLAUSE_BREAK,
    CONJUNCTIONS,
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    STOP_WORDS,
    TIME_AT_END,
    after_last_verb,
    first_clause,
    is_verb,
    is_word,
    join,
    last_clause,
    subject,
    trim,
    verb_forms,
    words,
)

MAX_LABEL_WORDS = 9
_TAILS = frozenset("of in from on at across among for".split())
_POSSESSION = re.compile(
    r"\b(?:has|have|had|having|with|(?:is|are|was|were)\s+home\s+to|counts|counted|houses|"
    r"employs)(?:\s+(?:a|an|the|its|their))*\s*$",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"^\s*,?\s*((?:as\s+of|as\s+at|in|by|since|until|through|up\s+to)\s+"
    r"(?:(?:[A-Z][a-z]+\s+)?\d{4}|last\s+year|this\s+year))\b"
)


def figure_label(sentence: str, figure: Figure) -> str:
    """Return what FIGURE counts, in a few words cut from SENTENCE."""
    after = words(sentence[figure.end :])
    before = sentence[: figure.start]
    age = re.search(r"\bage[sd]?\s+$|[A-Z][\w\u2019']*,\s*$", before) and figure.kind == "count"
    if age and not (after and is_word(after[0])):
        return "age at death"  # the only age `find_figures` lets through: "died, aged 72"
    if figure.kind == "age":  # "a 30-year-old man": the age of the dead the lead tells of
        noun = re.match(r"\W*years?\W*old\s+([a-z]+)", sentence[figure.end :])
        return f"age of the {noun.group(1)}" if noun else "age"
    if figure.kind == "score" and (side := subject(last_clause(before)) or subject(sentence)):
        return join(side)  # a score is its side's: "the hosts closed on 4 for 180"
    if after[:1] == ["others"]:
        return _others(before, after)
    comparison = comparison_after(after)
    share = figure.kind != "percent" or re.search(r"\ban?\s+$", before)  # "a 10% drop in"
    head = _head(after) if share and not comparison else []
    rest = after[len(head) :]
    tail = prepositional_phrase(rest, _TAILS)
    allowed = ("of", "in", "from") if figure.kind == "money" else ("of",)
    purpose = tail if tail and tail[0].lower() in ("for", "on") and figure.kind == "money" else []
    tail = [] if tail and not head and tail[0].lower() not in allowed else tail
    part = [t.lower() for t in rest[1:6]] if rest[:1] in (["of"], ["Of"]) else []
    part = list(takewhile(lambda t: is_word(t) and t not in CONJUNCTIONS, part))
    if part[:1] in (["them"], ["us"]) or any(t in WORD_VALUES for t in part):
        who = list(takewhile(lambda t: is_word(t) and t.lower() not in _NOT_HEADS, rest[2:5]))
        named = who and part[:1] == ["them"] and not is_verb(rest[2:], 0)  # "14 of them nurses"
        return join(who) if named else ""  # "150 of them", "two of its last three": a part
    label = head + tail
    acting = doing(head or earlier_noun(words(before)), rest)
    if acting and not tail:
        label = acting  # "people living with dementia", "about 1,800 [people] remain in"
    if comparison:
        label, rest = comparison, after[len(comparison) :]
    qualifier = _QUALIFIER.match(join(rest[len(tail) :]))
    relative = _RELATIVE.match(sentence[figure.end :]) if not head else None
    if relative and len(label) < 2:
        label = trim(words(first_clause(relative.group(1))))  # "the 95% that experts consider"
    if len(label) < 2 or (len(label) == 2 and not tail and not comparison):
        told = _price(sentence, before, figure.kind) or _how_long(before, figure.kind)
        label = told or _context(sentence, before, head, sentence[figure.end :]) or label
        dangling = bool(label) and is_verb(label, len(label) - 1)
        if len(purpose) > 2 and (len(label) < 2 or dangling):
            label = purpose  # "sets aside $250,000 for a pilot program"
    label = label[:MAX_LABEL_WORDS]
    speech = [i for i, t in enumerate(label) if t.lower() in ("said", "says", "told")]
    text = join(trim(label[: speech[0]] if speech else label, True))  # "households ... said they"
    text = TIME_AT_END.sub("", text)  # what it counts, not when: "people [on Saturday]"
    if (harm := _HARMED.get((words(before) or [""])[-1].lower())) and text:
        text = (
            text if (TOLL | set(_HARMED)) & set(words(text.lower())) else _harmed(words(text), harm)
        )
    if ROUGH.fullmatch(sentence[figure.start : figure.end]) or figure.kind == "money":
        text = text.removeprefix("in " if figure.kind == "money" else "of ")  # "fans", "aid"
    return text + (f" ({qualifier.group(1)})" if qualifier and text else "")


_SALE = re.compile(
    r"\b(?:(sells?|sold|selling|retails?)|buys?|bought|buying)\b((?:\s+[\w\u2019'-]+)*?)"
    r"\s+(?:on\s+average\s+)?for\s+$"
)


def _price(sentence: str, before: str, kind: str) -> list[str]:
    """Label money a thing is bought or sold for ("bought the mill for"); what sells is the doer."""
    if kind != "money" or not (sale := _SALE.search(clause := last_clause(before))):
        return []
    thing = list(takewhile(lambda t: t.lower() not in PREPOSITIONS, words(sale.group(2))))
    if not thing and sale.group(1):
        doer = [t for t in trim(words(clause[: sale.start()])) if not t.endswith("ly")]
        thing = doer or subject(sentence, keep_article=True)
    if thing and sentence.startswith(thing[0]) and thing[0][1:].islower():
        thing = [thing[0].lower(), *thing[1:]]
    whose = [t for t in thing[:1] if t.lower() in ("the", "its", "their", "his", "her")]
    plain = [] if any(t.lower() in WORD_VALUES or t[:1].isdigit() for t in thing) else trim(thing)
    return ["price", "of", *whose, *plain] if plain else []  # not "sold two mills for"


def _how_long(before: str, kind: str) -> list[str]:
    """Label a span by what its clause's doer did for it ("ran the club for 6 years")."""
    cut = re.search(r"^(.*)\sfor\s+(?:the\s+(?:past|last|next)\s+)?$", last_clause(before))
    tokens = (words(cut.group(1)) if cut and kind == "duration" else []) or [""]
    doer = tokens[0].lower() not in PRONOUNS | PREPOSITIONS and not is_verb(tokens, 0)
    doer = doer and 2 < len(tokens) <= 7
    told = any(t.lower() in WORD_VALUES or t[:1].isdigit() for t in tokens)  # another figure's
    if not doer or told or not any(is_verb(tokens, i) for i in range(len(tokens))):
        return []  # no doer ("with orders to stay for"), or a pronoun's: it lies outside
    lead = tokens[0].lower() if tokens[0].lower() in DETERMINERS else tokens[0]
    return ["how", "long", lead, *tokens[1:]]


def _others(before: str, after: list[str]) -> str:
    """Label "N others" by the figure before ("2 people died, 9 others were hurt")."""
    earlier = find_figures(before, asides=True)
    noun = _head(words(before[earlier[-1].end :])) if earlier else after[:1]  # "others hurt"
    return join(participle_phrase(" ".join([*noun, *after[1:]]), noun) or noun)


_RELATIVE = re.compile(r"^\s+(?:that|which)\s+((?!is\b|was\b|are\b|were\b)[a-z].*)")
_WHEN = "a an the each per times more less last this next every ago".split()  # "last summer"
_NOT_HEADS = PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | BARE_VERBS | set(_WHEN)


def _head(tokens: list[str]) -> list[str]:
    """Return the counted noun right after a figure ("Russian troops" in "2,000 Russian ...")."""
    head: list[str] = []
    for index, token in enumerate(tokens[:4]):
        low = token.lower()
        if not is_word(token) or low in _NOT_HEADS or low[:1].isdigit() or low.endswith("ly"):
            break  # a word of a clause, "last summer", "a year" (when or how often, not what)
        if head and is_verb(tokens, index):
            break
        head.append(token)
    return head


def _context(sentence: str, before: str, head: list[str], after: str) -> list[str]:
    """Return a label built from the words before a figure, or from the sentence's subject."""
    clause = last_clause(before)
    if head:
        return _head_context(sentence, before, clause, head)
    tokens = _after_numbers(words(clause))
    found = _what_happened(tokens, words(after)) or opening_period(before, after)
    found = found or _of_phrase(sentence, before, tokens)
    phrase = found or _clause_phrase(sentence, tokens)
    if phrase is None:
        return []  # "... it had 31.2 percent": what "it" is lies outside the clause
    return (
        phrase
        or _relative_phrase(before[: len(before) - len(clause)])
        or _subject_phrase(sentence, before)
        or trim(words(first_clause(after.lstrip(" ,"))))[:MAX_LABEL_WORDS]
    )


TOLL = frozenset(
    verb_forms(
        "kill die injure wound hurt arrest evacuate displace rescue sicken infect detain flee"
    )
    | {"dead", "deaths", "missing", "jobs", "homes", "abducted"}
)
"""What a story counts when it counts harm: deaths, injuries, arrests, people moved, jobs, homes."""


_HARMS = "kill injure wound arrest detain abduct evacuate rescue murder".split()
_HARMED = {f: v.rstrip("e") + "ed" for v in _HARMS for f in (*verb_forms(v), gerund(v))}
"""HARM_BEFORE: the harm done to those a figure counts is in its label ("killing 19 people")."""


def _harmed(tokens: list[str], harm: str) -> str:
    """Put HARM after the noun of TOKENS, before a phrase of place or time ("people killed in
    an attack"), after an owner's ("members of the group arrested", "militants from Hamas")."""
    ends = [t.lower() in PREPOSITIONS and t != "of" and (t != "from" or n[:1].islower())
            for t, n in zip(tokens, [*tokens[1:], ""], strict=True)]  # fmt: skip
    at = ends.index(True) if True in ends else len(tokens)
    return join([*tokens[:at], harm, *tokens[at:]])


def _what_happened(before: list[str], after: list[str]) -> list[str]:
    """Label a figure with no noun by what was done to those it counts ("23 were killed")."""
    after = after[1:] if after[:1] == ["more"] else after  # "Nineteen more were hurt"
    done = list(takewhile(lambda t: t.lower() in AUXILIARIES, after))
    verb = after[len(done)] if len(after) > len(done) else ""
    if done and (verb.lower() in TOLL or verb.lower().endswith("ed") and is_word(verb)):
        return [verb, *prepositional_phrase(after[len(done) + 1 :])]
    if before and before[-1].lower() in TOLL and not after[:1] == ["people"]:
        return [before[-1]]
    return []


def _head_context(sentence: str, before: str, clause: str, head: list[str]) -> list[str]:
    """Extend a counted noun: whose it is ("troops of the army"), what follows or precedes it."""
    if _owned(clause, before):
        return [*head, "of", *subject(sentence, keep_article=True)]
    tokens = words(clause)
    done = bool(tokens) and tokens[-1].lower().endswith("ed") and is_verb(tokens, len(tokens) - 1)
    return participle_phrase(sentence, head) or ([*head, tokens[-1]] if done else head)


def _owned(clause: str, before: str) -> bool:
    """Tell whether the subject owns what a figure counts: it has them, or goes on "with" them in
    its own clause; a "with" after a clause break tells of that clause (", with 64 dead")."""
    found = _POSSESSION.search(clause)
    if not found:
        return False
    return found.group(0)[:4].lower() != "with" or not CLAUSE_BREAK.search(before)


def _of_phrase(sentence: str, before: str, tokens: list[str]) -> list[str]:
    """Label a figure that follows "NOUN of" ("a deficit of"), with its owner ("has a fleet of")."""
    if len(tokens) < 2 or tokens[-1].lower() != "of":
        return []
    noun = trim(_after_prepositions(tokens[:-1]))
    if noun and _owned(" ".join(tokens[: len(tokens) - 1 - len(noun)]), before):
        main = subject(sentence, keep_article=True)
        if main and main != noun:
            return [*noun, "of", *main]
    return noun


def _clause_phrase(sentence: str, tokens: list[str]) -> list[str] | None:
    """Label a figure by the object or the doer of the clause before it (None for a pronoun)."""
    tokens = list(tokens)
    while tokens and (not is_word(tokens[-1]) or tokens[-1].lower() in _DANGLING):
        tokens.pop()
    if tokens and is_verb(tokens, len(tokens) - 1):
        verb = tokens.pop()
        if len(tokens) == 1 and tokens[0][:1].isupper() and tokens[0].lower() not in PRONOUNS:
            return [*tokens, verb]  # a bare doer with what it did: "Fans spent"
        if tokens and tokens[-1].lower() in ("it", "they"):
            return None
    rest = after_last_verb(tokens)
    phrase = trim(rest)[-7:] or trim(tokens)[-7:]
    if len(phrase) == len(rest) == 1 and len(tokens) > 1 and tokens[-2].lower() in AUXILIARIES:
        # "growth will slow to", "said fares had risen by": the doer, not the verb
        main = subject(sentence)
        phrase = trim(after_last_verb(tokens[:-2]))[-4:] or main or tokens[-2:]
    return phrase


def _relative_phrase(cut: str) -> list[str]:
    """Label a figure in a relative clause from what the clause is about ("a war that lasted")."""
    if not re.search(r"\b(?:that|which|who)\s*$", cut):
        return []
    previous = words(last_clause(re.sub(r"\s*\w+\s*$", "", cut)))
    return trim(_after_prepositions(_after_numbers(previous)))[-4:]


def _subject_phrase(sentence: str, before: str) -> list[str]:
    """Label a figure with the subject of the reported clause ("said that X was") or sentence."""
    reported = re.split(r"\b(?:that|said|says|told\s+\w+)\s", before)[1:]
    if reported and subject(reported[-1]):
        return subject(reported[-1])[:MAX_LABEL_WORDS]
    if CLAUSE_BREAK.search(before) or len(words(before)) > 2:
        return subject(sentence)[:MAX_LABEL_WORDS]
    return []


_DANGLING = PREPOSITIONS | {"the", "a", "an", "past", "last", "next", "some"}


def _after_numbers(tokens: list[str]) -> list[str]:
    """Return TOKENS after the last one holding a digit (another figure is no label)."""
    for index in range(len(tokens) - 1, -1, -1):
        if any(ch.isdigit() for ch in tokens[index]):
            rest = tokens[index + 1 :]
            while rest and is_word(rest[0]) and rest[0].lower() not in STOP_WORDS:
                rest = rest[1:]  # the other figure's unit or noun
            return rest
    return tokens


def _after_prepositions(tokens: list[str]) -> list[str]:
    """Return the noun phrase that ends TOKENS: what follows its last preposition or verb."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].lower() in PREPOSITIONS or is_verb(tokens, index):
            return tokens[index + 1 :]
    return tokens
