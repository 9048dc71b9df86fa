"""Word lists and shape rules (no parser) shared by the figure and attribution finders."""

from __future__ import annotations

import re

WORD = re.compile(r"[\w\u2019'](?:[\w\u2019'&/-]|[.,](?=\d)|\.(?=\w))*|[^\w\s]", re.UNICODE)

DETERMINERS = frozenset(
    "a an the this that these those its their his her our my your some any each every "
    "both all".split()
)
PREPOSITIONS = frozenset(
    "of in on at to for from by with as into onto over under than per across between "
    "during since after before about around through throughout within without against "
    "among amid towards toward via up down off out near including excluding below above "
    "beyond despite unlike".split()
)
CONJUNCTIONS = frozenset(
    "and or but nor so yet that which who whom whose while when where whereas because "
    "although though if unless whether".split()
)
AUXILIARIES = frozenset(
    "is are was were be been being am has have had having do does did will would can "
    "could may might must shall should".split()
)
PRONOUNS = frozenset(
    "i you he she it we they me him her us them one someone anyone everyone nobody "
    "this that these those there here".split()
)
_PAST = {
    "say": "said", "tell": "told", "write": "wrote written", "find": "found",
    "think": "thought", "show": "showed shown", "take": "took", "make": "made",
    "come": "came", "go": "went", "get": "got", "give": "gave", "see": "saw",
    "leave": "left", "hold": "held", "lead": "led", "lose": "lost", "rise": "rose",
    "fall": "fell", "grow": "grew", "keep": "kept", "meet": "met", "pay": "paid",
    "put": "put", "run": "ran", "send": "sent", "spend": "spent", "stand": "stood",
    "win": "won", "bring": "brought", "build": "built", "begin": "began",
    "become": "became", "hit": "hit", "cost": "cost", "flee": "fled", "set": "set",
    "forecast": "forecast", "shrink": "shrank shrunk", "sink": "sank", "cut": "cut",
}  # fmt: skip
"""The past forms English does not make with -ed."""


def verb_forms(lemmas: str) -> set[str]:
    """Return each verb of LEMMAS with its -s form and its past forms, generated."""
    forms: set[str] = set()
    for verb in lemmas.split():
        ies = verb.endswith("y") and verb[-2] not in "aeiou"
        hiss = verb.endswith(("s", "sh", "ch", "x", "o"))
        double = re.search(r"(?:^[^aeiou]*[aeiou]|mi)[bdgmnpt]$", verb)  # "trim", "admit"
        forms |= {verb, verb[:-1] + "ies" if ies else verb + "e" * hiss + "s"}
        forms |= set(_PAST.get(verb, "").split()) or {
            verb[:-1] + "ied"
            if ies
            else verb + (verb[-1] if double else "") + ("d" if verb.endswith("e") else "ed")
        }
    return forms


