"""A body typed in the admin may be as long as a brief file may be, and no longer."""

import pytest

from articles.models import Article
from brieftext.parser import MAX_FILE_BYTES
from tests.admin_forms import form_data, form_errors
from tests.builders import make_article

from .helpers import admin_url, change_url, open_brief

pytestmark = pytest.mark.django_db

BODY = "The bridge reopened on Monday.[0]"


def test_an_oversized_body_is_refused_with_its_size_and_the_brief_is_unchanged(login, parse_html):
    article = make_article(headline="Bridge reopens", body=BODY, status=Article.Status.DRAFT)
    client = login("editor")
    data = open_brief(client, parse_html, article)
    oversized = " ".join(["Word.[0]"] * (MAX_FILE_BYTES // 9 + 1))

    response = client.post(change_url(article), {**data, "body": oversized, "_save": "Save"})

    assert response.status_code == 200
    assert form_errors(response)["body"] == [
        f"The body is {len(oversized.encode()):,} bytes; a brief may be at most 1,000,000 bytes "
        "(the limit of a brief file)."
    ]
    assert (
        "a brief may be at most 1,000,000 bytes" in parse_html(response).find("ul", class_="errorlist").text
    )
    article.refresh_from_db()
    assert article.body == BODY


def test_the_limit_counts_bytes_not_characters(login, parse_html):
    """500,001 “é” are 1,000,002 bytes of UTF-8: over the limit, though half as many characters."""
    client = login("editor")
    add = admin_url("articles_article_add")
    data = form_data(parse_html(client.get(add)).find("form", id="article_form"))
    body = "é" * (MAX_FILE_BYTES // 2 + 1)

    response = client.post(
        add, {**data, "headline": "Too long", "slug": "too-long", "body": body, "_save": "Save"}
    )

    assert response.status_code == 200
    assert form_errors(response)["body"] == [
        "The body is 1,000,002 bytes; a brief may be at most 1,000,000 bytes (the limit of a brief file)."
    ]
    assert not Article.objects.filter(slug="too-long").exists()


def test_windows_line_endings_count_as_the_single_newline_stored(login, parse_html):
    """A browser sends CR LF and the body is stored with LF: the limit applies to what is stored."""
    client = login("editor")
    add = admin_url("articles_article_add")
    data = form_data(parse_html(client.get(add)).find("form", id="article_form"))
    paragraph = "Something happened."
    body = "\r\n\r\n".join([paragraph] * (MAX_FILE_BYTES // (len(paragraph) + 2)))
    assert len(body.encode()) > MAX_FILE_BYTES >= len(body.replace("\r\n", "\n").encode())

    # Without a headline nothing is saved, whatever the body.
    response = client.post(
        add, {**data, "headline": "", "slug": "at-the-limit", "body": body, "_save": "Save"}
    )

    assert response.status_code == 200
    errors = form_errors(response)
    assert "headline" in errors
    assert "body" not in errors
