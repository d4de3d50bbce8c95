import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from sources.models import Outlet, Person, Source
from tests.builders import make_article, make_outlet, make_person, make_source

pytestmark = pytest.mark.django_db

SOURCES_MODELS = sorted(
    (model for model in apps.get_app_config("sources").get_models() if admin.site.is_registered(model)),
    key=lambda model: model._meta.label,
)
PROTECTED_EXPLANATION = "would require deleting the following protected related objects"


def admin_url(model, action, *args):
    return reverse(admin_urlname(model._meta, action), args=args)


def label(model):
    return model._meta.label


def test_outlets_sources_and_people_are_in_the_admin():
    assert {Outlet, Source, Person} <= set(SOURCES_MODELS)


@pytest.mark.parametrize("model", SOURCES_MODELS, ids=label)
def test_changelist_loads_with_data(editor_client, admin_data, model):
    response = editor_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", SOURCES_MODELS, ids=label)
def test_changelist_search_loads(editor_client, admin_data, model):
    response = editor_client.get(admin_url(model, "changelist"), {"q": "Guardian"})

    assert response.status_code == 200


@pytest.mark.parametrize("model", SOURCES_MODELS, ids=label)
def test_add_form_loads(editor_client, admin_data, model):
    assert editor_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", SOURCES_MODELS, ids=label)
def test_change_form_loads(editor_client, admin_data, model):
    for row in model.objects.all():
        assert editor_client.get(admin_url(model, "change", row.pk)).status_code == 200


def test_outlet_changelist_counts_sources(editor_client, admin_data, parse_html):
    page = parse_html(editor_client.get(admin_url(Outlet, "changelist"), {"q": "Al Jazeera"}))

    cell = page.find("td", class_="field-source_count")
    assert cell.text == "2"
    outlet = Outlet.objects.get(name="Al Jazeera English")
    assert cell.find("a").attrs["href"] == f"{admin_url(Source, 'changelist')}?outlet__id__exact={outlet.pk}"


def test_source_changelist_counts_citing_briefs(editor_client, admin_data, parse_html):
    page = parse_html(editor_client.get(admin_url(Source, "changelist"), {"q": "Blinken calls for calm"}))

    assert page.find("td", class_="field-citation_count").text == "1 brief"


def test_cited_by_link_lists_exactly_the_citing_briefs(login, parse_html):
    """A brief listing the source twice is one brief; briefs citing other sources are not listed."""
    source = make_source(title="Storm shuts schools across region")
    once = make_article(headline="Cites it once", references=[source])
    twice = make_article(body="One.[0] Two.[1]", headline="Cites it twice", references=[source, source])
    make_article(headline="Cites another source")
    editor = login("editor")
    sources = parse_html(editor.get(admin_url(Source, "changelist"), {"q": "Storm shuts schools"}))
    link = sources.find("td", class_="field-citation_count").find("a")
    assert link.text == "2 briefs"

    response = editor.get(link.attrs["href"])

    assert response.status_code == 200
    briefs = parse_html(response).find("table", id="result_list").find_all("th", class_="field-headline")
    assert sorted(brief.text for brief in briefs) == sorted([once.headline, twice.headline])
    # The filter sidebar says which source it is (a <nav> up to Django 5.2, a <search> from 6.0).
    assert "Storm shuts schools across region" in parse_html(response).find(id="changelist-filter").text


@pytest.mark.parametrize("value", ["abc", "١", "-1"])
def test_a_malformed_source_in_the_cited_by_filter_is_not_an_error(login, value):
    response = login("editor").get(admin_url(Article, "changelist"), {"source": value})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_person_changelist_counts_quotes(editor_client, admin_data, parse_html):
    person = make_person(full_name="Quoted Twice")
    make_article(body="She said “yes” and “no”.[0]").quotes.update(speaker=person)

    page = parse_html(editor_client.get(admin_url(Person, "changelist"), {"q": "Quoted Twice"}))

    assert page.find("td", class_="field-quote_count").text == "2"


def add_rows(count):
    """`count` outlets, each with a source cited and a person quoted by a brief."""
    for _ in range(count):
        source = make_source(outlet=make_outlet(homepage="https://example.org/"))
        article = make_article(body="She said “yes”.[0]", references=[source])
        article.quotes.update(speaker=make_person(other_names="Another name"))


def changelist_queries(client, url, rows):
    """How many queries the changelist at `url` costs, checking it lists `rows` rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows
    return len(queries)


@pytest.mark.parametrize("model", SOURCES_MODELS, ids=label)
def test_changelist_query_count_does_not_grow_with_rows(editor_client, django_assert_num_queries, model):
    url = admin_url(model, "changelist")
    add_rows(3)
    queries_for_3 = changelist_queries(editor_client, url, rows=3)
    add_rows(27)

    with django_assert_num_queries(queries_for_3):
        changelist_queries(editor_client, url, rows=30)


def assert_delete_refused(client, model, row, parse_html):
    url = admin_url(model, "delete", row.pk)

    response = client.post(url, {"post": "yes"})

    assert response.status_code == 200
    page = parse_html(response)
    assert page.find("h1").text == "Cannot delete " + model._meta.verbose_name
    assert PROTECTED_EXPLANATION in response.content.decode()
    assert model.objects.filter(pk=row.pk).exists()
    return page


def test_deleting_an_outlet_with_sources_is_refused(editor_client, parse_html):
    source = make_source(title="Still needed")

    page = assert_delete_refused(editor_client, Outlet, source.outlet, parse_html)

    assert "Still needed" in page.find("div", id="content").text


def test_deleting_a_cited_source_is_refused(editor_client, parse_html):
    source = make_source()
    make_article(headline="The citing brief", body="Cited.[0]", references=[source])

    assert_delete_refused(editor_client, Source, source, parse_html)


def test_deleting_a_quoted_person_is_refused(editor_client, parse_html):
    person = make_person(full_name="Gabi Cohen")
    make_article(body="He said “historic”.[0]").quotes.update(speaker=person)

    page = assert_delete_refused(editor_client, Person, person, parse_html)

    assert "“historic”" in page.find("div", id="content").text


def test_deleting_an_unused_outlet_works(editor_client):
    outlet = make_outlet()

    response = editor_client.post(admin_url(Outlet, "delete", outlet.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Outlet.objects.filter(pk=outlet.pk).exists()


def test_adding_an_outlet_with_a_name_taken_in_another_case_is_refused(editor_client):
    make_outlet(name="The Guardian")

    response = editor_client.post(
        admin_url(Outlet, "add"), {"name": "the guardian", "slug": "the-guardian-2", "kind": "news"}
    )

    assert response.status_code == 200
    assert "An outlet with this name already exists." in response.content.decode()
    assert Outlet.objects.count() == 1


def test_adding_a_source_with_a_javascript_link_is_refused(editor_client):
    outlet = make_outlet()

    response = editor_client.post(
        admin_url(Source, "add"),
        {"title": "T", "outlet": outlet.pk, "published_on": "30/01/2023", "url": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == ["Enter a valid URL."]
    assert not Source.objects.exists()
