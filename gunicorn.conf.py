"""gunicorn settings for `make serve`. Environment: WEB_CONCURRENCY (workers), LOG_LEVEL.

Requests are logged by the application (newsroom.logging) as JSON lines, so
gunicorn's own access log is off; its error log uses the same JSON format.
"""

import os

wsgi_app = "newsroom.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# Workers are forked from a master that has loaded Django, so starting one costs little.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound; not so often that
# restarts show in response times.
max_requests = 20000
max_requests_jitter = 2000

accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsroom.logging.JSONFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "root": {"level": loglevel.upper(), "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
        # Django answers HEAD with a body, which gunicorn drops as HTTP requires; without this it
        # warns about it on every HEAD request, and load balancers send many.
        "gunicorn.http.wsgi": {"level": "ERROR"},
    },
}
