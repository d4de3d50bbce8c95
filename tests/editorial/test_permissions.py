"""The permission matrix, through real admin requests: each role can do exactly its part.

Editor: create and edit briefs, references, quotes, sources, outlets and people; submit for review.
Reviewer: read everything, sign off attribution and accept warnings; nothing else.
Publisher: read everything, publish, unpublish, schedule, correct, override the gate; nothing else.
Staff in no group: nothing. Superusers: everything the admin allows anyone.
"""

import pytest

from articles.models import Article, Citation, Quote
from editorial.models import Transition
from review.models import GateOverride, SignOff
from review.services import StoredBrief, attribution_sign_off, content_seen_token
from sources.models import Outlet, Person, Source
from tests.builders import make_article, make_outlet, make_person, make_source

from .helpers import admin_url, open_form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "groupless", "editor", "reviewer", "publisher", "superuser"]
MODELS = [Article, Citation, Quote, Outlet, Source, Person, Transition, SignOff, GateOverride]
EDITABLE = {Article, Citation, Quote, Outlet, Source, Person}
CREATABLE = {Article, Citation, Outlet, Source, Person}

MAY = {
    "anonymous": {"view": set(), "add": set(), "change": set(), "delete": set()},
    "groupless": {"view": set(), "add": set(), "change": set(), "delete": set()},
    "editor": {"view": set(MODELS), "add": CREATABLE, "change": EDITABLE, "delete": {Citation}},
    "reviewer": {"view": set(MODELS), "add": set(), "change": set(), "delete": set()},
    "publisher": {"view": set(MODELS), "add": set(), "change": set(), "delete": set()},
    "superuser": {
        "view": set(MODELS),
        "add": CREATABLE,
        "change": EDITABLE,
        "delete": EDITABLE | {SignOff, GateOverride},
    },
}


def url_name(model, action):
    return f"{model._meta.app_label}_{model._meta.model_name}_{action}"


def label(value):
    return value._meta.model_name if hasattr(value, "_meta") else value


@pytest.fixture
def rows(people):
    """One row of every model in the matrix."""
    speaker = make_person(full_name="Eli Cohen")
    article = make_article(
        body="Eli Cohen said “yes”.[0]", status=Article.Status.DRAFT, headline="Matrix brief"
    )
    article.quotes.update(speaker=speaker)
    signoff = attribution_sign_off(article=article, user=people["reviewer"])
    return {
        Article: article,
        Citation: article.citations.get(),
        Quote: article.quotes.get(),
        Outlet: make_outlet(name="Matrix Outlet"),
        Source: make_source(title="Matrix source"),
        Person: make_person(full_name="Matrix Person"),
        Transition: Transition.objects.create(
            article=article,
            headline=article.headline,
            user=people["editor"],
            from_status="draft",
            to_status="review",
        ),
        SignOff: signoff,
        GateOverride: GateOverride.objects.create(
            article=article, user=people["superuser"], reason="Breaking news.", unresolved=[]
        ),
    }


def expect_refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(admin_url("login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("model", MODELS, ids=label)
@pytest.mark.parametrize("role", ROLES)
def test_viewing_the_list_and_a_row(login, rows, role, model):
    client = login(role)

    changelist = client.get(admin_url(url_name(model, "changelist")))
    change_page = client.get(admin_url(url_name(model, "change"), rows[model].pk))

    if model in MAY[role]["view"]:
        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count >= 1
        assert change_page.status_code == 200
    else:
        expect_refused(changelist, role)
        expect_refused(change_page, role)


@pytest.mark.parametrize("model", MODELS, ids=label)
@pytest.mark.parametrize("role", ROLES)
def test_opening_the_add_form(login, rows, role, model):
    response = login(role).get(admin_url(url_name(model, "add")))

    if model in MAY[role]["add"]:
        assert response.status_code == 200
    else:
        expect_refused(response, role)


def _edit(model, data, rows):
    """Change one field of the submitted form; return (field, the value to find stored)."""
    if model is Article:
        data["standfirst"] = "Changed through the admin."
        return "standfirst", "Changed through the admin."
    if model is Citation:
        data["key"] = "5"
        return "key", 5
    if model is Quote:
        data["speaker"] = str(rows[Person].pk)
        return "speaker_id", rows[Person].pk
    if model is Outlet:
        data["description"] = "Changed through the admin."
        return "description", "Changed through the admin."
    if model is Source:
        data["title"] = "Changed through the admin"
        return "title", "Changed through the admin"
    data["role"] = "Changed through the admin"
    return "role", "Changed through the admin"


@pytest.mark.parametrize("model", sorted(EDITABLE, key=label), ids=label)
@pytest.mark.parametrize("role", ROLES)
def test_saving_a_change(login, rows, parse_html, role, model):
    row = rows[model]
    url = admin_url(url_name(model, "change"), row.pk)
    data = open_form(login("superuser"), parse_html, url, f"{model._meta.model_name}_form")
    field, wanted = _edit(model, data, rows)
    before = getattr(row, field)

    response = login(role).post(url, {**data, "_save": "Save"})

    row.refresh_from_db()
    if model in MAY[role]["change"]:
        assert response.status_code == 302, response.context and response.context["errors"]
        assert getattr(row, field) == wanted
    else:
        expect_refused(response, role)
        assert getattr(row, field) == before


@pytest.mark.parametrize("model", [Transition, SignOff, GateOverride], ids=label)
def test_audit_records_cannot_be_changed_even_by_a_superuser(login, rows, model):
    url = admin_url(url_name(model, "change"), rows[model].pk)

    assert login("superuser").post(url, {"note": "rewritten", "reason": "rewritten"}).status_code == 403


def _deletable(model, rows):
    """A row of `model` that nothing protects from deletion."""
    if model is Article:
        return make_article(status=Article.Status.DRAFT, headline="Brief to delete")
    if model is Outlet:
        return make_outlet()
    if model is Source:
        return make_source()
    if model is Person:
        return make_person()
    return rows[model]


@pytest.mark.parametrize("model", MODELS, ids=label)
@pytest.mark.parametrize("role", ROLES)
def test_deleting(login, rows, role, model):
    row = _deletable(model, rows)

    response = login(role).post(admin_url(url_name(model, "delete"), row.pk), {"post": "yes"})

    if model in MAY[role]["delete"]:
        assert response.status_code == 302
        assert not model.objects.filter(pk=row.pk).exists()
    else:
        expect_refused(response, role)
        assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_signing_off_attribution_is_for_reviewers(login, role):
    # With its source's link, the brief has no open warning to confirm.
    article = make_article(
        status=Article.Status.IN_REVIEW, references=[make_source(url="https://example.org/reviewed")]
    )

    seen = content_seen_token(StoredBrief.read(article).content)

    response = login(role).post(admin_url("articles_article_sign_off", article.pk), {"signoff_content": seen})

    assert SignOff.objects.filter(article=article).exists() == (role in {"reviewer", "superuser"})
    if role in {"anonymous", "groupless"}:
        expect_refused(response, role)
