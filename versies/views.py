"""A lesson's versions: the history, one version exactly as it was, the difference between two,
and the permanent link to one version."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from citeren import formats, memento
from lessen.models import Les
from lessen.shortcuts import LesVerwijderd, les_for_permalink, les_or_404, volgt_oude_lesadressen
from omleidingen.decorators import gone
from wijkgids.caching import public_page
from wijkgids.http import NietGevonden
from wijkgids.pagination import paginate

from . import selectors
from .diff import andere_lessen, versies_vergelijken


@require_safe
def versie_permalink(request, pk, nummer):
    try:
        les = les_for_permalink(request, pk)
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
    les = les_or_404(request, slug)
    page = paginate(request, selectors.versie_list(les=les, user=request.user))
    return render(request, "versies/versie_list.html", {"les": les, "page": page})


@public_page
@volgt_oude_lesadressen
def versie_detail(request, slug, nummer):
    les = les_or_404(request, slug)
    versie = _versie(request, les, nummer, selectors.versie_detail)
    context = {
        "les": les,
        "versie": versie,
        "versie_permalink": request.build_absolute_uri(les.get_version_permalink(nummer)),
        "citaat_auteur": formats.AUTEUR,
    }
    response = render(request, "versies/versie_detail.html", context)
    return memento.memento_headers(request, response, les, memento.mementos(les), versie=versie.versie)


@public_page
@volgt_oude_lesadressen
def verschil(request, slug, a, b):
    les = les_or_404(request, slug)
    oud, nieuw = _versie(request, les, a), _versie(request, les, b)
    zichtbaar = selectors.visible_lesson_ids(andere_lessen(oud, nieuw), user=request.user)
    verschillen = versies_vergelijken(oud, nieuw, zichtbaar=zichtbaar)
    context = {"les": les, "oud": oud, "nieuw": nieuw, "verschillen": verschillen}
    return render(request, "versies/verschil.html", context)
