"""What an editor does in the admin, end to end in Chromium, and what readers then see."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from lessen import services
from lessen.models import Les, PubliekeNaam
from tests.test_admin import NOT_FOR_EDITORS

from .conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def open_in_admin(page, titel):
    page.goto(reverse("admin:lessen_les_changelist"))
    page.locator("#result_list").get_by_role("link", name=titel, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("wijzigen", re.IGNORECASE))


def save(page):
    page.locator("input[name=_save]").first.click()


def published_by_a_final_editor(les, make_editor):
    """The change waiting for review on the published lesson `les`, offered and published by a final
    editor who made none of it (as tests/browser/test_redactie.py does through the screens)."""
    eind = make_editor("eindredactie", eindredacteur=True)
    services.ter_beoordeling_aanbieden(les=Les.objects.get(pk=les.pk), redacteur=None)
    return services.publiceren(les=Les.objects.get(pk=les.pk), redacteur=eind)


def test_editor_adds_a_wikilink_and_readers_see_the_new_version_the_diff_and_the_old_version(
    page, new_context, make_editor, content
):
    make_editor("anna")
    les = content["weg"]
    log_in(page, "anna")
    open_in_admin(page, "Weg met de romantiek")
    tekst = page.get_by_label("Tekst")
    tekst.fill(tekst.input_value() + "\n\nZie ook [[Wildroosters en slagbomen]].")
    page.get_by_label("Reden van de wijziging").fill("Verwijzing naar de slagbomen")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("wacht op publicatie door een eindredacteur")
    published_by_a_final_editor(les, make_editor)  # version 2 waited, 3 offered it, 4 published it

    lezer = new_context().new_page()
    lezer.goto(les.get_absolute_url())
    lezer.locator(".les__tekst").get_by_role("link", name="Wildroosters en slagbomen").click()
    expect(lezer.get_by_role("heading", level=1)).to_have_text("Wildroosters en slagbomen")
    linkt = lezer.get_by_role("region", name="Wat linkt hierheen")
    expect(linkt.get_by_role("link", name="Weg met de romantiek")).to_be_visible()

    lezer.go_back()
    lezer.get_by_role("link", name="Alle versies").click()
    nieuwste = lezer.get_by_role("list", name="Versies, nieuwste eerst").get_by_role("listitem").first
    expect(nieuwste).to_contain_text("Versie 4 huidig")
    expect(nieuwste).to_contain_text("Gepubliceerd na beoordeling")
    nieuwste.get_by_role("link", name="met vorige").click()
    expect(lezer.get_by_role("heading", level=1)).to_have_text("Verschil tussen versie 1 en versie 4")
    # The public diff compares the text as readers see it: the link's words, not its Markdown.
    expect(lezer.locator("ins").filter(has_text="Wildroosters en slagbomen")).to_have_count(1)

    lezer.goto(les.get_version_permalink(1))
    expect(lezer).to_have_url(re.compile(r"/lessen/weg-met-de-romantiek/versies/1/$"))
    expect(lezer.locator(".les__tekst")).to_contain_text("De bron zegt iets over de wijk.")
    expect(lezer.locator(".les__tekst")).not_to_contain_text("Wildroosters")


def test_second_editor_saving_the_same_lesson_sees_the_conflict_and_loses_nothing(
    new_context, make_editor, content
):
    make_editor("anna")
    make_editor("bert")
    anna, bert = new_context().new_page(), new_context().new_page()
    log_in(anna, "anna")
    log_in(bert, "bert")
    open_in_admin(anna, "Wildroosters en slagbomen")
    open_in_admin(bert, "Wildroosters en slagbomen")

    anna.get_by_label("Samenvatting").fill("Slagbomen houden bewoners buiten.")
    save(anna)
    expect(anna.locator(".messagelist")).to_contain_text("is met succes gewijzigd")

    berts_tekst = "## Wat de bron zegt\n\nWildroosters houden professionals binnen hun eigen domein."
    bert.get_by_label("Tekst").fill(berts_tekst)
    save(bert)
    gewijzigd = bert.get_by_role("alert").filter(has_text="Wat de ander veranderde").locator("dt")
    expect(gewijzigd).to_have_text(["Samenvatting"])  # only what Anna changed
    expect(gewijzigd.locator("+ dd ins")).to_have_text(["Slagbomen", "houden", "bewoners", "buiten"])
    expect(bert.get_by_text("Iemand anders heeft deze les opgeslagen terwijl u hem bewerkte")).to_be_visible()
    expect(bert.get_by_label("Tekst")).to_have_value(berts_tekst)  # his work is still in the form
    wijziging = services.werkversie(Les.objects.get(pk=content["sturen_les"].pk))  # waits for review
    assert (wijziging.versie, wijziging.samenvatting) == (2, "Slagbomen houden bewoners buiten.")
    assert "professionals binnen" not in wijziging.tekst

    bert.get_by_label("Samenvatting").fill("Slagbomen houden bewoners buiten.")  # takes over Anna's change
    save(bert)
    expect(bert.locator(".messagelist")).to_contain_text("is met succes gewijzigd")
    wijziging = services.werkversie(Les.objects.get(pk=content["sturen_les"].pk))
    assert wijziging.versie == 3
    assert wijziging.samenvatting == "Slagbomen houden bewoners buiten."
    assert "professionals binnen hun eigen domein" in wijziging.tekst


def test_renamed_lessons_old_address_lands_on_the_new_page(page, new_context, make_editor, content):
    make_editor("anna")
    log_in(page, "anna")
    open_in_admin(page, "Het gaat om de mensen")
    page.get_by_label("Adres:", exact=True).fill("om-de-mensen")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("is met succes gewijzigd")
    published_by_a_final_editor(content["mensen"], make_editor)

    lezer = new_context().new_page()
    response = lezer.goto("/lessen/het-gaat-om-de-mensen/")
    assert lezer.url.endswith("/lessen/om-de-mensen/")
    assert response.status == 200
    eerder = response.request.redirected_from
    assert eerder.url.endswith("/lessen/het-gaat-om-de-mensen/")
    assert eerder.response().status == 301
    assert eerder.redirected_from is None  # one hop
    expect(lezer.get_by_role("heading", level=1)).to_have_text("Het gaat om de mensen")


def test_lesson_list_fits_a_1280_pixel_screen_with_the_real_content(new_context, make_editor):
    call_command("load_content", stdout=StringIO())
    make_editor("anna")
    page = new_context().new_page()
    log_in(page, "anna")
    page.goto(reverse("admin:lessen_les_changelist"))
    screenshot(page, "beheer-lessenlijst")
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "a column is cut off"
    expect(page.locator("#result_list thead th")).to_contain_text(["Titel", "Bron", "Status", "Gewijzigd"])
    lines = page.locator("#result_list .field-titel").evaluate_all(
        "cells => cells.map(c => Math.round(c.querySelector('a').getClientRects().length))"
    )
    assert max(lines) <= 2, f"a title wraps over {max(lines)} lines"


def test_editor_previews_a_wikilink_without_javascript_and_nothing_is_saved(
    new_context, make_editor, content
):
    make_editor("anna")
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, "anna")
    open_in_admin(page, "Weg met de romantiek")
    tekst = "Zie [[Wildroosters en slagbomen]] en [[Bestaat niet]]."
    page.get_by_label("Tekst").fill(tekst)
    page.get_by_role("button", name="Voorbeeld bekijken").click()

    voorbeeld = page.get_by_role("region", name="Voorbeeld")
    screenshot(page, "beheer-voorbeeld")
    expect(voorbeeld).to_contain_text("Er is nog niets opgeslagen.")
    expect(voorbeeld.get_by_role("link", name="Wildroosters en slagbomen")).to_have_attribute(
        "href", content["sturen_les"].get_absolute_url()
    )
    expect(voorbeeld.locator(".wikilink--ontbreekt")).to_have_text("Bestaat niet")
    expect(page.get_by_label("Tekst")).to_have_value(tekst)
    les = Les.objects.get(pk=content["weg"].pk)
    assert (les.versie, les.tekst) == (1, content["weg"].tekst)

    save(page)
    expect(page.locator(".messagelist")).to_contain_text("is met succes gewijzigd")
    assert services.werkversie(Les.objects.get(pk=les.pk)).versie == 2  # waiting for review


def test_what_the_admins_scripts_show_an_editor_is_dutch(page, make_editor, content):
    """The theme chooser, the calendar and the inline buttons are made by Django's scripts."""
    make_editor("anna")
    log_in(page, "anna")
    for url in [
        reverse("admin:lessen_les_changelist"),
        reverse("admin:lessen_les_add"),
        reverse("admin:lessen_les_change", args=[content["weg"].pk]),
    ]:
        page.goto(url)
        expect(page.locator("body")).to_contain_text("Wijkgids — redactie")
        shown = page.locator("body").inner_text()
        assert not NOT_FOR_EDITORS.findall(shown), (url, NOT_FOR_EDITORS.findall(shown))
    expect(page.get_by_role("button", name="Alle thema's kiezen")).to_be_visible()
    expect(page.get_by_role("button", name="Alle thema's weghalen")).to_be_visible()


