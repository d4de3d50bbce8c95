"""Whole pages for anonymous readers, cached and never stale (docs/caching.md).

`cached_for_readers` stores a view's 200 responses for readers without a session, under
the generations they were rendered with, and serves them while those are current;
`ReaderPageMiddleware` answers them before sessions, CSRF and authentication.
"""

import hashlib
import re
import secrets
from functools import wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.models import Article
from newsroom.security_policy import NONCE_STAND_IN

from .generations import (
    SITE,
    SOURCES,
    brief_generation,
    current_records,
    generation_key,
    new_record,
    site_until,
)

# Stand-ins for what differs between requests for the same page.
ORIGIN = b"\x00origin\x00"
NONCE = NONCE_STAND_IN.encode()
STAND_INS = re.compile(b"(" + re.escape(ORIGIN) + b"|" + re.escape(NONCE) + b")")
REFRESH_HOST = "page-refresh.invalid"
REFRESH_AT_MOST = 20


def page_depends_on_brief(request, article):
    """Say that the page being rendered shows this brief and sources, outlets and people only.

    Such a page stays cached when other briefs change. Without this call a page
    depends on everything readers can see, scheduled publication included.
    """
    request._page_generations = (SOURCES, brief_generation(article.pk))


def cached_for_readers(view):
    """Serve the view's 200 responses to anonymous readers from the cache, with ETag and Last-Modified.

    Requests carrying a session cookie (staff, previews) always reach the view.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _for_readers(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        return _reader_response(request, view, args, kwargs)

    def render_for_cache(request, *args, **kwargs):
        _reader_response(request, view, args, kwargs)

    wrapper.render_for_cache = render_for_cache
    return wrapper


class ReaderPageMiddleware:
    """Answer a reader's request for a cached page before sessions, CSRF, authentication and messages.

    Only addresses this process has seen a page stored under are looked up here, so other
    requests cost no round trip to the cache; a page not served here is rendered by its
    view without being looked up again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE and _for_readers(request):
            key = _page_key(request.get_full_path())
            if key in _known_pages:
                origin = _origin(request)
                entry, found = _lookup(key)
                now = timezone.now().timestamp()
                if _servable(entry, found, now):
                    response = _from_cache(request, entry, origin, now)
                    # What CommonMiddleware, not reached, would have added.
                    response.headers.setdefault("Content-Length", str(len(response.content)))
                    return response
                request._page_lookup = entry, found
        return self.get_response(request)


def _for_readers(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _origin(request):
    return f"{request.scheme}://{request.get_host()}"  # get_host() refuses hosts not allowed


def _page_key(path):
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"page:{_release()}:{digest}"


# Page key -> the generations its page depended on when this process last saw it, so that one
# round trip to the cache usually fetches the page and every token it needs; ReaderPageMiddleware
# looks up only these keys.
_known_pages = {}


def _know(key, generations):
    if len(_known_pages) > 10000:
        _known_pages.clear()
    _known_pages[key] = generations


def _lookup(key):
    """(entry, found): the page stored under `key`, and the records of its generations and SITE's."""
    wanted = {SITE, SOURCES, *_known_pages.get(key, ())}
    found = cache.get_many([key, *(generation_key(name) for name in wanted)])
    entry = found.get(key)
    if entry:
        missing = [generation_key(name) for name in entry["generations"] if name not in wanted]
        if missing:
            found.update(cache.get_many(missing))
        _know(key, entry["generations"])
    return entry, found


def _servable(entry, found, now):
    return settings.PAGE_CACHE and entry and entry["pieces"] is not None and _current(entry, found, now)


def _reader_response(request, view, args, kwargs):
    origin = _origin(request)
    key = _page_key(request.get_full_path())
    # Looked up already by ReaderPageMiddleware when it found nothing to serve.
    looked_up = request.__dict__.pop("_page_lookup", None)
    entry, found = looked_up or _lookup(key)
    now = timezone.now().timestamp()
    if looked_up is None and _servable(entry, found, now):
        return _from_cache(request, entry, origin, now)
    names = entry["generations"] if entry else (SITE,)

    # Read before the view reads the database: whatever it renders is at least as new as these.
    records = current_records({SITE, SOURCES, *names}, found)
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if not _storable(response):
        return _finish(request, response, None, found, now)

    generations = getattr(request, "_page_generations", (SITE,))
    content = response.content.replace(origin.encode(), ORIGIN)
    # A nonce the page used (django-csp makes one when first asked for it) is stored as a stand-in.
    nonce = getattr(request, "csp_nonce", None)
    nonce = str(nonce) if nonce else None
    if nonce:
        content = content.replace(nonce.encode(), NONCE)
    etag = f'W/"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    last_modified = int(now)
    if entry and entry.get("etag") == etag:
        last_modified = entry["last_modified"]
    elif entry and entry.get("last_modified"):
        # Strictly later than the copy a client may hold, even within the same second.
        last_modified = max(last_modified, entry["last_modified"] + 1)
    for name in set(generations) - set(records) - {SITE}:
        # Learnt only now (a brief page names its brief). A token created now that did not exist
        # means no write touched it while the view read the database: every write sets one first.
        created = new_record(final=True)
        if cache.add(generation_key(name), created, settings.PAGE_CACHE_TIMEOUT):
            records[name] = created
    tokens = None
    if set(generations) <= set(records) and all(records[name][1] for name in generations):
        tokens = {name: records[name][0] for name in generations}
    new_entry = _entry(
        generations,
        tokens=tokens,
        until=site_until(records[SITE], now) if tokens and SITE in tokens else None,
        etag=etag,
        last_modified=last_modified,
        # Split around the stand-ins, so that a reader's copy is one join instead of a scan for each.
        pieces=STAND_INS.split(content) if tokens and settings.PAGE_CACHE else None,
        nonce=bool(nonce),
        headers=[
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("content-length", "last-modified", "etag", "cache-control", "vary")
        ],
    )
    cache.set(key, new_entry, settings.PAGE_CACHE_TIMEOUT)
    _know(key, generations)
    return _finish(request, response, new_entry, found, now)


def _entry(
    generations,
    *,
    tokens=None,
    until=None,
    etag=None,
    last_modified=None,
    pieces=None,
    nonce=False,
    headers=(),
):
    """What the cache keeps for one address; without tokens and pieces, only what it depends on."""
    return {
        "generations": generations,
        "tokens": tokens,
        "until": until,
        "etag": etag,
        "last_modified": last_modified,
        "pieces": pieces,
        "nonce": nonce,
        "headers": list(headers),
    }


def _current(entry, found, now):
    tokens = entry["tokens"]
    if not tokens:
        return False
    for name, token in tokens.items():
        record = found.get(generation_key(name))
        if record is None or not record[1] or record[0] != token:
            return False
    return entry["until"] is None or now < entry["until"]


def _storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _from_cache(request, entry, origin, now):
    """The stored page with this request's origin and nonce; readers' most frequent answer, kept lean."""
    pieces = list(entry["pieces"])  # the page's bytes, each stand-in at an odd index
    origin = origin.encode()
    nonce = str(request.csp_nonce).encode() if entry["nonce"] else NONCE
    for index in range(1, len(pieces), 2):
        pieces[index] = origin if pieces[index] == ORIGIN else nonce
    response = HttpResponse(b"".join(pieces))
    headers = response.headers
    for name, value in entry["headers"]:
        headers[name] = value
    headers["ETag"] = entry["etag"]
    headers["Last-Modified"] = http_date(entry["last_modified"])
    headers["Vary"] = "Cookie"
    max_age = settings.PAGE_MAX_AGE
    if max_age and entry["until"] is not None:
        max_age = max(0, min(max_age, int(entry["until"] - now)))
    headers["Cache-Control"] = f"public, max-age={max_age}" + ("" if max_age else ", must-revalidate")
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )


