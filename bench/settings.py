"""The product's settings, with the benchmark's floor views added to the URLs (see bench/urls.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The bare floor's middleware: what `django-admin startproject` writes, Django's default. The
# product adds a request log, CSP, size limits, static files and a login throttle.
BARE_FLOOR_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# generate_briefs (bench/generate.py): the benchmark's own command.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
