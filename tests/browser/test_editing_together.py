"""Two editors on one brief, each in a browser of their own: changes to different paragraphs merge,
the same sentence goes to the merge screen and loses nothing whichever version is kept, and saving
again never reverts the other's change."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from editorial.briefdiff import BriefSnapshot
from editorial.models import RefusedEdit
from editorial.snapshots import snapshot_of_version, versions_of_article
from tests.browser.helpers import press
from tests.builders import make_article

BODY = "The council voted 31 to 12 for the budget.[0]\n\nIt now goes to the assembly.[0]"
FIXED = BODY.replace("31 to 12", "31 to 11")


@pytest.fixture
def brief(staff):
    return make_article(headline="Council passes the budget", body=BODY, status=Article.Status.DRAFT)


@pytest.fixture
def editors(brief, sign_in, live_server):
    """The brief's change form open in two browsers: the editor's and their colleague's."""
    pages = []
    for username in ("editor", "colleague"):
        page = sign_in(username)
        # The colleague's clock is driven by the test, to have the form's heartbeat run at once.
        page.clock.install()
        page.goto(f"{live_server.url}/admin/articles/article/{brief.pk}/change/")
        expect(page.locator("#id_body")).to_have_value(BODY)
        pages.append(page)
    return pages


def test_changes_to_different_paragraphs_merge(editors, brief):
    editor, colleague = editors
    editor.fill("#id_body", FIXED)
    press(editor, editor.locator("input[name=_continue]"))

    colleague.clock.fast_forward("00:31")
    expect(colleague.locator("#brief-changed")).to_be_visible()
    expect(colleague.locator("#brief-changed")).to_contain_text("Body, paragraph 1")
    colleague.fill("#id_body", BODY.replace("assembly", "senate"))
    press(colleague, colleague.locator("input[name=_continue]"))

    expect(colleague.locator(".messagelist .info")).to_contain_text("Merged with the changes editor (")
    expect(colleague.locator("#id_body")).to_have_value(FIXED.replace("assembly", "senate"))
    brief.refresh_from_db()
    assert brief.body == FIXED.replace("assembly", "senate")


def test_saving_again_never_reverts_the_others_change(editors, brief):
    editor, colleague = editors
    editor.fill("#id_body", FIXED)
    press(editor, editor.locator("input[name=_continue]"))
    colleague.fill("#id_standfirst", "A budget at last.")

    for _ in range(3):
        press(colleague, colleague.locator("input[name=_continue]"))

    expect(colleague.locator("#id_body")).to_have_value(FIXED)
    brief.refresh_from_db()
    assert (brief.body, brief.standfirst) == (FIXED, "A budget at last.")


@pytest.mark.parametrize(
    ("label", "kept", "other"), [("Keep theirs", "11", "13"), ("Keep yours", "13", "11")]
)
def test_the_same_sentence_goes_to_the_merge_screen_and_nothing_is_lost(editors, brief, label, kept, other):
    editor, colleague = editors
    editor.fill("#id_body", FIXED)
    press(editor, editor.locator("input[name=_continue]"))
    colleague.fill("#id_body", BODY.replace("31 to 12", "31 to 13"))
    colleague.fill("#id_standfirst", "A budget at last.")
    press(colleague, colleague.locator("input[name=_save]"))

    conflict = colleague.locator("#conflict-body-0")
    expect(conflict.locator(".merge-theirs ins")).to_have_text("11")
    expect(conflict.locator(".merge-mine ins")).to_have_text("13")
    conflict.get_by_label(label).check()
    press(colleague, colleague.get_by_role("button", name="Save with these choices"))

    expect(colleague.locator(".messagelist .info")).to_contain_text("Merged with the changes editor (")
    brief.refresh_from_db()
    assert (brief.body, brief.standfirst) == (BODY.replace("31 to 12", f"31 to {kept}"), "A budget at last.")
    refused = BriefSnapshot.from_json(RefusedEdit.objects.get(article=brief).submitted)
    versions = [snapshot_of_version(version).body for version in versions_of_article(brief.pk)]
    assert BODY.replace("31 to 12", f"31 to {other}") in [refused.body, *versions]
