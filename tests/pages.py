"""Every public page, in one place, for the tests that must visit them all.

`PUBLIC_PAGES` maps a route name to the URL arguments it needs, taken from a `Library`: the
objects a page is about. A new public route fails `test_every_public_route_is_listed` until it is
added here (or to `REDIRECTS`), and from then on the draft, hostile-input, header and
query-string tests visit it too; and it fails `test_every_public_route_is_counted` until
tests/lessen/test_queries.py counts its queries (its URLs: bench/pages.py, the list the
cache tests and the benchmark walk, and more of its own).
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema


@dataclass
class Library:
    """One published lesson and the theme, tag, source and author it carries."""

    les: Les
    thema: Thema
    tag: Tag
    bron: Bron
    auteur: Auteur


PUBLIC_PAGES = {
    "home": lambda lib: {},
    "lessen:les_list": lambda lib: {},
    "lessen:les_detail": lambda lib: {"slug": lib.les.slug},
    "lessen:thema_list": lambda lib: {},
    "lessen:thema_detail": lambda lib: {"slug": lib.thema.slug},
    "lessen:tag_list": lambda lib: {},
    "lessen:tag_detail": lambda lib: {"slug": lib.tag.slug},
    "lessen:bron_list": lambda lib: {},
    "lessen:bron_detail": lambda lib: {"slug": lib.bron.slug},
    "lessen:auteur_list": lambda lib: {},
    "lessen:auteur_detail": lambda lib: {"slug": lib.auteur.slug},
    "lessen:api_les_list": lambda lib: {},
    "lessen:api_les_detail": lambda lib: {"pk": lib.les.pk},
    "versies:versie_list": lambda lib: {"slug": lib.les.slug},
    "lessen:links_hierheen": lambda lib: {"slug": lib.les.slug},
    "versies:versie_detail": lambda lib: {"slug": lib.les.slug, "nummer": 1},
    "versies:verschil": lambda lib: {"slug": lib.les.slug, "a": 1, "b": lib.les.versie},
    "citeren:les_citeren": lambda lib: {"slug": lib.les.slug, "formaat": "bib"},
    "citeren:les_feed": lambda lib: {"slug": lib.les.slug},
    "citeren:bundel": lambda lib: {},
    "citeren:bundel_download": lambda lib: {"formaat": "ris"},
    "zoeken:zoeken": lambda lib: {},
    "lessen:overzicht": lambda lib: {},
    "lessen:thema_comparison": lambda lib: {"slug": lib.thema.slug},
    "lessen:kaart": lambda lib: {},
    "lessen:thema_kaart": lambda lib: {"slug": lib.thema.slug},
    "citeren:feed": lambda lib: {},
    "sitemap": lambda lib: {},
    "sitemap_section": lambda lib: {"section": "lessen"},
    "robots_txt": lambda lib: {},
}

# Public routes that only redirect to a page above.
REDIRECTS = {
    "lessen:permalink": lambda lib: {"pk": lib.les.pk},
    "versies:versie_permalink": lambda lib: {"pk": lib.les.pk, "nummer": 1},
}

# The query parameters a visitor controls, per page; every page also gets unknown ones.
QUERY_PARAMETERS = {
    "lessen:les_list": ["q", "thema", "tag", "bron", "auteur", "volgorde", "pagina"],
    "lessen:thema_detail": ["pagina"],
    "lessen:tag_detail": ["pagina"],
    "lessen:bron_detail": ["pagina"],
    "lessen:auteur_detail": ["pagina"],
    "lessen:api_les_list": ["pagina"],
    "versies:versie_list": ["pagina"],
    "lessen:links_hierheen": ["pagina"],
    "zoeken:zoeken": ["q", "thema", "tag", "bron", "auteur", "pagina"],
    "citeren:bundel": ["les"],
    "citeren:bundel_download": ["les"],
}


def is_json(name):
    return name.startswith("lessen:api_")


def is_html(response):
    """Downloads (BibTeX, RIS), feeds, the sitemap and robots.txt are no HTML a browser renders."""
    return response["Content-Type"].startswith("text/html")


def public_urls(lib, pages=PUBLIC_PAGES):
    """[(route name, URL)] for every page in `pages`."""
    return [(name, reverse(name, kwargs=kwargs(lib))) for name, kwargs in pages.items()]


def library_from_content(content):
    """The `content` fixture (tests/conftest.py) as a Library."""
    return Library(
        les=content["mensen"],
        thema=content["sturen"],
        tag=Tag.objects.get(name="bewoners"),
        bron=content["essay"],
        auteur=content["wim"],
    )


def named_public_routes():
    """The names of all routes outside the admin, found by walking the URL configuration."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names
