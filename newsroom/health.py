import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """200 "ok" when the database answers a trivial query, 503 otherwise. For load balancers, which must
    not take every instance out of service when the cache fails: pages are then rendered without it."""
    if not _database_answers():
        return _text("database unavailable", status=503)
    return _text("ok")


@require_safe
@never_cache
def readyz(request):
    """200 "ok" when the database answers and the cache keeps a value, 503 with a line for each that
    does not otherwise. For monitoring, not load balancers: readers are served without the cache, at
    the cost of rendering their pages."""
    problems = []
    if not _database_answers():
        problems.append("database unavailable")
    try:
        _probe_cache()
    except Exception as error:  # whatever the backend raises: for Redis down, timed out, full, read-only
        logger.warning("Readiness check failed: the cache did not answer (%r)", error)
        problems.append(f"cache unavailable ({type(error).__name__})")
    if problems:
        return _text("\n".join(problems), status=503)
    return _text("ok")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check failed: the database did not answer")
        return False
    return True


def _probe_cache():
    """Store a value and read it back, as the page cache needs to: a full Redis still answers reads."""
    key, value = f"health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise LookupError("the value stored was not read back")


def _text(content, status=200):
    return HttpResponse(content, status=status, content_type="text/plain; charset=utf-8")
