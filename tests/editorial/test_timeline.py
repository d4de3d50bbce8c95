"""The brief's history as one truthful timeline: what each save changed, and every other kind of entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial.models import RefusedEdit
from editorial.services import (
    article_correct,
    article_publish,
    article_submit,
    live_changes_discard,
    live_changes_start,
    refused_edit_record,
)
from editorial.snapshots import snapshot_of_article, versions_of_article
from review.models import WARNING_CODES, AcceptedWarning, GateOverride
from review.services import attribution_sign_off
from tests.builders import make_article, make_person

from .helpers import admin_url, change_url, open_brief

pytestmark = pytest.mark.django_db

BODY = "The bridge reopened on Monday.[0]\n\nKim Lo said “soon”.[0]"


@pytest.fixture
def brief():
    return make_article(headline="Bridge reopens", body=BODY, status=Article.Status.DRAFT)


def last_comment(article):
    return versions_of_article(article.pk).first().revision.get_comment()


def test_a_save_says_what_it_changed_and_not_what_was_only_posted(login, brief, parse_html):
    """A browser posts text with CRLF line ends: the body is stored the same, and no change is claimed."""
    editor = login("editor")
    data = open_brief(editor, parse_html, brief)

    editor.post(
        change_url(brief),
        {**data, "body": BODY.replace("\n", "\r\n"), "standfirst": "Open.", "_save": "Save"},
    )

    assert last_comment(brief) == "Changed: Standfirst."


def test_a_save_without_changes_says_so(login, brief, parse_html):
    editor = login("editor")

    editor.post(change_url(brief), {**open_brief(editor, parse_html, brief), "_save": "Save"})

    assert last_comment(brief) == "Saved with no change to the content."


def test_a_speaker_is_named_with_one_pair_of_quote_marks(login, brief, parse_html):
    editor = login("editor")
    data = open_brief(editor, parse_html, brief)

    editor.post(
        change_url(brief), {**data, "quotes-0-speaker": make_person(full_name="Kim Lo").pk, "_save": "Save"}
    )

    assert last_comment(brief) == "Changed: Speaker of “soon”."


def test_the_timeline_holds_every_kind_of_entry(login, people, brief, parse_html):
    editor, reviewer, publisher = people["editor"], people["reviewer"], people["publisher"]
    client = login("editor")
    client.post(
        change_url(brief), {**open_brief(client, parse_html, brief), "standfirst": "Open.", "_save": "Save"}
    )
    opened = snapshot_of_article(brief)
    refused_edit_record(article=brief, user=editor, opened=opened, submitted=opened)
    article_submit(article=brief, user=editor, note="Ready.")
    attribution_sign_off(article=brief, user=reviewer, note="Sources hold.")
    AcceptedWarning.objects.create(
        article=brief,
        code=sorted(WARNING_CODES)[0],
        text="soon",
        reason="other",
        note="Fine.",
        accepted_by=reviewer,
    )
    GateOverride.objects.create(article=brief, user=publisher, reason="The desk checked it.")
    article_publish(article=brief, user=publisher)
    article_correct(article=brief, user=publisher, kind="correction", text="It reopened on Tuesday.")
    changes, _ = live_changes_start(article=brief, user=editor)
    live_changes_discard(changes=changes, user=publisher)

    page = parse_html(login("reviewer").get(admin_url("articles_article_history", brief.pk)))

    rows = page.find("table", id="brief-versions").find("tbody").find_all("tr")[1:]
    entries = [tuple(cell.text for cell in row.find_all("td")[2:]) for row in rows]
    kinds = {kind for _, kind, _, _ in entries}
    assert kinds == {
        "Saved",
        "Workflow step",
        "Refused edit",
        "Sign-off",
        "Warning accepted",
        "Gate overridden",
        "Correction",
        "Changes",
    }
    assert ("publisher-user", "Changes", "", "Changes to the live brief discarded.") in entries
    assert ("reviewer-user", "Sign-off", "", "Attribution signed off. Note: Sources hold.") in entries
    assert ("editor-user", "Workflow step", "", "Draft → In review. Note: Ready.") in entries
    refused = page.find("tr", class_="timeline-refused-edit").find("a")
    assert refused.attrs["href"] == admin_url(
        "articles_article_refused_edit", brief.pk, RefusedEdit.objects.get().pk
    )


def test_the_history_page_costs_the_same_whatever_the_length_of_the_timeline(
    login, people, brief, parse_html
):
    client = login("editor")

    def add_entries():
        client.post(
            change_url(brief), {**open_brief(client, parse_html, brief), "standfirst": "x", "_save": "Save"}
        )
        opened = snapshot_of_article(brief)
        refused_edit_record(article=brief, user=people["editor"], opened=opened, submitted=opened)
        attribution_sign_off(article=brief, user=people["reviewer"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(admin_url("articles_article_history", brief.pk)).status_code == 200
        return len(captured)

    add_entries()
    once = queries()
    add_entries()
    add_entries()

    assert queries() == once
