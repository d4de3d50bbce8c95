"""Who may see a brief that readers may not: nobody outside staff, on any public address.

Drafts, briefs in review, unpublished briefs and embargoed briefs (published for a later
time) are checked address by address, for anonymous and signed-in readers, next to the
same brief published, which must show on every one of those addresses. So are the pending
changes to a live brief: readers see the published version until the changes are published.
"""

import pytest

from articles.services import article_sync_quotes
from editorial.services import article_unpublish, live_changes_publish, live_changes_start
from tests.builders import make_outlet, make_source, make_staff

from .access import BODY, BODY_PHRASE, CORRECTION, HEADLINE, OWN_OUTLET, STATES, URL_NAMES, public_urls

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


# Pending changes to a live brief: another headline, a sentence and an outlet of their own.
CHANGED_HEADLINE = "Harbour board shelves quiddle crane plan"
CHANGED_PHRASE = "herons nesting on the slipway objected"
CHANGES_OUTLET = "Slipway Chronicle"
# Addresses that only the changes could fill.
CHANGES_URLS = {"search-changed-headline": "/search/?q=quiddle", "search-changed-body": "/search/?q=herons"}


@pytest.fixture
def with_changes(make_brief):
    """with_changes(brief) -> the draft of changes started on the live `brief` and edited."""

    def change(brief):
        changes, _ = live_changes_start(article=brief, user=make_staff("editor-user", "Editor"))
        draft = changes.draft
        draft.headline = CHANGED_HEADLINE
        draft.body = f"{BODY}\n\nThe board heard that {CHANGED_PHRASE}.[2]"
        draft.save()
        draft.citations.create(key=2, source=make_source(outlet=make_outlet(name=CHANGES_OUTLET)))
        article_sync_quotes(article=draft)
        return changes

    return change


def changes_show(text, changes):
    return any(mark in text for mark in (CHANGED_HEADLINE, CHANGED_PHRASE, CHANGES_OUTLET, "-changes-"))


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_pending_changes_to_a_live_brief_show_on_no_public_url(
    make_brief, with_changes, read, viewer, url_name
):
    brief = make_brief("published")
    changes = with_changes(brief)

    status, text = read(url_name, brief)

    assert status == 200
    assert shows(text, brief)
    assert not changes_show(text, changes)


def test_readers_find_the_pending_changes_by_no_word_of_them_nor_by_asking(
    make_brief, with_changes, client, viewer
):
    brief = make_brief("published")
    changes = with_changes(brief)

    for url in [
        *CHANGES_URLS.values(),
        brief.get_absolute_url() + "?changes",
        changes.draft.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not changes_show(response.content.decode(), changes), url


def test_cached_pages_keep_the_live_version_until_the_changes_are_published(
    settings, django_capture_on_commit_callbacks, make_brief, with_changes, read
):
    settings.PAGE_CACHE = True
    publisher = make_staff("publisher-user", "Publisher")
    with django_capture_on_commit_callbacks(execute=True):
        brief = make_brief("published")
    for name in URL_NAMES:
        read(name, brief)

    with django_capture_on_commit_callbacks(execute=True):
        changes = with_changes(brief)
    for name in URL_NAMES:
        status, text = read(name, brief)
        assert status == 200 and shows(text, brief) and not changes_show(text, changes), name

    with django_capture_on_commit_callbacks(execute=True):
        live_changes_publish(changes=changes, user=publisher, override_reason="Checked by the desk.")
    status, text = read("brief", brief)
    assert CHANGED_HEADLINE in text and CHANGED_PHRASE in text
