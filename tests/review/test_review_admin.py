"""Attribution review in the admin: the report panel, sign-off, accepted warnings, the queue."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_sync_quotes
from review.models import AcceptedWarning, AttributionCheck, SignOff
from review.services import StoredBrief, article_report, content_seen_token, finding_token
from tests.admin_forms import form_data, form_errors
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def sign_off(client, article, note="Checked every source.", confirm_warnings=True):
    """Press the report panel's sign-off button, with what the page showed (see seen_token), ticking
    the box that confirms the open warnings when the page shows one and `confirm_warnings`."""
    data = {"signoff_note": note, "signoff_content": seen_token(client, article)}
    page = client.get(change_url(article)).content.decode()
    confirmation = re.search(r'name="signoff_open_warnings" value="(\d+)"', page)
    if confirmation and confirm_warnings:
        data["signoff_open_warnings"] = confirmation.group(1)
    return client.post(reverse("admin:articles_article_sign_off", args=[article.pk]), data)


def seen_token(client, article):
    """What the change form this client opens says the reviewer read; for someone without the
    sign-off button, what it would say."""
    page = client.get(change_url(article)).content.decode()
    found = re.search(r'name="signoff_content" value="([^"]+)"', page)
    return found.group(1) if found else content_seen_token(StoredBrief.read(article).content)


def accept(client, article, code, reason="common-knowledge", note=""):
    findings = article_report(article).findings
    index = next(i for i, finding in enumerate(findings) if finding.code == code)
    return client.post(
        reverse("admin:articles_article_accept_warning", args=[article.pk]),
        {
            "accept": str(index),
            f"finding-{index}": finding_token(findings[index]),
            f"reason-{index}": reason,
            f"note-{index}": note,
        },
    )


def remove_errors(article):
    """Cite the foreign minister's sentence, so the seed has no attribution errors left."""
    article.body = article.body.replace("between our countries.”", "between our countries.”[4]")
    article.save()
    article_sync_quotes(article=article)


def test_change_form_shows_every_finding_and_the_coverage(as_user, reviewer, seed_article):
    response = as_user(reviewer).get(change_url(seed_article))

    html = response.content.decode()
    assert response.status_code == 200
    assert "6 of 8 sentences" in html
    assert html.count("<code>uncited-sentence</code>") == 2
    assert html.count("<code>quote-without-citation</code>") == 2
    assert html.count("<code>source-without-url</code>") == 5
    assert html.count("<code>quote-speaker-implicit</code>") == 1
    assert html.count("<code>quote-whitespace</code>") == 1
    assert "Not signed off yet." in html


def test_reviewer_cannot_sign_off_while_errors_remain(as_user, reviewer, seed_article):
    response = sign_off(as_user(reviewer), seed_article)

    assert response.status_code == 302
    assert not SignOff.objects.exists()
    page = as_user(reviewer).get(change_url(seed_article)).content.decode()
    assert "must be fixed before sign-off" in page


def test_reviewer_signs_off_and_readers_see_the_review(as_user, reviewer, seed_article, client, commit):
    remove_errors(seed_article)

    sign_off(as_user(reviewer), seed_article, note="Sources checked against the originals.")
    commit()

    signoff = SignOff.objects.get()
    assert (signoff.article, signoff.reviewer, signoff.note) == (
        seed_article,
        reviewer,
        "Sources checked against the originals.",
    )
    seed_article.attribution_check.refresh_from_db()
    assert seed_article.attribution_check.reviewed_at == signoff.signed_at
    client.logout()
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert "Attribution reviewed" in page


def test_editor_without_the_review_permission_cannot_sign_off(as_user, desk_editor, seed_article):
    remove_errors(seed_article)

    response = sign_off(as_user(desk_editor), seed_article)

    assert response.status_code == 302
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda article: setattr(article, "body", article.body.replace("this week", "this month")),
        lambda article: article.citations.filter(key=0).update(source=article.citations.get(key=1).source),
        lambda article: article.quotes.filter(text="ironclad").update(speaker=None, speaker_confirmed=True),
    ],
    ids=["body", "citation", "quote"],
)
def test_a_change_after_sign_off_voids_it(as_user, reviewer, seed_article, client, change, commit):
    remove_errors(seed_article)
    sign_off(as_user(reviewer), seed_article)
    commit()
    assert AttributionCheck.objects.get(article=seed_article).reviewed_at is not None

    change(seed_article)
    seed_article.save()
    commit()

    assert AttributionCheck.objects.get(article=seed_article).reviewed_at is None
    page = as_user(reviewer).get(change_url(seed_article)).content.decode()
    assert "The last sign-off no longer holds" in page
    client.logout()
    assert "Attribution reviewed" not in client.get(seed_article.get_absolute_url()).content.decode()


