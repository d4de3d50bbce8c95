"""Public pages about who briefs cite and quote: outlets, people and the sources index.

Readers only see what published briefs show: an outlet or person appears once a
published brief cites, quotes or is written by them, and never through a draft.
"""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from articles.models import Article, Citation, Quote, is_published
from newsroom.caching import cached_for_readers
from newsroom.pagination import paginate

from .models import Outlet, Person

OUTLETS_PER_PAGE = 50
QUOTES_PER_PAGE = 20


def _published_citations():
    return Citation.objects.filter(is_published("article__"))


def public_outlets():
    """Outlets cited by at least one published brief."""
    return Outlet.objects.filter(Exists(_published_citations().filter(source__outlet=OuterRef("pk"))))


def public_people():
    """People quoted in, or writing, at least one published brief."""
    published = Article.objects.published()
    return Person.objects.filter(
        Exists(Quote.objects.filter(is_published("article__"), speaker=OuterRef("pk")))
        | Exists(published.filter(bylines__person=OuterRef("pk")))
    )


@cached_for_readers
@require_safe
def index(request):
    brief_counts = (
        _published_citations()
        .filter(source__outlet=OuterRef("pk"))
        .order_by()
        .values("source__outlet")
        .annotate(count=Count("article", distinct=True))
        .values("count")
    )
    outlets = public_outlets().annotate(brief_count=Subquery(brief_counts)).order_by("name", "pk")
    page = paginate(request, outlets, OUTLETS_PER_PAGE)
    return render(request, "sources/index.html", {"page": page})


@cached_for_readers
@require_safe
def outlet(request, slug):
    outlet = get_object_or_404(public_outlets(), slug=slug)
    cited_here = Citation.objects.filter(source__outlet=outlet)
    briefs = (
        # From the outlet's citations to their briefs: as an EXISTS test on every brief, newest
        # first, PostgreSQL would read the whole table to fill a page for a rarely cited outlet.
        Article.objects.published()
        .filter(pk__in=cited_here.values("article_id"))
        .newest_first()
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=cited_here.select_related("source").order_by("source__title"),
                to_attr="outlet_citations",
            )
        )
    )
    page = paginate(request, briefs, settings.BRIEFS_PER_PAGE)
    return render(request, "sources/outlet.html", {"outlet": outlet, "page": page})


@cached_for_readers
@require_safe
def person(request, slug):
    person = get_object_or_404(public_people(), slug=slug)
    published = Article.objects.published()
    # The Nth quote of a brief carries id quote-N on the brief page.
    quote_number = (
        Quote.objects.filter(article=OuterRef("article"), position__lte=OuterRef("position"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    quotes = (
        Quote.objects.filter(is_published("article__"), speaker=person)
        .select_related("article")
        .annotate(number=Subquery(quote_number))
        .order_by("-article__published_at", "-article__pk", "position")
    )
    briefs = published.filter(bylines__person=person).newest_first()
    context = {
        "person": person,
        "quotes": paginate(request, quotes, QUOTES_PER_PAGE),
        "briefs": paginate(request, briefs, settings.BRIEFS_PER_PAGE, parameter="briefs"),
    }
    return render(request, "sources/person.html", context)
