"""Finding the lesson a request names, for the views of every app that has pages about a lesson
(its versions, its citations, its feed): a visitor-facing 404, a 410 for a removed lesson, and a
301 from an old address, the way `get_object_or_404` is Django's."""

from omleidingen.decorators import volgt_oude_slugs
from wijkgids.http import NietGevonden

from . import selectors
from .models import Les


class LesVerwijderd(Exception):
    """The lesson with this number existed and was removed: its addresses answer 410."""


def _les_zichtbaar(request, les):
    return Les.objects.visible_to(request.user).filter(pk=les.pk).exists()


def _les_verwijderd(slug):
    return (
        Les.history.filter(slug=slug, history_type="-").exists()
        and not Les.objects.filter(slug=slug).exists()
    )


volgt_oude_lesadressen = volgt_oude_slugs(Les, zichtbaar=_les_zichtbaar, verwijderd=_les_verwijderd)


def les_or_404(request, slug):
    """The lesson alone (no relations), for the pages about it: versions, links here, its feed."""
    try:
        return selectors.les_by_slug(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc


def les_for_permalink(request, pk):
    """The lesson with permanent number `pk`; LesVerwijderd when it was removed."""
    try:
        return selectors.les_by_pk(pk=pk, user=request.user)
    except Les.DoesNotExist as exc:
        if Les.history.filter(id=pk, history_type="-").exists() and not Les.objects.filter(pk=pk).exists():
            raise LesVerwijderd(pk) from exc
        raise NietGevonden(f"Er is geen les met nummer {pk}.") from exc
