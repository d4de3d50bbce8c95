"""Django's Redis cache backend, with a faster client and a copy in each process that Redis keeps current.

Keys under OPTIONS["NEAR_PREFIXES"] are held by each process and dropped when Redis
announces a change to them (CLIENT TRACKING in broadcast mode); docs/caching.md says
why each rule below keeps a held value from outliving a change.
"""

import itertools
import os
from collections import deque
from time import monotonic

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

ANNOUNCEMENTS = "__redis__:invalidate"
PING_SECONDS = 1.0
LEASE_SECONDS = 3.0
UNANSWERED_PINGS = 10


class NearCache:
    """Values of keys under `prefixes`, kept while Redis announces no change to them.

    One per cache client, so used by one thread (Django gives each thread its own).
    Values are kept as read, not pickled again: every read of a key returns the same
    object, which its readers must not change in place (the page cache's never do).
    """

    def __init__(self, pool, prefixes, max_entries):
        self._pool = pool
        self._prefixes = tuple(prefixes)
        self._max_entries = max_entries
        self._values = {}
        self._listener = None
        self.listener_id = None
        self._pid = None
        self._pings = deque()  # when each unanswered ping was sent
        self._pinged_at = float("-inf")
        self._confirmed_at = 0.0  # every announcement made before this moment has been applied
        self._retry_at = 0.0

    @property
    def flush_marker(self):
        """A key no reader reads, under a prefix every listener follows."""
        return f"{self._prefixes[0]}flushed"

    def holds(self, key):
        return key.startswith(self._prefixes)

    def usable(self):
        """Apply the announcements that have arrived; whether values may be held and used now."""
        return self._current()

    def values(self, keys):
        """{key: value} of those keys this process holds; only while usable()."""
        return {key: self._values[key] for key in keys if key in self._values}

    def keep(self, found):
        """Hold the values ({key: value}) just read from Redis, when usable() was true before the read.

        An announcement of a change made during the read is applied at the next usable(),
        after the value is held, so a value read before the change is then dropped.
        """
        for key, value in found.items():
            if self.holds(key):
                if len(self._values) >= self._max_entries:
                    del self._values[next(iter(self._values))]
                self._values[key] = value

    def forget(self, keys):
        """Drop these keys before this process writes them."""
        for key in keys:
            self._values.pop(key, None)

    def forget_all(self):
        self._values.clear()

    def _current(self):
        """Apply the announcements that have arrived; whether the values held may be used."""
        if self._pid != os.getpid():
            # A forked worker: the parent's connection and values are not this process's.
            self._pid = os.getpid()
            self._listener = self.listener_id = None
            self.forget_all()
        if self._listener is None and not self._listen():
            return False
        now = monotonic()
        try:
            while self._listener.can_read(timeout=0):
                self._apply(self._listener.read_response())
            if len(self._pings) >= UNANSWERED_PINGS:
                raise ConnectionError("Redis has stopped answering")
            if now - self._pinged_at >= PING_SECONDS:
                self._listener.send_command("PING", check_health=False)  # its own ping would read our replies
                self._pings.append(now)
                self._pinged_at = now
        except Exception:  # whatever went wrong, the announcements can no longer be relied on
            self._stop_listening()
            return False
        # Unconfirmed for too long, the values held wait for the answer to the latest ping: every
        # change announced before it will have been applied by then.
        return now - self._confirmed_at <= LEASE_SECONDS

    def _apply(self, message):
        kind, *rest = message
        if kind == b"pong":
            self._confirmed_at = self._pings.popleft()
        if kind != b"message":  # subscribed, pong
            return
        keys = rest[1]
        if keys is None:  # the database was flushed
            self.forget_all()
        else:
            self.forget(key.decode() for key in keys)

    def _listen(self):
        """Open the listening connection; False, and no new attempt for a second, if Redis can't be had."""
        now = monotonic()
        if now < self._retry_at:
            return False
        # RESP2, where announcements are redirected to a subscription (RESP3 would push them).
        listener = self._pool.connection_class(**{**self._pool.connection_kwargs, "protocol": 2})
        try:
            listener.connect()
            listener.send_command("CLIENT", "ID")
            client_id = listener.read_response()
            prefixes = itertools.chain.from_iterable(("PREFIX", prefix) for prefix in self._prefixes)
            listener.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST", *prefixes)
            listener.read_response()
            listener.send_command("SUBSCRIBE", ANNOUNCEMENTS)
            listener.read_response()
        except Exception:
            listener.disconnect()
            self._retry_at = now + 1
            return False
        self.forget_all()
        self._listener = listener
        self.listener_id = client_id
        self._pings.clear()
        self._pinged_at = float("-inf")
        self._confirmed_at = now  # answered SUBSCRIBE
        return True

    def _stop_listening(self):
        self.forget_all()
        if self._listener is not None:
            self._listener.disconnect()
            self._listener = self.listener_id = None
        self._retry_at = monotonic() + 1


