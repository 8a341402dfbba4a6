"""Backups of the content: every row of every content model, written and read back exactly.

A backup is one JSON file: a small header and Django's serialised objects, with primary keys (a
lesson's number is its permanent link) and natural keys for what lives outside the content
(content types, users). The header counts the objects of each model and names the editors the
versions refer to (username and name; no password, no rights), and a checksum (SHA-256) over all
of that, so that a file damaged by even one character is refused. `write_backup` reads one
consistent snapshot; `restore_backup` checks the whole file before it touches anything: its shape,
its checksum, and every object against its model (choices, lengths, references within the backup,
unique keys, numbers used twice). Then, in one transaction, it creates the editors' accounts this
database lacks (inactive, without a usable password), replaces all content and rebuilds the search
index: it succeeds completely or changes nothing. Every refusal says in Dutch what is wrong and where.
"""

import datetime
import hashlib
import json
import os
import tempfile
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from zoeken.search import rebuild_search_index

from .content import content_models, is_content

FORMAT = "wijkgids-backup"
VERSION = 2  # 2: with a checksum; a backup of version 1 (without one) is still read
READABLE_VERSIONS = (1, 2)
CHECKED = ("aantallen", "redacteuren", "objecten")  # what the checksum covers
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
        "objecten": json.loads(json.dumps(objects, cls=_ExactEncoder)),  # as a reader will find them
    }
    document["controlegetal"] = checksum(document)
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


def checksum(document):
    """SHA-256 over the content of a backup (its counts, editors and objects), as read from JSON."""
    canonical = json.dumps(
        {key: document.get(key) for key in CHECKED}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


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
    except RecursionError as exc:
        raise BackupError(
            f"{path} is geen backup van de Wijkgids: het bestand is dieper genest dan een backup ooit is. "
            "Er is niets veranderd."
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is geen backup van de Wijkgids.")
    if document.get("versie") not in READABLE_VERSIONS:
        raise BackupError(f"{path} is een backup van versie {document.get('versie')}; verwacht: {VERSION}.")
    if document.get("versie") >= 2:
        try:
            klopt = document.get("controlegetal") == checksum(document)
        except (RecursionError, TypeError, ValueError):
            klopt = False
        if not klopt:
            raise BackupError(
                f"{path} is beschadigd of bewerkt: het controlegetal klopt niet bij de inhoud. "
                "Er is niets veranderd."
            )
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
    username_max = get_user_model()._meta.get_field("username").max_length
    for redacteur in redacteuren:
        if len(redacteur["username"]) > username_max or any(
            len(redacteur[name]) > get_user_model()._meta.get_field(name).max_length for name in EDITOR_FIELDS
        ):
            raise BackupError(
                f"{path}: de redacteur ‘{redacteur['username'][:40]}…’ heeft een naam die langer is dan "
                f"een account toestaat ({username_max} tekens). Er is niets veranderd."
            )
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
    tables = [model._meta.db_table for model in content_models(include_auto_created=True)]
    try:
        with transaction.atomic():
            aangemaakt = _recreate_editors(redacteuren)  # the versions name them (natural keys)
            checked = _checked_against_models(path, objects)  # before a row of content is touched
            counts = dict.fromkeys((model._meta.label for model in models), 0)
            # Settle deferred foreign-key checks first: PostgreSQL refuses to empty a table that
            # still has them pending.
            connection.check_constraints(table_names=tables)
            with connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), tables):
                    cursor.execute(sql)
            for deserialized in checked:
                position, obj = deserialized.position
                try:
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
    except (DeserializationError, IntegrityError, DatabaseError) as exc:
        raise BackupError(
            f"De backup {path} kon niet worden teruggezet; er is niets veranderd. ({exc})"
        ) from exc
    return counts, aangemaakt


def _checked_against_models(path, objects):
    """The backup's objects, deserialised, each checked against its model and all of them against
    each other: values within their choices and lengths, references to objects the backup holds, no
    number or unique key used twice. Writes nothing; raises BackupError naming the first problem."""
    checked, seen, unique = [], {}, {}
    by_natural_key = _natural_keys(path, objects)
    for position, obj in enumerate(objects, 1):
        try:
            for deserialized in serializers.deserialize(
                "python", [_by_pk(path, position, obj, by_natural_key)]
            ):
                deserialized.position = (position, obj)
                checked.append(deserialized)
        except (DeserializationError, ValueError, OverflowError, TypeError) as exc:
            raise BackupError(
                f"{path}, {_named(position, obj)}: {_value_problem(exc)}. Er is niets veranderd."
            ) from exc
    for deserialized in checked:
        instance = deserialized.object
        seen.setdefault(type(instance), set())
        if instance.pk in seen[type(instance)]:
            problem = f"heeft een nummer (pk {instance.pk}) dat al een ander object in de backup heeft"
            _refuse(path, deserialized, problem)
        seen[type(instance)].add(instance.pk)
    for deserialized in checked:
        instance = deserialized.object
        problem = _field_problem(instance, seen, deserialized.m2m_data) or _unique_problem(instance, unique)
        if problem:
            _refuse(path, deserialized, problem)
    return checked


