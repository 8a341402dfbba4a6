"""Two app servers on one PostgreSQL (with a streaming replica) and one Redis, as behind a load balancer.

Runs under bin/with-postgres (make test-postgres): a fresh database on its PostgreSQL, a replica made
with `pg_basebackup -R`, a throwaway redis-server, and two gunicorn servers (each its own master, on
its own port) with production settings and the same environment. Everything goes over HTTP, as a
browser behind the TLS proxy would send it; nothing is mocked. An editor's browser sends its cookies
to both servers, as it would to one site behind a load balancer.
"""

import http.client
import json
import os
import time
from contextlib import closing
from html import escape

import psycopg2
import pytest

from bench.browser import Browser, read_form
from bench.load import public_urls
from tests import servers

IN_CI = os.environ.get("CI") == "true"
SITE = "127.0.0.1"  # the one host name both servers answer to, as behind a load balancer
PASSWORD = "cluster-wachtwoord-7"
NEW_SUMMARY = "Samenvatting herschreven op de ene server, meteen te lezen op de andere."

EDITOR = """
import json
from django.contrib.auth.models import Group, User
from lessen.models import Les
user = User.objects.create_user("redacteur", password={password!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Redacteur"))
les = Les.objects.published().order_by("pk").first()
print(json.dumps({{"pk": les.pk, "url": les.get_absolute_url(), "samenvatting": les.samenvatting}}))
"""
# A final editor who made none of it publishes the editor's change (tests.factories.publish_pending).
PUBLISH = """
from lessen.models import Les
from tests.factories import publish_pending
publish_pending(Les.objects.get(pk={pk}))
"""


def primary_or_skip():
    """The PostgreSQL of bin/with-postgres; skipped without it, failed in CI when a tool is missing."""
    primary = os.environ.get("DATABASE_URL", "")
    if not primary.startswith("postgres"):
        pytest.skip("skipped: cluster-test draait onder bin/with-postgres (make test-postgres)")
    missing = [
        name
        for name, found in (
            ("pg_basebackup", servers.postgres_bindir() is not None),
            ("redis-server", servers.find_redis_server() is not None),
        )
        if not found
    ]
    if missing:
        reason = (
            f"skipped: cluster-test overgeslagen: {' en '.join(missing)} niet gevonden "
            "(apt-get install postgresql redis-server)"
        )
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return primary


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    primary = primary_or_skip()
    folder = tmp_path_factory.mktemp("cluster")
    with (
        servers.postgres_database(primary) as database,
        servers.postgres_replica(database) as replica_port,
        servers.redis_server(folder) as cache,
    ):
        replica = servers.on_port(database, replica_port)
        env = servers.production_env(
            DATABASE_URL=database,
            DATABASE_REPLICA_URL=replica,
            WIJKGIDS_CACHE_URL=cache,
            DJANGO_STATIC_ROOT=str(folder / "static"),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_LOG_LEVEL="WARNING",
        )
        servers.install_site(env)
        les = json.loads(servers.manage(env, "shell", "-v0", "-c", EDITOR.format(password=PASSWORD)))
        with (
            servers.gunicorn(env, folder, workers=2) as first,
            servers.gunicorn(env, folder, workers=2) as second,
        ):
            yield {"ports": (first, second), "les": les, "replica": replica, "env": env}


def browser(port, cookies=None):
    return Browser(port, cookies, host=SITE)


def head(port, url, **headers):
    """(status, ETag) of a HEAD request, as the caching proxy sends one to revalidate."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("HEAD", url, headers={"Host": SITE, **servers.PROXY_HEADERS, **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("ETag")
    finally:
        connection.close()


def test_both_servers_serve_identical_pages_with_the_same_validators(cluster):
    first, second = cluster["ports"]
    for url in public_urls(first):
        pages = [browser(port).request("GET", url) for port in (second, first)]
        assert [status for status, _, _ in pages] == [200, 200], url
        assert pages[0][2] == pages[1][2], f"{url} differs between the two servers"
    # A proxy in front may revalidate a page with either server: the ETag of one holds at the other.
    url = cluster["les"]["url"]
    status, etag = head(first, url)
    assert status == 200 and etag
    assert head(second, url) == (200, etag)
    assert head(second, url, **{"If-None-Match": etag})[0] == 304


def test_an_edit_through_one_server_shows_on_both(cluster):
    first, second = cluster["ports"]
    les = cluster["les"]
    for port in (first, second):
        assert escape(les["samenvatting"]) in browser(port).request("GET", les["url"])[2]

    # The replica falls behind (its replay paused, as under load), so what each visitor sees tells
    # which database answered. The editor signs in and saves through the first server, with the
    # admin's own forms.
    with closing(psycopg2.connect(cluster["replica"])) as replica, replica.cursor() as cursor:
        replica.autocommit = True
        cursor.execute("SELECT pg_wal_replay_pause()")
        try:
            cookies = {}
            editor = browser(first, cookies)
            _, _, html = editor.request("GET", "/beheer/login/?next=/beheer/")
            login = {**dict(read_form(html, "login-form")), "username": "redacteur", "password": PASSWORD}
            assert editor.request("POST", "/beheer/login/?next=/beheer/", login)[:2] == (302, "/beheer/")
            change = f"/beheer/lessen/les/{les['pk']}/change/"
            status, _, html = editor.request("GET", change)
            assert status == 200
            fields = [
                [name, NEW_SUMMARY if name == "samenvatting" else value]
                for name, value in read_form(html, "les_form")
            ]
            assert editor.request("POST", change, [*fields, ["_continue", "1"]])[:2] == (302, change)

            # At once, through either server, the editor reads what they saved: a change to a published
            # lesson waits for review, and their form shows it.
            for port in (second, first):
                status, _, html = browser(port, cookies).request("GET", change)
                assert status == 200
                assert escape(NEW_SUMMARY) in html, f"the editor does not see their save on port {port}"
            servers.manage(cluster["env"], "shell", "-v0", "-c", PUBLISH.format(pk=les["pk"]))
            # Readers meanwhile get the replica's page, on both servers: the old one, not an error.
            for port in (first, second):
                status, _, html = browser(port).request("GET", les["url"])
                assert (status, escape(NEW_SUMMARY) in html) == (200, False)
        finally:
            cursor.execute("SELECT pg_wal_replay_resume()")

    # Once the replica has caught up, readers on both servers see the edit, within seconds.
    deadline = time.monotonic() + 30
    waiting = {first, second}
    while waiting and time.monotonic() < deadline:
        waiting = {
            port for port in waiting if escape(NEW_SUMMARY) not in browser(port).request("GET", les["url"])[2]
        }
        time.sleep(0.2)
    assert not waiting, f"readers on port(s) {sorted(waiting)} still see the old summary after 30 s"
