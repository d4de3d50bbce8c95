"""Preview: editors, reviewers and publishers see a draft exactly as readers will, marked as a preview."""

import pytest

from articles.models import Article
from tests.builders import make_article

from .helpers import change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article(
        headline="Draft under review", body="Something happened.[0]", status=Article.Status.DRAFT
    )


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher", "superuser"])
def test_staff_with_a_role_preview_a_draft_at_its_public_address(login, draft, parse_html, role):
    response = login(role).get(draft.get_absolute_url())

    assert response.status_code == 200
    page = parse_html(response)
    assert page.find("p", class_="preview-banner").text.startswith("Preview: this brief is draft")
    assert page.find("h1").text == "Draft under review"
    assert response["X-Robots-Tag"] == "noindex"
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["anonymous", "groupless"])
def test_others_get_a_404(login, draft, role):
    assert login(role).get(draft.get_absolute_url()).status_code == 404


def test_the_preview_shows_the_brief_as_readers_will(login, client, draft):
    preview = login("reviewer").get(draft.get_absolute_url()).content.decode()
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED, published_at=draft.created_at)
    client.logout()
    published = client.get(draft.get_absolute_url()).content.decode()

    def body_to_end(html):
        """The body, footnotes and quotes: everything but the banner and the dateline."""
        return html[html.index('<div class="brief-body"') : html.index("</article>")]

    assert body_to_end(preview) == body_to_end(published)
    assert "Something happened." in body_to_end(preview)


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_the_change_form_has_a_preview_button(login, draft, parse_html, role):
    page = parse_html(login(role).get(change_url(draft)))

    button = page.find("a", id="preview-button")
    assert button.attrs["href"] == draft.get_absolute_url()
    assert button.text == "Preview"


def test_a_published_brief_is_not_marked_as_a_preview(login):
    article = make_article(status=Article.Status.PUBLISHED)

    response = login("editor").get(article.get_absolute_url())

    assert "preview-banner" not in response.content.decode()
    assert "X-Robots-Tag" not in response
