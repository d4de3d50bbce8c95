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
from urllib.parse import unquote, urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.models import Article
from newsroom.security_policy import NONCE_STAND_IN

from . import shared
from .generations import (
    SITE,
    SOURCES,
    brief_generation,
    current_records,
    generation_key,
    new_record,
    settled,
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


def cached_for_readers(*parameters):
    """Serve the view's 200 responses to anonymous readers from the cache, with ETag and Last-Modified.

    `parameters` names the query parameters the view reads. It is shown no other, and its
    pages are stored under those alone: an address with any other (a tracking tag, a
    crawler's `?x=1`) has the page of the address without it, not a page of its own.
    Requests carrying a session cookie (staff, previews) always reach the view.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.GET = QueryDict(_query(request, parameters))
            if not _for_readers(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                return response
            return _reader_response(request, view, parameters, args, kwargs)

        def render_for_cache(request, *args, **kwargs):
            _reader_response(request, view, parameters, args, kwargs)

        wrapper.render_for_cache = render_for_cache
        return wrapper

    return decorator


class ReaderPageMiddleware:
    """Answer a reader's request for a cached page before sessions, CSRF, authentication and messages.

    Only paths this process has seen a page stored under are looked up here, so other
    requests cost no round trip to the cache; a page not served here is rendered by its
    view without being looked up again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every request, a load balancer's probe too, first settles what this process owes Redis.
        if settled() and settings.PAGE_CACHE and _for_readers(request) and request.path in _known_paths:
            origin = _origin(request)
            entry, found = _lookup(request, _known_paths[request.path][0])
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


def _query(request, parameters):
    """The request's query string with only these parameters, in the order named."""
    return urlencode([(name, value) for name in parameters for value in request.GET.getlist(name)])


def _page_key(request, parameters):
    """The key of the request's page: its path and those of `parameters` it has."""
    query = _query(request, parameters)
    address = f"{request.path}?{query}" if query else request.path
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{_release()}:{digest}"


# Path -> (the query parameters its view reads, the generations its pages depended on when this
# process last saw one), so that one round trip to the cache usually fetches the page and every
# token it needs; ReaderPageMiddleware looks up only these paths.
_known_paths = {}


def _know(path, parameters, generations):
    if len(_known_paths) > 10000:
        _known_paths.clear()
    _known_paths[path] = parameters, generations


def _lookup(request, parameters):
    """(entry, found): the request's page, and the records of its generations and SITE's."""
    key = _page_key(request, parameters)
    wanted = {SITE, SOURCES, *_known_paths.get(request.path, ((), ()))[1]}
    found = shared.get_many([key, *(generation_key(name) for name in wanted)])
    entry = found.get(key)
    if entry:
        missing = [generation_key(name) for name in entry["generations"] if name not in wanted]
        if missing:
            found.update(shared.get_many(missing))
        _know(request.path, parameters, entry["generations"])
    return entry, found


def _servable(entry, found, now):
    return settings.PAGE_CACHE and entry and entry["pieces"] is not None and _current(entry, found, now)


def _reader_response(request, view, parameters, args, kwargs):
    origin = _origin(request)
    if not settled():  # Redis may hold pages a write of this process's made stale: render, store nothing
        return _finish(request, _rendered(view, request, args, kwargs), None, {}, timezone.now().timestamp())
    # Looked up already by ReaderPageMiddleware when it found nothing to serve.
    looked_up = request.__dict__.pop("_page_lookup", None)
    entry, found = looked_up or _lookup(request, parameters)
    now = timezone.now().timestamp()
    if looked_up is None and _servable(entry, found, now):
        return _from_cache(request, entry, origin, now)
    names = entry["generations"] if entry else (SITE,)

    # Read before the view reads the database: whatever it renders is at least as new as these.
    records = current_records({SITE, SOURCES, *names}, found)
    response = _rendered(view, request, args, kwargs)
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
        if shared.add(generation_key(name), created, settings.PAGE_CACHE_TIMEOUT):
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
    shared.store(_page_key(request, parameters), new_entry, settings.PAGE_CACHE_TIMEOUT)
    _know(request.path, parameters, generations)
    return _finish(request, response, new_entry, found, now)


def _rendered(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


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
        request = _RefreshRequest(unquote(reverse("public:brief", kwargs={"slug": slug})))
        generations = (SOURCES, brief_generation(pk))
        if shared.add(_page_key(request, ()), _entry(generations), settings.PAGE_CACHE_TIMEOUT):
            continue
        match = resolve(request.path)
        if hasattr(match.func, "render_for_cache"):
            match.func.render_for_cache(request, *match.args, **match.kwargs)


class _RefreshRequest(HttpRequest):
    """An anonymous reader's GET of `path` (decoded, as request.path has it), made without a client to
    store a fresh copy of a page."""

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