def _finish(request, response, entry, found, now):
    """Add the caching headers, and answer a conditional request with 304 when it may be."""
    patch_vary_headers(response, ["Cookie"])
    if response.status_code not in (200, 404) or response.has_header("Cache-Control"):
        return response
    max_age = settings.PAGE_MAX_AGE
    if max_age:
        # Browsers and CDNs may keep the page this long, but never past the next scheduled publication.
        site = found.get(generation_key(SITE))
        until = entry["until"] if entry else (site_until(site, now) if site and site[1] else now)
        if until is not None:
            max_age = max(0, min(max_age, int(until - now)))
    patch_cache_control(response, public=True, max_age=max_age)
    if max_age == 0:
        patch_cache_control(response, must_revalidate=True)
    if entry is None or response.status_code != 200:
        return response
    response.headers["ETag"] = entry["etag"]
    response.headers["Last-Modified"] = http_date(entry["last_modified"])
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )


RELEASE_SUFFIXES = frozenset({".py", ".html", ".xml", ".txt"})
_fingerprint = None


def _release():
    """A digest of the project's own installed apps (code and templates, not migrations), the template
    folders and the static manifest: pages rendered by another release are not served."""
    global _fingerprint
    if _fingerprint is None:
        base = Path(settings.BASE_DIR)
        folders = {Path(app.path) for app in apps.get_app_configs() if Path(app.path).is_relative_to(base)}
        folders |= {Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", ())}
        digest = hashlib.blake2b(digest_size=8)
        for folder in sorted(folders):
            for path in sorted(folder.rglob("*")):
                if path.suffix in RELEASE_SUFFIXES and "migrations" not in path.relative_to(folder).parts:
                    digest.update(path.read_bytes())
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if manifest.is_file():
            digest.update(manifest.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def refresh_brief_pages(pks):
    """Prepare the pages of these briefs for readers: render again those readers had cached, and
    tell the others which generations they depend on, so a reader's first copy can be stored."""
    if not pks or len(pks) > REFRESH_AT_MOST or not settings.PAGE_CACHE:
        return
    for pk, slug in Article.objects.published().filter(pk__in=pks).values_list("pk", "slug"):
        path = reverse("public:brief", kwargs={"slug": slug})
        generations = (SOURCES, brief_generation(pk))
        if cache.add(_page_key(path), _entry(generations), settings.PAGE_CACHE_TIMEOUT):
            continue
        match = resolve(path)
        if hasattr(match.func, "render_for_cache"):
            match.func.render_for_cache(_RefreshRequest(path), *match.args, **match.kwargs)


class _RefreshRequest(HttpRequest):
    """An anonymous reader's GET of `path`, made without a client to store a fresh copy of a page."""

    scheme = "http"

    def __init__(self, path):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {"SERVER_NAME": REFRESH_HOST, "SERVER_PORT": "80", "QUERY_STRING": ""}
        self.user = AnonymousUser()
        self.csp_nonce = secrets.token_urlsafe(16)

    def get_host(self):
        return REFRESH_HOST
