"""The content stamp: a single row that triggers on every content table change on each write.

Public pages derive their ETag, Last-Modified and page-cache key from it (lessen/caching.py).
A later migration that adds a content table installs the same trigger on it (see `track`).
"""

from django.db import migrations, models
from django.utils import timezone


TABLE = "lessen_contentstamp"
TRIGGER_PREFIX = "contentstamp_"
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def _trigger_sql(vendor, table):
    if vendor == "sqlite":
        upsert = (
            f"INSERT INTO {TABLE} (id, counter, changed_at) "
            "VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
            "ON CONFLICT(id) DO UPDATE SET counter = counter + 1, changed_at = excluded.changed_at;"
        )
        return [
            f"CREATE TRIGGER IF NOT EXISTS {TRIGGER_PREFIX}{table}_{event.lower()} "
            f"AFTER {event} ON {table} BEGIN {upsert} END"
            for event in SQLITE_EVENTS
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table} ON {table}",
            f"CREATE TRIGGER {TRIGGER_PREFIX}{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}bump()",
        ]
    raise NotImplementedError(f"Geen triggers voor de inhoudsstempel op {vendor}.")


def _drop_sql(vendor, table):
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table}_{event.lower()}" for event in SQLITE_EVENTS]
    return [f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{table} ON {table}"]


_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (id, counter, changed_at) VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET counter = {TABLE}.counter + 1, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$
"""


def _tables(apps, labels):
    """The tables of the given models, and of the many-to-many tables Django made for them."""
    tables = []
    for label in labels:
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def track(*labels):
    """A migration operation that makes writes to these models' tables change the stamp."""

    def install(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_POSTGRES_FUNCTION)
        for table in _tables(apps, labels):
            for sql in _trigger_sql(vendor, table):
                schema_editor.execute(sql)

    def remove(apps, schema_editor):
        for table in _tables(apps, labels):
            for sql in _drop_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql)

    return migrations.RunPython(install, remove, elidable=False)


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
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("counter", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "inhoudsstempel", "verbose_name_plural": "inhoudsstempels"},
        ),
        migrations.RunPython(create_row, delete_row),
        track(
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
