"""Every public page, once: the tests that visit every page, the query-count and HTTP-cache tests
and the benchmark all walk this list, so a new page is covered everywhere by adding it here.

A `Page` is a route, the URL arguments it takes from a `Voorbeeld` (the objects shown, by slug) and
the query parameters a visitor controls. A new route fails `test_every_public_route_is_listed_...`
until it is listed here (or in REDIRECTS); then the draft, hostile-input, header and query-string
tests visit it. Its named `variants` (lessen per thema, zoeken met filters ...) are what
tests/lessen/test_queries.py counts, the cache tests check and bench/run.py loads (it lives here,
with the tests that use most of it). A page with none (downloads, feeds, the sitemap: no HTML; the
citation bundle: not the same for every visitor) fails `test_every_public_route_is_counted` until
test_queries.py counts it by hand.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema


@dataclass(frozen=True)
class Voorbeeld:
    """The objects the pages are shown for, by slug: a URL is known before the objects exist."""

    les: str
    les_nummer: int
    thema: str
    tag: str
    bron: str
    auteur: str
    bundel: str = ""  # a source with parts, for the variants that show one
    les_versie: int = 1  # the lesson's latest version, compared with its first
    pagina: int = 1  # for the paginated pages
    zoekterm: str = "wijk"


@dataclass
class Library:
    """One published lesson and the theme, tag, source and author it carries, as objects."""

    les: Les
    thema: Thema
    tag: Tag
    bron: Bron
    auteur: Auteur

    @property
    def voorbeeld(self):
        return Voorbeeld(
            les=self.les.slug,
            les_nummer=self.les.pk,
            les_versie=self.les.versie,
            thema=self.thema.slug,
            tag=self.tag.slug,
            bron=self.bron.slug,
            auteur=self.auteur.slug,
        )


def as_is(voorbeeld):
    """The variant that is the page itself, without a query."""
    return {}


@dataclass(frozen=True)
class Page:
    """A public route, the URL arguments it takes from a Voorbeeld, the query parameters a visitor
    controls, and its variants by name: each gives the query to add to the page's URL."""

    route: str
    kwargs: Callable[[Voorbeeld], dict] = as_is
    parameters: tuple[str, ...] = ()
    variants: dict[str, Callable[[Voorbeeld], dict]] = field(default_factory=dict)

    def url(self, voorbeeld, variant=None):
        """The page for `voorbeeld`, or one of its variants. A variant's value for one of the
        route's own arguments replaces it (a bundle's page is a source page); page 1 has no ?pagina=."""
        kwargs = self.kwargs(voorbeeld)
        values = self.variants[variant](voorbeeld) if variant else {}
        path = reverse(self.route, kwargs={key: values.get(key, value) for key, value in kwargs.items()})
        query = {key: value for key, value in values.items() if key not in kwargs and value != 1}
        return f"{path}?{urlencode(query)}" if query else path


PAGINATED = ("pagina",)
FILTERS = ("q", "thema", "tag", "bron", "auteur")

