"""A Redis that is stopped, hung or full costs readers renders, never an error, and editors can still save.

Each test has a Redis server of its own (redis_server.py), configured as production
configures CACHE_URL, which it stops, hangs or fills as an outage would.
"""

import logging
import re
import time

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pagecache import generations, shared
from tests.admin_forms import form_data
from tests.builders import make_article

from .redis_server import RedisServer, production_cache

pytestmark = pytest.mark.django_db

# A request that reaches a hung Redis waits for the socket timeouts of settings.CACHES, a fraction of this.
WAITS_AT_MOST = 2.0


@pytest.fixture(scope="module")
def cache_settings():
    return production_cache("redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.close()


class Commands(list):
    """The names of the commands the cache sends Redis to read and write values, written down by the
    connection class its OPTIONS name (those of the listening connection, newsroom/redis_cache.py,
    are left out)."""

    def __init__(self):
        super().__init__()
        log = self

        class Connection(redis.Connection):
            def send_command(self, *args, **kwargs):
                log.write_down([args])
                super().send_command(*args, **kwargs)

            def pack_commands(self, commands):  # a pipeline's, sent together
                commands = list(commands)
                log.write_down(commands)
                return super().pack_commands(commands)

        self.connection_class = Connection

    def write_down(self, commands):
        self.extend(name for name, *_ in map(list, commands) if name not in ("CLIENT", "SUBSCRIBE", "PING"))


@pytest.fixture(autouse=True)
def commands(settings, cache_settings, redis_server, monkeypatch):
    """The page cache on this test's Redis, and this process's record of failures and owed writes empty
    (restored afterwards). Gives the Commands sent to Redis."""
    commands = Commands()
    options = {**cache_settings["OPTIONS"], "connection_class": commands.connection_class}
    settings.CACHES = {"default": {**cache_settings, "LOCATION": redis_server.url, "OPTIONS": options}}
    settings.PAGE_CACHE = True
    monkeypatch.setattr(shared, "_retry_at", 0.0)
    monkeypatch.setattr(shared, "_logged_at", {})
    monkeypatch.setattr(generations, "_owed", set())
    return commands


class Clock:
    """The clock pagecache.shared retries and logs by, from now on moved by the test alone."""

    def __init__(self, monkeypatch):
        self.now = time.monotonic()
        monkeypatch.setattr(shared, "monotonic", lambda: self.now)

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def site(commit):
    article = make_article(body="Officials said “the bridge is open”.[0]", headline="Bridge reopens")
    other = make_article(body="A second thing happened.[0]", headline="Harbour reopens")
    commit()
    outlet = article.citations.select_related("source__outlet").get(key=0).source.outlet
    return {"article": article, "other": other, "outlet": outlet}


def pages(site):
    return {
        "home": "/",
        "brief": site["article"].get_absolute_url(),
        "other brief": site["other"].get_absolute_url(),
        "outlet": site["outlet"].get_absolute_url(),
        "search": "/search/?q=bridge",
        "feed": "/feeds/rss/",
        "sitemap": "/sitemap-briefs.xml",
    }


@pytest.fixture
def fetch():
    """fetch(url) -> (response, number of queries) for a reader's GET of `url`."""
    reader = Client()

    def get(url):
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url)
        return response, len(queries)

    return get


def without_nonce(response):
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


@pytest.fixture
def rename_outlet(client, editor, parse_html, django_capture_on_commit_callbacks):
    """rename_outlet(outlet, name): an editor's save through the admin, committed."""
    client.force_login(editor)

    def rename(outlet, name):
        url = reverse("admin:sources_outlet_change", args=[outlet.pk])
        fields = form_data(parse_html(client.get(url)).find("form", id="outlet_form"))
        fields.update(name=name, _save="Save")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, fields)
        assert response.status_code == 302, response.content.decode()[:2000]

    return rename


def test_with_redis_stopped_readers_get_every_page(fetch, site, redis_server):
    urls = pages(site)
    cached = {name: fetch(url)[0] for name, url in urls.items() if name != "other brief"}

    redis_server.stop()

    for name, url in urls.items():
        response, _ = fetch(url)
        assert response.status_code == 200, name
        if name in cached:
            assert without_nonce(response) == without_nonce(cached[name]), name


def test_with_redis_stopped_an_editor_saves_and_readers_see_it(fetch, site, redis_server, rename_outlet):
    url = site["article"].get_absolute_url()
    fetch(url)
    redis_server.stop()

    rename_outlet(site["outlet"], "The Renamed Wire")

    response, _ = fetch(url)
    assert response.status_code == 200
    assert "The Renamed Wire" in response.content.decode()


def test_with_redis_hung_pages_answer_within_a_bound(
    fetch, site, redis_server, rename_outlet, commands, clock
):
    urls = pages(site)
    for url in urls.values():
        fetch(url)
    redis_server.hang()
    sent = len(commands)

    for name, url in [*urls.items(), *urls.items()]:
        started = time.monotonic()
        response, _ = fetch(url)
        assert response.status_code == 200, name
        assert time.monotonic() - started < WAITS_AT_MOST, name
    rename_outlet(site["outlet"], "The Renamed Wire")

    assert "The Renamed Wire" in fetch(urls["brief"])[0].content.decode()
    # The request that found Redis hung waited for it; it is then left alone a while (the clock stands).
    assert len(commands) - sent == 1


