"""Project settings, read from the environment (see `.env.example`).

Production is the default: with nothing set, DEBUG is off and SECRET_KEY and
ALLOWED_HOSTS must be given. Development turns DEBUG on through `.env`, which
`make` writes from `.env.example` on first use.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this site answers to.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search lookups; on SQLite search falls back to a plain match.
    "django.contrib.postgres",
    "axes",
    "csp",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    # The project, lowest layer first (docs/architecture.md). newsroom (project-wide pieces) and
    # brieftext (plain Python) have no models: they are listed so that the page cache's release
    # fingerprint covers them like every other part of the project.
    "newsroom",
    "brieftext",
    "sources",
    "articles",
    "archive",
    "review",
    "editorial",
    "pagecache",
    "public",
]

MIDDLEWARE = [
    "newsroom.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security_policy.PolicyMiddleware",
    "newsroom.limits.RequestSizeLimitMiddleware",
    "newsroom.limits.QueryStringMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cached pages for readers are answered here: what follows has nothing to do for them.
    "pagecache.pages.ReaderPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers do not wait for a writer, and a commit appends to the log instead
    # of syncing the database file twice. Writes take the lock when their transaction begins,
    # so two never deadlock upgrading to it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", transaction_mode="IMMEDIATE"
    )
# psycopg's pool, one per process: connections are reused across requests without CONN_MAX_AGE.
DATABASE_POOL = env.bool("DATABASE_POOL", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL:
    # A short wait for a connection, so /healthz answers 503 before gunicorn's worker timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=5)
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (see pagecache/): CACHE_URL=redis://host:6379/0 in production, shared by every
# server process and machine. The default local-memory cache belongs to one process: enough for
# `make run` and tests, but with several gunicorn workers each would keep its own copy of a page
# that another worker's edit cannot invalidate, so whole pages are then not served from it.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {"default": env.cache_url_config(CACHE_URL or "locmemcache://")}
# The page cache's tokens and pages (pagecache/) are read on almost every
# request: with Redis each process keeps a copy of them that Redis keeps current (newsroom/redis_cache.py).
PAGE_CACHE_NEAR_PREFIXES = ["generation:", "page:"]
if CACHES["default"]["LOCATION"].startswith(("redis://", "rediss://", "unix://")):
    CACHES["default"]["BACKEND"] = "newsroom.redis_cache.RedisCache"
    options = CACHES["default"].setdefault("OPTIONS", {})
    options["NEAR_PREFIXES"] = PAGE_CACHE_NEAR_PREFIXES
    # Redis answers in a millisecond on a private network. One that hangs holds a request this long
    # before the page is rendered without it (pagecache/shared.py), instead of redis-py's 5 seconds.
    # CACHE_URL may set others: redis://host:6379/0?socket_timeout=1
    options.setdefault("socket_connect_timeout", 0.25)
    options.setdefault("socket_timeout", 0.25)
# Lets several sites (or test runs) share one Redis database without seeing each other's keys.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(CACHE_URL) or DEBUG)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=24 * 60 * 60)
# Seconds browsers and CDNs may reuse a page without asking again; 0 makes them revalidate
# (a cheap 304) on every request, so nobody is ever shown an outdated page.
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=0)

AUTHENTICATION_BACKENDS = [
    # Refuses a login while the username and address are locked out, before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` writes, and WhiteNoise serves from with DEBUG off.
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production `collectstatic` writes gzip/brotli copies and content-hashed names, which
    # WhiteNoise serves with far-future cache headers. Development and tests need no collectstatic.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background tasks (docs/decisions/0020-tasks-in-the-database.md): fetching sources for the archive.
# The database backend queues them for `manage.py db_worker`, on as many machines as needed; with
# DEBUG (`make run`, tests) they run at once in the process that asks, with no worker to start.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.backend.DatabaseBackend",
        )
    }
}

# The source archive (docs/sources-archive.md). Fetching refuses private, loopback, link-local,
# multicast and reserved addresses unless SOURCE_FETCH_ALLOW_PRIVATE is on: tests and development only.
SOURCE_FETCH_ALLOW_PRIVATE = env.bool("SOURCE_FETCH_ALLOW_PRIVATE", default=False)
# Whether saving a source with a new link (or importing a brief citing one) queues its fetch.
SOURCE_ARCHIVE_ON_SAVE = env.bool("SOURCE_ARCHIVE_ON_SAVE", default=True)
SOURCE_FETCH_MAX_BYTES = 5 * 1024 * 1024
SOURCE_FETCH_TIMEOUT = 10  # seconds for a whole fetch, redirects included
SOURCE_FETCH_MAX_REDIRECTS = 5
# Seconds between two requests to one host, across every worker sharing the cache.
SOURCE_FETCH_HOST_INTERVAL = env.int("SOURCE_FETCH_HOST_INTERVAL", default=1)

SITE_NAME = env.str("SITE_NAME", default="Newsroom")
BRIEFS_PER_PAGE = 20
# Lists are not served past this page (public/pagination.py); searches longer than this are refused.
MAX_PAGE_NUMBER = 250
MAX_SEARCH_CHARACTERS = 200

# HTTPS. Behind a reverse proxy that terminates TLS, the proxy must set X-Forwarded-Proto
# (and overwrite any value the client sent). Browsers ignore HSTS on plain HTTP, so these
# settings are harmless for `make run`.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# `preload` in the header only allows listing at hstspreload.org; listing is a separate, manual step.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies append to X-Forwarded-For; 0 trusts only the socket's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy: scripts only from this site (or carrying the request's nonce,
# `nonce="{{ request.csp_nonce }}"`), never inline handlers or eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Admin logins: five failures for one username from one address lock that pair out for a
# while; twenty for one username from any addresses, each counting for at most five, lock the
# username out from everywhere (newsroom.login_throttle). A good password is refused meanwhile.
# Other users are unaffected.
AXES_HANDLER = "newsroom.login_throttle.AccountThrottleHandler"
AXES_FAILURE_LIMIT = 5
LOGIN_ACCOUNT_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# Request limits. A brief file is at most 1 MB; percent-encoded by a browser form it can be 3 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Any request body above this is refused with 413 before Django reads it (see newsroom.limits).
MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024

# Logs: one JSON object per line on stderr in production (LOG_FORMAT=json), readable text
# in development. newsroom.request logs every request; django.request adds tracebacks of errors.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        # 4xx responses are already in newsroom.request; keep only server errors here.
        "django.request": {"level": "ERROR"},
        # runserver prints every request itself in development.
        "newsroom.request": {"level": "WARNING" if DEBUG else LOG_LEVEL},
        # django-axes chats at INFO; login failures and lockouts are its warnings.
        "axes": {"level": "WARNING"},
    },
}
