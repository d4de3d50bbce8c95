import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Citation, Quote
from tests.admin_forms import form_data, form_errors
from tests.builders import make_article, make_person, make_source

pytestmark = pytest.mark.django_db

ARTICLES_MODELS = sorted(
    (model for model in apps.get_app_config("articles").get_models() if admin.site.is_registered(model)),
    key=lambda model: model._meta.label,
)


def admin_url(model, action, *args):
    return reverse(admin_urlname(model._meta, action), args=args)


def label(model):
    return model._meta.label


@pytest.fixture
def chosen_speaker(admin_data):
    """A person an editor named as the speaker of every quote of the seed."""
    person = make_person(full_name="Chosen By An Editor")
    admin_data.quotes.update(speaker=person)
    return person


@pytest.fixture
def article_form(editor_client, admin_data, chosen_speaker, parse_html):
    """The seed brief's admin change form, as a draft: (its URL, the data a browser would post back).

    A draft, because a save of a live brief goes to its pending changes.
    """
    Article.objects.filter(pk=admin_data.pk).update(status=Article.Status.DRAFT)
    url = admin_url(Article, "change", admin_data.pk)
    response = editor_client.get(url)
    assert response.status_code == 200
    return url, form_data(parse_html(response).find("form", id="article_form"))


def test_articles_citations_and_quotes_are_in_the_admin():
    assert {Article, Citation, Quote} <= set(ARTICLES_MODELS)


@pytest.mark.parametrize("model", ARTICLES_MODELS, ids=label)
def test_changelist_loads_with_data(editor_client, admin_data, model):
    response = editor_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize(
    "model",
    [model for model in ARTICLES_MODELS if admin.site.get_model_admin(model).search_fields],
    ids=label,
)
def test_changelist_search_loads(editor_client, admin_data, model):
    assert editor_client.get(admin_url(model, "changelist"), {"q": "Blinken"}).status_code == 200


@pytest.mark.parametrize("model", ARTICLES_MODELS, ids=label)
def test_add_form_loads_or_is_forbidden(editor_client, admin_data, editor, model):
    request = RequestFactory().get("/")
    request.user = editor
    may_add = admin.site.get_model_admin(model).has_add_permission(request)

    response = editor_client.get(admin_url(model, "add"))

    assert response.status_code == (200 if may_add else 403)


@pytest.mark.parametrize("model", ARTICLES_MODELS, ids=label)
def test_change_form_loads(editor_client, admin_data, model):
    row = model._default_manager.first()
    assert row is not None, f"add a {label(model)} row to the admin_data fixture"

    response = editor_client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200


def test_quotes_cannot_be_added_by_hand(editor_client, admin_data):
    assert editor_client.get(admin_url(Quote, "add")).status_code == 403


def test_article_changelist_shows_counts(editor_client, admin_data, parse_html):
    page = parse_html(editor_client.get(admin_url(Article, "changelist")))

    row = page.find("table", id="result_list").find("tbody").find_all("tr")[0]
    assert row.find("td", class_="field-citation_count").text == "5"
    assert row.find("td", class_="field-quote_count").text == "6"


def make_briefs(count):
    for _ in range(count):
        make_article(
            body="He said “yes”.[0] She said “no”.[1]\n\nBoth met.[0]",
            status=Article.Status.DRAFT,
        ).bylines.create(person=make_person())


