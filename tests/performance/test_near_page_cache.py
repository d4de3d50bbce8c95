"""With Redis, a page a process has read from Redis once costs it no round trip after.

(The request that renders and stores a page is followed by one that reads it back:
a process's own writes are announced to it like any other.)

That every change still shows at the next request is test_page_cache.py's, which
runs on Redis too.
"""

import pytest

from newsroom import redis_cache

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
def prompt_requests(monkeypatch):
    """Each request follows the last well within the copy's lease, however busy the machine: the near
    cache's clock stands still (test_near_cache.py has what happens as it moves)."""
    now = redis_cache.monotonic()
    monkeypatch.setattr(redis_cache, "monotonic", lambda: now)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_read_once_costs_no_round_trip(
    client, redis_page_cache, prompt_requests, seed_article, commit, name
):
    commit()
    url = PAGES[name](seed_article)
    client.get(url)  # rendered and stored
    # Read from Redis and kept. Redis announces the writes above on another connection, which a
    # busy machine can deliver after the read: the copy is then dropped once and read again.
    for _ in range(3):
        before = len(redis_page_cache.round_trips())
        client.get(url)
        if len(redis_page_cache.round_trips()) == before:
            break
    before = redis_page_cache.round_trips()

    response = client.get(url)

    assert response.status_code == 200
    assert redis_page_cache.round_trips() == before


def test_the_first_request_of_a_page_asks_redis(client, redis_page_cache, seed_article, commit):
    commit()
    before = len(redis_page_cache.round_trips())

    client.get(seed_article.get_absolute_url())

    assert "MGET" in redis_page_cache.round_trips()[before:]
