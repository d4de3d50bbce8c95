"""Archiving a source: the copy and its metadata, refetching, failures, and what asks for a fetch."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from archive.models import ArchiveState, SourceCopy
from archive.services import ARCHIVED, FAILED, UNCHANGED, source_fetch, sources_archive_request
from brieftext.parser import parse_brief
from editorial.services import brief_import
from tests.archive.conftest import news_page
from tests.builders import make_source

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def story(**metadata):
    return news_page(
        "Israeli Foreign Minister Eli Cohen said every visit of an American secretary of state is historic.",
        "Blinken urged calm and said the United States shared a common commitment to a two-state solution.",
        **metadata,
    )


def test_a_fetched_page_is_stored_with_its_text_metadata_and_fetch_record(source_server):
    url = source_server.page("/blinken", story(title="Blinken urges calm", site_name="The Guardian"))
    source = make_source(url=source_server.redirect("/short", url))

    assert source_fetch(source) == (ARCHIVED, url)

    state = ArchiveState.objects.get(source=source)
    copy = state.latest
    assert (copy.origin, copy.requested_url, copy.final_url, copy.http_status) == (
        SourceCopy.Origin.FETCHED,
        source.url,
        url,
        200,
    )
    assert "Eli Cohen said every visit" in copy.text
    assert "Home" not in copy.text  # the page's navigation is not its text
    assert (copy.title, copy.site_name, copy.author, copy.published_on) == (
        "Blinken urges calm",
        "The Guardian",
        "Ana Reporter",
        date(2023, 1, 30),
    )
    assert len(copy.content_hash) == 64
    assert copy.fetched_at == copy.confirmed_at == state.attempted_at
    assert state.failure == ""


def test_fetching_an_unchanged_page_again_keeps_one_copy_and_says_when_it_was_checked(source_server):
    source = make_source(url=source_server.page("/a", story()))
    source_fetch(source)
    first = SourceCopy.objects.get()

    assert source_fetch(source)[0] == UNCHANGED

    again = SourceCopy.objects.get()
    assert again.pk == first.pk
    assert again.confirmed_at > first.confirmed_at


def test_a_page_that_changed_gets_a_new_copy_and_the_earlier_one_is_kept(source_server):
    source = make_source(url=source_server.page("/a", story()))
    source_fetch(source)
    source_server.page(
        "/a", news_page("The foreign minister, Eli Cohen, later withdrew the remark entirely.")
    )

    assert source_fetch(source)[0] == ARCHIVED

    older, newer = SourceCopy.objects.order_by("fetched_at")
    assert "withdrew" in newer.text and "withdrew" not in older.text
    assert ArchiveState.objects.get(source=source).latest == newer


def test_a_failed_fetch_is_recorded_with_its_status_and_keeps_the_last_copy(source_server):
    source = make_source(url=source_server.page("/a", story()))
    source_fetch(source)
    source_server.page("/a", "gone", status=410)

    outcome, detail = source_fetch(source)

    state = ArchiveState.objects.get(source=source)
    assert (outcome, detail, state.failure) == (FAILED, "HTTP 410", "HTTP 410")
    assert state.latest is not None
    assert SourceCopy.objects.count() == 1


def test_a_page_without_text_is_a_failure(source_server):
    source = make_source(url=source_server.page("/empty", "<html><body></body></html>"))

    assert source_fetch(source) == (FAILED, "no article text could be found on this page")


def test_a_cut_page_is_stored_and_marked(source_server):
    source = make_source(
        url=source_server.page("/big", b"word " * (1024 * 1024) + b"tail", content_type="text/plain")
    )

    source_fetch(source)

    copy = SourceCopy.objects.get()
    assert copy.truncated
    assert "tail" not in copy.text


def test_a_new_link_is_fetched_once_the_source_is_saved(source_server, settings, commit):
    settings.SOURCE_ARCHIVE_ON_SAVE = True
    source = make_source(url=source_server.page("/a", story()))
    commit()
    first = ArchiveState.objects.get(source=source).latest
    assert first is not None

    source.url = source_server.page("/b", news_page("A different page about the same visit, at length."))
    source.save()
    assert ArchiveState.objects.get(source=source).latest is None  # the old link's copy is not checked
    commit()

    state = ArchiveState.objects.get(source=source)
    assert state.latest.requested_url == source.url
    assert SourceCopy.objects.filter(source=source).count() == 2


def test_saving_a_source_without_a_new_link_asks_for_nothing(source_server, settings, commit):
    settings.SOURCE_ARCHIVE_ON_SAVE = True
    source = make_source(url=source_server.page("/a", story()))
    commit()
    requests = len(source_server.requests)

    source.title = "Renamed"
    source.save()
    commit()

    assert len(source_server.requests) == requests


def test_the_linked_sources_of_an_imported_brief_are_fetched(source_server, settings, commit):
    """An import writes its sources and citations in bulk and announces the brief."""
    settings.SOURCE_ARCHIVE_ON_SAVE = True
    url = source_server.page("/a", story())
    text = f"Cohen in Washington\n\nCohen spoke.[0]\n\n0. “Cohen speaks” Example News, 30 Jan. 2023, {url}\n"

    brief_import(parsed=parse_brief(text.encode()))
    commit()

    assert ArchiveState.objects.get(source__url=url).latest.final_url == url


def test_with_the_database_backend_fetches_wait_in_the_queue_for_a_worker(source_server, settings):
    settings.TASKS = DATABASE_TASKS
    source = make_source(url=source_server.page("/a", story()))

    with transaction.atomic():
        sources_archive_request([source])
        assert not DBTaskResult.objects.exists()  # queued only once the request is committed
    # Tests run in a transaction: the commit above was a savepoint's; run what a commit runs.
    assert not ArchiveState.objects.get(source=source).latest


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_fetches(source_server, settings):
    """With real commits: the worker commits what it claims and stores, as in production."""
    settings.TASKS = DATABASE_TASKS
    source = make_source(url=source_server.page("/a", story()))
    with transaction.atomic():
        sources_archive_request([source])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert source_server.requests == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert ArchiveState.objects.get(source=source).latest is not None