def test_with_redis_full_pages_not_yet_cached_are_rendered_and_cached_ones_still_served(
    fetch, site, redis_server
):
    urls = pages(site)
    cached = fetch(urls["brief"])[0]
    redis_server.fill()

    for name, url in urls.items():
        assert fetch(url)[0].status_code == 200, name
    again, queries = fetch(urls["brief"])

    assert queries == 0
    assert without_nonce(again) == without_nonce(cached)


def test_with_redis_full_an_editor_saves_and_readers_see_it(fetch, site, redis_server, rename_outlet):
    """A full Redis refuses new tokens but still deletes the old ones, and serves no page without them."""
    urls = [site["article"].get_absolute_url(), site["outlet"].get_absolute_url()]
    for url in urls:
        fetch(url)
        assert fetch(url)[1] == 0
    redis_server.fill()

    rename_outlet(site["outlet"], "The Renamed Wire")

    for url in urls:
        response, _ = fetch(url)
        assert response.status_code == 200
        assert "The Renamed Wire" in response.content.decode(), url


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_a_save_redis_missed_shows_once_redis_is_back_with_its_old_pages(
    fetch, site, redis_server, rename_outlet, clock, outage
):
    """Redis comes back holding the pages and tokens it had before the save: the process that saved
    replaces those tokens before it serves or stores anything from it again."""
    urls = [site["article"].get_absolute_url(), site["outlet"].get_absolute_url()]
    for url in urls:
        fetch(url)
        assert fetch(url)[1] == 0  # cached

    if outage == "stopped":
        redis_server.stop()
    else:
        redis_server.hang()
    rename_outlet(site["outlet"], "The Renamed Wire")
    if outage == "stopped":
        redis_server.start()  # with the data it saved as it stopped
    else:
        redis_server.resume()
    assert any(":page:" in key for key in redis_server.stored_keys())  # the pages cached before the save
    clock.advance(shared.RETRY_SECONDS)

    for url in urls:
        response, _ = fetch(url)
        again, queries = fetch(url)
        assert "The Renamed Wire" in response.content.decode(), url
        assert "The Renamed Wire" in again.content.decode(), url
        assert queries == 0, url  # cached again


def test_pages_are_cached_again_once_redis_is_back(fetch, site, redis_server, clock):
    url = site["article"].get_absolute_url()
    redis_server.stop()
    fetch(url)
    assert fetch(url)[1] > 0

    redis_server.start()
    assert fetch(url)[1] > 0  # Redis is left alone for a while after a failure
    clock.advance(shared.RETRY_SECONDS)
    fetch(url)

    assert fetch(url)[1] == 0


def test_redis_failing_is_logged_once_a_minute_not_at_every_request(fetch, site, redis_server, clock, caplog):
    caplog.set_level(logging.WARNING, logger="pagecache.shared")
    urls = list(pages(site).values())
    redis_server.stop()

    for number in range(10):
        assert fetch(urls[number % len(urls)])[0].status_code == 200
        clock.advance(shared.RETRY_SECONDS)  # each request tries Redis again, within the minute
    [warning] = [record for record in caplog.records if record.name == "pagecache.shared"]
    clock.advance(shared.LOG_SECONDS)
    fetch(urls[0])
    logged = [record for record in caplog.records if record.name == "pagecache.shared"]

    assert warning.levelno == logging.WARNING
    assert "Redis cannot be reached" in warning.getMessage()
    assert "ConnectionError" in warning.getMessage()
    assert len(logged) == 2


def test_a_full_redis_is_logged_once_not_at_every_request(fetch, site, redis_server, caplog):
    caplog.set_level(logging.WARNING, logger="pagecache.shared")
    redis_server.fill()

    for url in pages(site).values():
        assert fetch(url)[0].status_code == 200
    [warning] = [record for record in caplog.records if record.name == "pagecache.shared"]

    assert "OutOfMemoryError" in warning.getMessage()


def test_query_parameters_a_page_does_not_read_create_no_entries(fetch, site, redis_server):
    """A crawler's or an attacker's /?x=1 … /?x=N is served the page of / from the cache."""
    cached = {url: fetch(url)[0] for url in ("/", "/search/?q=bridge")}
    keys = redis_server.stored_keys()

    for number in range(30):
        for url, page in cached.items():
            response, queries = fetch(f"{url}{'&' if '?' in url else '?'}x={number}")
            assert queries == 0
            assert without_nonce(response) == without_nonce(page)

    assert redis_server.stored_keys() == keys


@pytest.mark.parametrize("outage", ["stopped", "hung", "full"])
def test_readyz_reports_the_cache_down(client, db, redis_server, outage):
    assert client.get("/readyz").content == b"ok"
    if outage == "stopped":
        redis_server.stop()
    elif outage == "hung":
        redis_server.hang()
    else:
        redis_server.fill()

    started = time.monotonic()
    response = client.get("/readyz")

    assert time.monotonic() - started < WAITS_AT_MOST
    assert response.status_code == 503
    assert response.content.decode().startswith("cache unavailable (")
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200  # load balancers keep the instance in service
