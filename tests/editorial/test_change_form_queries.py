"""Opening a brief's change form costs the same few queries however long the brief, however many briefs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.builders import make_article, make_person

from .helpers import change_url

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def queries_to_open(client, article):
    client.get(change_url(article))  # the first request of a session reads what later ones keep
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(article))
    assert response.status_code == 200
    return len(queries)


def long_brief(references):
    sentences = " ".join(f"“Point {n},” said Person {n}.[{n}]" for n in range(references))
    article = make_article(body=sentences, status=Article.Status.DRAFT)
    for n in range(references):
        article.bylines.create(person=make_person(), position=n)
    return article


def test_the_seed_briefs_form_opens_in_at_most_25_queries(login, admin_data):
    assert queries_to_open(login("editor"), admin_data) <= MAX_QUERIES


def test_the_count_does_not_grow_with_references_quotes_bylines_or_briefs(login):
    client = login("editor")
    short = queries_to_open(client, long_brief(2))
    for _ in range(30):
        make_article()

    long = queries_to_open(client, long_brief(12))

    assert long == short <= MAX_QUERIES
