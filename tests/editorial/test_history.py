"""Revision history: every save kept with references, quotes and bylines; differences; restore; recover."""

import pytest
from reversion.models import Version

from articles.models import Article, Citation
from brieftext.parser import parse_brief
from editorial.models import EditorialNote, Transition
from editorial.services import brief_import
from editorial.snapshots import snapshot_of_version, versions_of_article
from tests.builders import make_article, make_person, make_source

from .helpers import admin_url, change_url, messages_of, open_brief, open_form

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def edited_brief(login, parse_html):
    """A draft saved three times in the admin by an editor: first as made, then with new text and sources."""
    first_source, second_source = make_source(title="First report"), make_source(title="Second report")
    article = make_article(
        headline="Flood warning",
        body="The river rose.[0]\n\nOfficials said “stay home”.[1]",
        references=[first_source, make_source(title="Council statement")],
        status=Status.DRAFT,
    )
    article.bylines.create(person=make_person(full_name="Sam Byline"))
    client = login("editor")
    save(client, parse_html, article)
    data = open_brief(client, parse_html, article)
    data["body"] = "The river rose sharply overnight.[0]\n\nOfficials said “stay indoors”.[1]"
    assert (data["citations-0-key"], data["citations-0-source"]) == ("0", str(first_source.pk))
    data["citations-0-source"] = str(second_source.pk)
    assert client.post(change_url(article), {**data, "_save": "Save"}).status_code == 302
    return article, first_source, second_source


def save(client, parse_html, article, **changes):
    data = {**open_brief(client, parse_html, article), **changes}
    response = client.post(change_url(article), {**data, "_save": "Save"})
    assert response.status_code == 302, response.context and response.context["errors"]


def test_every_save_keeps_the_brief_with_its_citations_quotes_and_bylines(edited_brief):
    article, first_source, second_source = edited_brief

    newer, older = [snapshot_of_version(version) for version in versions_of_article(article.pk)]

    assert older.body == "The river rose.[0]\n\nOfficials said “stay home”.[1]"
    assert [c.key for c in older.citations] == [0, 1]
    assert older.citations[0].source_id == first_source.pk
    assert [q.text for q in older.quotes] == ["stay home"]
    assert [b.name for b in older.bylines] == ["Sam Byline"]
    assert newer.body == "The river rose sharply overnight.[0]\n\nOfficials said “stay indoors”.[1]"
    assert newer.citations[0].source_id == second_source.pk
    assert [q.text for q in newer.quotes] == ["stay indoors"]


def test_history_page_lists_the_versions_with_who_and_what(login, edited_brief, parse_html):
    article, _, _ = edited_brief

    page = parse_html(login("reviewer").get(admin_url("articles_article_history", article.pk)))

    rows = page.find("table", id="brief-versions").find("tbody").find_all("tr", class_="timeline-saved")
    cells = [[cell.text for cell in row.find_all("td")[2:]] for row in rows]
    cells[0][3] = cells[0][3].split("Outlet")[0]  # the outlet's name is made up by the builder
    assert cells == [
        [
            "editor-user",
            "Saved",
            "Draft",
            "Changed: Body, paragraph 1; Body, paragraph 2; Reference “First report (",
        ],
        ["editor-user", "Saved", "Draft", "Saved with no change to the content."],
    ]


def test_diff_between_two_versions_shows_body_citations_and_quotes(login, edited_brief, parse_html):
    article, _, _ = edited_brief
    newer, older = versions_of_article(article.pk)

    response = login("reviewer").get(
        admin_url("articles_article_compare", article.pk), {"from": older.pk, "to": newer.pk}
    )

    assert response.status_code == 200
    diff = parse_html(response).find("div", class_="brief-diff")
    changed = diff.find_all("p", class_="diff-paragraph diff-changed")
    assert [element.text for element in changed[0].find_all("ins")] == [" sharply overnight"]
    assert [element.text for element in changed[1].find_all("del")] == ["home"]
    assert [element.text for element in changed[1].find_all("ins")] == ["indoors"]
    (changed_reference,) = diff.find_all("li", class_="diff-changed")
    assert changed_reference.find("del").text.startswith("First report (")
    assert changed_reference.find("ins").text.startswith("Second report (")
    quotes = diff.find_all("li", class_="diff-removed") + diff.find_all("li", class_="diff-added")
    assert [item.text.strip() for item in quotes] == [
        "“stay home” — no speaker",
        "“stay indoors” — no speaker",
    ]


def test_comparing_with_the_current_brief(login, edited_brief, parse_html):
    article, _, _ = edited_brief
    newer, _ = versions_of_article(article.pk)

    response = login("editor").get(admin_url("articles_article_compare", article.pk), {"from": newer.pk})

    assert "No difference" in parse_html(response).find("div", class_="brief-diff").text


def test_a_version_of_another_brief_cannot_be_compared(login, edited_brief):
    article, _, _ = edited_brief
    other = make_article(status=Status.DRAFT)
    version_of_article = versions_of_article(article.pk).first()

    response = login("editor").get(
        admin_url("articles_article_compare", other.pk), {"from": version_of_article.pk}
    )

    assert response.status_code == 404


