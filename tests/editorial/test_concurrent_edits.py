"""Two people edit one brief: their saves merge, a part both changed goes to the merge screen, and
nothing is lost or silently reverted, however often Save is pressed.

And while someone has the brief open, others see "being edited by X since …".
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from editorial.briefdiff import BriefSnapshot
from editorial.models import EditingSession, RefusedEdit
from editorial.snapshots import versions_of_article
from tests.builders import make_article, make_person, make_source, make_staff

from .helpers import admin_url, change_url, form_data, heartbeat, messages_of, open_brief

pytestmark = pytest.mark.django_db

FIRST = "The bridge reopened on Monday.[0]\n\nTraffic was light.[0]"


@pytest.fixture
def two_editors(people):
    """Two signed-in editors, each with their own browser."""
    alice, bob = (
        make_staff("alice", "Editor", first_name="Alice"),
        make_staff("bob", "Editor", first_name="Bob"),
    )
    browsers = []
    for user in (alice, bob):
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    return browsers


@pytest.fixture
def brief():
    return make_article(headline="Bridge reopens", body=FIRST, status=Article.Status.DRAFT)


def save(browser, article, form, **changes):
    return browser.post(change_url(article), {**form, **changes, "_save": "Save"})


def test_changes_to_different_paragraphs_merge(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    assert save(alice, brief, alices_form, body=FIRST.replace("Monday", "Tuesday")).status_code == 302

    response = save(bob, brief, bobs_form, body=FIRST.replace("light", "heavy"))

    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.body == "The bridge reopened on Tuesday.[0]\n\nTraffic was heavy.[0]"
    (told,) = [text for text in messages_of(bob.get(response.url)) if text.startswith("Merged")]
    assert told.startswith("Merged with the changes Alice (")
    assert told.endswith(" saved after you opened the brief (Body, paragraph 1).")
    assert not RefusedEdit.objects.exists()


def test_changes_to_fields_references_bylines_and_speakers_merge(two_editors, parse_html, people):
    alice, bob = two_editors
    brief = make_article(body="Kim Lo said “soon”.[0]", status=Article.Status.DRAFT)
    writer, kim, extra = make_person(full_name="Sam Writer"), make_person(full_name="Kim Lo"), make_source()
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, standfirst="Soon.", **{"quotes-0-speaker": kim.pk})

    response = save(
        bob,
        brief,
        bobs_form,
        headline="Kim Lo speaks",
        **{"bylines-TOTAL_FORMS": "1", "bylines-0-person": writer.pk, "bylines-0-position": "0"},
        **{"citations-1-key": "1", "citations-1-source": extra.pk},
    )

    assert response.status_code == 302
    brief.refresh_from_db()
    assert (brief.headline, brief.standfirst) == ("Kim Lo speaks", "Soon.")
    assert [b.person for b in brief.bylines.all()] == [writer]
    assert {c.key: c.source for c in brief.citations.all()}[1] == extra
    assert brief.quotes.get().speaker == kim


def test_a_new_address_merges_with_a_new_standfirst(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, standfirst="Open again.")

    assert save(bob, brief, bobs_form, slug="bridge-reopens-on-tuesday").status_code == 302

    brief.refresh_from_db()
    assert (brief.slug, brief.standfirst) == ("bridge-reopens-on-tuesday", "Open again.")


def test_the_same_paragraph_changed_twice_shows_the_merge_screen(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, body=FIRST.replace("Monday", "Tuesday"))

    response = save(bob, brief, bobs_form, body=FIRST.replace("Monday", "Wednesday"), standfirst="Bob's.")

    assert response.status_code == 200
    brief.refresh_from_db()
    assert (brief.body, brief.standfirst) == (FIRST.replace("Monday", "Tuesday"), "")
    page = parse_html(response)
    (conflict,) = page.find_all("fieldset", class_="module merge-conflict")
    assert conflict.find("h2").text == "Body, paragraph 1"
    theirs, mine = (
        conflict.find("div", class_="merge-side merge-theirs"),
        conflict.find("div", class_="merge-side merge-mine"),
    )
    assert (theirs.find("del").text, theirs.find("ins").text) == ("Monday", "Tuesday")
    assert (mine.find("del").text, mine.find("ins").text) == ("Monday", "Wednesday")
    submitted = BriefSnapshot.from_json(RefusedEdit.objects.get(article=brief).submitted)
    assert (submitted.body, submitted.standfirst) == (FIRST.replace("Monday", "Wednesday"), "Bob's.")


@pytest.mark.parametrize(("choice", "kept"), [("theirs", "Tuesday"), ("mine", "Wednesday")])
def test_the_choice_on_the_merge_screen_is_saved_with_everything_else(
    two_editors, brief, parse_html, choice, kept
):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, body=FIRST.replace("Monday", "Tuesday"))
    screen = save(bob, brief, bobs_form, body=FIRST.replace("Monday", "Wednesday"), standfirst="Bob's.")

    choices = form_data(parse_html(screen).find("form", id="merge-form"))
    response = bob.post(change_url(brief), {**choices, "merge-body-0": choice})

    assert response.status_code == 302
    brief.refresh_from_db()
    assert (brief.body, brief.standfirst) == (FIRST.replace("Monday", kept), "Bob's.")
    comment = versions_of_article(brief.pk).first().revision.get_comment()
    assert "Merged with the changes Alice (" in comment


def test_the_merge_screen_asks_again_when_the_brief_changed_meanwhile(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, body=FIRST.replace("Monday", "Tuesday"))
    screen = save(bob, brief, bobs_form, body=FIRST.replace("Monday", "Wednesday"))
    save(alice, brief, open_brief(alice, parse_html, brief), body=FIRST.replace("Monday", "Thursday"))

    choices = form_data(parse_html(screen).find("form", id="merge-form"))
    response = bob.post(change_url(brief), {**choices, "merge-body-0": "mine"})

    assert response.status_code == 200
    assert "saved again while you were choosing" in parse_html(response).find(id="merge-changed-again").text
    brief.refresh_from_db()
    assert brief.body == FIRST.replace("Monday", "Thursday")
    assert RefusedEdit.objects.count() == 1


def test_saving_again_never_reverts_the_other_change(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, standfirst="31 to 11.")

    for _ in range(3):
        assert save(bob, brief, bobs_form, body=FIRST.replace("light", "heavy")).status_code == 302

    brief.refresh_from_db()
    assert (brief.standfirst, brief.body) == ("31 to 11.", FIRST.replace("light", "heavy"))


def test_saving_again_from_the_merge_screen_never_reverts_the_other_change(two_editors, brief, parse_html):
    """The form keeps the version it was opened at: pressing Save again brings back the merge screen."""
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, body=FIRST.replace("Monday", "Tuesday"))

    for _ in range(3):
        response = save(bob, brief, bobs_form, body=FIRST.replace("Monday", "Wednesday"))
        assert response.status_code == 200

    brief.refresh_from_db()
    assert brief.body == FIRST.replace("Monday", "Tuesday")
    assert RefusedEdit.objects.count() == 3


def test_the_refused_edit_is_listed_and_can_be_read(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    save(alice, brief, alices_form, body=FIRST.replace("light", "calm"))
    save(bob, brief, bobs_form, body=FIRST.replace("light", "heavy"))

    link = parse_html(alice.get(change_url(brief))).find("div", class_="refused-edits").find("a")
    page = parse_html(alice.get(link.attrs["href"]))

    assert link.text.startswith("bob, ")
    their_changes = page.find_all("div", class_="brief-diff")[0]
    assert (their_changes.find("del").text, their_changes.find("ins").text) == ("light", "heavy")


def test_a_form_without_its_opened_version_is_refused_but_kept(login, brief, parse_html):
    client = login("editor")
    data = open_brief(client, parse_html, brief)
    del data["opened_version"]

    response = client.post(change_url(brief), {**data, "standfirst": "Lost?", "_save": "Save"})

    assert response.status_code == 200
    brief.refresh_from_db()
    assert brief.standfirst == ""
    assert BriefSnapshot.from_json(RefusedEdit.objects.get().submitted).standfirst == "Lost?"


def test_unchanged_brief_saves_normally(login, brief, parse_html):
    client = login("editor")
    data = open_brief(client, parse_html, brief)

    response = client.post(change_url(brief), {**data, "standfirst": "Fine.", "_save": "Save"})

    assert response.status_code == 302
    assert not RefusedEdit.objects.exists()


# "Being edited by X since …"


def test_others_see_who_has_the_brief_open_and_since_when(two_editors, brief, parse_html):
    alice, bob = two_editors
    heartbeat(alice, brief)
    opened = EditingSession.objects.get().opened_at

    page = parse_html(bob.get(change_url(brief)))

    (notice,) = page.find("ul", id="editing-others").find_all("li")
    assert notice.text == f"Being edited by Alice since {timezone.localtime(opened):%-d %b %Y %H:%M}"


def test_you_do_not_see_yourself(two_editors, brief, parse_html):
    alice, _ = two_editors

    heartbeat(alice, brief)

    assert parse_html(alice.get(change_url(brief))).find("ul", id="editing-others").find_all("li") == []


def test_the_heartbeat_keeps_the_session_and_lists_the_others(two_editors, brief):
    alice, bob = two_editors
    heartbeat(alice, brief)
    EditingSession.objects.update(last_seen=timezone.now() - timedelta(seconds=50))

    response = bob.post(admin_url("articles_article_presence", brief.pk))

    assert response.status_code == 200
    assert [other["name"] for other in response.json()["others"]] == ["Alice"]
    assert EditingSession.objects.filter(user__username="bob").exists()


def test_someone_gone_quiet_is_no_longer_shown(two_editors, brief, parse_html):
    alice, bob = two_editors
    heartbeat(alice, brief)
    EditingSession.objects.update(last_seen=timezone.now() - timedelta(minutes=5))

    assert parse_html(bob.get(change_url(brief))).find("ul", id="editing-others").find_all("li") == []


def test_saving_or_leaving_ends_the_session(two_editors, brief, parse_html):
    alice, bob = two_editors
    data = open_brief(alice, parse_html, brief)
    heartbeat(bob, brief)

    alice.post(change_url(brief), {**data, "_save": "Save"})
    bob.post(admin_url("articles_article_presence_close", brief.pk))

    assert not EditingSession.objects.exists()


def test_saving_and_continuing_keeps_the_time_the_brief_was_opened(two_editors, brief, parse_html):
    alice, _ = two_editors
    data = open_brief(alice, parse_html, brief)
    EditingSession.objects.update(opened_at=timezone.now() - timedelta(minutes=10))

    alice.post(change_url(brief), {**data, "_continue": "Save and continue editing"}, follow=True)

    assert EditingSession.objects.get().opened_at < timezone.now() - timedelta(minutes=9)


def test_opening_the_form_records_nobody_until_its_script_says_so(two_editors, brief):
    """Opening a page writes nothing: the form's script reports presence by POST as it loads."""
    alice, _ = two_editors

    alice.get(change_url(brief))

    assert not EditingSession.objects.exists()


