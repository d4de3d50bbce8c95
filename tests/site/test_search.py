"""Search: PostgreSQL full-text search with ranking, a plain match on SQLite."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import SEARCH_RANKS_AT_MOST, Article
from tests.builders import bulk_publish, make_article

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the full-text index exists on PostgreSQL only"
)


def result_headlines(page):
    return [h.text for h in page.find("section", class_="search-results").find_all("h3")]


def test_finds_the_seed_brief_by_a_quoted_word(client, parse_html, seed_article):
    page = parse_html(client.get("/search/", {"q": "ironclad"}))

    assert result_headlines(page) == [seed_article.headline]
    assert page.find("h2", id="results-heading").text == "1 brief found for “ironclad”"
    [mark] = page.find("p", class_="snippet").find_all("mark")
    assert mark.text.lower() == "ironclad"


def test_snippet_has_no_citation_markers(client, parse_html, seed_article):
    page = parse_html(client.get("/search/", {"q": "ironclad"}))

    assert "[" not in page.find("p", class_="snippet").text


def test_headline_matches_rank_first(client, parse_html):
    make_article(headline="Budget passes", body="The harbour plan was mentioned in passing.[0]")
    make_article(headline="Harbour plan approved", body="The council voted.[0]")

    page = parse_html(client.get("/search/", {"q": "harbour"}))

    assert result_headlines(page) == ["Harbour plan approved", "Budget passes"]


def test_every_word_must_match(client, parse_html):
    make_article(headline="Harbour plan approved", body="The council voted.[0]")
    make_article(headline="Harbour closed", body="Storms.[0]")

    page = parse_html(client.get("/search/", {"q": "harbour council"}))

    assert result_headlines(page) == ["Harbour plan approved"]


def test_unpublished_briefs_are_never_found(client, parse_html):
    make_article(headline="Harbour draft", status="draft")
    make_article(headline="Harbour in review", status="review")

    page = parse_html(client.get("/search/", {"q": "harbour"}))

    assert page.find("h2", id="results-heading").text == "No briefs found for “harbour”"


def test_empty_query_shows_only_the_form(client, parse_html):
    page = parse_html(client.get("/search/", {"q": "   "}))

    assert page.find("input", id="search-terms").attrs["value"] == ""
    assert page.find_all("section", class_="search-results") == []


def test_markup_in_text_and_query_is_escaped(client):
    make_article(headline="Harbour <b>bold</b> claims", body="The <script>harbour</script> story.[0]")

    html = client.get("/search/", {"q": "harbour <img>"}).content.decode()

    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    assert "<img>" not in html


def test_results_are_paginated_and_bad_pages_are_404(client, parse_html):
    for number in range(12):
        make_article(headline=f"Harbour news {number}")

    first = parse_html(client.get("/search/", {"q": "harbour"}))
    second = parse_html(client.get("/search/", {"q": "harbour", "page": 2}))

    assert len(result_headlines(first)) == 10
    assert len(result_headlines(second)) == 2
    assert first.find("a", rel="next").attrs["href"] == "?q=harbour&page=2"
    assert client.get("/search/", {"q": "harbour", "page": 3}).status_code == 404
    assert client.get("/search/", {"q": "harbour", "page": "x"}).status_code == 404


def test_search_page_is_not_indexed(client, parse_html):
    page = parse_html(client.get("/search/", {"q": "anything"}))

    assert page.find("meta", name="robots").attrs["content"] == "noindex"


@postgresql_only
def test_stemmed_words_match_on_postgresql(client, parse_html):
    make_article(headline="Ministers urge calm", body="Talks continue.[0]")

    page = parse_html(client.get("/search/", {"q": "urging"}))

    assert result_headlines(page) == ["Ministers urge calm"]


@postgresql_only
def test_full_text_search_can_use_the_gin_index(seed_article):
    """Matching reads the stored document the GIN index covers, not an expression of its own."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = Article.objects.matching("ironclad").order_by().explain()
        cursor.execute("RESET enable_seqscan")

    assert "article_search" in plan


def test_only_the_newest_matches_are_ranked_and_counted(client, parse_html):
    bulk_publish(
        SEARCH_RANKS_AT_MOST + 1,
        newest=timezone.now() - timedelta(days=1),
        headline="Lighthouse keepers meet, day",
        body="Keepers met at the lighthouse.[0]",
        apart=timedelta(days=1),
    )

    first = parse_html(client.get("/search/", {"q": "lighthouse"}))
    last_page = SEARCH_RANKS_AT_MOST // 10

    assert first.find("h2", id="results-heading").text == (
        f"More than {SEARCH_RANKS_AT_MOST} briefs found for “lighthouse”"
    )
    last = parse_html(client.get("/search/", {"q": "lighthouse", "page": last_page}))
    assert result_headlines(last)[-1] == f"Lighthouse keepers meet, day {SEARCH_RANKS_AT_MOST - 1}"
    assert client.get("/search/", {"q": "lighthouse", "page": last_page + 1}).status_code == 404
