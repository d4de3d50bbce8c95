"""Stored attribution checks held against a fresh computation."""

from articles.models import Article
from review.models import AttributionCheck
from review.services import brief_review

CHECK_FIELDS = (
    "fingerprint",
    "sentence_count",
    "cited_sentence_count",
    "error_count",
    "warning_count",
    "findings",
    "reviewed_at",
)


def stored_check(article):
    """The brief's stored check as a dict of CHECK_FIELDS; None when it has none."""
    return AttributionCheck.objects.filter(article=article).values(*CHECK_FIELDS).first()


def fresh_check(article):
    """The check brief_review() computes for the brief now, as a dict of CHECK_FIELDS."""
    check = brief_review(Article.objects.get(pk=article.pk)).as_check()
    return {field: getattr(check, field) for field in CHECK_FIELDS}


def stale_checks():
    """{slug: (stored, fresh)} of every brief whose stored check differs from a fresh one."""
    stale = {}
    for article in Article.objects.order_by("pk"):
        stored, fresh = stored_check(article), fresh_check(article)
        if stored != fresh:
            stale[article.slug] = (stored, fresh)
    return stale
