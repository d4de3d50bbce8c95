"""Personas for the editorial workflow: one staff member per role, from the groups the migration makes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article
from review.services import attribution_sign_off
from tests.builders import make_article

ROLES = ["editor", "reviewer", "publisher", "groupless", "superuser"]
GROUPS = {"editor": "Editor", "reviewer": "Reviewer", "publisher": "Publisher"}


def make_staff(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", password=None, is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(db):
    """{role: user}: members of the Editor, Reviewer and Publisher groups, staff in no group, a superuser."""
    found = {role: make_staff(f"{role}-user", GROUPS.get(role)) for role in ROLES if role != "superuser"}
    found["superuser"] = get_user_model().objects.create_superuser("super-user", "super@example.org", None)
    return found


@pytest.fixture
def login(client, people):
    """login(role) -> the test client signed in as that persona ("anonymous": signed out)."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        return client

    return sign_in


@pytest.fixture
def ready_brief(people):
    """ready_brief(**overrides) -> a brief in review whose attribution a reviewer signed off."""

    def make(**overrides):
        overrides.setdefault("status", Article.Status.IN_REVIEW)
        article = make_article(**overrides)
        attribution_sign_off(article=article, user=people["reviewer"])
        return article

    return make
