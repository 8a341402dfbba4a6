"""The map of relations, with the real content, in Chromium at desktop and phone width: readable
without JavaScript, every lesson a link, the same relations in text, no horizontal scroll, no
label over another, no line through a heading, the width of the screen used, and no serious
axe-core violation. Screenshots go to test-artifacts/screenshots/."""

from io import StringIO

import pytest
from django.core.management import call_command

from lessen.models import Verband

from .conftest import DESKTOP, PHONE, run_axe, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# The themes of the real content (lessen/fixtures/wijkgids.json), each with its own map.
THEMAS = [
    "kijken-en-ervaren", "sturen", "organiseren", "leefwereld", "bewoners", "professionals",
    "wonen-en-fysieke-omgeving", "wat-werkt", "lange-adem", "cultuur-en-ontmoeting", "gezondheid",
]  # fmt: skip


@pytest.fixture
def met_inhoud(transactional_db):
    call_command("load_content", stdout=StringIO())


KAART = "svg.kaart__svg:visible"

# Every label (a lesson's title, a source's heading) as its box on the screen, each arc as points
# along it, and the drawing's box: what the eye sees, measured in the browser.
GEOMETRIE = """svg => {
    const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const ctm = svg.getScreenCTM();
    const punten = path => {
        const lengte = path.getTotalLength(), uit = [];
        for (let i = 0; i <= 60; i++) {
            const p = path.getPointAtLength(lengte * i / 60).matrixTransform(ctm);
            uit.push([p.x, p.y]);
        }
        return uit;
    };
    return {
        titels: [...svg.querySelectorAll('a.kaart__les text')].map(box),
        koppen: [...svg.querySelectorAll('a.kaart__bron text')].map(box),
        bogen: [...svg.querySelectorAll('path.kaart__boog')].map(punten),
        breedte: svg.getBoundingClientRect().width,
    };
}"""


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def binnen(punt, vak):
    return vak[0] <= punt[0] <= vak[2] and vak[1] <= punt[1] <= vak[3]


@pytest.mark.parametrize("adres", ["/kaart/", *(f"/themas/{slug}/kaart/" for slug in THEMAS)])
def test_on_every_map_labels_stand_apart_and_no_line_crosses_a_heading(new_context, met_inhoud, adres):
    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport, java_script_enabled=False).new_page()
        assert page.goto(adres).status == 200
        if not page.locator(KAART).count():  # a theme without relations says so, in words
            assert "nog geen verbanden" in page.locator("main").inner_text()
            continue
        kaart = page.locator(KAART).evaluate(GEOMETRIE)
        labels = kaart["titels"] + kaart["koppen"]
        botsingen = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if overlap(a, b)]
        assert not botsingen, f"{adres} op {viewport['width']} px: labels over elkaar: {botsingen[:3]}"
        door_kop = [
            (kop, punt)
            for boog in kaart["bogen"]
            for punt in boog
            for kop in kaart["koppen"]
            if binnen(punt, kop)
        ]
        assert not door_kop, f"{adres} op {viewport['width']} px: een lijn door een kop: {door_kop[:3]}"
        door_titel = [
            (titel, punt) for boog in kaart["bogen"] for punt in boog[1:-1] for titel in kaart["titels"]
            if binnen(punt, titel)
        ]  # fmt: skip
        assert not door_titel, f"{adres} op {viewport['width']} px: een lijn door een titel: {door_titel[:3]}"
        if viewport == DESKTOP:
            assert kaart["breedte"] >= 0.7 * viewport["width"], kaart["breedte"]
            # A theme's map fits in about three screens (the relations in words follow it).
            if adres != "/kaart/":
                assert page.locator(KAART).bounding_box()["height"] <= 3 * viewport["height"]
        page.close()


@pytest.mark.parametrize("adres", ["/kaart/", "/themas/sturen/kaart/"])
def test_the_map_reads_on_a_phone_and_a_wide_screen_without_javascript(
    new_context, axe_source, met_inhoud, adres
):
    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport, java_script_enabled=False).new_page()
        assert page.goto(adres).status == 200
        bogen = page.locator(f"{KAART} path.kaart__boog").count()
        assert bogen == page.locator(".kaart__tekst li").count() > 0
        lessen = page.locator(f"{KAART} a.kaart__les")
        assert lessen.count() > 1
        for href in lessen.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert href.startswith("/lessen/"), href
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # Titles are not shrunk out of reach: at least 11 px high on the screen.
        hoogte = page.locator(f"{KAART} a.kaart__les text").first.bounding_box()["height"]
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
