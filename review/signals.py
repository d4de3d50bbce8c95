"""Said by review.services when it stores attribution checks."""

from django.dispatch import Signal

# Sent with `pks`, the briefs whose checks were just stored from their rows as they stand, and
# `quotes_found_changed`, those among them whose count of quotes found in their sources changed.
checks_stored = Signal()
