"""Backups of the content: every row of every content model, written and read back exactly.

A backup is one JSON file: a small header and Django's serialised objects, with primary keys (a
lesson's number is its permanent link) and natural keys for what lives outside the content
(content types, users). The header counts the objects of each model and names the editors the
versions refer to (username and name; no password, no rights). `write_backup` reads one
consistent snapshot; `restore_backup` checks the whole file before it touches anything, then, in
one transaction, creates the editors' accounts this database lacks (inactive, without a usable
password), replaces all content and rebuilds the search index: it succeeds completely or changes
nothing.
"""

import datetime
import json
import os
import tempfile
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from lessen.services import rebuild_derived
from zoeken.search import rebuild_search_index

from .content import content_models, derived_models, is_content

FORMAT = "wijkgids-backup"
VERSION = 1
EDITOR_FIELDS = ("username", "first_name", "last_name")
NUMBER_OUT_OF_RANGE = "22003"  # SQLSTATE (psycopg2: pgcode) of PostgreSQL's "bigint out of range"


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is for the person running it."""


class _ExactEncoder(DjangoJSONEncoder):
    """Keeps microseconds, which DjangoJSONEncoder cuts off: a restore must give back the same times."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_backup(path):
    """Write all content to `path` (replaced only once the backup is complete); returns the counts."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for all tables, even while editors save.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        objects = []
        counts = {}
        for model in content_models():
            rows = model._base_manager.order_by("pk")
            objects += serializers.serialize("python", rows, use_natural_foreign_keys=True)
            counts[model._meta.label] = rows.count()
        redacteuren = _editors()
    document = {
        "format": FORMAT,
        "versie": VERSION,
        "gemaakt": timezone.now().isoformat(),
        "aantallen": counts,
        "redacteuren": redacteuren,
        "objecten": objects,
    }
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".backup-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, cls=_ExactEncoder, ensure_ascii=False, indent=1)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return counts


def _editors():
    """The accounts the content refers to (the editors of versions): username and name only."""
    User = get_user_model()
    ids = set()
    for model in content_models():
        for field in model._meta.fields:
            if field.related_model is User:
                ids |= set(model._base_manager.values_list(field.attname, flat=True).distinct())
    return list(User.objects.filter(pk__in=ids).order_by("username").values(*EDITOR_FIELDS))


def _recreate_editors(redacteuren):
    """Accounts for the editors this database lacks, so their versions keep their names: inactive and
    without a usable password, until an administrator lets them in. Returns their usernames."""
    User = get_user_model()
    usernames = [r["username"] for r in redacteuren]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    missing = [User(**r, is_active=False) for r in redacteuren if r["username"] not in existing]
    for account in missing:
        account.set_unusable_password()
    User.objects.bulk_create(missing)
    return [account.username for account in missing]


def read_backup(path):
    """The objects and editors in the backup at `path`, checked: each object content, with fields its
    model has; as many of each model as the header counts; not none at all. Raises BackupError."""
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is geen leesbare backup: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is geen backup van de Wijkgids.")
    if document.get("versie") != VERSION:
        raise BackupError(f"{path} is een backup van versie {document.get('versie')}; verwacht: {VERSION}.")
    objects = document.get("objecten")
    if not isinstance(objects, list):
        raise BackupError(f"{path} bevat geen lijst met objecten.")
    for position, obj in enumerate(objects, 1):
        problem = _shape_problem(obj)
        if problem:
            raise BackupError(f"{path}, {_named(position, obj)}: {problem}. Er is niets veranderd.")
    _check_counts(path, document.get("aantallen"), objects)
    redacteuren = document.get("redacteuren", [])  # backups made before editors were carried have none
    if not isinstance(redacteuren, list) or not all(
        isinstance(r, dict)
        and r.keys() == set(EDITOR_FIELDS)
        and all(isinstance(value, str) for value in r.values())
        and r["username"]
        for r in redacteuren
    ):
        raise BackupError(f"{path} heeft een onleesbare lijst met redacteuren; er is niets veranderd.")
    return objects, redacteuren


def _content_model(obj):
    """The content model an object of a backup names; None if it names none."""
    try:
        model = apps.get_model(obj["model"])
    except (TypeError, KeyError, LookupError, ValueError, AttributeError):
        return None
    return model if is_content(model) else None


def _named(position, obj):
    """Where an object is in the file, and what it says it is: 'object 12 (lessen.les, pk 3)'."""
    if isinstance(obj, dict):
        return f"object {position} ({obj.get('model')}, pk {obj.get('pk')})"
    return f"object {position}"


def _shape_problem(obj):
    """What is wrong with the shape of one object, for the operator; '' if nothing."""
    model = _content_model(obj)
    if model is None:
        return "is geen inhoud van de Wijkgids; een backup zet alleen inhoud terug"
    if not isinstance(obj.get("fields"), dict):
        return "heeft geen velden (‘fields’)"
    known = {field.name for field in model._meta.fields + model._meta.many_to_many}
    unknown = sorted(name for name in obj["fields"] if name not in known)
    if unknown:
        return f"heeft velden die {model._meta.label} niet kent: {', '.join(unknown)}"
    return ""


def _value_problem(exc):
    """What the deserializer or the database found wrong with an object's values, for the operator."""
    if isinstance(exc, OverflowError) or getattr(exc.__cause__, "pgcode", None) == NUMBER_OUT_OF_RANGE:
        return "bevat een getal dat te groot is voor de database"
    if isinstance(exc, UnicodeEncodeError):
        return f"bevat een teken dat de database niet kan opslaan ({exc.object[exc.start : exc.end]!r})"
    detail = str(exc).strip()
    if isinstance(exc, DeserializationError):
        return f"bevat een ongeldige waarde ({detail})"
    if isinstance(exc, DatabaseError):
        return f"wordt door de database geweigerd ({detail})"
    return f"bevat een waarde die de database niet kan opslaan ({detail})"


