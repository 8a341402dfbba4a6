"""Editors saving and visitors reading at the same time, on an SQLite file: does anything fail?

Started by tests/test_sqlite_concurrency.py in a subprocess with DATABASE_URL pointing at a fresh
SQLite file (the test database of pytest lives in memory and shares one connection, which proves
nothing about locking). Prints a JSON report on stdout.

    python -m tests.probes.sqlite_concurrency [--transaction-mode DEFERRED] [--writers 6] ...
"""

import argparse
import json
import os
import threading
import time
import traceback

import django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--transaction-mode", default=None, help="override the setting (control run)")
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--saves", type=int, default=12, help="saves per writer")
    parser.add_argument("--readers", type=int, default=6)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from lessen import selectors
    from lessen.models import Les
    from lessen.services import les_opslaan
    from tests.factories import BronFactory, LesFactory, ThemaFactory

    options = settings.DATABASES["default"]["OPTIONS"]
    if args.transaction_mode:
        options["transaction_mode"] = args.transaction_mode
    call_command("migrate", verbosity=0)
    thema = ThemaFactory()
    bron = BronFactory()
    lessen = [
        LesFactory(themas=[thema], tags=["wijk"], bronnen=[(bron, f"punt {n}")]) for n in range(args.writers)
    ]
    connection.close()

    errors = []
    saves = []
    reads = []
    writers_done = threading.Event()

    def record(exc):
        errors.append(f"{type(exc).__name__}: {exc}")
        if len(errors) <= 3:
            traceback.print_exc()

    def write(les_pk, writer):
        try:
            for n in range(args.saves):
                try:
                    # What an admin save does: read the row, change it, write it and its tags.
                    with transaction.atomic():
                        les = Les.objects.get(pk=les_pk)
                        les.samenvatting = f"schrijver {writer}, versie {n}"
                        les_opslaan(les=les, tags=[*les.tags.names(), f"versie-{n}"])
                    saves.append((les_pk, n))
                except Exception as exc:  # noqa: BLE001 - every failure is what we count
                    record(exc)
        finally:
            connection.close()

    def read():
        try:
            while not writers_done.is_set():
                try:
                    # What a public page does: autocommit reads, no transaction of its own.
                    count = len(list(selectors.les_list()))
                    list(selectors.thema_list())
                    list(selectors.tag_list())
                    reads.append(count)
                except Exception as exc:  # noqa: BLE001
                    record(exc)
        finally:
            connection.close()

    readers = [threading.Thread(target=read) for _ in range(args.readers)]
    writers = [threading.Thread(target=write, args=(les.pk, i)) for i, les in enumerate(lessen)]
    started = time.monotonic()
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writers_done.set()
    for thread in readers:
        thread.join(timeout=30)
    seconds = time.monotonic() - started

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    final = {str(les.pk): les.samenvatting for les in Les.objects.filter(pk__in=[les.pk for les in lessen])}
    report = {
        "transaction_mode": options.get("transaction_mode"),
        "journal_mode": journal_mode,
        "vendor": connection.vendor,
        "database": str(settings.DATABASES["default"]["NAME"]),
        "expected_saves": args.writers * args.saves,
        "saves": len(saves),
        "reads": len(reads),
        "errors": errors,
        "final": final,
        "last_save": {
            str(pk): f"schrijver {i}, versie {args.saves - 1}" for i, pk in enumerate(sorted(final, key=int))
        },
        "seconds": round(seconds, 2),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
