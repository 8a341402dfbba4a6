"""The content stamp: one row that changes, in the same transaction, whenever the content does.

Database triggers on every content table (lessons, themes, citations, sources, authors, tags and
the tables between them) bump `ContentStamp.counter` and set `changed_at`. So no write can forget
it, whichever way it comes: the admin, a service, a bulk insert, `loaddata`, raw SQL. Public pages
read it once per request (one primary-key lookup) and derive their ETag, Last-Modified and page
cache key from it.

A migration that adds a content table tracks it with one line: `content_stamp.track("app.Model")`.
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, migrations
from django.utils import timezone

TABLE = "lessen_contentstamp"
TRIGGER_PREFIX = "contentstamp_"
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")

# Within this window of a change, Last-Modified (whole seconds) could equal the previous value:
# leave it out and let the ETag, which always changes, carry validation alone.
LAST_MODIFIED_MARGIN = timedelta(seconds=2)


@dataclass(frozen=True)
class Stamp:
    counter: int
    changed_at: datetime | None

    @property
    def etag(self):
        changed = int(self.changed_at.timestamp() * 1_000_000) if self.changed_at else 0
        return f'"{self.counter}.{changed}.{code_fingerprint()[0]}"'

    def last_modified(self, *, now=None):
        """Seconds since the epoch for Last-Modified, or None while the latest change is very recent."""
        if self.changed_at is None:
            return None
        now = now or datetime.now(UTC)
        if now - self.changed_at < LAST_MODIFIED_MARGIN:
            return None
        return int(max(self.changed_at.timestamp(), code_fingerprint()[1]))


def current():
    """The stamp as it is now: one query, in plain SQL since it runs on every public request.

    A database whose stamp row is gone (a test database after `flush`) reads as 'never changed';
    the next write puts the row back.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT counter, changed_at FROM {TABLE} WHERE id = 1")  # noqa: S608 - constant
        row = cursor.fetchone()
    if row is None:
        return Stamp(counter=0, changed_at=None)
    counter, changed_at = row
    if isinstance(changed_at, str):
        changed_at = datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:  # SQLite keeps UTC without a zone
        changed_at = changed_at.replace(tzinfo=UTC)
    return Stamp(counter=counter, changed_at=changed_at)


def bump():
    """Change the stamp by hand, for a change no trigger sees (the search index is not a table
    that triggers can watch on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET counter = counter + 1, changed_at = %s WHERE id = 1",  # noqa: S608 - constant
            [timezone.now()],
        )


@functools.cache
def code_fingerprint():
    """A short hash of the code and templates that render pages, and when they last changed.

    Part of every ETag, so that a deployment that changes a template or a view invalidates pages
    the browsers and proxies hold, even when no content changed.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    newest = 0.0
    roots = [
        Path(settings.BASE_DIR) / name for name in ("templates", "static", "lessen", "bronnen", "wijkgids")
    ]
    for path in sorted(p for root in roots for p in root.rglob("*") if p.suffix in {".py", ".html", ".css"}):
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:10], newest


# Triggers -------------------------------------------------------------------------------------


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


def tracked_tables():
    """Tables whose writes change the stamp, as the database reports them (for tests and checks)."""
    if connection.vendor == "sqlite":
        sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    else:
        sql = "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{TRIGGER_PREFIX}%"])
        return {row[0] for row in cursor.fetchall()}
