"""WSGI application for gunicorn in the benchmark: the product, and the floor through its own middleware."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

product = get_wsgi_application()

from bench.urls import FLOOR_PATH, floor_handler  # noqa: E402  (needs the settings above)

floor = floor_handler()


def application(environ, start_response):
    return (floor if environ.get("PATH_INFO") == FLOOR_PATH else product)(environ, start_response)
