"""Two gunicorn instances sharing one database and one Redis serve the same, current pages.

An editor saves through one instance's admin; a reader asking the other instance
gets the new version on the very next request. Runs on the database DATABASE_URL
names (PostgreSQL: a scratch database beside it; SQLite: a scratch file).
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from django.conf import settings

from tests.admin_forms import form_data

ROOT = Path(settings.BASE_DIR)
SEED = ROOT / "editorial" / "demo" / "000_310e8c620f15e9ef.txt"
SEED_URL = (
    "/briefs/us-secretary-of-state-blinken-visits-israel-to-reaffirm-us-commitment-and-urge-de-escalation/"
)
PASSWORD = secrets.token_urlsafe(16)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


# The two instances are started once for the module's tests, on one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("scale-out")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A scratch database of the kind DATABASE_URL names, dropped afterwards."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('scale-out') / 'scale-out.sqlite3'}"
        return
    name = f"newsroom_scale_out_{secrets.token_hex(4)}"
    server = urlsplit(configured)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(configured)._replace(path=f"/{name}").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def environment(database_url, redis_url, tmp_path_factory):
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "false",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("scale-out-static")),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CACHE_URL": redis_url,
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }


def manage(environment, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"


@pytest.fixture(scope="module")
def ports(environment, tmp_path_factory):
    """The ports of two gunicorn instances, started after the migration, the seed brief and an editor."""
    manage(environment, "collectstatic", "--no-input")
    manage(environment, "migrate", "--no-input")
    manage(environment, "import_brief", "--publish", str(SEED))
    manage(environment, "createsuperuser", "--no-input", "--username", "editor", "--email", "e@example.org")
    logs = tmp_path_factory.mktemp("gunicorn")
    servers = []
    try:
        for number in range(2):
            # Bound here and handed over, so the port is free and requests wait in its backlog until
            # gunicorn answers. Only gunicorn holds it after: if gunicorn stops, requests are refused.
            with socket.create_server(("127.0.0.1", 0)) as listening:
                log = logs / f"gunicorn-{number}.log"
                with log.open("wb") as stderr:
                    process = subprocess.Popen(
                        [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"fd://{listening.fileno()}"],
                        cwd=ROOT,
                        env=environment,
                        stdout=subprocess.DEVNULL,
                        stderr=stderr,
                        pass_fds=[listening.fileno()],
                    )
                servers.append((process, listening.getsockname()[1], log))
        for _, port, log in servers:
            wait_until_up(port, log)
        yield [port for _, port, _ in servers]
    finally:
        for process, _, _ in servers:
            process.terminate()
        for process, _, _ in servers:
            process.wait(timeout=30)


def wait_until_up(port, log):
    """Wait for the instance's first answer, the request waiting in the socket's backlog meanwhile."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        status = connection.getresponse().status
    except OSError as error:
        raise AssertionError(f"gunicorn on port {port} stopped ({error}):\n{log.read_text()}") from None
    finally:
        connection.close()
    assert status == 200, log.read_text()


@pytest.fixture
def instances(ports, parse_html):
    """A browser for each instance, with no cookies yet."""
    return [Browser(port, parse_html) for port in ports]


class Browser:
    """Plain HTTP to one instance, keeping cookies by hand (production cookies are Secure-only)."""

    def __init__(self, port, parse_html):
        self.port = port
        self.parse_html = parse_html
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            body = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.headers, text

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def log_in(self):
        _, _, page = self.get("/admin/login/")
        fields = form_data(self.parse_html(page).find("form", id="login-form"))
        fields.update(username="editor", password=PASSWORD)
        status, headers, _ = self.request("POST", "/admin/login/?next=/admin/", fields)
        assert status == 302 and headers["Location"] == "/admin/", "login failed"

    def submit_change_form(self, path, **changes):
        status, _, page = self.get(path)
        assert status == 200, path
        model = path.split("/")[3]  # /admin/<app>/<model>/<id>/change/
        fields = form_data(self.parse_html(page).find("form", id=f"{model}_form"))
        fields.update(changes, _save="Save")
        status, _, text = self.request("POST", path, fields)
        assert status == 302, f"the change form was refused: {text[:2000]}"


def admin_change_path(browser, model_path, link_text):
    """The admin change page of the row whose changelist link reads `link_text`."""
    _, _, page = browser.get(f"/admin/{model_path}/")
    marker = f">{link_text}</a>"
    assert marker in page, f"{link_text} not listed in /admin/{model_path}/"
    start = page.rindex('href="', 0, page.index(marker)) + len('href="')
    return page[start : page.index('"', start)]


def test_an_edit_through_one_instance_is_seen_through_the_other_on_the_next_request(instances):
    first, second = instances
    for browser in instances:
        for _ in range(2):  # the second request is served from the shared cache
            status, headers, page = browser.get(SEED_URL)
            assert status == 200
            assert "The Jerusalem Post" in page
    assert headers["ETag"] == first.get(SEED_URL)[1]["ETag"]

    first.log_in()
    first.submit_change_form(
        admin_change_path(first, "sources/outlet", "The Jerusalem Post"), name="The Jerusalem Post (renamed)"
    )

    status, _, page = second.get(SEED_URL)
    assert status == 200
    assert "The Jerusalem Post (renamed)" in page
    status, _, page = second.get("/outlets/the-jerusalem-post/")
    assert "The Jerusalem Post (renamed)" in page


def test_a_correction_added_through_one_instance_shows_on_the_other(instances):
    first, second = instances
    second.get(SEED_URL)
    second.get("/corrections/")

    first.log_in()
    path = admin_change_path(
        first,
        "articles/article",
        "US Secretary of State Blinken Visits Israel to Reaffirm US Commitment and Urge De-Escalation",
    )
    first.submit_change_form(
        path,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-id": "",
            "corrections-0-kind": "correction",
            "corrections-0-published_at_0": "2024-01-31",
            "corrections-0-published_at_1": "09:00:00",
            "corrections-0-text": "An earlier version misnamed the foreign minister.",
        },
    )

    assert "An earlier version misnamed the foreign minister." in second.get(SEED_URL)[2]
    assert "An earlier version misnamed the foreign minister." in second.get("/corrections/")[2]
