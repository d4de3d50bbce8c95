"""The archive in the newsroom's roles: everyone reads it, editors also give sources' texts and ask for
fetches (editorial's migration 0002_roles made the groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERYONE = ["archive.view_sourcecopy", "archive.view_archivestate"]
ROLES = {"Editor": [*EVERYONE, "archive.add_sourcecopy"], "Reviewer": EVERYONE, "Publisher": EVERYONE}


def add_to_roles(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label="archive", codename=permission.split(".")[1])
                for permission in permissions
            )
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial"), ("editorial", "0002_roles")]

    operations = [migrations.RunPython(add_to_roles, migrations.RunPython.noop)]
