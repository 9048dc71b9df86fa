"""Sentences of a text with a run-on quotation: one quoted across several paragraphs that a feed
has joined, each paragraph leaving the quotation open and the next opening it again."""

from __future__ import annotations

from publish.model.sentences import split_spans


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_spans(text)]


def test_the_sentences_after_a_run_on_quotation_end_at_their_own_full_stops() -> None:
    """Pairing the marks in order would read the narration between the run-on quotation and
    the next one as quoted and keep it one sentence."""
    text = (
        'Ferry captain Ana Cole said the pier was shut. "We lost two boats in March.'
        ' "The insurers paid for one and the council for the other." The harbour reopened in'
        ' June. Crews worked at night. The council said it had the "support of every owner".'
        " Its leader thanked the crews. Repairs cost little."
    )
    assert _sentences(text) == [
        "Ferry captain Ana Cole said the pier was shut.",
        '"We lost two boats in March.',
        '"The insurers paid for one and the council for the other."',
        "The harbour reopened in June.",
        "Crews worked at night.",
        'The council said it had the "support of every owner".',
        "Its leader thanked the crews.",
        "Repairs cost little.",
    ]


def test_a_quotation_run_on_over_three_paragraphs_gives_each_its_sentence() -> None:
    text = (
        '"The river rose overnight," warden Li Wei said. "Nobody expected it this early.'
        ' "The school is closed and the road is under water. "We will know more tomorrow."'
        " The army sent two trucks."
    )
    assert _sentences(text) == [
        '"The river rose overnight," warden Li Wei said.',
        '"Nobody expected it this early.',
        '"The school is closed and the road is under water.',
        '"We will know more tomorrow."',
        "The army sent two trucks.",
    ]


def test_a_run_on_quotation_in_curly_marks_keeps_each_mark_on_its_sentence() -> None:
    text = (
        "Ferry captain Ana Cole said the pier was shut. \u201cWe lost two boats in March."
        " \u201cThe insurers paid for one.\u201d The harbour reopened in June. Crews worked at night."
    )
    assert _sentences(text) == [
        "Ferry captain Ana Cole said the pier was shut.",
        "\u201cWe lost two boats in March.",
        "\u201cThe insurers paid for one.\u201d",
        "The harbour reopened in June.",
        "Crews worked at night.",
    ]


def test_abbreviations_initials_and_decimals_in_a_run_on_quotation_end_no_sentence() -> None:
    text = (
        '"Dr. Sara Holm paid 2.5 million for the hall. "Mr. J. K. Obi met her at the U.S.'
        ' office on Friday," she said. The hall opens at 9 a.m. on Monday. Tickets are free.'
        ' The mayor called it "a gift".'
    )
    assert _sentences(text) == [
        '"Dr. Sara Holm paid 2.5 million for the hall.',
        '"Mr. J. K. Obi met her at the U.S. office on Friday," she said.',
        "The hall opens at 9 a.m. on Monday.",
        "Tickets are free.",
        'The mayor called it "a gift".',
    ]


def test_a_quotation_closed_before_the_next_opens_is_not_a_run_on() -> None:
    """A closed quotation ends where its attribution does: its sentences stay one, and a
    quotation that follows is a sentence of its own."""
    text = (
        '"We came at dawn. We left at noon," guide Omar Said told us. "The path was steep."'
        ' He called the climb "hard work". "It was worth it."'
    )
    assert _sentences(text) == [
        '"We came at dawn. We left at noon," guide Omar Said told us.',
        '"The path was steep."',
        'He called the climb "hard work".',
        '"It was worth it."',
    ]


def test_a_title_after_a_lower_case_word_stays_with_its_name() -> None:
    # sentencex cuts after "Ms." when a lower-case word comes before it (a web news page
    # of US style, where every title takes its dot): the title and the name are one sentence
    text = "Aides close to Ms. Ortega said she would stay. The vote is on Friday."
    assert [text[a:b] for a, b in split_spans(text)] == [
        "Aides close to Ms. Ortega said she would stay.",
        "The vote is on Friday.",
    ]
