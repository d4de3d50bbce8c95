"""Nothing typed is lost: what is typed into a brief's form, a new brief's included, comes back after
the tab was closed, and after a save that met an expired session and went through the login."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.helpers import PASSWORD, choose, press
from tests.builders import make_article, make_source

BODY = "The council voted 31 to 12 for the budget.[0]\n\nIt now goes to the assembly.[0]"
TYPED = BODY.replace("assembly", "senate on Friday")


@pytest.fixture
def brief(staff):
    return make_article(headline="Council passes the budget", body=BODY, status=Article.Status.DRAFT)


def change_form(page, live_server, brief):
    page.goto(f"{live_server.url}/admin/articles/article/{brief.pk}/change/")
    expect(page.locator("#id_body")).to_be_visible()


def test_a_closed_tabs_text_comes_back(brief, live_server, sign_in):
    editor = sign_in("editor")
    change_form(editor, live_server, brief)
    expect(editor.locator("#unsaved-text")).to_be_hidden()
    editor.fill("#id_body", TYPED)
    context = editor.context
    editor.close()

    reopened = context.new_page()
    change_form(reopened, live_server, brief)
    expect(reopened.locator("#unsaved-text")).to_be_visible()
    expect(reopened.locator("#id_body")).to_have_value(BODY)
    reopened.get_by_role("button", name="Restore it").click()
    expect(reopened.locator("#id_body")).to_have_value(TYPED)
    press(reopened, reopened.locator("input[name=_continue]"))

    expect(reopened.locator("#unsaved-text")).to_be_hidden()
    brief.refresh_from_db()
    assert brief.body == TYPED


def test_a_save_after_the_session_expired_leads_back_through_the_login_with_the_text(
    brief, live_server, sign_in
):
    editor = sign_in("editor")
    change_form(editor, live_server, brief)
    editor.fill("#id_body", TYPED)
    editor.context.clear_cookies(name="sessionid")  # the session ends; the CSRF cookie stays

    press(editor, editor.locator("input[name=_save]"))
    expect(editor.locator("#id_username")).to_be_visible()
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", PASSWORD)
    press(editor, editor.locator("input[type=submit]"))

    expect(editor.locator("#unsaved-text")).to_be_visible()
    editor.get_by_role("button", name="Restore it").click()
    press(editor, editor.locator("input[name=_save]"))
    brief.refresh_from_db()
    assert brief.body == TYPED


def test_text_that_was_saved_is_not_offered_again(brief, live_server, sign_in):
    editor = sign_in("editor")
    change_form(editor, live_server, brief)
    editor.fill("#id_body", TYPED)
    press(editor, editor.locator("input[name=_save]"))

    change_form(editor, live_server, brief)

    expect(editor.locator("#unsaved-text")).to_be_hidden()
    kept = editor.evaluate("Object.keys(window.localStorage)")
    assert [key for key in kept if key.startswith("newsroom:unsaved:")] == []


def test_a_new_briefs_text_and_reference_rows_come_back_and_go_once_saved(live_server, sign_in, staff):
    make_source(title="Council budget papers")
    make_source(title="Assembly agenda")
    editor = sign_in("editor")
    add_form = f"{live_server.url}/admin/articles/article/add/"
    editor.goto(add_form)
    expect(editor.locator("#unsaved-text")).to_be_hidden()
    editor.fill("#id_headline", "Council passes the budget")
    editor.fill("#id_body", BODY)
    references = editor.locator("#citations-group")
    references.locator("#id_citations-0-key").fill("0")
    choose(editor, references.locator("#citations-0"), "Council budget papers")
    references.locator(".add-row a").click()
    references.locator("#id_citations-1-key").fill("1")
    choose(editor, references.locator("#citations-1"), "Assembly agenda")
    context = editor.context
    editor.close()

    reopened = context.new_page()
    reopened.goto(add_form)
    expect(reopened.locator("#unsaved-text")).to_be_visible()
    reopened.get_by_role("button", name="Restore it").click()
    expect(reopened.locator("#id_headline")).to_have_value("Council passes the budget")
    expect(reopened.locator("#id_body")).to_have_value(BODY)
    expect(reopened.locator("#id_citations-1-key")).to_have_value("1")
    expect(reopened.locator("#citations-1 .select2-selection")).to_contain_text("Assembly agenda")
    press(reopened, reopened.locator("input[name=_save]"))

    brief = Article.objects.get(headline="Council passes the budget")
    assert sorted(brief.citations.values_list("key", "source__title")) == [
        (0, "Council budget papers"),
        (1, "Assembly agenda"),
    ]
    reopened.goto(add_form)
    expect(reopened.locator("#unsaved-text")).to_be_hidden()
    kept = reopened.evaluate("Object.keys(window.localStorage)")
    assert [key for key in kept if key.startswith("newsroom:unsaved:")] == []
