"""Figures a reader takes as colour or advice, not news: a life's spans, ages,
instructions ("Boil water for one minute")."""

from __future__ import annotations

import re

from publish.enrich.phrases import STOP_WORDS

_SUBJECT = r"(?:she|he|I|we|they)"
"""A person as the subject: what a person did is colour, what happened to them news."""
_SPAN = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
_PERSON_FOR = re.compile(
    rf"\b{_SUBJECT}\s(?:(?![.;:?!]).){{0,80}}\bfor\s+(?:another\s+|a\s+further\s+|"
    r"the\s+next\s+)?$",
    re.IGNORECASE,
)
""""She left school at 16, worked for two years", "a post she held for 12 years"."""
_AWAY_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?away\b")
""""two streets away", "eight feet away": where a thing is, not how much there is."""
_LIFE_SPAN = re.compile(
    r"\b(?:career|tenure|life|lifetime|marriage|reign|stint)\s+(?:of|"
    r"spanning|lasting)\s+$|\btook\s+(?:her|him|me|us|them)\s+$",
    re.IGNORECASE,
)
_AGO_AFTER = re.compile(r"^\s+(?:ago|earlier|later|before|previously)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}")
_AGE_AT = re.compile(
    rf"(?:\b{_SUBJECT}\b[^,.;]{{0,40}}|\b[a-z]+ing)\s+at\s+$|"
    rf"\b{_SUBJECT}\s+(?:was|were|is|turned|turns)\s+$",
    re.IGNORECASE,
)
"""An age is said of a person: "she retired at 65", "retiring at 65", "until she was 80"; a
level is said of a thing ("the index closed at 87", "fees were capped at 40")."""
_AGE_END = re.compile(r"^\s*(?:[,.;:!?)]|$|\s(?:and|when|after|before)\b)")
_OPENER = re.compile(
    r"^[\"\u201c\u2018'(]*(?:(?:Do\s+not|Don't|Don\u2019t|Never|Always|"
    r"Please)\s|(?P<verb>[A-Z][a-z]+)\s+(?P<next>[\w$\u20ac\u00a3-]+)"
    r"(?:\s+(?P<third>\w+))?)"
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
    if duration and (
        _LIFE_SPAN.search(before)
        or _AGO_AFTER.match(after)
    ):
        return True
    if duration and _PERSON_FOR.search(before):
        return True
    if _AWAY_AFTER.match(after):
        return True
    approx = (match.group("approx") or "").lower()
    if unitless and not approx and _CLOCK.fullmatch(number) and _AGE_AT.search(before):
        return True  # "opens at 4.30 every morning"
    if not unitless or approx or not re.fullmatch(r"\d{2,3}", number):
        return False
    if 10 <= int(number) <= 120 and _AGE_AT.search(before) and _AGE_END.match(after):
        return True  # "retiring at 65, she", "until she was 80."
    return False


def is_instruction(sentence: str) -> bool:
    """Tell whether SENTENCE is advice in the imperative ("Boil water for one minute")."""
    opener = _OPENER.match(sentence)
    if not opener:
        return False
    verb = opener.group("verb")
    if verb is None:
        return True
    lowered = verb.lower()
    if (
        lowered in _NOT_VERBS
        or lowered.endswith(("ly", "ed", "ing"))
        or lowered.endswith("s")
        and not lowered.endswith("ss")
    ):
        return False
    following = opener.group("next").lower()
    third = (opener.group("third") or "").lower()
    if following in _AFTER_VERB or (
        re.fullmatch(r"\d[\d,.]*", following) and re.fullmatch(_SPAN, third)
    ):
        return True  # "Knead the dough", "Arrive 15 minutes early"; not "Boeing 737s"
    return False
