"""Source notes on news nobody here wrote (issue #13): each class of case seen in three or more
stories, tested on sentences of our own."""

from __future__ import annotations

import pytest

from publish.enrich.attributions import _sentence_sources
from publish.enrich.sources import same_source


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a study or a count that "has found" or "has shown" a finding is its source, like one
        # that "found" it; the head of the phrase is the document ("report on the harbour")
        (
            "A new survey of nurses has found one in three plans to quit.",
            [("A new survey of nurses", "found")],
        ),
        (
            "The latest report on the harbour has shown rising silt levels.",
            [("The latest report on the harbour", "shown")],
        ),
        ("Two studies have found higher rates in rural towns.", [("Two studies", "found")]),
        # people and teams that find things are not documents: finding is no claim
        ("Rescuers have found two climbers.", []),
        ("The team has found a new site for the stadium.", []),
    ],
)
def test_a_finding_after_an_auxiliary_names_its_document(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("new", "known"),
    [
        # a senator, a professor, an inspector named again by title and surname is one person
        ("Senator Hale", "Defence Minister Anna Hale"),
        ("Professor Ruiz", "professor Dora Ruiz"),
        ("Chief Inspector Voss", "Chief Inspector Lena Voss"),
        ("Commissioner Obi", "Police Commissioner Tayo Obi"),
    ],
)
def test_a_title_and_surname_name_the_person_again(new: str, known: str) -> None:
    assert same_source(new, known)


