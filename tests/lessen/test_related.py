"""Related lessons are kept in the database by the services (lessen/related.py): a change to one
lesson shows at once in the "Verwante lessen" of the lessons around it, and what is stored is
always what working every list out afresh gives."""

import importlib
import random

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from taggit.models import Tag

from lessen import related, services
from lessen.models import Les, Vermelding, VerwanteLes
from tests.factories import BronFactory, LesFactory, ThemaFactory

pytestmark = pytest.mark.django_db


def related_titles(client, les):
    return [andere.titel for andere in client.get(les.get_absolute_url()).context["verwante_lessen"]]


def stored():
    return sorted(
        VerwanteLes.objects.values_list(
            "les_id", "publiek", "andere_id", "score", "gelinkt", "gedeelde_tags", "gedeelde_themas",
            "gedeelde_bronnen",
        )
    )  # fmt: skip


def worked_out_afresh():
    kept = stored()
    related.alles_opnieuw()
    return kept, stored()


def test_a_tag_given_to_one_lesson_shows_in_its_neighbours_related_lessons(client, db):
    buur = LesFactory(titel="Buur", tags=["buurtkamer"])
    les = LesFactory(titel="Nieuwkomer")
    assert "Nieuwkomer" not in related_titles(client, buur)
    services.les_opslaan(les=les, tags=["buurtkamer"])
    assert related_titles(client, buur) == ["Nieuwkomer"]
    assert "1 gedeelde tag" in client.get(buur.get_absolute_url()).content.decode()


def test_a_lesson_that_now_shares_more_climbs_in_its_neighbours_list(client, db):
    thema = ThemaFactory()
    les = LesFactory(titel="Midden", themas=[thema], tags=["a", "b"])
    LesFactory(titel="Sterk", tags=["a", "b"])
    zwak = LesFactory(titel="Zwak", themas=[thema])
    assert related_titles(client, les) == ["Sterk", "Zwak"]
    services.les_opslaan(les=zwak, tags=["a", "b"])
    assert related_titles(client, les) == ["Zwak", "Sterk"]


def test_a_lesson_deleted_or_taken_offline_leaves_its_neighbours_related_lessons(client, db):
    buur = LesFactory(titel="Buur", tags=["buurtkamer"])
    weg = LesFactory(titel="Gaat weg", tags=["buurtkamer"])
    offline = LesFactory(titel="Gaat offline", tags=["buurtkamer"])
    assert related_titles(client, buur) == ["Gaat weg", "Gaat offline"]
    services.lessen_verwijderen(lessen=[weg])
    eindredacteur = get_user_model().objects.create_superuser("eind", password="geheim-wachtwoord-1")
    services.naar_concept(les=Les.objects.get(pk=offline.pk), redacteur=eindredacteur)
    assert related_titles(client, buur) == []


def test_editors_see_a_draft_among_the_related_lessons_that_visitors_do_not(staff_client, db):
    buur = LesFactory(titel="Buur", tags=["buurtkamer"])
    LesFactory(titel="Concept", tags=["buurtkamer"], status=Les.Status.CONCEPT)
    assert related_titles(Client(), buur) == []
    assert related_titles(staff_client, buur) == ["Concept"]


def test_a_deleted_or_merged_tag_and_a_deleted_theme_change_the_related_lessons(client, db):
    thema = ThemaFactory()
    buur = LesFactory(titel="Buur", tags=["een"], themas=[thema])
    LesFactory(titel="Ander", tags=["twee"], themas=[thema])
    assert "1 gedeeld thema" in client.get(buur.get_absolute_url()).content.decode()
    services.tags_samenvoegen(tags=list(Tag.objects.filter(name__in=["een", "twee"])), naam="samen")
    html = client.get(buur.get_absolute_url()).content.decode()
    assert "<span>1 gedeelde tag</span><span>1 gedeeld thema</span>" in html
    services.themas_verwijderen(themas=[thema])
    services.tags_verwijderen(tags=Tag.objects.filter(name="samen"))
    assert related_titles(client, buur) == []


def test_a_link_made_by_another_lesson_counts_on_both_sides(client, db):
    doel = LesFactory(titel="Doel", slug="doel")
    linkt = LesFactory(titel="Linkt", tekst="Zie [[doel]].")
    assert related_titles(client, doel) == ["Linkt"]
    assert related_titles(client, linkt) == ["Doel"]


@pytest.mark.parametrize("seed", [28, 31, 2026])
def test_what_the_services_keep_is_what_working_it_out_afresh_gives(db, monkeypatch, seed):
    """Random edits, with themes and sources so small a window that lessons fall out of their
    newest and come back in: after each, the stored lists are those worked out afresh."""
    monkeypatch.setattr(related, "PER_SHARE", 2)
    monkeypatch.setattr(related, "SHOWN", 3)
    rng = random.Random(seed)
    themas = [ThemaFactory() for _ in range(3)]
    bronnen = [BronFactory() for _ in range(2)]
    tags = ["a", "b", "c", "d"]
    eindredacteur = get_user_model().objects.create_superuser("eind", password="geheim-wachtwoord-1")

    def some(values):
        return rng.sample(values, rng.randint(0, min(2, len(values))))

    lessen = [LesFactory(themas=some(themas), tags=some(tags)) for _ in range(6)]
    for step in range(40):
        les = Les.objects.get(pk=rng.choice(lessen).pk)
        keuze = rng.randrange(6)
        if keuze == 0:
            lessen.append(
                LesFactory(themas=some(themas), tags=some(tags), bronnen=[(rng.choice(bronnen), "1")])
            )
        elif keuze == 1 and len(lessen) > 4:
            lessen = [andere for andere in lessen if andere.pk != les.pk]
            services.lessen_verwijderen(lessen=[les])
        elif keuze == 2:
            services.les_opslaan(les=les, themas=some(themas), tags=some(tags))
        elif keuze == 3:
            doel = rng.choice(lessen)
            les.tekst = f"Zie [[{doel.slug}]]." if rng.random() < 0.7 else "Geen link meer."
            services.les_opslaan(les=les)
        elif keuze == 4 and les.status == Les.Status.GEPUBLICEERD:
            services.naar_concept(les=les, redacteur=eindredacteur)
        else:
            services.les_opslaan(
                les=les, vermeldingen=[Vermelding(bron=b, locator="2") for b in some(bronnen)]
            )
        kept, afresh = worked_out_afresh()
        assert kept == afresh, f"after step {step} ({keuze})"


def test_the_migration_fills_the_lists_as_the_services_would(db):
    LesFactory(titel="Buur", tags=["buurtkamer"], themas=[ThemaFactory()])
    LesFactory(titel="Ander", tags=["buurtkamer"], tekst="Zie [[buur]].")
    LesFactory(titel="Concept", tags=["buurtkamer"], status=Les.Status.CONCEPT)
    kept = stored()
    assert kept
    VerwanteLes.objects.all().delete()
    importlib.import_module("lessen.migrations.0018_verwante_lessen").fill(apps, None)
    assert stored() == kept


def test_loading_content_past_the_services_leaves_every_list_complete(client, db):
    call_command("load_content", verbosity=0)
    kept, afresh = worked_out_afresh()
    assert kept and kept == afresh
    les = Les.objects.published().get(pk=next(row[0] for row in kept if row[1]))
    assert related_titles(client, les)
