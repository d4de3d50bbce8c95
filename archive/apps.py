from django.apps import AppConfig
from django.db.models.signals import post_save


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Source archive"

    def ready(self):
        from articles.models import Citation
        from articles.signals import briefs_changed
        from sources.models import Source

        from . import checks, receivers  # noqa: F401  (checks registers itself)

        # One concern: every linked source cited or saved has its fetch asked for (see receivers.py).
        post_save.connect(receivers.source_saved, sender=Source, dispatch_uid="archive.source_saved")
        post_save.connect(receivers.citation_saved, sender=Citation, dispatch_uid="archive.citation_saved")
        briefs_changed.connect(receivers.briefs_written, dispatch_uid="archive.briefs")
