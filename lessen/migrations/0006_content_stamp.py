"""The content stamp: a single row that triggers on every content table change on each write.

Public pages derive their ETag, Last-Modified and page-cache key from it (lessen/content_stamp.py).
"""

from django.db import migrations, models
from django.utils import timezone

from lessen import content_stamp


def create_row(apps, schema_editor):
    apps.get_model("lessen", "ContentStamp").objects.create(id=1, counter=0, changed_at=timezone.now())


def delete_row(apps, schema_editor):
    apps.get_model("lessen", "ContentStamp").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0005_search_index"),
        ("omleidingen", "0001_oude_slugs"),
        ("bronnen", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("counter", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "inhoudsstempel", "verbose_name_plural": "inhoudsstempels"},
        ),
        migrations.RunPython(create_row, delete_row),
        content_stamp.track(
            "lessen.Les",
            "lessen.Thema",
            "lessen.Vermelding",
            "lessen.HistoricalLes",
            "lessen.Wikilink",
            "lessen.PubliekeNaam",
            "omleidingen.OudeSlug",
            "bronnen.Bron",
            "bronnen.Auteur",
            "bronnen.BronAuteur",
            "taggit.Tag",
            "taggit.TaggedItem",
        ),
    ]
