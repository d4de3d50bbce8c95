"""The editorial workflow's writes: status transitions, corrections, notes, presence, history.

Every function checks the user's permissions itself, so the admin, its
changelist actions and any later caller are held to the same rules.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from reversion.models import Revision, Version

from articles.models import Article, Byline, Citation, Correction, Quote
from articles.services import article_sync_quotes, brief_store
from articles.signals import briefs_written
from review.services import (
    BriefReview,
    StoredBrief,
    checks_store,
    gate_override_record,
    publication_gate,
    signoff_carry,
)
from sources.models import Person, Source

from .models import EditingSession, EditorialNote, LiveBriefChanges, RefusedEdit, Transition
from .snapshots import parts_of_version, snapshot_of_article

Status = Article.Status

# Someone whose change form has not checked in for this long has left it.
PRESENCE_TIMEOUT = timedelta(minutes=2)
# A publication time this far in the past still means "now": the form took a moment to send.
PUBLISH_AT_TOLERANCE = timedelta(minutes=1)
CONTENT_FIELDS = ["headline", "slug", "standfirst", "body"]


@dataclass(frozen=True)
class Step:
    """One kind of status transition: from which statuses, to which, and who may take it."""

    name: str
    label: str
    done: str  # "submitted for review": completes "The brief was …"
    sources: frozenset
    target: str
    permissions: tuple  # any one of them is enough


# Forward steps first: for someone who may only view the brief, the form has no Save button,
# so Enter (in the publication time, say) presses the first of these.
STEPS = {
    step.name: step
    for step in [
        Step(
            "submit",
            "Submit for review",
            "submitted for review",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            ("articles.submit_article",),
        ),
        Step(
            "publish",
            "Publish",
            "published",
            # A scheduled brief (published, not yet visible) can be published again at another time.
            frozenset({Status.IN_REVIEW, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            ("articles.publish_article",),
        ),
        Step(
            "unpublish",
            "Unpublish",
            "unpublished",
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            ("articles.publish_article",),
        ),
        Step(
            "return_to_draft",
            "Return to draft",
            "returned to draft",
            frozenset({Status.IN_REVIEW, Status.UNPUBLISHED}),
            Status.DRAFT,
            ("articles.submit_article", "review.sign_off_attribution", "articles.publish_article"),
        ),
    ]
}


def may_take(user, step):
    return any(user.has_perm(permission) for permission in step.permissions)


def can_leave(article, step):
    return article.status in step.sources or (step.name == "publish" and article.is_scheduled)


def steps_open_to(user, article, *, holds_changes=False):
    """The steps `user` may take on `article` as it stands, forward steps first.

    A draft that `holds_changes` to a live brief is never published itself: its changes are.
    """
    return [
        step
        for step in STEPS.values()
        if may_take(user, step)
        and can_leave(article, step)
        and not (holds_changes and step.name == "publish")
    ]


def _lock(article):
    """Lock the brief's row until the transaction ends and reload it, so two steps cannot cross."""
    list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
    article.refresh_from_db()


def _check(user, article, step):
    if not may_take(user, step):
        raise PermissionDenied(f"You may not take the step “{step.label}”.")
    _lock(article)
    if not can_leave(article, step):
        raise ValidationError(
            f"“{article.headline}” is {describe_status(article).lower()}, so it cannot be {step.done}."
        )


def _move(*, article, user, step, note, published_at):
    from_status = article.status
    article.status = step.target
    article.published_at = published_at
    with reversion.create_revision():
        # update_fields leaves updated_at alone: the text readers see did not change.
        article.save(update_fields=["status", "published_at"])
        reversion.set_user(user)
        reversion.set_comment(" ".join(filter(None, [reversion.get_comment(), f"{step.label}."])))
    return Transition.objects.create(
        article=article,
        headline=article.headline,
        user=user,
        from_status=from_status,
        to_status=step.target,
        published_at=published_at if step.target == Status.PUBLISHED else None,
        note=note.strip(),
    )


