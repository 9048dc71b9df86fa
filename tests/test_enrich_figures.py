"""Key figures: found in digits and words, labelled, traced to their sentence, chosen well."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.enrich.asides import is_instruction
from publish.enrich.figures import MAX_FACTS, candidates, choose
from publish.enrich.numbers import find_figures, number_size
from publish.model.sentences import Sentence, squash
from tests.enriched import ARTICLES, DATE_OR_ORDINAL, block_text, enriched

SEED_FACTS = {
    "around 120,000": "residents",
    "eight months": "siege",
    "69 percent": "arms imports",
    "about 20,000": "Jewish population",
    "44 days": "conflict",
    "Nearly 2,000": "Russian",
    "five years": "mandate",
}


def values(sentence: str) -> list[str]:
    return [sentence[f.start : f.end] for f in find_figures(sentence)]


def test_seed_box_holds_the_expected_figures(seed_path: Path) -> None:
    article = enriched(seed_path)
    facts = {f.value: f for f in article.facts}
    for value, word in SEED_FACTS.items():
        assert value in facts, (value, list(facts))
        assert word.lower() in facts[value].label.lower(), facts[value]
    assert "(as of 2020)" in facts["69 percent"].label
    assert "of Azerbaijan" in facts["about 20,000"].label
    assert 3 <= len(article.facts) <= MAX_FACTS


@pytest.mark.parametrize(
    "name",
    [
        "seed",
        "harbour-budget.md",
        "glacier-study.txt",
        "wildfires.txt",
        "football-final.md",
        "overrides.md",
    ],
)
def test_every_fact_is_extractive_and_traced(name: str, seed_path: Path) -> None:
    article = enriched(seed_path if name == "seed" else ARTICLES / name)
    assert article.facts
    for fact in article.facts:
        assert fact.block is not None and fact.start is not None and fact.end is not None
        text = block_text(article, fact.block)
        assert text[fact.start : fact.end] == fact.sentence
        assert fact.value_start is not None and fact.value_end is not None
        raw = text[fact.value_start : fact.value_end]
        assert squash(raw) == fact.value
        assert fact.start <= fact.value_start < fact.value_end <= fact.end
        assert fact.label and len(fact.label.split()) <= 12
        assert not DATE_OR_ORDINAL.match(fact.value), fact.value


def test_facts_keep_the_order_of_the_story(seed_path: Path) -> None:
    article = enriched(seed_path)
    places = [(f.block, f.value_start) for f in article.facts]
    assert places == sorted(places)  # type: ignore[type-var]


def test_no_duplicate_figures() -> None:
    article = enriched(ARTICLES / "glacier-study.txt")
    assert len({f.value for f in article.facts}) == len(article.facts)


def test_nbsp_is_normalised_in_the_value_only(seed_path: Path) -> None:
    fact = next(f for f in enriched(seed_path).facts if f.value == "around 120,000")
    assert fact.value_start is not None and fact.value_end is not None
    raw = fact.sentence[fact.value_start - (fact.start or 0) : fact.value_end - (fact.start or 0)]
    assert raw == "around \u00a0120,000"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council approved $4.2 billion for the port.", ["$4.2 billion"]),
        ("Prices rose 12.5% and then 3 per cent more.", ["12.5%", "3 per cent"]),
        ("Between 15 and 20 percent of the money goes to defences.", ["Between 15 and 20 percent"]),
        ("The repairs will take 3-4 weeks.", ["3-4 weeks"]),
        ("Some twenty-five thousand people marched.", ["Some twenty-five thousand"]),
        ("Walkers covered up to 12 km a day.", ["up to 12 km"]),
        (
            "Two-thirds of the ice could go, and one in five homes flooded.",
            ["Two-thirds", "one in five"],
        ),
        ("It cost £85m, a fifth of the total.", ["£85m"]),
        ("A five-year mandate began.", ["five-year"]),
        ("Temperatures reached 45C in Seville.", ["45C"]),
        ("Rents have risen by a third since 2019.", ["a third"]),
        (
            "Only 3 in 10 adults, and two out of three children, walk enough.",
            ["3 in 10", "two out of three"],
        ),
        ("Some 240 millimetres of rain fell in parts of the valley.", ["Some 240 millimetres"]),
        ("Smith scored three times in 11 second-half minutes.", ["11"]),
        ("The line carried 5 lakh riders and cost ₹37,000 crore.", ["5 lakh", "₹37,000 crore"]),
        ("Troops served under a five-year mandate.", ["five-year"]),
        # a country's code on either side of the dollar sign
        ("The fund paid $US2.5 million and A$400,000 to victims.", ["$US2.5 million", "A$400,000"]),
    ],
)
def test_number_styles(sentence: str, expected: list[str]) -> None:
    assert values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The war began in 2020 and ended on 10 November.",
        "On Aug 14 the second meeting was held, the 3rd in a row.",
        "Jane Doe, 45, said a 45-year-old man, aged 61, was there at 10:30 and 5 p.m.",
        "The Boeing 737 and the F-16 flew over COVID-19 wards under Resolution 2334.",
        "Sales were three times higher, up from 22,000.",
        "Call 5551234567 for details.",
        "Residents can call 555-0142 with questions.",
        "Rovers were trailing City 2-0 at half time, and the council vote passed 7-2.",
        "Net income for the three months ended Dec. 30 rose.",
        "Fighting went on through the first five months of the year.",
        "He was convicted after a six-week trial, and backs a four-day week.",
        "Ask what a thirty-two hour week would mean: a rota with a hundred holes in it.",
        "A million small firms cannot each run one.",
        "The party won a majority in the 150-seat chamber.",
        "The hazard ratio was lower (95% CI 0.48-0.85, p = 0.003) with n = 1,204 people.",
        "Deaths were similar (odds ratio 1.12, 95% confidence interval 0.81-1.54).",
        "About half still came after 18 months, though inspectors called only twice in five years.",
        "A crane operator who has worked at the port for 12 years spoke to us.",
        "See a doctor if a fever lasts more than two days.",
        "The mean age was 34, and the age gap of 12 years did not matter.",
    ],
)
def test_dates_ordinals_ages_and_names_are_not_figures(sentence: str) -> None:
    assert values(sentence) == []


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("120,000", 120_000),
        ("$4.2 billion", 4.2e9),
        ("£85m", 85e6),
        ("twenty-five", 25),
        ("a hundred", 100),
        ("three million", 3e6),
        ("two hundred and fifty", 250),
    ],
)
def test_number_size(text: str, size: float) -> None:
    assert number_size(text) == pytest.approx(size)


def test_box_keeps_at_most_the_limit() -> None:
    from publish.enrich.figures import candidates, choose
    from publish.model.sentences import Sentence

    texts = [f"The rowing club in the valley won {i + 10} medals this season." for i in range(20)]
    sentences = [Sentence(i, 0, len(t), t) for i, t in enumerate(texts)]
    facts = choose(candidates(sentences))
    assert len(facts) == MAX_FACTS


def test_article_without_figures_has_no_facts() -> None:
    assert enriched(ARTICLES / "quiet-essay.md").facts == ()


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        (
            "The company, founded in 1998, employs 4,500 people in 12 countries.",
            "4,500",
            "people of the company",
        ),
        (
            "Analysts expect that growth will slow to 1.5 percent next year.",
            "1.5 percent",
            "growth",
        ),
        # money "in" what it is paid as is labelled by what it is
        ("The government has pledged $300 million in aid.", "$300 million", "aid"),
        ("The chain reported $2 billion in sales.", "$2 billion", "sales"),
        ("A jury awarded her $40,000 in damages.", "$40,000", "damages"),
        (
            "Nearly 2,000 Russian troops have been stationed in the region.",
            "Nearly 2,000",
            "Russian troops stationed in the region",
        ),
        (
            "The region is home to around 120,000 residents.",
            "around 120,000",
            "residents of the region",
        ),
        (
            "It accounts for 69 percent of the country's arms imports as of 2020.",
            "69 percent",
            "of the country's arms imports (as of 2020)",
        ),
        (
            "The conflict between the two states lasted 44 days.",
            "44 days",
            "conflict between the two states",
        ),
        (
            "People who walked were about 25% less likely to develop dementia over a decade.",
            "about 25%",
            "less likely to develop dementia",
        ),
        (
            "Doyle said the increase would add roughly $180 a year to the bill.",
            "roughly $180",
            "increase",
        ),
        (
            "Shadow minister Priya Dass said fares had risen by almost 60 per cent.",
            "almost 60 per cent",
            "fares",
        ),
        (
            "Smith, signed from Dunmore for £3.2m last summer, scored twice.",
            "£3.2m",
            "signed from Dunmore",
        ),
        ("Nearly 9,500 people were evacuated, officials said.", "Nearly 9,500", "people evacuated"),
        (
            "The rise is below the inflation figure of 9.1 per cent.",
            "9.1 per cent",
            "inflation figure",
        ),
        (
            "For nearly three years, Veloria has held the port under a blockade.",
            "nearly three years",
            "blockade by Veloria",
        ),
        (
            "Local mills supplied 40 percent of the timber the city bought up to 2019.",
            "40 percent",
            "of the timber the city bought (up to 2019)",
        ),
        (
            "Some 2,300 people remain in emergency shelters set up in gyms.",
            "Some 2,300",
            "people remaining in emergency shelters",
        ),
        (
            "About 600 families were moved, and 150 stay in hotels near the coast.",
            "150",
            "families staying in hotels",
        ),
        (
            "The plan sets aside $75,000 for a youth jobs scheme that starts in May.",
            "$75,000",
            "for a youth jobs scheme",
        ),
        ("The trust will spend £40 million on a new ward.", "£40 million", "on a new ward"),
        # a doer named by one word keeps what it did
        ("Fans spent £30 on average.", "£30", "Fans spent"),
        ("Hayden scored 131 before he was bowled.", "131", "Hayden scored"),
        ("Shoppers paid $40 more for the same basket.", "$40", "Shoppers paid"),
        (
            "The new levy, which starts in May, will add about £90 a year to most bills.",
            "about £90",
            "new levy",
        ),
        # a figure in a relative clause counts the noun the clause is about
        (
            "The city fought the 1998 flood over the river valley, a disaster that lasted 12 days.",
            "12 days",
            "disaster",
        ),
        ("Rebels held the town, a siege that lasted 40 days.", "40 days", "siege"),
        ("The strike, a dispute that lasted 11 weeks, ended.", "11 weeks", "dispute"),
        (
            "Pell was jailed for stealing £2.6 million from the council's pension scheme.",
            "£2.6 million",
            "from the council's pension scheme",
        ),
        (
            "Exit polls showed the Union on 29 percent, but with all votes in it had 31.2 percent.",
            "31.2 percent",
            "",
        ),
        (
            "Ada Berg, spokeswoman for the Green Party, said such bridges had run 40% over budget.",
            "40%",
            "",
        ),
        (
            "Coverage of the second dose dropped to 71% in 2025, well below the 95% that experts "
            "consider necessary.",
            "71%",
            "Coverage of the second dose (in 2025)",
        ),
        (
            "Coverage of the second dose dropped to 71% in 2025, well below the 95% that experts "
            "consider necessary.",
            "95%",
            "experts consider necessary",
        ),
        (
            "Participants in walking groups had 32% fewer falls that needed care.",
            "32%",
            "fewer falls",
        ),
        ("Ames said 150 of them would be retrained.", "150", ""),
        ("The crane had failed two of its last three inspections.", "two", ""),
        (
            "Nine in ten households surveyed said they had cut meals.",
            "Nine in ten",
            "households surveyed",
        ),
        (
            "The agency reported that total revenue for the year was $40 million.",
            "$40 million",
            "revenue for the year",
        ),
        (
            "The government released an emergency fund of 75 million dinars.",
            "75 million dinars",
            "emergency fund",
        ),
        # a share that says how much a thing changed is labelled by the change
        ("The council reported a 20 percent rise in rents.", "20 percent", "rise in rents"),
        ("There was a 400% increase in cases of measles.", "400%", "increase in cases of measles"),
        ("Figures show a 9 per cent fall in job adverts.", "9 per cent", "fall in job adverts"),
    ],
)
def test_labels(sentence: str, value: str, label: str) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("The band played to 20,000 people on a Friday evening.", "20,000", "people"),
        ("Police said three more people died this morning in the clashes.", "three",
         "more people died"),
        ("The league fined 5 clubs on Friday night.", "5", "clubs"),
        ("A fire destroyed 40 homes Sunday night.", "40", "homes"),
        ("The board approved 19 new posts today.", "19", "new posts"),
        ("Some 300 fans queued outside the stadium last night.", "Some 300",
         "fans queued outside the stadium"),
    ],
)  # fmt: skip
def test_a_label_says_what_is_counted_not_when(sentence: str, value: str, label: str) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("Gunmen opened fire on a market, killing at least 14 shoppers.", "at least 14",
         "shoppers killed"),
        ("The militia killed more than 30 villagers in a raid on the valley.", "more than 30",
         "villagers killed in a raid"),
        ("Police arrested 45 members of the Harbour Gang overnight.", "45",
         "members of the Harbour Gang arrested"),
        ("Coastguards rescued 200 migrants from a sinking boat.", "200",
         "migrants rescued from a sinking boat"),
        ("The blast injured 12 workers at the plant.", "12", "workers injured at the plant"),
    ],
)  # fmt: skip
def test_the_harm_done_to_those_counted_is_in_the_label(
    sentence: str, value: str, label: str
) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        # a "with" after a clause break tells of that clause, not of what the subject owns
        (
            "Critics rate the bay as the busiest harbour in the region, with about 4,000 "
            "sailings each year.",
            "about 4,000",
            "sailings",
        ),
        (
            "In the six years since it began, the choir has grown into a group with over 80 "
            "regular singers.",
            "over 80",
            "regular singers",
        ),
        ("A hike that ended with 9 people missing, two of them children, was cancelled.", "9",
         "people missing"),
        # ... but in the subject's own clause it does
        ("The old mill closed in May with debts of about $4 million.", "about $4 million",
         "debts of the old mill"),
    ],
)  # fmt: skip
def test_an_owner_is_glued_only_in_its_own_clause(sentence: str, value: str, label: str) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("The firm bought the old mill in May for $4 million.", "$4 million",
         "price of the old mill"),
        ("The club sold its striker to a rival for \u00a312 million.", "\u00a312 million",
         "price of its striker"),
        # what sells for a sum is the subject
        ("Second-hand copies now routinely sell for $300 to $400.", "$300 to $400",
         "price of second-hand copies"),
        ("The cabins, which cost $90,000 each to fit out, should sell on average for $500 a week.",
         "$500", "price of the cabins"),
    ],
)  # fmt: skip
def test_money_a_thing_is_bought_or_sold_for_is_its_price(
    sentence: str, value: str, label: str
) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("The board ran the club for six years before it was sold.", "six years",
         "how long the board ran the club"),
        ("Mara had been fighting the illness for the past 14 months.", "14 months",
         "how long Mara had been fighting the illness"),
        ("The ferry crews had been on strike for the past 16 days.", "16 days",
         "how long the ferry crews had been on strike"),
        ("A ruling is not expected for three weeks.", "three weeks",
         "how long a ruling is not expected"),
    ],
)  # fmt: skip
def test_a_span_a_clause_lasts_is_labelled_how_long_its_doer_did_it(
    sentence: str, value: str, label: str
) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


def test_a_span_with_no_doer_or_a_pronoun_s_is_not_labelled_how_long() -> None:
    from publish.enrich.labels import _how_long

    assert _how_long("They ran the shop for ", "duration") == []
    assert _how_long("The crew stayed, with orders to guard the port for ", "duration") == []


def test_the_lead_the_toll_and_the_headline_figure_lead_the_box() -> None:
    from publish.enrich.figures import candidates, choose
    from publish.model.sentences import Sentence

    costs = [f"Repairs to bridge {name} will cost ${i + 2} million, or {i + 10}% of the plan."
             for i, name in enumerate("ABCDEFGH")]  # fmt: skip
    texts = [
        "The river burst its banks on Sunday night after a week of rain.",
        *costs,
        "At least 12 people died in the flooding, the coroner said.",
        "Volunteers filled 4,000 sandbags in the square.",
    ]
    sentences = [Sentence(i, 0, len(t), t) for i, t in enumerate(texts)]
    without = [f.value for f in choose(candidates(sentences))]
    assert "At least 12" in without  # a death toll, given by a source, carries the story
    assert "4,000" not in without
    told = [f.value for f in choose(candidates(sentences, "Volunteers fill 4,000 sandbags"))]
    assert "4,000" in told  # the figure the headline repeats is what the story is about
    bags = "Volunteers filled 4,000 sandbags."
    first, last = (
        [Sentence(i, 0, len(t), t) for i, t in enumerate(o)]
        for o in ([bags, *costs], [*costs, bags])
    )
    score = {c.fact.value: c.score for c in candidates(first)}["4,000"]
    assert (
        score > {c.fact.value: c.score for c in candidates(last)}["4,000"]
    )  # the lead's weighs more


def test_one_borrowed_label_per_sentence_and_quotes_weigh_less() -> None:
    from publish.enrich.figures import candidates, choose
    from publish.model.sentences import Sentence

    text = "Swiss glaciers shrank by 10 percent in just two years."
    facts = choose(candidates([Sentence(0, 0, len(text), text)]))
    assert [(f.value, f.label) for f in facts] == [("10 percent", "Swiss glaciers")]
    quoted = '"We had 45 minutes to save our season," she said of the 45-minute wait.'
    plain = "Officials had 45 minutes to clear the square before the storm hit."
    scores = {
        c.fact.sentence: c.score
        for c in candidates(
            [Sentence(0, 0, 9, "Rain came."), Sentence(0, 0, len(quoted), quoted)]
            + [Sentence(0, 0, len(plain), plain)]  # after a lead with no figure
        )
    }
    assert scores[quoted] < scores[plain]


def test_an_age_range_is_no_figure() -> None:
    sentence = "The campaign covers 2,000 children aged between nine months and 14 years."
    values = [sentence[f.start : f.end] for f in find_figures(sentence)]
    assert values == ["2,000"]


def test_an_article_in_a_language_the_rules_do_not_read_gets_no_generated_box() -> None:
    """The word lists are English: a French article gets no box or notes rather than wrong
    ones ("3 - Environ"), while an editor's own additions still print."""
    from publish.enrich import add_key_figures, add_source_notes
    from publish.model import Article

    text = (
        "Le conseil a adopt\u00e9 un budget de 12 millions d\u2019euros, selon le maire. "
        "Environ 3 000 habitants vivent pr\u00e8s des quais, a d\u00e9clar\u00e9 l\u2019adjointe."
    )
    fields = {
        "headline": "Le budget du port",
        "date": "2024-03-02",
        "body": [{"type": "paragraph", "inlines": [{"type": "text", "text": text}]}],
    }
    french = Article.model_validate({**fields, "language": "fr"})
    assert add_key_figures(french).facts == ()
    assert add_source_notes(french).source_notes == ()
    english = Article.model_validate({**fields, "language": "en-GB"})
    assert add_key_figures(english).facts  # the same words in an English article are read
    pinned = Article.model_validate(
        {
            **fields,
            "language": "fr",
            "editorial": {"facts_add": [{"value": "12 millions", "label": "budget du port"}]},
        }
    )
    assert [f.value for f in add_key_figures(pinned).facts] == ["12 millions"]


