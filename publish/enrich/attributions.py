"""Find who each claim comes from (cue patterns over reporting verbs with generated inflections)
and number the sources as notes; "he said" goes to the source of the sentence before."""

from __future__ import annotations

import re

from publish.enrich.asides import is_instruction
from publish.enrich.author_notes import has_author_notes, merge_author_notes
from publish.enrich.clauses import gerund
from publish.enrich.numbering import number_sources
from publish.enrich.overrides import apply_note_overrides
from publish.enrich.phrases import (
    AUXILIARIES,
    CAPITALISED_RUN,
    CLAUSE_BREAK,
    CONJUNCTIONS,
    DETERMINERS,
    OPENERS,
    PREPOSITIONS,
    PRONOUNS,
    STOP_WORDS,
    TIME_AT_END,
    index_names,
    inside_quote,
    is_verb,
    join,
    subject,
    trim,
    verb_forms,
    words,
)
from publish.enrich.sources import DOCUMENTS, Attribution, fits_speaker, named_subject, source_key
from publish.model import Article
from publish.model.markers import insert_note_refs, strip_note_refs
from publish.model.sentences import Sentence, article_sentences, reads_language


def _alternation(forms: set[str]) -> str:
    return "|".join(sorted(forms, key=lambda f: (-len(f), f)))


