"""Accessibility in a real browser (WCAG 2.1 AA, the Dutch government's norm).

Every page type, with the real content: Dutch as its language, one h1 and no skipped heading level,
a focus ring at every Tab stop that stands out (≥ 3:1) from what is behind it, and no serious or
critical axe-core violation (contrast included) at phone and desktop width. Then the skip link,
the names of fields and facets, and searching and citing with the keyboard alone.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TAB_STOPS = 250


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, content):
    page.goto(content["weg"].get_absolute_url())
    page.keyboard.press("Tab")
    skiplink = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_in_viewport(ratio=1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the content, past the menu and the search field
    expect(
        page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Lessen")
    ).to_be_focused()


def test_form_fields_and_search_facets_have_names(page, content):
    page.goto("/lessen/")
    # On a wide screen the filters stand open beside the list.
    for label in ["Zoekwoord", "Soort kennis", "Thema", "Tag", "Bron", "Auteur"]:
        expect(page.get_by_role("main").get_by_label(label, exact=True)).to_be_visible()
    controls = page.locator("input:not([type=hidden]), select, textarea, button")
    for i in range(controls.count()):
        expect(controls.nth(i)).to_have_accessible_name(re.compile(r"\w"))

    page.goto("/zoeken/?q=vertrouwen")
    facetten = page.get_by_role("complementary", name="Verfijn de resultaten")
    expect(facetten.get_by_role("heading", level=3)).to_have_text(["Thema", "Bron", "Auteur", "Tag"])
    facetten.get_by_role("link", name="Leefwereld (1)").click()
    expect(facetten.locator("[aria-current=true]")).to_have_text(["Leefwereld (1)"])
    expect(page.get_by_role("link", name="Thema: Leefwereld (filter weghalen)")).to_be_visible()


def tab_to(page, target):
    """Press Tab until `target` has the focus, as someone without a mouse does."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{target} is met Tab niet te bereiken")


def test_keyboard_alone_searches_narrows_and_opens_a_lesson(page, content):
    page.goto("/")
    tab_to(page, page.get_by_role("search", name="Zoeken in de Wijkgids").get_by_role("searchbox"))
    page.keyboard.type("vertrouwen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="2 lessen gevonden")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Sturen (1)"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="1 les gevonden")).to_be_visible()
    tab_to(page, page.locator(".resultaten").get_by_role("link", name="Wildroosters en slagbomen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wildroosters en slagbomen")


@pytest.mark.browser_context_args(permissions=["clipboard-read", "clipboard-write"])
def test_keyboard_alone_copies_a_citation_and_collects_it_in_the_bundle(page, live_server, content):
    les = content["mensen"]
    page.goto(les.get_absolute_url())
    tab_to(page, page.get_by_text("Citeer in APA, in één regel of voor uw literatuurbeheer"))
    page.keyboard.press("Enter")  # the formats unfold
    tab_to(page, page.locator("button[data-kopieer=citeer-apa]"))
    page.keyboard.press("Enter")
    expect(page.locator("button[data-kopieer=citeer-apa]")).to_have_text("Gekopieerd")
    apa = page.evaluate("navigator.clipboard.readText()")
    assert apa.startswith("Wijkgids-redactie. (") and "Het gaat om de mensen. Wijkgids." in apa
    assert f"{live_server.url}/l/{les.pk}/v/1/" in apa

    tab_to(page, page.get_by_role("button", name="Voeg toe aan mijn citatiebundel"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Citatiebundel")
    expect(page.get_by_role("status")).to_contain_text("‘Het gaat om de mensen’ staat nu in uw citatiebundel")
    expect(page.locator("#bundel-lijst > li")).to_have_count(1)
    tab_to(page, page.get_by_role("link", name="RIS"))
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename == "wijkgids-citaten.ris"
