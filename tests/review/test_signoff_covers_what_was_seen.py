"""A sign-off covers what the reviewer read: the brief, and every cited source as readers see it.

It is refused when the brief changed after the reviewer opened it, and voided by any later
change to the body, a reference, a cited source's title, link, outlet or date, or a quote's
speaker, whichever admin page the change comes from. Signing off, accepting a warning and
overriding the gate reach readers' cached pages at their next request.
"""

import importlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Citation, Quote
from pagecache.generations import brief_generation, generation_key
from review.models import AttributionCheck, SignOff
from review.services import (
    attribution_reviewed_at,
    gate_override_record,
    publication_gate,
    warning_accept,
    with_latest_signoff,
)
from tests.admin_forms import form_data, form_errors
from tests.builders import make_article, make_person, make_source, make_staff
from tests.checks import stale_checks

from .test_review_admin import seen_token

pytestmark = pytest.mark.django_db

BODY = "The quay reopened on Monday.[0] Boats came back.[1]"


@pytest.fixture
def brief():
    return make_article(
        body=BODY,
        references=[
            make_source(url="https://example.org/quay"),
            make_source(url="https://example.org/boats"),
        ],
        status=Article.Status.IN_REVIEW,
    )


def sign_off(client, article, seen, open_warnings=0):
    """Press the sign-off button; `open_warnings`: the number the ticked confirmation box says."""
    return client.post(
        reverse("admin:articles_article_sign_off", args=[article.pk]),
        {"signoff_content": seen, "signoff_open_warnings": str(open_warnings)},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def reviewed(article):
    """When readers are told the brief's attribution was reviewed, or None."""
    return attribution_reviewed_at(with_latest_signoff(Article.objects.for_brief_page()).get(pk=article.pk))


def test_a_sign_off_of_what_the_reviewer_read_is_recorded(as_user, reviewer, brief):
    client = as_user(reviewer)

    response = sign_off(client, brief, seen_token(client, brief))

    assert "Attribution signed off." in messages_of(response)
    assert reviewed(brief) == SignOff.objects.get().signed_at


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda brief: Article.objects.filter(pk=brief.pk).update(body=BODY + " More."), "The body changed."),
        (
            lambda brief: (
                brief.citations.get(key=1)
                .source.__class__.objects.filter(pk=brief.citations.get(key=1).source_id)
                .update(url="https://phishing.example.net/boats")
            ),
            "The link of the reference “",
        ),
        (
            lambda brief: Citation.objects.filter(article=brief, key=0).update(
                source=make_source(title="Another story")
            ),
            "now cites another source: “Another story”",
        ),
    ],
    ids=["body", "source link", "citation"],
)
def test_a_sign_off_is_refused_when_the_brief_changed_after_it_was_read(
    as_user, reviewer, brief, change, said
):
    client = as_user(reviewer)
    seen = seen_token(client, brief)

    change(brief)
    response = sign_off(client, brief, seen)

    assert not SignOff.objects.exists()
    shown = messages_of(response)
    assert shown[0].startswith("Not signed off: the brief changed after you read it.")
    assert any(said in message for message in shown)


def test_a_sign_off_without_what_was_read_is_refused(as_user, reviewer, brief):
    response = sign_off(as_user(reviewer), brief, "forged")

    assert not SignOff.objects.exists()
    assert "Not signed off: the page did not say what you read. Read it again." in messages_of(response)


@pytest.mark.parametrize("part", ["title", "url", "published_on"])
def test_a_change_to_a_cited_source_voids_the_sign_off(
    as_user, reviewer, brief, admin_client, parse_html, part, commit
):
    """Through the source's own admin page, as an editor would."""
    client = as_user(reviewer)
    sign_off(client, brief, seen_token(client, brief))
    commit()
    source = brief.citations.get(key=1).source
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = form_data(parse_html(admin_client.get(url)).find("form", id="source_form"))
    data[part] = {
        "title": "Boats stay away",
        "url": "https://phishing.example.net/",
        "published_on": "2023-02-01",
    }[part]

    response = admin_client.post(url, data)
    commit()

    assert response.status_code == 302, form_errors(response)
    assert reviewed(brief) is None
    assert AttributionCheck.objects.get(article=brief).reviewed_at is None


def test_a_speaker_chosen_on_the_quote_page_voids_the_sign_off_and_is_in_the_briefs_history(
    as_user, reviewer, admin_client, parse_html, commit
):
    brief = make_article(body="“We are ready,” the harbour master said.[0]", status=Article.Status.IN_REVIEW)
    client = as_user(reviewer)
    sign_off(client, brief, seen_token(client, brief))
    commit()
    quote = Quote.objects.get(article=brief)
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(parse_html(admin_client.get(url)).find("form", id="quote_form"))
    data["speaker"] = str(make_person(full_name="Tomás Ferreira").pk)

    response = admin_client.post(url, data)
    commit()

    assert response.status_code == 302, form_errors(response)
    assert reviewed(brief) is None
    assert AttributionCheck.objects.get(article=brief).reviewed_at is None
    assert Version.objects.get_for_object(brief).first().revision.comment.startswith("Changed quote")


