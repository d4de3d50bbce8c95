import secrets

import pytest
import redis
from django.core.cache import cache


class CommandLog:
    """The commands a cache backend sends to Redis, written down by the connection class its OPTIONS name
    (`connection_class`), each with the connection it went through."""

    def __init__(self):
        self.sent = []
        log = self.sent

        class Connection(redis.Connection):
            def send_command(self, *args, **kwargs):
                log.append((self, str(args[0]).upper()))
                super().send_command(*args, **kwargs)

            def pack_commands(self, commands):  # a pipeline's, sent together
                commands = list(commands)
                log.extend((self, str(args[0]).upper()) for args in commands)
                return super().pack_commands(commands)

        self.connection_class = Connection

    def round_trips(self):
        """The names of the commands sent for reads and writes, in order: all but those of the listening
        connection (newsroom/redis_cache.py), which no request waits for."""
        listening = {connection for connection, name in self.sent if name == "SUBSCRIBE"}
        return [name for connection, name in self.sent if connection not in listening]


@pytest.fixture
def redis_page_cache(settings, redis_url):
    """The page cache on Redis as production has it, with each process's copy (newsroom/redis_cache.py),
    emptied afterwards. Gives the CommandLog of what the cache sends to Redis."""
    commands = CommandLog()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"page-cache-test-{secrets.token_hex(4)}",
            "OPTIONS": {
                "NEAR_PREFIXES": settings.PAGE_CACHE_NEAR_PREFIXES,
                "connection_class": commands.connection_class,
            },
        }
    }
    yield commands
    cache.clear()
