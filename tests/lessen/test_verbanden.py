"""Relations between lessons of different sources: curated in the admin, shown on both lessons in
their own words, versioned with the lesson that makes them, hidden when they point to a draft."""

import pytest
from django.db import IntegrityError
from django.test import Client

from lessen.models import Les, Verband
from lessen.services import les_opslaan, lessen_verwijderen, versie_herstellen
from tests.admin_forms import les_form
from tests.factories import publish_pending
from tests.searching import result_titles

from .test_versies import redacteur  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

UITGEWERKT = "De lezing maakt concreet wat het essay over mensen zegt."


def verbind(van, naar, soort=Verband.Soort.WERKT_UIT, toelichting=UITGEWERKT):
    les_opslaan(
        les=van, verbanden=[*van.verbanden.all(), Verband(naar=naar, soort=soort, toelichting=toelichting)]
    )


def test_an_editor_adds_a_relation_in_the_lesson_form_as_one_version(client, content, redacteur):  # noqa: F811
    weg, mensen = content["weg"], content["mensen"]
    client.force_login(redacteur)
    form = client.get(f"/beheer/lessen/les/{weg.pk}/change/").content.decode()
    assert "Verbanden met andere lessen" in form
    assert "<b>staat op gespannen voet met</b>: de twee trekken een andere kant op" in form
    data = les_form(weg, wijzigingsreden="Verband met het essay") | {
        "verbanden-TOTAL_FORMS": "1",
        "verbanden-0-naar": mensen.pk,
        "verbanden-0-soort": "werkt_uit",
        "verbanden-0-toelichting": UITGEWERKT,
    }
    assert client.post(f"/beheer/lessen/les/{weg.pk}/change/", data).status_code == 302
    nieuwste = weg.history.order_by("-versie").first()
    assert nieuwste.versie == 2
    assert nieuwste.verbanden_snapshot == [
        {"les": mensen.pk, "titel": mensen.titel, "soort": "werkt_uit", "toelichting": UITGEWERKT}
    ]


def test_the_lesson_form_also_shows_the_relations_other_lessons_make_with_it(client, content, redacteur):  # noqa: F811
    verbind(content["weg"], content["mensen"])
    client.force_login(redacteur)
    form = client.get(f"/beheer/lessen/les/{content['mensen'].pk}/change/").content.decode()
    assert "Verbanden vanuit andere lessen" in form
    assert (
        f'Deze les wordt uitgewerkt in <a href="/beheer/lessen/les/{content["weg"].pk}/change/">'
        f"Weg met de romantiek</a>: {UITGEWERKT}" in form
    )
    nieuw = client.get("/beheer/lessen/les/add/").content.decode()
    assert "Verbanden vanuit andere lessen" not in nieuw


def test_a_relation_shows_on_both_lessons_phrased_from_each_side(client, content):
    verbind(content["weg"], content["mensen"])
    weg = client.get("/lessen/weg-met-de-romantiek/").content.decode()
    assert "Wat andere bronnen hierover zeggen" in weg
    assert (
        'Deze les werkt uit</span> <a href="/lessen/het-gaat-om-de-mensen/">Het gaat om de mensen</a>' in weg
    )
    assert "(Tussenbalans)" in weg  # the essay, not its bundle: the essay says who speaks
    assert UITGEWERKT in weg
    mensen = client.get("/lessen/het-gaat-om-de-mensen/").content.decode()
    assert (
        'Deze les wordt uitgewerkt in</span> <a href="/lessen/weg-met-de-romantiek/">Weg met de romantiek</a>'
        in mensen
    )
    assert "(Doen we de goede dingen?)" in mensen
    assert UITGEWERKT in mensen


def test_a_lesson_without_relations_shows_no_empty_section(client, content):
    assert "Wat andere bronnen hierover zeggen" not in client.get("/lessen/wildroosters/").content.decode()


def test_a_relation_to_a_draft_is_invisible_to_the_public(staff_client, content):
    verbind(
        content["concept"], content["mensen"], Verband.Soort.GESPANNEN, "Het concept spreekt het essay tegen."
    )
    publiek = Client().get("/lessen/het-gaat-om-de-mensen/").content.decode()
    assert "Geheim concept" not in publiek and "spreekt het essay tegen" not in publiek
    redactie = staff_client.get("/lessen/het-gaat-om-de-mensen/").content.decode()
    assert "Deze les staat op gespannen voet met" in redactie and "Geheim concept" in redactie


def test_a_lesson_is_not_related_to_itself(content):
    with pytest.raises(IntegrityError):
        Verband.objects.create(
            van=content["weg"], naar=content["weg"], soort="sluit_aan", toelichting="Zelf."
        )


def test_the_diff_shows_a_relation_added_and_a_revert_takes_it_away(client, content, redacteur):  # noqa: F811
    weg = content["weg"]
    verbind(weg, content["mensen"])
    html = client.get("/lessen/weg-met-de-romantiek/verschil/1/2/").content.decode()
    assert "Verbanden met andere lessen" in html
    assert f"<ins>werkt uit ‘Het gaat om de mensen’: {UITGEWERKT}</ins>" in html
    versie_herstellen(les=weg, nummer=1, redacteur=redacteur)
    publish_pending(weg)  # a published lesson: restoring is a change that waits for review
    assert not weg.verbanden.exists()
    versie_herstellen(les=Les.objects.get(pk=weg.pk), nummer=2, redacteur=redacteur)
    publish_pending(weg)
    assert weg.verbanden.get().toelichting == UITGEWERKT


