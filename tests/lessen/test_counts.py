"""The counts of published lessons on the home page and the lists of themes, sources, authors and
tags are kept by the services (lessen/counts.py): after every change they are what counting the
library gives."""

import importlib
import random

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from taggit.models import Tag

from bronnen.models import BronAuteur
from bronnen.services import bron_opslaan
from lessen import selectors, services
from lessen.models import Les, Telling, Vermelding
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory

pytestmark = pytest.mark.django_db


def counted_now():
    """What counting the published lessons gives, per kind: the oracle the stored counts must match."""
    lessen = selectors.published_ids()

    def nonzero(counts):
        return {key: n for key, n in counts.items() if key and n}

    return {
        "lessen": {0: Les.objects.published().count()},
        "thema": nonzero(selectors.thema_counts(lessen)),
        "bron": nonzero(selectors.bron_counts(lessen)),
        "bron_eigen": nonzero(selectors.bron_counts(lessen, bundel_includes_parts=False)),
        "auteur": nonzero(selectors.auteur_counts(lessen)),
        "tag": nonzero(selectors.tag_counts(lessen)),
    }


def stored():
    counts = {soort: {} for soort in Telling.Soort}
    for soort, waarde, aantal in Telling.objects.values_list("soort", "waarde", "aantal"):
        counts[soort][waarde] = aantal
    return counts


def test_publishing_and_taking_offline_changes_the_counts_on_the_home_page(client, content):
    home = client.get("/")
    sturen = next(thema for thema in home.context["themas"] if thema.slug == "sturen")
    before, before_sturen = home.context["aantal_lessen"], sturen.aantal
    les = LesFactory(titel="Nieuw", themas=[sturen], tags=["vertrouwen"], status=Les.Status.CONCEPT)
    assert client.get("/").context["aantal_lessen"] == before
    les.status = Les.Status.GEPUBLICEERD
    services.les_opslaan(les=les)
    home = client.get("/")
    assert home.context["aantal_lessen"] == before + 1
    assert f"bundelt {before + 1} lessen" in home.content.decode()
    assert next(t for t in home.context["themas"] if t.slug == "sturen").aantal == before_sturen + 1
    eindredacteur = get_user_model().objects.create_superuser("eind", password="geheim-wachtwoord-1")
    services.naar_concept(les=Les.objects.get(pk=les.pk), redacteur=eindredacteur)
    assert client.get("/").context["aantal_lessen"] == before
    assert stored() == counted_now()


def test_an_essay_moved_into_a_bundle_counts_there_and_its_authors_with_it(client, content):
    auteur = AuteurFactory(naam="Nieuwe Auteur")
    essay = BronFactory(titel="Los essay", auteurs=[auteur])
    LesFactory(titel="In het essay", bronnen=[(essay, "1")])
    bundel = next(bron for bron in client.get("/bronnen/").context["bronnen"] if bron.slug == "bundel")
    essay.onderdeel_van = bundel
    bron_opslaan(bron=essay, bronauteurs=[])
    after = next(bron for bron in client.get("/bronnen/").context["bronnen"] if bron.slug == "bundel")
    assert after.aantal == bundel.aantal + 1
    auteurs = {a.naam: a.aantal for a in client.get("/auteurs/").context["auteurs"]}
    assert auteurs.get("Nieuwe Auteur", 0) == 0  # no longer an author of a cited source
    assert stored() == counted_now()


def test_merged_and_deleted_tags_and_a_deleted_theme_leave_the_lists(client, content):
    thema = ThemaFactory(naam="Weg")
    LesFactory(tags=["een"], themas=[thema])
    LesFactory(tags=["twee"])
    services.tags_samenvoegen(tags=list(Tag.objects.filter(name__in=["een", "twee"])), naam="samen")
    assert {tag.name: tag.aantal for tag in client.get("/tags/").context["tags"]}["samen"] == 2
    services.tags_verwijderen(tags=Tag.objects.filter(name="samen"))
    services.themas_verwijderen(themas=[thema])
    assert "samen" not in {tag.name for tag in client.get("/tags/").context["tags"]}
    assert stored() == counted_now()


def test_what_the_services_keep_is_what_counting_the_library_gives(db):
    rng = random.Random(28)
    themas = [ThemaFactory() for _ in range(3)]
    auteurs = [AuteurFactory() for _ in range(2)]
    bundel = BronFactory()
    bronnen = [BronFactory(auteurs=[rng.choice(auteurs)]) for _ in range(3)]
    eindredacteur = get_user_model().objects.create_superuser("eind", password="geheim-wachtwoord-1")

    def some(values):
        return rng.sample(values, rng.randint(0, min(2, len(values))))

    lessen = [LesFactory(themas=some(themas), tags=some(["a", "b", "c"])) for _ in range(4)]
    for step in range(30):
        les = Les.objects.get(pk=rng.choice(lessen).pk)
        keuze = rng.randrange(6)
        if keuze == 0:
            status = rng.choice(list(Les.Status))
            lessen.append(LesFactory(themas=some(themas), tags=some(["a", "b", "c"]), status=status))
        elif keuze == 1 and len(lessen) > 3:
            lessen = [andere for andere in lessen if andere.pk != les.pk]
            services.lessen_verwijderen(lessen=[les])
        elif keuze == 2:
            vermeldingen = [Vermelding(bron=bron, locator="1") for bron in some(bronnen)]
            services.les_opslaan(
                les=les, themas=some(themas), tags=some(["a", "b", "d"]), vermeldingen=vermeldingen
            )
        elif keuze == 3:
            bron = rng.choice(bronnen)
            bron.onderdeel_van = rng.choice([None, bundel])
            bron_opslaan(bron=bron, bronauteurs=[BronAuteur(auteur=a, volgorde=1) for a in some(auteurs)])
        elif keuze == 4 and les.status == Les.Status.GEPUBLICEERD:
            services.naar_concept(les=les, redacteur=eindredacteur)
        else:
            les.status = Les.Status.GEPUBLICEERD
            services.les_opslaan(les=les)
        assert stored() == counted_now(), f"after step {step} ({keuze})"


def test_the_migration_and_loading_content_count_as_the_services_do(db):
    call_command("load_content", verbosity=0)
    assert stored() == counted_now()
    assert stored()["thema"]
    Telling.objects.all().delete()
    importlib.import_module("lessen.migrations.0020_tellingen").fill(apps, None)
    assert stored() == counted_now()
