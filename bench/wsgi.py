"""WSGI application for gunicorn in the benchmark: the product with its floor, and the bare floor
through Django's default middleware (see bench/urls.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

product = get_wsgi_application()

from bench.urls import BARE_FLOOR_PATH, bare_floor_handler  # noqa: E402  (needs the settings above)

bare_floor = bare_floor_handler()


def application(environ, start_response):
    handler = bare_floor if environ.get("PATH_INFO") == BARE_FLOOR_PATH else product
    return handler(environ, start_response)
