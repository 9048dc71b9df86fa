"""Find figures in a sentence (one regular expression) and rule out those that are no figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.enrich.asides import figure_is_aside
from publish.enrich.phrases import AUXILIARIES, OPENERS, PREPOSITIONS, STOP_WORDS, in_a_name

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 100, "thousand": 1_000, "lakh": 100_000, "million": 1_000_000,
           "crore": 10**7, "billion": 10**9, "trillion": 10**12}  # fmt: skip
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
WORD_VALUES["dozen"] = 12

_NW = "|".join(sorted([*WORD_VALUES, *_SCALES], key=len, reverse=True))
_WORDNUM = (
    rf"(?:an?\s+(?:hundred|thousand|million|billion|dozen)"
    rf"|(?:{_NW})(?:(?:[\s-]+|\s+and\s+)(?:{_NW}))*"
    r"|(?:(?:tens|hundreds)\s+of\s+)?(?:dozens|hundreds|thousands|millions|billions)"
    r"(?=\s+of\b|\s+(?:were\s+)?[a-z]+ed\b))"
)
_FRACTION = (
    rf"(?:(?:one|two|three|four)[\s-](?:thirds?|quarters?|fifths?|tenths?)|half(?=\s+of\b)"
    rf"|an?\s+(?:third|quarter)(?=\s+of\b)|(?<=\bby\s)an?\s+(?:third|quarter|half)"
    rf"|(?:one|two|three|four|five|six|seven|eight|nine|\d{{1,2}})\s+"
    rf"(?:in|out\s+of|(?<!one\s)of\s+the)\s+"  # a share: "one in five", "nine of the 12"
    rf"(?:\d{{1,3}}(?![\d,.])|{_NW})(?!\w|[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|"
    rf"months?|years?)\b))"
)
_SHARE = re.compile(_FRACTION, re.IGNORECASE)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"(?:(?:US|A|C|HK|NZ)\$|\$(?:US|A|C|HK|NZ)?|\u20ac|\u00a3|\u00a5|\u20b9|\u20bd|\u20aa)"
_SCALE = r"(?:\s+(?:thousand|lakhs?|million|crores?|billion|trillion)|(?:bn|mn|tn|m|k|b)(?!\w))"
_NUMBER = rf"{_FRACTION}|(?:{_CURRENCY}\s?)?(?:{_DIGITS})(?:{_SCALE})?|{_WORDNUM}(?:{_SCALE})?"
_APPROX = (
    r"around|about|nearly|almost|roughly|some|approximately|more\s+than|over|at\s+least|"
    r"up\s+to|several|fewer\s+than|less\s+than|close\s+to|an\s+estimated|just\s+under|just\s+over|"
    r"as\s+many\s+as|as\s+much\s+as|upwards\s+of|in\s+excess\s+of|at\s+most"
)
_SI = (
    r"(?:kilo|mega|giga|tera|peta|milli|micro|nano|centi)?(?:bytes?|watts?|hertz|flops|"
    r"pixels|met(?:re|er)s?|grams?|lit(?:re|er)s?|tonnes?|joules?|volts?)"
    r"|(?-i:[kKMGTP]i?B|[kMGT]bps|[kMGT]Hz|[kMG]Wh?|[ckm]m|kg|MP)"
)
"""Metric and data units, a prefix and a base: "petabytes", "teraflops", "GHz", "mm"."""
_UNITS = {
    "percent": r"\s?%|\s*per\s?cent\b|\s+percent(?:age\s+points?)?\b|\s+percentage\s+points?\b",
    "money": r"\s+(?:US\s+)?(?:dollars|euros|pounds|yuan|yen|rupees|roubles|rubles|francs|"
    r"shekels|manats?|drams?|lira|pesos|rand|dinars?|dirhams?|riyals?|rials?|kronor|"
    r"kroner|krona|naira|shillings|cedis|zloty|forints?|baht|ringgit|rupiah|taka)\b",
    "size": r"-(?:strong|member|man|person)\b",  # a body's size: "a 40-strong crew"
    "duration": r"[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|"
    r"centuries|century)\b(?!-\w)",
    "measure": rf"[\s-]*(?:(?:square|sq\.?)\s?)?(?:km/h|mph|{_SI}|miles?|feet|foot|inch(?:es)?|"
    r"acres?|hectares?|tons?|gallons?|barrels?|degrees?(?:\s+(?:Celsius|Fahrenheit))?|"
    r"\u00b0[CF])\u00b2?(?!\w)|(?<=\d)(?-i:C|F)(?!\w)",
}
_UNIT = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _UNITS.items())
FIGURE = re.compile(
    rf"(?<![\w.,\-/$\u20ac\u00a3])"
    rf"(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?:(?P<between>between)\s+(?P<low>{_NUMBER})\s+and\s+(?P<high>{_NUMBER})"
    rf"|(?P<wickets>\d)\s+for\s+(?P<runs>\d{{1,3}})(?![\d]|[,.]\d|\s+[a-z]+s\b)"  # "6 for 255"
    rf"|(?P<number>{_NUMBER})(?:\s*(?:-|\u2013|\u2014|to)\s*(?P<upper>{_NUMBER}))?)"
    rf"(?:{_UNIT})?(?!\w)",
    re.IGNORECASE,
)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^(?::\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|BST|CET|EST|"
    r"o'clock|o\u2019clock|hrs\b))",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"^(?:[\s-]*(?:years?|yrs?)?[\s-]*old\b|-year-old)", re.IGNORECASE)
_AGE_BEFORE = re.compile(
    r"\bage[sd]?(?:\s+[a-z]+){0,2}\s+(?:between\s+(?:[\w\s-]{1,30}?\s+(?:and|to)\s+)?)?$",
    re.I,
)
DEATH = re.compile(r"\b(?:died|dead|killed)\b")
_DEATH_TOLD = re.compile(r"\b(?:death|murder(?:ed)?|slain|the li(?:fe|ves) of)\b", re.I)
"""A killing told of an age's noun ("murder of a", "the life of the"), not "died" in a crash."""
_NAME_BEFORE = re.compile(r"(?:\b[a-z]*[A-Z][\w\u2019'.&+-]*|\bnumber|\bpage)\s+$")
_OWNER = re.compile(r"(?:\.|[\u2019']s?)\s+$")  # "Hamas's two", "Arabia. Nineteen"
_NAME_AFTER = re.compile(
    rf"^(?:\s*(?:[,;:)]|$)|\s+(?:[A-Z][\w.+-]*[^\Ws]|{'|'.join(AUXILIARIES)})\b)"
)
"""A name's end: a capitalised word that is no plural ("10 SDK"), a verb ("11 is"), nothing."""
_VERSION_BEFORE = re.compile(
    r"(?:\b(?:versions?|rev\.|v\.?)|[\w+)`]\s*(?:[<>]=?|[\u2264\u2265]))\s*$",
    re.IGNORECASE,
)
"""A version: "version 2", "v 1.4", a bound ("Python >= 3.6")."""
_BASELINE_BEFORE = re.compile(r"\b(?:up|down|rising|falling)\s+from\s+$", re.IGNORECASE)
_NUMBER_PAIR_BEFORE = re.compile(r"\d\s?[/^]\s?$|\d[:.]$")
_NUMBER_PAIR_AFTER = re.compile(r"^\s?[/^]\s?\d|^\.(?:\d|[xX*](?!\w))")
"""Numbers joined by "/", "^", ":" or a second dot are one token ("24/7", "2^28", "1.8.3")."""
ROUGH = re.compile(
    r"(?:an?\s+|(?:tens|hundreds)\s+of\s+)?(?:dozens?|hundreds?|thousands?|millions?|billions?)",
    re.I,
)
"""A scale word with no count ("thousands of years", "a hundred holes"): a manner of speaking,
unless it counts people ("a million people have fled") or those harmed ("hundreds injured")."""
PEOPLE_AFTER = re.compile(
    r"^\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:people|persons|civilians|refugees|children|adults|troops|"
    r"victims|families|households|homes|lives|deaths|residents|migrants|patients|police|students|"
    r"passengers|pupils|staff|fans|members|militants|detainees|prisoners|hostages|suspects|boys|"
    r"girls|teenagers|youths|crew|votes|seats|others|(?-i:[A-Z]\w+is)|\w*(?:men|workers|officers|"
    r"soldiers|fighters|ists|ians|nauts|settlers|seekers|strators|testers|porters|voters|mates|"
    r"ployees|vivors|teers)|(?:[\w-]+\s+){1,2}(?:groups|factions|squads|units))\b(?!\s+(?:may|"
    r"might|could)\b)",  # "others may have fled"; "four rebel groups", not "two groups"
    re.IGNORECASE,
)
_ATTRIBUTIVE = re.compile(r"(?:-|\s)(?:second|minute|hour|day|week|month|year|decade)$", re.I)
"""A duration written as an adjective ("a six-week trial", "a four-day week"): what a thing is."""
_TERM_AFTER = re.compile(
    r"\s+(?:\w+ )?(?:(?:sentence|term|mandate|ban|contract|deadline|mission|freeze|adjournment)s?"
    r"|state)\b"
)
"""A term whose length is news: "20-year jail terms", "a 12 day mission", "an 18-month freeze"."""
_EVENT_AFTER = re.compile(
    r"\s+(?:freestyle|backstroke|breaststroke|butterfly|race|event|champion)s?\b"
)
_PERIOD_BEFORE = re.compile(
    r"\b(?:the|these|those|first|previous|final)\s+$|"
    r"\b(?:in|over|during|within)\s+the\s+(?:past|last|next)\s+$",
    re.IGNORECASE,
)
"""A period named ("the first five months") or a time frame ("in the last 50 years"); but "for
the past eight months" says how long a thing has lasted."""
_SPAN_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(PREPOSITIONS))})\s+$", re.IGNORECASE)
_RESULT_BEFORE = re.compile(r"\b(?:beat|won|lost|defeated|drew|ended) (?-i:[A-Z]\S* ){0,3}$", re.I)
_RESULT_AFTER = re.compile(r"^\s+(?:win|victory|defeat|loss|draw|triumph)\b", re.IGNORECASE)
"""A match's result ("beat Leeds 3-0", "a 3-0 win"), unlike a running score ("trailing 2-0")."""
_MULTIPLIER_AFTER = re.compile(r"^(?:\s+times\b|-fold\b)", re.IGNORECASE)
_STATISTIC_BEFORE = re.compile(
    r"(?:\b[nNpP]\s*[=<>\u2264\u2265]\s*|(?:\bCI\b|\bintervals?)[:,]?\s*|\b(?:odds|hazard|risk|rate)\s+"
    r"ratios?(?:\s+(?:of|was|=))?\s*)$"
)
"""A test's figures: "n = 1,204", "p = 0.003", "(95% CI 1.2-1.9)", "a hazard ratio of 0.64"."""
_INTERVAL_AFTER = re.compile(r"^\s*(?:CI\b|(?:confidence|credible)\s+intervals?\b)", re.IGNORECASE)
_WHEN_BEFORE = re.compile(
    r"(?:\bafter\s+|\b(?:once|twice|times)\s+(?:in|over|during)\s+(?:the\s+(?:past|last)\s+)?"
    r"|\b(?:has|have|had)\s+(?:been\s+)?[a-z]+ed\b[^,;]{0,40}\bfor\s+)$",
    re.IGNORECASE,
)
"""When, how often or how long someone has done a thing is no finding: "after 18 months",
"twice in five years", "has worked there for 12 years" (a condition: `_is_circumstance`)."""
CONTEXT = 400
"""Characters each side of a figure that its checks read: a list of 4,000 numbers costs no more."""


