from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import BriefSitemap, NewsSitemap
from articles.views import robots_txt

from . import health
from .caching import cached_for_readers

# /sitemap.xml is the index of the section pages /sitemap-<section>.xml (?p=2, … for later pages).
SITEMAPS = {"briefs": BriefSitemap}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("", include("articles.urls")),
    path("", include("sources.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_for_readers(sitemap_views.index),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "sitemap-section",
            "template_name": "articles/sitemap_index.xml",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_for_readers(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Not cached: briefs leave it as they turn two days old, a moment no write marks.
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
        name="news-sitemap",
    ),
]

handler400 = "newsroom.errors.bad_request"
