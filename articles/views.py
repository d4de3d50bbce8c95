from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .models import Article


def can_preview(user):
    return user.is_authenticated and user.is_staff


def get_brief_or_404(request, slug):
    """The brief readers may see at this slug; staff may also preview unpublished ones."""
    articles = Article.objects.for_brief_page()
    if not can_preview(request.user):
        articles = articles.published()
    return get_object_or_404(articles, slug=slug)


def paginate(request, queryset, per_page):
    """The requested page of `queryset`; a page number that is not a page is a 404."""
    try:
        return Paginator(queryset, per_page).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page.") from None


@require_safe
def index(request):
    page = paginate(request, Article.objects.published().newest_first(), settings.BRIEFS_PER_PAGE)
    return render(request, "articles/index.html", {"page": page})


@require_safe
def brief(request, slug):
    article = get_brief_or_404(request, slug)
    rendered = article.render()
    sources = [citation.source for _, citation in rendered.footnotes]
    context = {
        "article": article,
        "rendered": rendered,
        "source_count": len(sources),
        "outlet_count": len({source.outlet_id for source in sources}),
        "is_preview": not article.is_published,
    }
    response = render(request, "articles/brief.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response