@dataclass(frozen=True)
class Figure:
    """A figure found in a sentence: its span there, kind, and numeric size when known."""

    start: int
    end: int
    kind: str
    """"percent", "money", "size", "duration", "measure", "fraction", "score", "age" or "count"."""
    size: float | None
    approximate: bool


def find_figures(sentence: str, asides: bool = False, lead: bool = False) -> list[Figure]:
    """Return the figures in SENTENCE that could go in a fact box, in order (with ASIDES, also
    asides: a label is checked for any figure); the dead of a LEAD sentence are its subject."""
    found: list[Figure] = []
    for match in FIGURE.finditer(sentence):
        text, near = _around(sentence, match)
        if figure_is_incidental(text, near, lead) or (not asides and figure_is_aside(text, near)):
            continue
        number = match.group("number") or match.group("low") or ""
        kind = next((k for k in _UNITS if match.group(k)), None)
        if kind is None and (_score_or_phone(match, False) or match.group("runs")):
            kind = "score"  # a result ("won 3-0"), an innings: `_is_identifier` ruled out others
        if kind is None and re.search(_CURRENCY, number):
            kind = "money"
        if kind is None and _AGE_AFTER.match(sentence[match.end() :]):
            kind = "age"  # of the dead the lead tells of (`_dead_in_lead`): no few things
        share = match.group("number") and _SHARE.match(sentence, match.start("number"))
        if kind is None and share and share.end() == match.end("number"):
            kind = "fraction"
        found.append(
            Figure(
                start=match.start(),
                end=match.end(),
                kind=kind or "count",
                size=number_size(number),
                approximate=bool(match.group("approx")),
            )
        )
    return found


