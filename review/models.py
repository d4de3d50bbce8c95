from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article
from brieftext.attribution import ERROR, WARNING, WARNING_CODES


class FindingCounts(NamedTuple):
    errors: int
    warnings: int  # open: not accepted by a reviewer
    accepted: int


def finding_counts(findings):
    """The errors, open warnings and accepted warnings among `findings`, kept as
    AttributionCheck.findings keeps them: the numbers the report panel, the review queue and the
    stored check's columns all show."""
    return FindingCounts(
        errors=sum(finding["severity"] == ERROR for finding in findings),
        warnings=sum(finding["severity"] == WARNING and not finding["accepted"] for finding in findings),
        accepted=sum(finding["severity"] == WARNING and finding["accepted"] for finding in findings),
    )


class AttributionCheck(models.Model):
    """The latest attribution check of a brief, kept so lists and filters need no re-check.

    Kept by review.receivers: rewritten after every commit that changes the brief,
    its citations, quotes, sources, outlets, the people it may name, or a reviewer's
    sign-off or accepted warning.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="attribution_check"
    )
    fingerprint = models.CharField(max_length=64, help_text="Of the body, citations and quotes checked.")
    sentence_count = models.PositiveIntegerField(default=0)
    cited_sentence_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0, db_index=True)
    warning_count = models.PositiveIntegerField(default=0, help_text="Warnings not accepted by a reviewer.")
    findings = models.JSONField(default=list)
    quotes_found = models.PositiveIntegerField(
        default=0,
        help_text="Quotes found word for word in their cited source's archived copy, as readers are told.",
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sign-off that still holds was given."
    )
    checked_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Attribution check of {self.article}"

    @property
    def counts(self):
        return finding_counts(self.findings)


class SignOff(models.Model):
    """A reviewer's sign-off of a brief's attribution. It holds while the content is unchanged."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="signoffs")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, help_text="Of the body, citations and quotes signed off.")
    open_warning_count = models.PositiveIntegerField(
        "open warnings",
        default=0,
        help_text="Warnings neither fixed nor accepted that the reviewer confirmed signing off with.",
    )

    class Meta:
        ordering = ["-signed_at", "-pk"]
        get_latest_by = ["signed_at", "pk"]
        verbose_name = "attribution sign-off"
        permissions = [
            ("sign_off_attribution", "Can sign off a brief's attribution"),
            ("override_attribution_gate", "Can publish a brief that fails the attribution gate"),
        ]

    def __str__(self):
        return f"Signed off by {self.reviewer} on {self.signed_at:%d %b %Y %H:%M}"


class AcceptedWarning(models.Model):
    """A warning a reviewer accepted, with the reason. Errors can never be accepted."""

    class Reason(models.TextChoices):
        COMMON_KNOWLEDGE = "common-knowledge", "Common knowledge"
        CITED_IN_PARAGRAPH = "cited-in-paragraph", "Cited elsewhere in the paragraph"
        OTHER = "other", "Other (explain)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="accepted_warnings")
    code = models.CharField(max_length=50)
    text = models.TextField(help_text="The exact text the warning is about.")
    text_hash = models.CharField(max_length=64, editable=False)
    reason = models.CharField(max_length=30, choices=Reason)
    note = models.TextField(blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "code", "text_hash"], name="accepted_warning_once_per_finding"
            ),
            models.CheckConstraint(
                condition=models.Q(code__in=sorted(WARNING_CODES)),
                name="accepted_warning_is_a_warning",
                violation_error_message="Only warnings can be accepted; errors must be fixed.",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason="other") | ~models.Q(note=""),
                name="accepted_warning_other_has_note",
                violation_error_message="Explain the reason when it is “Other”.",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.get_reason_display()}"


class GateOverride(models.Model):
    """A publication that went ahead despite the attribution gate, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="gate_overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    unresolved = models.JSONField(default=list, help_text="What the gate objected to at the time.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="gate_override_has_reason"),
        ]

    def __str__(self):
        return f"Override by {self.user} on {self.created_at:%d %b %Y %H:%M}"


class ReviewQueueEntry(Article):
    """Briefs in review, as the reviewers' queue lists them."""

    class Meta:
        proxy = True
        verbose_name = "brief awaiting review"
        verbose_name_plural = "review queue"