def _natural_keys(path, objects):
    """{(model, natural key): pk} of the backup's content objects that other objects name by
    natural key (a tagging names its tag by name): resolved within the backup, never against the
    rows this database holds before the restore."""
    named = {
        field.related_model
        for model in content_models()
        for field in model._meta.fields
        if field.is_relation
        and is_content(field.related_model)
        and hasattr(field.related_model, "natural_key")
    }
    keys = {}
    for position, obj in enumerate(objects, 1):
        model = _content_model(obj)
        if model not in named:
            continue
        try:
            for deserialized in serializers.deserialize("python", [obj]):
                instance = deserialized.object
                keys[model, tuple(instance.natural_key())] = instance.pk
        except (DeserializationError, ValueError, OverflowError, TypeError) as exc:
            raise BackupError(
                f"{path}, {_named(position, obj)}: {_value_problem(exc)}. Er is niets veranderd."
            ) from exc
    return keys


def _by_pk(path, position, obj, by_natural_key):
    """`obj` with its references to content by natural key replaced by the numbers in the backup."""
    model = _content_model(obj)
    fields = dict(obj["fields"])
    for field in model._meta.fields:
        value = fields.get(field.name)
        if field.is_relation and isinstance(value, list) and is_content(field.related_model):
            try:
                fields[field.name] = by_natural_key[field.related_model, tuple(value)]
            except (KeyError, TypeError) as exc:
                raise BackupError(
                    f"{path}, {_named(position, obj)}: verwijst in ‘{field.name}’ naar "
                    f"{field.related_model._meta.label} {value}, dat er niet is. Er is niets veranderd."
                ) from exc
    return {**obj, "fields": fields}


def _refuse(path, deserialized, problem):
    position, obj = deserialized.position
    raise BackupError(f"{path}, {_named(position, obj)}: {problem}. Er is niets veranderd.")


def _held(model, pk, seen):
    """Whether an object a backup refers to will be there: in the backup, or (not content: a user,
    a content type) in this database, each model read once."""
    if model not in seen:
        seen[model] = set(model._base_manager.values_list("pk", flat=True))
    return pk in seen[model]


def _field_problem(instance, seen, m2m_data):
    """What is wrong with one object's values, seen on its own and against the backup; '' if nothing."""
    model = type(instance)
    for field in model._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value in field.empty_values:
            continue  # required or not: the database says (its message names the object too)
        if field.is_relation:
            related = field.related_model
            if field.db_constraint and not field.primary_key and not _held(related, value, seen):
                return f"verwijst in ‘{field.name}’ naar {related._meta.label} {value}, dat er niet is"
            continue
        try:
            field.clean(value, instance)
        except ValidationError as exc:
            return f"heeft in ‘{field.name}’ een ongeldige waarde ({'; '.join(exc.messages)})"
    for name, pks in (m2m_data or {}).items():
        related = model._meta.get_field(name).related_model
        missing = [pk for pk in pks if not _held(related, pk, seen)]
        if missing:
            return f"verwijst in ‘{name}’ naar {related._meta.label} {missing[0]}, dat er niet is"
    target = _generic_target(instance)
    if target is not None and not _held(*target, seen):
        return f"hoort bij {target[0]._meta.label} {target[1]}, dat er niet is"
    return ""


def _generic_target(instance):
    """What a tagging points at: (model, pk), or None. An old address may outlive what it named
    (a removed theme's address answers 410), so only taggings are checked."""
    if instance._meta.label_lower != "taggit.taggeditem":
        return None
    model = instance.content_type.model_class()
    return (model, instance.object_id) if model is not None else None


def _unique_problem(instance, unique):
    """Whether a unique key of this object (a slug, a name, a constraint's fields) is another's too."""
    model = type(instance)
    keys = [(field.name,) for field in model._meta.concrete_fields if field.unique and not field.primary_key]
    keys += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    keys += [tuple(together) for together in model._meta.unique_together]
    for key in keys:
        value = tuple(getattr(instance, model._meta.get_field(name).attname) for name in key)
        if None in value:
            continue
        if (model, key, value) in unique:
            waarde = ", ".join(map(str, value))
            return f"heeft dezelfde {', '.join(key)} ({waarde}) als pk {unique[model, key, value]}"
        unique[model, key, value] = instance.pk
    return ""
