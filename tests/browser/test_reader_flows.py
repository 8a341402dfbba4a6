"""What a reader does, end to end in Chromium: browse and cite, search and narrow, collect a bundle."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lessen.services import les_opslaan
from tests.factories import LesFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.mark.browser_context_args(permissions=CLIPBOARD)
def test_reader_goes_from_home_to_a_lesson_copies_its_citation_and_follows_the_permanent_link(
    page, live_server, content
):
    les = content["sturen_les"]
    page.goto("/")
    page.locator(".tegels").get_by_role("link", name=re.compile(r"^Sturen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturen")

    page.get_by_role("link", name="Wildroosters en slagbomen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wildroosters en slagbomen")

    versie_link = f"{live_server.url}/l/{les.pk}/v/1/"
    citeer = page.get_by_role("region", name="Citeer deze les")
    expect(citeer.locator("#citeer-permalink")).to_have_text(versie_link)  # selectable without JavaScript
    knop = citeer.locator("button[data-kopieer=citeer-permalink]")
    expect(knop).to_have_accessible_name("Kopieer link")
    knop.click()
    expect(knop).to_have_text("Gekopieerd")
    gekopieerd = page.evaluate("navigator.clipboard.readText()")
    assert gekopieerd == versie_link

    page.goto(gekopieerd)  # pasted into the address bar, later
    assert page.url == f"{live_server.url}/lessen/wildroosters/versies/1/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Wildroosters en slagbomen")
    expect(page.get_by_role("note")).to_contain_text("Versie 1")


def test_reader_searches_narrows_by_a_facet_and_opens_a_result(page, content):
    page.goto("/")
    page.get_by_role("search", name="Zoeken in de Wijkgids").get_by_role("searchbox").fill("vertrouwen")
    page.keyboard.press("Enter")
    resultaten = page.locator(".resultaten > li")
    expect(page.get_by_role("heading", level=2, name="2 lessen gevonden")).to_be_visible()
    expect(resultaten).to_have_count(2)

    facetten = page.get_by_role("complementary", name="Verfijn de resultaten")
    facetten.get_by_role("link", name="Sturen (1)").click()
    expect(page.get_by_role("heading", level=2, name="1 les gevonden")).to_be_visible()
    expect(resultaten).to_have_count(1)
    expect(page.get_by_role("link", name="Thema: Sturen (filter weghalen)")).to_be_visible()
    expect(facetten.locator("[aria-current]")).to_have_text("Sturen (1)")

    resultaten.get_by_role("link", name="Wildroosters en slagbomen").click()
    expect(page).to_have_url(re.compile(r"/lessen/wildroosters/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wildroosters en slagbomen")


def test_at_desktop_width_a_lessons_origin_and_citation_sit_beside_its_text(page, content):
    page.goto(content["mensen"].get_absolute_url())
    tekst = page.locator(".les__tekst").bounding_box()
    for zij in ("Waar deze les vandaan komt", "Citeer deze les"):
        box = page.get_by_role("region", name=zij).bounding_box()
        assert box["x"] >= tekst["x"] + tekst["width"], zij  # to the right of the text
    herkomst = page.get_by_role("region", name="Waar deze les vandaan komt").bounding_box()
    assert herkomst["y"] < tekst["y"] + tekst["height"]  # beside it, not below it


def test_at_desktop_width_the_origin_is_said_once_and_the_citation_formats_are_folded(page, content):
    page.goto(content["mensen"].get_absolute_url())
    # Beside the title stands the origin in full; the line under the title (a phone's) is not repeated.
    expect(page.locator(".les__herkomst")).to_be_hidden()
    expect(page.get_by_role("region", name="Waar deze les vandaan komt")).to_contain_text("Tussenbalans")
    citeer = page.get_by_role("region", name="Citeer deze les")
    expect(citeer.locator("#citeer-permalink")).to_be_visible()
    expect(citeer.locator("#citeer-apa")).to_be_hidden()  # the formats behind one control
    citeer.get_by_text("Citeer in APA, in één regel of voor uw literatuurbeheer").click()
    expect(citeer.locator("#citeer-apa")).to_be_visible()
    expect(citeer.get_by_role("link", name="BibTeX")).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(page.locator(".les__herkomst")).to_contain_text("Tussenbalans, punt 1")


def test_reader_takes_a_lesson_out_of_the_bundle_from_its_page(page, content):
    page.goto(content["mensen"].get_absolute_url())
    page.get_by_role("button", name="Voeg toe aan mijn citatiebundel").click()
    page.get_by_role("link", name="Terug naar ‘Het gaat om de mensen’").click()
    page.get_by_role("button", name="Haal uit mijn citatiebundel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het gaat om de mensen")
    expect(page.get_by_role("button", name="Voeg toe aan mijn citatiebundel")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Citatiebundel")
    ).to_have_text("Citatiebundel")


def test_reader_narrows_the_list_orders_it_and_takes_a_filter_away(page, content):
    les_opslaan(les=content["sturen_les"], reden="Bijgewerkt")  # the most recently changed
    page.goto("/lessen/")
    cards = page.locator(".cards .card")
    expect(cards).to_have_count(3)
    # On a wide screen the filters stand open beside the list, not folded away.
    filters = page.get_by_role("form", name="Filters")
    expect(filters.get_by_label("Thema", exact=True)).to_be_visible()
    assert filters.bounding_box()["x"] + filters.bounding_box()["width"] <= cards.first.bounding_box()["x"]
    filters.get_by_label("Thema", exact=True).select_option(label="Sturen")
    page.get_by_role("button", name="Toon lessen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen over Sturen")
    expect(page).to_have_title("Lessen over Sturen · Wijkgids")
    expect(filters.get_by_label("Thema", exact=True)).to_have_value("sturen")
    expect(cards.get_by_role("heading")).to_have_text(["Het gaat om de mensen", "Wildroosters en slagbomen"])
    expect(cards.first).to_contain_text("uit Tussenbalans (in De balans) van Wim Derksen")

    page.get_by_role("link", name="laatst gewijzigd").click()
    expect(page.locator(".volgorde [aria-current]")).to_have_text("laatst gewijzigd")
    expect(cards.get_by_role("heading")).to_have_text(["Wildroosters en slagbomen", "Het gaat om de mensen"])

    page.get_by_role("link", name="Thema: Sturen (filter weghalen)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen")
    expect(cards).to_have_count(3)
    expect(page.locator(".volgorde [aria-current]")).to_have_text("laatst gewijzigd")  # the order stays


def test_a_policy_writer_keeps_the_research_based_lessons_only(page, content):
    LesFactory(titel="Wat de cijfers zeggen", kennissoort="onderzoek", themas=[content["sturen"]])
    page.goto("/lessen/")
    page.get_by_label("Soort kennis").select_option(label="Onderzoek")
    page.get_by_role("button", name="Toon lessen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen (onderzoek)")
    expect(page.locator(".cards .card").get_by_role("heading")).to_have_text(["Wat de cijfers zeggen"])
    page.get_by_role("link", name="Soort kennis: onderzoek (filter weghalen)").click()
    expect(page.locator(".cards .card")).to_have_count(4)


def on_one_line(a, b):
    """Whether two boxes on the page share part of their height, as two things on one line do."""
    return a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_reader_compares_what_the_sources_say_about_a_theme(page, content):
    for n in range(5):
        LesFactory(
            titel=f"Extra {n}",
            samenvatting=f"Wat de lezing als punt {n + 10} zegt.",
            themas=[content["sturen"]],
            bronnen=[(content["lezing"], f"punt {n + 10}")],
        )
    page.goto(content["sturen"].get_absolute_url())
    page.get_by_role("link", name="Vergelijk wat elke bron over sturen zegt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturen: de bronnen naast elkaar")

    balans = page.get_by_role("region", name="De balans")
    lezing = page.get_by_role("region", name="Doen we de goede dingen?")
    expect(balans).to_contain_text(content["mensen"].samenvatting)
    expect(lezing.get_by_text("Wat de lezing als punt 10 zegt.")).to_be_visible()
    # side by side (their boxes share a height; exact pixels would depend on the fonts), each column
    # as tall as what it holds: they flow on their own
    assert on_one_line(balans.bounding_box(), lezing.bounding_box())
    assert balans.bounding_box()["x"] + balans.bounding_box()["width"] <= lezing.bounding_box()["x"]
    assert balans.bounding_box()["height"] < lezing.bounding_box()["height"]

    verborgen = lezing.get_by_text("Wat de lezing als punt 14 zegt.")
    expect(verborgen).to_be_hidden()  # after the first three, the column folds
    lezing.get_by_text("Nog 3 lessen").click()
    expect(verborgen).to_be_visible()
    expect(lezing.get_by_role("link", name="Wildroosters en slagbomen")).to_be_visible()


def test_reader_adds_three_lessons_to_the_bundle_and_downloads_the_list(page, live_server, content):
    page.goto(content["mensen"].get_absolute_url())
    page.get_by_role("button", name="Voeg toe aan mijn citatiebundel").click()
    expect(page.get_by_role("status")).to_have_text(
        re.compile("‘Het gaat om de mensen’ staat nu in uw citatiebundel")
    )
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Citatiebundel")).to_have_text("Citatiebundel (1)")
    page.get_by_role("link", name="Terug naar ‘Het gaat om de mensen’").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het gaat om de mensen")
    expect(page.get_by_text("Deze les staat in uw citatiebundel.")).to_be_visible()
    expect(page.get_by_role("button", name="Haal uit mijn citatiebundel")).to_be_visible()

    for titel in ["Weg met de romantiek", "Wildroosters en slagbomen"]:
        menu.get_by_role("link", name="Lessen").click()
        page.locator(".cards").get_by_role("link", name=titel, exact=True).click()
        page.get_by_role("button", name="Voeg toe aan mijn citatiebundel").click()
        expect(page.get_by_role("status")).to_contain_text(f"‘{titel}’ staat nu in uw citatiebundel")
    expect(menu.get_by_role("link", name="Citatiebundel")).to_have_text("Citatiebundel (3)")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Citatiebundel").click()
    lijst = page.locator("#bundel-lijst > li")
    expect(lijst).to_have_count(3)
    for titel in ["Het gaat om de mensen", "Weg met de romantiek", "Wildroosters en slagbomen"]:
        expect(page.locator("#bundel-lijst")).to_contain_text(titel)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == "wijkgids-citaten.bib"
    bibtex = Path(download.path()).read_text(encoding="utf-8")
    assert bibtex.count("@misc{") == 3
    for les in (content["mensen"], content["weg"], content["sturen_les"]):
        assert les.titel in bibtex
        assert f"{live_server.url}/l/{les.pk}/v/1/" in bibtex


def test_writer_checks_the_references_of_a_finished_note_on_a_phone(
    audit_page, axe_source, live_server, content
):
    """A note in Word of 1 July 2024 with two Wijkgids links, one to a lesson changed since."""
    from tests.browser.conftest import PHONE, run_axe, screenshot
    from tests.citeren.factories import les_met_geschiedenis
    from tests.citeren.test_controle import docx_notitie

    weg = content["weg"]
    mensen = les_met_geschiedenis(
        ("2024-01-01", "gepubliceerd"), ("2024-10-01", "gepubliceerd"), titel="Het gaat om de mensen (2)"
    )
    notitie = docx_notitie([f"{live_server.url}/l/{weg.pk}/", f"{live_server.url}/lessen/{mensen.slug}/"])

    page = audit_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Controleer uw verwijzingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw verwijzingen")
    page.get_by_label("of kies het document").set_input_files(
        files=[{"name": "notitie.docx", "mimeType": "application/octet-stream", "buffer": notitie}]
    )
    page.get_by_label("Geschreven op").fill("2024-07-01")
    page.get_by_role("button", name="Controleer").click()

    uitslag = page.get_by_role("region", name=re.compile("2 links naar de Wijkgids"))
    expect(uitslag.locator("li")).to_have_count(2)
    expect(uitslag.locator("li").nth(0)).to_contain_text("Klopt: de les is sindsdien niet veranderd")
    expect(uitslag.locator("li").nth(0)).to_contain_text("Weg met de romantiek")
    expect(uitslag.locator("li").nth(1)).to_contain_text("Gewijzigd sinds de geciteerde versie")
    screenshot(page, "controleer-uitslag")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    serious = [v for v in run_axe(page, axe_source) if v[1] in ("serious", "critical")]
    assert not serious, "\n".join(map(str, serious))
    uitslag.get_by_role("link", name="Bekijk wat er veranderde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verschil tussen versie 1 en versie 2")