def _check_counts(path, aantallen, objects):
    """A file cut short or emptied by hand still reads as a backup: its header tells."""
    if not isinstance(aantallen, dict):
        raise BackupError(f"{path} heeft geen aantallen in zijn kop; er is niets veranderd.")
    stated = {label: count for label, count in aantallen.items() if count != 0}
    in_file = Counter(_content_model(obj)._meta.label for obj in objects)
    differences = [
        f"{label}: {stated.get(label, 0)} volgens de kop, {in_file[label]} in het bestand"
        for label in sorted(stated.keys() | in_file.keys())
        if stated.get(label, 0) != in_file[label]
    ]
    if differences:
        raise BackupError(
            f"{path} is onvolledig of bewerkt; er is niets veranderd. " + "; ".join(differences) + "."
        )
    if not objects:
        raise BackupError(f"{path} bevat geen inhoud; terugzetten zou alles wissen. Er is niets veranderd.")


def restore_backup(*, path):
    """Replace all content with the backup at `path`, search index included; returns the counts and
    the usernames of the editors' accounts it created. Raises BackupError."""
    objects, redacteuren = read_backup(path)
    models = content_models()
    # With what is derived from the content, worked out afresh below.
    tables = [
        model._meta.db_table for model in [*content_models(include_auto_created=True), *derived_models()]
    ]
    try:
        with transaction.atomic():
            # Settle deferred foreign-key checks first: PostgreSQL refuses to empty a table that
            # still has them pending.
            connection.check_constraints(table_names=tables)
            with connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), tables):
                    cursor.execute(sql)
            aangemaakt = _recreate_editors(redacteuren)
            counts = dict.fromkeys((model._meta.label for model in models), 0)
            for position, obj in enumerate(objects, 1):
                try:
                    for deserialized in serializers.deserialize("python", [obj]):
                        deserialized.save()
                        counts[deserialized.object._meta.label] += 1
                except (DeserializationError, DatabaseError, ValueError, OverflowError) as exc:
                    raise BackupError(
                        f"{path}, {_named(position, obj)}: {_value_problem(exc)}. Er is niets veranderd."
                    ) from exc
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            connection.check_constraints(table_names=tables)
            rebuild_search_index()
            rebuild_derived()
    except (DeserializationError, IntegrityError, DatabaseError) as exc:
        raise BackupError(
            f"De backup {path} kon niet worden teruggezet; er is niets veranderd. ({exc})"
        ) from exc
    return counts, aangemaakt