def test_a_reference_cannot_be_moved_to_another_brief_from_its_own_page(admin_client, brief, parse_html):
    other = make_article(headline="Another brief")
    citation = brief.citations.get(key=0)
    url = reverse("admin:articles_citation_change", args=[citation.pk])
    form = parse_html(admin_client.get(url)).find("form", id="citation_form")
    data = {**form_data(form), "article": str(other.pk)}

    admin_client.post(url, data)

    citation.refresh_from_db()
    assert citation.article_id == brief.pk
    assert not any(element.attrs.get("name") == "article" for element in form.find_all("select"))


def brief_token(brief):
    """The token of the brief's generation: a cached page of it is served only while it stays."""
    return cache.get(generation_key(brief_generation(brief.pk)))[0]


@pytest.mark.parametrize("act", ["sign off", "accept a warning", "override the gate"])
def test_a_reviewers_act_reaches_readers_cached_page_at_their_next_request(
    as_user, reviewer, people, settings, client, commit, act
):
    settings.PAGE_CACHE = True
    brief = make_article(body="Cited.[0] Not cited.")
    commit()
    client.get(brief.get_absolute_url())
    before = brief_token(brief)

    if act == "sign off":
        staff = as_user(reviewer)
        sign_off(staff, brief, seen_token(staff, brief), open_warnings=2)  # uncited, and no link
        staff.logout()
    elif act == "accept a warning":
        warning_accept(
            article=brief, user=reviewer, code="uncited-sentence", text="Not cited.", reason="other", note="x"
        )
    else:
        gate = publication_gate(brief)
        gate_override_record(article=brief, user=people["publisher"], reason="Breaking news.", gate=gate)
    commit()

    assert brief_token(brief) != before
    page = client.get(brief.get_absolute_url()).content.decode()
    assert ("Attribution reviewed" in page) == (act == "sign off")


@pytest.mark.django_db(transaction=True)
def test_a_sign_off_that_held_before_sources_were_covered_holds_after_the_migration():
    migration = importlib.import_module("review.migrations.0002_signoff_covers_sources")
    executor = MigrationExecutor(connection)
    executor.migrate([("review", "0001_initial")])
    # Sign-offs as 0001 stored them: later migrations add fields the table has no column for yet.
    OldSignOff = executor.loader.project_state([("review", "0001_initial")]).apps.get_model(
        "review", "SignOff"
    )
    brief = make_article(body=BODY, status=Article.Status.IN_REVIEW)
    stale = make_article(body=BODY, headline="Changed since", status=Article.Status.IN_REVIEW)
    reviewer = make_staff("migrated-reviewer")
    for article in (brief, stale):
        before, _ = migration._fingerprints(article, Citation, Quote)
        OldSignOff.objects.create(article_id=article.pk, reviewer_id=reviewer.pk, fingerprint=before)
    Article.objects.filter(pk=stale.pk).update(body=BODY + " Since.")

    executor.loader.build_graph()
    executor.migrate([("review", "0002_signoff_covers_sources")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert reviewed(brief) == SignOff.objects.get(article=brief).signed_at
    assert reviewed(stale) is None


def change_on_its_page(admin_client, parse_html, model_name, obj, **changes):
    """Post `obj`'s own admin change form as a browser would, with `changes`."""
    url = reverse(f"admin:{obj._meta.app_label}_{model_name}_change", args=[obj.pk])
    data = form_data(parse_html(admin_client.get(url)).find("form", id=f"{model_name}_form"))
    data.update(changes)
    return admin_client.post(url, data)


def delete_on_its_page(admin_client, model_name, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{model_name}_delete", args=[obj.pk])
    return admin_client.post(url, {"post": "yes"})


PART_PAGES = {
    "reference's source": lambda client, html, brief: change_on_its_page(
        client,
        html,
        "citation",
        brief.citations.get(key=1),
        source=str(make_source(title="Another story").pk),
    ),
    "reference deleted": lambda client, html, brief: delete_on_its_page(
        client, "citation", brief.citations.get(key=1)
    ),
    "outlet renamed": lambda client, html, brief: change_on_its_page(
        client, html, "outlet", brief.citations.get(key=1).source.outlet, name="The Renamed Wire"
    ),
    "source retitled": lambda client, html, brief: change_on_its_page(
        client, html, "source", brief.citations.get(key=1).source, title="Boats stay away"
    ),
}


@pytest.mark.parametrize("page", PART_PAGES)
def test_a_change_from_any_admin_page_rechecks_and_voids_the_sign_off(
    as_user, reviewer, brief, admin_client, parse_html, commit, page
):
    """As the brief's own form would: the stored check is current and the sign-off no longer holds."""
    client = as_user(reviewer)
    sign_off(client, brief, seen_token(client, brief))
    commit()
    assert reviewed(brief) is not None

    response = PART_PAGES[page](admin_client, parse_html, brief)
    commit()

    assert response.status_code == 302, form_errors(response) if response.context else response
    assert reviewed(brief) is None
    assert stale_checks() == {}


@pytest.mark.parametrize(
    ("page", "said"), [("reference's source", "Changed"), ("reference deleted", "Deleted")]
)
def test_a_change_to_a_reference_on_its_own_page_is_in_the_briefs_history(
    brief, admin_client, parse_html, commit, page, said
):
    before = Version.objects.get_for_object(brief).count()

    PART_PAGES[page](admin_client, parse_html, brief)
    commit()

    versions = Version.objects.get_for_object(brief)
    assert versions.count() == before + 1
    assert versions.first().revision.comment.startswith(f"{said} reference")
