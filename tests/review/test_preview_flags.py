"""A staff preview highlights where attribution is missing; readers never see the flags."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_staff_preview_marks_uncited_sentences_and_unattributed_quotes(
    admin_client, seed_article, parse_html
):
    Article.objects.filter(pk=seed_article.pk).update(status=Article.Status.IN_REVIEW, published_at=None)

    page = parse_html(admin_client.get(seed_article.get_absolute_url()))

    marked = " ".join(mark.text for mark in page.find_all("mark", class_="flag-uncited"))
    assert "In the coming days, he will continue to meet" in marked
    assert "Israeli Foreign Minister Gabi Cohen reaffirmed" in marked
    assert "Prime Minister Benjamin Netanyahu" not in marked
    flagged = [q.text for q in page.find_all("q", class_="flag-unattributed")]
    assert flagged == [
        "urgent steps to restore calm.",
        "every visit of an American secretary of state is historic and important",
        "strengthens the relationship between our countries.",
    ]


def test_published_page_has_no_review_flags(client, seed_article):
    html = client.get(seed_article.get_absolute_url()).content.decode()

    assert "flag-uncited" not in html
    assert "flag-unattributed" not in html