def test_lists_give_figures_but_no_list_fills_the_box(tmp_path: Path) -> None:
    story = tmp_path / "budget.md"
    story.write_text(
        "---\ntitle: Tram budget\ndate: 2025-09-02\n---\n\n"
        "Supporters say the line will carry 85,000 passengers a day, take 20,000 cars off "
        "the road and employ 900 people.\n\n"
        "- Track: \u20ac620 million\n- Vehicles: \u20ac210 million\n- Depot: \u20ac180 million\n"
        "- Land: \u20ac95 million\n- Contingency: \u20ac140 million\n\n"
        "Fares will be capped at \u20ac2.10 on a line 14 kilometres long. In the trial, 1,204 "
        "participants were enrolled.\n",
        encoding="utf-8",
    )
    facts = enriched(story).facts
    assert [f.block for f in facts].count(1) == 4  # the list counts as one block
    assert "85,000" in [f.value for f in facts]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("She left school at 16, worked for two years in a cannery and built 23 bridges.", ["23"]),
        ("Over a career of more than 40 years she designed 410 bridges.", ["410"]),
        ("After retiring at 65, she taught for another nine years.", []),
        (
            "It took her seven years, and a loaf that cost $4 five years ago now costs $6.50.",
            ["$4", "$6.50"],
        ),
        ("She grew up two streets away.", []),
        # time a person spent is news when it is what happened to them (the class)
        ("She spent 14 months in pre-trial detention before her trial.", ["14 months"]),
        (
            "People who walked for at least 30 minutes a day were 25% less likely to fall ill.",
            ["at least 30 minutes", "25%"],
        ),
    ],
)
def test_a_life_s_spans_ages_ratings_and_asides_are_no_figures(
    sentence: str, kept: list[str]
) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    "sentence",
    [
        "Boil the water for at least one minute, and see a doctor if a fever lasts.",
        "Reduce your own footprint by at least 10% this year, the institute urges.",
        "Do not leave children alone for more than five minutes.",
    ],
)
def test_advice_in_the_imperative_gives_no_figure(sentence: str) -> None:
    assert is_instruction(sentence)
    assert candidates([Sentence(0, 0, len(sentence), sentence)]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Coverage for the second dose dropped to 71% in 2025.",
        "Prices rose 0.6% from December.",
        "Half the students failed the exam.",
        "Police investigating the case found 40 kg of cocaine.",
        "Today the council approved 300 homes.",
        "Construction began on 1.3 million homes.",
        "Public spending rose to \u00a31.2 trillion.",
        "Annual borrowing fell by 3% to $40 billion.",
    ],
)
def test_statements_are_not_taken_for_advice(sentence: str) -> None:
    assert not is_instruction(sentence)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # numbers joined by a slash: a date, an idiom, a position in a gallery
        ("Troops have served abroad since 9/11, and 4,000 of them died.", ["4,000"]),
        ("The signs turned walls into 24/7 adverts for 300 shops.", ["300 shops"]),
        ("Photo 3 / 8 shows the pad where 40 engineers worked.", ["40 engineers"]),
        # an enumerator names which one
        ("Tip #4 saved the firm 12 hours a week.", ["12 hours"]),
        ("Issue #85 of the bulletin listed 16 fixes.", ["16 fixes"]),
        ("Caution #2: the ride lasts 90 seconds.", ["90 seconds"]),
    ],
)
def test_slash_pairs_and_enumerators_are_not_figures(sentence: str, kept: list[str]) -> None:
    found = values(sentence)
    assert not any(v in ("9", "11", "24", "7", "3", "8", "4", "85", "2") for v in found), found
    for value in kept:
        assert any(value.startswith(v) or v.startswith(value) for v in found), (value, found)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a scale word with no count is a manner of speaking ...
        ("The rocks formed over billions of years and hold thousands of fossils.", []),
        ("The shop ordered a few thousand of the mugs and sold them for $12 each.", ["$12"]),
        ("Each request makes the server build several million small records.", []),
        ("Dozens of letters reached the editor within 48 hours.", ["48 hours"]),
        # ... unless it counts people, which is what the story is about
        ("A million people have fled the region since the spring.", ["A million"]),
        ("Tens of thousands of residents marched on the capital.", ["Tens of thousands"]),
        ("Hundreds of workers lost their jobs when the mill shut.", ["Hundreds"]),
    ],
)
def test_rough_quantities_count_only_when_they_count_people(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Walkers crossed Seven Sisters Park, where 12 rangers work.", ["12"]),
        ("Her memoir Forty Years at Sea sold 80,000 copies.", ["80,000"]),
        ("The reading drew the Three of Cups for 11 of the guests.", ["11"]),
        ("Fans of the film Station Nine queued for 40 hours.", ["40 hours"]),
        ("She still owns the iPad 2 she bought for $499.", ["$499"]),
        ("It was 44 degrees Celsius, and 200 people fainted.", ["44 degrees Celsius", "200"]),
        # a measure written into a model's name: which one, not how much
        ("He carried a 9mm Glock and 40 rounds.", ["40"]),
        ("The 512GB Galaxy Note sold 2 million units.", ["2 million"]),
    ],
)
def test_a_figure_inside_a_name_or_title_is_not_a_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


