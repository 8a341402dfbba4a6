"""A read-only JSON API of published lessons: `/api/lessen/` (paginated) and `/api/lessen/<id>/`."""

from django.conf import settings
from django.http import Http404, JsonResponse

from wijkgids.caching import public_page
from wijkgids.pagination import PAGE_PARAMETER, paginate

from . import selectors
from .models import Les


def les_as_dict(les, request, verbanden):
    """The public JSON shape of a lesson (expects the prefetches of `selectors.api_les_list`), with
    its relations to other published lessons (`selectors.verbanden_per_les`), from its side."""
    return {
        "id": les.pk,
        "slug": les.slug,
        "titel": les.titel,
        "samenvatting": les.samenvatting,
        "tekst": les.tekst,
        "soort": les.soort,
        "kennissoort": les.kennissoort,
        "url": request.build_absolute_uri(les.get_absolute_url()),
        "permalink": request.build_absolute_uri(les.get_permalink()),
        "versie": les.versie,
        "versie_permalink": request.build_absolute_uri(les.get_version_permalink()),
        "themas": [{"slug": thema.slug, "naam": thema.naam} for thema in les.themas.all()],
        "tags": sorted(tag.name for tag in les.tags.all()),
        "bronnen": [
            {
                "titel": vermelding.bron.titel,
                "slug": vermelding.bron.slug,
                "locator": vermelding.locator,
                "titel_in_bron": vermelding.titel_in_bron,
                "auteurs": [auteur.naam for auteur in vermelding.bron.geordende_auteurs],
            }
            for vermelding in les.vermeldingen.all()
        ],
        "verbanden": [
            {
                "soort": verband.zin,
                "les": verband.les.pk,
                "titel": verband.les.titel,
                "url": request.build_absolute_uri(verband.les.get_absolute_url()),
                "toelichting": verband.toelichting,
            }
            for verband in verbanden
        ],
        "gewijzigd": les.gewijzigd.isoformat(),
    }


def _page_url(request, number):
    query = request.GET.copy()
    query[PAGE_PARAMETER] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _not_found(message):
    return JsonResponse({"detail": message}, status=404, json_dumps_params={"ensure_ascii": False})


@public_page
def les_list(request):
    try:
        page = paginate(request, selectors.api_les_list(), per_page=settings.WIJKGIDS_API_PER_PAGINA)
    except Http404 as exc:
        return _not_found(str(exc))
    verbanden = selectors.verbanden_per_les([les.pk for les in page])
    data = {
        "count": page.paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "results": [les_as_dict(les, request, verbanden[les.pk]) for les in page],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@public_page
def les_detail(request, pk):
    try:
        les = selectors.api_les_list().get(pk=pk)
    except Les.DoesNotExist:
        return _not_found(f"Er is geen gepubliceerde les met nummer {pk}.")
    verbanden = selectors.verbanden_per_les([les.pk])[les.pk]
    return JsonResponse(les_as_dict(les, request, verbanden), json_dumps_params={"ensure_ascii": False})
