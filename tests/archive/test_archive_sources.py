"""manage.py archive_sources: fetching now, in the foreground, with a summary."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import ArchiveState, SourceCopy
from tests.archive.conftest import news_page
from tests.builders import make_article, make_source

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("archive_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def two_briefs(source_server):
    page = news_page("Cohen said the visit was historic and important for both countries.")
    cited = make_source(url=source_server.page("/cited", page))
    gone = make_source(url=source_server.page("/gone", "gone", status=404))
    other = make_source(url=source_server.page("/other", page))
    make_source()  # no link: nothing to fetch
    return (
        make_article(body="One.[0] Two.[1]", references=[cited, gone], headline="First"),
        make_article(body="Three.[0]", references=[other], headline="Second"),
    )


def test_archiving_the_sources_of_one_brief_prints_progress_and_a_summary(two_briefs):
    first, _ = two_briefs

    out, err = run(first.slug)

    assert out.splitlines()[0] == "2 sources: 1 archived, 0 unchanged, 1 failed, 0 skipped"
    assert "/gone  HTTP 404" in out
    assert "Archiving: 100%" in err
    assert SourceCopy.objects.count() == 1


def test_all_fetches_every_linked_source_not_yet_archived(two_briefs):
    run("--all")

    out, _ = run("--all")

    assert ArchiveState.objects.exclude(latest=None).count() == 2
    assert out.splitlines()[0] == "1 sources: 0 archived, 0 unchanged, 1 failed, 0 skipped"


def test_refresh_fetches_archived_sources_again(two_briefs):
    run("--all")

    out, _ = run("--all", "--refresh")

    assert out.splitlines()[0] == "3 sources: 0 archived, 2 unchanged, 1 failed, 0 skipped"


@pytest.mark.parametrize("args", [(), ("first", "--all")])
def test_briefs_or_all_must_be_given(two_briefs, args):
    with pytest.raises(CommandError, match="or give --all"):
        run(*args)


def test_an_unknown_brief_is_an_error(two_briefs):
    with pytest.raises(CommandError, match="no brief with slug nowhere"):
        run("first", "nowhere")
