"""Search facets (selectors.search_facets): how many of the found lessons each theme, source, author and tag
has, as the reader sees them beside the results."""

from collections import Counter

import pytest
from django.test import Client

from bench import synthetic
from lessen.models import Les
from tests.factories import LesFactory, ThemaFactory
from tests.searching import result_titles
from zoeken import search, selectors

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


@pytest.mark.parametrize("q", ["wijkaanpak", "bewoners", "gemeente vertrouwen"])
def test_facets_count_what_the_database_counts(q):
    synthetic.generate(count=300, seed=11)
    LesFactory(status="concept", themas=[ThemaFactory(slug="alleen-concept")], tekst="wijk bewoners")
    query = search.parse_query(q)
    found = search.found(query, selectors.search_scope())
    assert found.count() > 20, "the query should find many lessons"
    expected = counted_by_the_database(list(found.values_list("pk", flat=True)))

    for facet in selectors.search_facets(found):
        shown = [(option.slug, option.aantal) for option in facet.options]
        assert shown, facet.parameter
        assert all(expected[facet.parameter][slug] == aantal for slug, aantal in shown), facet.parameter
        counts = [aantal for _, aantal in shown]
        assert counts == sorted(counts, reverse=True)  # most first
        best = sorted(expected[facet.parameter].values(), reverse=True)[: selectors.FACET_SIZE]
        assert counts == best, facet.parameter  # no value with more lessons left out


def test_the_next_search_shows_a_changed_tag():
    client = Client()
    thema = ThemaFactory(naam="Wonen", slug="wonen")
    LesFactory(titel="Een bankje in de wijk", themas=[thema], tags=["ontmoeting"])
    plein = LesFactory(titel="Een wijk met een plein", themas=[thema])

    def tags_of(q):
        response = client.get("/zoeken/", {"q": q})
        assert response.status_code == 200
        (tag,) = [item["facet"] for item in response.context["facetten"] if item["facet"].parameter == "tag"]
        return {option.slug: option.aantal for option in tag.options}

    assert tags_of("wijk") == {"ontmoeting": 1}
    assert tags_of("plein") == {}
    plein.tags.add("ontmoeting")
    assert tags_of("wijk") == {"ontmoeting": 2}


def test_a_lesson_with_a_very_large_number_is_found():
    LesFactory(titel="Gewone les over bewoners", themas=[ThemaFactory()])
    LesFactory(pk=10**7, titel="Les met een groot nummer, over bewoners", slug="groot-nummer")
    response = Client().get("/zoeken/", {"q": "bewoners"})
    assert sorted(result_titles(response)) == [
        "Gewone les over bewoners",
        "Les met een groot nummer, over bewoners",
    ]
