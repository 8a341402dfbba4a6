"""Rough drafts and a second pair of eyes: concept → ter beoordeling → gepubliceerd."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from lessen.models import Les, PubliekeNaam
from lessen.services import (
    NietToegestaan,
    les_opslaan,
    naar_concept,
    publiceren,
    ter_beoordeling_aanbieden,
    versie_herstellen,
)
from tests.lessen.test_search_index import form_data

pytestmark = pytest.mark.django_db

MISSING = "Er ontbreekt: een samenvatting, een tekst, de kennissoort, een thema, een bron met vindplaats."


def editor(naam, group="Redacteur"):
    user = get_user_model().objects.create_user(naam.lower(), password="geheim-wachtwoord-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    PubliekeNaam.objects.create(user=user, naam=naam)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def action(client, name, les):
    response = client.post("/beheer/lessen/les/", {"action": name, "_selected_action": [les.pk]}, follow=True)
    return [str(message) for message in response.context["messages"]]


def publish_on_screen(client, les):
    """A final editor publishes on the review screen the version it shows; the messages after."""
    versie = client.get(f"/beheer/lessen/les/{les.pk}/beoordelen/").context["versie"].versie
    response = client.post(
        f"/beheer/lessen/les/{les.pk}/beoordelen/",
        {"actie": "publiceren", "basisversie": versie},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def empty_citations():
    """The lesson form's inlines (citations, relations), empty."""
    return {
        f"{inline}-{field}": value
        for inline in ("vermeldingen", "verbanden")
        for field, value in [
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        ]
    }


def rough_draft(client, titel="Eerst een titel"):
    response = client.post(
        "/beheer/lessen/les/add/", {"titel": titel, "soort": "inzicht", **empty_citations()}, follow=True
    )
    assert response.redirect_chain, response.context["adminform"].form.errors
    return Les.objects.get(titel=titel)


def test_a_concept_needs_only_a_title_and_stays_hidden_from_readers(db):
    les = rough_draft(logged_in(editor("Anna")))
    assert (les.status, les.slug, les.versie) == ("concept", "eerst-een-titel", 1)
    assert Client().get(les.get_absolute_url()).status_code == 404
    assert Client().get("/lessen/eerst-een-titel/versies/").status_code == 404


def test_submitting_an_incomplete_concept_names_what_is_missing_in_dutch(db):
    anna = logged_in(editor("Anna"))
    les = rough_draft(anna)
    assert action(anna, "bied_aan", les) == [f"‘Eerst een titel’ kan nog niet aangeboden worden. {MISSING}"]
    assert Les.objects.get(pk=les.pk).status == "concept"


def test_a_complete_concept_is_submitted_and_still_hidden(content):
    anna = logged_in(editor("Anna"))
    les = content["concept"]
    assert action(anna, "bied_aan", les) == ["1 les aangeboden ter beoordeling."]
    les.refresh_from_db()
    assert les.status == "ter_beoordeling"
    assert Client().get(les.get_absolute_url()).status_code == 404
    preview = anna.get(les.get_absolute_url())  # editors preview it
    assert "Ter beoordeling: deze les is nog niet gepubliceerd" in preview.content.decode()


def test_a_redacteur_may_not_publish_and_is_not_offered_to(content):
    anna = editor("Anna")
    les = ter_beoordeling_aanbieden(les=content["concept"], redacteur=anna)
    assert not anna.has_perm("lessen.publish_les")
    assert (
        "Publiceren" not in logged_in(anna).get(f"/beheer/lessen/les/{les.pk}/beoordelen/").content.decode()
    )
    with pytest.raises(NietToegestaan, match="alleen een eindredacteur kan een les publiceren"):
        publiceren(les=les, redacteur=anna)
    assert Les.objects.get(pk=les.pk).status == "ter_beoordeling"


