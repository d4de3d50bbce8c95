"""Changes to a live brief in a browser: an editor's save leaves the live page alone, the publisher
sees what would change and publishes it with one button, and only then do readers see it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.helpers import press
from tests.builders import make_article

BODY = "The council voted 31 to 12 for the budget.[0]\n\nIt now goes to the assembly.[0]"


@pytest.fixture
def live_brief(staff):
    return make_article(headline="Council passes the budget", body=BODY, status=Article.Status.PUBLISHED)


def test_changes_to_a_live_brief_reach_readers_only_once_published(live_brief, browser, live_server, sign_in):
    reader = browser.new_context().new_page()
    editor = sign_in("editor")
    editor.goto(f"{live_server.url}/admin/articles/article/{live_brief.pk}/change/")
    expect(editor.locator("#live-notice")).to_contain_text("This brief is live.")
    editor.fill("#id_body", BODY.replace("31 to 12", "31 to 11"))
    press(editor, editor.locator("input[name=_continue]"))
    expect(editor.locator("#live-changes h2")).to_have_text("Changes to a live brief, not published")

    reader.goto(live_server.url + live_brief.get_absolute_url())
    expect(reader.locator(".brief-body")).to_contain_text("31 to 12")
    reader.goto(live_server.url + live_brief.get_absolute_url() + "?changes")
    expect(reader.locator(".brief-body")).to_contain_text("31 to 12")

    publisher = sign_in("publisher")
    publisher.goto(f"{live_server.url}/admin/articles/article/{live_brief.pk}/change/")
    expect(publisher.locator("#live-changes ins")).to_have_text("11")
    with publisher.expect_popup() as preview:
        publisher.locator("#preview-changes").click()
    expect(preview.value.locator(".brief-body")).to_contain_text("31 to 11")
    publisher.fill("#id_changes_override_reason", "The figure is in the council minutes.")
    press(publisher, publisher.get_by_role("button", name="Publish changes"))
    expect(publisher.locator(".messagelist .success")).to_contain_text("were published")

    reader.goto(live_server.url + live_brief.get_absolute_url())
    expect(reader.locator(".brief-body")).to_contain_text("31 to 11")
    reader.context.close()
