"""sitemap.xml of every published brief, and a news sitemap of the last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Article

NEWS_WINDOW = timedelta(days=2)


class BriefSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .with_last_correction()
            .newest_first()
            .only("slug", "headline", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return article.modified_at


class NewsSitemap(BriefSitemap):
    """Briefs published in the last two days, as news search engines want them."""

    limit = 1000  # the most a news sitemap may list

    def items(self):
        articles = list(super().items().filter(published_at__gte=timezone.now() - NEWS_WINDOW))
        for article in articles:
            article.publication_name = settings.SITE_NAME  # read by the news sitemap template
        return articles
