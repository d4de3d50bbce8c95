"""Changes to a live brief are kept apart from it until someone allowed to publish publishes them.

Readers keep the published version everywhere meanwhile (tests/site/test_access_matrix.py checks
every public address); these tests follow the change form, publishing and discarding.
"""

import pytest

from articles.models import Article
from editorial.models import LiveBriefChanges, Transition
from editorial.services import live_changes_start, pending_changes
from editorial.snapshots import versions_of_article
from review.models import GateOverride
from review.services import attribution_sign_off
from tests.builders import make_article

from .helpers import admin_url, change_url, form_data, messages_of, open_brief

pytestmark = pytest.mark.django_db

BODY = "The council voted 31 to 12 for the budget.[0]\n\nIt now goes to the assembly.[0]"
FIXED = BODY.replace("31 to 12", "31 to 11")


@pytest.fixture
def live_brief(people):
    """A published brief whose attribution a reviewer signed off."""
    article = make_article(headline="Council passes the budget", body=BODY)
    attribution_sign_off(article=article, user=people["reviewer"])
    return article


def save(client, article, form, **changes):
    return client.post(change_url(article), {**form, **changes, "_save": "Save"})


def edit_live(client, parse_html, article, **changes):
    """Save the live brief's change form with `changes`; the changes it now has pending."""
    response = save(client, article, open_brief(client, parse_html, article), **changes)
    assert response.status_code == 302, response
    return pending_changes(article)


def test_saving_a_live_brief_keeps_the_live_version_and_stores_the_changes(
    login, live_brief, parse_html, client
):
    editor = login("editor")
    response = save(editor, live_brief, open_brief(editor, parse_html, live_brief), body=FIXED)

    live_brief.refresh_from_db()
    changes = pending_changes(live_brief)
    assert live_brief.body == BODY
    assert changes.draft.body == FIXED
    assert changes.draft.status == Article.Status.DRAFT
    assert changes.started_by.username == "editor-user"
    assert any(
        text.startswith("Saved as changes to the live brief")
        for text in messages_of(editor.get(response.url))
    )
    client.logout()
    assert "31 to 12" in client.get(live_brief.get_absolute_url()).content.decode()


def test_the_live_brief_keeps_its_sign_off_while_changes_wait(login, live_brief, parse_html, client, commit):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)
    commit()

    client.logout()
    page = parse_html(client.get(live_brief.get_absolute_url()))
    assert "Attribution reviewed" in page.find("article").text


def test_saving_without_changes_starts_nothing(login, live_brief, parse_html):
    editor = login("editor")

    assert save(editor, live_brief, open_brief(editor, parse_html, live_brief)).status_code == 302

    assert not LiveBriefChanges.objects.exists()


def test_the_change_form_says_what_is_live_and_shows_the_difference(login, live_brief, parse_html):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    page = parse_html(login("publisher").get(change_url(live_brief)))

    panel = page.find("fieldset", id="live-changes")
    assert panel.find("h2").text == "This brief is live, with changes not yet published"
    changed = panel.find("p", class_="diff-paragraph diff-changed")
    assert (changed.find("del").text, changed.find("ins").text) == ("12", "11")
    assert "Address (slug)" not in panel.text
    buttons = [button.text for button in page.find("fieldset", id="live-changes-actions").find_all("button")]
    assert buttons == ["Publish changes", "Discard changes"]


def test_a_live_brief_without_changes_tells_editors_a_save_is_kept_apart(login, live_brief, parse_html):
    notice = parse_html(login("editor").get(change_url(live_brief))).find("ul", id="live-notice")

    assert notice.text.startswith("This brief is live. Saving stores your changes apart from it")


def test_a_second_save_from_the_live_form_merges_into_the_changes(login, live_brief, parse_html, client):
    editor = login("editor")
    stale_form = open_brief(editor, parse_html, live_brief)
    edit_live(editor, parse_html, live_brief, body=FIXED)

    response = save(editor, live_brief, stale_form, standfirst="A budget at last.")

    assert response.status_code == 302
    draft = pending_changes(live_brief).draft
    assert (draft.body, draft.standfirst) == (FIXED, "A budget at last.")
    assert LiveBriefChanges.objects.count() == 1


def test_the_changes_are_edited_on_a_form_of_their_own(login, live_brief, parse_html):
    editor = login("editor")
    draft = edit_live(editor, parse_html, live_brief, body=FIXED).draft

    page = parse_html(editor.get(change_url(draft)))

    panel = page.find("fieldset", id="live-changes")
    assert panel.find("h2").text == "Changes to a live brief, not published"
    assert page.find("textarea", name="body").text.strip() == FIXED
    assert page.find_all("input", name="slug") == []  # a live brief keeps its address
    assert (
        save(editor, draft, form_data(page.find("form", id="article_form")), standfirst="S.").status_code
        == 302
    )


def test_a_publisher_publishes_the_changes_in_one_step(login, live_brief, parse_html, people):
    changes = edit_live(login("editor"), parse_html, live_brief, body=FIXED)
    attribution_sign_off(article=changes.draft, user=people["reviewer"])
    publisher = login("publisher")

    response = publisher.post(admin_url("articles_article_changes_publish", live_brief.pk))

    assert response.status_code == 302
    live_brief.refresh_from_db()
    changes.refresh_from_db()
    assert live_brief.body == FIXED
    assert (changes.status, changes.decided_by, changes.draft) == ("published", people["publisher"], None)
    assert changes.changes["body"] == FIXED
    assert not Article.objects.filter(slug__endswith=f"-changes-{live_brief.pk}").exists()
    assert (
        versions_of_article(live_brief.pk).first().revision.get_comment()
        == "Published the changes of editor-user."
    )


