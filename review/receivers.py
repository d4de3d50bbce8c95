"""Keep every stored attribution check equal to a fresh one, whatever writes the rows it reads.

A check reads its brief (body, publication time), citations and their sources,
outlets and archived copies, quotes and their speakers, the People its body may
name, accepted warnings and sign-offs. The receivers here, connected in ReviewConfig.ready(), note which
briefs a saved or deleted row touches; once the transaction commits, those briefs
are checked again, each once. Writes that send no model signal announce the briefs
they touched with `articles.signals.briefs_changed`.
"""

import threading
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from archive.models import ArchiveState
from articles.models import Article, Citation, Quote
from brieftext.lexicon import PARTICLES
from sources.models import Outlet, Person, Source

from .models import AcceptedWarning, SignOff
from .services import briefs_recheck

BRIEF_PARTS = (Citation, Quote, SignOff, AcceptedWarning)

_pending = threading.local()


def _changes():
    changes = getattr(_pending, "changes", None)
    if changes is None:
        changes = _pending.changes = {
            "briefs": set(),
            "sources": set(),
            "outlets": set(),
            "people": {},
            # Briefs whose checks were stored after every change noted so far: none to make at the commit.
            "fresh": set(),
        }
    return changes


def _note(kind, values):
    """Note what changed and check the briefs it touches after the commit (at once outside a transaction)."""
    changes = _changes()
    if kind == "briefs":
        changes["briefs"].update(values)
        changes["fresh"].difference_update(values)
    elif kind == "people":
        for pk, words in values.items():
            changes["people"].setdefault(pk, set()).update(words)
        changes["fresh"].clear()  # a source, outlet or person may be read by any brief
    else:
        changes[kind].update(values)
        changes["fresh"].clear()
    transaction.on_commit(_recheck_pending, robust=True)


def _recheck_pending():
    changes = getattr(_pending, "changes", None)
    _pending.changes = None
    if changes:
        fresh = changes.pop("fresh")
        touched = touched_briefs(**changes) - fresh
        if touched:
            with transaction.atomic():
                briefs_recheck(touched)


def touched_briefs(*, briefs, sources, outlets, people):
    """Pks of the briefs whose checks read these briefs, sources, outlets and people (pk -> name words)."""
    touched = set(briefs)
    if sources or outlets:
        citing = Citation.objects.filter(Q(source__in=sources) | Q(source__outlet__in=outlets))
        touched.update(citing.values_list("article_id", flat=True))
    if people:
        touched.update(Quote.objects.filter(speaker__in=people.keys()).values_list("article_id", flat=True))
        # Whoever a body may name is in its directory: a brief with one of these words may read them.
        words = set().union(*people.values())
        if words:
            naming = reduce(or_, (Q(body__icontains=word) for word in sorted(words)))
            touched.update(Article.objects.filter(naming).values_list("pk", flat=True))
    return touched


def name_words_of(full_name, other_names):
    """The words of a person's names worth looking for in a body: not particles like “da” or “von”."""
    names = [full_name, *other_names.splitlines()]
    return {word for name in names for word in name.split() if word.lower() not in PARTICLES}


def person_changing(sender, instance, **kwargs):
    """Before a person is renamed or deleted: the briefs naming them by their old names read them too."""
    if instance.pk is not None:
        old = Person.objects.filter(pk=instance.pk).values_list("full_name", "other_names").first()
        if old:
            _note("people", {instance.pk: name_words_of(*old)})


def saved(sender, instance, **kwargs):
    model = type(instance)._meta.concrete_model
    if model is Article:
        _note("briefs", [instance.pk])
    elif model in BRIEF_PARTS:
        _note("briefs", [instance.article_id])
    elif model is Source:
        _note("sources", [instance.pk])
    elif model is ArchiveState:  # a new copy, or a fetch that failed: the checks of its citers
        _note("sources", [instance.source_id])
    elif model is Outlet:
        _note("outlets", [instance.pk])
    elif model is Person:
        _note("people", {instance.pk: name_words_of(instance.full_name, instance.other_names)})


def deleted(sender, instance, **kwargs):
    """A deleted brief's check goes with it; a deleted part of a brief changes its check."""
    if type(instance)._meta.concrete_model in BRIEF_PARTS:
        _note("briefs", [instance.article_id])


def briefs_written(sender, pks, **kwargs):
    _note("briefs", pks)


def checks_stored(sender, pks, **kwargs):
    """Checks stored from the briefs' rows as they stand need not be made again at the commit."""
    changes = getattr(_pending, "changes", None)
    if changes is not None:
        changes["briefs"].difference_update(pks)
        changes["fresh"].update(pks)
