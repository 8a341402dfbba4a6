"""Each lesson's first place in a source, kept by the services for the list in source order
(`?volgorde=bron`), instead of three subqueries per lesson on every page; filled here with the
historical models."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Les = apps.get_model("lessen", "Les")
    Vermelding = apps.get_model("lessen", "Vermelding")
    eerste = (
        Vermelding.objects.filter(les=OuterRef("pk"))
        .annotate(bron_titel=Coalesce("bron__onderdeel_van__titel", "bron__titel"))
        .order_by("bron_titel", "bron__volgorde", "bron__titel", "volgorde", "locator")
    )

    def first(field):
        return Subquery(eerste.values(field)[:1])

    Les.objects.update(
        plaats_bron=first("bron_titel"), plaats_essay=first("bron__volgorde"), plaats=first("volgorde")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bronnen", "0002_adres_en_webadres_in_woorden_van_de_redactie"),
        ("lessen", "0018_verwante_lessen"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="les",
            name="plaats",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="les",
            name="plaats_bron",
            field=models.CharField(editable=False, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="les",
            name="plaats_essay",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="les",
            index=models.Index(
                fields=["status", "plaats_bron", "plaats_essay", "plaats", "titel", "id"],
                name="les_status_plaats",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
