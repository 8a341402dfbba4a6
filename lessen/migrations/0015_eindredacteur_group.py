"""The group 'Eindredacteur': what a Redacteur may do, and publishing lessons and taking them offline.

An Eindredacteur approves what another editor wrote (`lessen.services.publiceren` refuses the
authors of the change); a Redacteur writes, edits and submits lessons for review.
"""

from importlib import import_module

from django.contrib.auth.management import create_permissions
from django.db import migrations

redacteur = import_module("lessen.migrations.0002_redacteur_group")

GROUP_NAME = "Eindredacteur"
EXTRA = [("lessen", "publish_les")]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("lessen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)  # publish_les, new in 0013
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    extra = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in EXTRA
    ]
    # Everything the Redacteur group may do by now (0002, and relations since 0013), and publishing.
    group.permissions.set([*Group.objects.get(name=redacteur.GROUP_NAME).permissions.all(), *extra])


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("lessen", "0014_ruwe_concepten_en_beoordeling")]

    operations = [migrations.RunPython(create_group, remove_group)]
