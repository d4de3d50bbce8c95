"""Merging People: the bogus entries a guess once made, and one person filed twice."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Byline, Quote
from sources.models import Person
from sources.services import people_merge
from tests.builders import make_article, make_person, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:sources_person_changelist")


@pytest.fixture
def twice_filed():
    """Ana Ruiz filed twice, each with a quote and a byline on one brief; a bogus “Pont Bonaparte”."""
    article = make_article(
        body="“Soon,” Ana Ruiz said.[0] “Later,” Ruiz said.[0] “Never,” one visitor said.[0]"
    )
    ruiz = make_person(full_name="Ana Ruiz", role="Mayor")
    again = make_person(full_name="Ana Ruiz", other_names="Ruiz\nMayor Ruiz", organisation="City Hall")
    bogus = make_person(full_name="Pont Bonaparte")
    soon, later, never = article.quotes.order_by("position")
    Quote.objects.filter(pk=soon.pk).update(speaker=ruiz)
    Quote.objects.filter(pk=later.pk).update(speaker=again)
    Quote.objects.filter(pk=never.pk).update(speaker=bogus)
    Byline.objects.create(article=article, person=ruiz)
    Byline.objects.create(article=article, person=again, position=1)
    return {"article": article, "ruiz": ruiz, "again": again, "bogus": bogus}


def test_merging_moves_quotes_and_bylines_and_keeps_the_names(twice_filed):
    ruiz, again = twice_filed["ruiz"], twice_filed["again"]
    superuser = make_staff("chief", is_superuser=True)

    people_merge(keep=ruiz, merged=[ruiz, again], user=superuser)

    assert list(Person.objects.filter(full_name="Ana Ruiz")) == [ruiz]
    assert Quote.objects.filter(speaker=ruiz).count() == 2
    assert list(Byline.objects.filter(article=twice_filed["article"]).values_list("person", flat=True)) == [
        ruiz.pk
    ]
    ruiz.refresh_from_db()
    assert (ruiz.role, ruiz.organisation, ruiz.names) == (
        "Mayor",
        "City Hall",
        ["Ana Ruiz", "Ruiz", "Mayor Ruiz"],
    )
    assert set(ruiz.name_words.values_list("word", flat=True)) == {"ana", "ruiz", "mayor"}


def test_merging_needs_the_right_to_delete_people(twice_filed):
    editor = make_staff("an-editor", "Editor")

    with pytest.raises(PermissionDenied):
        people_merge(keep=twice_filed["ruiz"], merged=[twice_filed["bogus"]], user=editor)

    assert Person.objects.count() == 3


def test_the_admin_action_asks_who_stays_then_merges(client, twice_filed):
    client.force_login(make_staff("chief", is_superuser=True))
    ruiz, bogus = twice_filed["ruiz"], twice_filed["bogus"]
    chosen = {"action": "merge_people", "_selected_action": [ruiz.pk, bogus.pk]}

    asked = client.post(CHANGELIST, chosen)

    assert asked.status_code == 200
    assert "Choose who stays" in asked.content.decode()
    assert Person.objects.count() == 3

    merged = client.post(CHANGELIST, {**chosen, "keep": ruiz.pk, "merge": "Merge"}, follow=True)

    assert merged.status_code == 200
    assert "Merged 1 into Ana Ruiz." in merged.content.decode()
    assert not Person.objects.filter(pk=bogus.pk).exists()
    assert Quote.objects.filter(speaker=ruiz).count() == 2


def test_editors_without_the_right_to_delete_are_not_offered_the_merge(client, twice_filed):
    client.force_login(make_staff("an-editor", "Editor"))

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "merge_people" not in response.content.decode()
