"""The product's settings, with the benchmark's floor view added to the URLs (see bench/urls.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