def test_a_title_case_headline_keeps_its_figures() -> None:
    assert values("Storm Cuts Power To 40,000 Homes For Three Days") == ["40,000", "Three Days"]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "The hosts scored twice in the second half, after 30 minutes of pressure.",
            ["30 minutes"],
        ),
        ("Half of them were children, and half of the homes were lost.", ["Half", "half"]),
    ],
)
def test_which_half_is_no_figure_but_half_of_a_group_is(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


def _box(sentence: str) -> list[str]:
    return [c.fact.value for c in candidates([Sentence(0, 0, len(sentence), sentence)])]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a few things are colour; a few people killed, hurt or moved are the news
        ("The lobby has two lifts and three sofas for 140 guests.", ["140"]),
        (
            "Three firefighters were hurt and two residents were taken to hospital.",
            ["Three", "two"],
        ),
        ("Four gunmen opened fire on the convoy.", ["Four"]),
        # a few things that open their clause and do or undergo what it tells are news too ...
        ("Five nurses have been suspended from the ward.", ["Five"]),
        ("The club said that a further three coaches were dismissed.", ["three"]),
        ("Twelve boats finished, after two more boats pulled out.", ["Twelve", "two"]),
        ("Four parties signed the accord in Bonn.", ["Four"]),
        # ... not what others did with them, nor what may have happened
        ("The ranger holds two keys found in a cave.", []),
        ("The crew flew in two planes hired for the day.", []),
        ("Two truces were made by the envoys, and both failed.", []),
        ("Two lorries may have crashed on the bridge.", []),
        ("When more than one pole is placed in a row, they cross.", []),  # one is no count
        ("The probe carried 2.5 tonnes of fuel and six cameras.", ["2.5 tonnes"]),
        # a version number is no figure
        ("Release 4.2.1 fixed 31 faults.", ["31"]),
    ],
)
def test_a_few_things_are_colour_but_a_few_people_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


