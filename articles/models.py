from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import reversion
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from brieftext.footnotes import number_footnotes, render_body
from brieftext.parser import BriefFormatError, parse_body
from sources.models import Person, Source


def can_preview(user):
    """Staff who may view briefs in the admin see unpublished ones at their public address."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.view_article")


def is_published(through=""):
    """The condition published() filters on, for a query on a model related `through` a lookup path.

    `Quote.objects.filter(is_published("article__"))` joins each quote to its brief; an
    `article__in=Article.objects.published()` subquery would make SQLite list every published
    brief first.
    """
    return models.Q(
        **{f"{through}status": Article.Status.PUBLISHED, f"{through}published_at__lte": timezone.now()}
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not embargoed to a later time."""
        return self.filter(is_published())

    def scheduled(self, now):
        """Published, but embargoed until a moment after `now`: what published() will add later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def for_brief_page(self, *, source_related=(), source_deferred=()):
        """Everything the brief page shows, in a fixed number of queries (four).

        Corrections cost a fifth query, made only for a brief that has any
        (see `Article.shown_corrections`). `source_related` names more of each
        cited source's relations to select with it, for layers above this one,
        and `source_deferred` fields of theirs the page does not read.
        """
        return self.with_last_correction().prefetch_related(
            # Unordered: the page orders footnotes by first use, and an ORDER BY costs Django's
            # compiler more than the database.
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source__outlet", *source_related)
                .defer(*source_deferred)
                .order_by(),
            ),
            # By position alone: Quote's default order goes through the article, a join for nothing.
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker").order_by("position")),
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        )

    def with_last_correction(self):
        """Annotate last_corrected_at (None when uncorrected), so modified_at costs no query."""
        latest = Correction.objects.filter(article=OuterRef("pk")).order_by("-published_at")
        return self.annotate(last_corrected_at=Subquery(latest.values("published_at")[:1]))

    def matching(self, terms):
        """Briefs whose headline or body has every one of `terms`, in no particular order.

        PostgreSQL matches words (stemmed, full text) against the stored, indexed
        search document; other databases match every word case-insensitively.
        """
        if connection.vendor == "postgresql":
            return self.alias(document=search_document()).filter(document=_search_query(terms))
        words = terms.split()
        if not words:
            return self.none()
        matches = models.Q()
        for word in words:
            matches &= models.Q(headline__icontains=word) | models.Q(body__icontains=word)
        return self.filter(matches)

    def search(self, terms):
        """The SEARCH_RANKS_AT_MOST newest briefs matching `terms`, best first.

        Only the newest matches are ranked, so a word found in a tenth of
        100,000 briefs costs what it does among 1,000. PostgreSQL ranks by full-text
        relevance and annotates `snippet`, a passage of the body with matches between
        SNIPPET_START and SNIPPET_STOP; other databases put headline matches first.
        """
        newest = self.matching(terms).newest_first().values("pk")[:SEARCH_RANKS_AT_MOST]
        ranked = self.model.objects.filter(pk__in=newest)
        if connection.vendor == "postgresql":
            query = _search_query(terms)
            return ranked.annotate(
                search_rank=SearchRank(search_document(), query),
                snippet=SearchHeadline(
                    "body",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=SNIPPET_START,
                    stop_sel=SNIPPET_STOP,
                    max_words=35,
                    min_words=15,
                ),
            ).order_by("-search_rank", "-published_at", "-pk")
        in_headline = models.Q()
        for word in terms.split():
            in_headline &= models.Q(headline__icontains=word)
        return ranked.annotate(
            headline_match=models.Case(models.When(in_headline, then=1), default=0)
        ).order_by("-headline_match", "-published_at", "-pk")

    def with_counts(self):
        """Annotate citation_count and quote_count, one subquery each (no row fan-out)."""
        return self.annotate(
            citation_count=_count_of(Citation),
            quote_count=_count_of(Quote),
        )


SEARCH_CONFIG = "english"
# Private-use characters cannot be typed into a brief by accident; the page escapes
# the snippet first and only then turns these into <mark> tags.
SNIPPET_START = "\ue000"
SNIPPET_STOP = "\ue001"


SEARCH_RANKS_AT_MOST = 200


def search_document():
    """What full-text search reads, on PostgreSQL: the headline weighted above the body.

    Migration 0005 stores it as the generated column `search_document` (the
    headline's and body's to_tsvector, weights A and B, config SEARCH_CONFIG), with
    the GIN index `article_search`; the model has no field for it, as SQLite has no
    such column.
    """
    return StoredSearchDocument()


class StoredSearchDocument(models.Expression):
    """The article table's `search_document` column, under whatever alias the query gives the table."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _search_query(terms):
    return SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)