@transaction.atomic
def article_submit(*, article, user, note=""):
    step = STEPS["submit"]
    _check(user, article, step)
    return _move(article=article, user=user, step=step, note=note, published_at=article.published_at)


@transaction.atomic
def article_return_to_draft(*, article, user, note=""):
    step = STEPS["return_to_draft"]
    _check(user, article, step)
    return _move(article=article, user=user, step=step, note=note, published_at=None)


@transaction.atomic
def article_publish(*, article, user, at=None, note="", override_reason=""):
    """Publish now, or at `at` (scheduling: readers see nothing until then).

    The brief must pass the attribution gate; otherwise only a user allowed to
    override it may publish, with a reason that is recorded.
    """
    step = STEPS["publish"]
    _check(user, article, step)
    if LiveBriefChanges.objects.filter(draft=article, status=LiveBriefChanges.Status.PENDING).exists():
        raise ValidationError("This draft holds changes to a live brief: publish the changes instead.")
    now = timezone.now()
    if at is None:
        at = now
    elif at < now - PUBLISH_AT_TOLERANCE:
        raise ValidationError("Choose a publication time from now on, or leave it empty to publish now.")
    gate = publication_gate(article)
    if not gate.passes:
        try:
            override = gate_override_record(article=article, user=user, reason=override_reason, gate=gate)
        except (PermissionDenied, ValidationError) as error:
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                [f"The attribution gate objects: {'; '.join(gate.objections)}.", reason]
            ) from None
        note = "\n".join(filter(None, [note.strip(), f"Attribution gate overridden: {override.reason}"]))
    return _move(article=article, user=user, step=step, note=note, published_at=max(at, now))


@transaction.atomic
def article_unpublish(*, article, user, note=""):
    """Take the brief off the site; it keeps the time it was first published."""
    step = STEPS["unpublish"]
    _check(user, article, step)
    return _move(article=article, user=user, step=step, note=note, published_at=article.published_at)


STEP_SERVICES = {
    "submit": article_submit,
    "return_to_draft": article_return_to_draft,
    "publish": article_publish,
    "unpublish": article_unpublish,
}


IMPORT_ATTEMPTS = 6
# Before each new attempt, a random pause of up to this many seconds times the attempts made, so that
# imports that clashed do not start again all at once and clash again.
IMPORT_RETRY_PAUSE = 0.05
# PostgreSQL's SQLSTATEs for a transaction it rolled back to let a concurrent one through.
DEADLOCK_DETECTED = "40P01"
SERIALIZATION_FAILURE = "40001"


def brief_import(*, parsed, publish=False, update=False):
    """Store a ParsedBrief (articles.services.brief_store), all or nothing; a publication is recorded
    as a Transition by nobody, since whoever runs the server runs the import.

    Two imports running at once may both create the same new outlet, source or
    person: the second insert then fails on a unique constraint (or PostgreSQL
    breaks a deadlock between them), its transaction rolls back, and it is tried
    again, after a random pause, when it finds the rows the first committed.
    """
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        try:
            return _brief_import(parsed=parsed, publish=publish, update=update)
        except (IntegrityError, OperationalError) as error:
            if attempt == IMPORT_ATTEMPTS or not _collided(error):
                raise
        time.sleep(random.uniform(0, IMPORT_RETRY_PAUSE * attempt))