class _RedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, near_prefixes=(), near_max_entries=1000, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self._near = None
        # With read replicas a value read may be older than an announcement already applied.
        if near_prefixes and len(servers) == 1:
            self._near = NearCache(self._get_connection_pool(write=True), near_prefixes, near_max_entries)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]

    def get(self, key, default):
        if self._near is None or not self._near.holds(key):
            return super().get(key, default)
        return self.get_many([key]).get(key, default)

    def get_many(self, keys):
        near = self._near
        if near is None:
            return super().get_many(keys)
        usable = near.usable()
        values = near.values(keys) if usable else {}
        wanted = [key for key in keys if key not in values]
        if wanted:
            read = zip(wanted, self.get_client().mget(wanted), strict=True)
            found = {key: self._serializer.loads(raw) for key, raw in read if raw is not None}
            if usable:
                near.keep(found)
            values.update(found)
        return values

    def _writing(self, keys):
        if self._near is not None:
            self._near.forget(keys)

    def add(self, key, value, timeout):
        self._writing([key])
        return super().add(key, value, timeout)

    def set(self, key, value, timeout):
        self._writing([key])
        super().set(key, value, timeout)

    def touch(self, key, timeout):
        self._writing([key])
        return super().touch(key, timeout)

    def delete(self, key):
        self._writing([key])
        return super().delete(key)

    def incr(self, key, delta):
        self._writing([key])
        return super().incr(key, delta)

    def set_many(self, data, timeout):
        self._writing(data)
        super().set_many(data, timeout)

    def delete_many(self, keys):
        self._writing(keys)
        super().delete_many(keys)

    def clear(self):
        if self._near is None:
            return super().clear()
        self._near.forget_all()
        flushed = super().clear()
        # Redis announces a flush after answering it, where it announces a write before: so
        # that every process has the announcement when clear() returns, as it would have a
        # write's, a write to a key the listeners follow comes after the flush.
        super().set(self._near.flush_marker, True, 1)
        return flushed


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, keeping one client per connection pool (clients are thread-safe), and with
    OPTIONS["NEAR_PREFIXES"] a copy of those keys in each process (see NearCache).

    Django makes a redis.Redis client for every operation, and redis-py fills some
    170 response callbacks for each: that took as long as the round trip itself.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisCacheClient
        options = dict(self._options)
        prefixes = options.pop("NEAR_PREFIXES", ())
        max_entries = options.pop("NEAR_MAX_ENTRIES", 1000)
        # Redis sees the keys as made by the key function, with this cache's prefix and version.
        self._options = {
            **options,
            "near_prefixes": [self.make_key(prefix) for prefix in prefixes],
            "near_max_entries": max_entries,
        }

    def validate_key(self, key):
        """Accept every key: Redis takes any, so memcached's limits, which Django checks, do not apply."""
