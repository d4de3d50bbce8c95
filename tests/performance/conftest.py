import secrets

import pytest
from django.core.cache import cache


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
