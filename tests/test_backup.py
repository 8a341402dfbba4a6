"""`manage.py backup` and `manage.py restore` give back all content exactly.

Compared generically: every row of every table of the content apps (many-to-many tables included),
so a model the content apps gain later (versions, old slugs) is covered without a change here.
"""

import io
import json
import os
import secrets
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from taggit.models import Tag

from lessen.models import Les, Thema
from lessen.services import les_opslaan
from tests import servers
from tests.factories import LesFactory
from wijkgids.backup import checksum
from wijkgids.content import content_models
from zoeken import selectors
from zoeken.search import INDEX_TABLE, parse_query, ranked

pytestmark = pytest.mark.django_db


def quietly(*args):
    call_command(*args, stdout=io.StringIO())


def snapshot():
    """Every row of every content table, as plain values, in primary-key order.

    A many-to-many table's own row number means nothing (the links are the content), so those rows
    are compared without it. An editor is named by username: on a fresh database the accounts a
    restore recreates get numbers of their own.
    """
    tables = {}
    for model in content_models(include_auto_created=True):
        names = [
            f"{field.name}__username" if field.related_model is get_user_model() else field.attname
            for field in model._meta.fields
        ]
        if model._meta.auto_created:
            links = model._base_manager.values(*names[1:])
            tables[model._meta.label] = sorted(tuple(sorted(link.items())) for link in links)
        else:
            tables[model._meta.label] = list(model._base_manager.order_by("pk").values(*names))
    return tables


def empty_database():
    """What a freshly migrated database holds of the content: nothing, no search index, no accounts."""
    tables = [model._meta.db_table for model in content_models(include_auto_created=True)]
    connection.check_constraints(table_names=tables)
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {INDEX_TABLE}")
    get_user_model().objects.all().delete()


def found(client, query):
    return client.get("/zoeken/", {"q": query}).content.decode()


@pytest.fixture
def library(content):
    """The `content` fixture plus what tends to get lost: a parent lesson, odd text, exact times."""
    les = content["mensen"]
    les.ouder = content["weg"]
    les.tekst = "## Ü & <b>ß</b>\n\n„Aanhalingstekens” — ‘citaat’ 🏘️\n"
    vermelding = les.vermeldingen.get()
    vermelding.citaat = "Wat telt, is wat mensen zelf ervaren.\nTweede regel."
    les_opslaan(les=les, tags=[*les.tags.names(), "continuïteit", "Stad & Land"], vermeldingen=[vermelding])
    weg = content["weg"]
    weg.slug = "een-nieuw-adres"  # the old address is kept as a redirect
    les_opslaan(les=weg)
    return content


def test_a_backup_restores_exactly_what_was_there(library, tmp_path):
    before = snapshot()
    assert before["lessen.HistoricalLes"] and before["omleidingen.OudeSlug"]
    assert (
        before["lessen.Les"][0]["aangemaakt"].microsecond or before["lessen.Les"][1]["aangemaakt"].microsecond
    )
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))

    # An editor's day after the backup: a deletion, an edit, a new tag, a new theme.
    Les.objects.filter(pk=library["sturen_les"].pk).delete()
    Les.objects.filter(pk=library["weg"].pk).update(titel="Veranderd")
    library["mensen"].tags.add("nieuw")
    Thema.objects.create(naam="Nieuw thema", slug="nieuw-thema")
    assert snapshot() != before

    quietly("restore", str(backup))
    assert snapshot() == before


def test_a_restore_into_an_empty_database_gives_back_everything_and_search_works(library, tmp_path, client):
    before = snapshot()
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    empty_database()
    assert not Les.objects.exists()
    assert "Weg met de romantiek" not in found(client, "dorp")
    quietly("restore", str(backup))
    assert snapshot() == before
    assert "Weg met de romantiek" in found(client, "dorp")
    assert "Wildroosters en slagbomen" in found(client, "vertrouwen")


def test_the_real_content_round_trips(db, tmp_path):
    quietly("load_content")
    before = snapshot()
    assert len(before["lessen.Les"]) > 20
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    quietly("restore", str(backup))
    assert snapshot() == before


def test_search_finds_what_a_restore_put_back_and_not_what_it_removed(library, tmp_path, client):
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    weg = Les.objects.get(pk=library["weg"].pk)
    weg.samenvatting = "Over de buurtkamer."
    les_opslaan(les=weg)
    assert "Weg met de romantiek" in found(client, "buurtkamer")
    assert "Weg met de romantiek" not in found(client, "dorp")
    quietly("restore", str(backup))
    assert "Weg met de romantiek" in found(client, "dorp")
    assert "Weg met de romantiek" not in found(client, "buurtkamer")