def test_readers_of_the_brief_are_not_editing_it(login, brief, parse_html):
    login("reviewer").get(change_url(brief))

    assert not EditingSession.objects.exists()
    assert login("reviewer").post(admin_url("articles_article_presence", brief.pk)).status_code == 403


def test_the_change_form_loads_the_heartbeat_script_from_this_site(login, brief, parse_html):
    page = parse_html(login("editor").get(change_url(brief)))

    scripts = [script.attrs.get("src", "") for script in page.find_all("script")]
    assert "/static/editorial/presence.js" in scripts
    assert all(script.attrs.get("src") for script in page.find_all("script") if script.text.strip())
    presence = page.find("div", id="editing-presence")
    assert presence.attrs["data-refresh-url"] == admin_url("articles_article_presence", brief.pk)


def test_presence_is_per_brief(two_editors, brief):
    alice, _ = two_editors
    other = make_article(status=Article.Status.DRAFT)

    heartbeat(alice, brief)
    heartbeat(alice, other)

    assert EditingSession.objects.filter(user__username="alice").count() == 2


def test_the_heartbeat_tells_an_open_form_who_saved_the_brief_and_what_changed(
    two_editors, brief, parse_html
):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    url = admin_url("articles_article_presence", brief.pk)
    assert bob.post(url, {"opened_version": bobs_form["opened_version"]}).json()["changed"] is None
    save(alice, brief, alices_form, body=FIRST.replace("light", "heavy"), standfirst="New.")

    changed = bob.post(url, {"opened_version": bobs_form["opened_version"]}).json()["changed"]

    assert changed["by"].startswith("Alice (")
    assert changed["parts"] == ["Standfirst", "Body, paragraph 2"]


def test_the_change_form_has_the_notice_the_heartbeat_fills(login, brief, parse_html):
    notice = parse_html(login("editor").get(change_url(brief))).find("ul", id="brief-changed")

    assert "hidden" in notice.attrs
    assert notice.find("span", class_="changed-by").text == ""


def test_the_change_form_loads_the_script_that_keeps_unsaved_text(login, brief, parse_html):
    page = parse_html(login("editor").get(change_url(brief)))

    assert "/static/editorial/unsaved.js" in [
        script.attrs.get("src", "") for script in page.find_all("script")
    ]
    notice = page.find("div", id="unsaved-text")
    assert "hidden" in notice.attrs
    assert [button.text for button in notice.find_all("button")] == ["Restore it", "Discard it"]