def changelist_queries(client, url, rows):
    """How many queries the changelist at `url` costs, checking it lists `rows` rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows
    return len(queries)


def test_article_changelist_query_count_does_not_grow_with_articles(editor_client, django_assert_num_queries):
    url = admin_url(Article, "changelist")
    make_briefs(3)
    queries_for_3 = changelist_queries(editor_client, url, rows=3)
    make_briefs(27)

    with django_assert_num_queries(queries_for_3):
        changelist_queries(editor_client, url, rows=30)


@pytest.mark.parametrize("model", [Citation, Quote], ids=label)
def test_quote_and_citation_changelists_query_count_does_not_grow(
    editor_client, django_assert_num_queries, model
):
    """Each brief from make_briefs() has two citations and two quotes."""
    url = admin_url(model, "changelist")
    make_briefs(2)
    queries_for_4 = changelist_queries(editor_client, url, rows=4)
    make_briefs(18)

    with django_assert_num_queries(queries_for_4):
        changelist_queries(editor_client, url, rows=40)


def test_saving_rederives_quotes_and_keeps_speakers_of_unchanged_quotes(
    editor_client, article_form, chosen_speaker
):
    url, data = article_form
    assert "urgent steps to restore calm.”[3]" in data["body"]
    # Browsers send text areas with CRLF line endings.
    data["body"] = data["body"].replace("restore calm.”[3]", "restore order.”[3]").replace("\n", "\r\n")

    response = editor_client.post(url, {**data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert "\r" not in article.body
    assert "urgent steps to restore order.”[3]" in article.body
    quotes = list(article.quotes.select_related("speaker", "source"))
    assert [quote.text for quote in quotes][3] == "urgent steps to restore order."
    assert [quote.speaker == chosen_speaker for quote in quotes] == [True, True, True, False, True, True]
    assert [article.body[quote.position] for quote in quotes] == ["“"] * 6


def test_saving_a_new_quote_gets_its_source_from_the_sentence_marker(
    editor_client, article_form, chosen_speaker
):
    url, data = article_form
    data["body"] = data["body"].replace("urged both sides", "said “we urge” both sides")

    response = editor_client.post(url, {**data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    quote = Quote.objects.get(text="we urge")
    assert quote.speaker != chosen_speaker
    assert quote.source.title == "Blinken urges calm, reaffirms ‘ironclad’ US support for Israel"
    assert Quote.objects.count() == 7


def test_choosing_a_speaker_in_the_quote_inline_is_saved(editor_client, article_form, chosen_speaker):
    url, data = article_form
    herzog = make_person(full_name="Isaac Herzog")
    ironclad = Quote.objects.get(text="ironclad")
    (prefix,) = [
        name.removesuffix("-id")
        for name, value in data.items()
        if name.startswith("quotes-") and name.endswith("-id") and value == str(ironclad.pk)
    ]
    data[f"{prefix}-speaker"] = str(herzog.pk)

    response = editor_client.post(url, {**data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    assert Quote.objects.get(text="ironclad").speaker == herzog
    assert [quote.speaker for quote in Quote.objects.all()] == [herzog] + [chosen_speaker] * 5


def test_invalid_body_shows_the_line_error_and_changes_nothing(editor_client, article_form, parse_html):
    url, data = article_form
    before = Article.objects.values().get()
    quotes_before = list(Quote.objects.values())
    data["body"] = data["body"].replace("“common commitment”", "“common commitment")

    response = editor_client.post(url, {**data, "_save": "Save"})

    assert response.status_code == 200
    expected = "Line 3: quotation mark “ is not closed before the end of the paragraph."
    assert response.context["adminform"].form.errors["body"] == [expected]
    errorlists = parse_html(response).find_all("ul", class_="errorlist")
    assert expected in [item.text for errorlist in errorlists for item in errorlist.find_all("li")]
    assert Article.objects.values().get() == before
    assert list(Quote.objects.values()) == quotes_before


def test_citation_inline_shows_the_footnote_number_readers_see(editor_client, parse_html):
    article = make_article(body="First.[2] Second.[0] Third.[1] Again.[2]")
    article.citations.create(key=3, source=make_source())

    page = parse_html(editor_client.get(admin_url(Article, "change", article.pk)))

    shown = {}
    for number in range(4):
        row = page.find("tr", id=f"citations-{number}")
        key = row.find("input", name=f"citations-{number}-key").attrs["value"]
        shown[key] = row.find("td", class_="field-footnote_number").text.strip()
    assert shown == {
        "0": "footnote 2",
        "1": "footnote 3",
        "2": "footnote 1",
        "3": "not cited",
    }


def test_seed_citation_inline_numbers_footnotes_1_to_5(editor_client, admin_data):
    response = editor_client.get(admin_url(Article, "change", admin_data.pk))

    html = response.content.decode()
    assert [html.count(f"footnote {number}<") for number in range(1, 7)] == [1, 1, 1, 1, 1, 0]
