"""The list of lessons as a reader meets it: a title that says what is shown, filters folded away
with removable chips, a choice of order, numbered pages, cards that say where a lesson comes from."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from bronnen.models import Bron
from bronnen.services import bron_opslaan
from lessen.models import Les, Vermelding
from lessen.services import les_opslaan
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [les.titel for les in response.context["page"].object_list]


def heading_and_title(html):
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    return h1, title


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Lessen"),
        ("thema=sturen", "Lessen over Sturen"),
        ("bron=lezing", "Lessen uit ‘Doen we de goede dingen?’"),
        ("auteur=jos-van-der-lans", "Lessen van Jos van der Lans"),
        ("tag=vertrouwen", "Lessen met de tag ‘vertrouwen’"),
        ("q=romantiek", "Lessen waarin ‘romantiek’ staat"),
        (
            "auteur=jos-van-der-lans&bron=lezing&thema=leefwereld",
            "Lessen over Leefwereld uit ‘Doen we de goede dingen?’ van Jos van der Lans",
        ),
        ("tag=vertrouwen&thema=sturen", "Lessen over Sturen met de tag ‘vertrouwen’"),
    ],
)
def test_heading_and_page_title_say_which_lessons_are_shown(client, content, query, expected):
    h1, title = heading_and_title(client.get(f"/lessen/?{query}").content.decode())
    assert h1 == expected
    assert title == f"{expected} · Wijkgids"


def test_page_title_names_the_page_after_the_first(client, content, settings):
    settings.WIJKGIDS_PER_PAGINA = 1
    _, title = heading_and_title(client.get("/lessen/?thema=sturen&pagina=2").content.decode())
    assert title == "Lessen over Sturen, pagina 2 · Wijkgids"


def test_filters_are_folded_and_their_summary_says_which_are_in_use(client, content):
    unfiltered = client.get("/lessen/").content.decode()
    assert '<details class="filters">' in unfiltered
    assert "<summary>Filter de lessen</summary>" in unfiltered
    filtered = client.get("/lessen/?thema=sturen&q=wild").content.decode()
    assert '<details class="filters">' in filtered
    assert 'Filter de lessen<span class="filters__actief"> · nu op thema, zoekwoord</span>' in filtered


@pytest.fixture
def ordered(content):
    """Wildroosters comes before Weg met de romantiek in the lecture; Weg was changed last."""
    wildroosters = Les.objects.get(pk=content["sturen_les"].pk)
    vermeldingen = list(wildroosters.vermeldingen.all())
    for vermelding in vermeldingen:
        vermelding.volgorde = 0
    les_opslaan(les=wildroosters, vermeldingen=vermeldingen)
    now = timezone.now()
    for days, les in enumerate([content["weg"], content["mensen"], content["sturen_les"]]):
        Les.objects.filter(pk=les.pk).update(gewijzigd=now - timedelta(days=days))
    return content


def chip_links(html):
    return dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(r'class="chip chip--actief" href="([^"]*)">([^<]*) <span', html)
    )


def test_removing_a_chip_drops_that_filter_and_keeps_the_rest(client, ordered):
    html = client.get("/lessen/?thema=sturen&tag=vertrouwen&volgorde=gewijzigd&pagina=1").content.decode()
    chips = chip_links(html)
    assert set(chips) == {"Thema: Sturen", "Tag: vertrouwen"}
    zonder_thema = client.get("/lessen/" + chips["Thema: Sturen"])
    assert list(zonder_thema.context["actieve_filters"]) == ["tag"]
    assert zonder_thema.context["volgorde"] == "gewijzigd"
    assert titles(zonder_thema) == ["Weg met de romantiek", "Wildroosters en slagbomen"]
    assert chip_links(zonder_thema.content.decode()) == {"Tag: vertrouwen": "?volgorde=gewijzigd"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Het gaat om de mensen", "Weg met de romantiek", "Wildroosters en slagbomen"]),
        ("volgorde=titel", ["Het gaat om de mensen", "Weg met de romantiek", "Wildroosters en slagbomen"]),
        # by source (De balans before Doen we de goede dingen?), then by place in it
        ("volgorde=bron", ["Het gaat om de mensen", "Wildroosters en slagbomen", "Weg met de romantiek"]),
        ("volgorde=bron&bron=lezing", ["Wildroosters en slagbomen", "Weg met de romantiek"]),
        (
            "volgorde=gewijzigd",
            ["Weg met de romantiek", "Het gaat om de mensen", "Wildroosters en slagbomen"],
        ),
    ],
)
def test_the_reader_chooses_the_order(client, ordered, query, expected):
    assert titles(client.get(f"/lessen/?{query}")) == expected


def test_a_lesson_in_two_sources_is_ordered_by_its_place_in_the_source_asked_for(client, ordered):
    Vermelding.objects.create(les=ordered["mensen"], bron=ordered["lezing"], locator="punt 2", volgorde=2)
    lezing = titles(client.get("/lessen/?volgorde=bron&bron=lezing"))
    assert lezing == ["Wildroosters en slagbomen", "Weg met de romantiek", "Het gaat om de mensen"]


def test_order_links_keep_the_filters_and_mark_the_current_order(client, content):
    html = client.get("/lessen/?thema=sturen&volgorde=bron").content.decode()
    volgorde = re.search(r'<p class="volgorde">(.*?)</p>', html, re.S).group(1)
    assert '<strong aria-current="true">plaats in de bron</strong>' in volgorde
    assert '<a href="?thema=sturen">titel</a>' in volgorde
    assert '<a href="?thema=sturen&amp;volgorde=gewijzigd">laatst gewijzigd</a>' in volgorde
    assert '<input type="hidden" name="volgorde" value="bron">' in html  # filtering keeps the order


@pytest.mark.parametrize("volgorde", ["willekeurig", "<script>", "-titel"])
def test_an_unknown_order_is_a_404_with_a_dutch_message(client, content, volgorde):
    response = client.get("/lessen/", {"volgorde": volgorde})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Er is geen volgorde ‘" in html
    assert "<script>" not in html


def test_pages_are_numbered_and_the_current_one_is_marked(client, content, settings):
    settings.WIJKGIDS_PER_PAGINA = 1
    html = client.get("/lessen/?thema=leefwereld&pagina=2").content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="Paginering">(.*?)</nav>', html, re.S).group(1)
    assert '<a href="?thema=leefwereld" aria-label="Pagina 1">1</a>' in nav  # page 1 has no number
    current = 'aria-current="page" aria-label="Pagina 2 (de laatste)">2</a>'
    assert f'<a href="?thema=leefwereld&amp;pagina=2" {current}' in nav
    assert 'rel="prev" href="?thema=leefwereld"' in nav
    assert 'rel="next"' not in nav


def test_a_long_list_shows_the_first_and_last_page_and_a_window_around_the_current_one(client, settings):
    settings.WIJKGIDS_PER_PAGINA = 1
    for n in range(12):
        LesFactory(titel=f"Les {n:02d}")
    html = client.get("/lessen/?pagina=6").content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="Paginering">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">(\d+|…)</", nav) == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert 'rel="next" href="?pagina=7"' in nav and 'rel="prev" href="?pagina=5"' in nav


def test_cards_name_the_source_and_its_authors(client, content):
    html = client.get("/lessen/").content.decode()
    assert "Praktijk · uit <cite>Doen we de goede dingen?</cite> van Jos van der Lans</p>" in html
    assert "uit <cite>Tussenbalans</cite> (in <cite>De balans</cite>) van Wim Derksen</p>" in html


def test_cards_carry_no_bundle_checkbox(client, content):
    html = client.get("/lessen/").content.decode()
    assert 'type="checkbox"' not in html


def test_a_tag_page_is_titled_like_the_list_narrowed_to_that_tag(client, content):
    h1, title = heading_and_title(client.get("/tags/vertrouwen/").content.decode())
    assert h1 == "Lessen met de tag ‘vertrouwen’"
    assert title == "Lessen met de tag ‘vertrouwen’ · Wijkgids"


def test_a_source_renamed_moves_its_lessons_in_source_order(client, content):
    before = titles(client.get("/lessen/?volgorde=bron"))
    assert before == ["Het gaat om de mensen", "Weg met de romantiek", "Wildroosters en slagbomen"]
    lezing = Bron.objects.get(slug="lezing")
    lezing.titel = "Aan het begin: een lezing"
    bron_opslaan(bron=lezing)
    after = titles(client.get("/lessen/?volgorde=bron"))
    assert after == ["Weg met de romantiek", "Wildroosters en slagbomen", "Het gaat om de mensen"]


def test_a_lesson_given_an_earlier_place_moves_up_in_source_order(client, content):
    assert titles(client.get("/lessen/?volgorde=bron"))[1:] == [
        "Weg met de romantiek",
        "Wildroosters en slagbomen",
    ]
    wildroosters = Les.objects.get(pk=content["sturen_les"].pk)
    vermeldingen = list(wildroosters.vermeldingen.all())
    for vermelding in vermeldingen:
        vermelding.volgorde = 0
    les_opslaan(les=wildroosters, vermeldingen=vermeldingen)
    after = titles(client.get("/lessen/?volgorde=bron"))
    assert after == ["Het gaat om de mensen", "Wildroosters en slagbomen", "Weg met de romantiek"]


def test_the_migration_fills_each_lessons_place_as_the_services_keep_it(db, content):
    def places_now():
        return list(Les.objects.order_by("pk").values_list("pk", "plaats_bron", "plaats_essay", "plaats"))

    places = places_now()
    assert any(place[1] for place in places)
    Les.objects.update(plaats_bron=None, plaats_essay=None, plaats=None)
    importlib.import_module("lessen.migrations.0019_plaats_in_de_bron").fill(apps, None)
    assert (
        list(Les.objects.order_by("pk").values_list("pk", "plaats_bron", "plaats_essay", "plaats")) == places
    )


def test_a_lesson_saved_without_touching_its_citations_keeps_its_place_in_source_order(client, content):
    before = titles(client.get("/lessen/?volgorde=bron"))
    les_opslaan(les=content["weg"])  # an object loaded before its place was stored
    assert titles(client.get("/lessen/?volgorde=bron")) == before


# Filters on kind of knowledge and on tag (issue 30) -----------------------------------------------


def test_the_list_filters_on_kind_of_knowledge(client, content):
    onderzoek = LesFactory(
        titel="Wat de cijfers zeggen", kennissoort=Les.Kennissoort.ONDERZOEK, themas=[content["sturen"]]
    )
    response = client.get("/lessen/?kennissoort=onderzoek")
    assert titles(response) == [onderzoek.titel]
    html = response.content.decode()
    assert heading_and_title(html)[0] == "Lessen (onderzoek)"
    assert '<option value="onderzoek" selected>Onderzoek</option>' in html
    assert "Soort kennis: onderzoek" in html  # the chip that takes the filter away
    # Search has the same filter (its form shares the list's filters).
    gevonden = client.get("/zoeken/?q=cijfers&kennissoort=onderzoek").content.decode()
    assert "<mark>cijfers</mark>" in gevonden
    assert "<mark>cijfers</mark>" not in client.get("/zoeken/?q=cijfers&kennissoort=beleid").content.decode()


def test_the_filter_form_offers_kind_of_knowledge_and_the_tags(client, content):
    html = client.get("/lessen/?tag=vertrouwen").content.decode()
    form = html[html.index('<details class="filters">') :]
    form = form[: form.index("</details>")]
    assert '<select id="f-kennissoort" name="kennissoort">' in form
    assert '<option value="ervaringskennis">Ervaringskennis van bewoners</option>' in form
    assert '<select id="f-tag" name="tag">' in form
    assert '<option value="vertrouwen" selected>vertrouwen</option>' in form


def test_an_unknown_kind_of_knowledge_is_a_404_with_a_dutch_message(client, content):
    response = client.get("/lessen/?kennissoort=geloof")
    assert response.status_code == 404
    assert "Er is geen soort kennis ‘geloof’ in de Wijkgids." in response.content.decode()
