"""RSS and Atom feeds of the latest published briefs."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article, Byline
from brieftext.parser import MARKER_RE

FEED_LENGTH = 20
SUMMARY_WORDS = 60


class LatestBriefsFeed(Feed):
    description = "The latest briefs, every claim linked to its source."

    def title(self):
        return f"{settings.SITE_NAME}: latest briefs"

    def link(self):
        return reverse("public:index")

    def feed_url(self):
        return reverse("public:rss")

    def items(self):
        """The newest published briefs with what each entry shows, in three queries."""
        return (
            Article.objects.published()
            .newest_first()
            .with_last_correction()
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("person")))[
                :FEED_LENGTH
            ]
        )

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        if article.standfirst:
            text = article.standfirst
        else:
            words = MARKER_RE.sub("", article.body).split()
            text = " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")
        # Readers take a description as HTML (Atom's summary says type="html"): escape the text.
        return escape(text)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        names = [byline.person.full_name for byline in article.bylines.all()]
        return ", ".join(names) or settings.SITE_NAME


class LatestBriefsAtomFeed(LatestBriefsFeed):
    feed_type = Atom1Feed
    subtitle = LatestBriefsFeed.description

    def feed_url(self):
        return reverse("public:atom")
