"""The product's URLs plus /bench/floor/: a bare view returning the brief page's HTML.

The floor returns, as it stands, the HTML saved in BENCH_FLOOR_FILE (the brief
page's, so both send as many bytes). It is served through FLOOR_MIDDLEWARE
(bench/settings.py), by its own handler: see floor_handler.
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


@cache
def floor_html():
    """Read on first use: the in-process benchmark writes the file after rendering the brief page."""
    return Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(floor_html())


def floor_handler(handler_class=WSGIHandler):
    """A handler whose middleware is FLOOR_MIDDLEWARE instead of the product's (handlers read
    MIDDLEWARE once, when they are made)."""
    from django.conf import settings

    with override_settings(MIDDLEWARE=settings.FLOOR_MIDDLEWARE):
        handler = handler_class()
        handler.load_middleware()  # the test client's handler would load it at its first request
    return handler


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench-floor"), *product_urlpatterns]
