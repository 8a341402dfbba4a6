"""A theme's sources side by side, with the real content, in Chromium at desktop and phone width:
each column flows on its own, so no lesson leaves a blank gap in its column beside a longer one in
another, and the two versions of Van der Lans's lecture share one column."""

from io import StringIO

import pytest
from django.core.management import call_command

from lessen.models import Thema

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

# The blank space inside each column: between the heading and a lesson, between lessons, and from
# the last one (or the fold) to the column's bottom edge, in CSS pixels.
GATEN = """kolommen => kolommen.map(kolom => {
    const kinderen = [...kolom.querySelectorAll('.kolom__kop, li.kolom__les, .kolom__meer > summary')]
        .filter(el => el.getClientRects().length);
    const randen = kinderen.map(el => el.getBoundingClientRect());
    const gaten = [];
    for (let i = 1; i < randen.length; i++) gaten.push(randen[i].top - randen[i - 1].bottom);
    gaten.push(kolom.getBoundingClientRect().bottom - randen[randen.length - 1].bottom);
    return [kolom.querySelector('h2').textContent.trim(), Math.max(...gaten)];
})"""


@pytest.fixture
def met_inhoud(transactional_db):
    call_command("load_content", stdout=StringIO())


def test_each_column_flows_on_its_own_without_blank_gaps(new_context, met_inhoud):
    slugs = list(Thema.objects.values_list("slug", flat=True))
    for viewport in (DESKTOP, PHONE):
        page = new_context(viewport=viewport, java_script_enabled=False).new_page()
        for slug in slugs:
            page.goto(f"/themas/{slug}/vergelijk/")
            for kolom, gat in page.locator(".kolom").evaluate_all(GATEN):
                assert gat <= 100, f"{slug} op {viewport['width']} px: {gat:.0f} px leeg in ‘{kolom}’"
        page.close()


def test_both_versions_of_the_lecture_share_one_column(new_context, met_inhoud):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/themas/sturen/vergelijk/")
    koppen = page.locator(".kolom h2").all_inner_texts()
    assert "Doen we de goede dingen en doen we ze goed?" in koppen
    assert "Lezing over de wijkaanpak (eerste versie)" not in koppen
    lezing = page.get_by_role("region", name="Doen we de goede dingen en doen we ze goed?")
    # A point of both versions once, with its place in each.
    punt = lezing.locator("li.kolom__les", has_text="Wildroosters & slagbomen")
    assert punt.count() == 1
    assert "; in Lezing over de wijkaanpak (eerste versie): " in punt.locator(".locator").inner_text()
