"""Sources, outlets and people, and the database rules that protect what cites them.

Constraints are exercised with `objects.create()`, bypassing every form, so they
show what the database itself refuses.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import Article, Citation
from sources.models import Outlet, Person, Source
from tests.builders import make_article, make_outlet, make_person, make_source

pytestmark = pytest.mark.django_db


def refused_by_database(create, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        create(**fields)


def test_outlet_name_is_unique_ignoring_case():
    Outlet.objects.create(name="The Guardian")

    refused_by_database(Outlet.objects.create, name="the guardian")

    assert list(Outlet.objects.values_list("name", flat=True)) == ["The Guardian"]


def test_outlet_form_validation_explains_the_duplicate_name():
    Outlet.objects.create(name="The Guardian")

    with pytest.raises(ValidationError) as caught:
        Outlet(name="THE GUARDIAN", slug="the-guardian-2").full_clean()

    assert caught.value.messages == ["An outlet with this name already exists."]


def test_outlet_slugs_are_made_unique():
    first = Outlet.objects.create(name="Reuters")
    second = Outlet.objects.create(name="Reuters!")

    assert (first.slug, second.slug) == ("reuters", "reuters-2")


def test_outlet_homepage_must_be_a_web_link():
    refused_by_database(Outlet.objects.create, name="Evil", homepage="javascript:alert(1)")


def test_source_is_unique_per_outlet_title_and_date():
    outlet = make_outlet()
    make_source(outlet=outlet, title="Same title", published_on=date(2023, 1, 30))

    refused_by_database(make_source, outlet=outlet, title="Same title", published_on=date(2023, 1, 30))

    make_source(outlet=outlet, title="Same title", published_on=date(2023, 1, 31))
    make_source(outlet=make_outlet(), title="Same title", published_on=date(2023, 1, 30))
    assert Source.objects.filter(title="Same title").count() == 3


def test_source_link_is_unique_when_given():
    make_source(url="https://example.org/story")

    refused_by_database(make_source, url="https://example.org/story")


def test_several_sources_may_have_no_link():
    make_source(url="")
    make_source(url="")
    make_source()

    assert Source.objects.filter(url="").count() == 3


@pytest.mark.parametrize("field", ["url", "archived_url"])
@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/file"])
def test_source_links_must_be_web_links(field, link):
    refused_by_database(make_source, **{field: link})


def test_source_form_validation_rejects_javascript_links():
    source = Source(
        title="T", outlet=make_outlet(), published_on=date(2023, 1, 30), url="javascript:alert(1)"
    )

    with pytest.raises(ValidationError) as caught:
        source.full_clean()

    assert set(caught.value.message_dict) == {"url"}


def test_citation_key_is_unique_per_article():
    article = make_article(body="Cited.[0]")

    refused_by_database(Citation.objects.create, article=article, key=0, source=make_source())

    Citation.objects.create(
        article=make_article(body="Also cited.[0]", references={}), key=0, source=make_source()
    )


def test_published_article_must_have_a_publication_time():
    refused_by_database(
        Article.objects.create,
        headline="H",
        slug="h",
        body="B.",
        status=Article.Status.PUBLISHED,
        published_at=None,
    )

    Article.objects.create(headline="H", slug="h", body="B.", status=Article.Status.DRAFT, published_at=None)


def test_outlet_with_sources_cannot_be_deleted():
    source = make_source()

    with pytest.raises(ProtectedError):
        source.outlet.delete()

    assert Outlet.objects.filter(pk=source.outlet_id).exists()


def test_outlet_without_sources_can_be_deleted():
    outlet = make_outlet()

    outlet.delete()

    assert not Outlet.objects.exists()


def test_cited_source_cannot_be_deleted():
    source = make_source()
    make_article(body="Cited.[0]", references=[source])

    with pytest.raises(ProtectedError):
        source.delete()

    assert Source.objects.filter(pk=source.pk).exists()


def test_quoted_person_cannot_be_deleted():
    person = make_person()
    article = make_article(body="She said “yes”.[0]")
    article.quotes.update(speaker=person)

    with pytest.raises(ProtectedError):
        person.delete()

    assert Person.objects.filter(pk=person.pk).exists()


def test_author_with_a_byline_cannot_be_deleted():
    person = make_person()
    make_article().bylines.create(person=person)

    with pytest.raises(ProtectedError):
        person.delete()


def test_deleting_an_article_keeps_its_sources():
    source = make_source()
    article = make_article(body="Cited.[0]", references=[source])

    article.delete()

    assert Source.objects.filter(pk=source.pk).exists()
    assert not Citation.objects.exists()


def test_person_names_lists_full_name_then_other_names():
    person = make_person(full_name="Antony Blinken", other_names="Antony J. Blinken\n\n  Blinken  \n")

    assert person.names == ["Antony Blinken", "Antony J. Blinken", "Blinken"]
    assert person.slug == "antony-blinken"


def test_source_str_names_outlet_and_date():
    source = make_source(
        title="A story", outlet=make_outlet(name="The Guardian"), published_on=date(2023, 1, 30)
    )

    assert str(source) == "A story (The Guardian, 30 Jan 2023)"