_SAYING = "say tell state announce warn argue insist allege testify tweet predict expect deny urge"
_STRONG = verb_forms(_SAYING) - {"state", "states"} | {"reported", "estimated", "projected"}
"""Verbs that attribute on their own ("Okafor told reporters", "Lund predicted a rise", "unions
urged"); of those that are nouns too ("the two states", "estimates") only the past form."""
_WEAK = (
    verb_forms(
        "state report note explain estimate confirm acknowledge admit conclude declare "
        "find show suggest predict assert maintain reveal believe post fear think "
        "caution stress emphasise emphasize concede recall complain promise pledge vow "
        "indicate ask reply respond comment remark observe recount add claim write reject dismiss "
        "clarify retort anticipate"
    )
    - _STRONG
)
"""Verbs that attribute before a clause, "that", a colon or the sentence's end ("Reuters reported.",
"she wrote in a letter that"), not with a plain object ("added a fourth", "claimed the title")."""
_STANCE = "accuse criticise applaud praise hail blame demand assure express promise stress"
_STANCES = {f for f in verb_forms(_STANCE) - set(_STANCE.split()) if not f.endswith("s")}
"""A stance taken on a plain object is a statement ("has accused X of"); past forms only."""
_REPORTED = f"report state reveal estimate predict find expect project confirm {_SAYING} {_STANCE}"
_PASSIVE = {f for f in verb_forms(_REPORTED) - set(_REPORTED.split()) if f[-1] != "s"} | {"spelt"}
"""Their participles before "by" name the source ("as revealed by the rights group")."""
_FINDINGS = "show find suggest reveal indicate"  # what evidence does, not people
_STRONG_VERBS, _WEAK_VERBS = _alternation(_STRONG), _alternation(_WEAK)
_WEAK_LEMMAS = {f for f in _WEAK if f + "s" in _WEAK}
_REPORTING = {f for f in _STRONG | _WEAK if f[-1] == "s" or f + "s" in _STRONG | _WEAK}
_NAME_END = _REPORTING - DOCUMENTS | AUXILIARIES  # "data from X show", "a plea from X was read"
_NAMES = verb_forms("call describe dub term brand label")
_NAMING = _alternation(_NAMES)
"""Verbs that name a thing: "Lund called the damage 'modest'", "Ek described it as weak"."""
_FINITE = "|".join(sorted(AUXILIARIES - {"be", "been", "being", "do", "did"}))
_CLAUSE = (  # a clause without "that" ("confirmed two guards were hurt"), or "rejected claims"
    r"\s+(?:(?!(?:to|of|for|with|from|in|on|at|by|who|which|\w+sel(?:f|ves))\b)[\w'-]+\s+){1,4}"
    rf"(?:{_FINITE}|[a-z]+ed)(?:not|n?'t)?\b|"  # "maintains it cannot", "claims it hasn't"
    rf"\s+(?!to\b)(?:[\w'-]+\s+){{1,4}}(?:of|at|from|in|on)\s+(?:[\w'-]+\s+){{1,5}}(?:{_FINITE})\b|"
    r"\s+(?:the|its|their|a|an|this)\s+(?:[\w-]+\s+)?[\w-]*[^\Ws]\s+"  # "the cell stores"
    r"(?!(?:his|its|this|us|as)\b)[a-z]+s\s|"
    r"\s+(?!to\b)(?:\w+\s+){0,2}?(?:claims?|criticism|allegations?|accusations?|suggestions?)\b"
)
_GOING_ON = {gerund(v) for v in f"{_SAYING} report reveal {_STANCE}".split()} - {"expecting"}
_NOW = _alternation(_GOING_ON)
"""Progressive forms: "US television is reporting", "are calling on" (not "is expecting")."""
_ADVERBS = "also|already|still|again|previously|later|earlier|once|repeatedly|recently|publicly"
"""Adverbs inside a verb group: "has also said", "has again denied", "had publicly urged"."""
_AFTER_NAME = re.compile(
    rf"(?P<aux>(?:\s+(?:has|have|had|{_ADVERBS}))*)\s+(?:(?P<verb>{_STRONG_VERBS}|call(?:s|ed)?\s+(?:on|for)|"
    rf"(?:{_alternation(_STANCES)})\b(?!\s+(?:of|for|over|with|in|on|at|to|as|from)\b)|"
    rf"(?:is|are|was|were)\s+(?:\w+ly\s+|already\s+)?(?:{_NOW}|calling\s+(?:on|for)))\b(?!\s+by\b)|"
    rf"(?P<weak>{_WEAK_VERBS})(?=(?:(?:(?<=ed)|(?<=wrote))\s+(?:in|on|at)(?:\s+[\w'-]+){{1,6}}?)?"
    rf"(?:\s+that\b|:|\s*[,.;])|{_CLAUSE}|(?<=explained)\s+(?:why|how)\b)|"
    rf"(?P<naming>{_NAMING})\s(?=[^.;:!?\"\u201c\u201d]{{0,60}}?(?:[\"\u201c\u2018]|\s'))|"
    rf"(?:{_alternation(verb_forms('describe brand label'))})\s(?=[^.;:!?]{{0,60}}?\sas\s))"
)
_QUOTED_AS = re.compile(
    rf"(?:\s+(?:has|have|had|{_ADVERBS}))*\s+quot(?:ed|es|ing)\s+(?!by\b)(?P<name>(?:(?!\bas\s)[^,;:.!?\"\u201c\u201d])+?)\s+as\s+"
    rf"(?:{_alternation({gerund(v) for v in _SAYING.split()})})\b"
)
"""An outlet quoting a speaker: "the radio quoted a senior officer as saying": both are sources."""
_GERUNDS = {gerund(v) for v in (_WEAK_LEMMAS | _STRONG) - verb_forms(_FINDINGS)}
_PARTICIPLE = re.compile(
    rf"(?:,|\bas|\bwith\s+(?P<doer>[^,;:\"\u201c\u201d]{{2,60}}?))\s+(?P<verb>saying|"
    rf"(?:{_alternation(_GERUNDS)})"
    r"(?=\s+(?:[\w-]+\s+){0,4}?(?:that\b|[\"\u201c])))"
)
"""A reporting participle after its clause ("denied it, saying") or subject ("with X saying")."""
_INVERTED = {f for f in _STRONG | _WEAK if f.endswith("s") or f + "s" not in _STRONG | _WEAK}
_INVERTED -= DOCUMENTS | verb_forms("tell")  # "..., told ABC": the listener follows
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether|until)\s[^,;:\"\u201c\u201d]*$", re.IGNORECASE)
"""A clause that only supposes speech: "if officials respond", "unless the board says so"."""
_BEFORE_NAME = re.compile(
    rf"(?:[,\u201d\"]|\u2019\s)\s*(?P<verb>{_alternation(_INVERTED)})\s+"
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|Sr|Jr|St|[A-Z])\.\s*"
    r"|[^,.;:!?\"\u201c\u201d])+)"
)
_SPEECH = set("warning warnings ultimatum ultimatums appeal appeals plea pleas criticism".split())
_LEADING_CUES = re.compile(
    rf"\b(?P<cue>according\s+to|(?:as\s+)?(?:{_alternation(_PASSIVE)})(?:\s+out)?\s+by|citing|"
    rf"in\s+the\s+words\s+of|(?:{_alternation(_SPEECH)})\s+from|(?P<data>obtained|"
    r"provided|supplied|compiled|gathered)\s+(?:from|by))\s+(?P<name>(?:(?!\s(?:(?:who|which|that|"
    r"and|but|when|while|on|in|at)\s+(?-i:[a-z])|as\s|of\s+(?-i:[a-z]+ing)|"
    r"to\s+(?!(?:the|an?|his|her|its|their|be)\s)(?-i:[a-z])))"
    r"[^,.;:!?()\"\u201c\u201d])+)",  # "a man who": the man; "told by doctors to rest": doctors
    re.IGNORECASE,
)
"""Cues before a name; where papers came from names their source ("records obtained from")."""
_DOCS = _alternation(set(DOCUMENTS))
_PAPERS = re.compile(
    rf"^(?:[\w-]+\s+){{0,3}}(?:{_DOCS})\s+(?:(?P<by>(?:(?:released|published|compiled|"
    r"commissioned)\s+)?(?:from|by))\s+(?=[A-Z]|the\s)|(?:seen|\w+ed)\s+(?:by|under|to|in|from)\s)",
    re.IGNORECASE,
)
"""Papers and who put them out ("figures from the Statistics Office": the office), or papers named
by how they came to light ("emails seen by the Ledger"): there the participle is in the name."""
_RELATIVE = re.compile(
    r"(?<=\w)\s*(?:,?\s+(?:who|which|whose)|,\s+(?:in|[a-z]+ing(?!\s+(?:and|or)\b)))\s(?:[^,;:\"\u201c\u201d]|,(?=\d))*,\s*$"
)
_ASIDE = r"(?:also|then|later|earlier|once|\w+ly|(?:in|on|at|during)\s+the\s+\w+)"
_EVIDENCE = re.compile(  # "Exit polls showed", "A new survey has found"
    rf"(?:\s+(?:has|have|had))?\s+({_alternation(verb_forms(_FINDINGS) - _WEAK_LEMMAS)})\s+"
    r"(?!that\b|by\b)(?=[\w$\u00a3\u20ac])"
)
_PUBLISHING = verb_forms("publish release issue") - {"issue", "issues"}
_PUBLISHED = re.compile(
    rf"\s+({_alternation(_PUBLISHING)})\s+"
    r"(?:(?:its|their|his|her|a|an|the|new|latest|annual)\s+)*(?:[\w-]+\s+){0,3}?"
    rf"(?:{_DOCS})\b"
)
"""A body that puts out a document is its source: "the agency published its annual report"."""
_CUE_WORDS = (
    _STRONG | _WEAK | _NAMES | _PASSIVE | _GERUNDS | _GOING_ON | _SPEECH | _PUBLISHING
) | set("according citing words told obtained provided supplied compiled gathered calling".split())
_ANYONE = re.compile(
    r"(?:(?:every|each)\s+(?:few\s+|other\s+)?(?:day|week|month|year)s?\s+)?"
    r"(?:another|every|each|any|no|other|many|several|some|most|few|various|numerous)\b|"
    r"(?-i:[a-z]+ing)\s+(?:an?|the|its|their)\s",
    re.IGNORECASE,
)
"""A quantified group ("many experts", "other studies") or a gerund's clause: nobody named."""
_COUNT = re.compile(r"\d[\d,.]*%?$")  # a count or an age ("polled, 97 percent, expect")
_CONTRACTED = re.compile(
    r"\w(?:n['\u2019]t|['\u2019](?:re|ve|m|ll|d))$|^(?:it|that|there|what|here|he|she|who)['\u2019]s$",
    re.IGNORECASE,
)
_OPENING = (CONJUNCTIONS - {"that"}) | (OPENERS - DETERMINERS - {"last", "next"}) | {"as", "after"}
"""Words that open the clause around a name, not the name: "But", "Instead", "As" (X notes)."""
_SPEAKER_BREAK = re.compile(
    rf"{CLAUSE_BREAK.pattern}|\s(?:what|whatever|whenever|wherever|if|unless|until|once)\s|"
    r"\s(?:after|before|since)\s(?=[A-Z]|the\s)|"
    r"(?-i:(?<=[a-z]{3}[.!?])(?<!Prof\.|Capt\.)\s(?=[A-Z]))",
    re.IGNORECASE,
)
"""Where the clause that holds a speaker begins: "prices rise whenever the bank says so", or
a sentence's end the splitter missed (inside a run-on quotation: "... Delhi. Mr Singh said")."""


