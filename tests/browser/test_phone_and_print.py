"""On a phone (375 px, touch) the menu, the filters and the search facets work; a lesson prints well.

That no page type scrolls sideways at 375 px is checked in test_page_types.py, on the real content.
"""

import pytest
from playwright.sync_api import expect

from lessen.services import les_opslaan

from .conftest import PHONE, SCREENSHOTS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(new_context):
    return new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).new_page()


def test_header_is_one_compact_block_on_a_phone_and_its_menu_opens_without_javascript(new_context, content):
    phone = new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, java_script_enabled=False
    ).new_page()
    phone.goto("/")
    assert phone.locator(".site-header").bounding_box()["height"] <= 100
    zoekvak = phone.get_by_role("search", name="Zoeken in de Wijkgids")
    expect(zoekvak.get_by_role("searchbox")).to_be_in_viewport(ratio=1)
    expect(zoekvak.get_by_role("button", name="Zoeken")).to_be_in_viewport(ratio=1)

    menu = phone.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    expect(menu.first).to_be_hidden()
    phone.get_by_text("Menu", exact=True).tap()
    expect(menu).to_have_count(7)
    for i in range(7):
        expect(menu.nth(i)).to_be_in_viewport(ratio=1)
        box = menu.nth(i).bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.5.8: a target of at least 24 px
    menu.filter(has_text="Thema's").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thema's")


def test_a_lesson_on_a_phone_says_where_it_comes_from_before_its_text(phone, content):
    les = content["mensen"]
    phone.goto(les.get_absolute_url())
    herkomst = phone.locator(".les__herkomst")
    expect(herkomst).to_contain_text("Tussenbalans, punt 1")
    expect(herkomst.get_by_role("link", name="Wim Derksen")).to_be_visible()
    assert herkomst.bounding_box()["y"] + herkomst.bounding_box()["height"] <= 600
    assert herkomst.bounding_box()["y"] < phone.locator(".les__tekst").bounding_box()["y"]


