"""Who speaks: the nearest noun phrase that can speak, found with a generated verb lexicon.

Every sentence here is written for the test; each case stands for a class of attributions seen
in several real news texts (see the rule each test names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.enrich.attributions import _sentence_sources
from publish.enrich.phrases import words
from publish.enrich.sources import fits_speaker, is_speaker_noun, plurals, same_source
from tests.enriched import enriched


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # claim verbs take an object and still name their source (`_STRONG`)
        ("Tomas Vehko predicted a wet spring for the valley.", [("Tomas Vehko", "predicted")]),
        (
            "Constable Ines Farr reported two break-ins overnight.",
            [("Constable Ines Farr", "reported")],
        ),
        ("The ferry firm expects a busy summer.", [("The ferry firm", "expects")]),
        # naming verbs before a quoted label (`_NAMING`)
        ("Ula Brandt called the repairs 'overdue'.", [("Ula Brandt", "called")]),
        (
            "The regulator described the outage as \u201cunacceptable\u201d on Friday.",
            [("The regulator", "described")],
        ),
        # papers and where they came from (`_LEADING_CUES`, the "data" cue)
        (
            "(Sources: court records obtained from the county clerk.)",
            [("the county clerk", "obtained from")],
        ),
        (
            "Figures supplied by the port authority show fewer sailings.",
            [("the port authority", "supplied by")],
        ),
        # inverted order, every form of the lexicon (`_INVERTED`)
        ('"Not this year," replied the harbourmaster.', [("the harbourmaster", "replied")]),
        ('"It is late," observed Dr. Oona Brisk, a historian.', [("Dr. Oona Brisk", "observed")]),
    ],
)
def test_reporting_verbs_of_every_kind(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an opening adverb or a clause word is not the speaker (`_OPENING`, `_SPEAKER_BREAK`)
        ("Instead, the ombudsman said the fees were fair.", [("the ombudsman", "said")]),
        ("Meanwhile engineers warned of cracks.", [("engineers", "warned")]),
        ("Fares climb whenever the rail company says so.", [("the rail company", "says")]),
        ("That's just what the union said would happen.", [("the union", "said")]),
        # a parenthesis between the speaker and the verb (`_name_before`)
        (
            "Reviewer Ida Sorel (who had tested the board herself) noted that it ran hot.",
            [("Reviewer Ida Sorel", "noted")],
        ),
        # a reporting verb used as a noun inside a cue's name (`named` spans)
        (
            "According to the safety report, two valves leaked.",
            [("the safety report", "according to")],
        ),
    ],
)
def test_the_speaker_is_the_nearest_fitting_phrase(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # the head of the phrase is no person, body or document (`fits_speaker`)
        "The novels tell us a great deal about the era.",
        "The mix of rain and wind said nothing good about the harvest.",
        "A studio's latest puzzle series tells players little.",
        "The rapid economic recovery suggested that jobs would follow.",
        # a possessive opens another phrase: "said Ruiz's letter" is not Ruiz
        "Okafor, the chair, said Ruiz\u2019s \u201chasty plan\u201d had failed.",
        # a bare document or a bare singular noun names no one in particular
        "Research shows that sleep matters.",
        "Studies suggest that the drug works.",
        # speech only supposed (`_HYPOTHETICAL`), a reporter's credit line
        "The page will change if the ministry responds.",
        "Ana Ruiz reported from Tallinn.",
    ],
)
def test_phrases_that_cannot_speak_are_no_sources(sentence: str) -> None:
    assert [s for s, _ in _sentence_sources(sentence) if s not in ("Okafor, the chair",)] == []


def test_speaker_nouns_are_generated_and_recognised_by_their_ending() -> None:
    assert {"agencies", "spokesmen", "bosses", "chairpeople"} <= plurals(
        "agency spokesman boss chairperson"
    )
    for noun in ("campaigners", "economist", "physicians", "analysts", "filings", "ministry"):
        assert is_speaker_noun(noun), noun
    for noun in ("novels", "recovery", "humans", "mixture"):
        assert not is_speaker_noun(noun), noun
    assert fits_speaker(words("the letter to the governor"))
    assert fits_speaker(words("de Vries"))
    assert not fits_speaker(words("Ruiz\u2019s"))


def test_a_name_with_a_description_is_one_source() -> None:
    assert same_source("Ortiz, the party leader", "Ortiz")
    assert same_source("Ortiz", "Lena Ortiz, the party leader")
    assert not same_source("Amazon", "Amazon founder Jeff Bezos")  # a role, not a name


def test_aliases_within_an_article_keep_one_note(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text(
        "---\ntitle: Port strike\ndate: 2026-02-03\n---\n\n"
        "Sailings fell by half, the Coastal Shipping Authority (CSA) said on Monday.\n\n"
        "Dockers walked out at dawn.\n\n"
        "CSA said the backlog would clear by Friday.\n\n"
        "Union leader Mina Park said talks had stalled. Park, the union's leader since "
        "2019, said members would vote again.\n",
        encoding="utf-8",
    )
    notes = [(n.source, n.mentions) for n in enriched(story).source_notes]
    assert notes == [
        ("the Coastal Shipping Authority", 2),  # "(CSA)": the acronym names it again
        ("Union leader Mina Park", 2),  # "Park, the union's leader": her surname
    ]


def _notes(text: str) -> list[tuple[str, int]]:
    """Return (source, mentions) of the notes a one-paragraph-per-line story gets."""
    import datetime as dt

    from publish.enrich.attributions import add_source_notes
    from publish.model import Article, Paragraph, Text

    body = tuple(Paragraph(inlines=(Text(text=line),)) for line in text.split("\n"))
    article = Article(headline="Story", date=dt.date(2026, 3, 1), body=body)
    return [(n.source, n.mentions) for n in add_source_notes(article).source_notes]


@pytest.mark.parametrize(
    ("new", "known"),
    [
        ("Mr Lindqvist", "Geologist Eva Lindqvist"),
        ("President Oduya", "President General Samuel Oduya"),
        ("Dr. Haller", "The clinic's Mark Haller"),
        ("Mrs Brandt", "Ula Brandt, the incident controller for the coast"),
    ],
)
def test_a_title_before_a_surname_names_the_person_again(new: str, known: str) -> None:
    assert same_source(new, known)


def test_a_title_does_not_join_two_surnames() -> None:
    assert not same_source("Mr Lind", "Finance Minister Bo Hale")
    assert not same_source("President Oduya", "Oduya Holdings")  # a body, not a surname


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # a capitalised word inside a name is no verb, whatever its ending
        ('"The border stays shut," ministry spokesman Tariq Ahmed Rana said.', "Tariq Ahmed Rana"),
        ("Harrow Foods Limited said profits fell.", "Harrow Foods Limited"),
        ("Leeds United said the stand would reopen.", "Leeds United"),
    ],
)
def test_capitalised_words_ending_in_ed_are_names(sentence: str, source: str) -> None:
    [(name, _)] = _sentence_sources(sentence)
    assert name.endswith(source), name


def test_a_sentence_end_the_splitter_missed_bounds_the_speaker() -> None:
    """A run-on quotation can leave two sentences as one: the speaker is in the second."""
    sentence = (
        "The ferries were held in port at Tallinn and Helsinki. Mr Rask said the crossing "
        "would reopen."
    )
    assert _sentence_sources(sentence) == [("Mr Rask", "said")]
    assert _sentence_sources("Prof. Ida Sorel said the ice was thin.") == [
        ("Prof. Ida Sorel", "said")
    ]


def test_an_acronym_in_parentheses_stays_inside_the_name() -> None:
    sentence = (
        "The survey by the Polar Research Unit (PRU) and Nordic shipping body Sjofart Norden, "
        "says the ice will thin."
    )
    [(name, _)] = _sentence_sources(sentence)
    assert name == "the Polar Research Unit and Nordic shipping body Sjofart Norden"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The ministry rejected the report, saying no troops had moved.", "the ministry"),
        ("Earlier on Monday, Oduya apologised, saying the delay \u201cwas mine\u201d.", "Oduya"),
        (
            "Union chief Ann Berg stayed calm, telling members after the vote that talks would "
            "go on.",
            "Union chief Ann Berg",
        ),
    ],
)
def test_a_reporting_participle_after_the_clause_names_its_subject(
    sentence: str, source: str
) -> None:
    assert _sentence_sources(sentence) == [
        (source, "saying" if "saying" in sentence else "telling")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm hit the coast, adding to the damage of the spring floods.",
        "Prices rose, showing that demand held.",
        "The storm hit the coast, claiming that many boats were lost.",
    ],
)
def test_a_participle_of_a_thing_names_no_source(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


def test_he_says_after_a_named_person_who_is_not_yet_a_source() -> None:
    story = (
        "The Trade Minister Ola Berg has refused to say when talks resume. But he says the "
        "offer stands.\n"
        "Harbour pilot Nils Ek made a discovery on his last shift. \u201cThe buoy had moved,\u201d"
        " he says."
    )
    assert _notes(story) == [
        ("the Trade Minister Ola Berg", 1),
        ("Harbour pilot Nils Ek", 1),
    ]


def test_he_said_after_a_quotation_of_several_sentences_names_who_opened_it() -> None:
    # the person is named, then quoted over two sentences that begin with a quotation mark,
    # and only then "he said" (lee-146): the quote's sentences do not hide the name
    story = (
        "Coach Ruben Alves is not reading much into the draw. \u201cWe were lucky in the end."
        " \u201cThe second half was poor and we know it,\u201d he said."
    )
    assert _notes(story) == [("Coach Ruben Alves", 1)]


def test_he_says_after_a_place_or_a_thing_names_no_one() -> None:
    story = (
        "The United States sent two ships. He says more will follow.\n"
        "Fresh fillets sell for $24 a pound. He said there is no profit in it.\n"
        "Soon after, the port closed. She said it was safe."
    )
    assert _notes(story) == []


def test_a_quotation_that_goes_on_keeps_its_speaker() -> None:
    story = (
        'Mayor Ines Farr said the works would end in May. "We found more pipes than planned."'
        ' "It will be worth the wait," she said.'
    )
    assert _notes(story) == [("Mayor Ines Farr", 2)]


def test_titled_mentions_of_one_person_share_a_note() -> None:
    story = (
        "Geologist Eva Lindqvist says the shelf is thinning.\n"
        '"We have ten years at most," Dr Lindqvist said.\n'
        "Mr Tomas Berg, the harbour master, says boats are ready. Mr Berg says the port is safe."
    )
    assert _notes(story) == [
        ("Geologist Eva Lindqvist", 2),
        ("Mr Tomas Berg, the harbour master", 2),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a reporting verb joined to the verb before it names the sentence's subject
        # (`_coordinated`): "X did something and says ..." is common wire style
        (
            "The harbour master inspected the pier and says it will reopen in May.",
            [("the harbour master", "says")],
        ),
        (
            "Rescuers searched the valley overnight but say no climbers were found.",
            [("Rescuers", "say")],
        ),
        (
            "In Oslo, Nina Berg left the talks early and said they had failed.",
            [("Nina Berg", "said")],
        ),
        # the clause before the verb opens with a preposition: its noun is no subject
        ("On one forum a user posted photos and wrote that the dam had cracked.", []),
    ],
)
def test_a_verb_joined_to_the_one_before_names_the_subject(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a reported clause without "that" (`_CLAUSE`): a subject, then a finite verb
        (
            "The ministry has confirmed two guards were hurt in the riot.",
            [("The ministry", "has confirmed")],
        ),
        (
            "Harbour officials believe the storm will pass by Friday.",
            [("Harbour officials", "believe")],
        ),
        ("The agency admits there is a backlog of claims.", [("The agency", "admits")]),
        # a plain object is no reported clause: these verbs also act
        ("The hospital admitted six patients overnight.", []),
        ("Liu found herself alone on the ridge.", []),
        ("Kovac added a second goal in the final minute.", []),
        # a verb that is also a document noun reports only before "that" or the end
        ("Preliminary reports suggested a gas leak.", [("Preliminary reports", "suggested")]),
        ("The audit report was sent to the board in May.", []),
    ],
)
def test_a_reported_clause_without_that(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one verb has one speaker: no inverted reading where a subject was found
        (
            "Ferry operator Ana Moss, 51, says the crossing carries fewer cars.",
            [("Ferry operator Ana Moss", "says")],
        ),
        (
            "In Lyon, Marc Dufour, the regional governor, announced the closure on Monday.",
            [("Marc Dufour, the regional governor", "announced")],
        ),
    ],
)
def test_one_verb_has_one_speaker(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an aside between the speaker and the verb stays out of the name (`_RELATIVE`)
        (
            "A navy spokesman, in a statement issued overnight, said two ships were damaged.",
            [("A navy spokesman", "said")],
        ),
        (
            "The wire agency, quoting local police, said the road was blocked.",
            [("The wire agency", "said")],
        ),
        (
            "Trade envoy Ruth Abara, speaking after the summit, said the deal was close.",
            [("Trade envoy Ruth Abara", "said")],
        ),
        # a participle after the speaker's noun is part of the name (`_postmodifier`)
        (
            "Observers monitoring the vote said turnout was low.",
            [("Observers monitoring the vote", "said")],
        ),
        (
            "A nurse working for the relief mission said six children were treated.",
            [("A nurse working for the relief mission", "said")],
        ),
        # a restrictive "who" clause between the speaker and the verb is skipped
        ("Farmers who fled the floods confirmed that the levee broke.", [("Farmers", "confirmed")]),
        # "quoted as saying" names the subject; a progressive verb reports too
        (
            "The governor was quoted by state radio as saying the border would stay shut.",
            [("the governor", "saying")],
        ),
        (
            "Local television is reporting that the mayor has resigned.",
            [("Local television", "is reporting")],
        ),
    ],
)
def test_the_speaker_around_asides_and_participles(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # a place before a trailing "X said" is no description of the speaker
        ("The blast hit a mill in Tarsk, Vermont, officials said.", "officials"),
        ("The crew was based at Camp Orr, Nevada, the Army said.", "the Army"),
        # but a description of one person still joins the name before it
        ("The vote was close, Mila Horn, a council clerk, said.", "Mila Horn, a council clerk"),
        # the participle after a clause names that clause's subject, not a clause before it
        (
            "After the jets struck the port, the premier gave a speech, telling voters that "
            "the war had begun.",
            "the premier",
        ),
    ],
)
def test_a_place_or_a_clause_before_the_speaker_stays_out(sentence: str, source: str) -> None:
    assert [name for name, _ in _sentence_sources(sentence)] == [source]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # broadcasters, panels, bulletins, medics, guards and families speak (`BODIES`,
        # `DOCUMENTS`, `PEOPLE`); a noun ending in -ly is no adverb
        ("Troops fired on the camp overnight, army radio said.", "army radio"),
        ("A panel of experts has confirmed that the cow had the disease.", "A panel of experts"),
        ("The bank's monthly bulletin says exports rose.", "The bank's monthly bulletin"),
        ("Tanks shelled the town at dawn, local medics said.", "local medics"),
        ("The miner's family told reporters he was alive.", "The miner's family"),
        # a denial names its source with any object
        ("Two prison guards denied any wrongdoing.", "Two prison guards"),
    ],
)
def test_speaker_nouns_and_denials(sentence: str, source: str) -> None:
    assert [name for name, _ in _sentence_sources(sentence)] == [source]


def test_he_said_after_a_quotation_goes_back_to_the_person_named_before_it() -> None:
    # a named person's quoted words run over a sentence with no cue, then "he said": the speaker
    # is the person the story named last, up to three sentences back (the fourth Lee batch)
    story = (
        "Coach Dara Quinlan is not reading much into the draw. \u201cWe have played them twice "
        "this year.\u201d \u201cIt will come down to the last ten minutes,\u201d he said.\n"
        "Osama bin Rashid sent a letter to the court. \u201cI will not attend,\u201d he said."
    )
    assert _notes(story) == [("Coach Dara Quinlan", 1), ("Osama bin Rashid", 1)]
