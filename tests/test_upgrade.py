"""A database made by an older state of main migrates to today's code, keeps every lesson and serves
its pages (issue 28): a migration that imports live code breaks exactly this.

Two ways, each for the state before the search index (lessen/0005) and the state at the end of
November 2026 (tests/upgrade/README.md):

- the SQLite databases those states made and filled with the real content (tests/upgrade/*.sql.gz);
- on the database the tests run on (PostgreSQL under bin/with-postgres), a fresh database migrated
  to the same migrations and given a small library through the historical models of that state.

Each is migrated and served in a process of its own (tests/probes/upgrade.py), on a database of its
own: the test database of pytest is already at today's migrations.
"""

import ast
import gzip
import html
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests import servers
from tests.probes.upgrade import LIBRARY

ROOT = Path(__file__).resolve().parent.parent
STATES = ["voor-zoekindex", "eind-november"]
WORD = "wijk"  # a word most lessons use, and the search page's query


def old_database(state, path=":memory:"):
    """The SQLite database that an older state of main made (tests/upgrade/), loaded into `path`."""
    database = sqlite3.connect(path)
    database.executescript(
        gzip.decompress((ROOT / "tests" / "upgrade" / f"{state}.sql.gz").read_bytes()).decode()
    )
    return database


def migrations_of(database):
    """The last migration of each app that the old state had applied: ["lessen:0004_wikilinks", ...]."""
    rows = database.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return [f"{app}:{name}" for app, name in rows]


def upgrade(database_url, *args, vendor="sqlite"):
    """Migrate the database at `database_url` (of `vendor`) to today's code and fetch pages
    (tests/probes/upgrade.py): the lessons then there, and each page's status and text."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.probes.upgrade", *args],
        cwd=ROOT,
        env={**servers.outside_env(), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["vendor"] == vendor
    return [tuple(les) for les in report["lessen"]], report["pages"]


def les_url(slug):
    return reverse("lessen:les_detail", kwargs={"slug": slug})


def search_url(query):
    return f"{reverse('zoeken:zoeken')}?{urlencode({'q': query})}"


@pytest.fixture
def fresh_database_url(tmp_path):
    """A new, empty database on the server the tests run on: an SQLite file, or under bin/with-postgres
    a database of its own on that PostgreSQL server."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'nieuw.sqlite3'}"
        return
    with servers.postgres_database(os.environ["DATABASE_URL"]) as url:
        yield url


@pytest.mark.parametrize("state", STATES)
def test_a_database_of_an_older_state_keeps_every_lesson_and_serves_its_pages(state, tmp_path):
    path = tmp_path / "oud.sqlite3"
    with closing(old_database(state, path)) as database:
        lessen = database.execute("SELECT id, slug, titel, status FROM lessen_les ORDER BY id").fetchall()
        published = [(pk, slug, titel) for pk, slug, titel, status in lessen if status == "gepubliceerd"]
        pk, slug, titel = next(les for les in published if re.search(rf"\b{WORD}\b", les[2], re.IGNORECASE))
        thema_slug, thema_naam = database.execute(
            "SELECT slug, naam FROM lessen_thema JOIN lessen_les_themas ON thema_id = lessen_thema.id "
            "WHERE les_id = ? ORDER BY volgorde, naam",
            [pk],
        ).fetchone()
    assert len(lessen) == 71

    thema_url = reverse("lessen:thema_detail", kwargs={"slug": thema_slug})
    lijst_url = reverse("lessen:les_list")
    versies_url = reverse("versies:versie_list", kwargs={"slug": slug})
    versie_url = reverse("versies:versie_detail", kwargs={"slug": slug, "nummer": 1})
    pages = [les_url(slug), thema_url, lijst_url, search_url(WORD), reverse("home"), versies_url, versie_url]
    after, page = upgrade(f"sqlite:///{path}", *pages)

    assert after == sorted((slug, titel) for _, slug, titel, _ in lessen)
    assert {url: page[url]["status"] for url in pages} == dict.fromkeys(pages, 200)
    assert f"<h1>{html.escape(titel)}</h1>" in page[les_url(slug)]["text"]
    assert all(f'href="{les_url(les_slug)}"' in page[lijst_url]["text"] for _, les_slug, _ in published)
    assert f'href="{les_url(slug)}"' in page[thema_url]["text"]
    assert f'href="{les_url(slug)}"' in page[search_url(WORD)]["text"]
    assert html.escape(thema_naam) in page[reverse("home")]["text"]
    assert f"{len(published)} lessen" in page[reverse("home")]["text"]
    assert html.escape(titel) in page[versies_url]["text"]  # the versions the old state wrote
    assert html.escape(titel) in page[versie_url]["text"]


@pytest.mark.parametrize("state", STATES)
def test_lessons_written_at_an_older_state_keep_their_pages_on_every_database(state, fresh_database_url):
    with closing(old_database(state)) as database:
        targets = migrations_of(database)
    les, concept = les_url("de-wijk-is-geen-dorp"), les_url("nog-niet-af")
    thema_url = reverse("lessen:thema_detail", kwargs={"slug": "leefwereld"})
    pages = [les, concept, thema_url, search_url(WORD), reverse("home")]
    after, page = upgrade(fresh_database_url, "--fill-at", *targets, "--", *pages, vendor=connection.vendor)

    assert after == sorted((slug, titel) for slug, titel, *_ in LIBRARY)
    published = [les_url(slug) for slug, _, status, *_ in LIBRARY if status == "gepubliceerd"]
    assert {url: page[url]["status"] for url in pages} == {**dict.fromkeys(pages, 200), concept: 404}
    text = page[les]["text"]
    assert "<h1>De wijk is geen dorp</h1>" in text
    assert "Tussenbalans" in text and "Jos van der Lans" in text and "bewoners" in text
    assert 'href="#tekst-wat-bewoners-zien"' in text  # the stored body as lessen/0009 rewrote it
    assert all(f'href="{url}"' in page[thema_url]["text"] for url in published)
    assert all(f'href="{url}"' in page[search_url(WORD)]["text"] for url in published)
    assert f'href="{concept}"' not in page[search_url(WORD)]["text"]
    assert "Leefwereld" in page[reverse("home")]["text"]
    assert "2 lessen" in page[reverse("home")]["text"]


def imported_modules(source):
    """Every module a Python source imports, at its top or inside a function, by statement or by
    importlib.import_module("..."), as (line, dotted name); a relative import as its dots."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, "." * node.level + (node.module or "")
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, node.args[0].value


def test_no_migration_imports_the_code_of_the_site():
    """Migrations use historical models and code of their own (another migration's included): the
    site's code follows today's models, which name tables an older database does not have yet."""
    ours = [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and not Path(config.path).is_relative_to(sys.prefix)
    ]
    packages = {config.name.split(".")[0] for config in ours}
    imports = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for config in ours
        for path in sorted(Path(config.path).glob("migrations/*.py"))
        for line, name in imported_modules(path.read_text())
        if name.startswith(".") or (name.split(".")[0] in packages and ".migrations." not in f"{name}.")
    ]
    assert len(ours) >= 7 and imports == []
