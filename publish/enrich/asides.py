"""Figures a reader takes as colour or advice, not news: a life's spans, ages, instructions."""

from __future__ import annotations

import re

from publish.enrich.phrases import STOP_WORDS

_SUBJECT = r"(?:she|he|I|we|they)"
"""A person as the subject: what a person did is colour, what happened to them news."""
_PERSON_FOR = re.compile(
    rf"\b{_SUBJECT}\s(?:(?![.;:?!]).){{0,80}}\bfor\s+(?:another\s+|a\s+further\s+|"
    r"the\s+next\s+)?$",
    re.IGNORECASE,
)
""""She left school at 16, worked for two years", "a post she held for 12 years"."""
_AWAY_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?away\b")
""""two streets away", "eight feet away": where a thing is; "eight hours away" is time to go."""
_LIFE_SPAN = re.compile(
    r"\b(?:career|tenure|life|lifetime|marriage|reign|stint)\s+(?:of|"
    r"spanning|lasting)\s+$|\btook\s+(?:her|him|me|us|them)\s+$",
    re.IGNORECASE,
)
_AGO_AFTER = re.compile(
    r"^\s+(?:ago|earlier|later|before|after|since|previously|to the day|on(?=\s+from\b|\s*,))\b"
)
"""When a thing happened, told from another: "two years ago", "three months after the fire",
"a year on from the flood" (the time since an event, which pegs the story to it)."""
_AGE_AT = re.compile(
    rf"(?:\b{_SUBJECT}\b[^,.;]{{0,40}}|\b[a-z]+ing)\s+at\s+$",
    re.IGNORECASE,
)
"""An age is said of a person ("she retired at 65"), a level of a thing ("the index closed at")."""
_AGE_END = re.compile(r"^\s*(?:[,.;:!?)]|$|\s(?:and|when|after|before)\b)")
_OPENER = re.compile(
    r"^[\"\u201c\u2018'(]*(?:(?:Do\s+not|Don't|Don\u2019t|Never|Always|"
    r"Please)\s|(?P<verb>[A-Z][a-z]+)\s+(?P<next>[\w$\u20ac\u00a3-]+))"
)
_AFTER_VERB = frozenset(
    "the a an your you yourself it them this that these those any all every each "
    "early up out off down back only no some me us him".split()
)
_NOT_VERBS = STOP_WORDS | frozenset(
    "today yesterday tomorrow meanwhile overall instead still now then later earlier elsewhere "
    "nationally altogether half most many much few several none".split()
)


def figure_is_aside(sentence: str, match: re.Match[str]) -> bool:
    """Tell whether the figure MATCH finds in SENTENCE is colour rather than a finding."""
    before, after = sentence[: match.start()], sentence[match.end() :]
    number = match.group("number") or ""
    duration = bool(match.group("duration"))
    unitless = not any(match.group(k) for k in ("percent", "money", "duration", "measure"))
    when = _AGO_AFTER.match(after) and not before.endswith("for ")  # "for two years after": long
    span = _LIFE_SPAN.search(before) or when or _PERSON_FOR.search(before)
    if duration and span or not duration and _AWAY_AFTER.match(after):
        return True
    if not unitless or match.group("approx") or not re.fullmatch(r"\d{2,3}", number):
        return False
    return 10 <= int(number) <= 120 and bool(_AGE_AT.search(before) and _AGE_END.match(after))


def is_instruction(sentence: str) -> bool:
    """Tell whether SENTENCE is advice in the imperative ("Boil water for one minute")."""
    opener = _OPENER.match(sentence)
    if not opener:
        return False
    verb = opener.group("verb")
    if verb is None:
        return True
    lowered = verb.lower()
    if lowered in _NOT_VERBS:
        return False
    following = opener.group("next").lower()
    return following in _AFTER_VERB  # "Knead the dough"
