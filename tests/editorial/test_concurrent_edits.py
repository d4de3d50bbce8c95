"""Two people edit one brief: the second save is refused, shows what changed, and loses nothing.

And while someone has the brief open, others see "being edited by X since …".
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from editorial.briefdiff import BriefSnapshot
from editorial.models import EditingSession, RefusedEdit
from editorial.snapshots import snapshot_of_version, versions_of_article
from tests.builders import make_article, make_person, make_staff

from .helpers import admin_url, change_url, form_data, heartbeat, open_brief

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


def test_the_second_save_is_refused_and_shows_what_the_first_changed(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form = open_brief(alice, parse_html, brief)
    bobs_form = open_brief(bob, parse_html, brief)
    alices_form["body"] = FIRST.replace("Monday", "Tuesday")
    bobs_form["body"] = FIRST.replace("light", "heavy")
    assert alice.post(change_url(brief), {**alices_form, "_save": "Save"}).status_code == 302

    response = bob.post(change_url(brief), {**bobs_form, "_save": "Save"})

    assert response.status_code == 200
    brief.refresh_from_db()
    assert brief.body == FIRST.replace("Monday", "Tuesday")
    page = parse_html(response)
    errors = page.find("ul", class_="errorlist nonfield")
    assert errors.text.startswith("Not saved: someone else saved this brief after you opened it.")
    conflict = page.find("fieldset", id="editing-conflict")
    assert "Saved meanwhile by alice at " in " ".join(conflict.text.split())
    changed = conflict.find("p", class_="diff-paragraph diff-changed")
    assert (changed.find("del").text, changed.find("ins").text) == ("Monday", "Tuesday")
    assert page.find("textarea", name="body").text.strip() == FIRST.replace("light", "heavy")


def test_neither_version_is_lost(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    alices_form["body"] = FIRST.replace("Monday", "Tuesday")
    bobs_form["body"] = FIRST.replace("light", "heavy")
    bobs_form["headline"] = "Bridge reopens to traffic"
    alice.post(change_url(brief), {**alices_form, "_save": "Save"})

    bob.post(change_url(brief), {**bobs_form, "_save": "Save"})

    refused = RefusedEdit.objects.get(article=brief)
    assert refused.user.username == "bob"
    submitted, opened = BriefSnapshot.from_json(refused.submitted), BriefSnapshot.from_json(refused.opened)
    assert (submitted.headline, submitted.body) == (
        "Bridge reopens to traffic",
        FIRST.replace("light", "heavy"),
    )
    assert opened.body == FIRST
    assert snapshot_of_version(versions_of_article(brief.pk).first()).body == FIRST.replace(
        "Monday", "Tuesday"
    )


def test_the_refused_edit_is_listed_and_can_be_read(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    alices_form["standfirst"] = "Alice's standfirst."
    bobs_form["body"] = FIRST.replace("light", "heavy")
    alice.post(change_url(brief), {**alices_form, "_save": "Save"})
    bob.post(change_url(brief), {**bobs_form, "_save": "Save"})

    link = parse_html(alice.get(change_url(brief))).find("div", class_="refused-edits").find("a")
    page = parse_html(alice.get(link.attrs["href"]))

    assert link.text.startswith("bob, ")
    their_changes = page.find_all("div", class_="brief-diff")[0]
    assert (their_changes.find("del").text, their_changes.find("ins").text) == ("light", "heavy")


def test_saving_again_after_seeing_the_changes_keeps_the_second_version(two_editors, brief, parse_html):
    alice, bob = two_editors
    alices_form, bobs_form = open_brief(alice, parse_html, brief), open_brief(bob, parse_html, brief)
    alices_form["body"] = FIRST.replace("Monday", "Tuesday")
    bobs_form["body"] = FIRST.replace("light", "heavy")
    alice.post(change_url(brief), {**alices_form, "_save": "Save"})
    refused = bob.post(change_url(brief), {**bobs_form, "_save": "Save"})

    again = form_data(parse_html(refused).find("form", id="article_form"))
    response = bob.post(change_url(brief), {**again, "_save": "Save"})

    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.body == FIRST.replace("light", "heavy")
    bodies = [snapshot_of_version(version).body for version in versions_of_article(brief.pk)]
    assert bodies[:2] == [FIRST.replace("light", "heavy"), FIRST.replace("Monday", "Tuesday")]


def test_a_change_to_a_quote_speaker_elsewhere_also_refuses_the_save(two_editors, parse_html, people):
    alice, bob = two_editors
    brief = make_article(body="Kim Lo said “soon”.[0]", status=Article.Status.DRAFT)
    bobs_form = open_brief(bob, parse_html, brief)
    quote = brief.quotes.get()
    quote_url = admin_url("articles_quote_change", quote.pk)
    quote_form = form_data(parse_html(alice.get(quote_url)).find("form", id="quote_form"))
    alice.post(quote_url, {**quote_form, "speaker": make_person(full_name="Kim Lo").pk, "_save": "Save"})

    response = bob.post(change_url(brief), {**bobs_form, "standfirst": "Soon.", "_save": "Save"})

    assert response.status_code == 200
    brief.refresh_from_db()
    assert brief.standfirst == ""
    assert "“soon” — Kim Lo" in parse_html(response).find("fieldset", id="editing-conflict").text


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
