"""Every public page, once. The query-count tests, the HTTP-cache tests and the benchmark all walk
this list, so a new page is measured everywhere by adding its line here.

Pages that are not the same for every visitor (the citation bundle) or not HTML pages (downloads,
feeds, the sitemap) are measured in tests/lessen/test_queries.py; a page the benchmark should
measure also goes into BENCH_PAGES.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Voorbeeld:
    """The objects of one database that the pages are shown for (slugs, and a lesson's number)."""

    les: str
    les_nummer: int
    thema: str
    tag: str
    bron: str
    bundel: str
    auteur: str
    pagina: int = 1  # for the paginated pages
    zoekterm: str = "wijk"


@dataclass(frozen=True)
class PublicPage:
    name: str
    url: Callable[[Voorbeeld], str]


def _url(name, query=None, **kwargs):
    path = reverse(name, kwargs=kwargs or None)
    query = {key: value for key, value in (query or {}).items() if value not in (None, 1)}
    return f"{path}?{urlencode(query)}" if query else path


PUBLIC_PAGES = [
    PublicPage("voorpagina", lambda v: _url("home")),
    PublicPage("lessen", lambda v: _url("lessen:les_list", {"pagina": v.pagina})),
    PublicPage("lessen per thema", lambda v: _url("lessen:les_list", {"thema": v.thema})),
    PublicPage("lessen per tag", lambda v: _url("lessen:les_list", {"tag": v.tag})),
    PublicPage("lessen per bron", lambda v: _url("lessen:les_list", {"bron": v.bron})),
    PublicPage("lessen per bundel", lambda v: _url("lessen:les_list", {"bron": v.bundel})),
    PublicPage("lessen per auteur", lambda v: _url("lessen:les_list", {"auteur": v.auteur})),
    PublicPage(
        "lessen, alle filters",
        lambda v: _url(
            "lessen:les_list", {"thema": v.thema, "tag": v.tag, "bron": v.bron, "auteur": v.auteur, "q": "e"}
        ),
    ),
    PublicPage("lessen met woord", lambda v: _url("lessen:les_list", {"q": v.zoekterm})),
    PublicPage("les", lambda v: _url("lessen:les_detail", slug=v.les)),
    PublicPage("versies", lambda v: _url("versies:versie_list", slug=v.les)),
    PublicPage("links hierheen", lambda v: _url("lessen:links_hierheen", slug=v.les)),
    PublicPage("versie", lambda v: _url("versies:versie_detail", slug=v.les, nummer=1)),
    PublicPage("verschil", lambda v: _url("versies:verschil", slug=v.les, a=1, b=1)),
    PublicPage("zoeken", lambda v: _url("zoeken:zoeken", {"q": v.zoekterm})),
    PublicPage("zoeken met filters", lambda v: _url("zoeken:zoeken", {"q": v.zoekterm, "thema": v.thema})),
    PublicPage("overzicht", lambda v: _url("lessen:overzicht")),
    PublicPage("thema vergelijken", lambda v: _url("lessen:thema_comparison", slug=v.thema)),
    PublicPage("kaart", lambda v: _url("lessen:kaart")),
    PublicPage("thema kaart", lambda v: _url("lessen:thema_kaart", slug=v.thema)),
    PublicPage("thema's", lambda v: _url("lessen:thema_list")),
    PublicPage("thema", lambda v: _url("lessen:thema_detail", {"pagina": v.pagina}, slug=v.thema)),
    PublicPage("tags", lambda v: _url("lessen:tag_list")),
    PublicPage("tag", lambda v: _url("lessen:tag_detail", slug=v.tag)),
    PublicPage("bronnen", lambda v: _url("lessen:bron_list")),
    PublicPage("bron", lambda v: _url("lessen:bron_detail", slug=v.bron)),
    PublicPage("bundel", lambda v: _url("lessen:bron_detail", slug=v.bundel)),
    PublicPage("auteurs", lambda v: _url("lessen:auteur_list")),
    PublicPage("auteur", lambda v: _url("lessen:auteur_detail", slug=v.auteur)),
    PublicPage("api lessen", lambda v: _url("lessen:api_les_list", {"pagina": v.pagina})),
    PublicPage("api les", lambda v: _url("lessen:api_les_detail", pk=v.les_nummer)),
]

# What `make bench` drives load at, in this order.
BENCH_PAGES = ["les", "lessen", "thema", "voorpagina", "zoeken"]


def public_urls(voorbeeld):
    """{page name: URL} for every public page, shown for the objects of `voorbeeld`."""
    return {page.name: page.url(voorbeeld) for page in PUBLIC_PAGES}


def page(name):
    return next(page for page in PUBLIC_PAGES if page.name == name)
