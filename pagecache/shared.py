"""The shared cache as the page cache uses it: a Redis that is down, hung or full costs renders, not errors.

A read that fails finds nothing and a write that fails keeps nothing, as if Redis had
evicted the key. A Redis that could not be reached is not asked again for RETRY_SECONDS,
so that one that hangs costs each process one timeout in that time, not one a request.
Each kind of failure is logged at most once a LOG_SECONDS by each process.
"""

import logging
from time import monotonic

import redis
from django.core.cache import cache

RETRY_SECONDS = 5.0
LOG_SECONDS = 60.0
UNREACHABLE = (
    "Redis cannot be reached (%s: %s): pages are rendered without the cache, which is tried again "
    f"every {RETRY_SECONDS:g} seconds. Logged at most once a minute."
)
# Without the message, which for a pipeline's command holds the values it would have written.
REFUSED = (
    "Redis refused a write (%s), full or read-only: pages are rendered where it would keep them. "
    "Logged at most once a minute."
)

logger = logging.getLogger(__name__)

_FAILED = object()
_retry_at = 0.0
_logged_at = {}  # kind of failure -> when this process last logged it


def usable():
    """False for a while after Redis could not be reached."""
    return monotonic() >= _retry_at


def get(key, default=None):
    return _attempt(cache.get, key, default, failed=default)


def get_many(keys):
    return _attempt(cache.get_many, keys, failed={})


def add(key, value, timeout):
    return _attempt(cache.add, key, value, timeout, failed=False)


def store(key, value, timeout):
    _attempt(cache.set, key, value, timeout, failed=None)


def replace(values, timeout):
    """Set these {key: value}, or failing that delete the keys, which a full Redis still does: whether
    either reached Redis, so that no value set before this call outlives it."""
    return (
        _attempt(cache.set_many, values, timeout, failed=_FAILED) is not _FAILED
        or _attempt(cache.delete_many, list(values), failed=_FAILED) is not _FAILED
    )


def _attempt(operation, *args, failed):
    """operation(*args), or `failed` if Redis cannot be used."""
    global _retry_at
    if not usable():
        return failed
    try:
        return operation(*args)
    except redis.RedisError as error:
        now = monotonic()
        # A full or read-only Redis refuses writes, at once, and still answers reads.
        unreachable = isinstance(error, (redis.ConnectionError, redis.TimeoutError))
        if unreachable:
            _retry_at = now + RETRY_SECONDS
        kind = type(error).__name__
        if now - _logged_at.get(kind, float("-inf")) >= LOG_SECONDS:
            _logged_at[kind] = now
            if unreachable:
                logger.warning(UNREACHABLE, kind, error, extra={"error": kind})
            else:
                logger.warning(REFUSED, kind, extra={"error": kind})
        return failed
