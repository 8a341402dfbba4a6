"""Run the site against a PostgreSQL primary and its streaming replica, and report what readers and
an editor see while the replica lags behind, as JSON.

Started by tests/test_replicas.py in a subprocess, because settings (DATABASE_URL,
DATABASE_REPLICA_URL) are read once at start-up. The replica's lag is made, not waited for: the test
pauses its replay of the primary's changes (pg_wal_replay_pause) around the edit.
"""

import io
import json
import os
import sys
import time

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from lessen.models import Les
    from lessen.services import les_opslaan
    from wijkgids.replicas import COOKIE

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("load_content", stdout=io.StringIO())
    get_user_model().objects.create_superuser("eindredacteur", password="geheim-wachtwoord-1")
    les = Les.objects.published().order_by("pk").first()
    url = les.get_absolute_url()
    wait_for_replica(connections, les.pk)

    def titel(client, path=url):
        html = client.get(path, HTTP_HOST="127.0.0.1").content.decode()
        return html.split("<h1>", 1)[1].split("</h1>", 1)[0]

    lezer, redacteur = Client(), Client()
    report = {"voor": titel(lezer)}
    # Another editor, signed in without posting anything: no cookie sends their reads to the primary.
    beheerder = Client()
    beheerder.force_login(get_user_model().objects.get())

    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    # The editor signs in and saves: POSTs, as the admin's forms are, and the save goes to the primary.
    login = {"username": "eindredacteur", "password": "geheim-wachtwoord-1", "next": "/beheer/"}
    report["aanmelden"] = redacteur.post("/beheer/login/", login, HTTP_HOST="127.0.0.1").status_code
    les.titel = "Nieuwe titel van de redactie"
    les_opslaan(les=les, redacteur=get_user_model().objects.get(), reden="Titel aangescherpt")
    report["lezer_tijdens_achterstand"] = titel(lezer)
    report["redacteur_na_opslaan"] = titel(redacteur)
    report["redacteur_in_beheer"] = (
        "Nieuwe titel van de redactie"
        in redacteur.get(f"/beheer/lessen/les/{les.pk}/change/", HTTP_HOST="127.0.0.1").content.decode()
    )
    report["beheerder_zonder_cookie"] = {
        "cookie": COOKIE in beheerder.cookies,
        "ziet_nieuwe_titel": "Nieuwe titel van de redactie"
        in beheerder.get(f"/beheer/lessen/les/{les.pk}/change/", HTTP_HOST="127.0.0.1").content.decode(),
    }
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replica(connections, les.pk, titel="Nieuwe titel van de redactie")
    report["lezer_na_inhalen"] = titel(Client())
    json.dump(report, sys.stdout)


def wait_for_replica(connections, pk, *, titel=None, timeout=30):
    """Until the replica holds lesson `pk` (with `titel`, if given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT titel FROM lessen_les WHERE id = %s", [pk])
            row = cursor.fetchone()
        if row and (titel is None or row[0] == titel):
            return
        time.sleep(0.1)
    raise RuntimeError("de replica haalde de primaire database niet in")


if __name__ == "__main__":
    main()
