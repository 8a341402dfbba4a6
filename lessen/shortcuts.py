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


def was_public_and_deleted(les_ids):
    """Whether one of these lesson numbers belonged to a lesson that was published at some time and
    was deleted: its addresses answer 410. A deleted lesson that was never published answers 404,
    like a number never used: the public cannot count drafts."""
    deleted = Les.history.filter(id__in=les_ids, history_type="-").values("id")
    return Les.history.filter(id__in=deleted, status=Les.Status.GEPUBLICEERD).exists()


def _les_verwijderd(slug, object_id=None):
    if Les.objects.filter(slug=slug).exists():
        return False
    les_ids = Les.history.filter(slug=slug, history_type="-").values("id")
    return was_public_and_deleted(les_ids) or (object_id is not None and was_public_and_deleted([object_id]))


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
        # `id=pk`, not `id__in=[pk]`: an exact lookup finds nothing for a number past the database's
        # integers, where a list of it would overflow.
        versions = Les.history.filter(id=pk).values("id")
        if not Les.objects.filter(pk=pk).exists() and was_public_and_deleted(versions):
            raise LesVerwijderd(pk) from exc
        raise NietGevonden(f"Er is geen les met nummer {pk}.") from exc
