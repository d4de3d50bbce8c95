"""The seed brief against pages for its five references, on which the foreign minister is Eli Cohen."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.services import source_fetch
from brieftext.verification import SOURCE_SEVERITIES
from review.models import AttributionCheck
from review.services import article_report
from tests.archive.conftest import news_page
from tests.checks import stale_checks

pytestmark = pytest.mark.django_db

SEED_PAGES = {
    0: [
        "Secretary of State Antony Blinken suggested on Monday that a broad consensus was needed for the "
        "judicial overhaul planned by Prime Minister Benjamin Netanyahu.",
    ],
    1: [
        "Secretary of State Antony J. Blinken met Israeli President Isaac Herzog in Jerusalem.",
        "Prime Minister Benjamin Netanyahu and President Herzog reiterated that the commitment of the "
        "United States to Israel's security is ironclad.",
    ],
    2: [
        "Secretary of State Antony Blinken said the United States and Israel share a common commitment "
        "to a two-state solution.",
        "Anything that moves away from that vision is detrimental to Israel's long-term security and its "
        "long-term identity as a Jewish and democratic state, Blinken said.",
    ],
    3: [
        "Secretary of State Antony Blinken urged Israelis and Palestinians to take urgent steps to restore "
        "calm after a week of violence.",
    ],
    4: [
        "Secretary of State Antony Blinken called for calm on a visit to Jerusalem.",
        "Israel's foreign minister, Eli Cohen, said every visit of an American secretary of state is "
        "historic and important, and that it strengthens the relationship between our countries.",
    ],
}


@pytest.fixture
def archived_seed(seed_article, source_server, commit):
    for citation in seed_article.citations.select_related("source__outlet"):
        source = citation.source
        source.url = source_server.page(
            f"/{citation.key}",
            news_page(
                *SEED_PAGES[citation.key],
                title=source.title,
                site_name=source.outlet.name,
                published=source.published_on.isoformat(),
            ),
        )
        source.save()
        assert source_fetch(source)[0] == "archived"
    commit()
    return seed_article


def test_the_seed_misnames_the_foreign_minister_and_nothing_else(archived_seed):
    findings = [f for f in article_report(archived_seed).findings if f.code in SOURCE_SEVERITIES]

    assert [(f.code, f.text) for f in findings] == [
        (
            "speaker-not-in-source",
            "“every visit of an American secretary of state is historic and important”",
        ),
        ("speaker-not-in-source", "“strengthens the relationship between our countries.”"),
    ]
    for finding in findings:
        assert "does not name Gabi Cohen" in finding.message
        assert "Near these words it names Eli Cohen" in finding.message


def test_the_seeds_stored_check_holds_the_new_warnings(archived_seed):
    stored = AttributionCheck.objects.get(article=archived_seed)

    assert [f["code"] for f in stored.findings].count("speaker-not-in-source") == 2
    assert stale_checks() == {}


def test_readers_are_told_how_many_quotes_were_found_in_their_cited_sources(
    archived_seed, client, django_assert_num_queries
):
    """The two quotes of the foreign minister cite no source: found only in the four that do."""
    response = client.get(archived_seed.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "4 of 6 quotes found in their cited sources, checked" in html
    assert html.count('<span class="checked">Checked') == 5


def test_the_brief_page_counts_quotes_found_from_the_stored_check_not_the_archived_texts(
    archived_seed, client
):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(archived_seed.get_absolute_url()).content.decode()

    assert "4 of 6 quotes found in their cited sources" in html
    assert [query["sql"] for query in queries if '"archive_sourcecopy"."text"' in query["sql"]] == []


def test_checks_stored_before_the_count_are_given_it_by_the_migration(archived_seed, client):
    AttributionCheck.objects.update(quotes_found=0)

    import_module("review.migrations.0005_quotes_found_in_sources").count_quotes_found(apps, None)

    assert AttributionCheck.objects.get(article=archived_seed).quotes_found == 4
    assert "4 of 6 quotes found" in client.get(archived_seed.get_absolute_url()).content.decode()
