"""A JSON backup made with `manage.py backup`, as docs/deploying.md says, restores every brief and
everything it cites, and only its owner can read it."""

import os
import stat
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

from articles.models import Article, Byline, Citation, Correction, Quote
from sources.models import Outlet, Person, Source
from tests.builders import make_article, make_person, make_source

CONTENT_MODELS = [Outlet, Source, Person, Article, Byline, Citation, Quote, Correction, User, Group]


def to_milliseconds(value):
    """Django's JSON serializer writes times to the millisecond."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def content():
    """Every row of the content models, field by field, including primary keys."""
    rows = {}
    for model in CONTENT_MODELS:
        rows[model.__name__] = [
            {
                field.attname: to_milliseconds(getattr(row, field.attname))
                for field in model._meta.concrete_fields
            }
            for row in model._default_manager.order_by("pk")
        ]
    rows["group permissions"] = sorted(
        (group.name, permission.codename)
        for group in Group.objects.all()
        for permission in group.permissions.all()
    )
    return rows


@pytest.fixture
def newsroom_content(seed_article):
    writer = make_person(full_name="Ada Writer", role="Correspondent", other_names="A. Writer\nAda")
    Byline.objects.create(article=seed_article, person=writer, position=0)
    speaker = make_person(full_name="Eli Cohen", role="Foreign Minister of Israel")
    seed_article.quotes.filter(text__startswith="every visit").update(speaker=speaker)
    Correction.objects.create(article=seed_article, text="An earlier version misnamed the minister.")
    linked = make_source(
        title="A “linked” source",
        url="https://example.org/story",
        archived_url="https://web.archive.org/web/2023/https://example.org/story",
        accessed_on=date(2023, 2, 1),
    )
    make_article(
        headline="A draft", body="“Quoted” text.[0]", references=[linked], status=Article.Status.DRAFT
    )
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="articles"))
    User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True).groups.add(editors)


@pytest.fixture
def permissive_umask():
    """The umask most systems give their users, under which new files are readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.django_db(transaction=True)
def test_backup_flush_load_restores_equal_content(newsroom_content, tmp_path):
    before = content()
    assert all(before[model.__name__] for model in CONTENT_MODELS)
    backup = tmp_path / "backup.json"

    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    assert content() == before


@pytest.mark.django_db(transaction=True)
def test_new_briefs_can_be_added_after_a_restore(newsroom_content, tmp_path):
    """Primary-key sequences are moved past the restored rows (PostgreSQL)."""
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(backup), verbosity=0)

    article = make_article(headline="After the restore", body="New.[0]")

    assert article.pk > max(Article.objects.exclude(pk=article.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_references_to_outlets_people_and_briefs_are_written_as_natural_keys(newsroom_content, tmp_path):
    backup = tmp_path / "backup.json"

    call_command("backup", str(backup), verbosity=0)

    text = backup.read_text()
    assert '"person": ["ada-writer"]' in text
    assert '"outlet": ["The Jerusalem Post"]' in text
    assert '"article": ["us-secretary-of-state-blinken-visits-israel' in text


@pytest.mark.django_db
def test_backup_is_readable_by_its_owner_only(newsroom_content, tmp_path, permissive_umask):
    """It holds every user's password hash."""
    backup = tmp_path / "backup.json"

    call_command("backup", str(backup), verbosity=0)

    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert '"password": "' in backup.read_text()


@pytest.mark.django_db
def test_an_existing_file_is_made_private_before_the_backup_is_written(newsroom_content, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text("an older backup")
    backup.chmod(0o644)

    call_command("backup", str(backup), verbosity=0)

    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "an older backup" not in backup.read_text()


@pytest.mark.django_db
def test_a_backup_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("backup", str(tmp_path / "missing" / "backup.json"), verbosity=0)
