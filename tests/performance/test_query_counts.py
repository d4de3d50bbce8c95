"""Query counts with many briefs: cached pages cost none, the rest do not grow with the newsroom.

tests/site/test_query_counts.py pins what each public page costs when rendered;
these check the same pages served from the cache, and the admin change form.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from bench.generate import BriefGenerator
from tests.builders import make_article, make_person

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(params=[20, 120], ids=["20 briefs", "120 briefs"])
def newsroom(request, commit):
    """`param` generated briefs, committed, and the pages readers visit most."""
    BriefGenerator(count=request.param, seed=3).run()
    commit()
    published = Article.objects.published().order_by("-published_at")
    brief = published.filter(corrections__isnull=True).first()
    corrected = published.filter(corrections__isnull=False).first() or brief
    speaker = brief.quotes.exclude(speaker=None).select_related("speaker").first().speaker
    return {
        "home": "/",
        "brief": brief.get_absolute_url(),
        "corrected brief": corrected.get_absolute_url(),
        "outlet": brief.citations.select_related("source__outlet").first().source.outlet.get_absolute_url(),
        "person": speaker.get_absolute_url(),
        "author": brief.bylines.select_related("person").first().person.get_absolute_url(),
        "search": "/search/?q=flooding",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap": "/sitemap-briefs.xml",
        "sources": "/sources/",
        "corrections": "/corrections/",
    }


def test_every_public_page_is_served_from_the_cache_without_a_query(client, newsroom):
    for url in newsroom.values():
        queries_for(client, url)

    assert {name: queries_for(client, url) for name, url in newsroom.items()} == dict.fromkeys(newsroom, 0)


def test_a_brief_page_not_yet_cached_costs_four_queries(client, newsroom):
    """The brief with its citations, quotes and bylines; a corrected brief adds its corrections."""
    assert queries_for(client, newsroom["brief"]) == 4
    assert queries_for(client, newsroom["corrected brief"]) <= 5


def test_admin_change_form_query_count_does_not_grow_with_the_newsroom(editor_client, commit):
    brief = make_article(body="He said “yes”.[0] She said “no”.[1]\n\nBoth met.[0]")
    brief.bylines.create(person=make_person())
    url = f"/admin/articles/article/{brief.pk}/change/"
    BriefGenerator(count=20, seed=4).run()
    queries_for(editor_client, url)  # the first visit fills the caches of content types and the like
    with_20 = queries_for(editor_client, url)

    BriefGenerator(count=100, seed=5).run()

    assert queries_for(editor_client, url) == with_20
