"""The admin speaks the newsroom's words: brief, reference, footnote, source, outlet, person."""

import pytest

from articles.models import Article, Citation
from tests.builders import make_article, make_source

from .helpers import admin_url, change_url, open_form

pytestmark = pytest.mark.django_db


def test_site_header_names_the_newsroom(login, settings):
    settings.SITE_NAME = "The Harbour Gazette"

    html = login("editor").get(admin_url("index")).content.decode()

    assert "The Harbour Gazette: the editor&#x27;s desk" in html
    assert "Django administration" not in html


def test_briefs_and_references_are_called_so(login):
    html = login("editor").get(admin_url("index")).content.decode()

    assert ">Briefs<" in html and ">References<" in html
    assert ">Articles<" not in html and ">Citations<" not in html
    assert (Article._meta.verbose_name, Citation._meta.verbose_name) == ("brief", "reference")


def test_help_of_reference_and_quote_columns_is_written_out(login, parse_html):
    article = make_article(body="“Soon,” Cohen said.[0]", status=Article.Status.DRAFT)

    page = parse_html(login("editor").get(change_url(article)))

    references_help = page.find("div", id="citations-help").text
    assert "Readers never see it: they see the footnote number." in references_help
    assert "Who said it." in page.find("div", id="quotes-help").text


def test_a_new_reference_without_a_marker_gets_the_next_free_one(login, parse_html):
    client = login("editor")
    article = make_article(body="First.[0] Second.[1]", status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    new = make_source()
    data.update({"citations-2-source": str(new.pk), "citations-2-key": ""})
    data["citations-TOTAL_FORMS"] = "3"

    assert client.post(change_url(article), data).status_code == 302

    assert dict(article.citations.values_list("key", "source")) == {
        0: article.citations.get(key=0).source_id,
        1: article.citations.get(key=1).source_id,
        2: new.pk,
    }


def test_two_references_with_one_marker_are_refused_in_words(login, parse_html):
    client = login("editor")
    article = make_article(body="First.[0] Second.[1]", status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    data["citations-1-key"] = "0"

    html = client.post(change_url(article), data).content.decode()

    assert "Two references have the same marker" in html
    assert "duplicate" not in html


def test_a_form_error_alone_is_shown_without_the_generic_note(login, parse_html):
    client = login("editor")
    article = make_article(body="First.[0]", status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    del data["opened_version"]

    response = client.post(change_url(article), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "this form did not say which version of the brief you opened" in html
    assert "Please correct" not in html
