from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def headlines(page):
    return [item.find("a").text for item in page.find_all("h2")]


def publish_briefs(count, start=None):
    """`count` published briefs, "Brief 0" the oldest, one hour apart."""
    start = start or timezone.now() - timedelta(days=30)
    return [
        make_article(headline=f"Brief {number}", published_at=start + timedelta(hours=number))
        for number in range(count)
    ]


def test_published_briefs_newest_first(client, parse_html):
    publish_briefs(3)

    response = client.get("/")

    assert response.status_code == 200
    assert headlines(parse_html(response)) == ["Brief 2", "Brief 1", "Brief 0"]


def test_headlines_link_to_their_brief(client, parse_html):
    (article,) = publish_briefs(1)

    link = parse_html(client.get("/")).find("h2").find("a")

    assert link.attrs["href"] == f"/briefs/{article.slug}/"


def test_unpublished_and_embargoed_briefs_are_absent(client, parse_html):
    publish_briefs(1)
    make_article(headline="A draft", status=Article.Status.DRAFT)
    make_article(headline="In review", status=Article.Status.IN_REVIEW)
    make_article(headline="Embargoed", published_at=timezone.now() + timedelta(hours=1))

    response = client.get("/")

    assert headlines(parse_html(response)) == ["Brief 0"]
    for hidden in (b"A draft", b"In review", b"Embargoed"):
        assert hidden not in response.content


def test_staff_do_not_see_drafts_on_the_home_page(editor_client, parse_html):
    make_article(headline="A draft", status=Article.Status.DRAFT)

    assert headlines(parse_html(editor_client.get("/"))) == []


def test_no_briefs_yet(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No briefs have been published yet." in response.content.decode()


def test_briefs_are_paginated(client, parse_html, settings):
    settings.BRIEFS_PER_PAGE = 2
    publish_briefs(5)

    first = parse_html(client.get("/"))
    last = parse_html(client.get("/?page=3"))

    assert headlines(first) == ["Brief 4", "Brief 3"]
    assert first.find("nav", class_="pagination").find("span").text == "Page 1"
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    assert first.find_all("a", rel="prev") == []
    assert headlines(last) == ["Brief 0"]
    assert last.find("a", rel="prev").attrs["href"] == "?page=2"
    assert last.find_all("a", rel="next") == []


def test_one_page_has_no_pagination(client, parse_html):
    publish_briefs(2)

    assert parse_html(client.get("/")).find_all("nav", class_="pagination") == []


def test_default_page_size_is_20(client, parse_html):
    publish_briefs(21)

    assert len(headlines(parse_html(client.get("/")))) == 20
    assert headlines(parse_html(client.get("/?page=2"))) == ["Brief 0"]


@pytest.mark.parametrize("page", ["3", "250", "abc", "0", "-1", "1.5"])
def test_page_that_does_not_exist_is_404(client, settings, page):
    settings.BRIEFS_PER_PAGE = 2
    publish_briefs(3)

    assert client.get("/", {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "url, query", [("/", {}), ("/corrections/", {}), ("/sources/", {}), ("/search/", {"q": "brief"})]
)
def test_a_page_deeper_than_lists_go_is_refused_with_400(client, settings, url, query):
    publish_briefs(1)

    response = client.get(url, {**query, "page": settings.MAX_PAGE_NUMBER + 1})

    assert response.status_code == 400
    assert f"Lists go back {settings.MAX_PAGE_NUMBER} pages at most" in response.content.decode()


def test_a_search_longer_than_allowed_is_refused_with_400(client, settings, db):
    response = client.get("/search/", {"q": "x" * (settings.MAX_SEARCH_CHARACTERS + 1)})

    assert response.status_code == 400
    assert "Searches are at most 200 characters long." in response.content.decode()


def test_the_last_page_has_no_older_link_and_costs_no_count(client, settings, django_assert_num_queries):
    settings.BRIEFS_PER_PAGE = 2
    publish_briefs(4)

    with django_assert_num_queries(1):
        response = client.get("/", {"page": 2})

    assert response.status_code == 200
    assert b'rel="prev"' in response.content
    assert b'rel="next"' not in response.content


@pytest.mark.parametrize("count", [2, 15])
def test_home_page_query_count_does_not_grow_with_briefs(client, django_assert_num_queries, count):
    publish_briefs(count)

    with django_assert_num_queries(1):
        response = client.get("/")

    assert response.status_code == 200
    assert response.content.count(b'<h2 dir="auto">') == count
