"""nginx with deploy/nginx.conf in front of gunicorn: clients that never finish a request stall
gunicorn on its own, and wait on nginx instead of on gunicorn's workers behind it.

gunicorn runs with gunicorn.conf.py and DEBUG off, nginx as the current user with a temporary
prefix, each on a free loopback port; both are stopped when the module's tests end.
"""

import http.client
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SITE_CONFIG = ROOT / "deploy" / "nginx.conf"
SERVER_NAME = "news.example.test"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# Debian installs nginx in /usr/sbin, which is not on every user's PATH.
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
STALLED_CLIENTS = 64
WORKERS = 2

# The module's tests share the servers it starts: one pytest-xdist worker runs them all.
pytestmark = pytest.mark.xdist_group("reverse-proxy")

# nginx's main configuration, /etc/nginx/nginx.conf on Debian, here keeping everything in `prefix`.
NGINX_MAIN_CONFIG = """
daemon off;
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{
    worker_connections 512;
}}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/newsroom.conf;
}}
"""


@dataclass
class App:
    port: int
    log: Path


@dataclass
class Proxy:
    http_port: int
    https_port: int
    tls: ssl.SSLContext  # trusts the proxy's certificate


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """gunicorn on a scratch SQLite database, as `make serve` runs it behind one proxy."""
    scratch = tmp_path_factory.mktemp("reverse-proxy-app")
    environment = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": SERVER_NAME,
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(scratch / "static"),
        "WEB_CONCURRENCY": str(WORKERS),
        "LOG_LEVEL": "INFO",
    }
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"manage.py {' '.join(command)}:\n{result.stderr}"
    log = scratch / "gunicorn.log"
    # Bound here and handed over, so the port is free and requests wait in its backlog until gunicorn
    # answers.
    with socket.create_server(("127.0.0.1", 0)) as listening, log.open("wb") as stderr:
        process = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"fd://{listening.fileno()}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=[listening.fileno()],
        )
        port = listening.getsockname()[1]
    try:
        try:
            status, _, _ = get(port, "/healthz", timeout=60)
        except OSError as error:
            raise AssertionError(f"gunicorn stopped ({error}):\n{log.read_text()}") from None
        assert status == 200, log.read_text()
        yield App(port, log)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def proxy(app, tmp_path_factory):
    """nginx with deploy/nginx.conf, on two free ports for HTTP and HTTPS, in front of `app`."""
    if NGINX is None:
        pytest.fail("nginx is missing: apt-get install nginx (make test installs it).")
    prefix = tmp_path_factory.mktemp("nginx")
    certificate, key = make_certificate(prefix)
    main_config = prefix / "nginx.conf"
    main_config.write_text(
        NGINX_MAIN_CONFIG.format(
            prefix=prefix,
            # Started by root, nginx would run its workers as `nobody`, who cannot use `prefix`.
            user="user root;" if os.geteuid() == 0 else "",
        )
    )
    for _ in range(3):  # the ports are free, unless another process takes one before nginx does
        http_port, https_port = free_ports(2)
        (prefix / "newsroom.conf").write_text(
            site_config(
                upstream=app.port,
                http_port=http_port,
                https_port=https_port,
                certificate=certificate,
                key=key,
            )
        )
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(main_config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if wait_until_up(process, http_port):
                yield Proxy(http_port, https_port, ssl.create_default_context(cafile=certificate))
                return
        finally:
            stop(process)
    pytest.fail(f"nginx did not start:\n{(prefix / 'error.log').read_text()}")


def site_config(*, upstream, http_port, https_port, certificate, key):
    """deploy/nginx.conf with its placeholders filled in, listening on the loopback ports given."""
    text = SITE_CONFIG.read_text()
    replacements = {
        "NEWSROOM_UPSTREAM": f"127.0.0.1:{upstream}",
        "NEWSROOM_SERVER_NAME": SERVER_NAME,
        "NEWSROOM_TLS_CERTIFICATE": str(certificate),
        "NEWSROOM_TLS_KEY": str(key),
        "listen 80": f"listen 127.0.0.1:{http_port}",
        "listen 443": f"listen 127.0.0.1:{https_port}",
    }
    for placeholder, value in replacements.items():
        assert placeholder in text, f"{placeholder} is not in {SITE_CONFIG}"
        text = text.replace(placeholder, value)
    # IPv4 only: a test machine may have no IPv6.
    lines = [line for line in text.splitlines() if not line.strip().startswith("listen [::]:")]
    return "\n".join(lines) + "\n"


def make_certificate(folder):
    """A self-signed certificate for SERVER_NAME and its key, valid for a day."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    if shutil.which("openssl") is None:
        pytest.fail("openssl is missing: apt-get install openssl (make test installs it).")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", f"/CN={SERVER_NAME}", "-addext", f"subjectAltName=DNS:{SERVER_NAME}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def free_ports(count):
    sockets = [socket.create_server(("127.0.0.1", 0)) for _ in range(count)]
    ports = [server.getsockname()[1] for server in sockets]
    for server in sockets:
        server.close()
    return ports


def wait_until_up(process, port):
    """Whether nginx answers on `port` (False once it has stopped, as it does if the port was taken)."""
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        try:
            return get(port, "/healthz")[0] == 200
        except ConnectionRefusedError:
            time.sleep(0.05)
    return False


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class SiteHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1, naming the site for its certificate as a browser would (SNI)."""

    def __init__(self, port, tls, timeout):
        super().__init__(SERVER_NAME, port, timeout=timeout)
        self.tls = tls

    def connect(self):
        self.sock = self.tls.wrap_socket(
            socket.create_connection(("127.0.0.1", self.port), self.timeout), server_hostname=SERVER_NAME
        )


def get(port, path, *, tls=None, method="GET", headers=None, body=None, timeout=5):
    """Status, headers and text of a request to the site on `port`, over HTTPS given a `tls` context."""
    if tls:
        connection = SiteHTTPSConnection(port, tls, timeout)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": SERVER_NAME, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def seconds_to_answer(port, path, *, tls=None, timeout=5):
    """How long a request waits for its 200, or `timeout` if it has none by then."""
    started = time.monotonic()
    try:
        status, _, _ = get(port, path, tls=tls, timeout=timeout)
    except TimeoutError:
        return timeout
    assert status == 200, path
    return time.monotonic() - started


@contextmanager
def stalled_clients(port):
    """STALLED_CLIENTS connections to `port`, each sending the start of a request and never the rest."""
    starts = [b"GET / HTT", f"GET / HTTP/1.1\r\nHost: {SERVER_NAME}\r\nAccept: text/".encode()]
    with ExitStack() as clients:
        for number in range(STALLED_CLIENTS):
            client = clients.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
            client.sendall(starts[number % 2])
        yield


def test_clients_that_never_finish_a_request_stall_gunicorn_but_not_nginx(app, proxy):
    # Each worker's first page loads the templates: as many requests at once as there are workers,
    # before the clock starts.
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda _: get(proxy.https_port, "/", tls=proxy.tls), range(WORKERS)))
    with stalled_clients(proxy.http_port):
        through_nginx = {
            "/": seconds_to_answer(proxy.https_port, "/", tls=proxy.tls),
            "/healthz": seconds_to_answer(proxy.http_port, "/healthz"),
        }
    unhindered = seconds_to_answer(app.port, "/healthz")
    with stalled_clients(app.port):
        stalled = seconds_to_answer(app.port, "/healthz", timeout=3)

    assert through_nginx["/"] < 1 and through_nginx["/healthz"] < 1, through_nginx
    assert unhindered < 1
    assert stalled > 1, f"{STALLED_CLIENTS} stalled clients did not hold up {WORKERS} gunicorn workers"