def test_search_facets_and_list_filters_work_on_a_phone(phone, content):
    phone.goto("/zoeken/?q=vertrouwen")
    naar_facetten = phone.get_by_role("link", name="Verfijn op thema, bron, auteur of tag")
    expect(naar_facetten).to_be_in_viewport()  # the facets themselves are below the results
    naar_facetten.tap()
    facetten = phone.get_by_role("complementary", name="Verfijn de resultaten")
    expect(facetten.get_by_role("heading", level=2)).to_be_in_viewport()
    facetten.get_by_role("link", name="Sturen (1)").tap()
    expect(phone.locator(".resultaten > li")).to_have_count(1)
    expect(phone.get_by_role("link", name="Thema: Sturen (filter weghalen)")).to_be_visible()

    phone.goto("/lessen/")
    phone.get_by_text("Filter de lessen").tap()
    phone.get_by_label("Thema", exact=True).select_option(label="Leefwereld")
    phone.get_by_role("button", name="Toon lessen").tap()
    expect(phone.locator(".cards .card")).to_have_count(2)
    expect(phone.get_by_role("link", name="Thema: Leefwereld (filter weghalen)")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_list_filters_are_folded_and_the_first_lesson_is_near_the_top(phone, content):
    phone.goto("/lessen/?thema=sturen")
    expect(phone.get_by_label("Thema", exact=True)).to_be_hidden()
    expect(phone.get_by_text("Filter de lessen · nu op thema")).to_be_visible()
    expect(phone.get_by_role("link", name="Thema: Sturen (filter weghalen)")).to_be_in_viewport(ratio=1)
    eerste = phone.locator(".cards .card").first
    expect(eerste.get_by_role("heading")).to_have_text("Het gaat om de mensen")
    expect(eerste.get_by_role("heading")).to_be_in_viewport(ratio=1)
    assert eerste.bounding_box()["y"] < 550, "de eerste les begint te ver onder de bovenkant"
    screenshot(phone, "lessen-gefilterd-telefoon")


def test_on_a_phone_a_themes_sources_are_stacked(phone, content):
    phone.goto("/themas/sturen/vergelijk/")
    kolommen = phone.locator(".kolom")
    expect(kolommen).to_have_count(2)
    boven, onder = (kolommen.nth(i).bounding_box() for i in range(2))
    assert boven["x"] == onder["x"] and boven["y"] + boven["height"] <= onder["y"]
    assert boven["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_overview_says_its_table_scrolls_and_the_keyboard_can_scroll_it(phone, content):
    phone.goto("/overzicht/")
    expect(phone.get_by_text("schuif hem opzij om alle bronnen te zien")).to_be_visible()
    tabel = phone.get_by_role("region", name="Aantal lessen per thema (rijen) en bron (kolommen)")
    assert tabel.evaluate("el => el.scrollWidth > el.clientWidth")  # wider than the phone
    tabel.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.querySelector('.matrix-wrap').scrollLeft > 0")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_lessons_versions_read_in_full_on_a_phone(phone, content):
    les = content["weg"]
    les_opslaan(
        les=les, reden="Een lange reden: de verwijzing naar de wijkengids klopte niet meer na de herziening"
    )
    phone.goto(f"/lessen/{les.slug}/versies/")
    versies = phone.get_by_role("list", name="Versies, nieuwste eerst").get_by_role("listitem")
    expect(versies).to_have_count(2)
    reden = versies.first.get_by_text("Een lange reden", exact=False)
    expect(reden).to_be_visible()
    box = reden.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # wrapped, not cut off
    versies.first.get_by_role("link", name="met vorige").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Verschil tussen versie 1 en versie 2")


def test_a_printed_lesson_keeps_text_source_and_permanent_link_and_drops_the_navigation(
    page, live_server, content
):
    les = content["mensen"]
    page.goto(les.get_absolute_url())
    expect(page.get_by_role("navigation")).to_have_count(2)  # on screen: the menu and the breadcrumbs
    page.emulate_media(media="print")

    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("search")).to_have_count(0)
    expect(page.get_by_role("button")).to_have_count(0)
    for weg in [".site-header", ".site-footer", ".kruimelpad", ".bundelknop", ".citeer__downloads"]:
        assert page.locator(weg).evaluate("el => getComputedStyle(el).display") == "none", weg

    expect(page.get_by_role("heading", level=1)).to_have_text("Het gaat om de mensen")
    expect(page.locator(".les__tekst")).to_contain_text("De bron zegt iets over de wijk.")
    herkomst = page.get_by_role("region", name="Waar deze les vandaan komt")
    expect(herkomst).to_be_visible()
    expect(herkomst).to_contain_text("Wim Derksen")
    expect(page.locator(".les__herkomst")).to_contain_text("Tussenbalans, punt 1")
    permalink = page.locator("#citeer-permalink")
    expect(permalink).to_be_visible()
    expect(permalink).to_have_text(f"{live_server.url}/l/{les.pk}/v/1/")
    expect(page.locator("#citeer-apa")).to_be_visible()

    screenshot(page, "les-afgedrukt")
    page.pdf(path=SCREENSHOTS / "les-afgedrukt.pdf", format="A4")

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()  # always open at 1280 px


def test_page_titles_and_links_stay_readable_when_printed_from_a_list(page, content):
    page.goto("/themas/sturen/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturen")
    cards = page.locator(".cards .card")
    expect(cards).to_have_count(2)  # the list itself is printed
    titles = cards.get_by_role("heading", level=3)
    expect(titles).to_have_text(["Het gaat om de mensen", "Wildroosters en slagbomen"])
    links = cards.get_by_role("link")
    expect(links.first).to_be_visible()
    for link in links.all():
        expect(link).to_be_visible()
        # black on the white of paper, not the screen's link colour
        assert link.evaluate("el => getComputedStyle(el).color") == "rgb(0, 0, 0)", link.text_content()
        assert float(link.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 12
