"""The public site: every page readers see, server-rendered and cached for them.

Every list reads Article.objects.published(); an outlet or person appears once a
published brief cites, quotes or is written by them, never through a draft.
"""

import re
from html import escape

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from archive.services import brief_verification
from articles.models import (
    SEARCH_RANKS_AT_MOST,
    SNIPPET_START,
    SNIPPET_STOP,
    Article,
    Citation,
    Correction,
    Quote,
    can_preview,
    is_published,
)
from brieftext.parser import MARKER_RE
from editorial.services import pending_changes
from pagecache.pages import cached_for_readers, page_depends_on_brief
from review.services import attribution_reviewed_at, preview_flags, with_latest_signoff
from sources.models import Outlet, Person

from .jsonld import news_article_json_ld
from .pagination import paginate

# Built once: building its annotations for each request cost as much as running the query.
# The archived copies come with the citations, without their text: when each source was last
# checked. How many quotes were found in them is the stored attribution check's count.
BRIEF_PAGE = with_latest_signoff(
    Article.objects.for_brief_page(
        source_related=["source__archive__latest"], source_deferred=["source__archive__latest__text"]
    )
).annotate(quotes_found_in_sources=F("attribution_check__quotes_found"))


def get_brief_or_404(request, slug):
    """The brief readers may see at this slug; staff may also preview unpublished ones, and with
    `?changes` the pending changes to a live brief."""
    articles = BRIEF_PAGE
    if not can_preview(request.user):
        return get_object_or_404(articles.published(), slug=slug)
    article = get_object_or_404(articles, slug=slug)
    # Read from the query string itself: readers' pages are stored under no such parameter.
    asks_for_changes = "changes" in QueryDict(request.META.get("QUERY_STRING", ""))
    changes = pending_changes(article) if asks_for_changes else None
    if changes is not None and changes.article_id == article.pk:
        return get_object_or_404(articles, pk=changes.draft_id)
    return article


@cached_for_readers("page")
@require_safe
def index(request):
    page = paginate(
        request, Article.objects.published().newest_first().with_counts(), settings.BRIEFS_PER_PAGE
    )
    return render(request, "public/index.html", {"page": page})


