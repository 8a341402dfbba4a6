"""The pages of sources and authors: what the library holds from each, and by whom."""

from django.shortcuts import render

from lessen import selectors as les_selectors
from omleidingen.decorators import volgt_oude_slugs
from wijkgids.caching import public_page
from wijkgids.http import NietGevonden
from wijkgids.pagination import paginate

from . import selectors
from .models import Auteur, Bron


def _zichtbaar(request, obj):
    """An old address of a source or author the public may not see leads nowhere (404)."""
    return type(obj).objects.visible_to(request.user).filter(pk=obj.pk).exists()


@public_page
def bron_list(request):
    return render(request, "bronnen/bron_list.html", {"bronnen": selectors.bron_list()})


@public_page
@volgt_oude_slugs(Bron, zichtbaar=_zichtbaar)
def bron_detail(request, slug):
    try:
        bron = selectors.bron_detail(slug=slug, user=request.user)
    except Bron.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen bron met het adres ‘{slug}’.") from exc
    page = paginate(request, selectors.bron_vermeldingen(bron=bron, user=request.user))
    return render(request, "bronnen/bron_detail.html", {"bron": bron, "page": page})


@public_page
def auteur_list(request):
    return render(request, "bronnen/auteur_list.html", {"auteurs": selectors.auteur_list()})


@public_page
@volgt_oude_slugs(Auteur, zichtbaar=_zichtbaar)
def auteur_detail(request, slug):
    try:
        auteur = selectors.auteur_detail(slug=slug, user=request.user)
    except Auteur.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen auteur met het adres ‘{slug}’.") from exc
    lessen = les_selectors.les_list(user=request.user, auteur=auteur)
    return render(
        request, "bronnen/auteur_detail.html", {"auteur": auteur, "page": paginate(request, lessen)}
    )
