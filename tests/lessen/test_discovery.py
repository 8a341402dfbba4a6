"""Discovery: related lessons, the themes × sources overview, a theme's sources side by side, and a
lesson's appearances in several sources side by side."""

import re

import pytest

from lessen import related
from tests.factories import BronFactory, LesFactory, ThemaFactory

pytestmark = pytest.mark.django_db


# Verwante lessen -------------------------------------------------------------------------------


@pytest.fixture
def neighbours(content):
    """Around 'Weg met de romantiek' (theme leefwereld; tags stedelijkheid, vertrouwen; the lecture)."""
    leefwereld, sturen, lezing = content["leefwereld"], content["sturen"], content["lezing"]
    LesFactory(
        titel="Twee tags",
        themas=[sturen],
        tags=["stedelijkheid", "vertrouwen"],
        bronnen=[(content["essay"], "1")],
    )
    LesFactory(titel="Thema en bron", themas=[leefwereld], tags=["anders"], bronnen=[(lezing, "punt 2")])
    LesFactory(titel="Niets gemeen", themas=[sturen], tags=["los"], bronnen=[(content["essay"], "2")])
    LesFactory(
        titel="Concept verwant", status="concept", themas=[leefwereld], tags=["vertrouwen", "stedelijkheid"]
    )
    return content


def related_titles(response):
    return [les.titel for les in response.context["verwante_lessen"]]


def test_related_lessons_rank_by_shared_tags_themes_and_sources(client, neighbours):
    response = client.get("/lessen/weg-met-de-romantiek/")
    # Twee tags: 2 tags (6). Wildroosters: 1 tag + the lecture (4). Thema en bron: theme + lecture (3).
    # Het gaat om de mensen: theme (2). Niets gemeen: nothing. Concept: a draft.
    assert related_titles(response) == [
        "Twee tags",
        "Wildroosters en slagbomen",
        "Thema en bron",
        "Het gaat om de mensen",
    ]
    html = response.content.decode()
    assert '<h2 id="verwant-kop">Verwante lessen</h2>' in html
    assert "<span>2 gedeelde tags</span>" in html
    assert "<span>1 gedeelde tag</span><span>1 gedeelde bron</span>" in html
    assert "<span>1 gedeeld thema</span>" in html


def test_related_lessons_are_limited_and_never_the_lesson_itself(client, neighbours):
    for n in range(8):
        LesFactory(titel=f"Extra {n}", tags=["vertrouwen"])
    titles = related_titles(client.get("/lessen/weg-met-de-romantiek/"))
    assert len(titles) == 5
    assert "Weg met de romantiek" not in titles


def test_staff_see_related_drafts_marked_as_such(staff_client, neighbours):
    response = staff_client.get("/lessen/weg-met-de-romantiek/")
    assert "Concept verwant" in related_titles(response)
    assert "concept</span>" in response.content.decode()


def test_a_lesson_without_neighbours_shows_no_related_section(client, db):
    les = LesFactory(titel="Alleen", tags=["uniek"], themas=[ThemaFactory()], bronnen=[(BronFactory(), "1")])
    html = client.get(les.get_absolute_url()).content.decode()
    assert "Verwante lessen" not in html


def test_of_a_large_theme_only_its_newest_lessons_are_related_unless_they_share_a_tag(
    client, db, monkeypatch
):
    monkeypatch.setattr(related, "PER_SHARE", 2)  # a theme of thousands, in small
    thema = ThemaFactory()
    LesFactory(titel="Oud met tag", themas=[thema], tags=["buurtkamer"])
    LesFactory(titel="Oud zonder tag", themas=[thema])
    LesFactory(titel="Nieuwer", themas=[thema])
    les = LesFactory(titel="Nieuwst", themas=[thema], tags=["buurtkamer"])
    response = client.get(les.get_absolute_url())
    assert related_titles(response) == ["Oud met tag", "Nieuwer"]


# /overzicht/ -----------------------------------------------------------------------------------


