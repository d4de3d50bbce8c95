"""The speaker rules read only the people a brief may name, found through the words of their names."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import article_attribute_speakers
from brieftext.parser import parse_body
from review.services import article_report
from sources.directory import people_for
from sources.models import Person, PersonNameWord
from tests.builders import make_article, make_person

pytestmark = pytest.mark.django_db

BODY = "Blinken said the talks were “frank”.[0] Officials agreed.[0]"


def crowd(count):
    """People no brief below names."""
    Person.objects.bulk_create(
        Person(full_name=f"Unrelated Person{n}", slug=f"unrelated-{n}") for n in range(count)
    )


def test_saving_a_person_indexes_every_word_of_their_names():
    person = make_person(full_name="Antony  Blinken", other_names="Antony J. Blinken\nTony")

    assert set(person.name_words.values_list("word", flat=True)) == {"antony", "blinken", "j.", "tony"}


def test_editing_a_persons_other_names_replaces_their_words():
    person = make_person(full_name="Antony Blinken", other_names="Tony")

    person.other_names = "Secretary Blinken"
    person.save()

    assert set(person.name_words.values_list("word", flat=True)) == {"antony", "blinken", "secretary"}
    assert not PersonNameWord.objects.filter(word="tony").exists()


def test_only_people_sharing_a_word_with_the_body_are_read():
    blinken = make_person(full_name="Antony Blinken")
    crowd(50)

    people = people_for(parse_body(BODY))

    assert [person.full_name for person in people] == [blinken.full_name]


def test_a_surname_alone_still_finds_the_person_among_many():
    make_person(full_name="Antony Blinken", role="US Secretary of State")
    crowd(200)
    article = make_article(body=BODY)

    article_attribute_speakers(article=article)

    quote = article.quotes.get()
    assert quote.speaker.full_name == "Antony Blinken"
    assert Person.objects.filter(full_name__contains="Blinken").count() == 1  # found, not created again


def test_checking_a_brief_costs_the_same_queries_however_many_people_are_stored():
    make_person(full_name="Antony Blinken")
    article = make_article(body=BODY)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            report = article_report(article)
        assert report.attributions[0].name == "Antony Blinken"
        return len(captured)

    few = queries()
    crowd(300)

    assert queries() == few


def test_a_speaker_chosen_by_an_editor_is_known_even_if_the_body_never_names_them():
    spokesperson = make_person(full_name="Dana Quill")
    article = make_article(body="The ministry said it was “monitoring”.[0]")
    article.quotes.update(speaker=spokesperson, speaker_confirmed=True)

    report = article_report(article)

    assert report.attributions[0].person is not None
    assert report.attributions[0].person.full_name == "Dana Quill"
