"""Who may see a brief that readers may not: nobody outside staff, on any public address.

Drafts, briefs in review, unpublished briefs and embargoed briefs (published for a later
time) are checked address by address, for anonymous and signed-in readers, next to the
same brief published, which must show on every one of those addresses.
"""

import pytest

from editorial.services import article_unpublish
from tests.builders import make_staff

from .access import BODY_PHRASE, CORRECTION, HEADLINE, OWN_OUTLET, STATES, URL_NAMES, public_urls

pytestmark = pytest.mark.django_db


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