def test_a_number_after_at_or_in_is_no_part_of_the_counted_group() -> None:
    sentence = "The outbreak sickened 14 patients at two city clinics."
    labels = {
        c.fact.value: c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])
    }
    assert labels.get("14", "").startswith("patients")
    partitive = "The storm damaged 40 homes, 12 of them beyond repair."
    assert "12" not in [
        c.fact.value for c in candidates([Sentence(0, 0, len(partitive), partitive)])
    ]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # zero of anything counts nothing: a progress bar, an empty tally
        ("The bar sat at 0% while 40 files copied.", ["40"]),
        ("Sales fell to $0 in May after 300 stores shut.", ["300"]),
        ("The clinic had 0 beds free and turned away 52 patients.", ["52"]),
        # one unit with no preposition before it tells when, not how long
        ("He hoped one day to coach the 30 players he trained.", ["30"]),
        ("One morning 200 workers walked out.", ["200"]),
        ("She swore that one year she would climb 14 peaks.", ["14"]),
        ("The dam was shut for one day and 1,500 homes lost water.", ["one day", "1,500"]),
        # a time frame is no finding; how long a thing has lasted is
        ("Prices doubled in the last 20 years, to $410,000.", ["$410,000"]),
        ("Over the past five years the trust planted 12,000 trees.", ["12,000"]),
        ("Within the next two weeks the city will hire 85 nurses.", ["85"]),
        ("The port has been closed for the past nine months.", ["nine months"]),
        # where a thing is ("eight feet away") says no amount
        ("The crater lies 40 kilometres away from the town of 6,000.", ["6,000"]),
        ("I read the sign from 12 metres away; it listed 25 rules.", ["25"]),
        # numbers joined by a caret are one power, not two counts
        ("The key space grew to 2^64 and the cost to $90,000.", ["$90,000"]),
        ("A buffer of 10^6 entries held 350 records.", ["350"]),
    ],
)
def test_zero_one_unit_time_frames_distances_and_powers_are_no_figures(
    sentence: str, kept: list[str]
) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a comparison group is a finding of its own, not a baseline
        ("About 4% of smokers fell ill, compared with about 19% of the rest.", ["4%", "19%"]),
        ("Rents rose 9 percent, compared to 3 percent in the suburbs.", ["9 percent", "3 percent"]),
        ("The river carried 60 tonnes, compared with 45 tonnes a year ago.", ["60", "45"]),
    ],
)
def test_the_figure_a_story_compares_with_is_kept(sentence: str, kept: list[str]) -> None:
    found = values(sentence)
    for value in kept:
        assert any(value in v for v in found), (value, found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Top scorers by goals Ana Ruiz 41 12.5% Tom Bell 38 11.6% Li Wei 30 9.1%",
        "2.1 GB (-40%)",
        "Region Cases Deaths North 1,204 31 South 988 12",
    ],
)
def test_a_table_read_as_prose_gives_no_figure(sentence: str) -> None:
    assert _box(sentence) == []


