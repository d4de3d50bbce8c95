"""Reading never writes: a GET of any public or admin page sends no INSERT, UPDATE or DELETE.

Every public address of the access matrix, for every state of a brief and every kind of
visitor, and every page of the admin (each model's list, add form, change form, history
and delete confirmation, and the brief's own history, compare, version, recovery and
refused-edit pages) is read inside a capture of the queries it makes.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from archive.services import given_text, source_copy_store
from articles.models import Article, Correction
from editorial import services
from editorial.briefdiff import BriefSnapshot
from editorial.snapshots import versions_of_article
from review.services import attribution_sign_off, gate_override_record, publication_gate, warning_accept
from tests.builders import make_article

from .access import STATES, public_urls

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")


def writes_of(client, url):
    """(status code, the writing statements a GET of `url` sent)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    written = [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(WRITES)]
    return response.status_code, written


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("visitor", ["anonymous", "reader", "staff"])
@pytest.mark.parametrize("state", STATES)
def test_public_pages_write_nothing(
    client, settings, make_brief, newsroom, reader, admin_user, visitor, state
):
    """Read twice, so that both rendering a page and serving it from the cache are covered."""
    settings.PAGE_CACHE = True
    if visitor != "anonymous":
        client.force_login(reader if visitor == "reader" else admin_user)
    brief = make_brief(state)

    for url in [*public_urls(brief, newsroom).values(), "/robots.txt", "/sitemap.xml", "/healthz"]:
        for _ in range(2):
            status, written = writes_of(client, url)
            assert status in (200, 404), url
            assert written == [], url


@pytest.fixture
def newsroom_in_the_admin(seed_article, admin_user, people):
    """A row of every model the admin lists, and a brief with history, a deleted brief, a refused edit."""
    editor, reviewer, publisher = people["editor"], people["reviewer"], people["publisher"]
    brief = make_article(
        body="The quay reopened.[0] “We are ready,” said Mira Lund.[0]",
        headline="Quay",
        status=Article.Status.DRAFT,
    )
    services.article_submit(article=brief, user=editor)
    services.note_add(article=brief, user=editor, text="Check the quay's name.")
    services.editing_session_open(article=brief, user=editor)
    warning_accept(
        article=seed_article, user=reviewer, code="uncited-sentence", text="x", reason="common-knowledge"
    )
    gate_override_record(article=brief, user=publisher, reason="Breaking news.", gate=publication_gate(brief))
    Correction.objects.create(article=seed_article, text="The minister is Eli Cohen.")
    signed = make_article(body="Signed.[0]", headline="Signed")
    attribution_sign_off(article=signed, user=reviewer)
    snapshot = BriefSnapshot(headline="Quay", slug="quay", standfirst="", body="Other words.")
    refused = services.refused_edit_record(article=brief, user=editor, opened=snapshot, submitted=snapshot)
    gone = make_article(body="Gone.[0]", headline="Gone", status=Article.Status.DRAFT)
    services.article_delete(article=gone, user=admin_user)
    services.article_restore(
        article=seed_article, version=versions_of_article(seed_article.pk).first(), user=editor
    )
    source_copy_store(
        source=seed_article.citations.first().source, user=editor, given=given_text(text="Cohen spoke.")
    )
    return {"brief": seed_article, "refused": refused}


def admin_urls(user, brief, refused):
    """Every page of the admin site this user may open, as the admin's own index lists them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for app in admin.site.get_app_list(request):
        urls.append(app["app_url"])
        for entry in app["models"]:
            model = entry["model"]
            urls.append(entry["admin_url"])
            if entry.get("add_url"):
                urls.append(entry["add_url"])
            row = model._default_manager.order_by("pk").first()
            if row is not None:
                name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
                urls += [reverse(f"{name}_{page}", args=[row.pk]) for page in ("change", "history", "delete")]
    versions = versions_of_article(brief.pk)
    deleted = Version.objects.get_deleted(Article).first()
    urls += [
        reverse("admin:articles_article_compare", args=[brief.pk]),
        reverse("admin:articles_article_compare", args=[brief.pk])
        + f"?from={versions.last().pk}&to={versions.first().pk}",
        reverse("admin:articles_article_revision", args=[brief.pk, versions.last().pk]),
        reverse("admin:articles_article_recoverlist"),
        reverse("admin:articles_article_recover", args=[deleted.pk]),
        reverse("admin:articles_article_refused_edit", args=[refused.article_id, refused.pk]),
        reverse("admin:autocomplete") + "?app_label=articles&model_name=citation&field_name=source&term=a",
    ]
    return urls


@pytest.mark.parametrize("role", ["superuser", "editor", "reviewer", "publisher"])
def test_admin_pages_write_nothing(client, people, newsroom_in_the_admin, role):
    user = get_user_model().objects.get(pk=people[role].pk)
    client.force_login(user)
    urls = admin_urls(user, newsroom_in_the_admin["brief"], newsroom_in_the_admin["refused"])
    assert len(urls) > 40

    for url in urls:
        status, written = writes_of(client, url)
        assert status in (200, 302, 403), url
        assert written == [], url


def test_the_brief_change_form_runs_the_checker_once(login, newsroom_in_the_admin, monkeypatch):
    """For a publisher too, whose publish button needs the attribution gate beside the report panel."""
    from review import services as review_services

    runs = []
    check_brief = review_services.check_brief
    monkeypatch.setattr(
        review_services, "check_brief", lambda *args, **kwargs: runs.append(1) or check_brief(*args, **kwargs)
    )
    brief = newsroom_in_the_admin["brief"]
    Article.objects.filter(pk=brief.pk).update(status=Article.Status.IN_REVIEW, published_at=None)

    for role in ("editor", "publisher", "reviewer"):
        runs.clear()
        response = login(role).get(reverse("admin:articles_article_change", args=[brief.pk]))
        assert response.status_code == 200
        assert "Attribution report" in response.content.decode()
        assert len(runs) == 1, role
