"""Generations: tokens that say whether a stored page is still current (docs/caching.md).

A record is (token, final, until): a write makes the generations it touches provisional
while its transaction is open and final after the commit; `until` on `site` is the next
scheduled publication. A missing record is replaced by a new one, which no page carries.
"""

import secrets
import threading

from django.conf import settings
from django.utils import timezone

from articles.models import Article

from . import shared

SITE = "site"
SOURCES = "sources"
PROVISIONAL_SECONDS = 300


def brief_generation(pk):
    return f"brief:{pk}"


def generation_key(name):
    return f"generation:{name}"


def new_record(*, final, until=None):
    """(token, final, until): until is the next scheduled publication, a timestamp, for `site`."""
    return (secrets.token_hex(8), final, until)


def next_publication(now):
    """When the next scheduled brief becomes visible, as a timestamp; None if none is scheduled."""
    moment = Article.objects.scheduled(now).order_by("published_at").values_list("published_at", flat=True)
    moment = moment.first()
    return moment.timestamp() if moment else None


def current_records(names, found):
    """The current record of each generation in `found` (a cache read), creating a final one for any
    that is missing."""
    current = {}
    for name in names:
        key = generation_key(name)
        record = found.get(key)
        if record is None:
            # A `site` record made here does not know the next scheduled publication yet: its
            # `until` has "passed", so the first page that needs it looks it up (see site_until).
            created = new_record(final=True, until=0.0 if name == SITE else None)
            if shared.add(key, created, settings.PAGE_CACHE_TIMEOUT):
                record = created
            else:  # another process was first; failing that, store nothing this time
                record = shared.get(key) or new_record(final=False)
        current[name] = record
    return current


def site_until(record, now):
    """The next scheduled publication under this `site` record, looked up again once it has passed.

    The answer is kept under the record's token, so it is never reused after a write.
    """
    token, _, until = record
    while until is not None and until <= now:
        key = f"generation:{SITE}:{token}:after:{until}"
        following = shared.get(key, "missing")
        if following == "missing":
            following = next_publication(timezone.now())
            shared.store(key, following, settings.PAGE_CACHE_TIMEOUT)
        until = following
    return until


def make_provisional(names):
    """While a write's transaction is open: pages rendered now are not stored under these generations."""
    shared.replace({generation_key(name): new_record(final=False) for name in names}, PROVISIONAL_SECONDS)


# Generations whose replacement after a write's commit did not reach Redis. Pages rendered before
# that write may still be stored there under their tokens: until they are replaced, this process
# serves and stores no page, and replaces them at its next request (see settled). The lock keeps a
# replacement that reached Redis from settling what a later write of another thread still owes.
_owed = set()
_owed_lock = threading.Lock()


def make_final(names):
    """After a write's commit: pages rendered from now on may be stored under these generations.

    Whether the new records reached Redis; if not, they are owed until they do.
    """
    finals = {}
    for name in names:
        until = next_publication(timezone.now()) if name == SITE else None
        finals[generation_key(name)] = new_record(final=True, until=until)
    with _owed_lock:
        if shared.replace(finals, settings.PAGE_CACHE_TIMEOUT):
            _owed.difference_update(names)
            return True
        _owed.update(names)
        return False


def settled():
    """Whether no write of this process's is still owed to Redis, once it has been tried again.

    Other processes may serve the pages an owed write changed until it is settled: this
    process settles at its next request of any kind (ReaderPageMiddleware) once Redis answers.
    """
    if _owed and shared.usable():
        make_final(set(_owed))
    return not _owed
