"""Fetching a source's page without letting a link reach what it should not.

http and https only; every address a name resolves to, at the start and after each
redirect, is vetted, and the connection goes to the vetted address (so a second DNS
answer cannot swap in another); at most SOURCE_FETCH_MAX_BYTES read and
SOURCE_FETCH_TIMEOUT seconds in all; one request a second per host across workers.
"""

import concurrent.futures
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.core.cache import cache

_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="archive-dns")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"


class FetchError(Exception):
    """A fetch that failed, in words for the desk; `status` is the HTTP status when there was one."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    truncated: bool


def user_agent():
    return f"{settings.SITE_NAME} source archiver (keeps a copy of the pages its briefs cite)"


def fetch(url):
    """GET `url` as the settings allow; a Fetched for any final answer, FetchError otherwise."""
    deadline = time.monotonic() + settings.SOURCE_FETCH_TIMEOUT
    for _ in range(settings.SOURCE_FETCH_MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"only http and https links can be fetched, not “{url}”")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"the link has an invalid port: “{url}”") from None
        address = vetted_address(parts.hostname, port, deadline)
        _wait_turn(parts.hostname, deadline)
        pool = _pool(parts, address, port, deadline)
        try:
            response = _request(pool, parts, deadline)
            try:
                if response.status in REDIRECTS and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                body, truncated = _read(response, deadline)
            finally:
                response.close()
        finally:
            pool.close()
        return Fetched(url, response.status, response.headers.get("Content-Type", ""), body, truncated)
    raise FetchError(f"more than {settings.SOURCE_FETCH_MAX_REDIRECTS} redirects")


def vetted_address(host, port, deadline=None):
    """The address to connect to for `host`, after refusing any it resolves to that is not public."""
    # getaddrinfo has no timeout of its own: it is given what is left of the fetch's, in a thread.
    lookup = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        answers = lookup.result(timeout=None if deadline is None else _remaining(deadline))
    except concurrent.futures.TimeoutError:
        raise FetchError(
            f"timed out after {settings.SOURCE_FETCH_TIMEOUT} seconds resolving {host}"
        ) from None
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{host} could not be resolved ({error})") from None
    addresses = [ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers]
    if not settings.SOURCE_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public(address):
                raise FetchError(f"{host} resolves to {address}, which is not a public address; refused")
    return addresses[0]


def is_public(address):
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def host_turn(host):
    """Take `host`'s turn: True when no request went to it in the last SOURCE_FETCH_HOST_INTERVAL
    seconds by any worker sharing the cache."""
    interval = settings.SOURCE_FETCH_HOST_INTERVAL
    return interval <= 0 or cache.add(f"archive:host:{host.lower()}", 1, timeout=interval)


def _wait_turn(host, deadline):
    while not host_turn(host):
        if time.monotonic() + 0.1 >= deadline:
            raise FetchError(f"timed out waiting for a turn to fetch from {host}")
        time.sleep(0.1)


def _remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"timed out after {settings.SOURCE_FETCH_TIMEOUT} seconds")
    return left


def _pool(parts, address, port, deadline):
    """A connection pool for the vetted address, sending the link's host name (and checking its
    certificate) as if the name had been connected to."""
    left = _remaining(deadline)
    timeout = urllib3.Timeout(connect=left, read=left)
    if parts.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address),
            port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
        )
    return urllib3.HTTPConnectionPool(str(address), port, timeout=timeout, retries=False)


def _request(pool, parts, deadline):
    left = _remaining(deadline)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "User-Agent": user_agent(),
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
    }
    try:
        return pool.urlopen(
            "GET",
            path,
            headers=headers,
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=left, read=left),
        )
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"timed out after {settings.SOURCE_FETCH_TIMEOUT} seconds") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{parts.hostname} could not be reached ({_reason(error)})") from None


def _read(response, deadline):
    """The body, at most SOURCE_FETCH_MAX_BYTES of it (decompressed), and whether it was cut."""
    limit = settings.SOURCE_FETCH_MAX_BYTES
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK_BYTES, decode_content=True):
            _remaining(deadline)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"".join(chunks)[:limit], True
        return b"".join(chunks), False
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"timed out after {settings.SOURCE_FETCH_TIMEOUT} seconds") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"the page could not be read ({_reason(error)})") from None


def _reason(error):
    return str(getattr(error, "reason", None) or error)
