"""Useful error pages: a 404 that helps readers on, a 500 that needs no database."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_404_page_offers_search_and_the_way_home(client, parse_html):
    response = client.get("/no-such-page/")
    page = parse_html(response)

    assert response.status_code == 404
    assert page.find("h1").text == "We can’t find that page"
    assert page.find("form", role="search").attrs["action"] == "/search/"
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    assert page.find_all("link", rel="canonical") == []


def test_500_page_renders_without_a_request_context(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html
