"""A lesson's versions: the history, one version exactly as it was, the difference between two,
and the permanent link to one version."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from citeren import memento
from lessen import citation, selectors
from lessen.caching import public_page
from lessen.diff import versies_vergelijken
from lessen.models import Les
from lessen.pagination import paginate
from lessen.views import LesVerwijderd, NietGevonden, les_voor_permalink, les_zelf, volgt_oude_lesadressen
from omleidingen.decorators import gone


@require_safe
def versie_permalink(request, pk, nummer):
    try:
        les = les_voor_permalink(request, pk)
    except LesVerwijderd:
        return gone(request, f"Les nummer {pk} is verwijderd.")
    return redirect("versies:versie_detail", slug=les.slug, nummer=nummer, permanent=True)


def _versie(request, les, nummer, selector=selectors.versie_by_nummer):
    try:
        return selector(les=les, nummer=nummer, user=request.user)
    except Les.history.model.DoesNotExist as exc:
        raise NietGevonden(f"Les ‘{les.titel}’ heeft geen (openbare) versie {nummer}.") from exc


@public_page
@volgt_oude_lesadressen
def versie_list(request, slug):
    les = les_zelf(request, slug)
    page = paginate(request, selectors.versie_list(les=les, user=request.user))
    return render(request, "versies/versie_list.html", {"les": les, "page": page})


@public_page
@volgt_oude_lesadressen
def versie_detail(request, slug, nummer):
    les = les_zelf(request, slug)
    versie = _versie(request, les, nummer, selectors.versie_detail)
    context = {
        "les": les,
        "versie": versie,
        "versie_permalink": request.build_absolute_uri(les.get_version_permalink(nummer)),
        "citaat_auteur": citation.AUTEUR,
    }
    response = render(request, "versies/versie_detail.html", context)
    return memento.memento_headers(request, response, les, memento.mementos(les), versie=versie.versie)


@public_page
@volgt_oude_lesadressen
def verschil(request, slug, a, b):
    les = les_zelf(request, slug)
    oud, nieuw = _versie(request, les, a), _versie(request, les, b)
    context = {"les": les, "oud": oud, "nieuw": nieuw, "verschillen": versies_vergelijken(oud, nieuw)}
    return render(request, "versies/verschil.html", context)
