"""Intended to prevent n+1 issues: every page costs the same number of queries on 5 lessons as on 200.

Each page is measured on a small library, then the library grows (more lessons, tags, themes,
sources, authors, each lesson with several of each) and the page is measured again.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/lessen/",
    "/lessen/?pagina=2",
    "/lessen/?thema=thema-a",
    "/lessen/?tag=tag-0",
    "/lessen/?bron=bundel",
    "/lessen/?auteur=auteur-a",
    "/lessen/?thema=thema-a&tag=tag-1&bron=bron-a&auteur=auteur-a&q=Les",
    "/lessen/?thema=bestaat-niet",
    "/lessen/les-0000/",
    "/lessen/pijler/",
    "/l/1/",
    "/l/1/v/1/",
    "/lessen/les-0000/versies/",
    "/lessen/les-0000/versies/1/",
    "/lessen/les-0000/verschil/1/2/",
    "/lessen/les-0000/citeren.bib",
    "/lessen/les-0000/citeren.ris",
    "/lessen/les-0000/feed/",
    "/bundel/?les=1,2,3,4,5",
    "/bundel/citaten.json?les=1,2,3,4,5",
    "/themas/",
    "/themas/thema-a/",
    "/tags/",
    "/tags/tag-0/",
    "/bronnen/",
    "/bronnen/bron-a/",
    "/bronnen/bundel/",
    "/auteurs/",
    "/auteurs/auteur-a/",
    "/api/lessen/",
    "/api/lessen/1/",
    "/zoeken/",
    "/zoeken/?q=les",
    "/zoeken/?q=wijk&pagina=2",
    '/zoeken/?q="de+wijk"+-bestaatnergens',
    "/zoeken/?q=les&thema=thema-a&tag=tag-1&bron=bron-a&auteur=auteur-a",
    "/zoeken/?q=lesn",
    "/zoeken/?q=de",
    "/zoeken/?q=les&thema=bestaat-niet",
    "/zoeken/?q=les&pagina=999",
    "/overzicht/",
    "/themas/thema-a/vergelijk/",
    "/feeds/lessen/",
    "/sitemap.xml",
    "/sitemap-lessen.xml",
    "/sitemap-tags.xml",
    "/sitemap-paginas.xml",
    "/robots.txt",
]


class Library:
    """Grows a library of lessons that all share the same named theme, tag, source and author."""

    def __init__(self):
        self.thema = ThemaFactory(slug="thema-a")
        self.auteur = AuteurFactory(slug="auteur-a")
        self.bundel = BronFactory(slug="bundel", soort="essaybundel", auteurs=[self.auteur])
        self.bron = BronFactory(
            slug="bron-a", onderdeel_van=self.bundel, auteurs=[self.auteur, AuteurFactory()]
        )
        self.pijler = LesFactory(
            id=1, slug="les-0000", themas=[self.thema], tags=["tag-0"], bronnen=[(self.bron, "punt 0")]
        )
        self.pijler.samenvatting = "Tweede versie."
        self.pijler.save()
        LesFactory(
            slug="pijler", ouder=None, themas=[self.thema], tags=["tag-0"], bronnen=[(self.bron, "pijler 1")]
        )
        self.numbers = itertools.count(1)

    def grow(self, count):
        for _ in range(count):
            n = next(self.numbers)
            extra_thema = ThemaFactory()
            extra_bron = BronFactory(auteurs=[AuteurFactory(), self.auteur])
            LesFactory(
                tekst=f"## Kop\n\nZie [[les-0000]] en [[les-{n + 1:04d}|de volgende]].",
                themas=[self.thema, extra_thema],
                tags=[f"tag-{n % 3}", f"tag-{n}", f"extra-{n}"],
                bronnen=[(self.bron, f"punt {n}"), (extra_bron, "essay")],
                ouder=self.pijler if n % 5 == 0 else None,
            )
            if n % 50 == 0:
                self.pijler.save()  # the pillar's history grows too
            if n % 10 == 0:
                LesFactory(
                    status="concept", themas=[self.thema], tags=["tag-0"], bronnen=[(self.bron, f"x {n}")]
                )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, url
    return len(queries)


def measure(client, library):
    small = {}
    library.grow(3)
    for url in PAGES:
        client.get(url)  # warm up per-process caches (content types, templates)
        small[url] = count_queries(client, url)
    library.grow(197)
    large = {url: count_queries(client, url) for url in PAGES}
    return small, large


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.WIJKGIDS_PER_PAGINA = 2  # so that the small library has a second page too


def test_public_pages_cost_the_same_queries_on_5_and_200_lessons(client):
    small, large = measure(client, Library())
    assert large == small


def test_staff_preview_costs_the_same_queries_on_5_and_200_lessons(staff_client):
    small, large = measure(staff_client, Library())
    assert large == small


def test_lesson_page_needs_few_queries(client):
    Library().grow(20)
    client.get("/lessen/les-0000/")
    assert count_queries(client, "/lessen/les-0000/") <= 8
