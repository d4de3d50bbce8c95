"""Writes to briefs that send no model signal announce themselves here.

`bulk_create`, `bulk_update`, `QuerySet.update()` and raw SQL save rows without
`post_save`. Whoever writes a brief's rows that way sends `briefs_changed` with the
pks of the briefs written, after the write, so that what is derived from them
(stored attribution checks, cached pages) is kept current.
"""

from django.dispatch import Signal

# Sent with `pks`, the briefs whose rows were written.
briefs_changed = Signal()


def briefs_written(pks):
    """Announce that the rows of these briefs (pks) were written without model signals."""
    briefs_changed.send(sender=None, pks=list(pks))