@pytest.mark.parametrize("sentence", ["$1.2 billion exported, 2019", "64% turnout in 2022"])
def test_a_year_is_no_column_of_a_table(sentence: str) -> None:
    assert len(_box(sentence)) == 1


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The archive now holds 6 petabytes of scans.", ["6 petabytes"]),
        (
            "Each board draws 15 watts and runs at 4GHz with 2 MB of cache.",
            ["15 watts", "4GHz", "2 MB"],
        ),
        (
            "The new machine reaches 9 teraflops, and the lens is 35 mm wide.",
            ["9 teraflops", "35 mm"],
        ),
    ],
)
def test_metric_and_data_units_belong_to_their_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    "sentence",
    [
        "For three years running the fair has sold out.",
        "The club finished top for five seasons in a row, and four years straight before that.",
    ],
)
def test_a_streak_is_no_figure(sentence: str) -> None:
    assert values(sentence) == []


@pytest.mark.parametrize(
    "sentence", ["$9/month", "0% Loaded", "Price: $45", "12 comments", "$300,000 raised"]
)
def test_a_line_of_one_or_two_words_is_page_furniture_not_a_fact(sentence: str) -> None:
    assert _box(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # an age "at N" is said of a person ...
        ("After retiring at 65, she ran 12 marathons.", ["12"]),
        ("He left the mill at 58 and opened 14 shops.", ["14"]),
        # ... a level "at N" is said of a thing
        ("The index closed at 87, and 300 shares fell.", ["87", "300"]),
        ("Fees were capped at 40 for 2,000 pupils.", ["40", "2,000"]),
        ("Turnout peaked at 71 in the northern wards.", ["71"]),
        ("The levee held at 45, and 900 homes stayed dry.", ["45", "900"]),
        ("Interest rates stayed at 15, the bank said.", ["15"]),
    ],
)
def test_an_age_at_is_said_of_a_person_and_a_level_of_a_thing(
    sentence: str, kept: list[str]
) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    "sentence",
    [
        # after a product name, mid-sentence or opening it
        "Node.js 18 reaches the end of its support in April.",
        "Xcode 11 is required to compile it.",
        "The app needs iOS 17.2 and runs on the iPhone 15 Pro.",
        "Build it with GCC 10.1 or Python 3.11 on Ubuntu 22.04.",
        "Update 4.2 brings a darker theme.",
        "The team flew a Boeing 737 to Oslo, and Samsung showed the Galaxy S24.",
        # before a name: what follows names the thing
        "Windows 11 SDK 10.0.22621.0 or newer is needed.",
        # after the word, or as a bound
        "The bug was fixed in version 2, again in Version 3 and in v1.4.",
        "The project supports Python >= 3.6 and gcc >= 10.1 for building.",
        "There is a bug in 17.10.x that breaks the build.",
    ],
)
def test_a_version_release_or_model_number_is_no_figure(sentence: str) -> None:
    assert values(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Apple sold 50 million iPhones last year.", ["50 million"]),
        ("Node.js has 2 million users.", ["2 million"]),
        # a verb between the name and the number: "737" counts the jets
        ("Boeing delivered 737 jets over a decade.", ["737"]),
        ("Another 30 Palestinians were killed on Sunday.", ["30"]),
        ("Yesterday 12 people were hurt in the crash.", ["12"]),
        ("Perhaps 40 UN workers died.", ["40"]),
        ("Exactly 12 MPs voted against the release of 50 prisoners.", ["12", "50"]),
        ("Python 3.12 is faster, and 40 companies use it.", ["40"]),
    ],
)
def test_a_count_beside_a_name_is_still_a_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        (
            "Two walkers drowned, and more than 30 others were rescued.",
            "more than 30",
            "walkers rescued",
        ),
        (
            "Six nurses were hurt and 14 others were treated at the scene.",
            "14",
            "nurses treated at the scene",
        ),
        ("Nine miners escaped, and 40 others were trapped.", "40", "miners trapped"),
    ],
)
def test_others_counts_the_noun_told_before(sentence: str, value: str, label: str) -> None:
    from publish.enrich.labels import figure_label

    figure = next(f for f in find_figures(sentence) if sentence[f.start : f.end] == value)
    assert figure_label(sentence, figure) == label


@pytest.mark.parametrize(
    ("before", "sentence", "label"),
    [
        ("The stolen violin was found in a skip.", "It is worth $2 million.", "stolen violin"),
        ("The new ferries were ordered in May.", "They cost \u00a340 million.", "new ferries"),
        (
            "The museum's oldest map went on show.",
            "It's insured for $900,000.",
            "museum's oldest map",
        ),
    ],
)
def test_a_pronoun_label_names_the_thing_of_the_sentence_before(
    before: str, sentence: str, label: str
) -> None:
    sentences = [Sentence(0, 0, len(before), before), Sentence(0, 0, len(sentence), sentence)]
    assert [c.fact.label for c in candidates(sentences)] == [label]
    alone = [Sentence(1, 0, len(sentence), sentence)]
    assert candidates(alone) == []  # nothing before it in its paragraph: no count noun


