"""Ask for the archiving of every linked source that is saved with a new link or cited.

Connected in ArchiveConfig.ready(); off with SOURCE_ARCHIVE_ON_SAVE=false. A source whose
state already has its link is left alone: refetching is asked for from the admin or
`manage.py archive_sources --refresh`.
"""

from django.conf import settings

from sources.models import Source

from .models import ArchiveState
from .services import fetches_queue, sources_archive_request


def _request_new(sources):
    if not settings.SOURCE_ARCHIVE_ON_SAVE:
        return
    asked = dict(ArchiveState.objects.filter(source__in=[s.pk for s in sources]).values_list("source", "url"))
    sources_archive_request(
        [source for source in sources if source.url and asked.get(source.pk) != source.url]
    )


def source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _request_new([instance])


def citation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _request_new([instance.source])


def briefs_written(sender, pks, **kwargs):
    """Briefs written in bulk (an import): the linked sources they cite. Whatever the write, the
    fetches asked for in this transaction are queued when it commits."""
    if settings.SOURCE_ARCHIVE_ON_SAVE and pks:
        _request_new(list(Source.objects.filter(citations__article__in=pks).exclude(url="").distinct()))
    fetches_queue([])
