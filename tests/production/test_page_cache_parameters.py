"""A cached page is stored under the query parameters its view reads, and no other.

Any other parameter (a tracking tag, a crawler's or an attacker's `?x=1`) gets the
page of the address without it, from the cache: it can neither fill the cache nor
get round it. That nothing new is stored in Redis is test_cache_fails_soft.py's.
"""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Byline
from pagecache.pages import cached_for_readers
from public.sitemaps import BriefSitemap
from tests.builders import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_brief_a_page(settings, monkeypatch):
    """Two briefs make two pages of every list."""
    settings.PAGE_CACHE = True
    settings.BRIEFS_PER_PAGE = 1
    monkeypatch.setattr(BriefSitemap, "limit", 1)


@pytest.fixture
def site(commit):
    writer = make_person(full_name="Dana Okafor")
    briefs = [
        make_article(body="Officials said “the bridge is open”.[0]", headline="Bridge reopens"),
        make_article(body="The harbour reopened.[0]", headline="Harbour reopens"),
    ]
    for brief in briefs:
        Byline.objects.create(article=brief, person=writer)
    commit()
    return {"writer": writer}


# A page, and the same view's page for another value of a parameter it reads.
PAGES = {
    "home": lambda site: ("/", "/?page=2"),
    "search": lambda site: ("/search/?q=bridge", "/search/?q=harbour"),
    "author": lambda site: (
        site["writer"].get_absolute_url(),
        f"{site['writer'].get_absolute_url()}?briefs=2",
    ),
    "sitemap": lambda site: ("/sitemap-briefs.xml", "/sitemap-briefs.xml?p=2"),
}


def fetch(client, url):
    """(response, number of queries) for a GET of `url`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def without_nonce(response):
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def with_parameter(url, parameter):
    return f"{url}{'&' if '?' in url else '?'}{parameter}"


@pytest.mark.parametrize("name", PAGES)
def test_a_parameter_the_view_reads_has_a_page_of_its_own(client, site, name):
    first, other = PAGES[name](site)
    first_page, _ = fetch(client, first)
    other_page, _ = fetch(client, other)

    again, queries = fetch(client, other)

    assert first_page.status_code == other_page.status_code == 200
    assert without_nonce(first_page) != without_nonce(other_page)
    assert queries == 0
    assert without_nonce(again) == without_nonce(other_page)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("parameter", ["utm_source=newsletter", "fbclid=IwAR0x", "x=1&y=2"])
def test_any_other_parameter_gets_the_cached_page_without_it(client, site, name, parameter):
    for url in PAGES[name](site):
        page, _ = fetch(client, url)

        response, queries = fetch(client, with_parameter(url, parameter))

        assert queries == 0, url
        assert without_nonce(response) == without_nonce(page)


def test_a_view_is_shown_only_the_parameters_it_reads_in_the_order_given(rf: RequestFactory):
    @cached_for_readers("page", "q")
    def view(request):
        return HttpResponse(request.GET.urlencode())

    response = view(rf.get("/a-view-of-this-test/?x=1&q=ferry&page=3&utm_source=a&page=2"))

    assert response.content == b"page=3&page=2&q=ferry"
