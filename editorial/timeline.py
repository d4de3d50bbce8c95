"""A brief's history as one timeline: its versions and everything else that happened to it."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from articles.models import Article, Correction
from review.models import AcceptedWarning, GateOverride, SignOff

from .models import LiveBriefChanges, RefusedEdit, Transition
from .snapshots import versions_of_article

STATUS_LABELS = dict(Article.Status.choices)


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    kind: str  # "Saved", "Status", "Refused edit", …
    what: str
    version: object = None  # the reversion Version of a save, which can be compared and restored
    url: str = ""
    status: str = ""  # the brief's status in a saved version


def timeline_of(article_pk):
    """Every entry of the brief's history, newest first (eight queries)."""
    entries = [
        Entry(
            version.revision.date_created,
            _name(version.revision.user, "a brief file import"),
            "Saved",
            version.revision.get_comment(),
            version=version,
            url=reverse("admin:articles_article_revision", args=[article_pk, version.pk]),
            status=STATUS_LABELS.get(version.field_dict["status"], version.field_dict["status"]),
        )
        for version in versions_of_article(article_pk)
    ]
    for transition in Transition.objects.filter(article=article_pk).select_related("user"):
        what = f"{transition.get_from_status_display()} → {transition.get_to_status_display()}."
        entries.append(
            Entry(
                transition.created_at,
                _name(transition.user, "a brief file import"),
                "Workflow step",
                _with(what, transition.note),
            )
        )
    for refused in RefusedEdit.objects.filter(article=article_pk).select_related("user"):
        entries.append(
            Entry(
                refused.created_at,
                _name(refused.user),
                "Refused edit",
                "Not saved: the brief had changed since it was opened; kept to read.",
                url=reverse("admin:articles_article_refused_edit", args=[article_pk, refused.pk]),
            )
        )
    for signoff in SignOff.objects.filter(article=article_pk).select_related("reviewer"):
        entries.append(
            Entry(
                signoff.signed_at,
                _name(signoff.reviewer),
                "Sign-off",
                _with("Attribution signed off.", signoff.note),
            )
        )
    for accepted in AcceptedWarning.objects.filter(article=article_pk).select_related("accepted_by"):
        what = f"Warning {accepted.code} accepted ({accepted.get_reason_display()}) on “{accepted.text}”."
        entries.append(
            Entry(
                accepted.accepted_at,
                _name(accepted.accepted_by),
                "Warning accepted",
                _with(what, accepted.note),
            )
        )
    for override in GateOverride.objects.filter(article=article_pk).select_related("user"):
        what = f"Published despite the attribution gate: {override.reason}"
        entries.append(Entry(override.created_at, _name(override.user), "Gate overridden", what))
    for correction in Correction.objects.filter(article=article_pk):
        entries.append(
            Entry(correction.published_at, "", correction.get_kind_display(), f"Published: {correction.text}")
        )
    for changes in LiveBriefChanges.objects.filter(article=article_pk).select_related(
        "started_by", "decided_by"
    ):
        entries.append(
            Entry(
                changes.started_at, _name(changes.started_by), "Changes", "Changes to the live brief started."
            )
        )
        if changes.decided_at:
            what = f"Changes to the live brief {changes.get_status_display().lower()}."
            entries.append(Entry(changes.decided_at, _name(changes.decided_by), "Changes", what))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _with(what, note):
    return f"{what} Note: {note}" if note.strip() else what


def _name(user, nobody=""):
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()