PUBLIC_PAGES = [
    Page("home", variants={"voorpagina": as_is}),
    Page(
        "lessen:les_list",
        parameters=(*FILTERS, "volgorde", "pagina"),
        variants={
            "lessen": lambda v: {"pagina": v.pagina},
            "lessen per thema": lambda v: {"thema": v.thema},
            "lessen per tag": lambda v: {"tag": v.tag},
            "lessen per bron": lambda v: {"bron": v.bron},
            "lessen per bundel": lambda v: {"bron": v.bundel},
            "lessen per auteur": lambda v: {"auteur": v.auteur},
            "lessen, alle filters": lambda v: dict(
                thema=v.thema, tag=v.tag, bron=v.bron, auteur=v.auteur, q="e"
            ),
            "lessen met woord": lambda v: {"q": v.zoekterm},
        },
    ),
    Page("lessen:les_detail", lambda v: {"slug": v.les}, variants={"les": as_is}),
    Page("lessen:thema_list", variants={"thema's": as_is}),
    Page(
        "lessen:thema_detail",
        lambda v: {"slug": v.thema},
        parameters=PAGINATED,
        variants={"thema": lambda v: {"pagina": v.pagina}},
    ),
    Page("lessen:tag_list", variants={"tags": as_is}),
    Page("lessen:tag_detail", lambda v: {"slug": v.tag}, parameters=PAGINATED, variants={"tag": as_is}),
    Page("bronnen:bron_list", variants={"bronnen": as_is}),
    Page(
        "bronnen:bron_detail",
        lambda v: {"slug": v.bron},
        parameters=PAGINATED,
        variants={"bron": as_is, "bundel": lambda v: {"slug": v.bundel}},
    ),
    Page("bronnen:auteur_list", variants={"auteurs": as_is}),
    Page(
        "bronnen:auteur_detail",
        lambda v: {"slug": v.auteur},
        parameters=PAGINATED,
        variants={"auteur": as_is},
    ),
    Page(
        "lessen:api_les_list", parameters=PAGINATED, variants={"api lessen": lambda v: {"pagina": v.pagina}}
    ),
    Page("lessen:api_les_detail", lambda v: {"pk": v.les_nummer}, variants={"api les": as_is}),
    Page("versies:versie_list", lambda v: {"slug": v.les}, parameters=PAGINATED, variants={"versies": as_is}),
    Page(
        "lessen:links_hierheen",
        lambda v: {"slug": v.les},
        parameters=PAGINATED,
        variants={"links hierheen": as_is},
    ),
    Page("versies:versie_detail", lambda v: {"slug": v.les, "nummer": 1}, variants={"versie": as_is}),
    Page(
        "versies:verschil", lambda v: {"slug": v.les, "a": 1, "b": v.les_versie}, variants={"verschil": as_is}
    ),
    Page("citeren:les_citeren", lambda v: {"slug": v.les, "formaat": "bib"}),
    Page("citeren:les_feed", lambda v: {"slug": v.les}),
    Page("citeren:tijdkaart", lambda v: {"slug": v.les}),
    Page("citeren:tijdkaart_json", lambda v: {"slug": v.les}),
    Page("citeren:bundel", parameters=("les",)),
    Page("citeren:controle"),
    Page("citeren:bundel_download", lambda v: {"formaat": "ris"}, parameters=("les",)),
    Page(
        "zoeken:zoeken",
        parameters=(*FILTERS, "pagina"),
        variants={
            "zoeken": lambda v: {"q": v.zoekterm},
            "zoeken met filters": lambda v: {"q": v.zoekterm, "thema": v.thema},
        },
    ),
    Page("lessen:overzicht", variants={"overzicht": as_is}),
    Page("lessen:thema_comparison", lambda v: {"slug": v.thema}, variants={"thema vergelijken": as_is}),
    Page("lessen:kaart", variants={"kaart": as_is}),
    Page("lessen:thema_kaart", lambda v: {"slug": v.thema}, variants={"thema kaart": as_is}),
    Page("citeren:feed"),
    Page("sitemap"),
    Page("sitemap_section", lambda v: {"section": "lessen"}),
    Page("robots_txt"),
]

# Public routes that only redirect to a page above.
REDIRECTS = [
    Page("lessen:permalink", lambda v: {"pk": v.les_nummer}),
    Page("versies:versie_permalink", lambda v: {"pk": v.les_nummer, "nummer": 1}),
]


def route_urls(voorbeeld, pages=PUBLIC_PAGES):
    """[(route name, URL)] for every page in `pages`, shown for `voorbeeld`, without a query."""
    return [(page.route, page.url(voorbeeld)) for page in pages]


def variant_urls(voorbeeld):
    """{variant name: URL} for every variant of every page, shown for `voorbeeld`."""
    return {name: page.url(voorbeeld, name) for page in PUBLIC_PAGES for name in page.variants}


def variant_url(name, voorbeeld):
    """The URL of one variant: the benchmark asks for one at a time, for many voorbeelden."""
    return next(page.url(voorbeeld, name) for page in PUBLIC_PAGES if name in page.variants)


def is_json(route):
    return route.startswith("lessen:api_")


def is_html(response):
    """Downloads (BibTeX, RIS), feeds, the sitemap and robots.txt are no HTML a browser renders."""
    return response["Content-Type"].startswith("text/html")


def voorbeeld_from_content(content):
    """The `content` fixture (tests/conftest.py) as a Voorbeeld."""
    tag = Tag.objects.get(name="bewoners")
    return Library(content["mensen"], content["sturen"], tag, content["essay"], content["wim"]).voorbeeld


def named_public_routes():
    """The names of all routes outside the admin, found by walking the URL configuration."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver) and pattern.app_name != "admin":
                inner = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern.url_patterns, namespace + inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names