@pytest.mark.parametrize("sentence", ["Only 12 did so.", "Yet 30 did not.", "Then 25 more did."])
def test_a_figure_whose_label_holds_no_noun_is_not_boxed(sentence: str) -> None:
    assert _box(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "labels"),
    [
        ("The blast killed 12 and injured 40 near the market.", ["killed", "injured"]),
        ("At least 23 were killed and 80 were wounded, the ministry said.", ["killed", "wounded"]),
        ("They said 500 had been evacuated from the valley.", ["evacuated from the valley"]),
        ("Of the 300 passengers, 41 were hurt.", ["passengers", "hurt"]),
    ],
)
def test_a_toll_with_no_noun_is_labelled_by_what_was_done(sentence: str, labels: list[str]) -> None:
    assert [c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])] == labels


@pytest.mark.parametrize(
    "sentence", ["The rope is 10 long.", "The trench was 3 deep and 40 wide.", "It stood 12 high."]
)
def test_a_size_with_no_unit_is_no_figure(sentence: str) -> None:
    assert values(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Leeds beat Hull 3-1 on Saturday.", ["3-1"]),
        ("The hosts opened with a 2-0 win over Wales.", ["2-0"]),
        ("The series ended 2-2 after the rain.", ["2-2"]),
        ("Leeds led 2-1 at the break and won 4-1.", ["4-1"]),
    ],
)
def test_a_match_result_is_a_figure_but_a_running_score_is_not(
    sentence: str, kept: list[str]
) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # the length of a term someone is given or that a body declares is news ...
        ("The men face 15-year jail terms.", ["15-year"]),
        ("She was given a 28-day sentence for the theft.", ["28-day"]),
        ("The council declared a 30-day state of emergency.", ["30-day"]),
        ("The minister was blamed for a 43-month recession.", ["43-month"]),
        (
            "The striker signed a three-year contract worth $2 million.",
            ["three-year", "$2 million"],
        ),
        # ... and of a mission, a freeze or a pause undertaken
        ("The crew landed after a 10 day mission.", ["10 day"]),
        ("Staff reject a six-month wage freeze.", ["six-month"]),
        ("The rebels asked for a 14-day adjournment of the talks.", ["14-day"]),
        # ... of one unit too, and after "the": a term handed down is no named period
        ("Anglers welcomed the one-year fishing ban on the lake.", ["one-year"]),
        ("The court upheld the two-year jail term for the driver.", ["two-year"]),
        # ... what kind of thing a noun is, not
        ("The four-day match starts after a 40-minute delay.", []),
    ],
)
def test_the_length_of_a_term_is_a_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The fleet is still six hours away from port.", ["six hours"]),
        ("The summit is three days away.", ["three days"]),
        ("The shelter is 12 kilometres away from the fire.", []),
    ],
)
def test_time_away_is_time_to_go_but_distance_away_is_where(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("I am not 100 per cent sure, but 100% of the fees go to 40 charities.", ["100%", "40"]),
        ("They gave 100 per cent in the final.", []),
        ("He is 100 percent against the plan.", []),
    ],
)
def test_a_whole_with_no_share_of_anything_is_no_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    "sentence",
    ["The older one, built in 1990, cost $4 million.", "Each one, built in 1990, cost $4 million."],
)
def test_a_subject_that_is_a_pronoun_says_nothing_of_what_a_figure_counts(sentence: str) -> None:
    assert _box(sentence) == []
    assert _box("The bridge" + sentence[sentence.index(",") :]) == ["$4 million"]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a few counted by what was done to them, whatever the noun ...
        ("Troops opened fire, wounding three settlers near the road.", ["three"]),
        ("The blast injured four commuters at a bus stop.", ["four"]),
        ("Rebels killed two aid workers and abducted three nurses.", ["two", "three"]),
        # ... or told of them by a source, with no "that"
        ("Police have confirmed two inmates escaped overnight.", ["two"]),
        ("The agency says three guards were suspended.", ["three"]),
        ("Officials believe five climbers are still on the ridge.", ["five"]),
    ],
)
def test_a_few_harmed_or_reported_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        # people named by their group, their role or their nation are people ...
        ("Dozens of protesters gathered outside the embassy.", "Dozens", "protesters"),
        ("Police arrested hundreds of militants in the raids.", "hundreds", "militants"),
        ("Several hundred volunteers searched the hills.", "Several hundred", "volunteers"),
        ("Hundreds of fans waited at the gates.", "Hundreds", "fans"),
        ("Hundreds of thousands of people fled the city.", "Hundreds of thousands", "people"),
        ("Gunmen held dozens of Iraqis at the checkpoint.", "dozens", "Iraqis"),
    ],
)
def test_a_rough_count_of_people_is_labelled_by_the_people(
    sentence: str, value: str, label: str
) -> None:
    found = {
        c.fact.value: c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])
    }
    assert found[value].startswith(label), found


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        # a label stops before another figure, rather than the figure being lost
        ("Forty dockers downed tools three weeks ago over pay.", "Forty", "dockers downed tools"),
        ("Some 400 miners stopped work two days ago.", "Some 400", "miners stopped work"),
        ("About 90 nurses walked out 10 days ago.", "About 90", "nurses"),
    ],
)
def test_a_label_ends_before_another_figure(sentence: str, value: str, label: str) -> None:
    found = {
        c.fact.value: c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])
    }
    assert found.get(value) == label, found


@pytest.mark.parametrize(
    "sentence",
    [
        # a condition is no finding, whatever its unit
        "If 30 per cent of members vote no, the deal fails.",
        "Unless the fund raises $2 million, the clinic will close.",
        '"If we lose two more games, we are out," she said.',
        "The pier shuts if winds pass 60 km/h.",
    ],
)
def test_a_figure_in_a_condition_is_no_figure(sentence: str) -> None:
    assert values(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # an owner or a sentence's end before a number is no name ("Boeing 737")
        ("Gunships destroyed Rahman's three helicopters.", ["three"]),
        ("The chain's 500 stores closed for the day.", ["500"]),
        ('"Six men died in the square. Nineteen more were hurt," he said.', ["Six", "Nineteen"]),
        ("The workers' 12 demands were met.", ["12"]),
    ],
)
def test_an_owner_or_a_full_stop_before_a_count_is_no_name(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


def test_more_of_a_toll_is_labelled_by_what_was_done() -> None:
    sentence = "Six men died in the square, and nineteen more were hurt."
    found = {
        c.fact.value: c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])
    }
    assert found["nineteen"] == "hurt"


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The envoy set a 48-hour deadline for the talks.", ["48-hour"]),
        ("Lenders face a 30-day deadline to repay.", ["30-day"]),
        ("The club has a 14-day deadline to appeal.", ["14-day"]),
    ],
)
def test_a_deadline_s_length_is_a_term(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a rough count with what was done to those it counts, and no "of"
        (
            "At least 20 people were killed and hundreds injured in the riots.",
            ["At least 20", "hundreds"],
        ),
        ("Thousands were evacuated as the river rose.", ["Thousands"]),
        ("Dozens arrested after the match were released.", ["Dozens"]),
        # a few whose owner is named are counted, not referred back to
        ("The trawler sank and its 15 man crew was thrown into the sea.", ["15"]),
        ("Their three children were rescued from the roof.", ["three"]),
        ("Six teenagers were buried in Gaza on Friday.", ["Six"]),
    ],
)
def test_rough_or_owned_counts_of_people_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        # "others" with no figure before: the others and what was done to them
        (
            "A guard was killed and three others wounded in the raid.",
            "three",
            "others wounded in the raid",
        ),
        ("One driver died and four others were injured.", "four", "others injured"),
        ("A nurse fled, but six others were detained.", "six", "others detained"),
        # the participle before a counted noun, or after it, says what happened to it
        ("Police said they had detained 160 suspects.", "160", "suspects detained"),
        ("Officials have recorded 18 holiday deaths.", "18", "holiday deaths recorded"),
        # a phrase after the figure ends before its verb
        (
            "The firm lost up to 6 petabytes of user data saved on the drives.",
            "up to 6 petabytes",
            "of user data",
        ),
    ],
)
def test_what_was_done_to_those_a_figure_counts_is_its_label(
    sentence: str, value: str, label: str
) -> None:
    found = {
        c.fact.value: c.fact.label for c in candidates([Sentence(0, 0, len(sentence), sentence)])
    }
    assert found.get(value) == label, found


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # votes and seats are counted even when few: they decide the story
        ("The motion fell eight votes short of the majority it needed.", ["eight"]),
        ("The bill passed by 15 votes to nine.", ["15"]),
        ("The party lost four seats in the north.", ["four"]),
    ],
)
def test_a_few_votes_or_seats_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence)[:1] == kept


