"""Readers get pages from the cache, and every change shows on their next request.

Every test runs twice: on the local-memory cache of development and tests, and on
Redis as production has it, with each process's copy (newsroom/redis_cache.py).
"""

import json
import os
import re
import secrets
import traceback
from datetime import timedelta

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.db import connection
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import Article, Byline, Correction
from articles.services import article_sync_quotes
from sources.models import Person
from tests.builders import make_article, make_person, make_source
from tests.site.data import dress_seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["local memory", "Redis"])
def page_cache(request):
    if request.param == "Redis":
        request.getfixturevalue("redis_page_cache")


@pytest.fixture
def site(seed_article, commit):
    """The seed brief as readers meet it (speakers, a byline, a correction) and a second brief."""
    people = dress_seed(seed_article)
    other = make_article(body="A second thing happened.[0]", headline="Harbour reopens")
    commit()
    citation = seed_article.citations.select_related("source__outlet").get(key=0)
    return {"article": seed_article, "other": other, "outlet": citation.source.outlet, **people}


def fetch(client, url, **headers):
    """(response, number of queries) for a GET of `url`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


PAGES = {
    "home": lambda site: "/",
    "brief": lambda site: site["article"].get_absolute_url(),
    "outlet": lambda site: site["outlet"].get_absolute_url(),
    "speaker": lambda site: site["blinken"].get_absolute_url(),
    "author": lambda site: site["writer"].get_absolute_url(),
    "sources": lambda site: "/sources/",
    "corrections": lambda site: "/corrections/",
    "search": lambda site: "/search/?q=Blinken",
    "rss": lambda site: "/feeds/rss/",
    "atom": lambda site: "/feeds/atom/",
    "sitemap index": lambda site: "/sitemap.xml",
    "sitemap": lambda site: "/sitemap-briefs.xml",
}


@pytest.mark.parametrize("name", PAGES)
def test_a_cached_page_costs_no_query_and_no_session(client, site, monkeypatch, name):
    url = PAGES[name](site)
    first, _ = fetch(client, url)

    def no_session(self, *args, **kwargs):
        raise AssertionError("the session was read")

    monkeypatch.setattr(SessionBase, "_get_session", no_session)
    again, queries = fetch(client, url)

    assert first.status_code == again.status_code == 200
    assert queries == 0
    assert without_nonce(again) == without_nonce(first)


def without_nonce(response):
    content = response if isinstance(response, str) else response.content.decode()
    return re.sub(r'nonce="[^"]*"', "", content)


def headers_without_nonce(response):
    return {name: re.sub(r"'nonce-[^']*'", "", value) for name, value in response.headers.items()}


@pytest.mark.parametrize("name", ["home", "brief", "search", "rss", "sitemap"])
def test_a_cached_page_is_answered_before_sessions_csrf_authentication_and_messages(
    client, site, monkeypatch, name
):
    url = PAGES[name](site)
    first, _ = fetch(client, url)

    def not_reached(self, request):
        raise AssertionError(f"{type(self).__name__} ran")

    for middleware in (
        SessionMiddleware,
        CommonMiddleware,
        CsrfViewMiddleware,
        AuthenticationMiddleware,
        MessageMiddleware,
    ):
        monkeypatch.setattr(middleware, "process_request", not_reached)
    again, queries = fetch(client, url)

    assert again.status_code == 200
    assert queries == 0
    assert without_nonce(again) == without_nonce(first)
    assert headers_without_nonce(again) == headers_without_nonce(first)


class ReadLog:
    """A cache backend handing every call to the one OPTIONS["CACHE"] describes, writing down in `reads`
    the keys each read of it asked for."""

    def __init__(self, location, params):
        inner = dict(params["OPTIONS"]["CACHE"])
        self.cache = import_string(inner.pop("BACKEND"))(inner.pop("LOCATION", ""), inner)
        self.reads = []

    def get(self, key, default=None, version=None):
        self.reads.append([key])
        return self.cache.get(key, default, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        self.reads.append(keys)
        return self.cache.get_many(keys, version)

    def has_key(self, key, version=None):
        self.reads.append([key])
        return self.cache.has_key(key, version)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.fixture
def cache_reads(settings):
    """The keys each read of the cache asks for from now on, a list a read."""
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.ReadLog", "OPTIONS": {"CACHE": settings.CACHES["default"]}}
    }
    return caches["default"].reads


def page_lookups(reads):
    return [keys for keys in reads if any(key.startswith("page:") for key in keys)]


def test_a_page_is_looked_up_once_a_request_and_other_addresses_never(client, site, cache_reads):
    """Once by ReaderPageMiddleware, which serves the page or hands what it found to the view."""
    url = site["article"].get_absolute_url()

    responses = [fetch(client, url)[0] for _ in range(3)]
    change_headline(site)  # uncommitted: the page is looked up but not served, and rendered again
    responses.append(fetch(client, url)[0])
    lookups = page_lookups(cache_reads)
    for path in ("/admin/login/", "/healthz"):
        for _ in range(2):
            assert fetch(client, path)[0].status_code == 200

    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert len(lookups) == 4
    assert page_lookups(cache_reads) == lookups


def served_by_another_process(url):
    """Fork now another server process, which sees nothing more of this one's; go() has it serve `url` and
    gives {"status", "queries", "content"} of its answer."""
    start, started = os.pipe()
    answer, answered = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        try:
            os.read(start, 1)
            try:
                with CaptureQueriesContext(connection) as queries:
                    response = Client().get(url)
                result = {"status": response.status_code, "queries": len(queries), "content": response.text}
            except Exception:
                result = {"error": traceback.format_exc()}
            with os.fdopen(answered, "w") as pipe:
                json.dump(result, pipe)
        finally:
            os._exit(0)  # nothing of the parent's, its database connection above all, is closed
    os.close(answered)

    def go():
        os.write(started, b"!")
        with os.fdopen(answer) as pipe:
            result = json.loads(pipe.read() or '{"error": "the other process answered nothing"}')
        os.waitpid(child, 0)
        assert "error" not in result, result["error"]
        return result

    return go


@pytest.mark.parametrize("page_cache", ["Redis"], indirect=True)  # a local-memory cache is one process's
def test_a_page_this_process_has_not_seen_is_still_served_from_the_cache(client, site, commit):
    """Another server process, which never saw the page, serves the copy this one stored."""
    article = make_article(headline=f"Ferry timetable {secrets.token_hex(4)}")  # an address no process saw
    commit()
    url = article.get_absolute_url()
    other = served_by_another_process(url)
    first, _ = fetch(client, url)

    again = other()

    assert again["status"] == 200
    assert again["queries"] == 0
    assert without_nonce(again["content"]) == without_nonce(first)


@pytest.mark.parametrize("name", ["home", "brief", "outlet", "speaker"])
def test_pages_carry_validators_and_answer_conditional_requests_with_304(client, site, name):
    url = PAGES[name](site)
    response, _ = fetch(client, url)
    etag, last_modified = response["ETag"], response["Last-Modified"]

    by_etag, queries = fetch(client, url, HTTP_IF_NONE_MATCH=etag)
    by_date, _ = fetch(client, url, HTTP_IF_MODIFIED_SINCE=last_modified)
    changed, _ = fetch(client, url, HTTP_IF_NONE_MATCH='W/"something-else"')

    assert etag.startswith('W/"')
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert queries == 0
    assert changed.status_code == 200


def test_a_change_gives_a_new_etag_and_a_later_last_modified(client, site, commit):
    url = site["article"].get_absolute_url()
    before, _ = fetch(client, url)
    site["article"].standfirst = "A new summary."
    site["article"].save()
    commit()

    after, _ = fetch(
        client, url, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
    )
    by_date_only, _ = fetch(client, url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert after.status_code == by_date_only.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    assert "A new summary." in after.content.decode()


def test_a_change_elsewhere_keeps_etag_and_last_modified_of_an_unchanged_page(client, site, commit):
    url = site["outlet"].get_absolute_url()
    before, _ = fetch(client, url)
    Person.objects.create(full_name="Nobody In Particular")
    commit()

    after, queries = fetch(client, url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert queries > 0  # rendered again: any change may show on a list
    assert after.status_code == 304
    assert after["Last-Modified"] == before["Last-Modified"]


def test_anonymous_pages_ask_browsers_and_cdns_to_revalidate(client, site):
    response, _ = fetch(client, "/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in response["Vary"]


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1) if match else response.content.decode()


def change_headline(site):
    site["article"].headline = "Blinken ends his visit"
    site["article"].save()
    return "Blinken ends his visit"


def change_source_title(site):
    source = site["article"].citations.get(key=0).source
    source.title = "A retitled source"
    source.save()
    return "A retitled source"


def rename_outlet(site):
    site["outlet"].name = "The Renamed Wire"
    site["outlet"].save()
    return "The Renamed Wire"


def rename_speaker(site):
    site["blinken"].full_name = "Antony J. Blinken Jr"
    site["blinken"].save()
    return "Antony J. Blinken Jr"


def change_quote_speaker(site):
    quote = site["article"].quotes.order_by("position").first()
    quote.speaker = make_person(full_name="Newly Named Speaker")
    quote.save()
    return "Newly Named Speaker"


def add_byline(site):
    Byline.objects.create(article=site["article"], person=make_person(full_name="Second Writer"), position=2)
    return "Second Writer"


def add_author_through_m2m(site):
    site["article"].authors.add(make_person(full_name="Added Author"), through_defaults={"position": 3})
    return "Added Author"


def add_correction(site):
    Correction.objects.create(article=site["article"], text="A second correction was needed.")
    return "A second correction was needed."


def edit_correction(site):
    site["correction"].text = "The corrected correction."
    site["correction"].save()
    return "The corrected correction."


def swap_citation_source(site):
    citation = site["article"].citations.get(key=0)
    citation.source = make_source(title="A better source")
    citation.save()
    return "A better source"


def delete_citation(site):
    site["article"].citations.get(key=0).delete()
    return "[source 0 missing]"


def rewrite_body_in_bulk(site):
    """The body changed without a signal; the quotes are derived again with bulk_create."""
    other = site["other"]
    Article.objects.filter(pk=other.pk).update(body="Officials said “the bridge is open”.[0]")
    other.refresh_from_db()
    article_sync_quotes(article=other)
    return "the bridge is open"


CHANGES = {
    # name: (change, page shown the change)
    "headline on brief": (change_headline, "brief"),
    "headline on home": (change_headline, "home"),
    "headline on outlet": (change_headline, "outlet"),
    "headline on feed": (change_headline, "rss"),
    "source title on brief": (change_source_title, "brief"),
    "source title on outlet": (change_source_title, "outlet"),
    "outlet name on brief": (rename_outlet, "brief"),
    "outlet name on sources": (rename_outlet, "sources"),
    "speaker name on brief": (rename_speaker, "brief"),
    "speaker name on their page": (rename_speaker, "speaker"),
    "quote speaker on brief": (change_quote_speaker, "brief"),
    "byline on brief": (add_byline, "brief"),
    "author added through authors on brief": (add_author_through_m2m, "brief"),
    "new correction on brief": (add_correction, "brief"),
    "new correction on corrections": (add_correction, "corrections"),
    "edited correction on brief": (edit_correction, "brief"),
    "citation source on brief": (swap_citation_source, "brief"),
    "deleted citation on brief": (delete_citation, "brief"),
    "quotes derived in bulk on brief": (rewrite_body_in_bulk, "other"),
}
PAGES["other"] = lambda site: site["other"].get_absolute_url()


@pytest.mark.parametrize("name", CHANGES)
def test_readers_see_every_change_on_their_next_request(client, site, commit, name):
    change, page = CHANGES[name]
    url = PAGES[page](site)
    fetch(client, url)
    assert fetch(client, url)[1] == 0  # cached

    shown = change(site)
    during, _ = fetch(client, url)
    commit()
    after, _ = fetch(client, url)
    again, queries = fetch(client, url)

    for response in (during, after, again):
        assert response.status_code == 200
        assert shown in response.content.decode(), f"{name}: not on {url}"
    assert queries == 0  # and cached again


def test_an_unpublished_brief_disappears_on_the_next_request(client, site, commit):
    article = site["article"]
    urls = [article.get_absolute_url(), "/", "/sitemap-briefs.xml", site["blinken"].get_absolute_url()]
    for url in urls:
        fetch(client, url)

    article.status = Article.Status.UNPUBLISHED
    article.save()
    commit()

    assert fetch(client, article.get_absolute_url())[0].status_code == 404
    assert article.headline not in fetch(client, "/")[0].content.decode()
    assert article.get_absolute_url() not in fetch(client, "/sitemap-briefs.xml")[0].content.decode()
    assert fetch(client, site["blinken"].get_absolute_url())[0].status_code == 404


def test_a_deleted_brief_is_gone_on_the_next_request(client, site, commit):
    url = site["other"].get_absolute_url()
    fetch(client, url)
    fetch(client, "/")

    site["other"].delete()
    commit()

    assert fetch(client, url)[0].status_code == 404
    assert "Harbour reopens" not in fetch(client, "/")[0].content.decode()


def test_a_newly_published_brief_appears_on_the_next_request(client, site, commit):
    draft = make_article(headline="Ferry strike ends", status=Article.Status.DRAFT)
    commit()
    assert fetch(client, draft.get_absolute_url())[0].status_code == 404
    fetch(client, "/")

    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    commit()

    assert fetch(client, draft.get_absolute_url())[0].status_code == 200
    assert "Ferry strike ends" in fetch(client, "/")[0].content.decode()


def test_editing_one_brief_keeps_the_other_brief_pages_cached(client, site, commit):
    other_url = site["other"].get_absolute_url()
    fetch(client, other_url)
    fetch(client, "/")

    change_headline(site)
    commit()

    assert fetch(client, other_url)[1] == 0
    assert fetch(client, "/")[1] > 0


def test_an_edit_renders_a_cached_brief_again_so_no_reader_waits(client, site, commit):
    url = site["article"].get_absolute_url()
    fetch(client, url)

    shown = change_headline(site)
    commit()
    response, queries = fetch(client, url)

    assert queries == 0
    assert shown in response.content.decode()


def test_nothing_is_cached_while_a_write_is_uncommitted(client, site):
    url = site["article"].get_absolute_url()
    change_headline(site)

    fetch(client, url)
    _, queries = fetch(client, url)

    assert queries > 0


class FrozenClock:
    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.mark.parametrize("url", ["/", "/feeds/rss/", "/sitemap-briefs.xml", "/search/?q=ferry"])
def test_a_scheduled_brief_appears_when_its_time_comes_without_any_write(
    client, site, commit, monkeypatch, url
):
    clock = FrozenClock(monkeypatch)
    scheduled = make_article(headline="Ferry timetable restored", published_at=clock.now + timedelta(hours=1))
    commit()
    link = scheduled.get_absolute_url()
    assert link not in fetch(client, url)[0].content.decode()
    assert fetch(client, url)[1] == 0
    assert fetch(client, link)[0].status_code == 404

    clock.advance(hours=1)

    assert link in fetch(client, url)[0].content.decode()
    assert fetch(client, link)[0].status_code == 200
    assert fetch(client, url)[1] == 0  # cached again, until the next scheduled brief


def test_max_age_never_reaches_past_the_next_scheduled_brief(client, site, commit, monkeypatch, settings):
    settings.PAGE_MAX_AGE = 3600
    clock = FrozenClock(monkeypatch)
    make_article(headline="Later", published_at=clock.now + timedelta(minutes=10))
    commit()

    home, _ = fetch(client, "/")
    brief, _ = fetch(client, site["article"].get_absolute_url())

    assert home["Cache-Control"] == "public, max-age=600"
    assert brief["Cache-Control"] == "public, max-age=3600"


def test_staff_and_signed_in_readers_get_a_fresh_page(editor_client, site, commit):
    url = site["article"].get_absolute_url()
    fetch(editor_client, url)

    assert fetch(editor_client, url)[1] > 0


def test_a_staff_preview_never_reaches_readers(client, editor, site, commit):
    draft = make_article(headline="Not yet", status=Article.Status.DRAFT)
    commit()
    client.force_login(editor)
    preview, _ = fetch(client, draft.get_absolute_url())
    client.logout()

    reader, _ = fetch(client, draft.get_absolute_url())

    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert reader.status_code == 404


def test_each_response_gets_its_own_nonce_matching_its_policy(client, site):
    url = site["article"].get_absolute_url()
    nonces = []
    for _ in range(3):
        response, _ = fetch(client, url)
        [nonce] = re.findall(
            r'<script type="application/ld\+json" nonce="([^"]+)"', response.content.decode()
        )
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)

    assert len(set(nonces)) == 3


def test_a_cached_page_links_to_the_host_it_was_asked_for(client, site):
    url = site["article"].get_absolute_url()
    fetch(client, url)

    response, queries = fetch(client, url, HTTP_HOST="localhost")

    assert queries == 0
    assert f'<link rel="canonical" href="http://localhost{url}">' in response.content.decode()
    assert "testserver" not in response.content.decode()


def test_a_host_not_allowed_is_refused_even_for_a_cached_page(client, site):
    url = site["article"].get_absolute_url()
    fetch(client, url)

    assert fetch(client, url, HTTP_HOST="attacker.example")[0].status_code == 400


def test_without_a_shared_cache_pages_are_rendered_every_time(client, site, settings):
    """With one local-memory cache per worker process, a worker could not see another's edits."""
    settings.PAGE_CACHE = False
    url = site["article"].get_absolute_url()
    first, _ = fetch(client, url)

    again, queries = fetch(client, url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert queries > 0
    assert again.status_code == 304
