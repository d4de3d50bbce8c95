"""The speaker directory a brief is checked with: its people read once, the speaker rules run once."""

import pytest

from brieftext.parser import parse_body
from brieftext.speakers import attribute_quotes
from sources import directory as services
from sources.directory import SpeakerDirectory, known_people, people_for
from tests.builders import make_person

pytestmark = pytest.mark.django_db

BODY = "Blinken said the talks were “frank”.[0] Cohen added that they had been “useful”.[0]"


def test_the_people_are_read_once_until_one_is_added(django_assert_num_queries):
    make_person(full_name="Antony Blinken")
    directory = SpeakerDirectory(parse_body(BODY))

    with django_assert_num_queries(1):
        assert [person.full_name for person in directory.rows] == ["Antony Blinken"]
        assert [person.full_name for person in directory.rows] == ["Antony Blinken"]

    make_person(full_name="Gabi Cohen")
    directory.changed()

    assert [person.full_name for person in directory.rows] == ["Antony Blinken", "Gabi Cohen"]


def test_its_people_are_those_people_for_gives():
    make_person(full_name="Antony Blinken")
    chosen = make_person(full_name="Dana Quill")
    body = parse_body(BODY)

    assert SpeakerDirectory(body).people(chosen) == people_for(body, chosen)


def test_the_speaker_rules_run_once_for_each_list_of_people(monkeypatch):
    runs = []

    def counted(body, people):
        runs.append(people)
        return attribute_quotes(body, people)

    monkeypatch.setattr(services, "attribute_quotes", counted)
    body = parse_body(BODY)
    directory = SpeakerDirectory(body)
    blinken = known_people([make_person(full_name="Antony Blinken")])
    both = [*blinken, *known_people([make_person(full_name="Gabi Cohen")])]

    first = directory.attributions(blinken)
    again = directory.attributions(list(blinken))
    other = directory.attributions(both)

    assert first is again
    assert len(runs) == 2
    assert (first, other) == (attribute_quotes(body, blinken), attribute_quotes(body, both))
