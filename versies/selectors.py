"""Reads of a lesson's versions: the public history, and one version to read or compare."""

from django.db.models import OuterRef, Subquery

from lessen import wikilinks
from lessen.models import Les, sees_drafts


def _versions_visible_to(les, user):
    versies = les.history.all()
    if not sees_drafts(user):
        versies = versies.filter(status=Les.Status.GEPUBLICEERD)  # a draft stage of a lesson is never public
    return versies


def versie_list(*, les, user=None):
    """The lesson's versions, newest first, without their bodies; each with the number of the one
    before it that this visitor may see (`vorige`: versions between may be drafts or changes that
    waited for review)."""
    zichtbaar = _versions_visible_to(les, user)
    vorige = zichtbaar.filter(versie__lt=OuterRef("versie")).order_by("-versie").values("versie")[:1]
    return (
        zichtbaar.annotate(vorige=Subquery(vorige))
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
