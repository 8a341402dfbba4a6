"""Search at /zoeken/. `make test` runs this file on SQLite (FTS5) and on PostgreSQL (tsvector):
every test here must pass on both, which is how the two backends are held to one behaviour."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bronnen.services import bron_opslaan
from lessen.models import Les
from lessen.services import les_opslaan, lessen_verwijderen
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory
from tests.searching import result_titles
from zoeken import search

pytestmark = pytest.mark.django_db


def found(client, q, **params):
    response = client.get("/zoeken/", {"q": q, **params})
    assert response.status_code == 200, response.content.decode()[:2000]
    return result_titles(response)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.WIJKGIDS_PAGINA_CACHE = False  # these tests read each response's context


@pytest.fixture
def library(db):
    """Lessons whose words the tests below look for; each test names the ones it needs."""
    wijk = ThemaFactory(naam="Wijk en buurt", slug="wijk-en-buurt")
    zorg = ThemaFactory(naam="Zorg", slug="zorg")
    tonkens = AuteurFactory(naam="Evelien Tonkens", slug="evelien-tonkens")
    essay = BronFactory(titel="Welzijnswerk tussen bewoners en gemeente", slug="welzijn", auteurs=[tonkens])
    gids = BronFactory(titel="Wijkengids", slug="wijkengids", soort="beleidsgids")
    return {
        "thema": wijk,
        "zorg": zorg,
        "tonkens": tonkens,
        "essay": essay,
        "gids": gids,
        "bewoners": LesFactory(
            titel="Bewoners aan het roer",
            samenvatting="Laat de bewoners zelf beslissen.",
            tekst="Een bewonersbudget werkt als de gemeente loslaat.",
            themas=[wijk],
            tags=["zeggenschap"],
            bronnen=[(essay, "punt 1")],
        ),
        "wijken": LesFactory(
            titel="Kleine stappen",
            samenvatting="Begin klein.",
            tekst="In veel wijken begint verandering met een bankje.",
            themas=[wijk, zorg],
            tags=["zeggenschap", "ontmoeting"],
            bronnen=[(gids, "wet 3")],
        ),
        "creeren": LesFactory(
            titel="Ruimte maken",
            samenvatting="Professionals moeten ruimte creëren voor initiatief.",
            tekst="Geen woorden maar daden.",
            themas=[zorg],
            tags=["ruimte"],
            bronnen=[(gids, "wet 7")],
        ),
        "cohesie": LesFactory(
            titel="Sociale cohesie is geen doel",
            samenvatting="Samenhang volgt uit wat mensen samen doen.",
            tekst="De sociale kant van de zaak en de cohesie van de straat.",
            themas=[wijk],
            tags=["ontmoeting"],
            bronnen=[(essay, "punt 4")],
        ),
        "los": LesFactory(
            titel="Los zand",
            samenvatting="Een sociale wijk zonder verband.",
            tekst="Over de cohesie zegt deze les niets; wel over sociale netwerken.",
            themas=[zorg],
            bronnen=[(gids, "wet 9")],
        ),
    }


# Dutch: stemming, accents, case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bewoner", "Bewoners aan het roer"),  # singular finds plural
        ("wijk", "Kleine stappen"),  # 'wijk' finds 'wijken'
        ("wijken", "Los zand"),  # 'wijken' finds 'wijk'
        ("gemeenten", "Bewoners aan het roer"),  # plural finds singular
        ("ontmoetingen", "Kleine stappen"),  # the plural of a tag finds it
    ],
)
def test_stemming_finds_other_forms_of_a_word(client, library, q, expected):
    assert expected in found(client, q)


def test_plural_and_singular_find_the_same_lessons(client, library):
    assert set(found(client, "bewoners")) == set(found(client, "bewoner"))
    assert set(found(client, "wijken")) == set(found(client, "wijk"))


@pytest.mark.parametrize("q", ["creeren", "creëren", "CREËREN", "Creeren"])
def test_accents_and_case_do_not_matter(client, library, q):
    assert found(client, q) == ["Ruimte maken"]


def test_text_with_accents_is_found_without_them_and_the_other_way(client, library):
    LesFactory(titel="Café als ontmoetingsplek", samenvatting="Koffie.", tekst="Zonder accent: cafe.")
    assert found(client, "cafe") == ["Café als ontmoetingsplek"]
    assert found(client, "café") == ["Café als ontmoetingsplek"]


# What is searched --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("roer", ["Bewoners aan het roer"]),  # title
        ("daden", ["Ruimte maken"]),  # body
        ("samenhang", ["Sociale cohesie is geen doel"]),  # summary
        ("zeggenschap", ["Bewoners aan het roer", "Kleine stappen"]),  # tag
        ("welzijnswerk", ["Bewoners aan het roer", "Sociale cohesie is geen doel"]),  # source title
        ("Tonkens", ["Bewoners aan het roer", "Sociale cohesie is geen doel"]),  # author name
    ],
)
def test_search_covers_title_summary_body_tags_sources_and_authors(client, library, q, expected):
    assert sorted(found(client, q)) == expected


def test_a_bundle_title_finds_the_lessons_of_its_essays(client, library):
    bundel = BronFactory(titel="De balans van het wijkenbeleid", slug="balans", soort="essaybundel")
    library["essay"].onderdeel_van = bundel
    bron_opslaan(bron=library["essay"])
    assert sorted(found(client, "balans")) == ["Bewoners aan het roer", "Sociale cohesie is geen doel"]


def test_all_words_must_match(client, library):
    assert found(client, "sociale cohesie") == ["Sociale cohesie is geen doel", "Los zand"]
    assert found(client, "bewoners bankje") == []


# Ranking -------------------------------------------------------------------------------------


def test_title_matches_rank_first(client, library):
    LesFactory(titel="Over ontmoetingen", samenvatting="Zitten.", tekst="Niets.")
    LesFactory(
        titel="Aaa eerst in het alfabet",
        samenvatting="Een ontmoeting hier, een ontmoeting daar.",
        tekst="Ontmoeting, ontmoeting, ontmoeting.",
        tags=["ontmoeting"],
    )
    results = found(client, "ontmoeting")
    assert results[0] == "Over ontmoetingen"
    assert set(results[1:]) == {"Aaa eerst in het alfabet", "Kleine stappen", "Sociale cohesie is geen doel"}


def test_equal_matches_come_in_title_order_whatever_the_case(client, library):
    for titel in ["bord b", "Bord a", "bord C", "Bord d"]:
        LesFactory(titel=titel, samenvatting="Een bord.", tekst="Tekst.")
    assert found(client, "bord") == ["Bord a", "bord b", "bord C", "Bord d"]


def test_a_match_in_the_summary_ranks_above_one_in_the_body(client, library):
    LesFactory(
        titel="Twee", samenvatting="Niets bijzonders.", tekst="Hier staat het woord ergens: lantaarnpaal."
    )
    LesFactory(titel="Een", samenvatting="Over de lantaarnpaal in de straat.", tekst="Niets bijzonders.")
    assert found(client, "lantaarnpaal") == ["Een", "Twee"]


# Phrases and exclusion -----------------------------------------------------------------------


def test_a_phrase_in_quotes_must_appear_as_written(client, library):
    assert found(client, '"sociale cohesie"') == ["Sociale cohesie is geen doel"]
    assert found(client, '"cohesie sociale"') == []


def test_a_minus_excludes_a_word(client, library):
    assert found(client, "sociale -zand") == ["Sociale cohesie is geen doel"]
    assert found(client, "ontmoeting -wijk") == ["Sociale cohesie is geen doel"]  # '-wijk' excludes 'wijken'


def test_a_minus_before_a_phrase_excludes_the_phrase(client, library):
    assert found(client, 'sociale -"sociale netwerken"') == ["Sociale cohesie is geen doel"]


def test_a_hyphen_inside_a_word_is_not_an_exclusion(client, library):
    LesFactory(titel="Co-creatie met bewoners", samenvatting="Samen maken.", tekst="Samen.")
    assert found(client, "co-creatie") == ["Co-creatie met bewoners"]


# Results: snippet, source, authors -------------------------------------------------------------


def test_a_result_shows_a_highlighted_snippet_its_source_and_authors(client, library):
    response = client.get("/zoeken/", {"q": "bewoner"})
    html = response.content.decode()
    assert "<mark>Bewoners</mark> aan het roer" in html  # the title, highlighted
    assert "Laat de <mark>bewoners</mark> zelf beslissen." in html  # the snippet
    text = re.sub(r"<[^>]+>", "", html)  # the author's name is a link to their page
    assert "Welzijnswerk tussen bewoners en gemeente, punt 1 — Evelien Tonkens" in text


def test_the_snippet_is_the_part_of_a_long_text_where_the_words_are(client, library):
    tekst = " ".join(["vulling"] * 80) + " hier staat de vuurtoren " + " ".join(["rest"] * 80)
    LesFactory(titel="Lang", samenvatting="Kort.", tekst=tekst)
    fragment = str(client.get("/zoeken/", {"q": "vuurtoren"}).context["resultaten"][0]["fragment"])
    assert "<mark>vuurtoren</mark>" in fragment
    assert fragment.startswith("… ") and fragment.endswith(" …")
    assert len(fragment.split()) < 40


def test_the_snippet_keeps_a_heading_apart_from_the_text_after_it(client, library):
    LesFactory(
        titel="Kop",
        samenvatting="Kort.",
        tekst="Eerst de vuurtoren.\n\n## Waarom het ertoe doet\n\nHet punt is dit.",
    )
    fragment = str(client.get("/zoeken/", {"q": "vuurtoren"}).context["resultaten"][0]["fragment"])
    assert "Waarom het ertoe doet · Het punt is dit." in fragment
    assert "doet Het punt" not in fragment


def test_highlighting_escapes_the_text(client, library):
    LesFactory(titel="<script>alert(1)</script> wegwijzer", samenvatting="<b>wegwijzer</b>", tekst="x")
    html = client.get("/zoeken/", {"q": "wegwijzer"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>wegwijzer</mark>" in html


# Drafts ----------------------------------------------------------------------------------------


def test_drafts_never_appear_in_results_or_facet_counts(staff_client, library):
    LesFactory(
        titel="Geheime bewoners",
        status="concept",
        themas=[library["zorg"]],
        tags=["alleen-concept"],
        bronnen=[(library["gids"], "x")],
    )
    for visitor in (Client(), staff_client):
        response = visitor.get("/zoeken/", {"q": "bewoners"})
        assert "Geheime bewoners" not in response.content.decode()
        facets = {item["facet"].parameter: item["facet"].options for item in response.context["facetten"]}
        assert "zorg" not in [option.slug for option in facets["thema"]]
        assert "alleen-concept" not in [option.slug for option in facets["tag"]]
        assert "wijkengids" not in [option.slug for option in facets["bron"]]


# Facets ----------------------------------------------------------------------------------------


def facets_of(response):
    return {
        item["facet"].parameter: {option.slug: option.aantal for option in item["facet"].options}
        for item in response.context["facetten"]
    }


def test_facets_count_the_results_by_theme_source_author_and_tag(client, library):
    response = client.get("/zoeken/", {"q": "sociale"})  # "Sociale cohesie is geen doel" and "Los zand"
    assert facets_of(response) == {
        "thema": {"wijk-en-buurt": 1, "zorg": 1},
        "bron": {"welzijn": 1, "wijkengids": 1},
        "auteur": {"evelien-tonkens": 1},
        "tag": {"ontmoeting": 1},
    }


def test_a_facet_link_narrows_the_results_and_filters_combine(client, library):
    response = client.get("/zoeken/", {"q": "zeggenschap"})
    html = response.content.decode()
    assert 'href="?q=zeggenschap&amp;thema=zorg"' in html
    assert found(client, "zeggenschap", thema="zorg") == ["Kleine stappen"]
    assert sorted(found(client, "ontmoeting", thema="wijk-en-buurt")) == [
        "Kleine stappen",
        "Sociale cohesie is geen doel",
    ]
    assert found(client, "ontmoeting", thema="wijk-en-buurt", bron="wijkengids") == ["Kleine stappen"]
    assert found(client, "ontmoeting", tag="ontmoeting", auteur="evelien-tonkens") == [
        "Sociale cohesie is geen doel"
    ]
    assert found(client, "zeggenschap", thema="zorg", auteur="evelien-tonkens") == []


def test_a_filter_on_a_value_without_published_lessons_finds_nothing(client, library):
    leeg = ThemaFactory(naam="Leeg", slug="leeg")
    LesFactory(titel="Concept over bewoners", status="concept", themas=[leeg])
    assert found(client, "bewoners", thema="leeg") == []
    ThemaFactory(naam="Nooit gebruikt", slug="nooit")
    assert found(client, "bewoners", thema="nooit") == []


def test_facet_counts_follow_the_active_filters(client, library):
    response = client.get("/zoeken/", {"q": "ontmoeting", "bron": "wijkengids"})
    assert facets_of(response)["thema"] == {"wijk-en-buurt": 1, "zorg": 1}
    assert facets_of(response)["auteur"] == {}
    html = response.content.decode()
    assert '<a class="chip chip--actief" href="?q=ontmoeting"' in html  # the active filter, removable
    assert 'Bron: Wijkengids <span class="visually-hidden">(filter weghalen)</span>' in html


def test_a_bundle_facet_counts_the_lessons_of_its_essays(client, library):
    bundel = BronFactory(titel="Bundel", slug="bundel", soort="essaybundel")
    library["essay"].onderdeel_van = bundel
    bron_opslaan(bron=library["essay"])
    response = client.get("/zoeken/", {"q": "sociale"})
    assert facets_of(response)["bron"] == {"bundel": 1, "wijkengids": 1}
    assert found(client, "sociale", bron="bundel") == ["Sociale cohesie is geen doel"]


# Pagination ----------------------------------------------------------------------------------


def test_results_are_paginated_and_pages_keep_query_and_filters(client, library, settings):
    settings.WIJKGIDS_PER_PAGINA = 1
    first = client.get("/zoeken/", {"q": "ontmoeting", "bron": "wijkengids"})
    assert "pagina=2" not in first.content.decode()  # one result, one page
    first = client.get("/zoeken/", {"q": "sociale", "tag": "ontmoeting"})
    assert "pagina=2" not in first.content.decode()
    first = client.get("/zoeken/", {"q": "sociale"})
    assert 'href="?q=sociale&amp;pagina=2"' in first.content.decode()
    assert found(client, "sociale") == ["Sociale cohesie is geen doel"]
    assert found(client, "sociale", pagina=2) == ["Los zand"]


def test_a_search_made_before_an_edit_shows_the_edit(client, library):
    assert found(client, "stappen") == ["Kleine stappen"]  # its count, first page and facets are kept
    zorg = 'Zorg <span class="aantal">(1)</span>'
    assert zorg in client.get("/zoeken/", {"q": "bankje"}).content.decode()
    les = library["wijken"]
    les.titel = "Grote sprongen"
    les_opslaan(les=les, themas=[library["thema"]])
    assert found(client, "stappen") == ["Grote sprongen"]  # found by the wording of its source
    assert found(client, "sprongen") == ["Grote sprongen"]
    assert zorg not in client.get("/zoeken/", {"q": "bankje"}).content.decode()


@pytest.mark.parametrize("pagina", ["0", "99", "abc", "-1", "9" * 5000, "1.5", "1e3", "\x00"])
def test_a_bad_page_number_is_a_400_with_a_dutch_message(client, library, pagina):
    response = client.get("/zoeken/", {"q": "sociale", "pagina": pagina})
    assert response.status_code == 400
    html = response.content.decode()
    if "\x00" in pagina:  # refused before the search sees it (wijkgids/middleware.py)
        assert "Dit verzoek kunnen we niet verwerken" in html
        return
    assert "Deze zoekvraag kunnen we niet uitvoeren" in html
    assert any(text in html for text in ["bestaat niet", "heel getal", "vanaf 1"])


# Bad and hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"""',
        '"sociale',
        "-",
        "--sociale",
        '-""',
        "sociale AND OR NOT NEAR(a b) * ^ {titel} : ( ) +",
        "titel:sociale",
        "sociale\x00cohesie",
        "\x00",
        "sociale 🏘️ 🙂",
        "🏘️",
        "'; DROP TABLE lessen_les; --",
        "\\ % _ ' ` ´ & | ! <-> :* @@",
        "ｓｏｃｉａｌｅ",  # full-width letters fold to 'sociale'
        "a" * 200,
        " ".join(["sociale"] * 25),
        "\u202esociale\u200b",
    ],
)
def test_hostile_input_never_gives_a_500(client, library, q):
    response = client.get("/zoeken/", {"q": q})
    # A NUL character is refused site-wide with the Dutch 400 page (wijkgids/middleware.py).
    assert response.status_code == (400 if "\x00" in q else 200)
    assert '<html lang="nl">' in response.content.decode()