def _collided(error):
    """Whether `error` is a clash with a concurrent writer, gone on a second try."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in (DEADLOCK_DETECTED, SERIALIZATION_FAILURE)


@transaction.atomic
def _brief_import(*, parsed, publish, update):
    result = brief_store(parsed=parsed, publish=publish, update=update)
    article = result.article
    if result.directory is not None:
        # Checked from the rows just written, which the commit then need not read again.
        brief = StoredBrief(article, list(article.citations.all()), list(article.quotes.all()))
        checks_store(
            [BriefReview(article, brief=brief, directory=result.directory, new=result.action == "created")]
        )
    if result.published_from is not None:
        Transition.objects.create(
            article=article,
            headline=article.headline,
            from_status=result.published_from,
            to_status=article.status,
            published_at=article.published_at,
            note="Published by importing a brief file.",
        )
    return result


def describe_status(article):
    """The status as the workflow panel says it, e.g. "Scheduled for 3 May 2025 14:00"."""
    if article.is_scheduled:
        return f"Scheduled for {date_format(localtime(article.published_at), 'j M Y H:i')}"
    if article.status == Status.PUBLISHED:
        return f"Published {date_format(localtime(article.published_at), 'j M Y H:i')}"
    return article.get_status_display()


@transaction.atomic
def article_correct(*, article, user, kind, text):
    """Add a public correction or clarification to a published brief."""
    if not user.has_perm("articles.add_correction"):
        raise PermissionDenied("You may not add corrections.")
    if not article.is_published:
        raise ValidationError("Only a published brief can be corrected; fix a draft by editing it.")
    if kind not in Correction.Kind.values:
        raise ValidationError("Choose correction or clarification.")
    if not text.strip():
        raise ValidationError("Write the correction readers will see.")
    return Correction.objects.create(article=article, kind=kind, text=text.strip())


def note_add(*, article, user, text):
    if not (user.is_staff and user.has_perm("editorial.add_editorialnote")):
        raise PermissionDenied("You may not add editorial notes.")
    if not text.strip():
        raise ValidationError("Write the note first.")
    return EditorialNote.objects.create(article=article, author=user, text=text.strip())


def editing_session_open(*, article, user):
    """Record that `user` has the brief open, or still has; "since" restarts after they left it."""
    now = timezone.now()
    session, created = EditingSession.objects.get_or_create(
        article=article, user=user, defaults={"opened_at": now, "last_seen": now}
    )
    if not created:
        if session.last_seen < now - PRESENCE_TIMEOUT:
            session.opened_at = now
        session.last_seen = now
        session.save(update_fields=["opened_at", "last_seen"])
    return session


def editing_session_close(*, article, user):
    EditingSession.objects.filter(article=article, user=user).delete()


def editing_sessions_of(article, *, excluding=None):
    """Who has the brief open now, longest first (one query)."""
    sessions = EditingSession.objects.filter(
        article=article, last_seen__gte=timezone.now() - PRESENCE_TIMEOUT
    ).select_related("user")
    if excluding is not None:
        sessions = sessions.exclude(user=excluding)
    return sessions.order_by("opened_at")


def refused_edit_record(*, article, user, opened, submitted):
    """Keep an edit that was refused because the brief changed after it was opened."""
    return RefusedEdit.objects.create(
        article=article, user=user, opened=opened.as_json(), submitted=submitted.as_json()
    )


@transaction.atomic
def article_delete(*, article, user):
    """Delete the brief after saving it, as it stands, to its history, so it can be recovered."""
    if not user.has_perm("articles.delete_article"):
        raise PermissionDenied("You may not delete briefs.")
    changes = pending_changes(article)
    if changes is not None and changes.article_id == article.pk:
        _close(changes, user=user, status=LiveBriefChanges.Status.DISCARDED)
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment("Deleted.")
    article.delete()


@transaction.atomic
def article_restore(*, article, version, user):
    """Make an older version of the brief current again: text, references, quotes and bylines.

    The workflow status stays as it is (only transitions change it); the
    restore is itself a new version, so nothing is lost by restoring.
    """
    if not user.has_perm("articles.change_article"):
        raise PermissionDenied("You may not edit briefs.")
    if version.content_type.model_class() is not Article or version.object_id != str(article.pk):
        raise ValidationError("That version belongs to another brief.")
    _lock(article)
    fields = version.field_dict
    parts = parts_of_version(version)
    _check_restorable(fields, parts, article_pk=article.pk)
    with reversion.create_revision():
        for name in CONTENT_FIELDS:
            setattr(article, name, fields[name])
        article.save()
        _replace_parts(article, parts)
        reversion.set_user(user)
        when = date_format(localtime(version.revision.date_created), "j M Y H:i")
        reversion.set_comment(f"Restored the version of {when}.")
        reversion.add_to_revision(article)
    return article


@transaction.atomic
def article_recover(*, version, user):
    """Bring back a deleted brief from its last version, as a draft, under its old address and id."""
    if not (user.has_perm("articles.add_article") and user.has_perm("articles.change_article")):
        raise PermissionDenied("You may not recover briefs.")
    if version.content_type.model_class() is not Article:
        raise ValidationError("That version is not a brief.")
    article_pk = int(version.object_id)
    if Article.objects.filter(pk=article_pk).exists():
        raise ValidationError("This brief was not deleted; open it instead.")
    fields = version.field_dict
    parts = parts_of_version(version)
    _check_restorable(fields, parts, article_pk=article_pk)
    with reversion.create_revision():
        article = Article(pk=article_pk, status=Status.DRAFT, published_at=None)
        for name in CONTENT_FIELDS:
            setattr(article, name, fields[name])
        article.save(force_insert=True)
        Article.objects.filter(pk=article_pk).update(created_at=fields["created_at"])
        _replace_parts(article, parts)
        reversion.set_user(user)
        reversion.set_comment("Recovered after deletion, as a draft.")
        reversion.add_to_revision(article)
    Transition.objects.create(
        article=article,
        headline=article.headline,
        user=user,
        from_status=fields["status"],
        to_status=Status.DRAFT,
        note="Recovered after deletion.",
    )
    return article


def _check_restorable(fields, parts, *, article_pk):
    problems = []
    if Article.objects.exclude(pk=article_pk).filter(slug=fields["slug"]).exists():
        problems.append(f"Another brief now has the address “{fields['slug']}”; change its slug first.")
    source_ids = {part.field_dict["source_id"] for part in parts[Citation]}
    source_ids |= {part.field_dict["source_id"] for part in parts[Quote]} - {None}
    missing_sources = source_ids - set(Source.objects.filter(pk__in=source_ids).values_list("pk", flat=True))
    person_ids = {part.field_dict["person_id"] for part in parts[Byline]}
    person_ids |= {part.field_dict["speaker_id"] for part in parts[Quote]} - {None}
    missing_people = person_ids - set(Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True))
    if missing_sources or missing_people:
        problems.append(
            "That version cites a source or names a person that has since been deleted; "
            "it can be read but not restored."
        )
    if problems:
        raise ValidationError(problems)


def _replace_parts(article, parts):
    """Swap the brief's citations, bylines and quotes for those stored in a version."""
    Citation.objects.filter(article=article).delete()
    Byline.objects.filter(article=article).delete()
    Quote.objects.filter(article=article).delete()
    for model in (Citation, Byline, Quote):
        for part in parts[model]:
            part.revert()
    # Quotes follow from the body; a version older than a quote rule still yields matching quotes.
    article_sync_quotes(article=article)