@pytest.mark.parametrize("verb", ["killed", "wounded", "shot dead", "killing", "evacuated"])
def test_a_toll_told_by_its_verb_weighs_like_a_toll(verb: str) -> None:
    def score(text: str) -> float:
        return candidates([Sentence(0, 0, len(text), text)])[0].score

    toll, met = (score(f"Gunmen {v} 19 people at the museum.") for v in (verb, "met"))
    assert toll - met == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a distance that names a race or a title says which one, not how far
        ("Mia Cole won the 200 metres freestyle, beating 11 rivals.", ["11"]),
        ("The former 800 metres champion will coach 40 young runners.", ["40"]),
        ("He set a record in the 50 metres butterfly, and 3,000 fans cheered.", ["3,000"]),
        # a distance run or swum is still a figure
        ("The relief crews drove 400 kilometres through the night.", ["400 kilometres"]),
    ],
)
def test_a_distance_that_names_a_race_is_no_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


def _essay_box(paragraphs: list[str]) -> list[str]:
    sentences = [Sentence(i, 0, len(t), t) for i, t in enumerate(paragraphs)]
    return [f.value for f in choose(candidates(sentences))]


def test_what_a_writer_counts_in_their_own_story_is_colour() -> None:
    essay = [
        "I moved to the coast when my daughter was small, and I never looked back.",
        "For 12 years I ran a bakery with two ovens and a van that broke down every winter.",
        "My rent went up by 40% last spring, and I sold the van for $3,000.",
        "I still bake 30 loaves on Sundays, mostly for me and my neighbours.",
    ]
    assert _essay_box(essay) == ["40%", "$3,000"]  # money and shares still tell the story
    report = [
        "The bakery on the coast has baked 30 loaves a day for 12 years.",
        '"I never looked back," its owner said, "and I sold the van for $3,000."',
        "Rents in the town rose by 40% last spring, the council says.",
    ]
    assert _essay_box(report) == ["30", "$3,000", "40%"]  # a report counts, quoting the owner


def test_a_few_of_two_things_are_two_figures() -> None:
    # the same small number counting other things is another figure (a large one is the same)
    story = [
        "Two guards opened the gate for the convoy.",
        "Two villagers were killed and 40 were hurt when the shells fell.",
    ]
    facts = choose(candidates([Sentence(i, 0, len(t), t) for i, t in enumerate(story)]))
    assert [(f.value, f.label) for f in facts] == [
        ("Two", "guards opened the gate"),
        ("Two", "villagers killed"),
        ("40", "hurt"),
    ]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Three months after the flood, the town reopened its school.", []),
        ("Ten years since the mine closed, 400 jobs have come back.", ["400"]),
        ("Two weeks to the day since the fire, the mayor spoke.", []),
        ("The troops will stay for five years after the truce.", ["five years"]),  # how long
        # the time since an event, "on from" it, pegs the story to it (DEV: leesim-31)
        ("The council stood by its plan two years on from the storm.", []),
        ("Six months on, the mill has rehired 80 staff.", ["80"]),
        ("Rebuilding took 18 months on a budget of $2 million.", ["18 months", "$2 million"]),
    ],
)
def test_time_told_from_an_event_is_when_not_a_figure(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("The visitors were 4 for 212 at stumps.", "4 for 212", "visitors"),
        ("The hosts closed the day at 5 for 198.", "5 for 198", "hosts"),
        ("Chasing 300, the hosts ended on 8 for 251 with two overs left.", "8 for 251", "hosts"),
        ("The stall sold 3 for 10 apples.", "10", "apples"),  # no innings: a price
    ],
)
def test_an_innings_is_one_figure_of_wickets_for_runs(
    sentence: str, value: str, label: str
) -> None:
    facts = candidates([Sentence(0, 0, len(sentence), sentence)])
    assert [(c.fact.value, c.fact.label) for c in facts] == [(value, label)]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The poet died at home on Sunday, aged 81.", ["81"]),
        ("Sam Reed, 47, was killed when the bridge fell.", ["47"]),
        ("The painter, who died of a stroke at age 66, left no will.", ["66"]),
        ("Sam Reed, 47, said the bridge was safe.", []),  # the age of one who speaks
        ("A 47-year-old driver died in the crash.", []),  # a victim described by age
    ],
)
def test_the_age_at_death_of_who_died_is_news(sentence: str, kept: list[str]) -> None:
    facts = [c.fact for c in candidates([Sentence(0, 0, len(sentence), sentence)])]
    assert [f.value for f in facts] == kept
    assert all(f.label == "age at death" for f in facts)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Police held one man, but four others with rifles remain inside the bank.", ["four"]),
        ("Two miners were hurt; three others might have left before the blast.", ["Two"]),  # may
        ("The roof fell and two pupils died when the hall flooded.", ["two"]),
    ],
)
def test_a_few_others_or_a_few_who_died_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Our swimmers won nine of the 12 races.", ["nine of the 12"]),
        ("Six of the 15 sailors were rescued.", ["Six of the 15"]),
        ("Two of the three wells ran dry.", ["Two of the three"]),
        ("She is one of the seven judges.", []),  # one of a group: which, not how many
        # one of a person's few picks one of a set, as "one of the" does (DEV: leesim-13)
        ("The coach will face one of his three assistants in the vote.", []),
        ("Either of their two sons could take over the farm.", []),
    ],
)
def test_a_share_of_a_counted_whole_is_one_figure(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a few organised groups, said who they are, act in the story: news (the fourth Lee
        # batch: militant groups offering a truce, suicide squads, political factions)
        ("The talks were boycotted by three rebel groups from the north.", ["three"]),
        ("Officials said five armed squads had crossed the border.", ["five"]),
        ("The deal was signed by four opposition factions.", ["four"]),
        # a bare "two groups" sorts what the story tells about: an enumerator
        ("The survey split the pupils into two groups.", []),
    ],
)
def test_a_few_named_groups_are_news(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a few after "the", "these" or "other" refer back to what the story told: no figure
        ("The two countries met again, and one of them won.", []),
        ("The two painters, whose gap in age is 40 years, met in Rome.", []),
        ("Read the first half of the report, then the other half.", []),
        ("These three people kept the old craft alive.", []),
        # but a lead's "the three soldiers killed", "all four crew members" tell people first
        ("The three passengers hurt in the crash were from one town.", ["three"]),
        ("All six crew members of the trawler have been found alive.", ["six"]),
    ],
)
def test_a_few_told_before_refer_back_but_a_first_count_of_people_is_news(
    sentence: str, kept: list[str]
) -> None:
    assert _box(sentence) == kept


