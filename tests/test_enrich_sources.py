"""Source notes: who each claim comes from, one number per source, markers in the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from publish.enrich.attributions import _sentence_sources
from publish.enrich.sources import refers_to, same_source
from publish.model import Article, NoteRef, Paragraph
from tests.enriched import ARTICLES, block_text, enriched


def markers(article: Article) -> list[tuple[int, NoteRef]]:
    found: list[tuple[int, NoteRef]] = []

    def walk(index: int, nodes: tuple) -> None:  # type: ignore[type-arg]
        for node in nodes:
            if isinstance(node, NoteRef):
                found.append((index, node))
            walk(index, getattr(node, "children", ()))

    for index, block in enumerate(article.body):
        if isinstance(block, Paragraph):
            walk(index, block.inlines)
    return found


def test_seed_notes_name_every_expected_source(seed_path: Path) -> None:
    notes = enriched(seed_path).source_notes
    sources = [n.source for n in notes]
    assert sources == [
        "Armenia\u2019s Embassy to Israel",
        "the letter to President Herzog",
        "the Stockholm International Peace Research Institute",
        "Armenia",
    ]
    assert [n.number for n in notes] == [1, 2, 3, 4]
    assert notes[0].cue == "according to" and notes[1].cue == "stated"
    assert notes[3].cue == "claims" and "Russian forces" in notes[3].sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Prices rose, according to figures from the National Statistics Office.",
            [("the National Statistics Office", "according to")],
        ),
        ('"We will rebuild," said Mayor Lena Ortiz.', [("Mayor Lena Ortiz", "said")]),
        (
            "Tomas Rehn, a spokesman for the union, said the plan was unfair.",
            [("Tomas Rehn, a spokesman for the union", "said")],
        ),
        ("Manager Ada Okafor, 44, told reporters she was proud.", [("Manager Ada Okafor", "told")]),
        (
            "The academy's report found that the ice is thinning.",
            [("The academy's report", "found")],
        ),
        (
            "The warning was repeated, as reported by the Intergovernmental Panel on Climate "
            "Change.",
            [("the Intergovernmental Panel on Climate Change", "as reported by")],
        ),
        ("Scientists have warned that the ice could vanish.", [("Scientists", "have warned")]),
        (
            "Officials at the ministry confirmed that the road was closed.",
            [("Officials at the ministry", "confirmed")],
        ),
        ("He said the talks would resume.", [("he", "said")]),
        (
            "Unemployment fell to 3.9% in May, the lowest since 2001, the Labor Department said.",
            [("the Labor Department", "said")],
        ),
        (
            "Analysts at Goldman Sachs estimate that growth will slow.",
            [("Analysts at Goldman Sachs", "estimate")],
        ),
        (
            '"Even modest amounts matter," said Dr. Priya Raman, an epidemiologist.',
            [("Dr. Priya Raman", "said")],
        ),
        (
            "Dr. Samuel Okoro, a neurologist at Hopkins University who was not involved in the "
            "research, said the findings were consistent.",
            [("Dr. Samuel Okoro, a neurologist at Hopkins University", "said")],
        ),
        (
            "The United Food and Commercial Workers union, which represents about 4,000 staff, "
            "said it had not been consulted.",
            [("The United Food and Commercial Workers union", "said")],
        ),
        (
            "Council Member Frank Doyle, one of two members who voted no, said it was unfair.",
            [("Council Member Frank Doyle", "said")],
        ),
        (
            "Passenger numbers are down, according to the Office of Rail and Road.",
            [("the Office of Rail and Road", "according to")],
        ),
        (
            "Revenue was estimated at £1.9 million, according to the club.",
            [("the club", "according to")],
        ),
        (
            "A report by the Resolution Foundation last month found that costs rose.",
            [("the Resolution Foundation", "found")],
        ),
        (
            "CHICAGO (Wire) - Harrow Foods Inc said on Tuesday it would cut 1,200 jobs.",
            [("Harrow Foods Inc", "said")],
        ),
        ("Raman cautioned that the study could not prove cause.", [("Raman", "cautioned")]),
        (
            "The appeal is 23 percent funded, the UN Office for the Coordination of Humanitarian "
            "Affairs (OCHA) said.",
            [("the UN Office for the Coordination of Humanitarian Affairs", "said")],
        ),
        (
            "Alliance leader Marta Quesada, a 52-year-old former mayor of the port city of Esmer, "
            "said she would form a government.",
            [("Alliance leader Marta Quesada", "said")],
        ),
        ("Exit polls showed the governing party on about 29 percent.", [("Exit polls", "showed")]),
        ("The company claims the cell stores 25% more energy.", [("The company", "claims")]),
        (
            "The company's chief executive, Mark Fenwick, told ABC that sales rose.",
            [("Mark Fenwick", "told")],
        ),
        (
            "Emails seen by The Ledger show that engineers flagged cracks.",
            [("Emails seen by The Ledger", "show")],
        ),
        (
            "Court filings reveal that the company paid out 2.8 million euros.",
            [("Court filings", "reveal")],
        ),
        (
            "The cranes were unsafe, according to documents reviewed by this newspaper.",
            [("documents reviewed by this newspaper", "according to")],
        ),
        (
            "Records obtained under freedom-of-information rules indicate that few visits took "
            "place.",
            [("Records obtained under freedom-of-information rules", "indicate")],
        ),
        (
            "An audit office report published in July found that 11 stops lacked permits.",
            [("An audit office report published in July", "found")],
        ),
    ],
)
def test_attribution_styles(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks were held between the two states.",
        "The United States sent aid.",
        "Azerbaijan maintains close ties with Israel.",
        '"They said it would rain," she wrote in the notes she kept.',
        "Substitute Leo Marsh added a fourth in stoppage time.",
        "Kovac claimed the title in 2019 and added 12 points.",
        "The delay added roughly ₹14,000 crore to the cost.",
        "Every few months another company announces that its trial was a triumph.",
    ],
)
def test_not_attributions(sentence: str) -> None:
    sources = [s for s, _ in _sentence_sources(sentence)]
    assert all(
        s
        not in (
            "two states",
            "The United States",
            "Azerbaijan",
            "Substitute Leo Marsh",
            "Kovac",
            "The delay",
        )
        for s in sources
    )
    assert not any("another" in s for s in sources)
    assert "They" not in sources


def test_later_mentions_reuse_the_number() -> None:
    article = enriched(ARTICLES / "glacier-study.txt")
    notes = {n.source: n for n in article.source_notes}
    huss = notes["Matthias Huss"]
    assert huss.mentions == 3  # "said Matthias Huss", "He added", "Huss said"
    numbers = [ref.number for _, ref in markers(article)]
    assert numbers.count(huss.number) == 3
    assert len(article.source_notes) == len(set(notes))


def test_same_source_rules() -> None:
    assert same_source("Huss", "Matthias Huss")
    assert same_source("the embassy", "Armenia's Embassy to Israel")
    assert not same_source("Armenia", "Armenia's Embassy to Israel")
    assert not same_source("Reyes", "Manager Ada Okafor")
    assert same_source("Graham Hale", "City boss Graham Hale")


def test_roles_and_the_company_name_an_earlier_body() -> None:
    known = ["Kestrel Mills Inc", "Dr. Ana Ruiz", "the Dockworkers' union", "the Water Commission"]
    assert refers_to("the company", known) == 0
    assert refers_to("a company spokesman", known) == 0
    assert refers_to("A union spokeswoman", known) == 2
    assert refers_to("a spokesperson for the Water Commission", known) == 3
    assert refers_to("a Commission official", known) == 3
    assert refers_to("Dr. Leo Park", known) == -1  # two persons are two notes
    assert refers_to("a senior official", known) == -1  # a rank names no body
    assert refers_to("a spokesman", known) == -1
    assert refers_to("the bank", known) == -1
    assert refers_to("the company", ["Kestrel Mills Inc", "Osprey Foods Ltd"]) == -1
    assert refers_to("the company", ["Minister Jo Hale"]) == -1
    # a definite mention names the body of that kind named last
    assert refers_to("the agency", ["the UN refugee agency", "the EU border agency"]) == 1


def test_the_company_and_a_union_spokeswoman_reuse_numbers(tmp_path: Path) -> None:
    story = tmp_path / "wire.md"
    story.write_text(
        "---\ntitle: Mill cuts jobs\ndate: 2024-01-09\n---\n\n"
        "Kestrel Mills Inc said on Monday it would cut 300 jobs.\n\n"
        "Analyst Tara Quinn said the cuts were expected.\n\n"
        "Savings will reach $40 million a year, the company said.\n\n"
        "The Paper Workers union said it was not consulted. A union spokeswoman said "
        "members would vote on a strike.\n",
        encoding="utf-8",
    )
    notes = enriched(story).source_notes
    assert [n.source for n in notes] == [
        "Kestrel Mills Inc",
        "Analyst Tara Quinn",
        "The Paper Workers union",
    ]
    assert [n.mentions for n in notes] == [2, 1, 2]


def test_markers_follow_the_attributed_sentence_and_ids_are_unique() -> None:
    article = enriched(ARTICLES / "harbour-budget.md")
    found = markers(article)
    assert found
    ids = [(ref.number, ref.occurrence) for _, ref in found]
    assert len(ids) == len(set(ids))
    for note in article.source_notes:
        assert note.mentions == sum(1 for _, ref in found if ref.number == note.number)
    first = article.source_notes[0]
    assert first.block is not None and first.end is not None
    text = block_text(article, first.block)
    assert text[first.start : first.end] == first.sentence
    # The marker sits right after the sentence, also when it ends inside a link or emphasis.
    paragraph = article.body[first.block]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == text


def test_marker_goes_after_a_link_that_ends_the_sentence(tmp_path: Path) -> None:
    source = tmp_path / "link.md"
    source.write_text(
        "---\ntitle: Link\ndate: 2024-01-01\n---\n\n"
        "The figures come from the *Harbour Board*, according to "
        "[the Port Authority](https://port.example.org).\n",
        encoding="utf-8",
    )
    article = enriched(source)
    paragraph = article.body[0]
    assert isinstance(paragraph, Paragraph)
    kinds = [node.type for node in paragraph.inlines]
    assert kinds[-2:] == ["link", "text"] or kinds[-1] == "noteref"
    assert kinds.index("noteref") > kinds.index("link")
    assert article.source_notes[0].source == "the Port Authority"


def test_article_without_sources_has_no_notes_or_markers() -> None:
    article = enriched(ARTICLES / "quiet-essay.md")
    assert article.source_notes == ()
    assert markers(article) == []


def test_news_wire_article() -> None:
    article = enriched(ARTICLES / "wildfires.txt")
    sources = [n.source for n in article.source_notes]
    for expected in (
        "Greek Prime Minister Kyriakos Mitsotakis",
        "Reuters",
        "a spokesperson for the European Commission",
        "World Weather Attribution",
        "George Hatzimarkos",
        "official figures",
        "the fire service",
    ):
        assert expected in sources
    # Three sources in one sentence: their markers follow in the order of the notes.
    same_block = [ref.number for index, ref in markers(article) if index == 4]
    assert same_block == sorted(same_block) and len(same_block) == 3  # and "two people familiar"
    values = [f.value for f in article.facts]
    for expected in ("44 degrees Celsius", "more than 19,000", "At least 40", "some 2,000"):
        assert expected in values
    assert "34" not in values  # "including 34 in Algeria" is a breakdown without a label


@pytest.mark.parametrize(
    "sentence",
    [
        "The mountain enclave, claimed by both Azerbaijan and Armenia, has about 120,000 inhabitants.",
        "The island, said by sailors to be cursed, was left empty.",
    ],
)
def test_passive_verbs_are_not_attributions(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


def test_pronouns_possessives_and_surnames_in_a_story(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(
        "Floods hit the valley\n\nMarch 3, 2024\n\n"
        "Farmers' groups said the harvest could be lost.\n\n"
        "Prime Minister Ana Ruiz visited the area on Monday. She said soldiers had been sent.\n\n"
        "Police Chief Marcus Bell had asked for more officers. In a letter, Bell wrote that "
        "response times had grown.\n\n"
        "Rail Delivery Group, which represents train operators, said fares were fair. Its "
        "spokesman told the Guardian the industry was working hard.\n",
        encoding="utf-8",
    )
    notes = {n.source: n for n in enriched(source).source_notes}
    assert list(notes) == [
        "Farmers' groups",
        "Prime Minister Ana Ruiz",  # "She said": the person the sentence before names
        "Police Chief Marcus Bell",
        "Rail Delivery Group",
    ]
    assert notes["Farmers' groups"].mentions == 1  # "She said" two sentences on is not theirs
    assert notes["Rail Delivery Group"].mentions == 2  # "Its spokesman told"


def test_a_role_named_later_by_its_title_is_one_note(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(
        "Court halts closure\n\nMay 12, 2026\n\n"
        "The judge said the ministry had not consulted families. Judge Rachel Osei said in her "
        "ruling that the consultation was too brief.\n\n"
        "The minister had announced the closure in February. Health Minister Ana Lopes said on "
        "Tuesday that she would appeal.\n\n"
        "The regional health agency said the unit would stay open. The agency said it lacked "
        "midwives.\n\n"
        "Kari Nesse, transport spokeswoman for the Centre Party, said the plan was rushed. "
        "\u201cWe have heard this before,\u201d Nesse said.\n",
        encoding="utf-8",
    )
    notes = {n.source: n.mentions for n in enriched(source).source_notes}
    assert notes == {
        "Judge Rachel Osei": 2,
        "Health Minister Ana Lopes": 2,
        "The regional health agency": 2,
        "Kari Nesse, transport spokeswoman for the Centre Party": 2,
    }


def test_a_role_far_from_a_titled_name_stays_apart(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(
        "Budget row\n\nMay 12, 2026\n\n"
        "The minister said the budget was fair.\n\nSchools will close.\n\nRoads will wait.\n\n"
        "Finance Minister Bo Lind said taxes would rise.\n",
        encoding="utf-8",
    )
    assert [n.source for n in enriched(source).source_notes] == [
        "The minister",
        "Finance Minister Bo Lind",
    ]


def test_a_source_in_a_block_quote_or_list_gets_a_note_and_a_marker(tmp_path: Path) -> None:
    story = tmp_path / "quote.md"
    story.write_text(
        "---\ntitle: Wells run dry\ndate: 2025-03-12\n---\n\n"
        "The alliance published its review.\n\n"
        '> "We are watching wells dry up," said *Aminata Keita*, the regional director.\n\n'
        "- Prices rose, the ministry said.\n- Nobody was hurt.\n\n"
        "Keita added that prices had tripled.\n",
        encoding="utf-8",
    )
    article = enriched(story)
    assert [(n.source, n.mentions) for n in article.source_notes] == [
        ("The alliance", 1),  # a body that puts out a review is its source
        ("Aminata Keita", 2),
        ("the ministry", 1),
    ]
    quote, items = article.body[1], article.body[2]
    assert "NoteRef" in repr(quote) and "NoteRef" in repr(items.items[0])  # type: ignore[attr-defined]
    assert "NoteRef" not in repr(items.items[1])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "sentence",
    [
        "Castell, who wrote her first play at 19, has a gift for dialogue.",
        "A subplot about a visiting surveyor adds little to the evening.",
    ],
)
def test_writing_a_thing_or_adding_little_is_no_attribution(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


def test_a_writer_who_wrote_that_is_still_a_source() -> None:
    sentence = "Castell wrote in a letter that the play was finished."
    assert [name for name, _ in _sentence_sources(sentence)] == ["Castell"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # every form of a reporting verb is generated from its plain form
        ("Harbour pilots predict that the channel will silt up.", [("Harbour pilots", "predict")]),
        (
            "The ombudsman's report concludes that the fees were unlawful.",
            [("The ombudsman's report", "concludes")],
        ),
        ("Union stewards tell members the vote is binding.", [("Union stewards", "tell")]),
        ("Sea ice shrank by a tenth, the survey found.", [("the survey", "found")]),
        # a participle before "by" names the source
        (
            "Turnout was higher than expected by the electoral commission.",
            [("the electoral commission", "expected by")],
        ),
        (
            "The abuse was revealed by a coalition of rights groups.",
            [("a coalition of rights groups", "revealed by")],
        ),
        (
            "Nine sites were closed, as reported by the Coastal Gazette.",
            [("the Coastal Gazette", "as reported by")],
        ),
    ],
)
def test_reporting_verbs_in_every_form(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the word that opens a clause is not part of the name it holds
        (
            "But both ferry operators said the crossing would reopen.",
            [("both ferry operators", "said")],
        ),
        ("Although no faction claimed the attack, fears grew.", []),
        ("As Lena Ortiz noted, the budget is tight.", [("Lena Ortiz", "noted")]),
        (
            "AS Transport Minister Ivo Rask said on Monday, fares will rise.",
            [("Transport Minister Ivo Rask", "said")],
        ),
        # an adverb before the verb goes with the verb
        ("Ortiz firmly denied that the budget was cut.", [("Ortiz", "denied")]),
        # a phrase that ends in a pronoun or a function word names nobody
        ("Many of them said they would stay.", []),
        ("Voters heard of the plan from the mayor's radio slot or from news reports.", []),
    ],
)
def test_clause_words_are_not_part_of_a_source(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a quantified group names nobody in particular
        "Other surveys have said the bridge is safe.",
        "Many economists warned that rates would rise.",
        "Several residents said the water smelled.",
        "Some analysts argue the merger will fail.",
        # a pronoun with a contracted verb is no name (and "we're told" names the listener)
        "We're told the mayor will resign.",
        "They've said little about the budget.",
        "I'm told the talks collapsed.",
        # an imperative opens with its verb: nobody speaks
        "Please note that the office is closed on Monday.",
        "Note that prices exclude tax.",
    ],
)
def test_groups_contractions_and_imperatives_are_no_sources(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Note that the ministry said prices would fall.", "the ministry"),
        ("Many of the claims were denied, Reuters reported.", "Reuters"),
        ("Please note: the Harbour Trust said fees will rise.", "the Harbour Trust"),
    ],
)
def test_a_source_inside_an_imperative_or_after_a_group_is_kept(sentence: str, source: str) -> None:
    assert [name for name, _ in _sentence_sources(sentence)] == [source]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Ann Lee, a nurse and the mother of two, said the ward was full.", "Ann Lee"),
        ("Omar Haddad, a farmer and a member of the co-op, told reporters prices fell.", "Omar"),
        ("Rita Gomez, the mayor and the party leader, said the vote was fair.", "Rita Gomez"),
    ],
)
def test_a_name_described_twice_before_its_verb_is_the_source(sentence: str, name: str) -> None:
    [(source, _)] = _sentence_sources(sentence)
    assert source.startswith(name), source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The Harbour Authority published its annual report on Monday.", "The Harbour Authority"),
        ("Officials issued a statement late on Friday.", "Officials"),
        ("The ministry released new figures showing a drop in crime.", "The ministry"),
        ("Nordbank publishes a quarterly survey of lenders.", "Nordbank"),
    ],
)
def test_a_body_that_puts_out_a_document_is_its_source(sentence: str, source: str) -> None:
    assert [name for name, _ in _sentence_sources(sentence)] == [source]


@pytest.mark.parametrize(
    "sentence",
    ["The band released its first album in 2004.", "It published a report in May."],
)
def test_putting_out_other_things_names_no_source(sentence: str) -> None:
    assert _sentence_sources(sentence) == []


def _sources_of(text: str) -> list[str]:
    from publish.enrich.attributions import find_attributions
    from publish.model import Text
    from publish.model.sentences import article_sentences

    article = Article(
        headline="Port", date=dt.date(2024, 5, 2), body=(Paragraph(inlines=(Text(text=text),)),)
    )
    return [found.source for found in find_attributions(article_sentences(article))]


def test_a_quotation_run_on_into_a_new_paragraph_opens_again_and_names_the_speaker_after() -> None:
    """A feed that joins paragraphs leaves the convention of a quotation running on: the
    paragraph ends unclosed and the next opens again (`quarrel. "However`). The mark opens the
    sentence it touches, and the sentences after the quotation are not read as inside it."""
    from publish.model.sentences import split_spans

    text = (
        '"Repairs will take a month. "We will open it again in June," port spokesman Ali Reza'
        " said. Council leader Tom Baines warned Monday that costs could rise."
    )
    assert [text[a:b] for a, b in split_spans(text)][:2] == [
        '"Repairs will take a month.',
        '"We will open it again in June," port spokesman Ali Reza said.',
    ]
    assert _sources_of(text) == ["port spokesman Ali Reza", "Council leader Tom Baines"]
    ran_on = (
        '"Nobody lost a boat," she said. "We were lucky this time. "Next year may be worse."'
        " After the storm, fleet owner Sam Reid said the nets were gone."
    )
    assert _sources_of(ran_on) == ["fleet owner Sam Reid"]


def test_a_closing_mark_split_off_after_a_run_on_quotation_goes_back_to_its_sentence() -> None:
    """After a run-on quotation sentencex may open the next sentence with the mark that closes
    the quotation (`crews." The mayor`: the space follows it); it closes the sentence before."""
    from publish.model.sentences import split_spans

    text = (
        '"Let the two villages settle their quarrel. "However, if a storm comes, the port and'
        ' its 300 boats are ready for all weather with all their crews." The mayor said he had'
        ' the "backing of every council member".'
    )
    spans = [text[a:b] for a, b in split_spans(text)]
    assert spans[-2].endswith('crews."')
    assert spans[-1].startswith("The mayor said")
    assert _sources_of(text) == ["The mayor"]