IRREGULAR_VERBS = frozenset(verb_forms(" ".join(_PAST) + " last remain reach kill die"))
"""Verbs `is_verb` cannot tell by a long -ed ending: irregular ones, "died", present forms."""
STOP_WORDS = (
    DETERMINERS
    | PREPOSITIONS
    | CONJUNCTIONS
    | AUXILIARIES
    | PRONOUNS
    | frozenset(
        "not no also just only still even more most less least very already now then again "
        "nearly almost roughly approximately around about some over under past last next "
        "first a further another total estimated".split()
    )
)
TIME_AT_END = re.compile(
    r"\s+(?:(?:earlier|later)\s+)?(?:(?:last|this|next)\s+(?:week|weekend|month|year|spring|"
    r"summer|autumn|fall|winter|morning|afternoon|evening|night)|(?:on\s+)?(?:an?\s+)?(?:(?:Mon|"
    r"Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today)(?:\s+(?:morning|afternoon|evening|"
    r"night))?|tonight|overnight|recently|earlier|later)$"
)
"""A time that ends a phrase: "the Resolution Foundation last month" (who, not when), "people
on a Sunday morning" (what a figure counts, not when: `labels.figure_label`)."""
_PUNCTUATION_BREAK = r",(?!\d)|[;:()\[\]\"\u201c\u201d\u2014\u2013]"
CLAUSE_BREAK = re.compile(
    rf"{_PUNCTUATION_BREAK}|\s-\s|\s(?:and|but|while|which|who|whom|whose|that|"
    r"when|where|because|although|though|whereas|as)\s",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    """Return the words of TEXT (punctuation marks are separate items)."""
    return WORD.findall(text)


def is_word(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token[0] in "'\u2019")


def is_verb(tokens: list[str], index: int) -> bool:
    """Guess whether TOKENS[INDEX] is a verb from its form and the word before it."""
    word = tokens[index].lower()
    if index > 0 and tokens[index - 1].lower() in DETERMINERS - {"that", "all", "both"}:
        return False  # "the rise", "its cost": a noun after a determiner
    if word in AUXILIARIES or word in IRREGULAR_VERBS:
        return True
    if word.endswith("ed") and len(word) > 4 and index > 0:
        before = tokens[index - 1].lower()
        return before not in DETERMINERS and before not in PREPOSITIONS and is_word(before)
    return False


def inside_quote(text: str, position: int) -> bool:
    """Tell whether POSITION of TEXT lies inside a quotation (an odd number of marks before)."""
    return len(re.findall(r"[\"\u201c\u201d]", text[:position])) % 2 == 1


def last_clause(text: str) -> str:
    """Return the part of TEXT after its last clause break (comma, quote, `and`, `which` ...)."""
    cut = 0
    for match in CLAUSE_BREAK.finditer(text):
        cut = match.end()
    return text[cut:]


def first_clause(text: str) -> str:
    """Return the part of TEXT before its first clause break."""
    match = CLAUSE_BREAK.search(text)
    return text[: match.start()] if match else text


def trim(tokens: list[str], only_end: bool = False) -> list[str]:
    """Drop function words, adverbs and punctuation from both ends of TOKENS (or its end)."""
    start, end = 0, len(tokens)
    while start < end and not only_end and (_weak(tokens[start]) or tokens[start].endswith("ly")):
        start += 1
    while end > start and _weak(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def _weak(token: str) -> bool:
    return not is_word(token) or token.lower() in STOP_WORDS


def after_last_verb(tokens: list[str]) -> list[str]:
    """Return the tokens after the last verb of TOKENS (all of them when there is none)."""
    for index in range(len(tokens) - 1, -1, -1):
        if is_verb(tokens, index):
            return tokens[index + 1 :]
    return tokens


_SUBJECT_BREAK = re.compile(
    rf"{_PUNCTUATION_BREAK}|\s(?:which|who|whom|whose|that|while|when|where)\s"
)


def subject(sentence: str, keep_article: bool = False) -> list[str]:
    """Return the opening noun phrase of SENTENCE, up to its first verb."""
    head = sentence
    opening = first_clause(sentence)
    first = (words(opening) or [""])[0].lower()
    adverbial = first in PREPOSITIONS or first.endswith("ly") or first in OPENERS
    if len(words(opening)) <= 3 and "," in sentence[: len(opening) + 1] and adverbial:
        head = sentence[len(opening) + 1 :]  # skip an opener such as "However,"
    cut = _SUBJECT_BREAK.search(head.strip())
    tokens = words(head.strip()[: cut.start()] if cut else head.strip())
    for index in range(len(tokens)):
        if is_verb(tokens, index) or _present_verb(tokens, index):
            tokens = tokens[:index]
            break
    phrase = trim(tokens) if tokens[-1:] and tokens[-1].lower() not in PRONOUNS else []
    if keep_article and phrase and tokens and tokens[0].lower() == "the":
        return ["the", *phrase]
    return phrase


OPENERS = frozenset(
    "however meanwhile still yet now today yesterday instead also separately nevertheless "
    "moreover furthermore overall last this next earlier later then indeed perhaps maybe".split()
)


def _present_verb(tokens: list[str], index: int) -> bool:
    """Guess a present-tense verb after a name: "Armenia says", "Azerbaijan shares"."""
    word = tokens[index]
    following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    after_name = index > 0 and tokens[index - 1][:1].isupper()
    third_person = word.islower() and word.endswith("s") and not word.endswith("ss")
    object_next = following in DETERMINERS or following in PREPOSITIONS or following == "that"
    return after_name and third_person and object_next


def join(tokens: list[str]) -> str:
    """Join TOKENS back into text, keeping possessives and punctuation tight."""
    out = ""
    for token in tokens:
        if out and (token[0] in ",.;:%)" or token.lower() in ("'s", "\u2019s")):
            out += token
        else:
            out += (" " if out else "") + token
    return out


def in_a_name(sentence: str, match: re.Match[str]) -> bool:
    """Tell whether a capitalised figure inside a sentence is part of a name ("Rogue One")."""
    opening = re.search(r"(?:^|[.!?;\"\u201c(\u2014-])\s*$", sentence[: match.start()])
    if opening or not re.search(r"\b(?!Celsius|Fahrenheit)[A-Z][a-z]", match.group(0)):
        return False
    return re.search(r"\b[a-z]{4,}", sentence) is not None  # not a headline in title case


_ACRONYM = re.compile(
    r"((?:[A-Z][\w\u2019'.-]*\s+)+(?:(?:(?:of|for|on|and|the)\s+)+(?:[A-Z][\w\u2019'.-]*\s+)+)*)"
    r"\(([A-Z]{2,}s?)\)"
)
CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w\u2019'.-]*[ \u00a0]+)+[A-Z][\w\u2019'.-]*")


def index_names(text: str, full_names: dict[str, str]) -> None:
    """Add each capitalised run of TEXT under its last word, first mention kept ("Marcus Bell")."""
    for named in _ACRONYM.finditer(text):  # "the Office for Rail and Road (ORR)": "ORR"
        full_names.setdefault(named.group(2), named.group(1).strip())
    for run in CAPITALISED_RUN.finditer(text):
        tokens = run.group(0).split()
        while tokens and tokens[0].lower() in STOP_WORDS:
            tokens = tokens[1:]
        for end in range(1, len(tokens)):
            name = tokens[max(0, end - 4) : end + 1]
            key = tokens[end].rstrip(".")
            if len(name) > 1 and key not in full_names and key[-1:].isalnum():
                full_names[key] = " ".join(name[:-1] + [key])
