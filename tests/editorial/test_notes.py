"""Editorial notes: staff leave notes on a brief; they show on the change form and never on the site."""

import pytest

from articles.models import Article
from editorial.models import EditorialNote
from tests.builders import make_article

from .helpers import change_url, messages_of, open_brief

pytestmark = pytest.mark.django_db

NOTE = "Second source needed for the casualty figure."


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher", "superuser"])
def test_staff_with_a_role_add_a_note(login, people, parse_html, role):
    article = make_article(status=Article.Status.IN_REVIEW)
    client = login(role)
    data = open_brief(client, parse_html, article)

    response = client.post(change_url(article), {**data, "_add_note": "1", "editorial_note-text": NOTE})

    assert response.status_code == 302
    note = EditorialNote.objects.get(article=article)
    assert (note.author, note.text) == (people[role], NOTE)


def test_notes_show_who_when_and_what_on_the_change_form(login, people, parse_html):
    article = make_article(status=Article.Status.IN_REVIEW)
    EditorialNote.objects.create(
        article=article, author=people["reviewer"], text=f"{NOTE}\nCall the ministry."
    )

    page = parse_html(login("editor").get(change_url(article)))

    (note,) = page.find("ol", class_="editorial-note-list").find_all("li")
    assert note.find("p", class_="note-meta").text.startswith("reviewer-user, ")
    assert note.find("div", class_="note-text").text == f"{NOTE}Call the ministry."


@pytest.mark.parametrize("role", ["anonymous", "groupless"])
def test_others_cannot_add_notes(login, role):
    article = make_article(status=Article.Status.IN_REVIEW)

    response = login(role).post(change_url(article), {"_add_note": "1", "editorial_note-text": NOTE})

    assert response.status_code in (302, 403)
    assert not EditorialNote.objects.exists()


def test_an_empty_note_is_refused(login, parse_html):
    article = make_article(status=Article.Status.IN_REVIEW)
    client = login("reviewer")
    data = open_brief(client, parse_html, article)

    response = client.post(
        change_url(article), {**data, "_add_note": "1", "editorial_note-text": "  "}, follow=True
    )

    assert not EditorialNote.objects.exists()
    assert "Write the note first." in messages_of(response)


def test_an_editor_saves_and_adds_a_note_in_one_go(login, parse_html):
    article = make_article(status=Article.Status.DRAFT)
    client = login("editor")
    data = open_brief(client, parse_html, article)

    client.post(
        change_url(article), {**data, "standfirst": "New.", "_add_note": "1", "editorial_note-text": NOTE}
    )

    article.refresh_from_db()
    assert article.standfirst == "New."
    assert EditorialNote.objects.get().text == NOTE


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_notes_never_appear_on_the_public_site(login, people, role):
    article = make_article(status=Article.Status.PUBLISHED, headline="Noted brief")
    EditorialNote.objects.create(article=article, author=people["editor"], text=NOTE)
    client = login(role)

    for url in [article.get_absolute_url(), "/", "/feeds/rss/", "/feeds/atom/", "/search/?q=casualty"]:
        assert NOTE not in client.get(url).content.decode(), url


def test_notes_are_not_in_a_preview(login, people):
    article = make_article(status=Article.Status.DRAFT)
    EditorialNote.objects.create(article=article, author=people["editor"], text=NOTE)

    response = login("reviewer").get(article.get_absolute_url())

    assert response.status_code == 200
    assert NOTE not in response.content.decode()
