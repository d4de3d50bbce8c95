"""Feeds, sitemaps and robots.txt: parseable, and only ever about published briefs."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Correction
from tests.builders import make_article

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
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)

    assert response.status_code == 200
    assert root.tag == f"{SITEMAP}urlset"
    locations = [url.findtext(f"{SITEMAP}loc") for url in root]
    assert locations == ["http://testserver/briefs/fresh-news/", "http://testserver/briefs/old-news/"]
    old = root[1]
    assert old.findtext(f"{SITEMAP}lastmod") == timezone.now().date().isoformat()


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
