"""The editorial workflow's records: status transitions, notes, who has a brief open, refused edits.

Transitions, notes and refused edits are kept when their brief is deleted (no
database constraint, nothing cascades): the audit must not lose them, and a
brief recovered from its history comes back under its old primary key, so
they reattach to it by themselves.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article


def _kept_article_link(related_name):
    return models.ForeignKey(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name=related_name,
    )


class Transition(models.Model):
    """One change of a brief's workflow status: who, when, from, to and why."""

    article = _kept_article_link("transitions")
    headline = models.CharField(max_length=255, help_text="The brief's headline at the time.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when a brief file was imported and published from the command line.",
    )
    from_status = models.CharField("from", max_length=20, choices=Article.Status)
    to_status = models.CharField("to", max_length=20, choices=Article.Status)
    published_at = models.DateTimeField(
        "readers see it from", null=True, blank=True, help_text="For publications: the time set."
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField("when", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="transition_article_created")]

    def __str__(self):
        return f"{self.headline}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class EditorialNote(models.Model):
    """A note between staff about a brief. Never shown on the public site."""

    article = _kept_article_link("editorial_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="editorial_note_has_text"),
        ]

    def __str__(self):
        return f"Note by {self.author} on {self.created_at:%d %b %Y %H:%M}"


class EditingSession(models.Model):
    """Someone has the brief's change form open; kept fresh by the form's heartbeat."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editing_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="editing_session_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user} editing since {self.opened_at:%H:%M}"


class RefusedEdit(models.Model):
    """An edit that was not saved because someone else changed the brief after it was opened.

    Both snapshots are BriefSnapshot.as_json() dictionaries (see editorial.snapshots).
    """

    article = _kept_article_link("refused_edits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened = models.JSONField(help_text="The brief as this person opened it.")
    submitted = models.JSONField(help_text="What they tried to save.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Refused edit by {self.user} on {self.created_at:%d %b %Y %H:%M}"


class LiveBriefChanges(models.Model):
    """Changes to a live brief, kept apart from it until someone allowed to publish publishes them.

    While pending, the changes are a brief of their own (`draft`, a draft readers never
    see), edited in the admin like any other; publishing copies its content onto the live
    brief, and publishing or discarding deletes it, keeping here what it held (`changes`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    article = _kept_article_link("live_changes")
    draft = models.OneToOneField(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes_to"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    changes = models.JSONField(
        null=True, blank=True, help_text="Once published or discarded: the draft as it was (a BriefSnapshot)."
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name_plural = "live brief changes"
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(status="pending"),
                name="live_brief_changes_pending_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} changes to brief #{self.article_id}"
