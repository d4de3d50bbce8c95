"""Who may see a brief that readers may not: nobody outside staff, on any public address.

Drafts, briefs in review, unpublished briefs and embargoed briefs (published for a later
time) are checked address by address, for anonymous and signed-in readers, next to the
same brief published, which must show on every one of those addresses.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from editorial.services import article_unpublish
from tests.builders import make_article, make_outlet, make_person, make_source
from tests.editorial.conftest import make_staff

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def newsroom():
    """A writer, a speaker and two outlets; one outlet and the writer also in a published brief."""
    shared_outlet = make_outlet(name="Harbour Courier")
    writer = make_person(full_name="Tamsin Wrey")
    other_brief = make_article(
        headline="Ferries run later from spring",
        body="Ferries will run later from spring.[0]",
        references=[make_source(outlet=shared_outlet)],
    )
    other_brief.bylines.create(person=writer)
    return {
        "shared_outlet": shared_outlet,
        "own_outlet": make_outlet(name=OWN_OUTLET),
        "writer": writer,
        "speaker": make_person(full_name="Mira Castellane"),
    }


@pytest.fixture
def make_brief(newsroom):
    """make_brief(state) -> the brief under test in that state, with a quote, a byline and a correction."""

    def make(state):
        status, offset = STATES[state]
        brief = make_article(
            headline=HEADLINE,
            body=BODY,
            references=[
                make_source(outlet=newsroom["own_outlet"]),
                make_source(outlet=newsroom["shared_outlet"]),
            ],
            status=status,
            published_at=None if offset is None else timezone.now() + offset,
        )
        brief.quotes.update(speaker=newsroom["speaker"])
        brief.bylines.create(person=newsroom["writer"])
        Correction.objects.create(article=brief, text=CORRECTION)
        return brief

    return make


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


@pytest.fixture
def read(client, parse_html, newsroom):
    """read(url_name, brief) -> (status code, text): the page, or for "json-ld" every page's JSON-LD."""

    def read_url(url_name, brief):
        urls = public_urls(brief, newsroom)
        if url_name != "json-ld":
            response = client.get(urls[url_name])
            return response.status_code, response.content.decode()
        blocks = []
        for url in urls.values():
            response = client.get(url)
            if response["Content-Type"].startswith("text/html"):
                scripts = parse_html(response).find_all("script", type="application/ld+json")
                blocks.extend(script.text for script in scripts)
        return 200, "\n".join(blocks)

    return read_url


def shows(text, brief):
    """Whether the text gives away the brief: its headline, address, words, correction or sole outlet."""
    return any(
        mark in text for mark in (HEADLINE, brief.get_absolute_url(), BODY_PHRASE, CORRECTION, OWN_OUTLET)
    )


def assert_hidden(url_name, status, text, brief):
    assert status == 404 if url_name == "brief" else status in (200, 404)
    assert not shows(text, brief)


@pytest.fixture(params=["anonymous", "signed-in"])
def viewer(request, client):
    """A reader who is not staff: signed out, or signed in."""
    if request.param == "signed-in":
        client.force_login(request.getfixturevalue("reader"))
    return request.param


@pytest.mark.parametrize("url_name", URL_NAMES)
@pytest.mark.parametrize("state", STATES)
def test_a_brief_shows_on_a_public_url_only_once_published(make_brief, read, viewer, state, url_name):
    brief = make_brief(state)

    status, text = read(url_name, brief)

    if state == "published":
        assert status == 200
        assert shows(text, brief)
    else:
        assert_hidden(url_name, status, text, brief)


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_an_unpublished_brief_leaves_every_cached_page_on_the_next_request(
    settings, django_capture_on_commit_callbacks, make_brief, read, url_name
):
    """Anonymous readers are served stored pages; unpublishing must make every one of them stale."""
    settings.PAGE_CACHE = True
    publisher = make_staff("publisher-user", "Publisher")
    # Committed, so that the pages read next are stored for the readers after them.
    with django_capture_on_commit_callbacks(execute=True):
        brief = make_brief("published")
    for name in URL_NAMES:
        status, text = read(name, brief)
        assert status == 200 and shows(text, brief), name

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=brief, user=publisher, note="Legal hold.")

    assert_hidden(url_name, *read(url_name, brief), brief)
