import re
from html import escape

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from newsroom.caching import cached_for_readers, page_depends_on_brief
from newsroom.pagination import paginate
from review.services import preview_flags

from .brieftext.parser import MARKER_RE
from .jsonld import news_article_json_ld
from .models import SEARCH_RANKS_AT_MOST, SNIPPET_START, SNIPPET_STOP, Article, Correction, is_published


def can_preview(user):
    """Staff who may view briefs in the admin see unpublished ones at their public address."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.view_article")


def get_brief_or_404(request, slug):
    """The brief readers may see at this slug; staff may also preview unpublished ones."""
    articles = Article.objects.for_brief_page()
    if not can_preview(request.user):
        articles = articles.published()
    return get_object_or_404(articles, slug=slug)


@cached_for_readers
@require_safe
def index(request):
    page = paginate(
        request, Article.objects.published().newest_first().with_counts(), settings.BRIEFS_PER_PAGE
    )
    return render(request, "articles/index.html", {"page": page})


@cached_for_readers
@require_safe
def brief(request, slug):
    article = get_brief_or_404(request, slug)
    page_depends_on_brief(request, article)
    is_preview = not article.is_published
    # Staff previews show reviewers where attribution is missing, in place.
    rendered = article.render(**preview_flags(article)) if is_preview else article.render()
    sources = [citation.source for _, citation in rendered.footnotes]
    context = {
        "article": article,
        "rendered": rendered,
        "source_count": len(sources),
        "outlet_count": len({source.outlet_id for source in sources}),
        "is_preview": is_preview,
        "json_ld": news_article_json_ld(request, article, rendered),
    }
    response = render(request, "articles/brief.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


SEARCH_RESULTS_PER_PAGE = 10


@cached_for_readers
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
    return render(request, "articles/search.html", context)


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


@cached_for_readers
@require_safe
def corrections(request):
    shown = (
        Correction.objects.filter(is_published("article__"))
        .select_related("article")
        .order_by("-published_at", "-pk")
    )
    page = paginate(request, shown, CORRECTIONS_PER_PAGE)
    return render(request, "articles/corrections.html", {"page": page})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