def run_action(page, titel, actie):
    """Choose the lesson `titel` in the lesson list and run the action `actie` on it."""
    page.goto(reverse("admin:lessen_les_changelist"))
    page.locator("#result_list tr", has_text=titel).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=actie)
    page.locator("button[name=index]").click()


def test_a_rough_draft_is_submitted_when_complete_and_published_by_a_second_pair_of_eyes(
    new_context, make_editor, content
):
    titel = "Buurtkamers zijn van bewoners"
    for naam, eindredacteur in [("Anna", False), ("Bert", True), ("Cleo", True)]:
        PubliekeNaam.objects.create(user=make_editor(naam.lower(), eindredacteur=eindredacteur), naam=naam)
    anna, bert, cleo = (new_context().new_page() for _ in range(3))

    # Anna, a Redacteur, writes a concept with only a title.
    log_in(anna, "anna")
    anna.goto(reverse("admin:lessen_les_add"))
    anna.get_by_label("Titel:").fill(titel)
    save(anna)
    expect(anna.locator(".messagelist")).to_contain_text("is met succes toegevoegd")

    # Submitting it is refused, with what is missing.
    run_action(anna, titel, "Bied de gekozen lessen aan ter beoordeling")
    expect(anna.locator(".messagelist .error")).to_have_text(
        f"‘{titel}’ kan nog niet aangeboden worden. Er ontbreekt: een samenvatting, een tekst, "
        "de kennissoort, een thema, een bron met vindplaats."
    )

    # She completes it and submits it; publishing is not hers to do.
    open_in_admin(anna, titel)
    anna.get_by_label("Samenvatting").fill("De buurtkamer werkt als bewoners haar beheren.")
    anna.get_by_label("Tekst").fill("## Wat de bron zegt\n\nBewoners beheren de buurtkamer zelf.")
    anna.get_by_label("Kennissoort").select_option(label="Praktijk")
    anna.locator("#id_themas_from").select_option(label="Leefwereld")
    anna.locator("#id_themas_add").click()
    anna.locator(".field-bron .select2-selection").first.click()
    anna.locator(".select2-search__field").fill("goede dingen")
    anna.get_by_role("option", name="Doen we de goede dingen?").click()
    anna.get_by_label("Vindplaats").first.fill("punt 7")
    save(anna)
    expect(anna.locator(".messagelist")).to_contain_text("is met succes gewijzigd")
    run_action(anna, titel, "Bied de gekozen lessen aan ter beoordeling")
    expect(anna.locator(".messagelist")).to_have_text("1 les aangeboden ter beoordeling.")
    expect(anna.get_by_role("button", name="Publiceren")).to_have_count(0)
    les = Les.objects.get(titel=titel)
    lezer = new_context().new_page()
    assert lezer.goto(les.get_absolute_url()).status == 404  # under review: not public yet

    # Bert, an Eindredacteur, corrects the summary while reviewing: now he may not approve it.
    log_in(bert, "bert")
    open_in_admin(bert, titel)
    bert.get_by_label("Samenvatting").fill("De buurtkamer werkt als de bewoners haar zelf beheren.")
    save(bert)
    bert.goto(reverse("admin:lessen_les_beoordelen", args=[les.pk]))
    expect(bert.locator(".errornote")).to_contain_text(
        "U heeft zelf aan deze wijziging gewerkt: een andere eindredacteur moet haar publiceren."
    )
    expect(bert.get_by_role("button", name="Publiceren")).to_have_count(0)
    assert lezer.goto(les.get_absolute_url()).status == 404

    # Cleo, another Eindredacteur, publishes it.
    log_in(cleo, "cleo")
    cleo.goto(reverse("admin:lessen_les_beoordelen", args=[les.pk]))
    cleo.get_by_role("button", name="Publiceren").click()
    expect(cleo.locator(".messagelist")).to_contain_text(f"‘{titel}’ is gepubliceerd")

    # Readers see the lesson, and in its history who wrote it and who approved it.
    assert lezer.goto(les.get_absolute_url()).status == 200
    expect(lezer.get_by_role("heading", level=1)).to_have_text(titel)
    lezer.get_by_role("link", name="Alle versies").click()
    versies = lezer.get_by_role("list", name="Versies, nieuwste eerst").get_by_role("listitem")
    expect(versies).to_have_count(1)  # the concept's versions stay private
    expect(versies.first).to_contain_text("door Anna, Bert · goedgekeurd door Cleo")
    expect(versies.first).to_contain_text("Reden: Gepubliceerd na beoordeling")


