"""A brief in every state readers must not see, and every public address that could give it away."""

from datetime import timedelta

from articles.models import Article

HEADLINE = "Harbour board approves floating zorbium dock"
HEADLINE_WORD = "zorbium"
BODY_PHRASE = "pelicans nesting on the breakwater objected"
BODY_WORD = "breakwater"
CORRECTION = "An earlier version gave the length of the dock as ninety metres. It is ninety-four."
# Cited by the brief under test and by no other brief.
OWN_OUTLET = "Quayside Gazette"

BODY = (
    f"The harbour board approved the dock although {BODY_PHRASE}.[0] "
    "Mira Castellane said the dock was “long overdue”.[1]"
)

# status, publication time relative to now
STATES = {
    "draft": (Article.Status.DRAFT, None),
    "in-review": (Article.Status.IN_REVIEW, None),
    "unpublished": (Article.Status.UNPUBLISHED, -timedelta(hours=1)),
    "embargoed": (Article.Status.PUBLISHED, timedelta(days=1)),
    "published": (Article.Status.PUBLISHED, -timedelta(hours=1)),
}

URL_NAMES = [
    "brief",
    "home",
    "search-headline",
    "search-body",
    "corrections",
    "rss",
    "atom",
    "sitemap",
    "news-sitemap",
    "sources",
    "own-outlet",
    "shared-outlet",
    "speaker",
    "writer",
    "json-ld",
]


def public_urls(brief, newsroom):
    return {
        "brief": brief.get_absolute_url(),
        "home": "/",
        "search-headline": f"/search/?q={HEADLINE_WORD}",
        "search-body": f"/search/?q={BODY_WORD}",
        "corrections": "/corrections/",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "sitemap": "/sitemap-briefs.xml",
        "news-sitemap": "/news-sitemap.xml",
        "sources": "/sources/",
        "own-outlet": newsroom["own_outlet"].get_absolute_url(),
        "shared-outlet": newsroom["shared_outlet"].get_absolute_url(),
        "speaker": newsroom["speaker"].get_absolute_url(),
        "writer": newsroom["writer"].get_absolute_url(),
    }
