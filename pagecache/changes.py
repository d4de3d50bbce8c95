"""What a write changes for readers: the generations it replaces, and the brief pages rendered again.

`content_changed` is called by the receivers below, connected in PageCacheConfig.ready()
for every row a public page shows. A write that sends no model signal announces
itself with `articles.signals.briefs_changed`; a bulk write of anything else (a
restore, generated data) calls `content_changed(everything=True)`.
"""

import threading

from django.db import transaction

from archive.models import ArchiveState
from articles.models import Article, Byline, Citation, Correction, Quote
from review.models import AcceptedWarning, GateOverride, SignOff
from sources.models import Outlet, Person, Source

from .generations import SITE, SOURCES, brief_generation, make_final, make_provisional
from .pages import refresh_brief_pages

_pending = threading.local()


def content_changed(*, briefs=(), sources=False, everything=False):
    """Make readers see the current rows of these briefs (pks) and, with `sources`, of every source,
    outlet and person; `everything` also covers rows changed without any signal (bulk writes).

    Inside a transaction the generations become provisional now and final after the commit.
    """
    names = {SITE, *(brief_generation(pk) for pk in briefs)}
    if sources or everything:
        names.add(SOURCES)
    if not transaction.get_connection().in_atomic_block:
        _publish(names, briefs)
        return
    make_provisional(names)
    pending = getattr(_pending, "changes", None)
    if pending is None:
        pending = _pending.changes = {"names": set(), "briefs": set()}
    pending["names"] |= names
    pending["briefs"] |= set(briefs)
    transaction.on_commit(_publish_pending, robust=True)


def _publish_pending():
    pending = getattr(_pending, "changes", None)
    _pending.changes = None
    if pending:
        _publish(pending["names"], pending["briefs"])


def _publish(names, briefs):
    if make_final(names):
        refresh_brief_pages(briefs)


# A reviewer's acts are parts too: a page's “Attribution reviewed” is theirs to change.
BRIEF_PARTS = (Citation, Quote, Byline, Correction, SignOff, AcceptedWarning, GateOverride)
DIRECTORY = (Source, Outlet, Person)


def _changes_of(instance):
    """(brief pks, sources?) a change to `instance` touches; None if no public page shows it."""
    model = type(instance)._meta.concrete_model
    if model is Article:
        return [instance.pk], False
    if model in BRIEF_PARTS:
        return [instance.article_id], False
    if model in DIRECTORY:
        return [], True
    if model is ArchiveState:  # what a brief page says was found in its sources, and when
        return list(
            Citation.objects.filter(source=instance.source_id).values_list("article_id", flat=True)
        ), False
    return None


def saved(sender, instance, created, **kwargs):
    changes = _changes_of(instance)
    if changes is not None:
        briefs, sources = changes
        # A new source, outlet or person is on no page until a citation, quote or byline names it.
        content_changed(briefs=briefs, sources=sources and not created)


def deleted(sender, instance, **kwargs):
    changes = _changes_of(instance)
    if changes is not None:
        content_changed(briefs=changes[0], sources=changes[1])


def quotes_found_changed(sender, quotes_found_changed=(), **kwargs):
    """Stored checks found more or fewer quotes in the archived sources: a brief page says how many."""
    if quotes_found_changed:
        content_changed(briefs=quotes_found_changed)


def authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        if reverse:
            content_changed(briefs=pk_set or (), everything=pk_set is None)
        else:
            content_changed(briefs=[instance.pk])


def briefs_written(sender, pks, **kwargs):
    content_changed(briefs=pks)
