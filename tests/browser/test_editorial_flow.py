"""The whole editorial path in a browser: an editor writes and submits a brief, a reviewer signs off
its attribution, a publisher publishes it, and a reader finds it on the home page."""

import threading
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import expect

from articles.models import Article
from editorial.models import EditingSession
from tests.browser.helpers import SLOW_SERVER, choose, press
from tests.builders import make_outlet, make_source

HEADLINE = "Haverly port to reopen after storm repairs"
BODY = (
    "The port of Haverly will reopen on Friday after storm repairs.[0] "
    "Harbour master Lena Ostrova said the docks were “safe for ships again”.[1]"
)


@contextmanager
def answered_by_the_live_server(path_end):
    """Wait, after the block, until the live server has answered a request to a path ending in
    `path_end` that the browser sent in the background (a beacon)."""
    answered = threading.Event()
    handling = threading.local()  # the live server answers each request in a thread of its own

    def started(sender, environ, **kwargs):
        handling.path = environ["PATH_INFO"]

    def finished(sender, **kwargs):
        if getattr(handling, "path", "").endswith(path_end):
            answered.set()

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        yield
        assert answered.wait(SLOW_SERVER / 1000), f"no request to …{path_end} was answered"
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)


@pytest.fixture
def wire_story(transactional_db):
    """A source already in the library: the brief's second reference."""
    return make_source(
        title="Storm damage closes Haverly docks",
        outlet=make_outlet(name="Coastal Wire"),
        url="https://wire.example/haverly-storm",
    )


def test_editor_reviewer_publisher_reader(browser, live_server, staff, wire_story, sign_in):
    editor = sign_in("editor")

    editor.goto(f"{live_server.url}/admin/sources/outlet/add/")
    editor.fill("#id_name", "Harbour Gazette")
    press(editor, editor.locator("input[name=_save]"))
    expect(editor.locator(".messagelist")).to_contain_text("Harbour Gazette")

    editor.goto(f"{live_server.url}/admin/sources/source/add/")
    editor.fill("#id_title", "Haverly port to reopen on Friday")
    choose(editor, editor.locator(".field-outlet"), "Harbour Gazette")
    editor.fill("#id_published_on", "2024-03-01")
    editor.fill("#id_url", "https://gazette.example/haverly-port")
    press(editor, editor.locator("input[name=_save]"))
    expect(editor.locator(".messagelist")).to_contain_text("Haverly port to reopen on Friday")

    editor.goto(f"{live_server.url}/admin/articles/article/add/")
    editor.fill("#id_headline", HEADLINE)
    editor.fill("#id_body", BODY)
    references = editor.locator("#citations-group")
    references.locator("#id_citations-0-key").fill("0")
    choose(editor, references.locator("#citations-0"), "Haverly port to reopen on Friday")
    references.get_by_text("Add another").click()
    references.locator("#id_citations-1-key").fill("1")
    choose(editor, references.locator("#citations-1"), "Storm damage closes Haverly docks")
    press(editor, editor.locator("input[name=_continue]"))
    expect(editor.locator("#quotes-group")).to_contain_text("safe for ships again")

    press(editor, editor.get_by_role("button", name="Save and submit for review"))
    expect(editor.locator("#workflow-state")).to_have_text("In review")
    article = Article.objects.get(headline=HEADLINE)
    assert article.citations.count() == 2
    quote = article.quotes.select_related("speaker").get()
    assert (quote.text, quote.speaker.full_name, quote.speaker_confirmed) == (
        "safe for ships again",
        "Lena Ostrova",
        False,
    )

    reviewer = sign_in("reviewer")
    reviewer.goto(f"{live_server.url}/admin/review/reviewqueueentry/")
    press(reviewer, reviewer.get_by_role("link", name=HEADLINE))
    expect(reviewer.locator("#editing-others")).to_contain_text("Being edited by editor since")
    with answered_by_the_live_server("/presence/close/"):
        editor.goto(f"{live_server.url}/admin/")  # leaving the form ends the editing session
    assert not EditingSession.objects.filter(user=staff["editor"]).exists()
    reviewer.reload()
    expect(reviewer.locator("#editing-others li")).to_have_count(0)
    report = reviewer.locator("#attribution-report")
    expect(report).to_contain_text("2 of 2 sentences")
    # The save offered the quote the speaker the text names, who was added to People.
    expect(report).to_contain_text("0 open warnings")
    expect(reviewer.get_by_role("button", name="Publish")).to_have_count(0)
    press(reviewer, reviewer.get_by_role("button", name="Sign off attribution"))
    expect(reviewer.locator("#attribution-report")).to_contain_text("Signed off")

    publisher = sign_in("publisher")
    publisher.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(publisher.locator(".gate-objections")).to_have_count(0)
    press(publisher, publisher.get_by_role("button", name="Publish", exact=True))
    expect(publisher.locator("#workflow-state")).to_contain_text("Published")

    reader = browser.new_context()
    home = reader.new_page()
    home.goto(f"{live_server.url}/")
    press(home, home.get_by_role("link", name=HEADLINE))
    expect(home.locator("h1")).to_have_text(HEADLINE)
    expect(home.locator(".brief-body")).to_contain_text("safe for ships again")
    expect(home.locator(".preview-banner")).to_have_count(0)
    reader.close()
