"""The map of relations, with the real content, in Chromium at desktop and phone width: readable
without JavaScript, every lesson a link, the same relations in text, no horizontal scroll, and no
serious axe-core violation. Screenshots go to test-artifacts/screenshots/."""

from io import StringIO

import pytest
from django.core.management import call_command

from lessen.models import Verband

from .conftest import DESKTOP, PHONE, run_axe, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def met_inhoud(transactional_db):
    call_command("load_content", stdout=StringIO())


@pytest.mark.parametrize("adres", ["/kaart/", "/themas/sturen/kaart/"])
def test_the_map_reads_on_a_phone_and_a_wide_screen_without_javascript(
    new_context, axe_source, met_inhoud, adres
):
    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport, java_script_enabled=False).new_page()
        assert page.goto(adres).status == 200
        bogen = page.locator("svg.kaart__svg path.kaart__boog").count()
        assert bogen == page.locator(".kaart__tekst li").count() > 0
        lessen = page.locator("svg.kaart__svg a.kaart__les")
        assert lessen.count() > 1
        for href in lessen.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert href.startswith("/lessen/"), href
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # Titles are not shrunk out of reach: at least 11 px high on the screen.
        hoogte = page.locator("svg.kaart__svg a.kaart__les text").first.bounding_box()["height"]
        assert hoogte >= 11, hoogte
        screenshot(page, f"kaart{adres.replace('/', '-')}")
        page.close()
    page = new_context(viewport=PHONE, bypass_csp=True).new_page()  # so that axe-core may be injected
    page.goto(adres)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        serious = [v for v in run_axe(page, axe_source) if v[1] in {"serious", "critical"}]
        assert not serious, f"axe-core bij {viewport['width']} px:\n" + "\n".join(map(str, serious))


def test_the_whole_library_map_names_the_tension_between_the_manifesto_and_van_der_lans(
    new_context, met_inhoud
):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/kaart/")
    gespannen = Verband.Soort.GESPANNEN.label
    mythe = page.locator(".kaart__tekst li", has_text="De mythe van 'de' bewoners").filter(has_text=gespannen)
    # Tonkens's lesson on participation stands in tension with it too; this is the manifesto's.
    assert mythe.filter(has_text="Bewoners en hun ervaringskennis zijn leidend").count() == 1