def _around(sentence: str, match: re.Match[str]) -> tuple[str, re.Match[str]]:
    """Return the window of SENTENCE around MATCH and MATCH found in it again (or both whole)."""
    if len(sentence) <= 2 * CONTEXT:
        return sentence, match
    begin = max(0, match.start() - CONTEXT)
    window = sentence[begin : match.end() + CONTEXT]
    again = FIGURE.match(window, match.start() - begin)
    if again is None or again.end() != match.end() - begin:
        return sentence, match
    return window, again


class _Spot:
    """A figure MATCH in SENTENCE with the words on each side, as the checks below read it."""

    def __init__(self, sentence: str, match: re.Match[str], lead: bool = False) -> None:
        self.sentence, self.match = sentence, match
        self.number = match.group("number") or match.group("low") or ""
        self.before, self.after = sentence[: match.start()], sentence[match.end() :]
        self.has_unit = any(match.group(k) for k in _UNITS)
        self.duration = bool(match.group("duration"))
        self.plain = re.fullmatch(r"\d+", self.number) is not None
        self.size = number_size(self.number)
        self.lead = lead


def figure_is_incidental(sentence: str, match: re.Match[str], lead: bool = False) -> bool:
    """Tell whether MATCH is a date, year, time, ordinal, age, multiplier or part of a name."""
    spot = _Spot(sentence, match, lead)
    return any(rule(spot) for rule in _INCIDENTAL)


