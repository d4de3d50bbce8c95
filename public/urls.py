from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from pagecache.pages import cached_for_readers

from . import views
from .converters import UnicodeSlugConverter
from .feeds import LatestBriefsAtomFeed, LatestBriefsFeed
from .sitemaps import BriefSitemap, NewsSitemap

app_name = "public"

register_converter(UnicodeSlugConverter, "unicode_slug")

# /sitemap.xml is the index of the section pages /sitemap-<section>.xml (?p=2, … for later pages).
SITEMAPS = {"briefs": BriefSitemap}

urlpatterns = [
    path("", views.index, name="index"),
    path("briefs/<unicode_slug:slug>/", views.brief, name="brief"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("sources/", views.sources, name="sources"),
    path("outlets/<slug:slug>/", views.outlet, name="outlet"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("feeds/rss/", cached_for_readers()(LatestBriefsFeed()), name="rss"),
    path("feeds/atom/", cached_for_readers()(LatestBriefsAtomFeed()), name="atom"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_for_readers()(sitemap_views.index),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "public:sitemap-section",
            "template_name": "public/sitemap_index.xml",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_for_readers("p")(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Not cached: briefs leave it as they turn two days old, a moment no write marks.
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "public/news_sitemap.xml"},
        name="news-sitemap",
    ),
]
