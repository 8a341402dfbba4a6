"""Reads of a lesson's versions: the public history, and one version to read or compare."""

from lessen import wikilinks
from lessen.models import Les, sees_drafts


def visible_lesson_ids(ids, *, user=None):
    """Of these lesson numbers, those a version may name to `user`: for the public, lessons
    published now, and lessons that were published when they were deleted (their title was public,
    and a citer of an old version may meet it). Never a draft, now or deleted: two queries."""
    ids = set(ids)
    if sees_drafts(user) or not ids:
        return ids
    status = dict(Les.objects.filter(pk__in=ids).values_list("pk", "status"))
    deleted_published = Les.history.filter(
        id__in=ids - status.keys(), history_type="-", status=Les.Status.GEPUBLICEERD
    ).values_list("id", flat=True)
    return {pk for pk, value in status.items() if value == Les.Status.GEPUBLICEERD} | set(deleted_published)


def _versions_visible_to(les, user):
    versies = les.history.all()
    if not sees_drafts(user):
        versies = versies.filter(status=Les.Status.GEPUBLICEERD)  # a draft stage of a lesson is never public
    return versies


def versie_list(*, les, user=None):
    """The lesson's versions, newest first, without their bodies."""
    return (
        _versions_visible_to(les, user)
        .only(
            "history_id",
            "id",
            "versie",
            "history_date",
            "redacteur_naam",
            "goedgekeurd_door",
            "history_change_reason",
            "titel",
        )
        .order_by("-versie")
    )


def versie_by_nummer(*, les, nummer, user=None):
    """One version as it was saved: what a comparison of two versions compares."""
    return _versions_visible_to(les, user).get(versie=nummer)


def versie_detail(*, les, nummer, user=None):
    """One version to read, its body with its links as they resolve now (see `wikilinks.render_version`)."""
    versie = versie_by_nummer(les=les, nummer=nummer, user=user)
    versie.tekst_html = wikilinks.render_version(versie)
    return versie
