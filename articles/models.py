from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from sources.models import Person, Source

from .brieftext.footnotes import number_footnotes, render_body
from .brieftext.parser import BriefFormatError, parse_body


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not embargoed to a later time."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_brief_page(self):
        """Everything the brief page shows, in a fixed number of queries (four)."""
        return self.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source__outlet")),
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        )

    def with_counts(self):
        """Annotate citation_count and quote_count, one subquery each (no row fan-out)."""
        return self.annotate(
            citation_count=_count_of(Citation),
            quote_count=_count_of(Quote),
        )


def _count_of(model):
    counts = (
        model.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


class Article(models.Model):
    """A brief: a short article whose sentences cite numbered sources."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255, unique=True, help_text="The brief's web address: /briefs/<slug>/."
    )
    standfirst = models.TextField(
        blank=True, help_text="Optional one- or two-sentence summary shown under the headline."
    )
    body = models.TextField(
        help_text="Paragraphs separated by a blank line. Put citation markers such as [0] or "
        "[1][3] right after the sentence they support; each number is a reference below. "
        'Quotes in “curly” or "straight" double quotes.'
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Readers see the brief from this moment on."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    authors = models.ManyToManyField(Person, through="Byline", related_name="authored_articles", blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-updated_at"], name="article_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published brief needs a publication time.",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:brief", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= timezone.now())
        )

    def clean(self):
        try:
            self.body = parse_body(self.body).text
        except BriefFormatError as error:
            raise ValidationError({"body": f"Line {error.line}: {error.reason}."}) from None
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @cached_property
    def parsed_body(self):
        return parse_body(self.body)

    @cached_property
    def footnote_numbers(self):
        """The footnote number readers see for each cited reference key (costs a query)."""
        keys = {citation.key for citation in self.citations.all()}
        return {
            footnote.key: footnote.number for footnote in number_footnotes(self.parsed_body.markers, keys)
        }

    def render(self):
        """The body as HTML and its footnotes, each paired with its citation.

        Uses the prefetched citations when there are any (see for_brief_page()).
        """
        citations = {citation.key: citation for citation in self.citations.all()}
        rendered = render_body(self.parsed_body, citations.keys())
        footnotes = [(footnote, citations[footnote.key]) for footnote in rendered.footnotes]
        return RenderedBrief(html=rendered.html, footnotes=footnotes)


@dataclass(frozen=True)
class RenderedBrief:
    html: str
    footnotes: list  # [(Footnote, Citation)]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="byline_person_once_per_article"),
        ]

    def __str__(self):
        return str(self.person)


class Citation(models.Model):
    """One entry of a brief's reference list: marker [key] cites `source`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    key = models.PositiveIntegerField(
        "marker", help_text="The number in the body's markers: [0] cites the reference with marker 0."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"],
                name="citation_key_unique_per_article",
                violation_error_message="This brief already has a reference with this marker.",
            ),
        ]

    def __str__(self):
        return f"[{self.key}] {self.source}"


class Quote(models.Model):
    """A quoted span of a brief's body, derived from the body on every save."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(help_text="The quoted words, without the quote marks.")
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Who said it. Leave empty only if nobody can be named.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The source cited by the quote's sentence; set from the body's markers.",
    )
    paragraph = models.PositiveIntegerField(help_text="1 for the first paragraph.")
    position = models.PositiveIntegerField(
        help_text="Character offset of the opening quote mark in the body."
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="quote_position_unique_per_article"),
        ]

    def __str__(self):
        return f"“{self.text}”"