def test_editor_marks_a_lesson_as_checked_and_readers_see_when(page, new_context, make_editor, content):
    PubliekeNaam.objects.create(user=make_editor("anna"), naam="Anna")
    log_in(page, "anna")
    page.goto(reverse("admin:lessen_les_changelist") + "?te_herzien=ja")
    expect(page.locator("#result_list")).to_contain_text("Weg met de romantiek")  # never checked: due
    run_action(page, "Weg met de romantiek", "Gecontroleerd tegen de bron (vandaag)")
    expect(page.locator(".messagelist")).to_have_text(
        "1 les gecontroleerd tegen de bron; te herzien over een jaar."
    )
    page.goto(reverse("admin:lessen_les_changelist") + "?te_herzien=ja")
    expect(page.locator("#result_list")).not_to_contain_text("Weg met de romantiek")

    lezer = new_context().new_page()
    lezer.goto(content["weg"].get_absolute_url())
    expect(lezer.locator(".les__gecontroleerd")).to_contain_text(
        re.compile(r"Laatst gecontroleerd tegen de bron: \d{1,2} \w+ \d{4}, door Anna\.")
    )
    lezer.get_by_role("link", name="Alle versies").click()
    expect(lezer.get_by_role("listitem").filter(has_text="Versie 2")).to_contain_text(
        "Reden: Gecontroleerd tegen de bron"
    )