def _is_time_or_date(s: _Spot) -> bool:
    """A clock time, a date ("9/11"), an idiom ("24/7"), a year or a day of a month."""
    pair = _NUMBER_PAIR_BEFORE.search(s.before) or _NUMBER_PAIR_AFTER.match(s.after)
    if pair or _TIME_AFTER.match(s.after):
        return True
    if s.has_unit:
        return False
    if s.plain and 1000 <= int(s.number) <= 2199:
        return True
    return bool(_MONTH_BEFORE.search(s.before) or _MONTH_AFTER.match(s.after))


def _is_identifier(s: _Spot) -> bool:
    """Which one, not how many: an enumerator ("#2"), a running score, a phone number, a long
    identifier, or part of a name ("Boeing 737", "Rogue One")."""
    bracketed = re.search(r"[(\[]$", s.before) and re.match(r"[)\]]", s.after)
    if bracketed or re.search(r"#\s?$", s.before):
        return True
    if _score_or_phone(s.match, s.has_unit):
        return not (_RESULT_BEFORE.search(s.before) or _RESULT_AFTER.match(s.after))
    if in_a_name(s.sentence, s.match):
        return True
    if s.has_unit or s.match.group("approx"):  # but a measure in a name: "a 9mm Beretta"
        named = re.match(r"\s+(?-i:[A-Z][a-z])", s.after) and re.search(r"\b[a-z]{4,}", s.sentence)
        return bool(s.match.group("measure") and named)
    version = _VERSION_BEFORE.search(s.before) is not None
    return s.plain and len(s.number) > 7 or version or _after_a_name(s)


def _after_a_name(s: _Spot) -> bool:
    """A number after a name ("Boeing 737"); opening a sentence, a name that looks like a
    product ("iOS 17", "Node.js 18", "Ubuntu 22.04", "Windows 10 SDK"), not "Another 30 men"."""
    name = _NAME_BEFORE.search(s.before)
    if not name or s.size is None or _OWNER.search(s.before):
        return False
    word = name.group(0).split()[0].rstrip(".")
    product = re.search(r"[a-z][A-Z]|^[A-Z]{2}|\w[.+\d]", word) or "." in s.number
    adverb = word.lower() in OPENERS or word.endswith("ly")  # "Yesterday 12", "Exactly 12"
    inside = s.before.strip() != name.group(0).strip()
    named = inside or not adverb and bool(product or _NAME_AFTER.match(s.after))
    return word.lower() not in STOP_WORDS and named


def _is_age(s: _Spot) -> bool:
    """An age: "45-year-old", "aged 60", "Jane Doe, 45, said"; but the age at death of one the
    story tells died ("died on Monday, aged 72", "Jo Lee, 53, was killed") is part of the news."""
    if _AGE_AFTER.match(s.after):
        return not _dead_in_lead(s)
    apposition = re.search(r"[A-Z][\w\u2019']*,\s*$", s.before) and s.after.startswith(",")
    bare = not s.has_unit and not s.match.group("approx") and s.plain
    age = _AGE_BEFORE.search(s.before) or apposition and bare and (s.size or 120) < 120
    return bool(age) and not DEATH.search(s.before[-60:] + s.after[:40])


def _dead_in_lead(s: _Spot) -> bool:
    """The age of one whose death the lead tells in the same clause: the story's subject."""
    clause = re.split(r"[,;:]", s.before)[-1] + re.split(r"[,;:.]", s.after)[0]
    return s.lead and _AGE_AFTER.match(s.after) is not None and bool(_DEATH_TOLD.search(clause))


