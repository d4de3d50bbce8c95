"""Archiving sources: asking for fetches, fetching, storing copies given by editors.

A fetch never raises: its failure is recorded on the source's ArchiveState, which the
checker reports as `source-unreachable`.
"""

import hashlib
import logging
import threading
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from sources.models import Source

from .extract import ExtractionError, extract
from .fetch import FetchError, fetch
from .models import ArchiveState, SourceCopy

log = logging.getLogger(__name__)

ARCHIVED, UNCHANGED, FAILED, SKIPPED = "archived", "unchanged", "failed", "skipped"


def sources_archive_request(sources):
    """Queue a fetch of each of these sources that has a link; a changed link drops the old copy from
    the checks (the copy itself is kept). The fetches are queued when the transaction commits."""
    now = timezone.now()
    pks = []
    for source in sources:
        if not source.url:
            continue
        state, _ = ArchiveState.objects.select_for_update().get_or_create(source=source)
        if state.url != source.url:
            state.url, state.latest, state.failure = source.url, None, ""
        state.requested_at = now
        state.save()
        pks.append(source.pk)
    fetches_queue(pks)
    return pks


_pending = threading.local()


def fetches_queue(pks):
    """Queue the fetch of these sources once the transaction commits, with any asked for before it."""
    pending = getattr(_pending, "pks", None)
    _pending.pks = (pending or set()) | set(pks)
    transaction.on_commit(_queue_pending, robust=True)


def _queue_pending():
    pks = getattr(_pending, "pks", None)
    _pending.pks = None
    if not pks:
        return
    # Asked for in a transaction that committed, and not fetched since: pks noted in one that was
    # rolled back have no such state.
    asked = ArchiveState.objects.filter(source__in=pks, requested_at__isnull=False).filter(
        Q(attempted_at__isnull=True) | Q(attempted_at__lt=F("requested_at"))
    )
    for pk in asked.order_by("source").values_list("source", flat=True):
        fetch_source.enqueue(pk)


@task()
def fetch_source(source_id):
    """The background task: fetch one source's link into the archive; returns the outcome."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return "skipped"
    outcome, _ = source_fetch(source)
    return outcome


def source_fetch(source):
    """Fetch the source's link now and store what it holds: (outcome, detail) with outcome one of
    ARCHIVED, UNCHANGED, FAILED or SKIPPED (no link)."""
    url = source.url
    if not url:
        return SKIPPED, "no link"
    attempted_at = timezone.now()
    try:
        fetched = fetch(url)
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}", fetched.status)
        extracted = extract(fetched.body, content_type=fetched.content_type, url=fetched.url)
    except (FetchError, ExtractionError) as error:
        status = getattr(error, "status", None)
        failure = str(error) if status is None or str(error).startswith("HTTP") else f"HTTP {status}: {error}"
        _record_failure(source, url, attempted_at, failure)
        log.warning("Archiving %s failed: %s", url, failure)
        return FAILED, failure
    content_hash = hashlib.sha256(fetched.body).hexdigest()
    with transaction.atomic():
        state, _ = ArchiveState.objects.select_for_update().get_or_create(source=source)
        if state.url and state.url != url:
            return SKIPPED, "the link changed while it was fetched"
        state.url = url
        state.attempted_at = attempted_at
        state.failure = ""
        outcome = UNCHANGED
        if state.latest_id and state.latest.content_hash == content_hash:
            state.latest.confirmed_at = attempted_at
            state.latest.save(update_fields=["confirmed_at"])
        else:
            outcome = ARCHIVED
            state.latest = SourceCopy.objects.create(
                source=source,
                origin=SourceCopy.Origin.FETCHED,
                requested_url=url,
                final_url=fetched.url,
                http_status=fetched.status,
                content_type=fetched.content_type[:200],
                content_hash=content_hash,
                truncated=fetched.truncated,
                fetched_at=attempted_at,
                confirmed_at=attempted_at,
                **_fields(extracted),
            )
        state.save()
    return outcome, fetched.url


def _record_failure(source, url, attempted_at, failure):
    with transaction.atomic():
        state, _ = ArchiveState.objects.select_for_update().get_or_create(source=source)
        if state.url and state.url != url:
            return
        state.url = url
        state.attempted_at = attempted_at
        state.failure = failure[:500]
        state.save()


def _fields(extracted):
    return {
        "text": extracted.text,
        "title": extracted.title,
        "author": extracted.author,
        "site_name": extracted.site_name,
        "published_on": extracted.published_on,
    }


@dataclass(frozen=True)
class GivenText:
    """A source's text as an editor gave it, read and ready to store."""

    data: bytes
    extracted: object
    origin: str
    file_name: str = ""


