from django_tasks import task

from sources.models import Source

from .services import source_fetch


@task()
def fetch_source(source_id):
    """Fetch one source's link into the archive; returns the outcome (see services.source_fetch)."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return "skipped"
    outcome, _ = source_fetch(source)
    return outcome
