"""References and whole briefs pasted into the brief's form in the brief-file format."""

import pytest

from articles.models import Article
from sources.models import Outlet, Person, Source
from tests.builders import make_article, make_outlet, make_source

from .helpers import admin_url, change_url, open_form

pytestmark = pytest.mark.django_db

ADD_URL = admin_url("articles_article_add")

BRIEF = """Harbour reopens after storm

The harbour reopened on Monday, the port authority said.[0]
“We are open for business,” said Port Director Anna Lindqvist.[1]

Fishing boats returned the same afternoon.[2] “The catch was good,” said Captain Ola Berg.[1]

Repairs will take a month.[0]

0. “Harbour reopens” Reuters, 30 Jan. 2023, https://reuters.example/harbour
1. “Port director speaks” Reuters, 31 Jan. 2023, https://reuters.example/director
2. “Boats return” Coastal Times, 30 Jan. 2023, https://coastal.example/boats
"""


def test_pasted_reference_lines_become_references_with_the_importers_matching(login, parse_html):
    client = login("editor")
    stored = make_source(
        title="Harbour reopens", outlet=make_outlet(name="Reuters"), url="https://reuters.example/harbour"
    )
    article = make_article(body="One.[0] Two.[1] Three.[2]", references={}, status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    data["new_references"] = (
        "“Harbour reopens” reuters, 30 Jan. 2023, https://reuters.example/harbour\n"
        "“Boats return” Coastal Times, 30 Jan. 2023,\n"
        "“Storm passes” Coastal Times, 29 Jan. 2023, https://coastal.example/storm\n"
    )

    assert client.post(change_url(article), data).status_code == 302

    cited = {c.key: c.source for c in article.citations.select_related("source__outlet")}
    assert cited[0] == stored
    assert (cited[1].title, cited[1].outlet.name, cited[1].url) == ("Boats return", "Coastal Times", "")
    assert cited[2].url == "https://coastal.example/storm"
    assert Outlet.objects.filter(name="Coastal Times").count() == 1
    assert Source.objects.count() == 3


def test_a_pasted_reference_line_in_error_is_shown_at_its_line(login, parse_html):
    client = login("editor")
    article = make_article(body="One.", references={}, status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    data["new_references"] = "“Fine” Reuters, 30 Jan. 2023,\n“Wrong” Reuters, 31 Feb. 2023,"

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_references"] == [
        "Line 2: impossible date 31 Feb. 2023."
    ]
    assert not Source.objects.exists() and not article.citations.exists()


def test_a_pasted_link_of_another_source_is_refused_at_its_line(login, parse_html):
    client = login("editor")
    make_source(title="Something else", url="https://reuters.example/harbour")
    article = make_article(body="One.", references={}, status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    data["new_references"] = "\n“Harbour reopens” Reuters, 30 Jan. 2023, https://reuters.example/harbour"

    response = client.post(change_url(article), data)

    (error,) = response.context["adminform"].form.errors["new_references"]
    assert error.startswith("Line 2: link https://reuters.example/harbour already belongs to “Something")
    assert Source.objects.count() == 1 and not Outlet.objects.filter(name="Reuters").exists()


def test_a_pasted_brief_file_builds_the_brief_with_the_importers_rules(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    data["brief_file"] = BRIEF

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.headline, article.slug) == ("Harbour reopens after storm", "harbour-reopens-after-storm")
    assert article.body.startswith("The harbour reopened on Monday")
    assert [(c.key, c.source.title) for c in article.citations.select_related("source")] == [
        (0, "Harbour reopens"),
        (1, "Port director speaks"),
        (2, "Boats return"),
    ]
    assert set(Outlet.objects.values_list("name", flat=True)) == {"Reuters", "Coastal Times"}


def test_speakers_found_in_the_text_are_offered_unchecked(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    data["brief_file"] = BRIEF

    client.post(ADD_URL, data)

    quotes = Article.objects.get().quotes.select_related("speaker")
    assert [(q.text, q.speaker.full_name, q.speaker_confirmed) for q in quotes] == [
        ("We are open for business,", "Anna Lindqvist", False),
        ("The catch was good,", "Ola Berg", False),
    ]
    assert Person.objects.get(full_name="Anna Lindqvist").role == "Port Director"


def test_a_pasted_brief_file_in_error_is_refused_at_its_line(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    data["brief_file"] = BRIEF.replace("31 Jan. 2023", "31 Feb. 2023")

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"brief_file": ["Line 11: impossible date 31 Feb. 2023."]}
    assert not Article.objects.exists()


def test_a_suggested_speaker_is_confirmed_with_one_button(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    client.post(ADD_URL, {**data, "brief_file": BRIEF})
    article = Article.objects.get()
    _, second = article.quotes.all()

    page = parse_html(client.get(change_url(article)))
    states = [cell.text.strip() for cell in page.find_all("td", class_="field-speaker_state")]
    assert states == [
        "Suggested from the text. Confirm Anna Lindqvist",
        "Suggested from the text. Confirm Ola Berg",
    ]

    data = open_form(client, parse_html, change_url(article), "article_form")
    data["standfirst"] = "Typed before confirming."
    response = client.post(change_url(article), {**data, "_confirm_speaker": str(second.pk)})

    assert response.status_code == 302 and response.url == change_url(article)
    assert [q.speaker_confirmed for q in article.quotes.all()] == [False, True]
    assert Article.objects.get().standfirst == "Typed before confirming."


def test_enter_in_a_field_saves_rather_than_confirming_a_speaker(login, parse_html):
    """The form's first submit button, which Enter presses, is Save."""
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    client.post(ADD_URL, {**data, "brief_file": BRIEF})

    page = parse_html(client.get(change_url(Article.objects.get())))

    first = page.find("form", id="article_form").find_all("button")[0]
    assert first.attrs["name"] == "_save"


@pytest.mark.parametrize("term", ["harbour reo", "coastal wire", "wire.example/haverly"])
def test_a_stored_source_is_found_by_title_outlet_or_link(login, term):
    source = make_source(
        title="Harbour reopens", outlet=make_outlet(name="Coastal Wire"), url="https://wire.example/haverly"
    )
    make_source(title="Something else")

    response = login("editor").get(
        admin_url("autocomplete"),
        {"app_label": "articles", "model_name": "citation", "field_name": "source", "term": term},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(source.pk)]
