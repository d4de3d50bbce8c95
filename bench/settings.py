"""The product's settings, with the benchmark's floor view added to the URLs (see bench/urls.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The floor's middleware: what `django-admin startproject` writes, the "default middleware" the
# floor is defined with. The product's own (request log, CSP, size limits, static files, login
# throttle) is part of what its pages cost, so it is not the floor's.
FLOOR_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
