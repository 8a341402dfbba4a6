"""The editors' desk, read: where a lesson stands in review (the lesson form, the review screen, the
lesson page for staff). The writes are in `lessen.services`; the start page of /beheer/, which lists
what waits for each editor, in `wijkgids/templatetags/bureau.py`."""

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from versies.diff import versies_vergelijken

from . import services, wikilinks
from .models import Les

Status = Les.Status


def _versies(les_ref, **filters):
    return Les.history.filter(id=les_ref, **filters).order_by("-versie")


def _review_rows(les_ref):
    return _versies(les_ref, history_change_reason__in=[services.AANGEBODEN, services.TERUGGESTUURD])


def met_stand(lessen):
    """Lessons with where their review stands (`stand`: the status of the change waiting on a published
    lesson, else their own) and the last offer or send-back (who, when, note or remark)."""
    # this round's: on a published lesson the offer or send-back of the change waiting, not an old one
    laatste = _review_rows(OuterRef("pk")).filter(
        Q(in_afwachting=True) | ~Exact(OuterRef("status"), Status.GEPUBLICEERD)
    )
    return lessen.annotate(
        stand=Coalesce(
            Subquery(_versies(OuterRef("pk"), in_afwachting=True).values("status")[:1]), F("status")
        ),
        beoordeling_reden=Subquery(laatste.values("history_change_reason")[:1]),
        beoordeling_door=Subquery(laatste.values("redacteur_naam")[:1]),
        beoordeling_gebruiker=Subquery(laatste.values("history_user__username")[:1]),
        beoordeling_op=Subquery(laatste.values("history_date")[:1]),
        beoordeling_opmerking=Subquery(laatste.values("opmerking")[:1]),
    )


def stand(les):
    """Where `les` stands in review, for its form and (for staff) its page: the change waiting for
    review (a version) and who made it, and the last offer or send-back if it concerns this round."""
    wijziging = services.werkversie(les) if les.is_published else None
    status = wijziging.status if wijziging else les.status
    laatste = _review_rows(les.pk).select_related("history_user").first()
    if laatste is not None and les.is_published and not laatste.in_afwachting:
        laatste = None  # an offer of a change published since
    if laatste is not None and status == Status.GEPUBLICEERD:
        laatste = None
    auteurs = services.auteurs_van_de_wijziging(les) if wijziging or not les.is_published else []
    return {
        "status": status,
        "status_label": Status(status).label,
        "wijziging": wijziging,
        "auteurs": [naam(user) for user in auteurs],
        "aangeboden": laatste if laatste and laatste.history_change_reason == services.AANGEBODEN else None,
        "teruggestuurd": laatste
        if laatste and laatste.history_change_reason == services.TERUGGESTUURD and status == Status.CONCEPT
        else None,
    }


def naam(user):
    """An editor as colleagues know them: their public name, else their user name; None is a script."""
    if user is None:
        return "een script"
    publiek = getattr(user, "publieke_naam", None)
    return publiek.naam if publiek else user.get_username()


def lege_versie():
    """A version with nothing in it: what a new lesson is compared with."""
    return Les.history.model(
        titel="", slug="", samenvatting="", tekst="", soort="", kennissoort="", status="",
        themas_snapshot=[], tags_snapshot=[], vermeldingen_snapshot=[], verbanden_snapshot=[],
    )  # fmt: skip


def scherm(*, les, redacteur):
    """What the review screen shows: the version under review, the difference with what readers see
    now (a new lesson: all of it), links in it to lessons that do not exist, and what `redacteur`
    may do."""
    info = stand(les)
    wijziging = info["wijziging"] or les.history.filter(versie=les.versie).exclude(history_type="-").first()
    gepubliceerd = None
    if les.is_published:
        gepubliceerd = les.history.filter(versie=les.versie).exclude(history_type="-").first()
    vergeleken = gepubliceerd if info["wijziging"] else None
    verschillen = [
        v for v in versies_vergelijken(vergeleken or lege_versie(), wijziging) if v.veld != "Status"
    ]
    gevonden = wikilinks.resolver_for(wijziging.tekst, van_pk=les.pk).found
    ontbrekend = sorted(t for t in wikilinks.targets_in(wijziging.tekst) if t.lower() not in gevonden)
    eindredacteur = redacteur.has_perm(services.PUBLISH)
    zelf = redacteur in services.auteurs_van_de_wijziging(les)
    ter_beoordeling = info["status"] == Status.TER_BEOORDELING
    return {
        "stand": info,
        "les": les,
        "versie": wijziging,
        "gepubliceerd": gepubliceerd,
        "verschillen": verschillen,
        "nieuw": vergeleken is None,
        "ontbrekend": ontbrekend,
        "kan_beoordelen": eindredacteur and ter_beoordeling,
        "zelf_gewerkt": zelf,
        "kan_offline": eindredacteur and les.is_published,
    }