def add_source_notes(article: Article) -> Article:
    """Return ARTICLE with numbered source notes and a marker after each attributed sentence."""
    authored = has_author_notes(article)
    if article.source_notes and article.editorial.empty and not authored:
        return article  # given with the input (a JSON article): kept as it is
    found = find_attributions(article_sentences(article)) if reads_language(article) else []
    found = apply_note_overrides(article, found)
    if authored:  # the author's footnotes, and the enricher's notes beside them
        return merge_author_notes(article, found)
    notes, marks = number_sources(found)
    body = insert_note_refs(strip_note_refs(article.body), marks)
    return article.model_copy(update={"source_notes": notes, "body": body})


def find_attributions(sentences: list[Sentence]) -> list[Attribution]:
    """Return the attributions of SENTENCES in reading order ("he said" resolved backwards)."""
    found: list[Attribution] = []
    full_names: dict[str, str] = {}  # a name's last word -> its first fuller mention so far
    last, opened = -2, 0  # the last sentence with an attribution, the last not inside a quote
    for index, sentence in enumerate(sentences):
        for source, cue in _sentence_sources(sentence.text):
            if source.lower() in PRONOUNS or source.split()[0].lower() in ("its", "their"):
                # "he said", "its spokesman told": the source of this or the sentence before,
                if found and last >= index - 1 and found[-1].sentence.block >= sentence.block - 1:
                    found.append(Attribution(found[-1].source, cue, sentence))
                elif source in ("he", "she") and cue.endswith(("say", "says", "said")):
                    # or the person one of them names: "Ek refused to comment. But she says"
                    named = named_subject(sentences[opened : index + 1], full_names)
                    if named:
                        found.append(Attribution(full_names.get(named, named), cue, sentence))
                continue
            whole = full_names.get(source, source) if source[:1].isupper() else source
            found.append(Attribution(whole, cue, sentence))
        quoting = last == index - 1 and sentence.text[:1] in '"\u201c'  # the quote goes on
        opened = opened if sentence.text[:1] in '"\u201c' else index  # "he said" after a quote
        if found and found[-1].sentence is sentence or quoting:
            last = index
        index_names(sentence.text, full_names)
    return found


