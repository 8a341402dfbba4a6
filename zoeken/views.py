"""The search page, /zoeken/: the view parses the query, zoeken.search finds, ranks and counts."""

from django.core.paginator import InvalidPage
from django.shortcuts import render

from lessen.selectors import thema_list
from wijkgids.caching import public_page
from wijkgids.http import form_errors

from . import search, selectors
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
        context["themas"] = thema_list()
        return render(request, "zoeken/zoeken.html", context)

    number = form.cleaned_data["pagina"] or 1
    try:
        results = selectors.search_results(query=query, filters=filters, page_number=number)
    except InvalidPage as exc:
        context["fouten"] = [str(exc)]
        return render(request, "zoeken/zoeken.html", context, status=400)
    context.update(
        page=results.page,
        resultaten=results.hits,
        suggesties=results.suggestions,
        themas=results.themas,
        facetten=[
            {
                "facet": facet,
                "actief": getattr(filters.get(facet.parameter), "slug", None),
                "basis": _query_without(request, facet.parameter, "pagina"),
            }
            for facet in results.facets
        ],
    )
    return render(request, "zoeken/zoeken.html", context)


def _query_without(request, *names):
    """The current query string without `names`, urlencoded, for links that set one of them."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
