"""The editors' desk in Chromium (issue 29): a Redacteur's change to a published lesson waits for an
Eindredacteur, who sees the difference, sends it back, and publishes exactly what was read."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from lessen.models import Les, PubliekeNaam

from .conftest import log_in, screenshot
from .test_editor_flows import open_in_admin

pytestmark = pytest.mark.django_db(transaction=True)

NIEUW = "Een wijk is geen dorp: de lezing zegt het met zoveel woorden."


@pytest.fixture(autouse=True)
def email_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def test_a_change_waits_is_sent_back_and_is_published_as_read(new_context, make_editor, content):
    anna_user = make_editor("anna")
    bert_user = make_editor("bert", eindredacteur=True)
    for user, naam in [(anna_user, "Anna de Vries"), (bert_user, "Bert Jansen")]:
        PubliekeNaam.objects.create(user=user, naam=naam)
        user.email = f"{user.username}@example.org"
        user.save()
    les = content["weg"]
    anna, bert, lezer = (new_context().new_page() for _ in range(3))

    # Anna edits the published lesson: readers, the API and search keep the published text.
    log_in(anna, "anna")
    open_in_admin(anna, "Weg met de romantiek")
    anna.get_by_label("Samenvatting").fill(NIEUW)
    anna.locator("input[name=_save]").first.click()
    expect(anna.locator(".messagelist")).to_contain_text("wacht op publicatie door een eindredacteur")
    lezer.goto(les.get_absolute_url())
    expect(lezer.locator(".les__samenvatting")).to_have_text("De wijk is geen dorp.")
    assert NIEUW not in lezer.goto(f"/api/lessen/{les.pk}/").text()
    lezer.goto("/zoeken/?q=zoveel+woorden")
    expect(lezer.locator("main")).not_to_contain_text("Weg met de romantiek")
    anna.goto(les.get_absolute_url())  # staff see that a change waits, and by whom
    expect(
        anna.get_by_role("status").filter(has_text="Er wacht een wijziging op publicatie")
    ).to_contain_text("door Anna de Vries")

    # She offers it with a note; Bert's start page lists it and an email goes out.
    open_in_admin(anna, "Weg met de romantiek")
    expect(anna.get_by_label("Samenvatting")).to_have_value(NIEUW)  # the form shows the change
    anna.get_by_label("Notitie voor de eindredactie").fill("Scherper geformuleerd, graag kijken.")
    anna.get_by_role("button", name="Opslaan en aanbieden ter beoordeling").first.click()
    expect(anna.locator(".messagelist")).to_contain_text("is aangeboden ter beoordeling")
    assert [m.to for m in mail.outbox] == [["bert@example.org"]]
    log_in(bert, "bert")
    wacht = bert.get_by_role("region", name=re.compile("Wacht op uw beoordeling"))
    expect(wacht).to_contain_text("Weg met de romantiek")
    expect(wacht).to_contain_text("Scherper geformuleerd, graag kijken.")
    screenshot(bert, "beheer-startpagina")

    # Bert sees the difference and sends it back with a remark, which Anna sees.
    wacht.get_by_role("link", name="Weg met de romantiek").click()
    expect(bert.get_by_role("heading", level=1)).to_have_text("“Weg met de romantiek” beoordelen")
    expect(bert.locator(".verschil--gewijzigd ins")).to_contain_text(["Een", re.compile("zoveel woorden")])
    expect(bert.locator(".verschil--gewijzigd del")).to_contain_text(["De"])
    screenshot(bert, "beheer-beoordelen")
    bert.get_by_label("Wat moet er nog gebeuren?").fill("Noem de vindplaats in de tekst.")
    bert.get_by_role("button", name="Terugsturen met opmerking").click()
    expect(bert.locator(".messagelist")).to_contain_text("is teruggestuurd met uw opmerking")
    anna.goto(reverse("admin:index"))
    behandeling = anna.get_by_role("region", name=re.compile("Uw lessen in behandeling"))
    expect(behandeling).to_contain_text("Noem de vindplaats in de tekst.")
    open_in_admin(anna, "Weg met de romantiek")
    expect(anna.locator(".redactie-stand")).to_contain_text("Noem de vindplaats in de tekst.")

    # Anna fixes and offers again; Bert opens the screen; Anna saves once more: publishing refuses.
    anna.get_by_label("Samenvatting").fill(NIEUW + " (punt 1)")
    anna.get_by_role("button", name="Opslaan en aanbieden ter beoordeling").first.click()
    bert.goto(reverse("admin:lessen_les_beoordelen", args=[les.pk]))
    open_in_admin(anna, "Weg met de romantiek")
    anna.get_by_label("Samenvatting").fill(NIEUW + " (lezing, punt 1)")
    anna.locator("input[name=_save]").first.click()
    bert.get_by_role("button", name="Publiceren").click()
    expect(bert.locator(".messagelist .error")).to_contain_text("Er is niets gepubliceerd")
    expect(bert.locator(".verschil--gewijzigd").first).to_contain_text("(lezing, punt 1)")  # the newer one
    lezer.goto(les.get_absolute_url())
    expect(lezer.locator(".les__samenvatting")).to_have_text("De wijk is geen dorp.")

    # Now he publishes what he reads: readers see it, the history names author and approver.
    bert.get_by_role("button", name="Publiceren").click()
    expect(bert.locator(".messagelist")).to_contain_text("is gepubliceerd")
    lezer = new_context().new_page()  # a browser may keep a public page a minute (max-age=60)
    lezer.goto(les.get_absolute_url())
    expect(lezer.locator(".les__samenvatting")).to_have_text(NIEUW + " (lezing, punt 1)")
    lezer.get_by_role("link", name="Alle versies").click()
    nieuwste = lezer.get_by_role("list", name="Versies, nieuwste eerst").get_by_role("listitem").first
    expect(nieuwste).to_contain_text("door Anna de Vries · goedgekeurd door Bert Jansen")
    assert mail.outbox[-1].to == ["anna@example.org"] and "Gepubliceerd" in mail.outbox[-1].subject


def test_a_redacteur_cannot_take_a_published_lesson_offline_by_any_admin_path(page, make_editor, content):
    make_editor("anna")
    les = content["weg"]
    log_in(page, "anna")
    open_in_admin(page, "Weg met de romantiek")
    expect(page.locator("a.deletelink")).to_have_count(0)  # the button that deletes the lesson
    expect(page.get_by_role("link", name="Offline halen…")).to_have_count(0)
    assert page.goto(reverse("admin:lessen_les_delete", args=[les.pk])).status == 403
    page.goto(reverse("admin:lessen_les_changelist"))
    page.locator("#result_list tr", has_text="Weg met de romantiek").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(value="delete_selected")
    page.locator("button[name=index]").click()
    expect(page.locator("#content")).to_contain_text("gepubliceerde of andermans les ‘Weg met de romantiek’")
    expect(page.get_by_role("button", name=re.compile("Ja, ik weet het zeker"))).to_have_count(0)
    assert Les.objects.filter(pk=les.pk, status="gepubliceerd").exists()


def axe_on(page, axe_source, selector):
    """axe-core's serious and critical violations within `selector` (the parts this desk adds)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(f"axe.run({selector!r}, {{resultTypes: ['violations']}})")
    return [
        (v["id"], v["help"], [" ".join(node["target"]) for node in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_the_start_page_and_review_screen_are_accessible_and_fit_a_phone(
    new_context, axe_source, make_editor, content, viewport
):
    from lessen.services import ter_beoordeling_aanbieden

    make_editor("bert", eindredacteur=True)
    ter_beoordeling_aanbieden(
        les=Les.objects.get(pk=content["concept"].pk), redacteur=None, opmerking="Nieuw."
    )
    page = new_context(bypass_csp=True, viewport=viewport).new_page()
    log_in(page, "bert")
    for url, deel in [
        (reverse("admin:index"), ".bureau"),
        (reverse("admin:lessen_les_beoordelen", args=[content["concept"].pk]), "#content-main"),
        (reverse("admin:lessen_les_change", args=[content["concept"].pk]), ".redactie-stand"),
    ]:
        page.goto(url)
        assert axe_on(page, axe_source, deel) == [], url
        breedte = page.evaluate(f"document.querySelector({deel!r}).scrollWidth")
        assert breedte <= viewport["width"], f"{url}: {deel} is {breedte} px breed"
