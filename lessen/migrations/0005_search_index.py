"""The full-text search index of lessons, one table per database (see lessen/search.py).

PostgreSQL: the `unaccent` extension, a text search configuration `dutch_unaccent` (Dutch stemming
after folding accents), and a table of stored tsvectors with a GIN index.
SQLite: an FTS5 table that holds the lessons' text already folded and stemmed by lessen/search.py.

The table has no foreign key to lessen_les: search.update_search_index() removes the rows of deleted
lessons, and every search joins on the lessons that exist.
"""

from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch)",
    "ALTER TEXT SEARCH CONFIGURATION dutch_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem",
    "CREATE TABLE lessen_zoekindex ("
    " les_id bigint PRIMARY KEY, titel tsvector NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX lessen_zoekindex_document ON lessen_zoekindex USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP TABLE IF EXISTS lessen_zoekindex",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent",
]

SQLITE = [
    "CREATE VIRTUAL TABLE lessen_zoekindex USING fts5("
    " titel, samenvatting, tekst, overig, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS lessen_zoekindex"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill_index(apps, schema_editor):
    """Index the lessons already there (a database migrated after content was loaded)."""
    from zoeken.search import rebuild_search_index

    if apps.get_model("lessen", "Les").objects.using(schema_editor.connection.alias).exists():
        rebuild_search_index()


class Migration(migrations.Migration):
    dependencies = [("lessen", "0004_wikilinks")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
