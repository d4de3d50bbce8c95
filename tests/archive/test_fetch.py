"""Fetching sources: what is refused, what is followed, and the limits (archive/fetch.py)."""

import ipaddress
import socket
import threading

import pytest

from archive import fetch as fetching
from archive.fetch import FetchError, fetch, host_turn, is_public

FIVE_MB = 5 * 1024 * 1024


def test_a_page_is_fetched_with_a_user_agent_naming_the_newsroom(source_server):
    url = source_server.page("/story", "<p>Hello</p>")

    fetched = fetch(url)

    assert (fetched.status, fetched.body, fetched.truncated) == (200, b"<p>Hello</p>", False)
    [(path, headers)] = source_server.requests
    assert path == "/story"
    assert headers["User-Agent"].startswith("Newsroom source archiver")


def test_redirects_are_followed_up_to_five(source_server):
    final = source_server.page("/final", "<p>Here</p>")
    url = final
    for hop in range(5):
        url = source_server.redirect(f"/hop{hop}", url, status=301 if hop % 2 else 302)

    fetched = fetch(url)

    assert (fetched.url, fetched.body) == (final, b"<p>Here</p>")


def test_a_sixth_redirect_is_refused(source_server):
    url = source_server.page("/final", "<p>Here</p>")
    for hop in range(6):
        url = source_server.redirect(f"/hop{hop}", url)

    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(url)
    assert "/final" not in [path for path, _ in source_server.requests]


def test_a_private_address_is_refused_when_not_allowed(source_server, settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    url = source_server.page("/story", "<p>Hello</p>")

    with pytest.raises(FetchError, match=r"127\.0\.0\.1, which is not a public address"):
        fetch(url)
    assert source_server.requests == []


def test_a_redirect_to_a_private_address_is_refused(source_server, settings, monkeypatch):
    """The address of every hop is vetted: here the server's own counts as public, the one it
    redirects to does not, and nothing is sent there."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr(fetching, "is_public", lambda address: str(address) == "127.0.0.1")
    port = source_server.http.server_port
    url = source_server.redirect("/moved", f"http://127.0.0.2:{port}/secret")

    with pytest.raises(FetchError, match=r"127\.0\.0\.2, which is not a public address"):
        fetch(url)
    assert [path for path, _ in source_server.requests] == ["/moved"]


def test_the_connection_goes_to_the_vetted_address_not_a_second_answer(source_server, monkeypatch):
    """Resolve, vet, then connect to that address: a name that answers differently the second time
    (DNS rebinding) never gets the request sent elsewhere."""
    source_server.page("/story", "<p>Hello</p>")
    resolve = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.255.255.1", "10.255.255.1"])

    def rebinding(host, port, *args, **kwargs):
        if host == "news.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(fetching.socket, "getaddrinfo", rebinding)

    fetched = fetch(f"http://news.test:{source_server.http.server_port}/story")

    assert fetched.body == b"<p>Hello</p>"
    assert source_server.requests[0][1]["Host"] == f"news.test:{source_server.http.server_port}"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::6810:84e5", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_any_private_answer_refuses_the_name(settings, monkeypatch):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        fetching.socket,
        "getaddrinfo",
        lambda host, port, *args, **kwargs: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ],
    )

    with pytest.raises(FetchError, match=r"10\.0\.0\.5"):
        fetching.vetted_address("mixed.test", 443)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/", "http:///x"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_a_page_over_five_megabytes_is_cut(source_server):
    url = source_server.page("/big", b"a" * FIVE_MB + b"Z", content_type="text/plain")

    fetched = fetch(url)

    assert fetched.truncated
    assert len(fetched.body) == FIVE_MB
    assert b"Z" not in fetched.body


def test_a_page_of_exactly_five_megabytes_is_whole(source_server):
    url = source_server.page("/big", b"a" * FIVE_MB, content_type="text/plain")

    assert not fetch(url).truncated


def test_a_slow_page_times_out(source_server, settings):
    settings.SOURCE_FETCH_TIMEOUT = 0.3
    url = source_server.page("/slow", "<p>Late</p>", delay=2)

    with pytest.raises(FetchError, match="timed out"):
        fetch(url)


def test_an_unresolvable_name_is_a_failure_not_an_exception():
    with pytest.raises(FetchError, match="could not be resolved"):
        fetch("http://name.invalid/")


def test_one_request_a_second_per_host_across_workers(settings):
    """The turn is taken in the shared cache: a second request to the host within the interval waits."""
    settings.SOURCE_FETCH_HOST_INTERVAL = 1

    assert host_turn("news.example") is True
    assert host_turn("NEWS.example") is False
    assert host_turn("other.example") is True


def test_a_slow_name_lookup_counts_against_the_time_allowed(settings, monkeypatch):
    settings.SOURCE_FETCH_TIMEOUT = 0.2
    resolve = socket.getaddrinfo
    answered = threading.Event()

    def hanging(host, *args, **kwargs):
        if host == "slow.test":
            answered.wait(5)  # a resolver that does not answer in time; released below
        return resolve("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(fetching.socket, "getaddrinfo", hanging)
    try:
        with pytest.raises(FetchError, match=r"timed out .* resolving slow\.test"):
            fetch("http://slow.test/")
    finally:
        answered.set()