def test_two_people_of_one_surname_stay_two() -> None:
    assert not same_source("Dora Hale", "Defence Minister Anna Hale")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # declaring a state of emergency or a war is an act, not a statement: no source
        ("The council has declared a state of emergency.", []),
        ("The government declared war on its neighbour.", []),
        # declaring that something is so, or a quotation's "declared", is speech
        (
            "The minister declared that the talks were over.",
            [("The minister", "declared")],
        ),
        ('"We have won," the mayor declared.', [("the mayor", "declared")]),
    ],
)
def test_a_declared_act_is_no_statement(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["The hearing continues.", "More cases may be found as the national test continues."],
)
def test_a_process_that_continues_says_nothing(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "and" between the nouns after a preposition or a participle joins them: the speaker is
        # the whole phrase, its head the survey or the association
        (
            "A survey of reading and maths skills among pupils has shown a sharp fall.",
            [("A survey of reading and maths skills among pupils", "shown")],
        ),
        (
            "But the council representing bus and tram drivers says the talks failed.",
            [("the council representing bus and tram drivers", "says")],
        ),
        # a review of a thing is no speaker: no note for "health records"
        (
            "The audit says a review of staff and health records shows gaps.",
            [("The audit", "says")],
        ),
        # "and" after a verb still opens the speaker's clause
        ("Prices rose and economists said more rises were likely.", [("economists", "said")]),
    ],
)
def test_and_between_nouns_of_a_phrase_joins_them(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an appeal is a claim: "called on", "are calling on", "urged"
        (
            "Parent advocates have called on the head to resign.",
            [("Parent advocates", "have called on")],
        ),
        (
            "Rights groups are calling on the minister to quit.",
            [("Rights groups", "are calling on")],
        ),
        ("Nurses urged the board to reopen the ward.", [("Nurses", "urged")]),
        # "called" alone is no appeal
        ("The coach called a meeting for Friday.", []),
    ],
)
def test_an_appeal_names_its_source(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "with X saying" gives the speech to X, the subject of the participle
        (
            "The hearing slipped to March, with her advisers arguing that the files came late.",
            [("her advisers", "arguing")],
        ),
        (
            "The plan drew fire in the senate, with Governor Ana Ruiz saying it was unlawful.",
            [("Governor Ana Ruiz", "saying")],
        ),
    ],
)
def test_with_a_speaker_saying(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


def test_a_capitalised_name_is_no_description_of_another_body() -> None:
    # "the government" may name the one before; "The Federal Government" names its own
    assert same_source("the government", "The State Government")
    assert not same_source("The Federal Government", "The State Government")


def test_expecting_crowds_is_no_claim() -> None:
    assert _sentence_sources("The resort owner is expecting hundreds of guests.") == []
    assert _sentence_sources("Doctors are warning of a long flu season.") == [
        ("Doctors", "are warning")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # rejecting or dismissing what others said (claims, criticism) is a reply: a source
        (
            "A spokeswoman has rejected reports that the depot is to shut.",
            [("A spokeswoman", "has rejected")],
        ),
        ("Mayor Ida Lund dismissed the criticism as unfair.", [("Mayor Ida Lund", "dismissed")]),
        # rejecting an offer or a plan is an act
        ("The board rejected the offer.", []),
        ("Nurses have rejected the new rosters.", []),
    ],
)
def test_rejecting_what_was_said_is_a_reply(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a named speaker inside what another said is a source too: the nearest name after
        # the first speech verb
        (
            "Mr Ross said Ms Kerr noted that the fund was short of cash.",
            [("Mr Ross", "said"), ("Ms Kerr", "noted")],
        ),
        (
            "The report says Mr Dalal says the border is calm.",
            [("The report", "says"), ("Mr Dalal", "says")],
        ),
        # a man or a crowd inside the speech names nobody: the first speaker alone
        ("Police say the man told officers he was lost.", [("Police", "say")]),
    ],
)
def test_a_named_speaker_inside_speech(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


def test_forces_that_claim_are_a_source() -> None:
    # armed forces speak as a body ("tribal forces claimed", "security forces said")
    assert _sentence_sources("By dawn, government forces claimed they had taken the bridge.") == [
        ("government forces", "claimed")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "NAME, who said" and "NAME, which (then) said" give the speech to the name before
        (
            "The day was marked by Governor Ana Ruiz, who said the worst was over.",
            [("Governor Ana Ruiz", "said")],
        ),
        (
            "The Border Police, which during the day said the road was open, shut it at night.",
            [("The Border Police", "said")],
        ),
        # "which the minister said": the minister speaks
        ("The plan, which the minister said was costly, failed.", [("the minister", "said")]),
    ],
)
def test_a_relative_pronoun_speaks_for_the_name_before(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a stance taken on a plain object states it (lee-034, 116, 128, 138, 184, 190, 206,
        # 250, 295): accusing, applauding, expressing regret, promising, stressing, criticising
        (
            "The harbour board has accused the ferry firm of hiding repair costs.",
            [("The harbour board", "has accused")],
        ),
        ("Cyclists have applauded the new bridge lane.", [("Cyclists", "have applauded")]),
        (
            "Port Minister Hana Vik has expressed her anger at the delay.",
            [("Port Minister Hana Vik", "has expressed")],
        ),
        ("The mayor promised a full review of the tender.", [("The mayor", "promised")]),
        ("Judge Omar Reyes stressed the limits of his ruling.", [("Judge Omar Reyes", "stressed")]),
        # their gerunds after "is" or "are", an adverb between (lee-185)
        (
            "Teachers are already expressing doubts about the exam.",
            [("Teachers", "are already expressing")],
        ),
        # a participle with "of", "to" or "for" after it is no stance taken: "the man accused of"
        ("The man accused of arson appeared in court.", []),
        ("Staff were praised for their calm.", []),
        ("The skipper, who hailed from a fishing town, was 40.", []),
        # welcoming people is an act: "welcome" is left out of the stances
        ("The college welcomed 300 new students this year.", []),
        ("The losses blamed on the drought hit small farms.", []),
    ],
)
def test_a_stance_on_a_plain_object_is_a_statement(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the participle of a reporting or stance verb before "by" names who spoke (lee-116, 148,
        # 200, 294): told, hailed, spelt out; the name stops before "as" and "of" + gerund
        (
            "The club was told by league officials that its ground was unsafe.",
            [("league officials", "told by")],
        ),
        (
            'The deal was hailed by trade envoy Rosa Tamm as "a fair start".',
            [("trade envoy Rosa Tamm", "hailed by")],
        ),
        (
            "The terms were spelt out by spokesman Ivo Rann.",
            [("spokesman Ivo Rann", "spelt out by")],
        ),
        (
            "The captain, accused by the owners of sinking the boat, kept silent.",
            [("the owners", "accused by")],
        ),
        # nor does it run into an infinitive after the name
        ("The skipper was told by medics to stay ashore.", [("medics", "told by")]),
    ],
)
def test_a_reporting_participle_before_by_names_the_speaker(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a warning, an ultimatum, a plea from someone is their speech (lee-157, 185, 197)
        (
            "The strike came despite a warning from the fire chief that roads were blocked.",
            [("the fire chief", "warning from")],
        ),
        (
            "Talks stalled after an ultimatum from mediator Lars Holm.",
            [("mediator Lars Holm", "ultimatum from")],
        ),
        # the name ends at a verb after it
        (
            "A plea from the driver's father was read to the court.",
            [("the driver's father", "plea from")],
        ),
        # a thing from a place says nothing, nor does demand from buyers or a threat from a gang
        ("A parcel from the city arrived late.", []),
        ("Demand from Asian buyers lifted wool prices.", []),
        ("The threat from the Red Hand gang kept shops shut.", []),
    ],
)
def test_a_speech_noun_from_a_speaker_names_it(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a call for something is an appeal, as a call on someone is (lee-066, 087, 261, 267)
        (
            "The safety office has called for tighter checks on old cranes.",
            [("The safety office", "has called for")],
        ),
        (
            "Farm groups are calling for cheaper water.",
            [("Farm groups", "are calling for")],
        ),
        # the noun "calls for" after a determiner, a plan that calls for homes: no speaker
        ("The calls for help went unanswered.", []),
        ("The plan calls for 200 new homes.", []),
    ],
)
def test_a_call_for_something_is_an_appeal(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the speaker's clause opens after "after", "before" or "since" (lee-250, 283)
        (
            "Boats left the bay at dawn, after harbour master Ana Pol warned of a storm.",
            [("harbour master Ana Pol", "warned")],
        ),
        (
            "After the port authority demanded repairs, the ferry stopped.",
            [("the port authority", "demanded")],
        ),
        # a gerund's clause after "after" is no name (lee-044); of two phrases side by side
        # the second is the speaker
        ("Gunmen hid in a barn after raiding a depot, farmers said.", [("farmers", "said")]),
        ("Fares rose after the talks the mayor said had failed.", [("the mayor", "said")]),
    ],
)
def test_a_speaker_inside_a_clause_of_time(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "reports" unqualified are press reports, a source (lee-085, 243); "from the area"
        # tells where they come from, not who wrote them
        ("Reports say the road to the pass is shut.", [("Reports", "say")]),
        (
            "Reports from the valley say the river has burst its banks.",
            [("Reports from the valley", "say")],
        ),
        # a weak verb that is also a document noun attributes before a clause (lee-062)
        (
            "The agency reports two ferries collided off the cape.",
            [("The agency", "reports")],
        ),
        # a clause without "that" whose verb is a negated auxiliary (lee-187)
        ("The union maintains it cannot pay more.", [("The union", "maintains")]),
        # the clause's subject may carry a phrase with "of", "at", "from" before its auxiliary
        # (lee-137, 153)
        (
            "Nurse Ida Holm fears half the beds at the clinic will close.",
            [("Nurse Ida Holm", "fears")],
        ),
        (
            "Neighbours confirmed a cousin of the missing skipper had left town.",
            [("Neighbours", "confirmed")],
        ),
        # an infinitive is no clause: "thought to have ..." says nothing
        ("A driver thought to have fled at dawn was found in the woods.", []),
        ("The union maintains higher pay.", []),
    ],
)
def test_press_reports_and_clauses_without_that(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # describing, branding or labelling a thing "as" something judges it (lee-064, 263,
        # seattletimes-1), as a quoted name does
        (
            "Councillor Rita Moss has described the new bus timetable as a mess.",
            [("Councillor Rita Moss", "has described")],
        ),
        ("The auditors branded the accounts as unreliable.", [("The auditors", "branded")]),
        # "as" far beyond the verb, or "called" with "as well", names nothing
        ("The firm now called Lumo has a long history with the town as well.", []),
    ],
)
def test_describing_a_thing_as_something_is_a_judgement(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a verb of stance with a plain object takes a position: its subject is a source (the
        # fourth Lee batch: regret expressed, an accusation, a sentence applauded, a call for
        # attacks, independence stressed)
        ("Dock workers have applauded the new safety rules.", [("Dock workers", "have applauded")]),
        ("The mayor accused the council of wasting money.", [("The mayor", "accused")]),
        ("The ferry company has expressed regret.", [("The ferry company", "has expressed")]),
        ("Farmers are demanding a fairer price.", [("Farmers", "are demanding")]),
        ("The tenants' group called for a rent freeze.", [("The tenants' group", "called for")]),
        (
            "Judge Mara Quill has stressed that the inquiry is open.",
            [("Judge Mara Quill", "has stressed")],
        ),
        ("The council has promised a full review.", [("The council", "has promised")]),
        # the participle of a stance verb before "of", "to" or "for" describes its noun
        ("The driver accused of speeding was fined.", []),
        ("A school praised for its meals has closed.", []),
        # of the verbs that are nouns too, only the past form: "Union demands rose"
        ("Union demands rose sharply this year.", []),
    ],
)
def test_a_verb_of_stance_names_its_subject(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # any attributing verb's participle before "by" names the source, its forms generated
        ("The harbour board was told by the port authority that berths were full.", "told by"),
        ("The plan was praised by the nurses' union.", "praised by"),
        ("A rise in fares is expected by the transport office.", "expected by"),
    ],
)
def test_a_passive_reporting_verb_names_its_agent(sentence: str, cue: str) -> None:
    assert [found[1] for found in _sentence_sources(sentence)] == [cue]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # unnamed news reports are the story's source ("Reports say", "Reports from the coast
        # say"): papers from a place are the papers, not the place
        ("Reports say the bridge has gone.", [("Reports", "say")]),
        ("Reports from the valley say two roads are shut.", [("Reports from the valley", "say")]),
        # papers from a body that can speak are that body's
        ("Figures from the Statistics Office say rents rose.", [("the Statistics Office", "say")]),
    ],
)
def test_news_reports_are_a_source(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an adverb inside the verb group leaves the speaker in front of it
        ("Nurses are already warning of longer queues.", [("Nurses", "are already warning")]),
        ("The insurer has again denied the claim.", [("The insurer", "has again denied")]),
        ("Growers had publicly urged a ban.", [("Growers", "had publicly urged")]),
    ],
)
def test_an_adverb_inside_the_verb_group(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


def test_a_clause_with_cannot_after_a_weak_verb_is_a_claim() -> None:
    # "maintains it cannot afford": a negated modal opens the reported clause like "can"
    assert _sentence_sources("Harbour Air maintains it cannot afford a rise.") == [
        ("Harbour Air", "maintains")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a wire report names whom it relies on after "citing": officials, a document, a bank
        (
            "The agency put the toll at 40, citing hospital officials in the port.",
            [("hospital officials", "citing")],
        ),
        (
            "Prices will rise again next year, citing the central bank.",
            [("the central bank", "citing")],
        ),
        # "in the words of" quotes its speaker as "said" does
        (
            "Ships were turned back at the strait, in the words of Captain Mira Osei, like cattle.",
            [("Captain Mira Osei", "in the words of")],
        ),
        # what a decision cites as its reason is no source
        ("The ministry delayed the vote, citing a shortage of ballot papers.", []),
        # "as told to" credits the writer of a memoir, not a source of the story
        ("His memoir, as told to the journalist Dana Reyes, sold 20,000 copies.", []),
    ],
)
def test_citing_and_in_the_words_of_name_the_source(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an anonymous source described by what it is close to or knows speaks (web news pages:
        # a person close to a family, people with knowledge of a deal, people familiar with plans)
        (
            "The board chose to keep the coach, a person close to the owners said.",
            [("a person close to the owners", "said")],
        ),
        (
            "The bank parked its cash in bonds, said people with firsthand knowledge of the trades.",
            [("people with firsthand knowledge of the trades", "said")],
        ),
        (
            "People familiar with her plans said that she will run for mayor.",
            [("People familiar with her plans", "said")],
        ),
        (
            "Sources close to the club said the striker would stay.",
            [("Sources close to the club", "said")],
        ),
        # "his thinking" before the verb is a noun, not a speaker's participle
        (
            "In the long run, people familiar with his thinking said he will retire.",
            [("people familiar with his thinking", "said")],
        ),
        # bare "people" is nobody in particular; a document's history is no person
        ("Local people said the river rose fast.", []),
        ("An earlier version of this story stated the mayor was ill.", []),
    ],
)
def test_an_anonymous_source_described_by_what_it_knows(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure set off by commas is a count or an age, not the speaker (a poll's share,
        # a person's age, a share of a group)
        "Nearly all the insiders polled, 91 percent, expect the senator to win.",
        "The clerk, then 23, told her manager she would quit.",
        "Police said 12 of them, all farm workers, told the court they had been cheated.",
    ],
)
def test_a_figure_is_no_speaker(sentence: str) -> None:
    assert all(not name[0].isdigit() for name, _ in _sentence_sources(sentence))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # reporting verbs the lexicon lacked, before a clause or the sentence's end (a
        # publicist's retort, a report that anticipates a figure, a manager who explained why)
        ('"That is not true," a spokeswoman retorted.', [("a spokeswoman", "retorted")]),
        (
            "A new report from Fieldstone anticipates that sales will double.",
            [("Fieldstone", "anticipates")],
        ),
        (
            "In a blog post, Mara Quist, head of the plant, explained why it chose to close early.",
            [("Mara Quist, head of the plant", "explained")],
        ),
        (
            "The manager later clarified that the striker was fit.",
            [("The manager", "later clarified")],
        ),
        # not a claim: explaining a thing, anticipating an event
        ("The guide explained the rules to us.", []),
        ("Shops anticipate a busy week.", []),
    ],
)
def test_reporting_verbs_of_the_wider_lexicon(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("new", "known", "same"),
    [
        # "the Fed", "the police" name a body, not the person whose title holds its name
        ("the Fed", "Fed Chair Lena Moss", False),
        ("the police", "Sergeant Ann Bly of the Ashford Police Department", False),
        # a title alone names the titled person; a body's head word names the body
        ("the President", "President Ada Vance", True),
        ("the agency", "the Coastal Survey Agency", True),
    ],
)
def test_a_body_is_not_the_person_titled_after_it(new: str, known: str, same: bool) -> None:
    assert same_source(new, known) is same


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an outlet that quotes a speaker "as saying" names both, the outlet first (DEV:
        # leesim-27, lee-217; yahoo-2's passive "was quoted as saying" keeps its speaker)
        (
            '"We will act," the state radio quoted a senior army officer as saying.',
            [("the state radio", "quoted"), ("a senior army officer", "quoted")],
        ),
        (
            "The Daily Post has also quoted unnamed officials as saying the plan was dropped.",
            [("The Daily Post", "quoted"), ("unnamed officials", "quoted")],
        ),
        (
            "The minister was quoted as saying late Friday by a news agency that talks would go on.",
            [("the minister", "saying")],
        ),
        # a quotation someone reads out is no one quoted as saying
        ("She quoted a poem at the opening of the bridge.", []),
    ],
)
def test_an_outlet_quoting_a_speaker_as_saying_names_both(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected
