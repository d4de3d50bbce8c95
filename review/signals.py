"""Said by review.services when it stores attribution checks."""

from django.dispatch import Signal

# Sent with `pks`, the briefs whose checks were just stored from their rows as they stand.
checks_stored = Signal()
