"""Workflow transitions: change form buttons and changelist actions, each recorded and permission-checked."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from editorial.models import Transition
from review.models import GateOverride
from tests.builders import make_article, make_staff

from .helpers import admin_url, change_url, form_data, messages_of, open_brief

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["anonymous", "groupless", "editor", "reviewer", "publisher", "superuser"]

# step: (status the brief starts in, status it moves to, roles that may take it, what the message says)
STEPS = {
    "submit": (Status.DRAFT, Status.IN_REVIEW, {"editor", "superuser"}, "submitted for review"),
    "return_to_draft": (
        Status.IN_REVIEW,
        Status.DRAFT,
        {"editor", "reviewer", "publisher", "superuser"},
        "returned to draft",
    ),
    "publish": (Status.IN_REVIEW, Status.PUBLISHED, {"publisher", "superuser"}, "published"),
    "unpublish": (Status.PUBLISHED, Status.UNPUBLISHED, {"publisher", "superuser"}, "unpublished"),
}


def post_step(client, parse_html, article, step, **fields):
    """Press a workflow button on the change form, as a browser would, with the form as it stands."""
    response = client.get(change_url(article))
    data = {}
    if response.status_code == 200:
        data = open_brief(client, parse_html, article)
    data.update({"_transition": step, **fields})
    return client.post(change_url(article), data)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_change_form_button_takes_the_step_only_for_roles_allowed_to(
    login, people, ready_brief, parse_html, role, step
):
    start, end, allowed, _ = STEPS[step]
    article = ready_brief(status=start)

    response = post_step(login(role), parse_html, article, step, **{"workflow-note": "As agreed."})

    article.refresh_from_db()
    transitions = Transition.objects.filter(article=article)
    if role in allowed:
        assert response.status_code == 302
        assert article.status == end
        (transition,) = transitions
        assert (transition.user, transition.from_status, transition.to_status, transition.note) == (
            people[role],
            start,
            end,
            "As agreed.",
        )
    else:
        assert response.status_code in (200, 302, 403)
        assert article.status == start
        assert not transitions.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_change_form_shows_only_the_buttons_of_the_role(login, ready_brief, parse_html, role):
    article = ready_brief(status=Status.IN_REVIEW)

    page = parse_html(login(role).get(change_url(article)))

    buttons = {button.attrs["value"] for button in page.find_all("button", name="_transition")}
    expected = {
        "editor": {"return_to_draft"},
        "reviewer": {"return_to_draft"},
        "publisher": {"return_to_draft", "publish"},
    }[role]
    assert buttons == expected


def test_enter_in_a_field_takes_no_workflow_step_for_a_publisher(login, ready_brief, parse_html):
    """A browser's Enter presses the form's first submit button; a publisher has no Save button,
    so the first is a disabled one and a workflow step always needs a click."""
    page = parse_html(login("publisher").get(change_url(ready_brief(status=Status.IN_REVIEW))))

    first = next(
        element
        for element in page.find("form", id="article_form").find_all()
        if (element.tag, element.attrs.get("type", "submit" if element.tag == "button" else "text"))
        in (("button", "submit"), ("input", "submit"))
    )
    assert "disabled" in first.attrs
    assert "name" not in first.attrs


def test_editor_sees_save_and_submit_on_a_draft(login, ready_brief, parse_html):
    page = parse_html(login("editor").get(change_url(ready_brief(status=Status.DRAFT))))

    (button,) = page.find_all("button", name="_transition")
    assert button.text.strip() == "Save and submit for review"


ACTIONS = {
    "submit": "submit_selected",
    "return_to_draft": "return_selected_to_draft",
    "publish": "publish_selected",
    "unpublish": "unpublish_selected",
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ["groupless", "editor", "reviewer", "publisher", "superuser"])
def test_changelist_action_takes_the_step_only_for_roles_allowed_to(
    login, ready_brief, parse_html, role, step
):
    start, end, allowed, done = STEPS[step]
    briefs = [ready_brief(status=start), ready_brief(status=start)]
    client = login(role)
    listing = client.get(admin_url("articles_article_changelist"))

    response = client.post(
        admin_url("articles_article_changelist"),
        {"action": ACTIONS[step], "_selected_action": [brief.pk for brief in briefs]},
        follow=True,
    )

    statuses = set(Article.objects.filter(pk__in=[b.pk for b in briefs]).values_list("status", flat=True))
    if role == "groupless":
        assert listing.status_code == response.status_code == 403
    else:
        offered = [
            option.attrs["value"]
            for option in parse_html(listing).find("select", name="action").find_all("option")
        ]
        assert (ACTIONS[step] in offered) == (role in allowed)
    if role in allowed:
        assert statuses == {end}
        assert Transition.objects.filter(to_status=end).count() == 2
        assert f"2 briefs {done}." in messages_of(response)
    else:
        assert statuses == {start}
        assert not Transition.objects.exists()


def test_a_step_from_the_wrong_status_is_refused_with_a_message(login, ready_brief, parse_html):
    article = ready_brief(status=Status.DRAFT)

    response = post_step(login("publisher"), parse_html, article, "unpublish")

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Transition.objects.exists()
    assert response.status_code == 302


def test_the_whole_cycle_is_recorded_and_listed_on_the_brief(login, ready_brief, parse_html):
    article = ready_brief(status=Status.DRAFT)
    post_step(login("editor"), parse_html, article, "submit")
    post_step(login("publisher"), parse_html, article, "publish")
    post_step(login("publisher"), parse_html, article, "unpublish", **{"workflow-note": "Legal asked."})
    post_step(login("reviewer"), parse_html, article, "return_to_draft")

    page = parse_html(login("editor").get(change_url(article)))

    rows = page.find("table", class_="workflow-transitions").find("tbody").find_all("tr")
    who, from_status, to_status, note = zip(
        *([cell.text.strip() for cell in row.find_all("td")][1:] for row in rows), strict=True
    )
    assert who == ("reviewer-user", "publisher-user", "publisher-user", "editor-user")
    assert from_status == ("Unpublished", "Published", "In review", "Draft")
    assert [status.split(" (")[0] for status in to_status] == [
        "Draft",
        "Unpublished",
        "Published",
        "In review",
    ]
    assert note[1] == "Legal asked."
    assert page.find("strong", id="workflow-state").text == "Draft"


def test_saving_and_submitting_saves_the_edit_first(login, ready_brief, parse_html):
    article = ready_brief(status=Status.DRAFT)
    client = login("editor")
    data = open_brief(client, parse_html, article)
    data["standfirst"] = "Written just before submitting."

    client.post(change_url(article), {**data, "_transition": "submit"})

    article.refresh_from_db()
    assert article.standfirst == "Written just before submitting."
    assert article.status == Status.IN_REVIEW


def test_a_refused_save_takes_no_step_and_keeps_what_was_typed(login, ready_brief, parse_html):
    article = ready_brief(status=Status.DRAFT)
    client = login("editor")
    data = open_brief(client, parse_html, article)
    data["body"] = "An “unclosed quote.[0]"

    response = client.post(
        change_url(article), {**data, "_transition": "submit", "workflow-note": "Ready when you are."}
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    page = parse_html(response)
    assert page.find("textarea", name="workflow-note").text.strip() == "Ready when you are."
    assert page.find("textarea", name="body").text.strip() == "An “unclosed quote.[0]"


def test_status_and_publication_time_cannot_be_set_in_the_form(login, ready_brief, parse_html):
    article = ready_brief(status=Status.DRAFT)
    client = login("superuser")
    data = open_brief(client, parse_html, article)
    assert "status" not in data
    assert "published_at_0" not in data

    response = client.post(
        change_url(article),
        {
            **data,
            "status": "published",
            "published_at_0": "2020-01-01",
            "published_at_1": "10:00",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)


def test_new_briefs_start_as_drafts(login, parse_html):
    client = login("editor")
    data = {
        **form_data(
            parse_html(client.get(admin_url("articles_article_add"))).find("form", id="article_form")
        ),
        "headline": "A new brief",
        "slug": "a-new-brief",
        "body": "Something happened.",
    }

    response = client.post(admin_url("articles_article_add"), {**data, "_save": "Save"})

    assert response.status_code == 302
    assert Article.objects.get(slug="a-new-brief").status == Status.DRAFT


# The attribution gate.


def test_publishing_a_brief_that_fails_the_gate_is_refused_and_says_why(login, parse_html):
    article = make_article(status=Status.IN_REVIEW)  # never signed off

    client = login("publisher")
    response = post_step(client, parse_html, article, "publish")

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not GateOverride.objects.exists()
    shown = " ".join(messages_of(client.get(response.url)))
    assert "has not been signed off" in shown
    assert "Write why this brief is published despite the attribution gate." in shown


def test_the_change_form_shows_the_gate_objections_and_the_override_field(login, parse_html):
    article = make_article(status=Status.IN_REVIEW)

    page = parse_html(login("publisher").get(change_url(article)))

    objections = page.find("div", class_="gate-objections")
    assert "has not been signed off" in objections.text
    assert objections.find("textarea", name="workflow-override_reason")


def test_a_publisher_overrides_the_gate_with_a_reason_and_it_is_recorded(login, people, parse_html):
    article = make_article(status=Status.IN_REVIEW)

    post_step(
        login("publisher"),
        parse_html,
        article,
        "publish",
        **{"workflow-override_reason": "Court order lifted; lawyers cleared the text."},
    )

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    override = GateOverride.objects.get(article=article)
    assert (override.user, override.reason) == (
        people["publisher"],
        "Court order lifted; lawyers cleared the text.",
    )
    assert override.unresolved
    transition = Transition.objects.get(article=article)
    assert "Attribution gate overridden: Court order lifted" in transition.note


def test_publishing_without_the_override_permission_is_refused_even_with_a_reason(db, client, parse_html):
    publisher_only = make_staff("narrow-publisher")
    publisher_only.user_permissions.add(
        Permission.objects.get(codename="view_article"), Permission.objects.get(codename="publish_article")
    )
    client.force_login(publisher_only)
    article = make_article(status=Status.IN_REVIEW)

    page = parse_html(client.get(change_url(article)))
    assert not page.find_all("textarea", name="workflow-override_reason")
    post_step(client, parse_html, article, "publish", **{"workflow-override_reason": "Trust me."})

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not GateOverride.objects.exists()


def test_changelist_publish_refuses_briefs_that_fail_the_gate(login, ready_brief):
    passing = ready_brief()
    failing = make_article(status=Status.IN_REVIEW, headline="Unsigned brief")

    response = login("publisher").post(
        admin_url("articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [passing.pk, failing.pk]},
        follow=True,
    )

    assert Article.objects.get(pk=passing.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=failing.pk).status == Status.IN_REVIEW
    assert any(
        text.startswith("“Unsigned brief”: The attribution gate objects") for text in messages_of(response)
    )


def test_an_edit_after_sign_off_makes_the_gate_fail_again(login, ready_brief, parse_html):
    article = ready_brief()
    client = login("superuser")
    data = open_brief(client, parse_html, article)
    data["body"] = "Something else happened.[0]"
    client.post(change_url(article), {**data, "_save": "Save"})

    post_step(login("publisher"), parse_html, article, "publish")

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


# Corrections by publishers.


def test_a_publisher_adds_a_correction_to_a_published_brief(login, parse_html):
    article = make_article(status=Status.PUBLISHED)
    client = login("publisher")
    data = open_brief(client, parse_html, article)

    client.post(
        change_url(article),
        {**data, "_correct": "1", "correction-kind": "clarification", "correction-text": "It was Tuesday."},
    )

    correction = article.corrections.get()
    assert (correction.kind, correction.text) == ("clarification", "It was Tuesday.")


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_other_roles_cannot_add_corrections(login, parse_html, role):
    article = make_article(status=Status.PUBLISHED)
    client = login(role)
    data = open_brief(client, parse_html, article)
    assert "correction-text" not in data

    client.post(
        change_url(article),
        {**data, "_correct": "1", "correction-kind": "correction", "correction-text": "No."},
    )

    assert not article.corrections.exists()


# The audit changelist.


def test_audit_changelist_lists_every_transition_and_keeps_those_of_deleted_briefs(
    login, ready_brief, parse_html
):
    kept = ready_brief(status=Status.DRAFT, headline="Kept brief")
    gone = ready_brief(status=Status.DRAFT, headline="Deleted brief")
    for article in (kept, gone):
        post_step(login("editor"), parse_html, article, "submit")
    login("superuser").post(admin_url("articles_article_delete", gone.pk), {"post": "yes"})

    page = parse_html(login("reviewer").get(admin_url("editorial_transition_changelist")))

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    briefs = [row.find("td", class_="field-brief").text for row in rows]
    assert sorted(briefs) == ["Deleted brief (deleted)", "Kept brief"]
    assert {row.find("td", class_="field-who").text for row in rows} == {"editor-user"}


def test_audit_changelist_search_and_filter(login, ready_brief, parse_html):
    for headline in ("Harbour fire", "Budget vote"):
        post_step(login("editor"), parse_html, ready_brief(status=Status.DRAFT, headline=headline), "submit")
    client = login("publisher")

    found = client.get(admin_url("editorial_transition_changelist"), {"q": "harbour"})
    filtered = client.get(admin_url("editorial_transition_changelist"), {"to_status__exact": "published"})

    assert found.context["cl"].result_count == 1
    assert filtered.context["cl"].result_count == 0


def test_audit_changelist_query_count_does_not_grow(login, people):
    def add_transitions(count):
        for _ in range(count):
            article = make_article(status=Status.IN_REVIEW)
            article.transitions.create(
                headline=article.headline, user=people["editor"], from_status="draft", to_status="review"
            )

    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(admin_url("editorial_transition_changelist")).status_code == 200
        return len(queries)

    client = login("reviewer")
    add_transitions(2)
    few = listing_queries()

    add_transitions(20)

    assert listing_queries() == few


def test_importing_and_publishing_a_brief_file_is_recorded(seed_article):
    transition = Transition.objects.get(article=seed_article)

    assert (transition.user, transition.from_status, transition.to_status) == (None, "draft", "published")


def test_scheduled_brief_shows_as_scheduled(login, ready_brief, parse_html):
    article = ready_brief()
    later = timezone.localtime() + timedelta(days=1)
    post_step(
        login("publisher"),
        parse_html,
        article,
        "publish",
        **{"workflow-publish_at": f"{later:%Y-%m-%dT%H:%M}"},
    )

    page = parse_html(login("editor").get(change_url(article)))

    assert page.find("strong", id="workflow-state").text == f"Scheduled for {later:%-d %b %Y %H:%M}"
