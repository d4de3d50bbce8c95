"""schema.org NewsArticle for the brief page: the brief, its writers, cited sources and corrections."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe


def news_article_json_ld(request, article, rendered):
    """schema.org NewsArticle for the brief page, as JSON safe inside <script>."""
    home = request.build_absolute_uri(reverse("public:index"))
    publisher = {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": home}
    authors = [
        {
            "@type": "Person",
            "name": byline.person.full_name,
            "url": request.build_absolute_uri(byline.person.get_absolute_url()),
        }
        for byline in article.bylines.all()
    ]
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat(),
        "author": authors or [publisher],
        "publisher": publisher,
        "isAccessibleForFree": True,
        "citation": [_creative_work(citation.source) for _, citation in rendered.footnotes],
        "correction": [
            {
                "@type": "CorrectionComment",
                "name": correction.get_kind_display(),
                "text": correction.text,
                "datePublished": correction.published_at.isoformat(),
                "url": request.build_absolute_uri(correction.get_absolute_url()),
            }
            for correction in article.shown_corrections
        ],
    }
    if article.standfirst:
        data["description"] = article.standfirst
    text = json.dumps(data, ensure_ascii=False)
    # Safe inside <script>: escaped as django.utils.html.json_script does, so no text can close it.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(text)


def _creative_work(source):
    work = {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.outlet.name},
        "datePublished": source.published_on.isoformat(),
    }
    if source.url or source.archived_url:
        work["url"] = source.url or source.archived_url
    return work
