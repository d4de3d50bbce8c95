from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Attribution review"

    def ready(self):
        from articles.signals import briefs_changed
        from sources.models import Person

        from . import receivers
        from .signals import checks_stored

        # One concern: every stored attribution check stays equal to a fresh one (see receivers.py).
        post_save.connect(receivers.saved, dispatch_uid="review.saved")
        post_delete.connect(receivers.deleted, dispatch_uid="review.deleted")
        pre_save.connect(receivers.person_changing, sender=Person, dispatch_uid="review.person_saving")
        pre_delete.connect(receivers.person_changing, sender=Person, dispatch_uid="review.person_deleting")
        briefs_changed.connect(receivers.briefs_written, dispatch_uid="review.briefs")
        checks_stored.connect(receivers.checks_stored, dispatch_uid="review.checks_stored")
