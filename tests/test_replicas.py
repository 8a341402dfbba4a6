"""PostgreSQL with a streaming replica: readers read the replica, an editor reads their own writes.

Runs under bin/with-postgres (make test-postgres), against a real standby made with
`pg_basebackup -R` from the throwaway primary. The replica is held back on purpose while an editor
saves, so what each visitor sees tells which database answered. The last test checks the router's
rules in this process, on any database.
"""

import json
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse

from lessen.models import Les
from tests.servers import ROOT, on_port, outside_env, postgres_bindir, postgres_database, postgres_replica
from wijkgids.replicas import COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def primary_and_replica():
    primary = os.environ.get("DATABASE_URL", "")
    if not primary.startswith("postgres") or postgres_bindir() is None:
        reason = "skipped: replica-test draait onder bin/with-postgres (make test-postgres) met pg_basebackup"
        if IN_CI and primary.startswith("postgres"):
            pytest.fail(reason)
        pytest.skip(reason)
    with postgres_database(primary) as database, postgres_replica(primary) as port:
        yield database, on_port(database, port)


@pytest.fixture(scope="module")
def report(primary_and_replica):
    primary, replica = primary_and_replica
    env = {**outside_env(), "DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica}
    result = subprocess.run(
        [sys.executable, "-m", "tests.probes.replicas"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_readers_read_the_replica_and_see_an_edit_once_it_has_caught_up(report):
    assert report["lezer_tijdens_achterstand"] == report["voor"] != "Nieuwe titel van de redactie"
    assert report["lezer_na_inhalen"] == "Nieuwe titel van de redactie"


def test_the_editor_who_saved_reads_the_change_at_once_on_the_site_and_in_the_admin(report):
    assert report["aanmelden"] == 302
    assert report["redacteur_na_opslaan"] == "Nieuwe titel van de redactie"
    assert report["redacteur_in_beheer"]


def test_an_editor_reads_the_admin_from_the_primary_without_the_cookie_a_write_sets(report):
    """The admin always reads the primary: an editor who has not saved in a while (no cookie) sees the
    change a colleague just made, not the replica's older copy."""
    assert report["beheerder_zonder_cookie"] == {"cookie": False, "ziet_nieuwe_titel": True}


@pytest.mark.parametrize(
    ("method", "path", "cookie", "database"),
    [
        ("GET", "/beheer/lessen/les/", False, "default"),  # the admin: the primary, cookie or not
        ("GET", "/beheer/", False, "default"),
        ("GET", "/lessen/", False, "replica1"),  # a visitor's read: a replica
        ("HEAD", "/zoeken/", False, "replica1"),
        ("GET", "/lessen/", True, "default"),  # a visitor who wrote a moment ago: the primary
        ("POST", "/bundel/", False, "default"),  # a write, and what it reads
    ],
)
def test_the_router_sends_each_request_to_its_database(rf, settings, method, path, cookie, database):
    """The same rules, in this process and on any database: which database a request reads from."""
    settings.REPLICAS = ["replica1"]
    request = rf.generic(method, path)
    if cookie:
        request.COOKIES[COOKIE] = "1"
    read_from = []

    def view(request):
        read_from.append(ReplicaRouter().db_for_read(Les))
        return HttpResponse()

    response = PrimaryAfterWriteMiddleware(view)(request)
    assert read_from == [database]
    assert (COOKIE in response.cookies) == (method == "POST")  # a write sends the next reads to the primary
