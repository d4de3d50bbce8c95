"""Error pages that need more than Django's defaults give them."""

from django.core.exceptions import BadRequest
from django.shortcuts import render


def bad_request(request, exception):
    """400, saying why when the refusal is the site's own (BadRequest), with the site's chrome."""
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)
