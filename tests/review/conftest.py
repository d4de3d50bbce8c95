import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission


def make_staff(username, *permissions):
    """A staff user holding exactly `permissions` ("app_label.codename")."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def reviewer(db):
    return make_staff(
        "reviewer",
        "articles.view_article",
        "review.sign_off_attribution",
        "review.add_acceptedwarning",
    )


@pytest.fixture
def desk_editor(db):
    """Edits briefs but may not review attribution."""
    return make_staff("desk", "articles.view_article", "articles.change_article", "articles.add_article")


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login
