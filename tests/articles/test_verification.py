"""Matching quotes, speakers and references against a source's text (brieftext/verification.py)."""

from datetime import date

import pytest

from brieftext.parser import Reference
from brieftext.verification import (
    ArchivedSource,
    SourceText,
    match_quote,
    metadata_differences,
    names_in,
    names_near,
    speaker_named,
)

SOURCE = SourceText(
    "JERUSALEM — Israel's foreign minister, Eli Cohen, said: \"Every visit of an American secretary "
    'of state is historic and important."\n'
    'Blinken said the US and Israel share a "common commitment" to a two-state solution, and that '
    "anything moving away from it was detrimental to Israel's long-term security.\n"
    "He urged both sides to take “urgent steps to restore calm”, adding that Washington's support "
    "was 'ironclad' — whatever came next."
)


@pytest.mark.parametrize(
    "quote",
    [
        "every visit of an American secretary of state is historic and important",
        "EVERY VISIT of an american   secretary of state",
        "detrimental to Israel’s long‑term security",
        "detrimental to Israel's long - term security",
        "Washington’s support was “ironclad” – whatever came next",
        "urgent steps to restore calm.",
    ],
)
def test_quote_marks_apostrophes_dashes_space_and_case_do_not_matter(quote):
    assert match_quote(quote, SOURCE).found


def test_an_ellipsis_stands_for_left_out_words():
    match = match_quote("Every visit … is historic and important", SOURCE)

    assert match.found
    assert match.passage == "Every visit of an American secretary of state is historic and important"


@pytest.mark.parametrize("omission", ["...", ". . .", "[…]", "[...]"])
def test_every_way_of_writing_an_omission(omission):
    assert match_quote(f"Every visit {omission} historic", SOURCE).found


def test_brackets_stand_for_the_editors_words():
    assert match_quote("[The Israeli-US relationship] was 'ironclad'", SOURCE).found
    assert match_quote("anything moving away from [the two-state solution] was detrimental", SOURCE).found


def test_an_ellipsis_does_not_let_words_come_in_another_order():
    assert not match_quote("historic and important … Every visit", SOURCE).found


def test_a_changed_word_is_an_altered_quote_with_the_source_wording():
    match = match_quote("every visit of an American secretary of state is historic and essential", SOURCE)

    assert match.altered
    assert match.passage == "Every visit of an American secretary of state is historic and important"
    assert 0.8 <= match.score < 1


def test_words_not_in_the_source_give_the_closest_passage_and_its_score():
    match = match_quote("we will never negotiate with anyone over Jerusalem", SOURCE)

    assert not match.found and not match.altered
    assert match.score < 0.5
    assert match.passage


def test_a_quote_of_punctuation_only_is_not_looked_for():
    assert match_quote("…", SOURCE) is None
    assert match_quote("anything", SourceText("")) is None


def test_names_in_a_source_leave_titles_off():
    names = [
        name.name for name in names_in("Foreign Minister Eli Cohen met Secretary of State Antony J. Blinken.")
    ]

    assert names == ["Eli Cohen", "Antony J. Blinken"]


def test_a_speaker_is_named_by_a_full_name_or_a_surname_nobody_else_has():
    names = names_in("Foreign Minister Eli Cohen spoke first. Blinken answered. Cohen left.")

    assert speaker_named(["Eli Cohen"], names)
    assert speaker_named(["Antony Blinken", "Blinken"], names)
    assert not speaker_named(["Gabi Cohen", "Cohen"], names)
    assert not speaker_named(["Isaac Herzog", "Herzog"], names)


def test_names_near_the_words_sharing_the_speakers_come_first():
    text = "Isaac Herzog hosted the visit. Eli Cohen said every visit is historic."
    names = names_in(text)
    start = text.index("every visit")

    assert names_near(names, ["Gabi Cohen"], start, start + 20) == ["Eli Cohen", "Isaac Herzog"]


def reference(title="Blinken urges calm", outlet="The Guardian", published_on=date(2023, 1, 30)):
    return Reference(key=0, title=title, outlet=outlet, published_on=published_on, url="", line=0)


def test_metadata_agrees_despite_the_site_name_in_the_title_and_a_day_of_time_zones():
    page = ArchivedSource(
        text="…",
        title="Blinken urges calm | World news | The Guardian",
        site_name="the Guardian",
        published_on=date(2023, 1, 31),
    )

    assert metadata_differences(reference(), page) == []


def test_metadata_differences_name_what_differs():
    page = ArchivedSource(
        text="…",
        title="Netanyahu forms a government",
        site_name="Al Jazeera",
        published_on=date(2022, 12, 29),
    )

    assert metadata_differences(reference(), page) == [
        ("title", "Blinken urges calm", "Netanyahu forms a government"),
        ("outlet", "The Guardian", "Al Jazeera"),
        ("date", date(2023, 1, 30), date(2022, 12, 29)),
    ]


def test_what_the_page_does_not_state_is_not_compared():
    assert metadata_differences(reference(), ArchivedSource(text="…")) == []
