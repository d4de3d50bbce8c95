"""The sitemap index's entries, joined in Python: one entry per 1,000 briefs, most sharing a lastmod
that Django's template loop would format again for each."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

register = template.Library()


@register.filter
def sitemap_entries(sitemaps):
    """The <sitemap> elements of these SitemapIndexItems, as Django's sitemap_index.xml writes them."""
    lastmods = {}

    def lastmod(moment):
        if moment not in lastmods:
            lastmods[moment] = (
                format_html("<lastmod>{}</lastmod>", localtime(moment).isoformat()) if moment else ""
            )
        return lastmods[moment]

    return format_html_join(
        "\n",
        "<sitemap><loc>{}</loc>{}</sitemap>",
        ((site.location, lastmod(site.last_mod)) for site in sitemaps),
    )