def test_editor_adds_a_source_and_then_a_lesson_from_it(page, make_editor, content):
    make_editor("anna")
    log_in(page, "anna")
    page.goto(reverse("admin:bronnen_bron_add"))
    page.get_by_label("Titel:").fill("Notitie over buurtkamers")
    page.get_by_label("Soort:").select_option(label="Essay")
    expect(
        page.get_by_text("Sla de bron eerst op; daarna kunt u hier lessen uit deze bron toevoegen.")
    ).to_be_visible()
    page.locator("input[name=_continue]").first.click()  # save and keep editing

    page.get_by_role("link", name="Nieuwe les uit deze bron").click()
    page.get_by_label("Titel:").fill("Buurtkamers werken als bewoners ze beheren")
    expect(page.locator(".field-bron .select2-selection").first).to_contain_text("Notitie over buurtkamers")
    page.get_by_label("Vindplaats").first.fill("paragraaf 2")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("is met succes toegevoegd")

    page.goto(
        reverse(
            "admin:bronnen_bron_change",
            args=[Les.objects.get(titel__startswith="Buurtkamers").bronnen.get().pk],
        )
    )
    expect(page.get_by_role("link", name="Buurtkamers werken als bewoners ze beheren")).to_be_visible()
    expect(page.get_by_text("— paragraaf 2")).to_be_visible()
