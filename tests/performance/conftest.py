import secrets

import pytest
from django.core.cache import cache

from newsroom.caching import content_changed


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(): what the end of a real transaction does to the cache for every write made so far.

    Tests run inside one transaction that is rolled back, so on-commit callbacks
    never run by themselves and every write leaves only provisional generations,
    under which nothing is served from the cache.
    """

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            content_changed()

    return run


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on Redis as production has it, with each process's copy (newsroom/redis_cache.py).

    Its own Redis database, so that emptying it afterwards touches no other user of the server.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"page-cache-test-{secrets.token_hex(4)}",
            "OPTIONS": {"NEAR_PREFIXES": settings.PAGE_CACHE_NEAR_PREFIXES},
        }
    }
    yield
    cache.clear()
