"""The add form: a new brief written, saved and submitted for review in one go."""

import pytest

from articles.models import Article
from editorial.models import Transition
from tests.builders import make_source

from .helpers import admin_url, change_url, messages_of, open_form

pytestmark = pytest.mark.django_db

ADD_URL = admin_url("articles_article_add")


def add_form(client, parse_html, **fields):
    data = open_form(client, parse_html, ADD_URL, "article_form")
    data.update(fields)
    return data


def test_add_form_offers_save_and_submit_to_an_editor(login, parse_html):
    response = login("editor").get(ADD_URL)

    buttons = parse_html(response).find_all("button", name="_transition")
    assert [(b.attrs["value"], b.text) for b in buttons] == [("submit", "Save and submit for review")]


def test_save_and_submit_stores_the_new_brief_in_review(login, parse_html, people):
    client = login("editor")
    source = make_source(title="Port opens")
    data = add_form(
        client,
        parse_html,
        headline="Port opens",
        slug="port-opens",
        body="The port opened on Monday.[0]",
        **{"citations-0-key": "0", "citations-0-source": str(source.pk)},
        _transition="submit",
    )
    data["workflow-note"] = "Ready when you are."

    response = client.post(ADD_URL, data, follow=True)

    article = Article.objects.get(slug="port-opens")
    assert response.redirect_chain[-1][0] == change_url(article)
    assert article.status == Article.Status.IN_REVIEW
    transition = Transition.objects.get(article=article)
    assert (transition.from_status, transition.to_status, transition.user, transition.note) == (
        Article.Status.DRAFT,
        Article.Status.IN_REVIEW,
        people["editor"],
        "Ready when you are.",
    )
    assert "“Port opens” was submitted for review." in messages_of(response)


def test_plain_save_of_the_add_form_keeps_a_draft(login, parse_html):
    client = login("editor")
    data = add_form(client, parse_html, headline="Port opens", slug="port-opens", body="The port opened.")

    assert client.post(ADD_URL, data).status_code == 302

    assert Article.objects.get(slug="port-opens").status == Article.Status.DRAFT
    assert not Transition.objects.exists()


def test_a_refused_add_takes_no_step(login, parse_html):
    client = login("editor")
    data = add_form(client, parse_html, headline="", slug="", body="Text.", _transition="submit")

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert not Transition.objects.exists()