@cached_for_readers()
@require_safe
def brief(request, slug):
    article = get_brief_or_404(request, slug)
    page_depends_on_brief(request, article)
    is_preview = not article.is_published
    # Staff previews show reviewers where attribution is missing, in place.
    rendered = article.render(**preview_flags(article)) if is_preview else article.render()
    sources = [citation.source for _, citation in rendered.footnotes]
    verification = brief_verification(article, found=article.quotes_found_in_sources or 0)
    context = {
        "article": article,
        "rendered": rendered,
        "footnotes": footnote_items(rendered.footnotes, verification.checked_sources),
        "verification": verification,
        "quotes": quote_items(article),
        "source_count": len(sources),
        "outlet_count": len({source.outlet_id for source in sources}),
        "reviewed_at": attribution_reviewed_at(article),
        "is_preview": is_preview,
        "json_ld": news_article_json_ld(request, article, rendered),
    }
    response = render(request, "public/brief.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def footnote_items(footnotes, checked_sources=None):
    """What the list of sources shows of each (footnote, citation), written out for the template;
    `checked_sources` maps a source's pk to when its archived copy was last checked.

    Written here because the template would reverse each outlet's address and format each date
    again for every footnote, and localise every number: most of the list's cost.
    """
    outlet_urls, dates = {}, {}
    items = []
    for footnote, citation in footnotes:
        source = citation.source
        if source.outlet_id not in outlet_urls:
            outlet_urls[source.outlet_id] = source.outlet.get_absolute_url()
        if source.published_on not in dates:
            dates[source.published_on] = dateformat.format(source.published_on, "j F Y")
        backlinks = footnote.backlinks
        items.append(
            {
                "id": footnote.id,
                "number": str(footnote.number),
                "backlink": backlinks[0][0] if len(backlinks) == 1 else None,
                "backlinks": backlinks,
                "title": source.title,
                "url": source.url,
                "archived_url": source.archived_url,
                "outlet": source.outlet.name,
                "outlet_url": outlet_urls[source.outlet_id],
                "published_on": source.published_on.isoformat(),
                "published_on_text": dates[source.published_on],
                "checked_at": (checked_sources or {}).get(source.pk),
            }
        )
    return items


def quote_items(article):
    """What "Who said what" shows of each of the brief's quotes, written out for the template.

    A speaker is a link to their page only when readers may be told it as fact
    (Quote.speaker_vouched_for); one still to be confirmed is their name alone, and an
    unnamed speaker the quote's description, as written.
    """
    items = []
    for number, quote in enumerate(article.quotes.all(), start=1):
        speaker = quote.speaker
        vouched = quote.speaker_vouched_for
        items.append(
            {
                "number": str(number),
                "text": quote.text,
                "speaker": speaker.full_name if speaker else quote.description,
                "speaker_url": article.speaker_urls[speaker.pk] if vouched else None,
                "role": speaker.role if vouched else "",
            }
        )
    return items


SEARCH_RESULTS_PER_PAGE = 10


@cached_for_readers("q", "page")
@require_safe
def search(request):
    terms = " ".join(request.GET.get("q", "").split())
    if len(terms) > settings.MAX_SEARCH_CHARACTERS:
        raise BadRequest(f"Searches are at most {settings.MAX_SEARCH_CHARACTERS} characters long.")
    context = {"terms": terms, "page": None}
    if terms:
        results = Article.objects.published().search(terms)
        context["page"] = page = paginate(request, results, SEARCH_RESULTS_PER_PAGE)
        for article in page.object_list:
            article.highlighted_snippet = highlight(
                getattr(article, "snippet", None) or cut_snippet(article.body, terms)
            )
        found = Article.objects.published().matching(terms).values("pk")[: SEARCH_RANKS_AT_MOST + 1].count()
        context["found"] = min(found, SEARCH_RANKS_AT_MOST)
        context["found_more"] = found > SEARCH_RANKS_AT_MOST
    return render(request, "public/search.html", context)


def cut_snippet(body, terms, words_around=15):
    """About 2 × `words_around` words of `body` around the first of `terms` found, matches marked."""
    words = MARKER_RE.sub("", body).split()
    wanted = [term.casefold() for term in terms.split()]
    first = next(
        (index for index, word in enumerate(words) if any(term in word.casefold() for term in wanted)), 0
    )
    start = max(first - words_around, 0)
    shown = words[start : first + words_around]
    text = ("… " if start else "") + " ".join(shown) + (" …" if start + len(shown) < len(words) else "")
    found = re.compile("|".join(re.escape(term) for term in terms.split()), re.IGNORECASE)
    return found.sub(lambda match: f"{SNIPPET_START}{match.group()}{SNIPPET_STOP}", text)


def highlight(snippet):
    """Escape `snippet` and turn its match delimiters into balanced <mark> elements."""
    html, open_mark = [], False
    for piece in re.split(f"([{SNIPPET_START}{SNIPPET_STOP}])", MARKER_RE.sub("", snippet)):
        if piece == SNIPPET_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == SNIPPET_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (SNIPPET_START, SNIPPET_STOP):
            html.append(escape(piece, quote=False))
    if open_mark:
        html.append("</mark>")
    # Safe: every piece of text was escaped above; the only markup is <mark>.
    return mark_safe("".join(html))


CORRECTIONS_PER_PAGE = 20


@cached_for_readers("page")
@require_safe
def corrections(request):
    shown = (
        Correction.objects.filter(is_published("article__"))
        .select_related("article")
        .order_by("-published_at", "-pk")
    )
    page = paginate(request, shown, CORRECTIONS_PER_PAGE)
    return render(request, "public/corrections.html", {"page": page})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('public:news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Outlets, people and the sources index.

OUTLETS_PER_PAGE = 50
QUOTES_PER_PAGE = 20


def _published_citations():
    return Citation.objects.filter(is_published("article__"))


def public_outlets():
    """Outlets cited by at least one published brief."""
    return Outlet.objects.filter(Exists(_published_citations().filter(source__outlet=OuterRef("pk"))))


def public_people():
    """People quoted in (with a speaker readers may be told as fact), or writing, at least one
    published brief."""
    published = Article.objects.published()
    return Person.objects.filter(
        Exists(Quote.objects.vouched_for().filter(is_published("article__"), speaker=OuterRef("pk")))
        | Exists(published.filter(bylines__person=OuterRef("pk")))
    )


@cached_for_readers("page")
@require_safe
def sources(request):
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
    return render(request, "public/sources.html", {"page": page})


@cached_for_readers("page")
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
    return render(request, "public/outlet.html", {"outlet": outlet, "page": page})


@cached_for_readers("page", "briefs")
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
        Quote.objects.vouched_for()
        .filter(is_published("article__"), speaker=person)
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
    return render(request, "public/person.html", context)
