"""With Redis, a page a process has read from Redis once costs it no round trip after.

(The request that renders and stores a page is followed by one that reads it back:
a process's own writes are announced to it like any other.)

That every change still shows at the next request is test_page_cache.py's, which
runs on Redis too.
"""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

PAGES = {
    "home": lambda seed: "/",
    "brief": lambda seed: seed.get_absolute_url(),
    "outlet": lambda seed: (
        seed.citations.select_related("source__outlet").first().source.outlet.get_absolute_url()
    ),
    "search": lambda seed: "/search/?q=Blinken",
    "feed": lambda seed: "/feeds/rss/",
    "sitemap index": lambda seed: "/sitemap.xml",
}


@pytest.fixture
def count_round_trips(monkeypatch):
    """count_round_trips() -> the list of the commands the cache sends to Redis from then on."""

    def start():
        client = cache._cache.get_client()
        sent = []
        for command in ("get", "mget", "set", "exists", "pipeline"):
            real = getattr(client, command)

            def spy(*args, real=real, command=command, **kwargs):
                sent.append(command)
                return real(*args, **kwargs)

            monkeypatch.setattr(client, command, spy)
        return sent

    return start


@pytest.mark.parametrize("name", PAGES)
def test_a_page_read_once_costs_no_round_trip(
    client, redis_page_cache, seed_article, commit, count_round_trips, name
):
    commit()
    url = PAGES[name](seed_article)
    client.get(url)  # rendered and stored
    client.get(url)  # read from Redis, and kept
    sent = count_round_trips()

    response = client.get(url)

    assert response.status_code == 200
    assert sent == []


def test_the_first_request_of_a_page_asks_redis(
    client, redis_page_cache, seed_article, commit, count_round_trips
):
    commit()
    sent = count_round_trips()

    client.get(seed_article.get_absolute_url())

    assert "mget" in sent
