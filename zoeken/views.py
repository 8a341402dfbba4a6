"""The search page, /zoeken/: the view parses the query, lessen.search finds, ranks and counts."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.shortcuts import render

from lessen import search, selectors
from lessen.caching import public_page
from lessen.views import form_errors

from .forms import SearchForm


@public_page
def search_results(request):
    """/zoeken/: ranked results with highlights, facets that narrow, and suggestions when none match.

    Bad input is a 400 with a Dutch message, never a 500. Drafts are never found, not even by staff.
    """
    form = SearchForm(request.GET)
    typed = request.GET.get("q", "").replace("\x00", "")[: search.MAX_QUERY_LENGTH]
    context = {"form": form, "zoekterm": typed}
    if not form.is_valid():
        context["fouten"] = form_errors(form)
        return render(request, "zoeken/zoeken.html", context, status=400)
    query = search.parse_query(form.cleaned_data["q"])
    filters = form.filters()
    context.update(zoekterm=form.cleaned_data["q"], query=query, actieve_filters=filters)
    if not query:
        context["themas"] = selectors.thema_list()
        return render(request, "zoeken/zoeken.html", context)

    scope = selectors.search_scope(**filters)
    paginator = Paginator(search.ranked(query, scope), settings.WIJKGIDS_PER_PAGINA)
    number = form.cleaned_data["pagina"] or 1
    try:
        page = paginator.page(number)
    except InvalidPage:
        context["fouten"] = [f"Pagina {number} bestaat niet; er zijn {paginator.num_pages} pagina's."]
        return render(request, "zoeken/zoeken.html", context, status=400)
    context["page"] = page
    context["resultaten"] = selectors.search_hits(query, page.object_list)
    if paginator.count:
        context["facetten"] = [
            {
                "facet": facet,
                "actief": getattr(filters.get(facet.parameter), "slug", None),
                "basis": _query_without(request, facet.parameter, "pagina"),
            }
            for facet in selectors.search_facets(search.found(query, scope))
        ]
    else:
        context["suggesties"] = search.suggestions(query)
        context["themas"] = selectors.thema_list()
    return render(request, "zoeken/zoeken.html", context)


def _query_without(request, *names):
    """The current query string without `names`, urlencoded, for links that set one of them."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