def given_text(*, text="", upload=None):
    """A GivenText from pasted `text` or an uploaded file (PDF, HTML or plain text); ValidationError
    when there is neither, both, or no text in the file."""
    if bool(text.strip()) == bool(upload):
        raise ValidationError("Paste the source's text or upload a file (one of the two).")
    if not upload:
        data = text.encode()
        return GivenText(
            data, extract(data, content_type="text/plain; charset=utf-8"), SourceCopy.Origin.PASTED
        )
    data = upload.read()
    try:
        extracted = extract(data, content_type=upload.content_type or "", name=upload.name)
    except ExtractionError as error:
        raise ValidationError(f"{upload.name}: {error}.") from None
    return GivenText(data, extracted, SourceCopy.Origin.UPLOADED, upload.name[:255])


@transaction.atomic
def source_copy_store(*, source, user, given):
    """Store a GivenText as the source's copy that quotes are checked against."""
    now = timezone.now()
    copy = SourceCopy.objects.create(
        source=source,
        origin=given.origin,
        content_hash=hashlib.sha256(given.data).hexdigest(),
        fetched_at=now,
        confirmed_at=now,
        file_name=given.file_name,
        added_by=user,
        **_fields(given.extracted),
    )
    state, _ = ArchiveState.objects.select_for_update().get_or_create(source=source)
    state.latest = copy
    state.save()
    return copy


def sources_to_archive(*, articles=None, refresh=False):
    """Linked sources whose current link has no copy (every linked source with `refresh`), cited by
    these briefs when given, in a stable order."""
    sources = Source.objects.exclude(url="").select_related("outlet").order_by("pk")
    if articles is not None:
        sources = sources.filter(citations__article__in=articles).distinct()
    if not refresh:
        sources = sources.exclude(archive__latest__isnull=False, archive__url=F("url"))
    return sources


def archived_sources(citations):
    """{reference key: ArchivedSource} for the citations whose source archiving covers.

    Reads `source.archive` and its `latest` copy as selected with the citations
    (`select_related("source__archive__latest")`); one query reads those not selected.
    """
    unread = [c.source_id for c in citations if not Source.archive.is_cached(c.source)]
    states = ArchiveState.objects.filter(source__in=unread).select_related("latest") if unread else ()
    read = {state.source_id: state for state in states}
    archived = {}
    for citation in citations:
        if citation.source_id in read:
            state = read[citation.source_id]
        else:
            state = getattr(citation.source, "archive", None) if citation.source_id not in unread else None
        if state is not None:
            archived[citation.key] = state.as_archived_source()
    return archived


def archived_links(references):
    """{reference key: ArchivedSource} for the references whose link is a stored source's that
    archiving covers (one query), for a brief that is not stored."""
    keys = {reference.url: reference.key for reference in references if reference.url}
    states = ArchiveState.objects.filter(source__url__in=keys).select_related("source", "latest")
    return {keys[state.source.url]: state.as_archived_source() for state in states}


@dataclass(frozen=True)
class BriefVerification:
    """What a brief page tells readers of the archive: quotes found in their cited sources, and when
    each source was last checked."""

    found: int
    quotes: int
    checked_on: object  # when the latest of the copies the quotes were looked for in was checked
    checked_sources: dict  # source pk -> when its copy was last checked


def brief_verification(article, *, found):
    """The BriefVerification of a brief whose citations come with `source__archive__latest` (see
    public.views.BRIEF_PAGE; otherwise each citation costs a query), `found` of its quotes having
    been found in their sources when its attribution was last checked."""
    checked_sources = {}
    for citation in article.citations.all():
        try:
            latest = citation.source.archive.latest
        except ArchiveState.DoesNotExist:
            continue
        if latest is not None:
            checked_sources[citation.source_id] = latest.confirmed_at
    quotes = article.quotes.all()
    return BriefVerification(
        found=found,
        quotes=len(quotes),
        checked_on=max(
            (checked_sources[quote.source_id] for quote in quotes if quote.source_id in checked_sources),
            default=None,
        ),
        checked_sources=checked_sources,
    )
