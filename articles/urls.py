from django.urls import path

from newsroom.caching import cached_for_readers

from . import views
from .feeds import LatestBriefsAtomFeed, LatestBriefsFeed

app_name = "articles"

urlpatterns = [
    path("", views.index, name="index"),
    path("briefs/<slug:slug>/", views.brief, name="brief"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("feeds/rss/", cached_for_readers(LatestBriefsFeed()), name="rss"),
    path("feeds/atom/", cached_for_readers(LatestBriefsAtomFeed()), name="atom"),
]
