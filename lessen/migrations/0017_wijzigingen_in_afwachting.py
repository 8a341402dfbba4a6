from importlib import import_module

from django.db import migrations, models

content_stamp = import_module("lessen.migrations.0006_content_stamp")


def untrack_versions(apps, schema_editor):
    """A version waiting for publication changes nothing readers see, so writing one must not change
    the content stamp. Every version readers do see is written together with the lesson's own row
    (lessen.services), whose trigger changes the stamp."""
    table = apps.get_model("lessen", "HistoricalLes")._meta.db_table
    for sql in content_stamp._drop_sql(schema_editor.connection.vendor, table):
        schema_editor.execute(sql)


def track_versions(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(content_stamp._POSTGRES_FUNCTION)
    table = apps.get_model("lessen", "HistoricalLes")._meta.db_table
    for sql in content_stamp._trigger_sql(vendor, table):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0016_controle_tegen_de_bron"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalles",
            name="in_afwachting",
            field=models.BooleanField(default=False, verbose_name="wacht op publicatie"),
        ),
        migrations.AddField(
            model_name="historicalles",
            name="opmerking",
            field=models.TextField(blank=True, max_length=2000),
        ),
        # On SQLite adding a column remakes the table without its triggers; PostgreSQL keeps them.
        migrations.RunPython(untrack_versions, track_versions),
    ]
