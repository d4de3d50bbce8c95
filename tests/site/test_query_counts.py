"""Every public page costs the same number of queries however many briefs, sources and quotes."""

import pytest

from articles.models import Byline

from .data import make_rich_article

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 6], ids=["small", "large"])
def site(request):
    """`size` published briefs, each with `size` sources, quotes, bylines and corrections."""
    size = request.param
    articles = [make_rich_article(size, headline=f"Harbour brief {n}") for n in range(size)]
    first = articles[0]
    quote = first.quotes.select_related("speaker").first()
    outlet = first.citations.select_related("source__outlet").first().source.outlet
    writer = first.bylines.select_related("person").first().person
    for article in articles[1:]:
        Byline.objects.create(article=article, person=writer, position=99)
        article.quotes.update(speaker=quote.speaker)
    return {"article": first, "speaker": quote.speaker, "outlet": outlet, "writer": writer}


PAGES = {
    # url: queries
    "home": (lambda site: "/", 1),
    # brief, its quotes, citations, bylines, corrections
    "brief": (lambda site: site["article"].get_absolute_url(), 5),
    # outlet, page of briefs, their citations of this outlet (pages are never counted)
    "outlet": (lambda site: site["outlet"].get_absolute_url(), 3),
    # person, page of quotes, page of briefs
    "speaker": (lambda site: site["speaker"].get_absolute_url(), 3),
    "author": (lambda site: site["writer"].get_absolute_url(), 3),
    "sources": (lambda site: "/sources/", 1),
    "corrections": (lambda site: "/corrections/", 1),
    # page of results, and their number up to 201
    "search": (lambda site: "/search/?q=harbour", 2),
    "rss": (lambda site: "/feeds/rss/", 2),
    "atom": (lambda site: "/feeds/atom/", 2),
    # three one-row maxima for lastmod, the lowest and highest brief id for the number of pages
    "sitemap index": (lambda site: "/sitemap.xml", 5),
    # the lowest and highest brief id, and the page's briefs
    "sitemap": (lambda site: "/sitemap-briefs.xml", 3),
    "news sitemap": (lambda site: "/news-sitemap.xml", 1),
}


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_constant(client, django_assert_num_queries, site, name):
    url, queries = PAGES[name]

    with django_assert_num_queries(queries):
        response = client.get(url(site))

    assert response.status_code == 200
