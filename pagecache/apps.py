from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from articles.models import Article
        from articles.signals import briefs_changed
        from review.signals import checks_stored

        from . import changes

        # One receiver per kind of change keeps readers' cached pages current (see changes.py).
        post_save.connect(changes.saved, dispatch_uid="pagecache.saved")
        post_delete.connect(changes.deleted, dispatch_uid="pagecache.deleted")
        m2m_changed.connect(
            changes.authors_changed, sender=Article.authors.through, dispatch_uid="pagecache.authors"
        )
        briefs_changed.connect(changes.briefs_written, dispatch_uid="pagecache.briefs")
        checks_stored.connect(changes.quotes_found_changed, dispatch_uid="pagecache.quotes_found")