def test_a_lesson_added_after_a_restore_gets_a_new_number(library, tmp_path):
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    quietly("restore", str(backup))
    highest = Les.objects.order_by("-pk").first().pk
    assert LesFactory().pk > highest  # the sequence continues after the restored numbers (PostgreSQL)


def test_the_backup_keeps_lesson_numbers_and_names_other_objects_by_natural_key(library, tmp_path):
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    lessen = [obj for obj in document["objecten"] if obj["model"] == "lessen.les"]
    assert sorted(obj["pk"] for obj in lessen) == sorted(Les.objects.values_list("pk", flat=True))
    tagged = [obj for obj in document["objecten"] if obj["model"] == "taggit.taggeditem"]
    assert tagged and all(obj["fields"]["content_type"] == ["lessen", "les"] for obj in tagged)
    assert document["aantallen"]["lessen.Les"] == Les.objects.count()


@pytest.mark.parametrize(
    ("content_of_file", "message"),
    [
        ("dit is geen json", "geen leesbare backup"),
        ('{"format": "iets anders"}', "geen backup van de Wijkgids"),
        ('{"format": "wijkgids-backup", "versie": 99, "objecten": []}', "versie 99"),
        (
            '{"format": "wijkgids-backup", "versie": 1, "objecten": [{"model": "auth.user", "pk": 1,'
            ' "fields": {"username": "indringer", "is_superuser": true, "password": "x"}}]}',
            r"object 1 \(auth.user, pk 1\): is geen inhoud van de Wijkgids",
        ),
        (
            '{"format": "wijkgids-backup", "versie": 1, "aantallen": {}, "objecten": [{"model":'
            ' "lessen.publiekenaam", "pk": 1, "fields": {"user": ["redacteur"], "naam": "Iemand anders"}}]}',
            r"object 1 \(lessen.publiekenaam, pk 1\): is geen inhoud van de Wijkgids",
        ),
        (
            '{"format": "wijkgids-backup", "versie": 1, "aantallen": {"lessen.Thema": 1}, "redacteuren": [{'
            '"username": "indringer", "first_name": "", "last_name": "", "is_superuser": true}],'
            ' "objecten": [{"model": "lessen.thema", "pk": 1,'
            ' "fields": {"naam": "Thema", "slug": "thema"}}]}',
            "onleesbare lijst met redacteuren",
        ),
        (
            '{"format": "wijkgids-backup", "versie": 1, "aantallen": {"lessen.Les": 1}, "objecten": ['
            '{"model": "lessen.les", "pk": 1,'
            ' "fields": {"titel": "Zonder verplichte velden", "ouder": 424242}}]}',
            r"object 1 \(lessen\.les, pk 1\): verwijst in ‘ouder’ naar lessen\.Les 424242, dat er niet is\. "
            "Er is niets veranderd",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(library, tmp_path, content_of_file, message):
    before = snapshot()
    bad = tmp_path / "slecht.json"
    bad.write_text(content_of_file, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad))
    assert snapshot() == before


def test_a_failed_backup_leaves_the_previous_file_alone(library, tmp_path, monkeypatch):
    backup = tmp_path / "backup.json"
    backup.write_text("vorige backup", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(json, "dump", broken)
    with pytest.raises(CommandError, match="schijf vol"):
        call_command("backup", str(backup))
    assert backup.read_text(encoding="utf-8") == "vorige backup"
    assert [path.name for path in tmp_path.iterdir()] == ["backup.json"]
    assert Tag.objects.exists()


def rewritten(backup, change, *, signed=True):
    """The backup at `backup` with `change(document)` applied, as a file an operator might be handed:
    with its checksum made anew (`signed`), so that what is checked is the content itself."""
    document = json.loads(backup.read_text(encoding="utf-8"))
    change(document)
    if signed:
        document["controlegetal"] = checksum(document)
    backup.write_text(json.dumps(document), encoding="utf-8")  # \ud800 stays an escape
    return backup


def without_half_of_the_versions(document):
    versions = [obj for obj in document["objecten"] if obj["model"] == "lessen.historicalles"]
    dropped = versions[: len(versions) // 2]
    document["objecten"] = [obj for obj in document["objecten"] if obj not in dropped]


def without_objects(document):
    document["objecten"] = []


def without_anything(document):
    document["objecten"] = []
    document["aantallen"] = {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            without_half_of_the_versions,
            r"lessen\.HistoricalLes: \d+ volgens de kop, \d+ in het bestand",
            id="half-the-versions",
        ),
        pytest.param(without_objects, r"lessen\.Les: 4 volgens de kop, 0 in het bestand", id="no-objects"),
        pytest.param(without_anything, "bevat geen inhoud", id="no-objects-no-counts"),
    ],
)
def test_a_backup_that_lacks_objects_its_header_counts_is_refused(library, tmp_path, change, message):
    before = snapshot()
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(rewritten(backup, change)))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda les: les.pop("fields"), "heeft geen velden", id="KeyError"),
        pytest.param(lambda les: les.update(fields=["titel"]), "heeft geen velden", id="AttributeError"),
        pytest.param(
            lambda les: les["fields"].update(kleur="rood"),
            "die lessen.Les niet kent: kleur",
            id="FieldDoesNotExist",
        ),
        pytest.param(
            lambda les: les["fields"].update(titel="Wijk \ud800"),
            "teken dat de database niet kan opslaan",
            id="ValueError",
        ),
        pytest.param(
            lambda les: les.update(pk=2**64),
            "ongeldige waarde .*hoogstens 9223372036854775807",
            id="OverflowError",
        ),
    ],
)
def test_a_malformed_object_is_named_and_nothing_changes(library, tmp_path, change, message):
    before = snapshot()
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    position, les = next(
        (i, obj) for i, obj in enumerate(document["objecten"], 1) if obj["model"] == "lessen.les"
    )
    change(les)
    document["controlegetal"] = checksum(document)
    backup.write_text(json.dumps(document), encoding="utf-8")  # \ud800 stays an escape
    with pytest.raises(CommandError, match=rf"object {position} \(lessen\.les, pk \d+\): .*{message}"):
        call_command("restore", str(backup))
    assert snapshot() == before


