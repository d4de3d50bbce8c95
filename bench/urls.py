"""The product's URLs plus two floors, views returning the brief page's HTML as it stands:

- /bench/floor/ through the product's middleware, the least any page can cost here;
- /bench/bare-floor/ through Django's default middleware (BARE_FLOOR_MIDDLEWARE in
  bench/settings.py), served by a handler of its own: see bare_floor_handler.

The HTML is the file at BENCH_FLOOR_FILE (the brief page's, so all send as many bytes).
"""

import os
from functools import cache
from pathlib import Path

from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test.utils import override_settings
from django.urls import path

from newsroom.urls import urlpatterns as product_urlpatterns

FLOOR_PATH = "/bench/floor/"
BARE_FLOOR_PATH = "/bench/bare-floor/"


@cache
def floor_html():
    """Read on first use: the in-process benchmark writes the file after rendering the brief page."""
    return Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(floor_html())


def bare_floor_handler(handler_class=WSGIHandler):
    """A handler whose middleware is BARE_FLOOR_MIDDLEWARE (handlers read MIDDLEWARE once, when loaded)."""
    from django.conf import settings

    with override_settings(MIDDLEWARE=settings.BARE_FLOOR_MIDDLEWARE):
        handler = handler_class()
        handler.load_middleware()  # the test client's handler would load it at its first request
    return handler


urlpatterns = [
    path(FLOOR_PATH.removeprefix("/"), floor, name="bench-floor"),
    path(BARE_FLOOR_PATH.removeprefix("/"), floor, name="bench-bare-floor"),
    *product_urlpatterns,
]