def test_the_app_sees_https_when_the_client_used_it(proxy):
    status, _, _ = get(proxy.https_port, "/", tls=proxy.tls)

    assert status == 200


def test_plain_http_is_redirected_whatever_scheme_the_client_claims(proxy):
    status, headers, _ = get(proxy.http_port, "/search/?q=x", headers={"X-Forwarded-Proto": "https"})

    assert status == 301
    assert headers["Location"] == f"https://{SERVER_NAME}/search/?q=x"


def test_the_app_logs_the_address_nginx_saw_not_one_the_client_sent(app, proxy):
    path = f"/no-such-page-{secrets.token_hex(4)}/"

    status, _, _ = get(proxy.https_port, path, tls=proxy.tls, headers={"X-Forwarded-For": "203.0.113.9"})

    assert status == 404
    [entry] = [json.loads(line) for line in app.log.read_text().splitlines() if path in line]
    assert entry["client_ip"] == "127.0.0.1"


def test_other_host_names_get_no_answer(proxy):
    with pytest.raises(http.client.RemoteDisconnected):
        get(proxy.http_port, "/healthz", headers={"Host": "127.0.0.1"})


def test_a_body_over_the_app_limit_is_refused_before_it_is_sent(proxy):
    status, _, text = get(
        proxy.https_port,
        "/admin/login/",
        tls=proxy.tls,
        method="POST",
        headers={"Content-Length": str(settings.MAX_REQUEST_BODY_BYTES + 1)},
    )

    assert status == 413
    assert "Request body too large" not in text  # nginx's answer, not the app's


def test_a_body_at_the_app_limit_is_passed_on(proxy):
    status, _, _ = get(
        proxy.https_port,
        "/admin/login/",
        tls=proxy.tls,
        method="POST",
        body=b"x" * settings.MAX_REQUEST_BODY_BYTES,
        headers={"Content-Type": "application/octet-stream"},
    )

    assert status == 403  # the app's refusal of a POST without a CSRF token
