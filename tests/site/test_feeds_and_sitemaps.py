"""Feeds, sitemaps and robots.txt: parseable, and only ever about published briefs.

Briefs made in bulk (Article.objects.bulk_create) send no signal: the tests that make them call
pagecache.changes.content_changed(everything=True), as any bulk write must, so that the next request
renders the sitemaps again instead of serving the copy stored before.
"""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import feedparser
import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from pagecache.changes import content_changed
from tests.builders import bulk_publish, make_article

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def briefs():
    """Two published briefs, one corrected; a draft, a brief in review and an embargoed one."""
    old = make_article(headline="Old news", published_at=timezone.now() - timedelta(days=5))
    Correction.objects.create(article=old, text="Fixed a name.")
    fresh = make_article(headline="Fresh news", published_at=timezone.now() - timedelta(hours=2))
    make_article(headline="Draft", status="draft")
    make_article(headline="Under review", status="review")
    make_article(headline="Embargoed", published_at=timezone.now() + timedelta(days=1))
    return {"old": old, "fresh": fresh}


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_feeds_parse_without_errors_and_list_published_briefs(client, briefs, url):
    response = client.get(url)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Fresh news", "Old news"]
    assert feed.entries[0].link == "http://testserver/briefs/fresh-news/"
    assert feed.feed.title == "Newsroom: latest briefs"


def test_atom_entries_are_updated_by_corrections(client, briefs):
    feed = feedparser.parse(client.get("/feeds/atom/").content)
    old = next(entry for entry in feed.entries if entry.title == "Old news")

    assert old.updated_parsed > old.published_parsed


def test_feed_summaries_have_no_citation_markers(client, db):
    make_article(headline="Marked", body="A claim.[0] Another one.[0]")

    feed = feedparser.parse(client.get("/feeds/rss/").content)

    assert feed.entries[0].summary == "A claim. Another one."


def test_feed_shows_bylines_as_authors(client, seed):
    feed = feedparser.parse(client.get("/feeds/atom/").content)

    assert feed.entries[0].author == "Dana Okafor"


def test_sitemap_is_valid_xml_listing_only_published_briefs(client, briefs):
    response = client.get("/sitemap-briefs.xml")
    root = ET.fromstring(response.content)

    assert response.status_code == 200
    assert root.tag == f"{SITEMAP}urlset"
    locations = [url.findtext(f"{SITEMAP}loc") for url in root]
    assert locations == ["http://testserver/briefs/fresh-news/", "http://testserver/briefs/old-news/"]
    old = root[1]
    assert old.findtext(f"{SITEMAP}lastmod") == timezone.now().date().isoformat()


def test_sitemap_xml_is_an_index_linking_to_the_briefs_sitemap(client, briefs):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)

    assert response.status_code == 200
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert [entry.findtext(f"{SITEMAP}loc") for entry in root] == ["http://testserver/sitemap-briefs.xml"]


def test_the_index_lastmod_is_the_latest_change_readers_can_see(client, db):
    """The newest edit, publication or correction of a published brief; never of a draft or embargoed one."""
    now = timezone.now()
    corrected = make_article(headline="Corrected", published_at=now - timedelta(days=5))
    Article.objects.filter(pk=corrected.pk).update(updated_at=now - timedelta(days=4))
    correction = Correction.objects.create(
        article=corrected, text="Fixed.", published_at=now - timedelta(days=2)
    )
    edited = make_article(headline="Edited", published_at=now - timedelta(days=6))
    Article.objects.filter(pk=edited.pk).update(updated_at=now - timedelta(days=3))
    make_article(headline="Draft", status=Article.Status.DRAFT)
    make_article(headline="Embargoed", published_at=now + timedelta(days=1))
    content_changed(everything=True)

    [entry] = ET.fromstring(client.get("/sitemap.xml").content)

    assert datetime.fromisoformat(entry.findtext(f"{SITEMAP}lastmod")) == correction.published_at


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [entry.findtext(f"{SITEMAP}loc") for entry in ET.fromstring(response.content)]


def test_the_index_lists_one_briefs_page_per_thousand_briefs(client, db):
    bulk_publish(1000, newest=timezone.now())
    assert locations(client, "/sitemap.xml") == ["http://testserver/sitemap-briefs.xml"]

    oldest = make_article(headline="The oldest brief", published_at=timezone.now() - timedelta(days=30))

    assert locations(client, "/sitemap.xml") == [
        "http://testserver/sitemap-briefs.xml",
        "http://testserver/sitemap-briefs.xml?p=2",
    ]
    assert len(locations(client, "/sitemap-briefs.xml")) == 1000
    assert locations(client, "/sitemap-briefs.xml?p=2") == [f"http://testserver{oldest.get_absolute_url()}"]
    assert client.get("/sitemap-briefs.xml?p=3").status_code == 404


def test_a_page_keeps_its_briefs_when_newer_ones_are_published(client, db):
    """Pages are ranges of brief ids: crawlers need to read again only the last one."""
    bulk_publish(1000, newest=timezone.now() - timedelta(hours=1))
    first_page = locations(client, "/sitemap-briefs.xml")

    later = make_article(headline="Published later")

    assert locations(client, "/sitemap-briefs.xml") == first_page
    assert locations(client, "/sitemap-briefs.xml?p=2") == [f"http://testserver{later.get_absolute_url()}"]


def test_every_published_brief_is_on_exactly_one_page_and_nothing_else_is(client, db):
    now = timezone.now()
    bulk_publish(1500, newest=now)
    hidden = [
        make_article(headline="A draft", status=Article.Status.DRAFT),
        make_article(headline="In review", status=Article.Status.IN_REVIEW),
        make_article(headline="Taken down", status=Article.Status.UNPUBLISHED, published_at=now),
        make_article(headline="Embargoed", published_at=now + timedelta(hours=1)),
    ]

    listed = [url for page in locations(client, "/sitemap.xml") for url in locations(client, page)]

    published = Article.objects.published()
    assert sorted(listed) == sorted(f"http://testserver{brief.get_absolute_url()}" for brief in published)
    assert len(listed) == 1500
    for brief in hidden:
        assert not any(url.endswith(brief.get_absolute_url()) for url in listed), brief.headline


def test_the_index_loads_no_brief(client, db):
    """Its lastmod comes from one aggregate query; Django's default would load every brief to ask each."""
    bulk_publish(3, newest=timezone.now())
    loaded = []

    def count_loaded(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count_loaded, sender=Article)
    try:
        response = client.get("/sitemap.xml")
    finally:
        post_init.disconnect(count_loaded, sender=Article)

    assert response.status_code == 200
    assert "<lastmod>" in response.content.decode()
    assert loaded == []


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-briefs.xml"])
def test_sitemap_query_count_does_not_grow_with_the_briefs(client, db, url):
    make_article(headline="The first brief")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_one = queries()
    bulk_publish(2500, newest=timezone.now())

    assert queries() == with_one
    assert len(locations(client, "/sitemap.xml")) == 3


def test_news_sitemap_lists_the_last_two_days(client, briefs):
    root = ET.fromstring(client.get("/news-sitemap.xml").content)

    [url] = root
    assert url.findtext(f"{SITEMAP}loc") == "http://testserver/briefs/fresh-news/"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fresh news"
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication_date") == briefs["fresh"].published_at.isoformat()


def test_robots_txt_points_at_the_sitemaps(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_pages_advertise_the_feeds(client, parse_html, db):
    page = parse_html(client.get("/"))

    alternates = {link.attrs["type"]: link.attrs["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates == {"application/rss+xml": "/feeds/rss/", "application/atom+xml": "/feeds/atom/"}