def test_saving_a_new_body_in_the_admin_voids_the_sign_off(
    admin_client, reviewer, client, seed_article, parse_html, commit
):
    remove_errors(seed_article)
    # In review: a save of a live brief goes to its pending changes and leaves its sign-off alone.
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.IN_REVIEW)
    client.force_login(reviewer)
    sign_off(client, seed_article)
    url = change_url(seed_article)
    data = form_data(parse_html(admin_client.get(url)).find("form", id="article_form"))
    data["body"] = data["body"].replace("this week", "today")

    response = admin_client.post(url, {**data, "_save": "Save"})
    commit()

    assert response.status_code == 302, form_errors(response)
    seed_article.attribution_check.refresh_from_db()
    assert seed_article.attribution_check.reviewed_at is None
    assert SignOff.objects.count() == 1


def test_reviewer_accepts_a_warning_with_a_reason(as_user, reviewer, seed_article, commit):
    response = accept(as_user(reviewer), seed_article, "uncited-sentence", reason="common-knowledge")
    commit()

    assert response.status_code == 302
    accepted = AcceptedWarning.objects.get()
    assert (accepted.code, accepted.reason, accepted.accepted_by) == (
        "uncited-sentence",
        "common-knowledge",
        reviewer,
    )
    assert accepted.text.startswith("Israeli Foreign Minister Gabi Cohen")
    seed_article.attribution_check.refresh_from_db()
    assert seed_article.attribution_check.warning_count == 8
    page = as_user(reviewer).get(change_url(seed_article)).content.decode()
    assert "Accepted by reviewer: Common knowledge" in page


def test_other_reason_needs_a_note(as_user, reviewer, seed_article):
    accept(as_user(reviewer), seed_article, "uncited-sentence", reason="other", note="")
    assert not AcceptedWarning.objects.exists()

    accept(as_user(reviewer), seed_article, "uncited-sentence", reason="other", note="Said on camera.")
    assert AcceptedWarning.objects.get().note == "Said on camera."


def test_errors_cannot_be_accepted(as_user, reviewer, seed_article):
    accept(as_user(reviewer), seed_article, "quote-without-citation")

    assert not AcceptedWarning.objects.exists()


def test_errors_cannot_be_accepted_even_bypassing_the_service(reviewer, seed_article):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AcceptedWarning.objects.create(
            article=seed_article,
            code="quote-without-citation",
            text="x",
            text_hash="x",
            reason="common-knowledge",
            accepted_by=reviewer,
        )


def test_editor_cannot_accept_warnings(as_user, desk_editor, seed_article):
    accept(as_user(desk_editor), seed_article, "uncited-sentence")

    assert not AcceptedWarning.objects.exists()


def test_a_stale_report_is_refused(as_user, reviewer, seed_article):
    client = as_user(reviewer)
    findings = article_report(seed_article).findings
    index = next(i for i, finding in enumerate(findings) if finding.code == "uncited-sentence")

    response = client.post(
        reverse("admin:articles_article_accept_warning", args=[seed_article.pk]),
        {
            "accept": str(index),
            f"finding-{index}": "uncited-sentence:0000",
            f"reason-{index}": "common-knowledge",
        },
    )

    assert response.status_code == 302
    assert not AcceptedWarning.objects.exists()


def test_changelist_shows_coverage_and_filters_briefs_with_errors(admin_client, seed_article, commit):
    make_article(body="A sentence with a source.[0]", headline="Clean brief")
    commit()
    url = reverse("admin:articles_article_changelist")

    page = admin_client.get(url).content.decode()
    assert "6/8" in page
    assert "1/1" in page

    filtered = admin_client.get(url, {"attribution": "errors"}).content.decode()
    assert seed_article.headline in filtered
    assert "Clean brief" not in filtered


def test_article_changelist_queries_do_not_grow_with_checks(
    admin_client, seed_article, django_assert_max_num_queries, commit
):
    url = reverse("admin:articles_article_changelist")
    admin_client.get(url)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(url)
    for number in range(15):
        make_article(body=f"Sentence {number}.[0] Another one.", headline=f"B {number}")
    commit()
    assert AttributionCheck.objects.count() == 16
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_review_queue_lists_briefs_in_review_oldest_first(admin_client, seed_article, commit):
    make_article(body="A newer brief.[0]", headline="Newer in review", status=Article.Status.IN_REVIEW)
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.IN_REVIEW, published_at=None)
    commit()

    page = admin_client.get(reverse("admin:review_reviewqueueentry_changelist")).content.decode()

    assert page.index(seed_article.headline) < page.index("Newer in review")
    assert "quote-without-citation ×2" in page


def submit_buttons(client, article, parse_html):
    form = parse_html(client.get(change_url(article))).find("form", id="article_form")
    return [
        element
        for element in form.find_all()
        if (element.tag == "button" and element.attrs.get("type", "submit") == "submit")
        or (element.tag == "input" and element.attrs.get("type") == "submit")
    ]


def test_enter_in_a_field_saves_for_editors(admin_client, seed_article, parse_html):
    """Browsers press the form's first submit button when Enter is pressed in a field."""
    first = submit_buttons(admin_client, seed_article, parse_html)[0]

    assert first.attrs.get("name") == "_save"


def test_enter_in_a_field_presses_no_panel_button_for_reviewers(as_user, reviewer, seed_article, parse_html):
    first = submit_buttons(as_user(reviewer), seed_article, parse_html)[0]

    assert "disabled" in first.attrs
    assert "formaction" not in first.attrs
