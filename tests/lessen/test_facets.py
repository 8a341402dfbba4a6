"""Search facets and scope (lessen/facets.py): counted and narrowed in memory from an index read
once per content change. They must be what the database says, whichever way the index keeps a
value's lessons."""

import sys
import tracemalloc
from collections import Counter

import pytest
from django.db.models.functions import Lower
from django.test import Client
from taggit.models import Tag

from bench import synthetic
from bronnen.models import Auteur
from lessen import content_stamp, facets, search, selectors
from lessen.models import Les, Thema
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory
from tests.searching import result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.WIJKGIDS_PAGINA_CACHE = False  # these tests read each response's context


def counted_by_the_database(found):
    """Per facet, how many of these lessons each value has, counted the plain way."""
    counts = {"thema": Counter(), "bron": Counter(), "auteur": Counter(), "tag": Counter()}
    lessen = Les.objects.filter(pk__in=found).prefetch_related(
        "themas", "tags", "vermeldingen__bron__onderdeel_van", "vermeldingen__bron__auteurs"
    )
    for les in lessen:
        counts["thema"].update({thema.slug for thema in les.themas.all()})
        counts["tag"].update({tag.slug for tag in les.tags.all()})
        bronnen = {v.bron.onderdeel_van or v.bron for v in les.vermeldingen.all()}
        counts["bron"].update({bron.slug for bron in bronnen})
        counts["auteur"].update({a.slug for v in les.vermeldingen.all() for a in v.bron.auteurs.all()})
    return counts


@pytest.mark.parametrize("sparse_ratio", [1, 10**9], ids=["every-value-as-a-set", "every-value-as-bits"])
@pytest.mark.parametrize("q", ["wijkaanpak", "bewoners", "gemeente vertrouwen"])
def test_facets_count_what_the_database_counts(q, sparse_ratio, monkeypatch):
    synthetic.generate(count=300, seed=11)
    LesFactory(status="concept", themas=[ThemaFactory(slug="alleen-concept")], tekst="wijk bewoners")
    monkeypatch.setattr(facets, "SPARSE_RATIO", sparse_ratio)
    found = search.ranked(search.parse_query(q), selectors.search_scope()).all()
    assert len(found) > 20, "the query should find many lessons"
    expected = counted_by_the_database(found)

    for facet in facets.search_facets(found):
        shown = [(option.slug, option.aantal) for option in facet.options]
        assert shown, facet.parameter
        assert all(expected[facet.parameter][slug] == aantal for slug, aantal in shown), facet.parameter
        counts = [aantal for _, aantal in shown]
        assert counts == sorted(counts, reverse=True)  # most first
        best = sorted(expected[facet.parameter].values(), reverse=True)[: facets.FACET_SIZE]
        assert counts == best, facet.parameter  # no value with more lessons left out


def test_the_index_is_read_once_per_content_change_and_shows_the_change(monkeypatch):
    client = Client()
    thema = ThemaFactory(naam="Wonen", slug="wonen")
    LesFactory(titel="Een bankje in de wijk", themas=[thema], tags=["ontmoeting"])
    LesFactory(titel="Een wijk met een plein", themas=[thema])
    reads = []
    read_index = facets._read_index
    monkeypatch.setattr(facets, "_read_index", lambda: reads.append(1) or read_index())

    def tags_of(q):
        response = client.get("/zoeken/", {"q": q})
        assert response.status_code == 200
        (tag,) = [item["facet"] for item in response.context["facetten"] if item["facet"].parameter == "tag"]
        return {option.slug: option.aantal for option in tag.options}

    assert tags_of("wijk") == {"ontmoeting": 1}
    assert tags_of("plein") == {}
    assert tags_of("bankje") == {"ontmoeting": 1}
    assert len(reads) == 1  # three searches, one read

    Les.objects.get(titel="Een wijk met een plein").tags.add("ontmoeting")
    assert tags_of("wijk") == {"ontmoeting": 2}  # the next search sees the change
    assert len(reads) == 2


@pytest.mark.parametrize(
    "places_density", [facets.PLACES_DENSITY, -(10**9)], ids=["places-in-an-array", "in-a-dict"]
)
@pytest.mark.parametrize("sparse_ratio", [1, 10**9], ids=["every-value-as-a-set", "every-value-as-bits"])
def test_the_search_scope_is_what_the_database_filters(sparse_ratio, places_density, monkeypatch):
    """SearchScope narrows a search in memory: the published lessons a filter allows, as the
    lesson list's filters (in SQL) find them, and each lesson's place by title."""
    synthetic.generate(count=200, seed=3)
    bundel = BronFactory(titel="Bundel", slug="bundel", soort="essaybundel")
    essay = BronFactory(titel="Essay", onderdeel_van=bundel, auteurs=[AuteurFactory(slug="schrijver")])
    thema = ThemaFactory(slug="met-concept")
    LesFactory(  # a draft among published lessons
        titel="Concept", status="concept", themas=[thema], bronnen=[(essay, "punt 2")], tags=["gedeeld"]
    )
    LesFactory(titel="aaa eerst", themas=[thema], bronnen=[(essay, "punt 1")], tags=["gedeeld"])
    monkeypatch.setattr(facets, "SPARSE_RATIO", sparse_ratio)
    monkeypatch.setattr(facets, "PLACES_DENSITY", places_density)
    everything = list(Les.objects.values_list("pk", flat=True))
    choices = [
        {},
        {"thema": thema},
        {"thema": Thema.objects.exclude(pk=thema.pk).first()},
        {"bron": bundel},
        {"auteur": Auteur.objects.get(slug="schrijver")},
        {"tag": Tag.objects.get(slug="gedeeld")},
        {
            "tag": Tag.objects.exclude(slug="gedeeld").first(),
            "thema": Thema.objects.exclude(pk=thema.pk).first(),
        },
        {"thema": ThemaFactory(slug="zonder-lessen")},
    ]
    by_title = list(Les.objects.published().order_by(Lower("titel"), "pk").values_list("pk", flat=True))
    for filters in choices:
        places = facets.SearchScope(**filters).places(everything)
        expected = set(
            selectors.lesson_list(**filters).filter(status="gepubliceerd").values_list("pk", flat=True)
        )
        assert set(places) == expected, filters
        assert sorted(places, key=places.get) == [pk for pk in by_title if pk in expected], filters


def test_a_lesson_with_a_very_large_number_is_found_and_the_index_stays_small():
    LesFactory(titel="Gewone les over bewoners", themas=[ThemaFactory()])
    LesFactory(pk=10**7, titel="Les met een groot nummer, over bewoners", slug="groot-nummer")
    response = Client().get("/zoeken/", {"q": "bewoners"})
    assert sorted(result_titles(response)) == [
        "Gewone les over bewoners",
        "Les met een groot nummer, over bewoners",
    ]
    index = facets._current_index(content_stamp.current())
    assert sys.getsizeof(index.places) < 100_000  # not an array as long as the largest lesson number
    tracemalloc.start()
    facets.search_facets(Les.objects.values_list("pk", flat=True))
    counting = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert counting < 500_000  # nor bits up to that number to count the facets with
