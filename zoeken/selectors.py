"""Reads for the search page: where a search looks, the hits of one page, and the facets."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema
from lessen.selectors import (
    auteur_counts,
    bron_counts,
    filtered,
    tag_counts,
    thema_counts,
    thema_list,
    vermeldingen_with_bron_and_auteurs,
    with_aantal,
)

from . import search


def search_scope(*, thema=None, tag=None, bron=None, auteur=None, kennissoort=None):
    """Where a search looks: the published lessons (never drafts) that the filters allow."""
    lessen = Les.objects.published()
    return filtered(lessen, thema=thema, tag=tag, bron=bron, auteur=auteur, kennissoort=kennissoort)


FACET_SIZE = 15


@dataclass(frozen=True)
class Facet:
    parameter: str  # the query parameter that narrows to an option
    label: str
    options: list  # themes, sources, authors or tags, each with `aantal`: how many of the lessons


def search_facets(lessen):
    """Per theme, source, author and tag: the FACET_SIZE that most of these lessons (a queryset)
    have, most first, each with its `aantal`; equal counts in the model's own order."""
    ids = lessen.values("pk")

    def most(values, aantallen):
        values = with_aantal(values.filter(pk__in=aantallen), aantallen)
        return sorted(values, key=lambda value: -value.aantal)[:FACET_SIZE]  # stable: ties keep order

    return [
        Facet("thema", "Thema", most(Thema.objects.all(), thema_counts(ids))),
        Facet("bron", "Bron", most(Bron.objects.order_by("titel"), bron_counts(ids))),
        Facet("auteur", "Auteur", most(Auteur.objects.all(), auteur_counts(ids))),
        Facet("tag", "Tag", most(Tag.objects.order_by("name"), tag_counts(ids))),
    ]


def search_hits(query, ids):
    """The lessons with these ids, in this order, each with its title and the stretch of its text
    that match the query highlighted, and where it comes from."""
    lessen = (
        Les.objects.filter(pk__in=ids)
        .prefetch_related("themas", vermeldingen_with_bron_and_auteurs())
        .in_bulk()
    )
    return [
        {
            "les": les,
            "titel": search.highlight(les.titel, query),
            "fragment": search.snippet(f"{les.samenvatting}\n{search.plain_text(les.tekst_html)}", query),
        }
        for les in (lessen.get(pk) for pk in ids)
        if les is not None
    ]


@dataclass(frozen=True)
class SearchResults:
    """What the search page shows for a query: a page of hits, the facets of all matches, or, when
    nothing matches, spelling suggestions and the themes to browse instead."""

    page: Page
    hits: list
    facets: list
    suggestions: list
    themas: list


def search_results(*, query, filters, page_number=1):
    """The search page for a parsed query, narrowed by `filters`. Raises InvalidPage, with a message
    for the visitor, for a page number past the last page."""
    scope = search_scope(**filters)
    paginator = Paginator(search.ranked(query, scope), settings.WIJKGIDS_PER_PAGINA)
    try:
        page = paginator.page(page_number)
    except InvalidPage as exc:
        pages = paginator.num_pages
        raise InvalidPage(f"Pagina {page_number} bestaat niet; er zijn {pages} pagina's.") from exc
    found = page.paginator.count > 0
    return SearchResults(
        page=page,
        hits=search_hits(query, page.object_list),
        facets=search_facets(search.found(query, scope)) if found else [],
        suggestions=[] if found else search.suggestions(query),
        themas=[] if found else thema_list(),
    )