def _sentence_sources(text: str) -> list[tuple[str, str]]:
    """Return (source, cue) for each attribution in one sentence."""
    if _CUE_WORDS.isdisjoint(re.findall(r"[a-z]+", text.lower())):
        return []  # no cue word: the patterns need not be tried
    results, named = _cue_sources(text)
    imperative = is_instruction(text)  # "Please note that ...": the verb opens, no one speaks
    spoke = 0  # where the last speech verb ended: the speaker of a nested one follows it
    for match in _AFTER_NAME.finditer(text):
        at = match.start()
        opening = len(words(text[:at])) <= 2
        if inside_quote(text, at) or imperative and opening or _HYPOTHETICAL.search(text, 0, at):
            continue
        if any(at + 1 in span for span in named):
            continue  # the noun "report" in "according to the audit report"
        name = _name_before(text[: match.start()]) or _coordinated(text[: match.start()])
        nested = _name_before(text[spoke : match.start()]) if spoke else ""  # "X said Ek noted"
        name = name or (nested if nested[:1].isupper() and words(nested)[0] != "The" else "")
        if match.group("verb") == "reported" and text[match.end() :].lstrip().startswith("from "):
            continue  # "Ana Ruiz reported from Kyiv": a credit line, not a claim
        if name:
            results.append((match.start(), name, " ".join(match.group(0).split())))
            spoke = match.end()
    results += _document_sources(text)
    quoting = list(_QUOTED_AS.finditer(text))
    for match in quoting:  # the outlet, then the speaker it quotes
        outlet = "" if inside_quote(text, match.start()) else _name_before(text[: match.start()])
        for at, name in ((match.start(), outlet), (match.start("name"), _clean(match["name"]))):
            results += [(at, name, "quoted")] if name and name.lower() not in PRONOUNS else []
    for match in _PARTICIPLE.finditer(text):  # "The agency denied it, saying ...": its subject
        if any(m.start() < match.start("verb") < m.end() for m in quoting):
            continue  # "X quoted Y as saying": both told above
        clause = text[: match.start()].rsplit(",", 1)[-1]  # the clause the participle follows
        acting = any(is_verb(words(clause), i) for i in range(len(words(clause))))
        name = _clean(match.group("doer") or join(subject(clause if acting else text, True)))
        noun = set(words(text[match.end() :])[:1]) & (_STRONG | _WEAK)  # "her thinking said"
        name = "" if inside_quote(text, match.start()) or noun else name
        results += [(match.start(), name, match.group("verb"))] if name else []
    spoken = {position for position, _, _ in results}  # one verb, one speaker
    for match in _BEFORE_NAME.finditer(text):
        name = "" if match.start("verb") - 1 in spoken else _clean(match.group("name"))
        if name and name.split()[0].lower() not in STOP_WORDS - {"the", "a", "an"}:
            results.append((match.start(), name, match.group("verb")))
    results.sort()
    unique: list[tuple[str, str]] = []
    for _, name, cue in results:
        if all(source_key(name) != source_key(other) for other, _ in unique):
            unique.append((name, cue))
    return unique


