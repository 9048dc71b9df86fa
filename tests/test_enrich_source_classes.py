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
