"""Findings from the archived text of cited sources, wherever findings are shown: the checker's
report, the change form's panel, the review queue, check_attribution, the gate and stored checks."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archive.services import given_text, source_copy_store, source_fetch, sources_archive_request
from articles.models import Article
from brieftext.verification import SOURCE_SEVERITIES
from review.models import AttributionCheck
from review.services import article_report, publication_gate
from tests.archive.conftest import news_page
from tests.builders import make_article, make_outlet, make_person, make_source
from tests.checks import stale_checks

pytestmark = pytest.mark.django_db

BODY = "“Every visit of an American secretary of state is historic and important,” Eli Cohen said.[0]"
SAID = (
    "Foreign Minister Eli Cohen said every visit of an American secretary of state is historic and important."
)


@pytest.fixture
def brief(db):
    """A brief quoting Eli Cohen, citing a linked source titled as its page will be."""
    make_person(full_name="Eli Cohen", other_names="Cohen")
    source = make_source(
        title="Blinken urges calm", outlet=make_outlet(name="The Guardian"), url="https://example.org/blinken"
    )
    return make_article(body=BODY, references=[source], headline="Cohen on the visit")


def archive(brief, source_server, *paragraphs, **metadata):
    """Serve a page for the brief's source, point the source at it and fetch it."""
    source = brief.citations.get().source
    metadata = {"title": "Blinken urges calm", "site_name": "The Guardian", **metadata}
    source.url = source_server.page(f"/{source.pk}", news_page(*paragraphs, **metadata))
    source.save()
    source_fetch(source)
    return source


def source_findings(article):
    return [
        (finding.code, finding.message)
        for finding in article_report(article).findings
        if finding.code in SOURCE_SEVERITIES
    ]


def test_a_source_never_archived_adds_no_finding(brief):
    assert source_findings(brief) == []


def test_quoted_words_found_and_a_named_speaker_add_no_finding(brief, source_server):
    archive(brief, source_server, SAID)

    assert source_findings(brief) == []


def test_words_not_in_the_source_are_an_error_showing_the_closest_passage(brief, source_server):
    archive(brief, source_server, "Eli Cohen said the visit of the secretary of state was welcome.")

    [(code, message)] = source_findings(brief)
    assert code == "quote-not-in-source"
    assert "is not in footnote 1 (“Blinken urges calm”, The Guardian)" in message
    assert "% alike: “" in message


def test_a_changed_word_is_a_warning_showing_both_wordings(brief, source_server):
    archive(brief, source_server, SAID.replace("important", "welcome"))

    [(code, message)] = source_findings(brief)
    assert code == "quote-altered"
    assert (
        "the brief has “Every visit of an American secretary of state is historic and important,”" in message
    )
    assert "the source “every visit of an American secretary of state is historic and welcome”" in message


def test_a_speaker_the_source_does_not_name_is_a_warning_naming_who_it_does(brief, source_server):
    archive(brief, source_server, SAID.replace("Eli Cohen", "Gabi Ashkenazi"))

    [(code, message)] = source_findings(brief)
    assert code == "speaker-not-in-source"
    assert "does not name Eli Cohen" in message
    assert "Near these words it names Gabi Ashkenazi." in message


def test_metadata_that_disagree_with_the_reference_are_a_warning(brief, source_server):
    archive(brief, source_server, SAID, title="Netanyahu forms a government", site_name="Al Jazeera")

    [(code, message)] = source_findings(brief)
    assert code == "source-metadata-mismatch"
    assert "title “Blinken urges calm” here, “Netanyahu forms a government” on the page" in message
    assert "outlet “The Guardian” here, “Al Jazeera” on the page" in message


def test_a_source_asked_for_but_not_yet_archived_is_a_warning(brief):
    sources_archive_request([brief.citations.get().source])

    assert [code for code, _ in source_findings(brief)] == ["source-not-archived"]


def test_a_failed_fetch_is_a_warning_with_its_status(brief, source_server):
    source = brief.citations.get().source
    source.url = source_server.page("/gone", "gone", status=404)
    source.save()
    source_fetch(source)

    [(code, message)] = source_findings(brief)
    assert code == "source-unreachable"
    assert "failed: HTTP 404" in message
    assert "Paste or upload its text" in message


def test_a_failed_refetch_still_checks_against_the_last_copy(brief, source_server):
    source = archive(brief, source_server, SAID.replace("important", "welcome"))
    source_server.page(f"/{source.pk}", "down", status=503)
    source_fetch(source)

    assert [code for code, _ in source_findings(brief)] == ["quote-altered", "source-unreachable"]


def test_a_pasted_text_is_checked_like_a_fetched_one(brief, editor):
    source = brief.citations.get().source
    source_copy_store(source=source, user=editor, given=given_text(text="Nothing of the kind was said."))

    assert [code for code, _ in source_findings(brief)] == ["quote-not-in-source"]


def test_the_panel_the_queue_and_the_gate_show_source_findings(brief, source_server, admin_client, commit):
    archive(brief, source_server, "Eli Cohen said little.")
    Article.objects.filter(pk=brief.pk).update(status=Article.Status.IN_REVIEW, published_at=None)
    commit()

    panel = admin_client.get(reverse("admin:articles_article_change", args=[brief.pk])).content.decode()
    assert "<code>quote-not-in-source</code>" in panel
    assert "% alike" in panel
    queue = admin_client.get(reverse("admin:review_reviewqueueentry_changelist")).content.decode()
    assert "quote-not-in-source ×1" in queue
    gate = publication_gate(Article.objects.get(pk=brief.pk))
    assert not gate.passes
    assert [error.code for error in gate.errors] == ["quote-not-in-source"]


def run_check(*args):
    out = StringIO()
    try:
        call_command("check_attribution", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_check_attribution_reports_source_findings_in_text_and_json(brief, source_server):
    archive(brief, source_server, SAID.replace("important", "welcome"))

    text, status = run_check(brief.slug)
    assert status == 0
    assert "quote-altered" in text
    output, _ = run_check(brief.slug, "--format", "json")
    [report] = json.loads(output)
    assert [f["code"] for f in report["findings"] if f["code"] in SOURCE_SEVERITIES] == ["quote-altered"]


def test_check_attribution_fails_on_a_quote_not_in_its_source(brief, source_server):
    archive(brief, source_server, "Eli Cohen said little.")

    text, status = run_check(brief.slug)

    assert status == 1
    assert "quote-not-in-source" in text


def test_a_stored_check_follows_the_archive(brief, source_server, commit):
    commit()
    assert AttributionCheck.objects.get(article=brief).error_count == 0

    source = archive(brief, source_server, "Eli Cohen said little.")
    commit()
    assert AttributionCheck.objects.get(article=brief).error_count == 1

    source_server.page(f"/{source.pk}", news_page(SAID, title="Blinken urges calm", site_name="The Guardian"))
    source_fetch(source)
    commit()
    assert AttributionCheck.objects.get(article=brief).error_count == 0
    assert stale_checks() == {}


def test_a_brief_file_is_checked_against_the_copies_of_stored_sources_with_its_links(
    brief, source_server, brief_file
):
    source = archive(brief, source_server, SAID)
    path = brief_file(
        f"Cohen on the visit\n\n“Every visit is historic,” Eli Cohen said.[0]\n\n"
        f"0. “Blinken urges calm” The Guardian, 30 Jan. 2023, {source.url}\n"
    )

    output, _ = run_check("--file", path, "--format", "json")

    [report] = json.loads(output)
    assert [f["code"] for f in report["findings"] if f["code"] in SOURCE_SEVERITIES] == [
        "quote-not-in-source"
    ]
