from django.conf import settings
from django.db import models

from brieftext.verification import ArchivedSource
from sources.models import Source


class SourceCopy(models.Model):
    """One copy of a source's text: fetched from its link, or pasted or uploaded by an editor.

    Copies are kept: a new fetch whose content differs adds one; the same content only moves
    `confirmed_at`. Staff only: a copy is the outlet's text, never shown to readers.
    """

    class Origin(models.TextChoices):
        FETCHED = "fetched", "Fetched from the link"
        PASTED = "pasted", "Pasted by an editor"
        UPLOADED = "uploaded", "Uploaded by an editor"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="copies")
    origin = models.CharField(max_length=10, choices=Origin)
    requested_url = models.URLField("link fetched", max_length=500, blank=True)
    final_url = models.URLField("address after redirects", max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the bytes fetched or given, as hexadecimal."
    )
    truncated = models.BooleanField(
        default=False, help_text="The page was larger than the limit; only its beginning was read."
    )
    fetched_at = models.DateTimeField("archived at", db_index=True)
    confirmed_at = models.DateTimeField(
        "last checked", help_text="The last time the link gave this same content (or when it was given)."
    )
    text = models.TextField(help_text="The main text, as extracted from the page or file.")
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=500, blank=True)
    site_name = models.CharField(max_length=500, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = "archived copy"
        verbose_name_plural = "archived copies"

    def __str__(self):
        return f"{self.source.title}, {self.get_origin_display().lower()} {self.fetched_at:%d %b %Y %H:%M}"


class ArchiveState(models.Model):
    """Where archiving stands for one source: the copy checks read, and how the last fetch went.

    A source has a state once its archiving was asked for (its link saved or cited, a fetch, a
    pasted text); only then do the checker's archive findings apply to it.
    """

    source = models.OneToOneField(Source, on_delete=models.CASCADE, primary_key=True, related_name="archive")
    url = models.URLField("link asked for", max_length=500, blank=True)
    latest = models.ForeignKey(
        SourceCopy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The copy quotes are checked against.",
    )
    requested_at = models.DateTimeField("fetch asked for", null=True, blank=True)
    attempted_at = models.DateTimeField("last fetch", null=True, blank=True)
    failure = models.CharField("last fetch failed", max_length=500, blank=True)

    class Meta:
        verbose_name = "source archive"
        verbose_name_plural = "source archives"

    def __str__(self):
        return self.source.title

    def as_archived_source(self):
        """What the checker reads of this state (reads `latest`: select it with the state)."""
        copy = self.latest
        if copy is None:
            return ArchivedSource(failure=self.failure)
        return ArchivedSource(
            text=copy.text,
            title=copy.title,
            site_name=copy.site_name,
            published_on=copy.published_on,
            checked_on=copy.confirmed_at.date(),
            failure=self.failure,
        )
