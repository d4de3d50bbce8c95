"""A brief's history in a browser: one timeline with every kind of entry, and a compare of two saves."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from editorial.services import (
    article_correct,
    article_publish,
    article_submit,
    live_changes_publish,
    live_changes_start,
)
from review.models import GateOverride
from review.services import attribution_sign_off
from tests.browser.helpers import press
from tests.builders import make_article

BODY = "The council voted 31 to 12 for the budget.[0]\n\nIt now goes to the assembly.[0]"
KINDS = ["Saved", "Workflow step", "Sign-off", "Gate overridden", "Correction", "Changes"]


@pytest.fixture
def brief(staff):
    article = make_article(headline="Council passes the budget", body=BODY, status=Article.Status.DRAFT)
    article_submit(article=article, user=staff["editor"])
    attribution_sign_off(article=article, user=staff["reviewer"])
    article_publish(article=article, user=staff["publisher"])
    article_correct(article=article, user=staff["publisher"], kind="correction", text="It was 31 to 11.")
    changes, _ = live_changes_start(article=article, user=staff["editor"])
    changes.draft.body = BODY.replace("31 to 12", "31 to 11")
    changes.draft.save()
    GateOverride.objects.create(article=article, user=staff["publisher"], reason="Minutes checked.")
    live_changes_publish(changes=changes, user=staff["publisher"], override_reason="Minutes checked.")
    return article


def test_the_timeline_holds_every_kind_of_entry(brief, live_server, sign_in):
    reviewer = sign_in("reviewer")
    reviewer.goto(f"{live_server.url}/admin/articles/article/{brief.pk}/history/")

    rows = reviewer.locator("#brief-versions tbody tr")
    for kind in KINDS:
        expect(rows.filter(has=reviewer.get_by_role("cell", name=kind, exact=True)).first).to_be_visible()
    expect(rows.filter(has_text="Changes to the live brief published.")).to_have_count(1)

    press(reviewer, reviewer.get_by_role("button", name="Compare the chosen versions"))
    expect(reviewer.locator(".brief-diff")).to_be_visible()
