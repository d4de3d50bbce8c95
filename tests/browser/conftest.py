"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import importlib
import os
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from playwright.sync_api import expect, sync_playwright

from tests.browser.helpers import PASSWORD, SLOW_SERVER, press
from tests.site.data import dress_seed

# Playwright's sync API keeps an event loop running in the test thread; the database
# calls the tests make around it are ordinary synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SEED_URL = (
    "/briefs/us-secretary-of-state-blinken-visits-israel-to-reaffirm-us-commitment-and-urge-de-escalation/"
)
# Every kind of public page, as a reader reaches it.
PAGES = {
    "home": "/",
    "brief": SEED_URL,
    "outlet": "/outlets/al-jazeera-english/",
    "person": "/people/antony-blinken/",
    "author": "/people/dana-okafor/",
    "sources": "/sources/",
    "search": "/search/?q=ironclad",
    "corrections": "/corrections/",
    "404": "/no-such-page/",
}


# The live server shares two cores with the test run and Chromium; a busy machine is not a failure.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server, seed_article):
    """The live site holding the dressed seed brief."""
    return {"article": seed_article, **dress_seed(seed_article)}


@pytest.fixture
def open_page(browser, live_server, site):
    """open_page(path, width=1280, **context options) -> a Playwright page showing it."""
    contexts = []

    def open_(path, width=1280, **options):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, reduced_motion="reduce", **options
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def staff(transactional_db):
    """Two editors ("editor" and "colleague"), a reviewer and a publisher who sign in with a password,
    in the migration's groups."""
    # Transactional tests empty the database after them; put back the groups the migration made.
    importlib.import_module("editorial.migrations.0002_roles").create_roles(apps, schema_editor=None)
    people = {}
    for username, group in [
        ("editor", "Editor"),
        ("colleague", "Editor"),
        ("reviewer", "Reviewer"),
        ("publisher", "Publisher"),
    ]:
        user = get_user_model().objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    return people


class RequestsInFlight:
    """Counts the requests the live server is answering, so that a test can wait until it has none."""

    def __init__(self):
        self.count = 0
        self.idle = threading.Condition()

    def started(self, **kwargs):
        with self.idle:
            self.count += 1

    def finished(self, **kwargs):
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def wait_until_idle(self, timeout):
        with self.idle:
            assert self.idle.wait_for(lambda: self.count <= 0, timeout), "the live server is still busy"


@pytest.fixture
def sign_in(browser, live_server):
    """sign_in(username, **context_options) -> a page of a browser context of its own (1280 × 1000
    unless `viewport` or other Playwright context options say otherwise), signed in to the admin.

    Afterwards the contexts are closed and the live server's last answers (a page's goodbye
    beacon, say) awaited, so that the test's database is emptied with nobody writing to it.
    """
    contexts = []
    in_flight = RequestsInFlight()
    request_started.connect(in_flight.started)
    request_finished.connect(in_flight.finished)

    def open_as(username, **context_options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 1000}, **context_options})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        press(page, page.locator("input[type=submit]"))
        expect(page.locator("#user-tools")).to_contain_text(username)
        return page

    yield open_as
    for context in contexts:
        context.close()
    try:
        in_flight.wait_until_idle(SLOW_SERVER / 1000)
    finally:
        request_started.disconnect(in_flight.started)
        request_finished.disconnect(in_flight.finished)