def _count_of(model):
    counts = (
        model.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


# Every revision of a brief holds its citations, quotes and bylines too. Corrections are
# left out: restoring an older version must never remove a public correction.
REVISION_FOLLOWS = ("citations", "quotes", "bylines")


@reversion.register(follow=REVISION_FOLLOWS)
class Article(models.Model):
    """A brief: a short article whose sentences cite numbered sources."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        allow_unicode=True,
        help_text="The brief's web address: /briefs/this-slug/.",
    )
    standfirst = models.TextField(
        blank=True, help_text="Optional one- or two-sentence summary shown under the headline."
    )
    body = models.TextField(
        help_text="Paragraphs separated by a blank line. Cite a reference right after the sentence it "
        "supports with Insert citation, or type its marker, such as [0] or [1][3]. Readers see "
        'footnotes numbered 1, 2, 3 in the order they are first cited. Quotes in “curly” or "straight" '
        "double quotes."
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
        verbose_name = "brief"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-published_at", "-id"], name="article_newest_first"),
            models.Index(fields=["-updated_at"], name="article_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published brief needs a publication time.",
            ),
        ]
        permissions = [
            ("submit_article", "Can submit a brief for review"),
            ("publish_article", "Can publish, schedule and unpublish a brief"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("public:brief", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= timezone.now())
        )

    @property
    def is_scheduled(self):
        """Published for a later time: readers see nothing of it yet (see ArticleQuerySet.scheduled)."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def modified_at(self):
        """When the readers' copy last changed: the last edit or correction, never before publication.

        Costs a query unless the article comes from with_last_correction().
        """
        if not hasattr(self, "last_corrected_at"):
            self.last_corrected_at = (
                self.corrections.order_by("-published_at").values_list("published_at", flat=True).first()
            )
        candidates = [self.updated_at, self.last_corrected_at, self.published_at]
        return max(moment for moment in candidates if moment is not None)

    @property
    def was_updated(self):
        """Changed after publication, by more than the moments it takes to publish."""
        return self.published_at is not None and self.modified_at - self.published_at > UPDATE_GRACE

    @cached_property
    def shown_corrections(self):
        """Corrections, oldest first; queried only when last_corrected_at says there are any."""
        if hasattr(self, "last_corrected_at") and self.last_corrected_at is None:
            return []
        return list(self.corrections.order_by("published_at", "pk"))

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

    def render(self, **flags):
        """The body as HTML and its footnotes, each paired with its citation.

        `flags` are render_body's flagged_sentences and flagged_quotes, for staff previews.
        Uses the prefetched citations and quotes when there are any (see for_brief_page()).
        """
        citations = {citation.key: citation for citation in self.citations.all()}
        body = render_body(self.parsed_body, citations.keys(), quote_speakers=self._quote_speakers(), **flags)
        footnotes = [(footnote, citations[footnote.key]) for footnote in body.footnotes]
        return RenderedBrief(html=body.html, footnotes=footnotes)

    @cached_property
    def speaker_urls(self):
        """{person pk: page} of everyone readers may be told is quoted (Quote.speaker_vouched_for), each
        address reversed once however often they are quoted."""
        urls = {}
        for quote in self.quotes.all():
            if quote.speaker_vouched_for and quote.speaker_id not in urls:
                urls[quote.speaker_id] = quote.speaker.get_absolute_url()
        return urls

    def _quote_speakers(self):
        """{N: (speaker page, name)} for the body's Nth quote, when readers may be told its speaker
        (Quote.speaker_vouched_for)."""
        stored = sorted(self.quotes.all(), key=lambda quote: quote.position)
        speakers = {}
        for number, (parsed, quote) in enumerate(zip(self.parsed_body.quotes, stored, strict=False), start=1):
            if quote.speaker_vouched_for and quote.text == parsed.text:
                speakers[number] = (self.speaker_urls[quote.speaker_id], quote.speaker.full_name)
        return speakers


UPDATE_GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class RenderedBrief:
    html: str
    footnotes: list  # [(Footnote, Citation)]


@reversion.register()
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


@reversion.register()
class Citation(models.Model):
    """One entry of a brief's reference list: marker [key] cites `source`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    key = models.PositiveIntegerField(
        "marker",
        help_text="What the body writes to cite this reference, as in brief files; filled in for you. "
        "Readers never see it: they see the footnote number.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")

    class Meta:
        verbose_name = "reference"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"],
                name="citation_key_unique_per_article",
                violation_error_message="This brief already has a reference with this marker.",
            ),
        ]

    def __str__(self):
        return str(self.source)  # editors know a reference by its source; the marker is the file's


class QuoteQuerySet(models.QuerySet):
    def vouched_for(self):
        """Quotes whose speaker readers may be told as fact: an editor confirmed it, or a rule the docs
        call certain found it. Person pages and links from briefs show only these."""
        return self.filter(speaker__isnull=False).filter(
            models.Q(speaker_confirmed=True) | models.Q(speaker_certain=True)
        )


@reversion.register()
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
    speaker_confirmed = models.BooleanField(
        "speaker checked",
        default=False,
        help_text="Ticked when an editor has checked who said it. Speakers found on import are unticked; "
        "readers see a speaker as a link to their page only once it is ticked.",
    )
    speaker_certain = models.BooleanField(
        "speaker certain",
        default=False,
        editable=False,
        help_text="The speaker rules named this speaker with certainty: a full name tied to a speech verb "
        "in the quote's own sentence (docs/attribution.md). Readers see it as a link before it is checked.",
    )
    description = models.CharField(
        "said by (description)",
        max_length=300,
        blank=True,
        help_text="Who said it when no person is named, as the brief puts it: “one visitor”, “officials”, "
        "“the ministry”. Shown to readers as written.",
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

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="quote_position_unique_per_article"),
        ]

    def __str__(self):
        return f"“{self.text}”"

    @property
    def speaker_vouched_for(self):
        """Whether readers may be shown the speaker as fact: confirmed by an editor, or found by a
        certain rule. See QuoteQuerySet.vouched_for()."""
        return self.speaker_id is not None and (self.speaker_confirmed or self.speaker_certain)


class Correction(models.Model):
    """A dated, public note that a published brief was wrong or unclear.

    Kept for good: deleting a corrected brief is refused (PROTECT) because the
    record of a public error must not vanish with it; unpublish it instead.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.CORRECTION,
        help_text="Correction: something was wrong. Clarification: it was right but could mislead.",
    )
    text = models.TextField(
        help_text="Shown to readers as written: say what was wrong and what is right, "
        "e.g. “An earlier version gave the foreign minister's first name as Gabi; he is Eli Cohen.”"
    )
    published_at = models.DateTimeField(
        "dated", default=timezone.now, db_index=True, help_text="The date readers see on the correction."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"
