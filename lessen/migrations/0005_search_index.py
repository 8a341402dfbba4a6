"""The full-text search index of lessons, one table per database (see lessen/search.py).

PostgreSQL: the `unaccent` extension, a text search configuration `dutch_unaccent` (Dutch stemming
after folding accents), and a table of stored tsvectors with a GIN index.
SQLite: an FTS5 table that holds the lessons' text already folded and stemmed by lessen/search.py.

The table has no foreign key to lessen_les: search.update_search_index() removes the rows of deleted
lessons, and every search joins on the lessons that exist.

The lessons already there are indexed here, from the historical models of this state and a frozen
copy of what lessen/search.py did when this migration was written (fold, split into words, stem;
the stored HTML as plain text): a migration never imports the live code, whose models may
already name tables that a database being migrated does not have yet.
"""

import re
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser

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


# A frozen copy of lessen/search.py (November 2026) ------------------------------------------

INDEX_TABLE = "lessen_zoekindex"
PG_CONFIG = "dutch_unaccent"
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE_S = re.compile(r"(?<=[^\W_])['’]s\b")


def _words(text):
    """Folded words, without accents: 'Thema's Creëren' -> ['themas', 'creeren']."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return _WORD.findall(_APOSTROPHE_S.sub("s", folded))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def _plain_text(html):
    """The text of the stored (sanitised) HTML of a body, without its tags."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _documents(apps, using):
    """(les_id, titel, samenvatting, tekst, overig) of every lesson; overig: its tags, and of each
    source it cites the title, its own wording, the quote, the bundle's title and the authors."""
    Les = apps.get_model("lessen", "Les")
    Vermelding = apps.get_model("lessen", "Vermelding")
    BronAuteur = apps.get_model("bronnen", "BronAuteur")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")

    overig = defaultdict(list)
    les_type = ContentType.objects.using(using).filter(app_label="lessen", model="les")
    tags = TaggedItem.objects.using(using).filter(content_type__in=les_type)
    for les_id, naam in tags.values_list("object_id", "tag__name"):
        overig[les_id].append(naam)
    auteurs = defaultdict(list)
    for bron_id, naam in BronAuteur.objects.using(using).values_list("bron_id", "auteur__naam"):
        auteurs[bron_id].append(naam)
    vermeldingen = Vermelding.objects.using(using).values_list(
        "les_id", "bron_id", "bron__titel", "titel_in_bron", "citaat", "bron__onderdeel_van__titel"
    )
    for les_id, bron_id, *teksten in vermeldingen.order_by("volgorde", "id"):
        overig[les_id] += [*teksten, *auteurs[bron_id]]

    lessen = Les.objects.using(using).values_list("pk", "titel", "samenvatting", "tekst_html")
    for les_id, titel, samenvatting, tekst_html in lessen.order_by("pk").iterator(chunk_size=500):
        yield les_id, titel, samenvatting, _plain_text(tekst_html), "\n".join(filter(None, overig[les_id]))


def _write_postgresql(cursor, documents):
    vector = f"to_tsvector('{PG_CONFIG}', %s)"
    cursor.executemany(
        f"INSERT INTO {INDEX_TABLE} (les_id, titel, document) VALUES (%s, {vector}, "
        f"setweight({vector}, 'A') || setweight({vector}, 'B') "
        f"|| setweight({vector}, 'C') || setweight({vector}, 'D'))",
        [(les_id, titel, titel, samenvatting, overig, tekst)
         for les_id, titel, samenvatting, tekst, overig in documents],
    )


def _write_sqlite(cursor, documents):
    import Stemmer  # PyStemmer: the Snowball stemmer PostgreSQL ships, for the same stems

    stemmer = Stemmer.Stemmer("dutch_porter")

    def stemmed(text):
        return " ".join(stemmer.stemWords(_words(text)))

    cursor.executemany(
        f"INSERT INTO {INDEX_TABLE} (rowid, titel, samenvatting, tekst, overig) VALUES (%s, %s, %s, %s, %s)",
        [(document[0], *map(stemmed, document[1:])) for document in documents],
    )


def fill_index(apps, schema_editor):
    """Index the lessons already there (a database migrated after content was loaded)."""
    connection = schema_editor.connection
    write = {"postgresql": _write_postgresql, "sqlite": _write_sqlite}.get(connection.vendor)
    documents = list(_documents(apps, connection.alias))
    if write and documents:
        with connection.cursor() as cursor:
            write(cursor, documents)


class Migration(migrations.Migration):
    dependencies = [("lessen", "0004_wikilinks")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