def test_overview_is_a_table_of_themes_by_sources_with_counts_linking_to_the_list(client, content):
    response = client.get("/overzicht/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert '<th scope="col"><a href="/bronnen/bundel/">De balans</a></th>' in html
    assert '<th scope="col"><a href="/bronnen/lezing/">Doen we de goede dingen?</a></th>' in html
    assert '<th scope="row"><a href="/themas/sturen/vergelijk/">Sturen</a></th>' in html
    # Sturen: 'Wildroosters' in the lecture, 'Het gaat om de mensen' in an essay of the bundle; the
    # draft in the lecture does not count.
    cell = 'href="/lessen/?thema=sturen&amp;bron=lezing" aria-label="1 les over Sturen in {}">1</a>'
    assert cell.format("Doen we de goede dingen?") in html
    assert cell.replace("bron=lezing", "bron=bundel").format("De balans") in html
    matrix = response.context["matrix"]
    counts = {(thema.slug, cel.bron.slug): cel.aantal for thema, cellen in matrix.rows for cel in cellen}
    assert counts == {
        ("leefwereld", "bundel"): 1,
        ("leefwereld", "lezing"): 1,
        ("sturen", "bundel"): 1,
        ("sturen", "lezing"): 1,
    }


def test_overview_table_scrolls_in_a_labelled_box_the_keyboard_can_reach(client, content):
    html = client.get("/overzicht/").content.decode()
    assert '<div class="matrix-wrap" role="region" aria-labelledby="matrix-titel" tabindex="0">' in html
    assert '<caption id="matrix-titel">' in html
    assert "schuif hem opzij om alle bronnen te zien" in html


def test_overview_cells_follow_the_filtered_list(client, content):
    links = re.findall(r'href="(/lessen/\?thema=[^"]+)"', client.get("/overzicht/").content.decode())
    urls = sorted(link.replace("&amp;", "&") for link in links)
    assert urls == [
        "/lessen/?thema=leefwereld&bron=bundel",
        "/lessen/?thema=leefwereld&bron=lezing",
        "/lessen/?thema=sturen&bron=bundel",
        "/lessen/?thema=sturen&bron=lezing",
    ]
    for url in urls:
        assert client.get(url).context["page"].paginator.count == 1, url


def test_overview_shade_repeats_the_count_and_an_empty_cell_says_zero(client, content):
    extra = ThemaFactory(naam="Gezondheid", slug="gezondheid")
    for n in range(3):
        LesFactory(titel=f"Gezond {n}", themas=[extra], bronnen=[(content["lezing"], f"g{n}")])
    matrix = client.get("/overzicht/").context["matrix"]
    levels = {
        (thema.slug, cel.bron.slug): (cel.aantal, cel.level)
        for thema, cellen in matrix.rows
        for cel in cellen
    }
    assert levels[("gezondheid", "lezing")] == (3, 4)
    assert levels[("sturen", "lezing")] == (1, 2)
    assert levels[("gezondheid", "bundel")] == (0, 0)
    assert '<td class="matrix__cel matrix__cel--0">0</td>' in client.get("/overzicht/").content.decode()


# /themas/<slug>/vergelijk/ -----------------------------------------------------------------------


def test_comparison_puts_each_source_in_a_column_with_its_lessons_on_the_theme(client, content):
    response = client.get("/themas/sturen/vergelijk/")
    assert response.status_code == 200
    columns = {
        kolom.bron.slug: [v.les.titel for v in kolom.vermeldingen] for kolom in response.context["kolommen"]
    }
    assert columns == {"bundel": ["Het gaat om de mensen"], "lezing": ["Wildroosters en slagbomen"]}
    html = response.content.decode()
    assert "<h1>Sturen: de bronnen naast elkaar</h1>" in html
    assert '<section class="kolom" aria-labelledby="bron-lezing">' in html
    assert "Tussenbalans (Wim Derksen), punt 1" in html  # an essay, under its bundle
    assert '<p class="locator">punt 4</p>' in html
    assert "Geheim concept" not in html


def test_comparison_shows_each_lessons_summary_under_its_title(client, content):
    html = client.get("/themas/leefwereld/vergelijk/").content.decode()
    for les in (content["weg"], content["mensen"]):
        kolom = html[html.index(f">{les.titel}</a></h3>") :]
        assert kolom.index(f"<p>{les.samenvatting}</p>") < kolom.index("</li>")


def test_comparison_says_when_a_source_has_nothing_on_the_theme(client, content):
    manifest = BronFactory(titel="Beter perspectief!", slug="manifest", soort="manifest")
    wijkengids = BronFactory(titel="Wijkengids", slug="wijkengids", soort="beleidsgids")
    LesFactory(themas=[content["sturen"]], bronnen=[(manifest, "pijler 1"), (wijkengids, "wet 1")])
    # A source that only a draft cites is not public: not even as having nothing on the theme.
    LesFactory(status="concept", bronnen=[(BronFactory(titel="Nog geheim", slug="geheim"), "punt 1")])
    response = client.get("/themas/leefwereld/vergelijk/")
    assert [kolom.bron.slug for kolom in response.context["kolommen"]] == ["bundel", "lezing"]
    html = response.content.decode()
    assert (
        'Geen lessen over leefwereld in <a href="/bronnen/manifest/">Beter perspectief!</a>'
        ' en <a href="/bronnen/wijkengids/">Wijkengids</a>.'
    ) in html
    assert "Nog geheim" not in html


def test_comparison_of_an_unknown_theme_is_a_dutch_404(client, content):
    response = client.get("/themas/bestaat-niet/vergelijk/")
    assert response.status_code == 404
    assert "Er is geen thema met het adres ‘bestaat-niet’." in response.content.decode()


def test_theme_page_links_to_its_comparison(client, content):
    assert 'href="/themas/sturen/vergelijk/"' in client.get("/themas/sturen/").content.decode()


# A lesson in several sources --------------------------------------------------------------------


def test_a_lesson_in_two_sources_shows_them_side_by_side_with_locators_and_wording(client, content):
    les = content["weg"]
    tweede = BronFactory(
        titel="Lezing (tweede versie)", slug="lezing-2", soort="lezing", auteurs=[content["jos"]]
    )
    les.vermeldingen.create(
        bron=tweede, locator="dia 3", titel_in_bron="Weg met de dorpsromantiek", volgorde=1
    )
    html = client.get(les.get_absolute_url()).content.decode()
    herkomst = html[html.index('class="les__herkomst"') :]
    herkomst = herkomst[: herkomst.index("</p>")]
    assert "Doen we de goede dingen?</a>, punt 1" in herkomst  # both, with their locators, under the title
    assert "Lezing (tweede versie)</a>, dia 3" in herkomst
    assert "Deze les staat in 2 bronnen" in html
    assert "<dt>Titel in de bron</dt><dd><q>Weg met de romantiek</q></dd>" in html  # each source's own words
    assert "<dt>Titel in de bron</dt><dd><q>Weg met de dorpsromantiek</q></dd>" in html


def test_a_lesson_in_one_source_is_not_a_comparison(client, content):
    html = client.get(content["weg"].get_absolute_url()).content.decode()
    assert "Deze les staat in" not in html


def test_comparison_shows_the_first_lessons_of_a_long_column_and_links_to_the_rest(client, content):
    for n in range(28):
        LesFactory(
            titel=f"Extra {n:02d}",
            themas=[content["sturen"]],
            bronnen=[(content["lezing"], f"punt {n + 10}")],
        )
    response = client.get("/themas/sturen/vergelijk/")
    kolom = next(k for k in response.context["kolommen"] if k.bron.slug == "lezing")
    assert (len(kolom.vermeldingen), kolom.aantal, kolom.meer) == (25, 29, 4)
    html = response.content.decode()
    section = html[html.index('<section class="kolom" aria-labelledby="bron-lezing">') :]
    section = section[: section.index("</section>")]
    shown, folded = section.split('<details class="kolom__meer">')
    assert shown.count('<li class="kolom__les">') == 3
    assert folded.count('<li class="kolom__les">') == 22
    assert "<summary>Nog 26 lessen" in folded
    assert "/lessen/?thema=sturen&amp;bron=lezing&amp;volgorde=bron" in folded
    assert "De andere 4 in de lijst" in folded


def test_two_versions_of_a_source_share_one_column_and_a_point_in_both_shows_once(client, content):
    tweede = BronFactory(
        titel="Lezing (tweede versie)", slug="lezing-2", soort="lezing", auteurs=[content["jos"]]
    )
    content["sturen_les"].vermeldingen.create(bron=tweede, locator="dia 7", volgorde=1)
    alleen_tweede = LesFactory(
        titel="Alleen in de tweede", themas=[content["sturen"]], bronnen=[(tweede, "dia 9")]
    )
    response = client.get("/themas/sturen/vergelijk/")
    kolommen = {kolom.bron.slug: kolom for kolom in response.context["kolommen"]}
    assert set(kolommen) == {"bundel", "lezing"}  # the second version has no column of its own
    lezing = kolommen["lezing"]
    assert [v.les.titel for v in lezing.vermeldingen] == ["Wildroosters en slagbomen", alleen_tweede.titel]
    assert lezing.aantal == 2  # lessons, not places: the point in both versions counts once
    html = response.content.decode()
    assert html.count(">Wildroosters en slagbomen</a></h3>") == 1
    assert '<p class="locator">punt 4; in Lezing (tweede versie): dia 7</p>' in html
    assert 'Samen met <a href="/bronnen/lezing-2/">Lezing (tweede versie)</a>' in html


def test_a_short_column_has_nothing_to_fold(client, content):
    html = client.get("/themas/sturen/vergelijk/").content.decode()
    assert "<details" not in html[html.index("<main") :]