# Changes to live briefs: kept apart from the live brief until published.


def pending_changes(article):
    """The pending changes to `article` if it is live, or held by `article` if it is their draft, or None.

    One query.
    """
    return (
        LiveBriefChanges.objects.filter(
            Q(article=article.pk) | Q(draft=article.pk), status=LiveBriefChanges.Status.PENDING
        )
        .select_related("article", "draft", "started_by")
        .first()
    )


@transaction.atomic
def live_changes_start(*, article, user):
    """(The pending changes to a live brief, whether they were started now, as a draft copy of it)."""
    if not user.has_perm("articles.change_article"):
        raise PermissionDenied("You may not edit briefs.")
    _lock(article)
    changes = pending_changes(article)
    if changes is not None:
        return changes, False
    with reversion.create_revision():
        draft = Article.objects.create(
            headline=article.headline,
            slug=f"{article.slug[:200]}-changes-{article.pk}",
            standfirst=article.standfirst,
            body=article.body,
            status=Status.DRAFT,
        )
        _copy_content(source=article, target=draft)
        reversion.set_user(user)
        reversion.set_comment(f"Draft of changes to the live brief #{article.pk} started.")
    return LiveBriefChanges.objects.create(article=article, draft=draft, started_by=user), True


@transaction.atomic
def live_changes_publish(*, changes, user, override_reason=""):
    """Make the live brief what its draft of changes holds, through the attribution gate, in one step.

    The gate judges the draft; a sign-off of it is carried to the live brief with its content.
    """
    if not user.has_perm("articles.publish_article"):
        raise PermissionDenied("You may not publish.")
    article = changes.article
    _lock(article)
    changes = _still_pending(changes)
    if article.status != Status.PUBLISHED:
        raise ValidationError(
            f"“{article.headline}” is no longer published: publish it, or discard the changes."
        )
    draft = changes.draft
    gate = publication_gate(draft)
    override = ""
    if not gate.passes:
        try:
            recorded = gate_override_record(article=article, user=user, reason=override_reason, gate=gate)
        except (PermissionDenied, ValidationError) as error:
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                [f"The attribution gate objects: {'; '.join(gate.objections)}.", reason]
            ) from None
        override = f" Attribution gate overridden: {recorded.reason}"
    with reversion.create_revision():
        _copy_content(source=draft, target=article)
        reversion.set_user(user)
        reversion.set_comment(f"Published the changes of {_name(changes.started_by)}.{override}")
    signoff_carry(source=draft, target=article)
    return _close(changes, user=user, status=LiveBriefChanges.Status.PUBLISHED)