def _cue_sources(text: str) -> tuple[list[tuple[int, str, str]], list[range]]:
    """Return the sources named after a cue ("according to X") and where their names lie."""
    results: list[tuple[int, str, str]] = []
    named: list[range] = []  # where a cue's name lies: "according to the audit report"
    for match in (m for m in _LEADING_CUES.finditer(text) if not inside_quote(text, m.start())):
        tokens = words(match.group("name"))
        verb = next((i for i, t in enumerate(tokens) if i and t in _NAME_END), len(tokens))
        name = _clean(join(tokens[:verb]))  # "data from the board show ...": the name ends
        if name:
            results.append((match.start(), name, " ".join(match.group("cue").lower().split())))
            named.append(range(match.start("name"), match.end("name")))
    return results, named


def _document_sources(text: str) -> list[tuple[int, str, str]]:
    """Return the evidence that shows a finding ("polls showed") and who publishes a paper."""
    results: list[tuple[int, str, str]] = []
    for match in [*_EVIDENCE.finditer(text), *_PUBLISHED.finditer(text)]:
        name = "" if inside_quote(text, match.start()) else _name_before(text[: match.start()])
        paper = words(re.split(r"\s(?:of|on|in|by)\s", name)[0] or ".")[-1].lower() in DOCUMENTS
        if name and name.lower() not in PRONOUNS and (match.re is _PUBLISHED or paper):
            results.append((match.start(), name, match.group(1)))
    return results


def _coordinated(before: str) -> str:
    """Return the subject of a verb joined to the one before ("Ek saw the camp and says")."""
    name = join(subject(before, True)) if re.search(r"\s(?:and|but)\s*$", before) else ""
    opener = before[: before.lower().find(name.lower())].strip()  # not "On one page X ..."
    fits = opener.lower() in DETERMINERS | {""} or opener.endswith(",")  # "In Kabul, X ..."
    return _clean(name) if name and fits else ""


