"""The sitemap of every published brief, in pages of 1,000 under an index, and a news sitemap of the
last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef
from django.utils import timezone

from articles.models import Article, Correction

NEWS_WINDOW = timedelta(days=2)


class BriefPages:
    """Django's sitemap paginator, paging by ranges of `per_page` brief ids instead of by position.

    The number of pages comes from the lowest and highest brief id, where Django's
    Paginator counts every listed brief; and a page keeps the briefs it lists as new
    ones are published, so crawlers re-read only the last. A range holding no listed
    brief (drafts, unpublished) is an empty page.
    """

    def __init__(self, items, per_page):
        self.items = items
        self.per_page = per_page
        # The ids of all briefs, listed or not: each end of the primary key read in one lookup (of
        # the listed ones alone, or of both ends in one query, SQLite would scan the table).
        briefs = items.model.objects
        self.first = briefs.aggregate(first=Min("pk"))["first"]
        last = briefs.aggregate(last=Max("pk"))["last"]
        self.num_pages = 0 if self.first is None else (last - self.first) // per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or (number > self.num_pages and number != 1):
            raise EmptyPage("That page contains no results")
        start = (self.first or 0) + (number - 1) * self.per_page
        return Page(list(self.items.filter(pk__gte=start, pk__lt=start + self.per_page)), number, self)


class BriefSitemap(Sitemap):
    # Brief ids per page (/sitemap-briefs.xml?p=2, …): a page costs the same however many briefs there are.
    limit = 1000

    @property
    def paginator(self):
        return BriefPages(self.items(), self.limit)

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
        """The latest `lastmod` of all listed briefs, for the sitemap index.

        Django's default calls lastmod() on every item. The latest of each brief's
        modified_at is the latest edit, publication or correction of any of them:
        three queries, each answered from an index by reading one row.
        """
        listed = self.listed()
        latest = [
            listed.aggregate(latest=Max("updated_at"))["latest"],
            listed.aggregate(latest=Max("published_at"))["latest"],
            # Newest first, stopping at the first correction of a listed brief (an IN list of every
            # listed brief would be built in full first).
            Correction.objects.filter(Exists(listed.filter(pk=OuterRef("article_id"))))
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first(),
        ]
        return max((moment for moment in latest if moment is not None), default=None)


class NewsSitemap(BriefSitemap):
    """Briefs published in the last two days, as news search engines want them."""

    limit = 1000  # the most a news sitemap may list
    paginator = Sitemap.paginator  # by position: its items are a list of two days' briefs

    def listed(self):
        return super().listed().filter(published_at__gte=timezone.now() - NEWS_WINDOW)

    def items(self):
        articles = list(super().items())
        for article in articles:
            article.publication_name = settings.SITE_NAME  # read by the news sitemap template
        return articles