def first(document, model):
    return next(obj for obj in document["objecten"] if obj["model"] == model)


def one_character_changed_in_a_title(document):
    les = first(document, "lessen.les")
    les["fields"]["titel"] = "X" + les["fields"]["titel"][1:]


def a_lesson_number_twice(document):
    les = first(document, "lessen.les")
    document["objecten"].append({**les, "fields": {**les["fields"], "slug": "nog-een", "titel": "Nog een"}})
    document["aantallen"]["lessen.Les"] += 1


def a_status_that_does_not_exist(document):
    first(document, "lessen.les")["fields"]["status"] = "bogus"


def a_slug_twice(document):
    lessen = [obj for obj in document["objecten"] if obj["model"] == "lessen.les"]
    lessen[1]["fields"]["slug"] = lessen[0]["fields"]["slug"]


def a_user_name_too_long(document):
    document["redacteuren"].append({"username": "a" * 200, "first_name": "", "last_name": ""})


def a_tagging_of_nothing(document):
    first(document, "taggit.taggeditem")["fields"]["object_id"] = 424242


def a_citation_of_a_source_not_there(document):
    first(document, "lessen.vermelding")["fields"]["bron"] = 424242


@pytest.mark.parametrize(
    ("change", "signed", "message"),
    [
        (one_character_changed_in_a_title, False, "beschadigd of bewerkt: het controlegetal klopt niet"),
        (
            a_lesson_number_twice,
            True,
            r"\(lessen\.les, pk \d+\): heeft een nummer \(pk \d+\) dat al een ander",
        ),
        (
            a_status_that_does_not_exist,
            True,
            r"\(lessen\.les, pk \d+\): heeft in ‘status’ een ongeldige waarde",
        ),
        (a_slug_twice, True, r"\(lessen\.les, pk \d+\): heeft dezelfde slug \(\S+\) als pk \d+"),
        (
            a_user_name_too_long,
            True,
            "de redacteur ‘a+…’ heeft een naam die langer is dan een account toestaat",
        ),
        (
            a_tagging_of_nothing,
            True,
            r"\(taggit\.taggeditem, pk \d+\): hoort bij lessen\.Les 424242, dat er niet is",
        ),
        (
            a_citation_of_a_source_not_there,
            True,
            r"verwijst in ‘bron’ naar bronnen\.Bron 424242, dat er niet is",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_damaged_backup_that_is_still_valid_json_is_refused_as_a_whole(
    library, tmp_path, change, signed, message
):
    """Damage that used to be restored silently (a changed title, a number twice that overwrote
    lesson 1, a status that does not exist, a user name no account can have, a tagging of nothing):
    refused before anything is written, saying what and where, with the database unchanged."""
    before = snapshot()
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    with pytest.raises(CommandError, match=f"(?s){message}.*Er is niets veranderd"):
        call_command("restore", str(rewritten(backup, change, signed=signed)))
    assert snapshot() == before


def test_a_deeply_nested_file_is_refused_in_dutch_without_a_traceback(library, tmp_path):
    before = snapshot()
    nested = tmp_path / "genest.json"
    nested.write_text(
        '{"format": "wijkgids-backup", "versie": 2, "objecten": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    with pytest.raises(CommandError, match="dieper genest dan een backup ooit is. Er is niets veranderd"):
        call_command("restore", str(nested))
    assert snapshot() == before


def test_a_backup_carries_a_checksum_over_its_content(library, tmp_path):
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["versie"] == 2 and document["controlegetal"] == checksum(document)


@pytest.fixture
def marieke(library):
    """An editor whose edit is a version of a lesson."""
    account = get_user_model().objects.create_user(
        "marieke", password="geheim-wachtwoord-1", first_name="Marieke", last_name="de Vries", is_staff=True
    )
    weg = Les.objects.get(pk=library["weg"].pk)
    weg.samenvatting = "De wijk is geen dorp, en dat is goed."
    les_opslaan(les=weg, redacteur=account, reden="Samenvatting aangescherpt")
    return account


def test_a_restore_onto_a_fresh_database_recreates_the_editors_of_versions(marieke, tmp_path):
    before = snapshot()
    assert ("marieke", "Samenvatting aangescherpt") in {
        (versie["history_user__username"], versie["history_change_reason"])
        for versie in before["lessen.HistoricalLes"]
    }
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    assert marieke.password not in backup.read_text(encoding="utf-8")
    empty_database()

    output = io.StringIO()
    call_command("restore", str(backup), stdout=output)
    assert "Accounts aangemaakt voor redacteuren die versies noemen: marieke." in output.getvalue()
    assert snapshot() == before
    account = get_user_model().objects.get(username="marieke")
    assert (account.get_full_name(), account.is_active, account.is_staff, account.has_usable_password()) == (
        "Marieke de Vries",
        False,
        False,
        False,
    )


def test_a_restore_leaves_an_existing_editor_account_as_it_is(marieke, tmp_path):
    backup = tmp_path / "backup.json"
    quietly("backup", str(backup))
    quietly("restore", str(backup))
    account = get_user_model().objects.get(username="marieke")
    assert account.pk == marieke.pk and account.is_active and account.is_staff
    assert account.check_password("geheim-wachtwoord-1")


QUERIES = ["bewoners", "vertrouwen", '"de wijk"', "buurtkamer", "wijk -bewoners"]
# What the search page lists for each query, in a manage.py process of its own.
SEARCH = (
    "import json; from zoeken import selectors; from zoeken.search import parse_query, ranked; "
    f"print(json.dumps({{q: ranked(parse_query(q), selectors.search_scope()) for q in {QUERIES!r}}}))"
)


@pytest.fixture
def fresh_postgres_url():
    """A new, empty database on the PostgreSQL server the tests run on (bin/with-postgres)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "skipped: SQLite naar PostgreSQL en terug draait onder bin/with-postgres (make test-postgres)"
        )
    name = f"wijkgids_nieuw_{secrets.token_hex(4)}"
    server = psycopg2.connect(os.environ["DATABASE_URL"])
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    with server.cursor() as cursor:
        cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")
    server.close()


def test_a_backup_moves_from_postgresql_to_a_fresh_sqlite_and_on_to_a_fresh_postgresql(
    db, fresh_postgres_url, tmp_path
):
    """Content, versions (with their editor) and search come through both moves unchanged."""
    quietly("load_content")
    redacteur = get_user_model().objects.create_user("marieke", first_name="Marieke", last_name="de Vries")
    les = Les.objects.published().order_by("pk").first()
    les.tekst += "\n\nDe buurtkamer is van de bewoners.\n"
    les_opslaan(les=les, redacteur=redacteur, reden="Buurtkamer")
    searched = {q: sorted(ranked(parse_query(q), selectors.search_scope())) for q in QUERIES}
    assert all(searched.values()) and les.pk in searched["buurtkamer"]
    backup = tmp_path / "postgresql.json"
    quietly("backup", str(backup))

    for target, url in [
        ("sqlite", f"sqlite:///{tmp_path / 'nieuw.sqlite3'}"),
        ("postgresql", fresh_postgres_url),
    ]:
        env = {**servers.outside_env(), "DATABASE_URL": url}
        servers.manage(env, "migrate", "--noinput")
        restored = servers.manage(env, "restore", str(backup))
        assert "Accounts aangemaakt voor redacteuren die versies noemen: marieke." in restored
        found = json.loads(servers.manage(env, "shell", "-c", SEARCH).splitlines()[-1])
        assert {q: sorted(ids) for q, ids in found.items()} == searched, target
        moved = tmp_path / f"{target}.json"
        servers.manage(env, "backup", str(moved))
        assert contents(moved) == contents(backup), target
        backup = moved


def contents(backup):
    """A backup without the moment it was made."""
    document = json.loads(backup.read_text(encoding="utf-8"))
    del document["gemaakt"]
    return document