def test_published_changes_keep_the_sign_off_of_the_reviewed_words(
    login, live_brief, parse_html, people, client
):
    changes = edit_live(login("editor"), parse_html, live_brief, body=FIXED)
    attribution_sign_off(article=changes.draft, user=people["reviewer"])

    login("publisher").post(admin_url("articles_article_changes_publish", live_brief.pk))

    client.logout()
    page = parse_html(client.get(live_brief.get_absolute_url()))
    assert "Attribution reviewed" in page.find("article").text


def test_changes_not_signed_off_are_refused_by_the_gate(login, live_brief, parse_html):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)
    publisher = login("publisher")

    response = publisher.post(admin_url("articles_article_changes_publish", live_brief.pk), follow=True)

    live_brief.refresh_from_db()
    assert live_brief.body == BODY
    assert any(text.startswith("The attribution gate objects:") for text in messages_of(response))
    assert pending_changes(live_brief) is not None


def test_a_publisher_overrides_the_gate_for_changes_with_a_reason(login, live_brief, parse_html):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    login("publisher").post(
        admin_url("articles_article_changes_publish", live_brief.pk),
        {"changes_override_reason": "The figure is in the council minutes."},
    )

    live_brief.refresh_from_db()
    assert live_brief.body == FIXED
    assert GateOverride.objects.get(article=live_brief).reason == "The figure is in the council minutes."
    assert (
        versions_of_article(live_brief.pk)
        .first()
        .revision.get_comment()
        .endswith("Attribution gate overridden: The figure is in the council minutes.")
    )


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_publishers_publish_changes(login, live_brief, parse_html, role):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    login(role).post(admin_url("articles_article_changes_publish", live_brief.pk))

    live_brief.refresh_from_db()
    assert live_brief.body == BODY


def test_the_draft_of_changes_cannot_be_published_as_a_brief_of_its_own(
    login, live_brief, parse_html, people
):
    draft = edit_live(login("editor"), parse_html, live_brief, body=FIXED).draft
    login("editor").post(
        admin_url("articles_article_change", draft.pk),
        {**open_brief(login("editor"), parse_html, draft), "_transition": "submit"},
    )
    publisher = login("publisher")

    page = parse_html(publisher.get(change_url(draft)))
    publisher.post(change_url(draft), {"_transition": "publish"})

    assert [b.text for b in page.find_all("button", value="publish")] == []
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_discarding_the_changes_is_recorded(login, live_brief, parse_html, people):
    changes = edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    response = login("editor").post(admin_url("articles_article_changes_discard", changes.draft_id))

    assert response.status_code == 302
    changes.refresh_from_db()
    live_brief.refresh_from_db()
    assert (changes.status, changes.decided_by, changes.changes["body"]) == (
        "discarded",
        people["editor"],
        FIXED,
    )
    assert live_brief.body == BODY
    assert pending_changes(live_brief) is None


def test_corrections_and_steps_still_act_on_the_live_brief(login, live_brief, parse_html):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)
    publisher = login("publisher")
    data = open_brief(publisher, parse_html, live_brief)

    publisher.post(
        change_url(live_brief),
        {**data, "_correct": "1", "correction-kind": "correction", "correction-text": "It was 31 to 11."},
    )

    assert live_brief.corrections.get().text == "It was 31 to 11."


def test_a_senior_editor_who_also_publishes_saves_to_the_changes_and_unpublishes_the_live_brief(
    login, live_brief, parse_html
):
    superuser = login("superuser")
    data = open_brief(superuser, parse_html, live_brief)

    superuser.post(change_url(live_brief), {**data, "body": FIXED, "_transition": "unpublish"})

    live_brief.refresh_from_db()
    assert (live_brief.status, live_brief.body) == (Article.Status.UNPUBLISHED, BODY)
    assert pending_changes(live_brief).draft.body == FIXED
    assert Transition.objects.filter(article=live_brief, to_status="unpublished").exists()


def test_staff_preview_the_changes_at_the_briefs_address(login, live_brief, parse_html, client):
    edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    preview = login("reviewer").get(live_brief.get_absolute_url() + "?changes")
    client.logout()
    for_readers = client.get(live_brief.get_absolute_url() + "?changes")

    assert "31 to 11" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"
    assert "31 to 11" not in for_readers.content.decode()
    assert "31 to 12" in for_readers.content.decode()


def test_starting_changes_twice_gives_the_same_changes(people, live_brief):
    first, started = live_changes_start(article=live_brief, user=people["editor"])
    again, started_again = live_changes_start(article=live_brief, user=people["editor"])

    assert (first.pk, started, started_again) == (again.pk, True, False)


def test_deleting_the_live_brief_discards_its_changes(login, live_brief, parse_html, people):
    changes = edit_live(login("editor"), parse_html, live_brief, body=FIXED)

    login("superuser").post(admin_url("articles_article_delete", live_brief.pk), {"post": "yes"})

    changes.refresh_from_db()
    assert (changes.status, changes.decided_by) == ("discarded", people["superuser"])
    assert not Article.objects.exists()