def test_restoring_a_version_brings_back_text_and_sources_and_keeps_status(
    login, people, edited_brief, parse_html
):
    article, first_source, _ = edited_brief
    Article.objects.filter(pk=article.pk).update(status=Status.IN_REVIEW)
    _, older = versions_of_article(article.pk)
    client = login("editor")

    page = parse_html(client.get(admin_url("articles_article_revision", article.pk, older.pk)))
    assert page.find("button", id="restore-button")
    response = client.post(admin_url("articles_article_revision", article.pk, older.pk), follow=True)

    article.refresh_from_db()
    assert article.body == "The river rose.[0]\n\nOfficials said “stay home”.[1]"
    assert article.citations.get(key=0).source == first_source
    assert [quote.text for quote in article.quotes.all()] == ["stay home"]
    assert [str(byline) for byline in article.bylines.all()] == ["Sam Byline"]
    assert article.status == Status.IN_REVIEW
    latest = versions_of_article(article.pk).first()
    assert latest.revision.user == people["editor"]
    assert latest.revision.comment.startswith("Restored the version of")
    assert len(versions_of_article(article.pk)) == 3
    assert "The version was restored; the one it replaced is in the history." in messages_of(response)


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_roles_that_cannot_edit_can_read_versions_but_not_restore(login, edited_brief, parse_html, role):
    article, _, _ = edited_brief
    _, older = versions_of_article(article.pk)
    client = login(role)
    url = admin_url("articles_article_revision", article.pk, older.pk)

    page = parse_html(client.get(url))
    response = client.post(url)

    assert not page.find_all("button", id="restore-button")
    assert "The river rose.[0]" in page.find("div", class_="brief-snapshot").text
    assert response.status_code == 403
    article.refresh_from_db()
    assert "sharply" in article.body


def test_groupless_staff_see_no_history(login, edited_brief):
    article, _, _ = edited_brief

    assert login("groupless").get(admin_url("articles_article_history", article.pk)).status_code == 403


def test_a_deleted_brief_is_recovered_as_a_draft_with_everything(login, people, parse_html):
    article = make_article(
        headline="Brief to lose", body="It happened.[0] She said “no”.[0]", status=Status.PUBLISHED
    )
    article.bylines.create(person=make_person(full_name="Pat Writer"))
    EditorialNote.objects.create(article=article, author=people["editor"], text="Check the spelling.")
    Transition.objects.create(
        article=article, headline=article.headline, from_status="review", to_status="published"
    )
    pk, slug = article.pk, article.slug
    assert (
        login("superuser").post(admin_url("articles_article_delete", pk), {"post": "yes"}).status_code == 302
    )
    assert not Article.objects.filter(pk=pk).exists()

    client = login("editor")
    listing = parse_html(client.get(admin_url("articles_article_recoverlist")))
    link = listing.find("table", id="change-history").find("a")
    assert listing.find("table", id="change-history").find("td").text == "Brief to lose"
    assert client.get(link.attrs["href"]).status_code == 200
    response = client.post(link.attrs["href"])

    recovered = Article.objects.get(pk=pk)
    assert response.url == change_url(recovered)
    assert (recovered.slug, recovered.status, recovered.published_at) == (slug, Status.DRAFT, None)
    assert recovered.citations.count() == 1
    assert [quote.text for quote in recovered.quotes.all()] == ["no"]
    assert [str(byline) for byline in recovered.bylines.all()] == ["Pat Writer"]
    assert [note.text for note in recovered.editorial_notes.all()] == ["Check the spelling."]
    assert list(recovered.transitions.values_list("from_status", "to_status")) == [
        ("published", "draft"),
        ("review", "published"),
    ]


@pytest.mark.parametrize("role", ["reviewer", "publisher", "groupless"])
def test_only_editors_recover(login, role):
    article = make_article(status=Status.DRAFT)
    login("superuser").post(admin_url("articles_article_delete", article.pk), {"post": "yes"})
    (version,) = Version.objects.get_deleted(Article)

    response = login(role).post(admin_url("articles_article_recover", version.pk))

    assert response.status_code == 403
    assert not Article.objects.filter(pk=article.pk).exists()


def test_recovery_is_refused_when_the_address_was_taken_since(login):
    article = make_article(status=Status.DRAFT, headline="Taken address")
    login("superuser").post(admin_url("articles_article_delete", article.pk), {"post": "yes"})
    make_article(status=Status.DRAFT, headline="Taken address")
    (version,) = Version.objects.get_deleted(Article)

    response = login("editor").post(admin_url("articles_article_recover", version.pk), follow=True)

    assert not Article.objects.filter(pk=article.pk).exists()
    assert any("now has the address" in text for text in messages_of(response))


def test_importing_a_brief_file_creates_a_version(seed_bytes):
    article = brief_import(parsed=parse_brief(seed_bytes)).article

    (version,) = versions_of_article(article.pk)
    snapshot = snapshot_of_version(version)
    assert snapshot.body == article.body
    assert len(snapshot.citations) == 5
    assert len(snapshot.quotes) == 6
    assert version.revision.comment == "Brief file import: created."


def test_editing_a_citation_on_its_own_page_adds_a_version_of_the_brief(login, parse_html, edited_brief):
    article, first_source, _ = edited_brief
    citation = article.citations.get(key=0)
    client = login("editor")
    url = admin_url("articles_citation_change", citation.pk)
    data = open_form(client, parse_html, url, "citation_form")

    client.post(url, {**data, "source": str(first_source.pk), "_save": "Save"})

    latest = versions_of_article(article.pk).first()
    assert snapshot_of_version(latest).citations[0].source_id == first_source.pk
    assert Citation.objects.get(pk=citation.pk).source == first_source