def test_the_same_few_told_again_refer_back() -> None:
    first = "Three climbers died on the ridge on Sunday."
    again = "The three climbers were from one club."
    found = candidates([Sentence(0, 0, len(first), first), Sentence(1, 0, len(again), again)])
    assert [c.fact.sentence for c in found] == [first]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a count joined to "strong", "member" or "man" gives a body's size: news (the fourth Lee
        # batch: a multinational force, a ruling council, a delegation)
        ("The city will host a 2,000-strong peacekeeping force.", ["2,000-strong"]),
        ("Rebels agreed to a 31-member transition council.", ["31-member"]),
        # a count joined to another word says what kind of thing a noun is
        ("The party won a majority in the 150-seat chamber.", []),
    ],
)
def test_a_body_s_size_is_a_figure(sentence: str, kept: list[str]) -> None:
    assert values(sentence) == kept


def test_a_body_s_size_is_labelled_by_the_body_and_a_small_one_is_colour() -> None:
    sentence = "A 2,000-strong peacekeeping force will relieve a six-member crew of monitors."
    found = candidates([Sentence(0, 0, len(sentence), sentence)])
    assert [(c.fact.value, c.fact.label) for c in found] == [("2,000-strong", "peacekeeping force")]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # the lead tells a killing of someone described by age: the story's subject (DEV:
        # leesim-30, lee-157, lee-181), labelled by who it is
        (
            "Detectives are hunting a driver who ran a 62-year-old cyclist down to her death.",
            [("62", "age of the cyclist")],
        ),
        (
            "A jury heard the case against a nurse charged with the murder of a four-year-old boy.",
            [("four", "age of the boy")],
        ),
        (
            "A landslide hit the village overnight and claimed the life of a 71-year-old farmer.",
            [("71", "age of the farmer")],
        ),
        # a victim who died, an age past a comma, or an age told later: described by age
        ("A 47-year-old driver died in the crash.", []),
        ("The blast caused one death, and a 33-year-old baker was hurt.", []),
    ],
)
def test_the_age_of_one_the_lead_tells_was_killed_is_news(
    sentence: str, kept: list[tuple[str, str]]
) -> None:
    found = candidates([Sentence(0, 0, len(sentence), sentence)])
    assert [(c.fact.value, c.fact.label) for c in found] == kept


def test_an_age_at_a_death_told_after_the_lead_is_incidental() -> None:
    lead = "Four men have been charged after a brawl outside a club."
    later = "The fight began over the murder of a 19-year-old student last spring."
    found = candidates([Sentence(0, 0, len(lead), lead), Sentence(1, 0, len(later), later)])
    assert [c.fact.value for c in found] == ["Four"]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # a few joined by "and" to a count of people or of harm count people too (DEV:
        # leesim-09, lee-213, lee-281)
        ("The shelling left six soldiers dead and four wounded overnight.", ["six", "four"]),
        (
            "The avalanche killed 12 skiers, most of them students, and two instructors.",
            ["12", "two"],
        ),
        ("The firm was fined over the deaths of 15 hikers and three porters.", ["15", "three"]),
        # a count told as possible is no count, nor a few things with no count of people before
        ("Two guards were shot, and three others may have fled.", ["Two"]),
        ("The shop sold two lamps and three chairs.", []),
    ],
)
def test_a_few_joined_to_a_count_of_people_count_people(sentence: str, kept: list[str]) -> None:
    assert _box(sentence) == kept


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # "N of them X" after a count counts the X among them (DEV: lee-213, lee-263, lee-250)
        (
            "The fire killed 30 workers, 25 of them women, at the plant.",
            [("30", "workers killed"), ("25", "women")],
        ),
        (
            "Storms hit 40 farms, half of them dairy farms, last week.",
            [("40", "farms"), ("half", "dairy farms")],
        ),
        # a part with nothing said of it, or with a verb after "them", is told by its count
        ("Police held 40 men; 15 of them were freed.", [("40", "men")]),
    ],
)
def test_a_part_of_them_named_is_labelled_by_its_name(
    sentence: str, kept: list[tuple[str, str]]
) -> None:
    found = candidates([Sentence(0, 0, len(sentence), sentence)])
    assert [(c.fact.value, c.fact.label) for c in found] == kept


def _ranked_box(texts: list[str]) -> list[str]:
    """Return the values of the box made of TEXTS, one sentence a block."""
    return [
        f.value
        for f in choose(candidates([Sentence(i, 0, len(t), t) for i, t in enumerate(texts)]))
    ]


_SPENT = [
    "roads",
    "schools",
    "parks",
    "libraries",
    "bridges",
    "sewers",
    "street lights",
    "bus shelters",
]
_MONEY = [
    f"The town put ${12 + i} million into its {w} over the winter." for i, w in enumerate(_SPENT)
]


@pytest.mark.parametrize(("crowd", "kept"), [("residents", True), ("bottles", False)])
def test_a_count_of_people_weighs_as_a_sum_of_money(crowd: str, kept: bool) -> None:
    # Nine figures for eight slots: a large count of people outranks the smallest sum, a
    # count of things does not.
    lead = "The town hall argued for hours over where the tax money had gone."
    counted = f"About 45 million {crowd} passed through the depot last year."
    box = _ranked_box([lead, *_MONEY[:4], counted, *_MONEY[4:]])
    assert ("About 45 million" in box) is kept
    assert ("$19 million" in box) is not kept


_TASKS = ["cleared the trail", "searched the woods", "waited at the gate", "walked the shore",
          "watched the river", "checked the huts", "called the lodges", "mapped the caves",
          "swept the fields"]  # fmt: skip
_HOURS = [f"Volunteers {t} for {i + 3} hours on the second day." for i, t in enumerate(_TASKS)]


def test_the_lead_s_figure_outranks_later_ones_of_its_weight() -> None:
    # The first sentence says what the story is about: its figure is kept before nine
    # durations told later, but not when the same sentence comes second.
    rescue = "Six students were lifted off the cliff by a helicopter at dawn."
    assert "Six" in _ranked_box([rescue, *_HOURS])
    assert "Six" not in _ranked_box([_HOURS[0], rescue, *_HOURS[1:]])
