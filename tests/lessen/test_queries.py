"""Intended to prevent n+1 issues: every public page costs the same number of queries on 10 lessons
as on 1,000, and no query fetches every lesson.

Each page (the variants in tests/pages.py, which the benchmark loads too) is measured on a small library,
then the library grows (more lessons, tags, themes, sources, authors, each lesson with several of
each; most of them generated in bulk) and the page is measured again. Nothing is cached here:
these tests measure what a page costs when it is rendered from scratch.
"""

import itertools
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from bench import synthetic
from lessen.models import Les, Verband
from lessen.services import les_opslaan
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory
from tests.pages import PUBLIC_PAGES, REDIRECTS, Voorbeeld, variant_urls

pytestmark = pytest.mark.django_db

VOORBEELD = Voorbeeld(
    les="les-0000",
    les_nummer=1,
    thema="thema-a",
    tag="tag-0",
    bron="bron-a",
    bundel="bundel",
    auteur="auteur-a",
    zoekterm="een",  # in summaries of the small library and of the large one
)
PAGES = [
    *variant_urls(VOORBEELD).values(),
    "/lessen/?pagina=2",
    "/lessen/?volgorde=bron",
    "/lessen/?volgorde=bron&bron=bron-a&pagina=2",
    "/lessen/?volgorde=gewijzigd&thema=thema-a",
    "/themas/thema-a/?pagina=2",
    "/lessen/?thema=bestaat-niet",
    "/lessen/?kennissoort=praktijk&tag=tag-0",
    "/zoeken/?q=les&kennissoort=praktijk",
    "/lessen/pijler/",
    "/l/1/",
    "/l/1/v/1/",
    "/lessen/les-0000/verschil/1/2/",
    "/lessen/les-0000/citeren.bib",
    "/lessen/les-0000/citeren.ris",
    "/lessen/les-0000/feed/",
    "/lessen/les-0000/tijdkaart/",
    "/lessen/les-0000/tijdkaart.json",
    "/bundel/?les=1,2,3,4,5",
    "/bundel/citaten.json?les=1,2,3,4,5",
    "/bundel/citaten.html?les=1,2,3,4,5",
    "/bundel/citaten.docx?les=1,2,3,4,5",
    "/lessen/les-0000/citeren.biblatex.bib",
    "/controleer/",
    "/zoeken/",
    "/zoeken/?q=les",
    "/zoeken/?q=een&pagina=2",
    '/zoeken/?q="de+wijk"+-bestaatnergens',
    "/zoeken/?q=les&thema=thema-a&tag=tag-1&bron=bron-a&auteur=auteur-a",
    "/zoeken/?q=lesn",
    "/zoeken/?q=de",
    "/zoeken/?q=les&thema=bestaat-niet",
    "/zoeken/?q=les&pagina=999",
    "/feeds/lessen/",
    "/sitemap.xml",
    "/sitemap-lessen.xml",
    "/sitemap-tags.xml",
    "/sitemap-paginas.xml",
    "/robots.txt",
]


# What a page answers when it is not a 200: each is measured as it answers, at both sizes, so a page
# broken into a 404 fails here instead of costing the same queries at both sizes.
NOT_200 = {
    "/lessen/?thema=bestaat-niet": 404,
    "/l/1/": 301,
    "/l/1/v/1/": 301,
    "/zoeken/?q=les&thema=bestaat-niet": 400,
    "/zoeken/?q=les&pagina=999": 400,
}


def test_every_public_route_is_counted():
    """A new public route (tests/pages.py lists them all) fails here until PAGES counts it."""
    counted = {resolve(urlsplit(url).path).view_name for url in PAGES}
    uncounted = {page.route for page in PUBLIC_PAGES + REDIRECTS} - counted
    assert not uncounted


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
        # Number 1 was given by hand: on PostgreSQL the sequence must learn it, or the next lesson
        # gets number 1 too when this is the first test of the run.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Les]):
                cursor.execute(sql)
        self.pijler.samenvatting = "Tweede versie."
        les_opslaan(les=self.pijler)
        LesFactory(
            slug="pijler", ouder=None, themas=[self.thema], tags=["tag-0"], bronnen=[(self.bron, "pijler 1")]
        )
        self.numbers = itertools.count(1)

    def grow(self, count):
        for _ in range(count):
            n = next(self.numbers)
            extra_thema = ThemaFactory()
            extra_bron = BronFactory(auteurs=[AuteurFactory(), self.auteur])
            les = LesFactory(
                tekst=f"## Kop\n\nZie [[les-0000]] en [[les-{n + 1:04d}|de volgende]].",
                themas=[self.thema, extra_thema],
                tags=[f"tag-{n % 3}", f"tag-{n}", f"extra-{n}"],
                bronnen=[(self.bron, f"punt {n}"), (extra_bron, "essay")],
                ouder=self.pijler if n % 5 == 0 else None,
            )
            # Every lesson relates to the first, which shows all those relations (with their sources).
            Verband.objects.create(van=les, naar=self.pijler, soort="werkt_uit", toelichting="Uitgewerkt.")
            if n % 50 == 0:
                les_opslaan(les=self.pijler)  # the pillar's history grows too
            if n % 10 == 0:
                concept = LesFactory(
                    status="concept", themas=[self.thema], tags=["tag-0"], bronnen=[(self.bron, f"x {n}")]
                )
                Verband.objects.create(van=self.pijler, naar=concept, soort="nuanceert", toelichting="Nee.")


def count_queries(client, url):
    cache.clear()  # nothing kept from an earlier request: count everything the page needs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == NOT_200.get(url, 200), (url, response.status_code)
    return len(queries)


def measure(client, library):
    library.grow(8)
    assert Les.objects.count() == 10
    for url in PAGES:
        client.get(url)  # warm up per-process caches (content types, templates)
    small = {url: count_queries(client, url) for url in PAGES}
    library.grow(40)
    synthetic.generate(count=1000 - Les.objects.count(), seed=5)
    assert Les.objects.count() == 1000
    large = {url: count_queries(client, url) for url in PAGES}
    return small, large


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    settings.WIJKGIDS_PER_PAGINA = 5  # so that the small library has a second page too
    settings.WIJKGIDS_PAGINA_CACHE = False


def test_public_pages_cost_the_same_queries_on_10_and_1000_lessons(client):
    small, large = measure(client, Library())
    assert large == small


def test_staff_preview_costs_the_same_queries_on_10_and_1000_lessons(staff_client):
    small, large = measure(staff_client, Library())
    assert large == small


def test_lesson_page_needs_few_queries(client):
    Library().grow(20)
    client.get("/lessen/les-0000/")
    # the lesson, its themes, tags, citations with authors, parts, links here, related lessons,
    # relations with the other lessons' sources, its published versions (Memento's Link header), stamp
    assert count_queries(client, "/lessen/les-0000/") <= 12


def test_no_page_fetches_every_lesson(client, monkeypatch):
    library = Library()
    library.grow(8)
    synthetic.generate(count=1000 - Les.objects.count(), seed=5)
    rows = {}

    def counting(method):
        def fetch(self, *args):
            result = getattr(self.cursor, method)(*args)
            fetched = 0 if result is None else 1 if method == "fetchone" else len(result)
            rows[self] = rows.get(self, 0) + fetched
            return result

        return fetch

    for method in ("fetchone", "fetchmany", "fetchall"):
        monkeypatch.setattr(CursorWrapper, method, counting(method), raising=False)
    for url in PAGES:
        rows.clear()
        client.get(url)
        most = max(rows.values(), default=0)  # robots.txt needs no query at all
        assert most < 1000, f"{url} haalt {most} rijen in één query op"
