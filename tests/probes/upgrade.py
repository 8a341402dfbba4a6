"""A database of an older state of the site, migrated to today's code: what do its pages show?

Started by tests/test_upgrade.py in a subprocess with DATABASE_URL pointing at the database to
upgrade, as `manage.py migrate` finds it on a server. Either that database already holds an old
state (an SQLite file loaded from tests/upgrade/), or it is fresh and `--fill-at` makes one: it
migrates to those migrations with Django's MigrationExecutor and writes a small library (LIBRARY)
through the historical models of that state, as the site then stored it. Then `migrate` runs with
today's code, and the probe prints a JSON report on stdout: the database's vendor, every lesson
(slug and title), and the status and text of each page asked for.

    python -m tests.probes.upgrade [--fill-at lessen:0004_wikilinks ...] /lessen/ /zoeken/?q=wijk ...
"""

import argparse
import json
import os

import django

# The library written at an old state: (slug, title, status, themes, tags). Every published lesson
# has "wijk" in its title, so that searching for it finds them all.
THEMAS = {"leefwereld": "Leefwereld", "sturen": "Sturen"}
LIBRARY = [
    ("de-wijk-is-geen-dorp", "De wijk is geen dorp", "gepubliceerd", ["leefwereld"], ["bewoners", "stad"]),
    ("bewoners-kennen-hun-wijk", "Bewoners kennen hun wijk", "gepubliceerd", ["leefwereld", "sturen"], []),
    ("nog-niet-af", "Nog niet af", "concept", ["sturen"], ["bewoners"]),
]
# As the renderer of that time stored a body: heading ids without the "tekst-" of lessen/0009, and a
# wikilink to the second lesson.
TEKST = "## Wat bewoners zien\n\nZie [boven](#wat-bewoners-zien) en [[Bewoners kennen hun wijk]]."
TEKST_HTML = (
    '<h2 id="wat-bewoners-zien">Wat bewoners zien</h2>\n'
    '<p>Zie <a href="#wat-bewoners-zien">boven</a> en '
    '<a class="wikilink" href="/lessen/bewoners-kennen-hun-wijk/">Bewoners kennen hun wijk</a>.</p>'
)


def fill_at(targets):
    """Migrate the (fresh) database to `targets` and write LIBRARY as that state would have."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    apps = executor.loader.project_state(targets).apps

    def model(label):
        return apps.get_model(label)

    now = timezone.now()
    themas = {
        slug: model("lessen.Thema").objects.create(naam=naam, slug=slug) for slug, naam in THEMAS.items()
    }
    auteur = model("bronnen.Auteur").objects.create(
        naam="Jos van der Lans", sorteernaam="Lans, Jos van der", slug="jos-van-der-lans"
    )
    bundel = model("bronnen.Bron").objects.create(titel="De balans", slug="de-balans", soort="essaybundel")
    essay = model("bronnen.Bron").objects.create(
        titel="Tussenbalans", slug="tussenbalans", soort="essay", onderdeel_van=bundel, volgorde=1
    )
    model("bronnen.BronAuteur").objects.create(bron=essay, auteur=auteur)
    les_type, _ = model("contenttypes.ContentType").objects.get_or_create(app_label="lessen", model="les")

    lessen = {}
    for volgorde, (slug, titel, status, thema_slugs, tag_names) in enumerate(LIBRARY, 1):
        fields = {
            "titel": titel,
            "slug": slug,
            "samenvatting": f"{titel}: wat de bron zegt over de wijk.",
            "tekst": TEKST,
            "tekst_html": TEKST_HTML,
            "soort": "inzicht",
            "kennissoort": "praktijk",
            "status": status,
        }
        les = lessen[slug] = model("lessen.Les").objects.create(versie=1, **fields)
        les.themas.set([themas[thema] for thema in thema_slugs])
        citaat = f"Uit het essay, over {titel.lower()}."
        model("lessen.Vermelding").objects.create(
            les=les, bron=essay, locator=f"punt {volgorde}", citaat=citaat, volgorde=volgorde
        )
        for name in tag_names:
            tag, _ = model("taggit.Tag").objects.get_or_create(name=name, slug=name)
            model("taggit.TaggedItem").objects.create(tag=tag, content_type=les_type, object_id=les.pk)
        model("lessen.HistoricalLes").objects.create(
            id=les.pk,
            **fields,
            versie=1,
            gewijzigd=now,
            history_date=now,
            history_type="+",
            history_change_reason="Eerste versie",
            themas_snapshot=[{"slug": thema, "naam": THEMAS[thema]} for thema in thema_slugs],
            tags_snapshot=sorted(tag_names),
            vermeldingen_snapshot=[
                {
                    "bron": essay.titel,
                    "bron_slug": essay.slug,
                    "locator": f"punt {volgorde}",
                    "titel_in_bron": "",
                    "citaat": citaat,
                    "volgorde": volgorde,
                    "auteurs": [auteur.naam],
                }
            ],
        )
    model("lessen.Wikilink").objects.create(
        van=lessen["de-wijk-is-geen-dorp"],
        doel="bewoners kennen hun wijk",
        naar=lessen["bewoners-kennen-hun-wijk"],
    )
    if ("lessen", "0005_search_index") in executor.recorder.applied_migrations():
        # The site of that state indexed what it saved; its own index code is gone, the frozen copy
        # in the migration that made the index does what it did.
        from importlib import import_module

        search_index = import_module("lessen.migrations.0005_search_index")
        with connection.schema_editor() as schema_editor:
            search_index.fill_index(apps, schema_editor)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fill-at", nargs="*", default=[], help="app:migration, the old state to make")
    parser.add_argument("paths", nargs="*", help="pages to fetch after the upgrade")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from lessen.models import Les

    if args.fill_at:
        fill_at([tuple(target.split(":")) for target in args.fill_at])
    call_command("migrate", verbosity=0)

    setup_test_environment()
    settings.WIJKGIDS_PER_PAGINA = 10_000  # every lesson of a list or a search on its first page
    client = Client()
    pages = {}
    for path in args.paths:
        response = client.get(path)
        pages[path] = {"status": response.status_code, "text": response.content.decode()}
    lessen = sorted(Les.objects.values_list("slug", "titel"))
    print(json.dumps({"vendor": connection.vendor, "lessen": lessen, "pages": pages}))


if __name__ == "__main__":
    main()