def _name_before(text: str) -> str:
    """Return the noun phrase that ends TEXT ("the letter to President Herzog")."""
    text = _RELATIVE.sub(",", text)  # "Doyle, who voted no, said": the clause says who he is
    if who := re.search(rf"({CAPITALISED_RUN.pattern}),\s+(?:who|which)(\s+{_ASIDE})?$", text):
        return _clean(who.group(1))  # "Queen Elizabeth II, who said", "The Army, which then said"
    text = re.sub(r"(?:,\s*\d{1,3})?,?\s*$", "", text)  # "Ada Okafor, 44, said"
    text = re.sub(r"\s*\([^()]*\)", "", text)  # "the Office ... (OCHA) and ...", "X (who ...)"
    clause = _name_clause(text)
    appositive = re.search(  # "Ann Lee, a nurse and the mother of two, said": both describe her
        r"(?:^|[,;:\"\u201c\u201d]\s*)([A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*)*),\s*"
        r"(?:(?:an?|the)\s[^,;:\"\u201c\u201d]*\sand\s+)?$",
        text[: len(text) - len(clause)],
    )
    titled = re.search(  # "Alliance leader Marta Quesada, a 52-year-old former mayor ..., said"
        r"(?:^|[,;:]\s*)((?:[\w\u2019'-]+\s+){1,3}[A-Z][\w\u2019'.-]*\s+[A-Z][\w\u2019'.-]*),\s*$",
        text[: len(text) - len(clause)],
    )
    name = _clean(clause)
    if not name and " who " in text and words(text)[-1].lower() not in STOP_WORDS:
        return _name_before(text[: text.rindex(" who ")])  # "Residents who left it said"
    if not appositive and titled and name and name.split()[0].lower() in ("a", "an", "the"):
        name = _clean(titled.group(1)) or name  # the name, not a description of its bearer
    elif appositive and _clean(appositive.group(1)) and name and _one_bearer(name):
        name = f"{appositive.group(1)}, {name}"  # "Kari Nesse, transport spokeswoman for ..."
    elif appositive and not name and clause.strip()[:1].islower():
        name = _clean(appositive.group(1))  # "Frank Doyle, one of two members who ..., said"
    return name


def _one_bearer(phrase: str) -> bool:
    """Tell whether PHRASE describes a person ("a nurse"), not "(Kentucky,) the Pentagon"."""
    tokens = words(phrase)
    head = next(
        t for t, n in zip(tokens, [*tokens[1:], ","], strict=True) if n in PREPOSITIONS | {","}
    )
    return head.islower() and head not in PRONOUNS and not re.search(r"[^s]s$", head)


def _name_clause(text: str) -> str:
    """Return the last clause of TEXT; an "and" in a name or between nouns joins ("Lee and Ng")."""
    cut = 0
    for match in _SPEAKER_BREAK.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        joined = match.group(0).strip().lower() == "and" and (
            re.search(r"[A-Z][\w.\u2019']*$", before)
            and after[:1].isupper()
            or re.search(r"\b(?:of|for|on|about|[a-z]{3,}ing)\s+[a-z][\w-]*$", before)
            and re.match(r"[a-z]", after)
            and words(after)[0] not in DETERMINERS | PRONOUNS
        )
        if not joined:
            cut = match.end()
    return text[cut:]


def _clean(phrase: str) -> str:
    """Return PHRASE as a source name, or "" when it names nobody (see `fits_speaker`)."""
    phrase = " ".join(phrase.split())
    phrase = TIME_AT_END.sub("", phrase.strip(" ,"))  # "the Resolution Foundation last month"
    tokens = words(phrase)
    while tokens and tokens[0].lower() in _OPENING:
        tokens = tokens[1:]  # "But both agencies said", "Although no group", a lead's "AS"
    if re.match(r"(?:the|an?) [a-z][\w-]* (?:the|an?) ", join(tokens)):
        tokens = tokens[2:]  # "(after) the talks the mayor said": the second phrase speaks
    if len(tokens) == 1 and tokens[0].lower() in PRONOUNS:
        return tokens[0].lower()
    while len(tokens) > 1 and tokens[-1].endswith("ly") and not fits_speaker(tokens[-1:]):
        tokens = tokens[:-1]  # "Ruiz strongly denied": the adverb goes with the verb (not "family")
    if not tokens or tokens[0].lower() in PREPOSITIONS or tokens[-1].lower() in STOP_WORDS:
        return ""  # "from the broadcast or from news", "Many of them", "data to (tell)"
    if _ANYONE.match(join(tokens)) or _COUNT.match(tokens[0]):
        return ""  # "another company", "every few months another firm": nobody in particular
    papers = _PAPERS.match(join(tokens))
    if papers and papers.group("by") and fits_speaker(words(join(tokens)[papers.end() :])):
        tokens = words(join(tokens)[papers.end() :])  # "figures from the Statistics Office"
    if not trim(tokens):
        return ""
    if papers and not papers.group("by") and not any(t.isdigit() for t in tokens):
        return join(tokens)
    if any(
        is_verb(tokens, i) and not (i and t[:1].isupper()) or _CONTRACTED.search(t)
        for i, t in enumerate(tokens)
    ):  # a name holds no verb ("Police say officers", "We're"); "Ahmed", "United" are names
        return ""
    return join(tokens) if fits_speaker(tokens) else ""
