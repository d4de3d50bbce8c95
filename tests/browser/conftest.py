"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

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
