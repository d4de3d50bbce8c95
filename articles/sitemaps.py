"""The sitemap of every published brief, in pages of 1,000 under an index, and a news sitemap of the
last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from .models import Article

NEWS_WINDOW = timedelta(days=2)


class BriefSitemap(Sitemap):
    # Entries per page (/sitemap-briefs.xml?p=2, …): a page costs the same however many briefs there are.
    limit = 1000

    def listed(self):
        """The briefs this sitemap lists, neither ordered nor annotated."""
        return Article.objects.published()

    def items(self):
        return (
            self.listed()
            .with_last_correction()
            .newest_first()
            .only("slug", "headline", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        """The latest `lastmod` of all listed briefs, for the sitemap index: one query.

        Django's default calls lastmod() on every item. The latest of each brief's
        modified_at is the latest edit, publication or correction of any of them.
        """
        latest = self.listed().aggregate(
            edited=Max("updated_at"),
            published=Max("published_at"),
            corrected=Max("corrections__published_at"),
        )
        return max((moment for moment in latest.values() if moment is not None), default=None)


class NewsSitemap(BriefSitemap):
    """Briefs published in the last two days, as news search engines want them."""

    limit = 1000  # the most a news sitemap may list

    def listed(self):
        return super().listed().filter(published_at__gte=timezone.now() - NEWS_WINDOW)

    def items(self):
        articles = list(super().items())
        for article in articles:
            article.publication_name = settings.SITE_NAME  # read by the news sitemap template
        return articles
