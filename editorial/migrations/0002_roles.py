"""The newsroom's roles as groups: Editor, Reviewer, Publisher (docs/workflow.md, "Roles").

A person may be in several groups: a senior editor who also publishes is in
Editor and Publisher. Superusers need no group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_EVERYTHING = [
    "articles.view_article",
    "articles.view_byline",
    "articles.view_citation",
    "articles.view_quote",
    "articles.view_correction",
    "sources.view_outlet",
    "sources.view_source",
    "sources.view_person",
    "review.view_signoff",
    "review.view_gateoverride",
    "review.view_acceptedwarning",
    "editorial.view_transition",
    "editorial.view_editorialnote",
    "editorial.add_editorialnote",
]

ROLES = {
    "Editor": VIEW_EVERYTHING
    + [
        "articles.add_article",
        "articles.change_article",
        "articles.submit_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.add_citation",
        "articles.change_citation",
        "articles.delete_citation",
        "articles.change_quote",
        "sources.add_outlet",
        "sources.change_outlet",
        "sources.add_source",
        "sources.change_source",
        "sources.add_person",
        "sources.change_person",
    ],
    "Reviewer": VIEW_EVERYTHING
    + [
        "review.sign_off_attribution",
        "review.add_acceptedwarning",
    ],
    "Publisher": VIEW_EVERYTHING
    + [
        "articles.publish_article",
        "articles.add_correction",
        "review.override_attribution_gate",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are otherwise created after all migrations have run; the groups need them now.
    for label in ("articles", "sources", "review", "editorial"):
        app_config = apps.get_app_config(label)
        # create_permissions() skips an app without a models module, as historical apps are.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = []
        for permission in permissions:
            app_label, codename = permission.split(".")
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0003_workflow_status_and_permissions"),
        ("sources", "0001_initial"),
        ("review", "0001_initial"),
        ("editorial", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
