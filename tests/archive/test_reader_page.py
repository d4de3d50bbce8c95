"""What readers are told of the archive: quotes found in their cited sources, and when each was checked."""

import pytest
from django.core import checks

from archive.models import SourceCopy
from archive.services import source_fetch
from review.services import briefs_recheck
from tests.archive.conftest import news_page
from tests.builders import make_article, make_person, make_source

pytestmark = pytest.mark.django_db

SAID = "Eli Cohen said every visit of an American secretary of state is historic and important."
ELSEWHERE = "The talks were held behind closed doors at the prime minister's office in Jerusalem."


@pytest.fixture
def brief(db, source_server):
    make_person(full_name="Eli Cohen")
    source = make_source(title="A story", url=source_server.page("/a", news_page(SAID, ELSEWHERE)))
    return make_article(
        body="“Every visit of an American secretary of state is historic,” Eli Cohen said.[0] "
        "“We will be back,” he added.[0]",
        references=[source],
    )


def test_the_line_appears_once_the_sources_are_archived_and_the_cached_page_follows(
    brief, client, settings, commit
):
    settings.PAGE_CACHE = True
    commit()
    before = client.get(brief.get_absolute_url()).content.decode()
    assert "found in their cited sources" not in before

    source_fetch(brief.citations.get().source)
    commit()

    html = client.get(brief.get_absolute_url()).content.decode()
    assert "1 of 2 quotes found in their cited sources, checked <time datetime=" in html
    assert '<span class="checked">Checked <time datetime="' in html


def test_a_recheck_that_finds_more_quotes_refreshes_the_cached_page(brief, client, settings, commit):
    settings.PAGE_CACHE = True
    source = brief.citations.get().source
    source_fetch(source)
    commit()
    assert "1 of 2 quotes found" in client.get(brief.get_absolute_url()).content.decode()
    # The copy's text changed without a signal, as a restored backup leaves it, and checked again.
    SourceCopy.objects.filter(source=source).update(text=f"{SAID} “We will be back,” he added.")

    briefs_recheck([brief.pk])
    commit()

    assert "2 of 2 quotes found" in client.get(brief.get_absolute_url()).content.decode()


def test_the_archived_text_is_not_shown_to_readers_and_the_link_stays(brief, client):
    source = brief.citations.get().source
    source_fetch(source)

    html = client.get(brief.get_absolute_url()).content.decode()

    assert "behind closed doors" not in html
    assert f'<a href="{source.url}">' in html


def test_no_line_when_no_quote_was_found(client, source_server):
    source = make_source(url=source_server.page("/b", news_page(ELSEWHERE)))
    brief = make_article(body="“We will be back,” Eli Cohen said.[0]", references=[source])
    source_fetch(source)

    html = client.get(brief.get_absolute_url()).content.decode()

    assert "found in" not in html
    assert '<span class="checked">Checked' in html


def test_check_deploy_warns_while_private_addresses_may_be_fetched(settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    assert "archive.W001" in [message.id for message in checks.run_checks(include_deployment_checks=True)]

    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    assert "archive.W001" not in [message.id for message in checks.run_checks(include_deployment_checks=True)]