def _is_relative(s: _Spot) -> bool:
    """A figure that measures another: a statistic, a multiplier, a baseline ("up from 22,000")."""
    measured = _STATISTIC_BEFORE.search(s.before) or _BASELINE_BEFORE.search(s.before)
    return bool(measured or _INTERVAL_AFTER.match(s.after) or _MULTIPLIER_AFTER.match(s.after))


def _is_modifier(s: _Spot) -> bool:
    """What kind of thing a noun is ("a six-week trial"), not a term's length ("20-year terms")."""
    if not s.has_unit and re.match(r"-[a-z]|\s+(?:long|wide|high|tall|deep|thick)\b", s.after):
        return not _dead_in_lead(s)  # or a size with no unit ("10 long"): no count of anything
    if s.match.group("measure") and _EVENT_AFTER.match(s.after):
        return True  # a distance that names a race ("the 50 metres freestyle"), not how far
    if not s.duration or not _ATTRIBUTIVE.search(s.match.group(0)) or s.size == 1:
        return False
    term = re.search(r"(?:\b(?:under|for|on|with)\s+|^)an?\s+$", s.before, re.IGNORECASE)
    return not term and not _TERM_AFTER.match(s.after)


def _is_circumstance(s: _Spot) -> bool:
    """When, how often or how long a thing was done, a streak, a named period ("the first week")."""
    streak = r"(?:\s+\w+)?\s+in\s+a\s+row\b" + (r"|\s+(?:running|straight)\b" * s.duration)
    if re.match(streak, s.after) or re.search(r"(?i)\b(?:if|unless)\s+[^,;:.\"\u201d]*$", s.before):
        return True  # a streak ("five seasons in a row"), a condition ("if 30% vote no")
    if not s.duration:
        return False
    when = _WHEN_BEFORE.search(s.before)
    if when and not (when.group(0).lower().startswith("after") and s.after.startswith(" of ")):
        return True
    return bool(_PERIOD_BEFORE.search(s.before)) and not _TERM_AFTER.match(s.after)


def _is_vague(s: _Spot) -> bool:
    """No count: zero ("0% loaded"), all of nothing ("100% sure"), a scale word alone, "one", or
    one unit with no preposition, which tells when ("would one day return", "One morning")."""
    whole = s.size == 100 and s.match.group("percent") and not re.match(r"\s+of\b", s.after)
    rough = ROUGH.fullmatch(s.number) and not re.match(r"\s+(?:were\s+)?[a-z]+ed\b", s.after)
    if s.size == 0 or whole or rough and not PEOPLE_AFTER.match(s.after):  # "hundreds were hurt"
        return True
    single = s.number.lower() in ("one", "a", "an") and not s.match.group("approx")
    if single and s.duration and not (_SPAN_BEFORE.search(s.before) or _TERM_AFTER.match(s.after)):
        return True
    return single and not (s.has_unit or s.match.group("approx"))


_INCIDENTAL = (_is_time_or_date, _is_identifier, _is_age, _is_relative, _is_modifier,
               _is_circumstance, _is_vague)  # fmt: skip
"""The classes of numbers that are no figure, each a function of the figure's spot."""


def _score_or_phone(match: re.Match[str], has_unit: bool) -> bool:
    """Tell whether a hyphenated pair is a score, a vote or a phone number ("4-2", "555-0142")."""
    low, upper = match.group("number") or "", match.group("upper") or ""
    text = match.group(0)
    if has_unit or not re.fullmatch(r"\d+", low) or not re.fullmatch(r"\d+", upper):
        return False
    if re.fullmatch(r"\d{3}-\d{4}", text) or upper.startswith("0") and len(upper) > 1:
        return True
    return bool(re.search(r"\d\s*[-\u2013]\s*\d", text)) and int(upper) <= int(low)


def number_size(text: str) -> float | None:
    """Return the numeric value of a written figure ("120,000", "$3bn", "twenty-five")."""
    text = text.lower().replace("\u00a0", " ")
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    scale = 1.0
    for word, factor in (*_SCALES.items(), ("bn", 1e9), ("mn", 1e6), ("tn", 1e12)):
        if re.search(rf"\d\s*{word}\b|\b{word}\b", text) and word != "hundred":
            scale = float(factor)
    letter = re.search(r"\d(m|k|b)\b", text)
    if letter:
        scale = {"m": 1e6, "k": 1e3, "b": 1e9}[letter.group(1)]
    if digits:
        return float(digits.group(0).replace(",", "")) * scale
    total = current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word in WORD_VALUES:
            current += WORD_VALUES[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1.0) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in ("a", "an") and not seen:
            current = 1.0
    if not seen:
        return None
    return total + current
