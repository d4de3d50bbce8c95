"""Everyone's desk on the admin index: what waits for each person, by role."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.services import article_return_to_draft, article_submit, live_changes_start
from review.services import attribution_sign_off
from tests.builders import make_article

from .helpers import change_url, open_brief

pytestmark = pytest.mark.django_db

Status = Article.Status


def desk(client, parse_html):
    """{section title: [(headline, note)]} from the admin index."""
    page = parse_html(client.get(reverse("admin:index")))
    found = page.find_all("div", id="desk")
    if not found:
        return {}
    return {
        table.find("caption").text: [
            (row.find("a").text, row.find_all("td")[0].text)
            for row in table.find_all("tr")
            if row.find_all("a")
        ]
        for table in found[0].find_all("table")
    }


def test_an_editor_sees_their_drafts_and_briefs_returned_to_them(login, people, parse_html):
    editor = login("editor")
    own = make_article(headline="Own draft", status=Status.DRAFT)
    editor.post(change_url(own), {**open_brief(editor, parse_html, own), "standfirst": "S.", "_save": "Save"})
    make_article(headline="Someone else's draft", status=Status.DRAFT)
    returned = make_article(headline="Sent back", status=Status.DRAFT)
    article_submit(article=returned, user=people["editor"])
    article_return_to_draft(article=returned, user=people["reviewer"], note="Cite the minutes.")

    sections = desk(editor, parse_html)

    assert sorted(sections["Your drafts"]) == [("Own draft", ""), ("Sent back", "")]
    assert sections["Returned to you"] == [("Sent back", "")]
    assert sections["Your changes to live briefs"] == []
    assert "Waiting for review" not in sections


def test_a_reviewer_sees_the_queue_and_live_briefs_changed_after_sign_off(login, people, parse_html, commit):
    make_article(headline="Waiting", status=Status.IN_REVIEW)
    live = make_article(headline="Live and signed off")
    attribution_sign_off(article=live, user=people["reviewer"])
    changed = make_article(headline="Live and changed")
    attribution_sign_off(article=changed, user=people["reviewer"])
    commit()
    Article.objects.filter(pk=changed.pk).update(body="Something else happened.[0]")
    changed.refresh_from_db()
    changed.save()
    changes, _ = live_changes_start(article=live, user=people["editor"])
    article_submit(article=changes.draft, user=people["editor"])
    commit()

    sections = desk(login("reviewer"), parse_html)

    assert sorted(sections["Waiting for review"]) == [
        ("Live and signed off", "changes to a live brief"),
        ("Waiting", ""),
    ]
    assert sections["Live, changed after sign-off"] == [("Live and changed", "changed after sign-off")]
    assert "Your drafts" not in sections


def test_a_publisher_sees_what_is_ready_pending_changes_and_the_schedule(login, people, parse_html, commit):
    ready = make_article(headline="Ready", status=Status.IN_REVIEW)
    attribution_sign_off(article=ready, user=people["reviewer"])
    make_article(headline="Not signed off", status=Status.IN_REVIEW)
    live = make_article(headline="Live with changes")
    live_changes_start(article=live, user=people["editor"])
    make_article(headline="Tomorrow", published_at=timezone.now() + timedelta(days=1))
    commit()

    sections = desk(login("publisher"), parse_html)

    assert sections["Signed off and ready"] == [("Ready", "signed off")]
    assert sections["Pending changes to live briefs"] == [
        ("Live with changes", "changes by editor-user, not signed off")
    ]
    assert [headline for headline, _ in sections["Scheduled"]] == ["Tomorrow"]


def test_staff_in_no_group_have_no_desk(login, parse_html):
    assert desk(login("groupless"), parse_html) == {}


def test_the_desk_costs_the_same_whatever_waits_on_it(login, people):
    client = login("superuser")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    make_article(headline="One", status=Status.IN_REVIEW)
    once = queries()
    for number in range(5):
        make_article(headline=f"More {number}", status=Status.IN_REVIEW)
        live_changes_start(article=make_article(headline=f"Live {number}"), user=people["editor"])

    assert queries() == once
