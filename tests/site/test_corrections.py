"""Corrections: added in the admin to published briefs, shown openly, kept for good."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.utils import timezone

from articles.admin import CorrectionInline
from articles.models import Article, Correction
from tests.builders import make_article

from .data import SEED_CORRECTION

pytestmark = pytest.mark.django_db


def test_corrections_page_lists_published_corrections_newest_first(client, parse_html, seed):
    older = make_article(headline="Older brief")
    Correction.objects.create(
        article=older,
        kind=Correction.Kind.CLARIFICATION,
        text="We meant the old bridge.",
        published_at=timezone.now() - timedelta(days=2),
    )

    page = parse_html(client.get("/corrections/"))

    items = page.find("ol", class_="correction-list").find_all("li")
    assert [item.find_all("p")[1].text for item in items] == [SEED_CORRECTION, "We meant the old bridge."]
    assert items[1].find("strong").text == "Clarification"
    assert items[0].find_all("a")[0].attrs["href"] == (
        f"{seed['article'].get_absolute_url()}#correction-{seed['correction'].pk}"
    )


def test_corrections_to_unpublished_briefs_are_not_listed(client, parse_html, seed):
    Article.objects.filter(pk=seed["article"].pk).update(status=Article.Status.DRAFT)

    response = client.get("/corrections/")

    assert "No corrections have been published." in response.content.decode()


def test_corrections_page_numbers_that_do_not_exist_are_404(client, seed):
    assert client.get("/corrections/", {"page": 2}).status_code == 404


def test_a_corrected_brief_cannot_be_deleted(seed):
    with pytest.raises(ProtectedError):
        seed["article"].delete()


def test_admin_offers_corrections_only_on_published_briefs(rf, editor):
    inline = CorrectionInline(Article, admin.site)
    request = rf.get("/")
    request.user = editor

    assert inline.has_add_permission(request, make_article())
    assert not inline.has_add_permission(request, make_article(status="draft"))
    assert not inline.has_add_permission(request, None)


def test_admin_offers_no_way_to_delete_a_correction(editor_client, seed):
    html = editor_client.get(f"/admin/articles/article/{seed['article'].pk}/change/").content.decode()

    assert "He is Eli Cohen." in html
    assert 'name="corrections-0-DELETE"' not in html


def form_data(form):
    """What a browser would submit for `form` as it stands."""
    data = {}
    for field in form.find_all("input"):
        name, kind = field.attrs.get("name"), field.attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in field.attrs:
            continue
        data[name] = field.attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
    for field in form.find_all("textarea"):
        data[field.attrs["name"]] = field.text.removeprefix("\n")
    for field in form.find_all("select"):
        chosen = [
            option.attrs.get("value", option.text)
            for option in field.find_all("option")
            if "selected" in option.attrs
        ]
        data[field.attrs["name"]] = chosen[0] if chosen else ""
    return data


def test_editor_adds_a_correction_in_the_admin(editor_client, parse_html, seed_article):
    change_url = f"/admin/articles/article/{seed_article.pk}/change/"
    form = parse_html(editor_client.get(change_url)).find("form", id="article_form")
    data = form_data(form)
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "clarification",
            "corrections-0-published_at_0": "2023-02-01",
            "corrections-0-published_at_1": "09:30:00",
            "corrections-0-text": "The meeting was in Jerusalem, not Tel Aviv.",
            "_continue": "Save and continue editing",
        }
    )

    response = editor_client.post(change_url, data)

    assert response.status_code == 302, response.context and response.context.get("errors")
    correction = seed_article.corrections.get()
    assert correction.kind == "clarification"
    assert correction.text == "The meeting was in Jerusalem, not Tel Aviv."
