"""Checks as you type: the checker's findings on the brief in the form, before it is saved."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from review.services import article_report
from tests.builders import make_article, make_person, make_source

from .helpers import admin_url, change_url, open_form

pytestmark = pytest.mark.django_db

CHECK_URL = admin_url("articles_article_check")
ADD_URL = admin_url("articles_article_add")


def check(client, data, **extra):
    response = client.post(CHECK_URL, {**data, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_findings_as_typed_are_the_checks_after_the_save(login, parse_html, commit):
    """Saving offers quotes speakers, so the speaker here is in People already: nothing else differs."""
    client = login("editor")
    make_person(full_name="Anna Lindqvist", role="Port Director")
    article = make_article(body="One.[0]", status=Article.Status.DRAFT)
    data = open_form(client, parse_html, change_url(article), "article_form")
    data["body"] = "One.[0] Two has no source.\n\n“Soon,” said Port Director Anna Lindqvist.[1]"
    data["new_references"] = "“Harbour reopens” Reuters, 30 Jan. 2023,"

    typed = check(client, data, brief=article.pk)
    assert client.post(change_url(article), {**data, "_continue": "1"}).status_code == 302
    commit()
    saved = article_report(Article.objects.get(pk=article.pk))

    assert [(f["code"], f["message"]) for f in typed["findings"]] == [
        (f.code, f.message) for f in saved.findings
    ]
    assert typed["counts"] == {"errors": len(saved.errors), "warnings": len(saved.warnings)}
    assert (typed["cited_sentences"], typed["sentences"]) == (2, 3)


def test_each_finding_says_where_its_sentence_is_in_the_body(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    body = "Cited.[0] Not cited here.\n\nAlso cited.[0]"

    typed = check(client, {**data, "body": body, "new_references": "0. “A story” Reuters, 30 Jan. 2023,"})

    (uncited,) = [f for f in typed["findings"] if f["code"] == "uncited-sentence"]
    paragraph = body.split("\n\n")[uncited["paragraph"]]
    assert paragraph[uncited["start"] : uncited["end"]] == "Not cited here."
    assert uncited["where"] == "¶1, sentence 2"


def test_references_are_listed_with_the_footnote_they_would_have(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")
    stored = make_source(title="Stored story")
    data.update({"citations-0-source": str(stored.pk), "citations-0-key": "4"})

    typed = check(
        client,
        data,
        body="First.[7] Second.[4]",
        new_references="“Pasted story” Reuters, 30 Jan. 2023,\n7. “Numbered story” AP, 1 Feb. 2023,",
    )

    assert [(r["key"], r["number"], r["title"]) for r in typed["references"]] == [
        (4, 2, "Stored story"),
        (7, 1, "Numbered story"),
        (8, None, "Pasted story"),
    ]


def test_a_body_in_error_is_reported_at_its_line(login, parse_html):
    client = login("editor")
    data = open_form(client, parse_html, ADD_URL, "article_form")

    typed = check(client, data, body="One.\n\n“Never closed.")

    assert typed["errors"] == {
        "body": "Line 3: quotation mark “ is not closed before the end of the paragraph."
    }


def test_a_check_writes_nothing_and_costs_a_few_queries(login, parse_html, seed_article):
    client = login("editor")
    data = open_form(client, parse_html, change_url(seed_article), "article_form")

    with CaptureQueriesContext(connection) as queries:
        check(client, data, brief=seed_article.pk)

    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}, statements
    assert len(queries) <= 12


def test_only_staff_who_may_edit_briefs_may_check(login, parse_html):
    assert login("anonymous").post(CHECK_URL, {"body": "One."}).status_code == 302  # to the login page
    assert login("reviewer").post(CHECK_URL, {"body": "One."}).status_code == 403
    assert login("editor").get(CHECK_URL).status_code == 403


def test_a_check_needs_the_forms_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor"])

    assert client.post(CHECK_URL, {"body": "One."}).status_code == 403