def test_operators_are_searched_as_words_or_ignored_never_obeyed(client, library):
    assert found(client, "sociale OR bewoners") == []  # no lesson holds 'or'
    assert found(client, "ｓｏｃｉａｌｅ") == ["Sociale cohesie is geen doel", "Los zand"]


def test_too_long_a_query_is_a_400_with_a_dutch_message(client, library):
    response = client.get("/zoeken/", {"q": "sociale " * 625})  # 5,000 characters
    assert response.status_code == 400
    assert "Een zoekvraag mag hoogstens 200 tekens lang zijn" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thema": "bestaat-niet"}, "Er is geen thema ‘bestaat-niet’"),
        ({"bron": "x" * 5000}, "Er is geen bron"),
        ({"auteur": "\x00"}, "Dit verzoek kunnen we niet verwerken"),
        ({"tag": "<script>"}, "Er is geen tag ‘&lt;script&gt;’"),
    ],
)
def test_an_unknown_filter_is_a_400_with_a_dutch_message(client, library, params, message):
    response = client.get("/zoeken/", {"q": "sociale", **params})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("q", ["", "   ", "de het een", "-sociale", "🙂"])
def test_a_query_without_words_to_search_says_so_and_offers_the_themes(client, library, q):
    response = client.get("/zoeken/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Of kijk bij een thema" in html and ">Wijk en buurt<" in html
    assert ("geen woord waarop we kunnen zoeken" in html) == bool(q.strip())


# No results ------------------------------------------------------------------------------------


def test_no_results_says_so_and_suggests_a_spelling_and_the_themes(client, library):
    response = client.get("/zoeken/", {"q": "bewonrs"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geen lessen gevonden voor ‘bewonrs’" in html
    assert 'Bedoelde u: <a href="?q=bewoners">bewoners</a>' in html
    assert "Of kijk bij een thema" in html and ">Zorg<" in html


def test_a_suggestion_replaces_only_the_misspelt_word(client, library):
    response = client.get("/zoeken/", {"q": "sociale cohesei"})
    assert response.context["suggesties"][0] == "sociale cohesie"


def test_no_results_with_filters_offers_to_search_without_them(client, library):
    response = client.get("/zoeken/", {"q": "zeggenschap", "thema": "zorg", "auteur": "evelien-tonkens"})
    html = response.content.decode()
    assert "met deze filters" in html
    assert '<a href="?q=zeggenschap">Zoek zonder filters</a>' in html


# Keeping the index current ---------------------------------------------------------------------


def test_a_save_in_code_finds_new_words_and_not_old_ones(client, library):
    les = library["wijken"]
    les.titel = "Grote sprongen"
    les.tekst = "Een kanaal door de buurt."
    vermeldingen = list(les.vermeldingen.all())
    for vermelding in vermeldingen:
        vermelding.bron, vermelding.titel_in_bron = library["essay"], "Grote sprongen"
    les_opslaan(les=les, tags=["waterwerken"], vermeldingen=vermeldingen)
    assert found(client, "sprongen") == ["Grote sprongen"]
    assert found(client, "kanaal") == ["Grote sprongen"]
    assert found(client, "waterwerken") == ["Grote sprongen"]
    assert "Grote sprongen" in found(client, "Tonkens")
    assert found(client, "stappen") == []
    assert found(client, "bankje") == []
    assert "Grote sprongen" not in found(client, "ontmoeting")
    assert sorted(found(client, "wijkengids")) == ["Los zand", "Ruimte maken"]


def test_a_deleted_lesson_leaves_the_index(client, library):
    pk = library["creeren"].pk
    lessen_verwijderen(lessen=[library["creeren"]])
    assert found(client, "creeren") == []
    with connection.cursor() as cursor:
        column = "les_id" if connection.vendor == "postgresql" else "rowid"
        cursor.execute(f"SELECT COUNT(*) FROM {search.INDEX_TABLE} WHERE {column} = %s", [pk])
        assert cursor.fetchone()[0] == 0


def test_rebuilding_the_index_finds_lessons_saved_without_it(client, library):
    Les.objects.filter(pk=library["los"].pk).update(titel="Stilletjes veranderd")
    assert found(client, "stilletjes") == []
    search.rebuild_search_index()
    assert found(client, "stilletjes") == ["Stilletjes veranderd"]


def test_loading_the_content_builds_the_index(client, db):
    call_command("load_content", verbosity=0)
    assert "Afstandelijke nabijheid" in found(client, "nieuwsgierig")
    assert found(client, "Derksen")


def test_djangos_own_loaddata_builds_the_index_too(client, db):
    call_command("loaddata", "wijkgids", verbosity=0)
    assert "Afstandelijke nabijheid" in found(client, "nieuwsgierig")


# The index on each database --------------------------------------------------------------------


def test_the_index_is_the_databases_own_full_text_index(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [search.INDEX_TABLE])
            assert any("USING gin (document)" in row[0] for row in cursor.fetchall())
            cursor.execute("SELECT to_tsvector(%s, 'Creëren de bewoners')::text", [search.PG_CONFIG])
            assert cursor.fetchone()[0] == "'bewoner':3 'crer':1"
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [search.INDEX_TABLE])
            assert "USING fts5" in cursor.fetchone()[0]


# The search box and /lessen/?q= ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/lessen/", "/themas/", "/overzicht/", "/zoeken/?q=x"])
def test_every_page_has_a_search_box_that_searches(client, library, url):
    html = client.get(url).content.decode()
    assert '<form class="zoekvak" role="search" aria-label="Zoeken in de Wijkgids"' in html
    assert 'action="/zoeken/" method="get">' in html


def test_the_search_box_keeps_what_was_typed(client, library):
    html = client.get("/zoeken/", {"q": 'bewoners "eigen kracht"'}).content.decode()
    assert 'value="bewoners &quot;eigen kracht&quot;"' in html


def test_the_lesson_list_q_parameter_searches_the_same_way(client, library):
    response = client.get("/lessen/", {"q": "ontmoetingen"})
    assert [les.titel for les in response.context["page"]] == [
        "Kleine stappen",
        "Sociale cohesie is geen doel",
    ]
    response = client.get("/lessen/", {"q": "ontmoetingen", "thema": "zorg"})
    assert [les.titel for les in response.context["page"]] == ["Kleine stappen"]


# The query parser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "required", "excluded"),
    [
        ("Bewoners", [("bewoners",)], []),
        ('"Sociale  cohesie" wijk', [("sociale", "cohesie"), ("wijk",)], []),
        ("wijk -project", [("wijk",)], [("project",)]),
        ('wijk -"grote projecten"', [("wijk",)], [("grote", "projecten")]),
        ("de wijk en het dorp", [("wijk",), ("dorp",)], []),  # stop words do not count
        ('"de wijk"', [("wijk",)], []),  # nor at a phrase's edges
        ("wijk wijk WIJK", [("wijk",)], []),
        ("thema's", [("themas",)], []),
        ('"open', [("open",)], []),
        ("a:b (c) *d", [("a",), ("b",), ("c",), ("d",)], []),
    ],
)
def test_parse_query(text, required, excluded):
    query = search.parse_query(text)
    assert list(query.required) == required
    assert list(query.excluded) == excluded


def test_parse_query_caps_length_and_parts():
    query = search.parse_query(" ".join(f"woord{n}" for n in range(100)))
    assert len(query.text) <= search.MAX_QUERY_LENGTH
    assert len(query.required) == search.MAX_QUERY_PARTS