def test_the_author_of_the_change_may_not_approve_it_another_final_editor_may(content):
    anna, bert = editor("Anna", "Eindredacteur"), editor("Bert", "Eindredacteur")
    les = content["concept"]
    les.samenvatting = "Door Anna herschreven."
    les_opslaan(les=les, redacteur=anna)
    ter_beoordeling_aanbieden(les=les, redacteur=anna)

    assert publish_on_screen(logged_in(anna), les) == [
        "‘Geheim concept’: u heeft zelf aan deze versie gewerkt. "
        "Een andere eindredacteur moet haar goedkeuren."
    ]
    assert Les.objects.get(pk=les.pk).status == "ter_beoordeling"

    assert publish_on_screen(logged_in(bert), les) == [
        "‘Geheim concept’ is gepubliceerd: lezers zien nu versie 4."
    ]
    les.refresh_from_db()
    assert les.is_published
    versie = les.history.get(versie=les.versie)
    assert (versie.goedgekeurd_door, versie.history_user) == ("Bert", bert)
    assert versie.redacteur_naam == "redactie, Anna"
    history = Client().get("/lessen/geheim-concept/versies/").content.decode()
    # version 1 came from a script ("redactie"), version 2 from Anna: both are the change approved
    assert 'door <span class="versie__door">redactie, Anna</span> · goedgekeurd door' in history
    assert '<span class="versie__goedgekeurd">Bert</span>' in history
    detail = Client().get(f"/lessen/geheim-concept/versies/{les.versie}/").content.decode()
    assert "goedgekeurd door Bert" in detail


def test_whoever_edited_since_the_last_publication_may_not_approve(content):
    anna, bert = editor("Anna"), editor("Bert", "Eindredacteur")
    les = content["concept"]
    les.tekst += "\n\nEen zin van Bert."
    les_opslaan(les=les, redacteur=bert)
    ter_beoordeling_aanbieden(les=les, redacteur=anna)  # Anna submits what Bert wrote
    with pytest.raises(NietToegestaan, match="u heeft zelf aan deze versie gewerkt"):
        publiceren(les=les, redacteur=bert)


def test_only_a_submitted_lesson_is_published(content):
    bert = editor("Bert", "Eindredacteur")
    with pytest.raises(NietToegestaan, match="staat niet ter beoordeling"):
        publiceren(les=content["concept"], redacteur=bert)


def test_the_status_cannot_be_changed_in_the_form(content):
    anna = logged_in(editor("Anna"))
    les = content["concept"]
    wijzigen = f"/beheer/lessen/les/{les.pk}/change/"
    assert anna.post(wijzigen, {**form_data(anna.get(wijzigen)), "status": "gepubliceerd"}).status_code == 302
    assert Les.objects.get(pk=les.pk).status == "concept"


def test_taking_a_lesson_offline_needs_a_final_editor(content):
    anna, bert = editor("Anna"), editor("Bert", "Eindredacteur")
    les = content["weg"]
    assert action(logged_in(anna), "maak_concept", les) == [
        "‘Weg met de romantiek’: alleen een eindredacteur kan een gepubliceerde les offline halen."
    ]
    assert Client().get(les.get_absolute_url()).status_code == 200
    naar_concept(les=Les.objects.get(pk=les.pk), redacteur=bert)
    assert Client().get(les.get_absolute_url()).status_code == 404


def test_a_redacteur_may_withdraw_a_submitted_lesson(content):
    anna = editor("Anna")
    les = ter_beoordeling_aanbieden(les=content["concept"], redacteur=anna)
    assert naar_concept(les=les, redacteur=anna).status == "concept"


def test_restoring_a_published_version_does_not_publish_a_concept(content):
    anna, bert = editor("Anna"), editor("Bert", "Eindredacteur")
    les = naar_concept(les=content["weg"], redacteur=bert)  # version 2, offline
    versie_herstellen(les=Les.objects.get(pk=les.pk), nummer=1, redacteur=anna)
    assert Les.objects.get(pk=les.pk).status == "concept"
    assert Client().get(les.get_absolute_url()).status_code == 404


def test_eindredacteur_group_may_what_a_redacteur_may_and_publish(db):
    redacteur = set(Group.objects.get(name="Redacteur").permissions.values_list("codename", flat=True))
    eind = set(Group.objects.get(name="Eindredacteur").permissions.values_list("codename", flat=True))
    assert eind - redacteur == {"publish_les"}
    assert redacteur < eind


def test_create_editor_makes_a_final_editor(monkeypatch, capsys):
    password = "wijk-en-buurt-2026"
    monkeypatch.setattr("lessen.management.commands.create_editor.getpass", lambda prompt: password)
    call_command("create_editor", "carla", "--eindredacteur", "--naam", "Carla")
    user = get_user_model().objects.get(username="carla")
    assert list(user.groups.values_list("name", flat=True)) == ["Eindredacteur"]
    assert user.has_perm("lessen.publish_les")
    assert "Eindredacteur ‘carla’ is aangemaakt" in capsys.readouterr().out
