"""Open warnings: counted alike by the report panel and the review queue, confirmed at sign-off, and
each brief's sign-off state in the queue."""

import pytest
from django.urls import reverse

from articles.models import Article
from review.models import SignOff
from tests.builders import make_article, make_source

from .test_review_admin import accept, change_url, seen_token, sign_off

pytestmark = pytest.mark.django_db

QUEUE = "admin:review_reviewqueueentry_changelist"


def in_review(headline="Two uncited sentences", body="Cited.[0] Not cited. Not cited either."):
    """A brief in review with no errors; each sentence without a marker is a warning."""
    return make_article(
        body=body,
        headline=headline,
        references=[make_source(url=f"https://example.org/{headline.lower().replace(' ', '-')}")],
        status=Article.Status.IN_REVIEW,
        published_at=None,
    )


def panel_counts(client, parse_html, article):
    return " ".join(
        parse_html(client.get(change_url(article))).find("span", class_="attribution-counts").text.split()
    )


def queue_row(client, parse_html, article):
    """{column: text} of the brief's row in the review queue."""
    document = parse_html(client.get(reverse(QUEUE)))
    for row in document.find("table", id="result_list").find_all("tr"):
        cells = {cell.attrs.get("class", "").removeprefix("field-"): cell.text for cell in row.children}
        if cells.get("headline_link") == article.headline:
            return cells
    raise AssertionError(f"{article.headline} is not in the review queue")


def messages_on(client, article):
    return [str(message) for message in client.get(change_url(article)).context["messages"]]


def test_panel_and_queue_count_an_accepted_warning_alike(as_user, reviewer, parse_html, commit):
    brief = in_review()
    commit()
    client = as_user(reviewer)
    assert panel_counts(client, parse_html, brief) == "0 errors, 2 open warnings, 0 accepted warnings."

    accept(client, brief, "uncited-sentence")
    commit()

    assert panel_counts(client, parse_html, brief) == "0 errors, 1 open warning, 1 accepted warning."
    row = queue_row(client, parse_html, brief)
    assert (row["error_count"], row["warning_count"], row["accepted_count"]) == ("0", "1", "1")
    assert row["finding_codes"] == "uncited-sentence ×1"


def test_signing_off_with_open_warnings_asks_for_confirmation(as_user, reviewer, parse_html, commit):
    brief = in_review()
    commit()
    client = as_user(reviewer)
    box = parse_html(client.get(change_url(brief))).find("input", name="signoff_open_warnings")
    assert (box.attrs["type"], box.attrs["value"]) == ("checkbox", "2")
    assert "Sign off with 2 open warnings" in client.get(change_url(brief)).content.decode()

    response = sign_off(client, brief, confirm_warnings=False)

    assert response.status_code == 302
    assert not SignOff.objects.exists()
    assert messages_on(client, brief) == [
        "Not signed off: this brief has 2 open warnings. Accept or fix them, "
        "or tick “Sign off with 2 open warnings”."
    ]


def test_a_sign_off_with_open_warnings_records_them(as_user, reviewer, parse_html, commit):
    brief = in_review()
    commit()
    client = as_user(reviewer)

    sign_off(client, brief, note="Both are common knowledge.")
    commit()

    signoff = SignOff.objects.get()
    assert (signoff.article, signoff.open_warning_count) == (brief, 2)
    brief.attribution_check.refresh_from_db()
    assert brief.attribution_check.reviewed_at == signoff.signed_at
    page = client.get(change_url(brief)).content.decode()
    assert ", with 2 open warnings: Both are common knowledge." in page


@pytest.mark.parametrize("confirmed", ["1", "", "two"])
def test_confirming_fewer_warnings_than_are_open_is_refused(as_user, reviewer, commit, confirmed):
    """The box says how many open warnings the reviewer saw; more open now are not signed off."""
    brief = in_review()
    commit()
    client = as_user(reviewer)

    response = client.post(
        reverse("admin:articles_article_sign_off", args=[brief.pk]),
        {"signoff_content": seen_token(client, brief), "signoff_open_warnings": confirmed},
    )

    assert response.status_code == 302
    assert not SignOff.objects.exists()
    assert messages_on(client, brief)[0].startswith("Not signed off: this brief has 2 open warnings.")


def test_a_brief_without_open_warnings_is_signed_off_without_the_box(as_user, reviewer, commit):
    brief = in_review(headline="All cited", body="Cited.[0] Cited again.[0]")
    commit()
    client = as_user(reviewer)
    assert 'name="signoff_open_warnings"' not in client.get(change_url(brief)).content.decode()

    sign_off(client, brief)

    assert SignOff.objects.get().open_warning_count == 0


def test_review_queue_shows_each_briefs_sign_off_state(as_user, reviewer, parse_html, commit):
    waiting = in_review(headline="Waiting")
    signed = in_review(headline="Signed")
    changed = in_review(headline="Changed")
    commit()
    client = as_user(reviewer)
    sign_off(client, signed)
    sign_off(client, changed)
    changed.body = changed.body.replace("Not cited either.", "Not cited at all.")
    changed.save()
    commit()

    states = {
        brief: queue_row(client, parse_html, brief)["signoff_state"] for brief in (waiting, signed, changed)
    }

    assert states[waiting] == "Not signed off"
    assert states[signed].startswith("Signed off ")
    assert states[changed] == "Changed since sign-off"


def test_review_queue_queries_do_not_grow_with_briefs(
    as_user, reviewer, commit, django_assert_max_num_queries
):
    client = as_user(reviewer)
    sign_off(client, in_review(headline="First"))
    commit()
    client.get(reverse(QUEUE))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(QUEUE))
    one_brief = len(few.captured_queries)  # before the next request empties the log
    for number in range(10):
        sign_off(client, in_review(headline=f"Brief {number}"))
    commit()

    with django_assert_max_num_queries(one_brief):
        page = client.get(reverse(QUEUE)).content.decode()
    assert page.count("Signed off ") == 11
