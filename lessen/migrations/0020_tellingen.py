"""How many published lessons each theme, source, author and tag has, and in all: kept by the services
(lessen/counts.py) instead of counted over the library for every page that shows them; filled here
with the historical models and this migration's own code."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Les = apps.get_model("lessen", "Les")
    Vermelding = apps.get_model("lessen", "Vermelding")
    Telling = apps.get_model("lessen", "Telling")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    published = Les.objects.filter(status="gepubliceerd").values("pk")
    vermeldingen = Vermelding.objects.filter(les__in=published)
    distinct = Count("les", distinct=True)
    counted = {
        "thema": (Les.themas.through.objects.filter(les__in=published), "thema", Count("les")),
        "bron": (vermeldingen.annotate(bundel=Coalesce("bron__onderdeel_van", "bron")), "bundel", distinct),
        "bron_eigen": (vermeldingen, "bron", distinct),
        "auteur": (vermeldingen, "bron__bronauteurs__auteur", distinct),
    }
    les_type = ContentType.objects.filter(app_label="lessen", model="les").first()
    if les_type is not None:
        tagged = TaggedItem.objects.filter(content_type=les_type, object_id__in=published)
        counted["tag"] = (tagged, "tag", Count("object_id"))
    rows = [Telling(soort="lessen", waarde=0, aantal=published.count())]
    for soort, (links, value, aantal) in counted.items():
        for waarde, n in links.values_list(value).annotate(n=aantal).order_by():
            if waarde and n:
                rows.append(Telling(soort=soort, waarde=waarde, aantal=n))
    Telling.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0019_plaats_in_de_bron"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Telling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "soort",
                    models.CharField(
                        choices=[
                            ("lessen", "alle lessen"),
                            ("thema", "thema"),
                            ("bron", "bron (een bundel met de lessen van haar essays)"),
                            ("bron_eigen", "bron (alleen haar eigen lessen)"),
                            ("auteur", "auteur"),
                            ("tag", "tag"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "waarde",
                    models.PositiveIntegerField(
                        help_text="Het nummer van het thema, de bron, auteur of tag; 0 bij alle lessen."
                    ),
                ),
                ("aantal", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "telling",
                "verbose_name_plural": "tellingen",
                "constraints": [models.UniqueConstraint(fields=("soort", "waarde"), name="telling_uniek")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
