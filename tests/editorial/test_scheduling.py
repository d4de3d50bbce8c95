"""Scheduling and embargo: a brief published for a later time is invisible to readers everywhere until then.

It appears by itself when the time comes (no job runs): time is moved here by
setting the publication time into the past, as the clock would.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article
from editorial.services import article_publish, article_unpublish
from review.services import attribution_sign_off
from tests.builders import make_article, make_person

from .helpers import change_url, messages_of, open_brief

pytestmark = pytest.mark.django_db

HEADLINE = "Quokka census finds record numbers"


@pytest.fixture
def scheduled(people):
    """A brief with a byline and a named speaker, signed off and scheduled for tomorrow by a publisher."""
    speaker = make_person(full_name="Dana Quill")
    writer = make_person(full_name="Robin Ink")
    article = make_article(
        headline=HEADLINE,
        body="Dana Quill said the quokkas “thrive”.[0] Numbers rose.[0]",
        status=Article.Status.IN_REVIEW,
    )
    article.quotes.update(speaker=speaker, speaker_confirmed=True)
    article.bylines.create(person=writer)
    attribution_sign_off(article=article, user=people["reviewer"])
    article_publish(article=article, user=people["publisher"], at=timezone.now() + timedelta(days=1))
    return article, speaker, writer


def public_pages(article, speaker, writer):
    """Every public address where a published brief shows up (the sources index lists outlets: below)."""
    outlet = article.citations.get().source.outlet
    return {
        "brief": article.get_absolute_url(),
        "home": "/",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "sitemap": "/sitemap-briefs.xml",
        "news sitemap": "/news-sitemap.xml",
        "search": "/search/?q=quokka",
        "outlet": outlet.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "writer": writer.get_absolute_url(),
    }


def shows(response, article):
    return response.status_code == 200 and (
        HEADLINE in response.content.decode() or article.get_absolute_url() in response.content.decode()
    )


@pytest.mark.parametrize("reader", ["anonymous", "groupless"])
def test_a_scheduled_brief_is_nowhere_for_readers_until_its_time(login, scheduled, reader):
    article, speaker, writer = scheduled
    client = login(reader)

    for name, url in public_pages(article, speaker, writer).items():
        response = client.get(url)
        assert not shows(response, article), name
        assert response.status_code in (200, 404), name


def test_it_appears_everywhere_once_its_time_has_come(client, scheduled):
    article, speaker, writer = scheduled
    pages = public_pages(article, speaker, writer)

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    for name, url in pages.items():
        assert shows(client.get(url), article), name


def test_it_appears_when_the_clock_reaches_its_time_with_nothing_written(client, scheduled):
    """No job runs at the publication time: the first request after it shows the brief."""
    article, speaker, writer = scheduled
    pages = public_pages(article, speaker, writer)
    for url in pages.values():
        client.get(url)  # as readers did while it was embargoed

    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        for name, url in pages.items():
            assert shows(client.get(url), article), name


def test_the_outlet_appears_in_the_sources_index_only_once_published(client, scheduled):
    article, _, _ = scheduled
    outlet = article.citations.get().source.outlet
    assert outlet.name not in client.get("/sources/").content.decode()

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    assert outlet.name in client.get("/sources/").content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_staff_preview_a_scheduled_brief(login, scheduled, role):
    article, _, _ = scheduled

    response = login(role).get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Preview:" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_publisher_schedules_from_the_change_form(login, ready_brief, parse_html):
    article = ready_brief()
    later = timezone.localtime() + timedelta(hours=5)
    client = login("publisher")
    data = open_brief(client, parse_html, article)

    response = client.post(
        change_url(article),
        {**data, "_transition": "publish", "workflow-publish_at": f"{later:%Y-%m-%dT%H:%M}"},
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == later.replace(second=0, microsecond=0)
    assert not article.is_published
    assert article.transitions.get().published_at == article.published_at
    assert any("readers see nothing of it until then" in text for text in messages_of(response))


def test_a_publication_time_in_the_past_is_refused(login, ready_brief, parse_html):
    article = ready_brief()
    earlier = timezone.localtime() - timedelta(days=2)
    client = login("publisher")
    data = open_brief(client, parse_html, article)

    response = client.post(
        change_url(article),
        {**data, "_transition": "publish", "workflow-publish_at": f"{earlier:%Y-%m-%dT%H:%M}"},
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert "Choose a publication time from now on, or leave it empty to publish now." in messages_of(response)


def test_a_scheduled_brief_can_be_rescheduled_or_published_now(people, scheduled):
    article, _, _ = scheduled

    article_publish(article=article, user=people["publisher"], at=timezone.now() + timedelta(days=3))
    assert article.published_at > timezone.now() + timedelta(days=2)
    article_publish(article=article, user=people["publisher"])

    assert article.is_published
    assert article.transitions.count() == 3


def test_a_scheduled_brief_can_be_unpublished_before_its_time(people, scheduled):
    article, _, _ = scheduled

    article_unpublish(article=article, user=people["publisher"], note="Embargo broken elsewhere; hold.")
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=1))

    assert not Article.objects.published().filter(pk=article.pk).exists()
