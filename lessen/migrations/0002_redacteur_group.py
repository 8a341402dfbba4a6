"""The group 'Redacteur': exactly the permissions an editor of the content needs.

Content (lessons, themes, citations, sources, authors, tags): view, add, change, delete.
Users, groups, permissions, sessions and the admin log: nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redacteur"
CONTENT_MODELS = {
    "lessen": ["les", "thema", "vermelding"],
    "bronnen": ["auteur", "bron", "bronauteur"],
    "taggit": ["tag", "taggeditem"],
}
ACTIONS = ["view", "add", "change", "delete"]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the group can
    # hold them on a fresh database.
    for app_label in CONTENT_MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ACTIONS
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0001_initial"),
        ("bronnen", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
