"""The product's URLs plus /bench/floor/: the least any page can cost through the same middleware.

The floor returns, as it stands, the HTML saved in BENCH_FLOOR_FILE (the brief
page's, so both send as many bytes).
"""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as product_urlpatterns


@cache
def floor_html():
    """Read on first use: the in-process benchmark writes the file after rendering the brief page."""
    return Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(floor_html())


urlpatterns = [*product_urlpatterns, path("bench/floor/", floor, name="bench-floor")]