@transaction.atomic
def live_changes_discard(*, changes, user):
    """Drop a live brief's pending changes; what they held is kept on the record."""
    if not (user.has_perm("articles.change_article") or user.has_perm("articles.publish_article")):
        raise PermissionDenied("You may not discard changes.")
    _lock(changes.article)
    return _close(_still_pending(changes), user=user, status=LiveBriefChanges.Status.DISCARDED)


def _still_pending(changes):
    changes = (
        LiveBriefChanges.objects.select_for_update(of=("self",)).select_related("draft").get(pk=changes.pk)
    )
    if changes.status != LiveBriefChanges.Status.PENDING or changes.draft is None:
        raise ValidationError("These changes were published or discarded meanwhile.")
    return changes


def _close(changes, *, user, status):
    draft = changes.draft
    changes.changes = snapshot_of_article(draft).as_json()
    changes.status, changes.decided_by, changes.decided_at = status, user, timezone.now()
    changes.draft = None
    changes.save(update_fields=["changes", "status", "decided_by", "decided_at", "draft"])
    # The draft's own versions go with it: it is not a deleted brief to recover.
    Revision.objects.filter(version__in=Version.objects.get_for_object(draft)).delete()
    draft.delete()
    return changes


def _copy_content(*, source, target):
    """Make `target` hold `source`'s headline, standfirst, body, references, bylines and quotes."""
    for name in ("headline", "standfirst", "body"):
        setattr(target, name, getattr(source, name))
    target.save()
    for model in (Citation, Byline, Quote):
        model.objects.filter(article=target).delete()
    Citation.objects.bulk_create(
        Citation(article=target, key=c.key, source_id=c.source_id) for c in source.citations.all()
    )
    Byline.objects.bulk_create(
        Byline(article=target, person_id=b.person_id, position=b.position) for b in source.bylines.all()
    )
    Quote.objects.bulk_create(
        Quote(
            article=target,
            text=q.text,
            speaker_id=q.speaker_id,
            speaker_confirmed=q.speaker_confirmed,
            speaker_certain=q.speaker_certain,
            description=q.description,
            source_id=q.source_id,
            paragraph=q.paragraph,
            position=q.position,
        )
        for q in source.quotes.all()
    )
    briefs_written([target.pk])
    # bulk_create sends no post_save signal: put the new rows in the revision through their brief.
    reversion.add_to_revision(target)


def _name(user):
    return user.get_full_name() or user.get_username()