def test_the_api_lists_a_lessons_relations_either_way_but_not_to_drafts(client, content):
    verbind(content["weg"], content["mensen"])
    verbind(content["concept"], content["mensen"], Verband.Soort.NUANCEERT, "Een concept.")
    data = client.get(f"/api/lessen/{content['mensen'].pk}/").json()
    assert data["verbanden"] == [
        {
            "soort": "wordt uitgewerkt in",
            "les": content["weg"].pk,
            "titel": "Weg met de romantiek",
            "url": "http://testserver/lessen/weg-met-de-romantiek/",
            "toelichting": UITGEWERKT,
        }
    ]
    assert "verbanden" not in client.get("/lessen/het-gaat-om-de-mensen/citeren.json").content.decode()


def test_the_comparison_of_a_theme_says_under_each_lesson_how_other_sources_answer_it(client, content):
    verbind(content["weg"], content["mensen"], Verband.Soort.GESPANNEN, "Het essay trekt de andere kant op.")
    verbind(content["concept"], content["mensen"])
    html = client.get("/themas/leefwereld/vergelijk/").content.decode()
    onder_weg = html[html.index(">Weg met de romantiek</a></h3>") :].split("</li>\n</ol>")[0]
    assert (
        'Staat op gespannen voet met</span> <span aria-hidden="true">→</span> '
        '<a href="/lessen/het-gaat-om-de-mensen/">Het gaat om de mensen</a> '
        '<span class="verband__bron">(Tussenbalans)</span>'
    ) in onder_weg
    onder_mensen = html[html.index(">Het gaat om de mensen</a></h3>") :]
    assert "Staat op gespannen voet met</span>" in onder_mensen
    assert '<a href="/lessen/weg-met-de-romantiek/">Weg met de romantiek</a>' in onder_mensen
    assert "Geheim concept" not in html  # a relation from a draft is not public


# The map: /kaart/ and /themas/<slug>/kaart/ ------------------------------------------------------


def test_the_map_draws_each_relation_as_an_arc_between_linked_lessons_and_lists_it_in_text(client, content):
    verbind(content["weg"], content["mensen"], Verband.Soort.GESPANNEN, "Het essay trekt de andere kant op.")
    html = client.get("/kaart/").content.decode()
    # Two drawings, one for a wide screen and one for a phone (CSS shows one), each with the arc.
    assert html.count('<path class="kaart__boog kaart__boog--gespannen"') == 2
    assert html.count('class="kaart__svg kaart__svg--') == 2
    for les in (content["weg"], content["mensen"]):
        assert f'<a href="{les.get_absolute_url()}" class="kaart__les">' in html
    assert '<a href="/bronnen/lezing/" class="kaart__bron">' in html
    tekst = html[html.index('<h2 id="verbanden-tekst">') :]
    assert (
        '<a href="/lessen/weg-met-de-romantiek/">Weg met de romantiek</a> '
        '<span class="verband__bron">(Doen we de goede dingen?)</span> '
        "<strong>staat op gespannen voet met</strong> "
        '<a href="/lessen/het-gaat-om-de-mensen/">Het gaat om de mensen</a>'
    ) in tekst
    assert "Het essay trekt de andere kant op." in tekst


def test_a_themes_map_shows_the_relations_that_touch_its_lessons_and_no_drafts(client, content):
    verbind(content["weg"], content["mensen"])  # both on leefwereld; mensen on sturen too
    verbind(content["concept"], content["mensen"], Verband.Soort.NUANCEERT, "Een concept.")
    html = client.get("/themas/sturen/kaart/").content.decode()
    assert "<h1>Sturen: kaart van de verbanden</h1>" in html
    assert html.count('class="kaart__boog') == 2  # once in each drawing
    assert "Geheim concept" not in html
    assert 'href="/themas/sturen/kaart/"' in client.get("/themas/sturen/vergelijk/").content.decode()
    assert 'href="/kaart/"' in client.get("/overzicht/").content.decode()


def test_a_map_without_relations_says_so_and_an_unknown_theme_is_a_404(client, content):
    assert "nog geen verbanden" in client.get("/themas/leefwereld/kaart/").content.decode()
    assert client.get("/themas/bestaat-niet/kaart/").status_code == 404


def test_search_finds_both_lessons_by_the_words_of_their_relation_until_it_goes(client, content):
    weg, mensen = content["weg"], content["mensen"]
    verbind(weg, mensen, toelichting="Beide noemen de kwartelkoning als voorbeeld.")
    assert sorted(result_titles(client.get("/zoeken/", {"q": "kwartelkoning"}))) == sorted(
        [weg.titel, mensen.titel]
    )
    les_opslaan(les=weg, verbanden=[])
    assert result_titles(client.get("/zoeken/", {"q": "kwartelkoning"})) == []


def test_deleting_a_lesson_takes_its_relations_out_of_the_other_lessons_search_text(client, content):
    weg, mensen = content["weg"], content["mensen"]
    verbind(weg, mensen, toelichting="Beide noemen de kwartelkoning als voorbeeld.")
    assert mensen.titel in result_titles(client.get("/zoeken/", {"q": "kwartelkoning"}))
    lessen_verwijderen(lessen=[weg])
    assert result_titles(client.get("/zoeken/", {"q": "kwartelkoning"})) == []


def test_deleting_a_lesson_gives_the_lessons_related_to_it_a_version_without_that_relation(client, content):
    weg, mensen = content["weg"], content["mensen"]
    verbind(weg, mensen)
    voor = weg.history.count()
    lessen_verwijderen(lessen=[mensen])
    nieuwste = weg.history.order_by("-versie").first()
    assert weg.history.count() == voor + 1
    assert nieuwste.verbanden_snapshot == []
    reden = "Verband met ‘Het gaat om de mensen’ vervallen: die les is verwijderd"
    assert nieuwste.history_change_reason == reden
    assert reden in client.get("/lessen/weg-met-de-romantiek/versies/").content.decode()
