"""Writes that touch more than one row, each in one transaction: a lesson with its relations, links,
search text and ONE new version; a theme, source or author or tag with its old address and the search
text of its lessons. No signal or `save()` override does any of this: the admin and scripts call these.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from taggit.models import Tag, TaggedItem

from bronnen.models import Bron
from omleidingen.models import delete_keeping_address, save_keeping_old_slug
from wijkgids import berichten
from zoeken.search import lesson_ids_mentioning, update_search_index

from . import counts, related, wikilinks
from .models import LES_HISTORIE, Les, PubliekeNaam, Thema, Verband, Vermelding
from .selectors import first_place


class BewerkingsConflict(Exception):
    """Someone else saved the lesson after this editor opened it: the save is refused."""


class NietToegestaan(Exception):
    """A change of status this editor may not make, or a lesson not ready for it. The message says
    why, in Dutch, for the editor; nothing was saved."""


@transaction.atomic
def les_opslaan(
    *,
    les,
    themas=None,
    tags=None,
    vermeldingen=None,
    verbanden=None,
    redacteur=None,
    reden="",
    basisversie=None,
    goedgekeurd=None,
    opmerking="",
):
    """Save a lesson and (optionally) its themes, tags, citations and relations as ONE new version,
    in the rows readers read. (The editors' save is `les_bewerken`, which keeps an edit to a published
    lesson waiting for review.)

    `vermeldingen` are the lesson's citations after the edit (Vermelding objects, stored or new);
    when given, its other citations are deleted. `verbanden`, the relations it makes with other
    lessons (Verband objects), likewise. `basisversie` is the version the editor started from
    (default: the one `les` holds); if someone saved since, BewerkingsConflict is raised and
    nothing is saved. `goedgekeurd` is for `publiceren`: (the final editor, the authors approved).
    The new version's number follows the newest version, a version waiting for review included.
    """
    basis = les.versie if basisversie is None else basisversie
    nieuw = les._state.adding
    if nieuw:
        les.versie = 1
    else:
        # The UPDATE locks the row (les_bewerken locks it too) before the newest number is read.
        if not Les.objects.filter(pk=les.pk, versie=basis).update(versie=basis + 1):
            raise BewerkingsConflict(f"Les {les.pk} is gewijzigd sinds versie {basis}.")
        les.versie = max(basis, nieuwste_versie(les)) + 1
    voor = related.Voor() if nieuw else related.voor_wijziging([les.pk])
    getelde = counts.what_lessons_carry([] if nieuw else [les.pk])
    les.tekst_html, resolver = wikilinks.render(les)
    les.saved_by_service = True  # Les.save() refuses any other caller
    try:
        save_keeping_old_slug(les)
    finally:
        les.saved_by_service = False
    if themas is not None:
        les.themas.set(themas)
    if tags is not None:
        les.tags.set(list(tags))
    if vermeldingen is not None:
        keep_only(vermeldingen, les.vermeldingen.all(), les=les)
    plaats_in_bron_bijwerken(les_ids=[les.pk])  # also after save(), which wrote what `les` held
    # The other lessons of its relations, before and after: their search text holds a relation's
    # sentence while both lessons are published, so it changes with this lesson's status too.
    verbonden = {v.naar_id for v in les.verbanden.all()} | set(
        les.verbanden_hierheen.values_list("van", flat=True)
    )
    if verbanden is not None:
        verbonden |= {v.naar_id for v in verbanden}
        keep_only(verbanden, les.verbanden.all(), van=les)
    wikilinks.store_links(les, resolver)
    linking = wikilinks.refresh_linking_lessons(les)  # their link texts are part of their search text
    update_search_index([les.pk, *linking, *verbonden])
    related.bijwerken([les.pk, *linking], voor=voor, nieuw=[les.pk] if nieuw else [])
    counts.na_wijziging([les.pk], voor=getelde)
    _write_version(
        les,
        "+" if les.versie == 1 else "~",
        redacteur=redacteur,
        reden=reden,
        goedgekeurd=goedgekeurd,
        opmerking=opmerking,
    )
    return les


def nieuwste_versie(les):
    """The number of the lesson's newest version, one waiting for review included: what an editor's
    form starts from."""
    return les.history.aggregate(nummer=Max("versie"))["nummer"] or les.versie


def werkversies(les_id):
    """The versions of the change waiting for review on the lesson `les_id`, newest first."""
    return Les.history.filter(id=les_id, in_afwachting=True).order_by("-versie")


def werkversie(les):
    """The newest version of the change waiting for review on a published lesson, or None. (Kept on
    `les`, as the form, its inlines and the notice all ask.)"""
    if not hasattr(les, "_werkversie"):
        les._werkversie = werkversies(les.pk).first()
    return les._werkversie


def met_inhoud_van(les, versie):
    """A copy of `les` (not saved) holding what `versie` held: what the form shows of a change waiting
    for review, and what publishing it writes. Its status, checks and version number stay the lesson's.
    Returns it with the relations (keyword arguments of `les_opslaan`) and what no longer exists."""
    kopie = Les.objects.get(pk=les.pk)
    for field in INHOUD:
        setattr(kopie, field, getattr(versie, field))
    relaties, niet_hersteld = _relaties_van(versie)
    return kopie, relaties, niet_hersteld


# The lesson's own columns an edit changes, as versions hold them. (The check against the source is
# recorded by `gecontroleerd`, at once; the status only by the review below.)
INHOUD = ["titel", "titel_beschrijvend", "slug", "samenvatting", "tekst", "soort", "kennissoort", "ouder_id"]


@transaction.atomic
def les_bewerken(
    *,
    les,
    themas=None,
    tags=None,
    vermeldingen=None,
    verbanden=None,
    redacteur=None,
    reden="",
    basisversie=None,
):
    """The editors' save (the admin's form, restoring a version). A lesson not published is saved as
    `les_opslaan` does. An edit to a published lesson changes nothing readers see: it is kept as a
    version waiting for review (`in_afwachting`), with its relations as given, until a final editor
    who made none of it publishes it (`publiceren`). Its status is that of the change before it
    (concept, or ter beoordeling once offered)."""
    if les._state.adding:
        return les_opslaan(
            les=les, themas=themas, tags=tags, vermeldingen=vermeldingen, verbanden=verbanden,
            redacteur=redacteur, reden=reden,
        )  # fmt: skip
    live = Les.objects.select_for_update().get(pk=les.pk)
    if not live.is_published:
        return les_opslaan(
            les=les, themas=themas, tags=tags, vermeldingen=vermeldingen, verbanden=verbanden,
            redacteur=redacteur, reden=reden, basisversie=basisversie,
        )  # fmt: skip
    nieuwste = nieuwste_versie(live)
    if basisversie is not None and basisversie != nieuwste:
        raise BewerkingsConflict(f"Les {les.pk} is gewijzigd sinds versie {basisversie}.")
    vorige = werkversie(live)
    relaties = {
        "themas": list(themas) if themas is not None else [t for t in live.themas.all()],
        "tags": list(tags) if tags is not None else [t.name for t in live.tags.all()],
        "vermeldingen": vermeldingen
        if vermeldingen is not None
        else list(live.vermeldingen.select_related("bron")),
        "verbanden": verbanden if verbanden is not None else list(live.verbanden.select_related("naar")),
    }
    _write_version(
        les,
        "~",
        redacteur=redacteur,
        reden=reden,
        relaties=relaties,
        versie=nieuwste + 1,
        status=vorige.status if vorige else Les.Status.CONCEPT,
        tekst_html=wikilinks.render(les)[0],
        in_afwachting=True,
        history_date=timezone.now(),
    )
    return les


# The editorial workflow: concept → ter beoordeling → gepubliceerd, for a new lesson and for a change
# to a published one alike. A Redacteur writes, edits and offers; an Eindredacteur (permission
# lessen.publish_les) publishes what others wrote, sends it back with a remark, takes lessons offline.

PUBLISH = "lessen.publish_les"
AANGEBODEN = "Aangeboden ter beoordeling"
TERUGGESTUURD = "Teruggestuurd met opmerking"


def wat_ontbreekt(les, versie=None):
    """What a lesson (or its change waiting for review, `versie`) still lacks before it can be offered
    or published, in an editor's words."""
    inhoud = versie or les
    ontbreekt = []
    if not inhoud.samenvatting.strip():
        ontbreekt.append("een samenvatting")
    if not inhoud.tekst.strip():
        ontbreekt.append("een tekst")
    if not inhoud.kennissoort:
        ontbreekt.append("de kennissoort")
    if versie is not None:
        heeft_thema = bool(versie.themas_snapshot)
        heeft_bron = any(v["locator"] for v in versie.vermeldingen_snapshot)
    else:
        heeft_thema = not les._state.adding and les.themas.exists()
        heeft_bron = not les._state.adding and les.vermeldingen.exclude(locator="").exists()
    if not heeft_thema:
        ontbreekt.append("een thema")
    if not heeft_bron:
        ontbreekt.append("een bron met vindplaats")
    return ontbreekt


def beoordelingsstatus(les):
    """Where the lesson's change stands: concept, ter beoordeling, or gepubliceerd (nothing waits)."""
    versie = werkversie(les) if les.is_published else None
    return versie.status if versie else les.status


def auteurs_van_de_wijziging(les):
    """Who made the change a final editor approves: who saved the versions waiting for review, or
    for a lesson not published, the versions since it was last published (all if it never was).
    Sending a lesson back with a remark is no part of it. None stands for a script."""
    if les.is_published:
        sinds = les.history.filter(in_afwachting=True)
    else:
        laatst = les.history.filter(status=Les.Status.GEPUBLICEERD).order_by("-versie").values("versie")[:1]
        sinds = les.history.all() if not laatst else les.history.filter(versie__gt=laatst[0]["versie"])
    sinds = sinds.exclude(history_change_reason=TERUGGESTUURD).order_by("versie")
    ids = dict.fromkeys(sinds.values_list("history_user_id", flat=True))
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=[i for i in ids if i])}
    return [users.get(i) for i in ids]


def _niet_compleet(les, wat, versie=None):
    ontbreekt = wat_ontbreekt(les, versie)
    if ontbreekt:
        raise NietToegestaan(
            f"‘{les.titel}’ kan nog niet {wat} worden. Er ontbreekt: {', '.join(ontbreekt)}."
        )


def _status_van_de_wijziging(les, versie, *, redacteur, reden, status, opmerking=""):
    """A version waiting for review that is `versie` with another status: offered, or sent back."""
    Les.objects.select_for_update().filter(pk=les.pk).exists()  # one change of status at a time
    velden = {
        field.attname: getattr(versie, field.attname)
        for field in Les.history.model._meta.fields
        if field.attname not in ("history_id", "history_user_id")
    }
    velden.update(
        versie=nieuwste_versie(les) + 1,
        status=status,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reden,
        redacteur_naam=_publieke_naam(redacteur, zonder=""),
        opmerking=opmerking,
    )
    les._werkversie = Les.history.model.objects.create(**velden, history_user=redacteur)
    return les


@transaction.atomic
def ter_beoordeling_aanbieden(*, les, redacteur, opmerking=""):
    """Offer a complete concept, or the change waiting on a published lesson, for review by a final
    editor: one new version, with the editor's note (`opmerking`)."""
    versie = werkversie(les) if les.is_published else None
    if les.is_published and versie is None:
        raise NietToegestaan(f"‘{les.titel}’ is gepubliceerd en er wacht geen wijziging om aan te bieden.")
    if beoordelingsstatus(les) != Les.Status.CONCEPT:
        raise NietToegestaan(
            f"‘{les.titel}’ is geen concept (status: {Les.Status(beoordelingsstatus(les)).label.lower()})."
        )
    _niet_compleet(les, "aangeboden", versie)
    transaction.on_commit(
        lambda: berichten.aangeboden(
            les, door=_publieke_naam(redacteur), afzender=redacteur, opmerking=opmerking
        )
    )
    if versie is not None:
        return _status_van_de_wijziging(
            les, versie, redacteur=redacteur, reden=AANGEBODEN, status=Les.Status.TER_BEOORDELING,
            opmerking=opmerking,
        )  # fmt: skip
    les.status = Les.Status.TER_BEOORDELING
    return les_opslaan(les=les, redacteur=redacteur, reden=AANGEBODEN, opmerking=opmerking)


def _mag_beoordelen(les, redacteur, wat, gedaan):
    if not redacteur.has_perm(PUBLISH):
        raise NietToegestaan(f"‘{les.titel}’: alleen een eindredacteur kan een les {wat}.")
    status = beoordelingsstatus(les)
    if status != Les.Status.TER_BEOORDELING:
        raise NietToegestaan(
            f"‘{les.titel}’ staat niet ter beoordeling (status: {Les.Status(status).label.lower()}); "
            f"alleen een aangeboden les kan worden {gedaan}."
        )


@transaction.atomic
def publiceren(*, les, redacteur, versie=None):
    """Publish a lesson under review, approved by `redacteur`: a final editor who did not make the
    change (see `auteurs_van_de_wijziging`). The new version keeps who approved it.

    `versie` is the number of the version the final editor reviewed: if another was saved since, it
    is refused, as that one has not been seen. A change waiting on a published lesson is written into
    the rows readers read; only now do its page, search, feeds and the API show it."""
    les = Les.objects.select_for_update().get(pk=les.pk)
    _mag_beoordelen(les, redacteur, "publiceren", "gepubliceerd")
    wijziging = werkversie(les) if les.is_published else None
    bekeken = wijziging.versie if wijziging else les.versie
    if versie is not None and versie != bekeken:
        raise NietToegestaan(
            f"‘{les.titel}’ is opnieuw opgeslagen (versie {bekeken}) nadat u versie {versie} opende. "
            "Er is niets gepubliceerd; bekijk eerst wat er veranderde."
        )
    _niet_compleet(les, "gepubliceerd", wijziging)
    auteurs = auteurs_van_de_wijziging(les)
    if redacteur in auteurs:
        raise NietToegestaan(
            f"‘{les.titel}’: u heeft zelf aan deze versie gewerkt. Een andere eindredacteur moet haar "
            "goedkeuren."
        )
    relaties = {}
    if wijziging is not None:
        les, relaties, _ = met_inhoud_van(les, wijziging)
        les.history.filter(in_afwachting=True).update(in_afwachting=False)
        les._werkversie = None
    transaction.on_commit(
        lambda: berichten.gepubliceerd(les, door=_publieke_naam(redacteur), auteurs=auteurs)
    )
    les.status = Les.Status.GEPUBLICEERD
    return les_opslaan(
        les=les,
        **relaties,
        redacteur=redacteur,
        reden="Gepubliceerd na beoordeling",
        goedgekeurd=(redacteur, auteurs),
    )


@transaction.atomic
def terugsturen(*, les, redacteur, opmerking):
    """Send a lesson under review back to its authors with a remark: a final editor's "not yet". The
    lesson, or the change waiting on a published one, is a concept again; readers see no change."""
    _mag_beoordelen(les, redacteur, "terugsturen", "teruggestuurd")
    if not opmerking.strip():
        raise NietToegestaan(f"‘{les.titel}’: schrijf erbij wat er nog moet gebeuren.")
    wijziging = werkversie(les) if les.is_published else None
    auteurs = auteurs_van_de_wijziging(les)
    transaction.on_commit(
        lambda: berichten.teruggestuurd(
            les, door=_publieke_naam(redacteur), auteurs=auteurs, opmerking=opmerking
        )
    )
    if wijziging is not None:
        return _status_van_de_wijziging(
            les, wijziging, redacteur=redacteur, reden=TERUGGESTUURD, status=Les.Status.CONCEPT,
            opmerking=opmerking,
        )  # fmt: skip
    les.status = Les.Status.CONCEPT
    return les_opslaan(les=les, redacteur=redacteur, reden=TERUGGESTUURD, opmerking=opmerking)


@transaction.atomic
def naar_concept(*, les, redacteur):
    """Put a lesson back to concept: a lesson under review by anyone who edits, a published one
    (taking it offline) only by a final editor. A change waiting on it becomes the concept's content:
    nothing an editor wrote is lost."""
    if les.status == Les.Status.CONCEPT:
        raise NietToegestaan(f"‘{les.titel}’ is al een concept.")
    if les.is_published and not redacteur.has_perm(PUBLISH):
        raise NietToegestaan(
            f"‘{les.titel}’: alleen een eindredacteur kan een gepubliceerde les offline halen."
        )
    reden = "Offline gehaald" if les.is_published else "Teruggezet naar concept"
    relaties = {}
    wijziging = werkversie(les) if les.is_published else None
    if wijziging is not None:
        les, relaties, _ = met_inhoud_van(les, wijziging)
        les.history.filter(in_afwachting=True).update(in_afwachting=False)
        les._werkversie = None
    les.status = Les.Status.CONCEPT
    return les_opslaan(les=les, **relaties, redacteur=redacteur, reden=reden)


HERZIEN_NA = 365  # days: a lesson checked against its source is due again a year later


@transaction.atomic
def gecontroleerd(*, les, redacteur, op=None):
    """Record that `redacteur` checked the lesson against its source today (or `op`): one new version,
    with its reason, and the next review a year later. It is no change of content: it shows at once,
    and a change waiting for review keeps waiting."""
    op = op or timezone.localdate()
    les.gecontroleerd_op = op
    les.gecontroleerd_door = _publieke_naam(redacteur)
    les.herzien_voor = op + timedelta(days=HERZIEN_NA)
    return les_opslaan(les=les, redacteur=redacteur, reden="Gecontroleerd tegen de bron")


def mag_verwijderen(les, redacteur):
    """Deleting a published lesson takes it offline: for a final editor. A Redacteur deletes only a
    concept they began themselves that was never published."""
    if redacteur is None or redacteur.has_perm(PUBLISH):
        return True
    versies = les.history.order_by("versie")
    eerste = versies.values_list("history_user_id", flat=True).first()
    return (
        les.status == Les.Status.CONCEPT
        and eerste == redacteur.pk
        and not versies.filter(status=Les.Status.GEPUBLICEERD).exists()
    )


@transaction.atomic
def lessen_verwijderen(*, lessen, redacteur=None, reden=""):
    """Delete lessons. Each keeps its versions, the last one recording the deletion (with its
    relations as they were, and `reden`, which "Controleer uw verwijzingen" shows), so that its
    addresses answer 410. Links to them in other lessons' bodies no longer lead there; a lesson that
    made a relation with one gets a version without it, whose reason names the deleted lesson only
    if it was published (a draft's title is never public). All or none: a lesson `redacteur` may not
    delete (`mag_verwijderen`) refuses them all."""
    lessen = list(lessen)
    geweigerd = [f"‘{les.titel}’" for les in lessen if not mag_verwijderen(les, redacteur)]
    if geweigerd:
        raise NietToegestaan(
            f"Alleen een eindredacteur kan {', '.join(geweigerd)} verwijderen: een redacteur verwijdert "
            "alleen een eigen concept dat nooit gepubliceerd was. Er is niets verwijderd."
        )
    les_ids, linking, vervallen = [], set(), {}
    voor = related.voor_wijziging([les.pk for les in lessen])
    getelde = counts.what_lessons_carry([les.pk for les in lessen])
    for les in lessen:
        _write_version(les, "-", redacteur=redacteur, reden=reden)
        les_ids += [les.pk, *les.verbanden.values_list("naar", flat=True)]
        for van_id in les.verbanden_hierheen.values_list("van", flat=True):
            titels = vervallen.setdefault(van_id, [])
            if les.is_published:
                titels.append(f"‘{les.titel}’")
        linking |= set(les.inkomende_links.values_list("van", flat=True))
        les.delete()
    wikilinks.rerender(linking)  # a deleted lesson among them is gone and skipped
    update_search_index([*les_ids, *linking])
    related.bijwerken([*les_ids, *linking], voor=voor)
    counts.na_wijziging([], voor=getelde)
    for les in Les.objects.filter(pk__in=vervallen):
        titels = vervallen[les.pk]
        waarom = (
            ""  # only drafts: nothing the public saw changed
            if not titels
            else f"Verband met {titels[0]} vervallen: die les is verwijderd"
            if len(titels) == 1
            else f"Verbanden met {', '.join(titels)} vervallen: die lessen zijn verwijderd"
        )
        les_opslaan(les=les, redacteur=redacteur, reden=Truncator(waarom).chars(300))


@transaction.atomic
def versie_herstellen(*, les, nummer, redacteur=None):
    """Put version `nummer` back as the newest version (a revert is a new version, never a rewind).

    Returns the citations and relations that could not be restored because their source or other
    lesson no longer exists. The lesson keeps its status: restoring brings back content, never
    publishes or takes offline. On a published lesson it is a change like any other: it waits for
    review (`les_bewerken`)."""
    oud = les.history.get(versie=nummer)
    for field in INHOUD:
        setattr(les, field, getattr(oud, field))
    relaties, niet_hersteld = _relaties_van(oud)
    les_bewerken(les=les, **relaties, redacteur=redacteur, reden=f"Teruggezet naar versie {nummer}")
    return niet_hersteld


def _relaties_van(versie):
    """What a version held of the lesson's relations, as arguments for `les_opslaan`, and those that
    no longer exist (a source deleted, another lesson deleted) in an editor's words. A citation or
    relation the lesson still has is the same row, changed where the version differs: it keeps its
    number."""
    bronnen = Bron.objects.in_bulk([v["bron_slug"] for v in versie.vermeldingen_snapshot], field_name="slug")
    opgeslagen = {(v.bron_id, v.locator): v for v in Vermelding.objects.filter(les_id=versie.id)}
    vermeldingen, niet_hersteld = [], []
    for volgorde, v in enumerate(versie.vermeldingen_snapshot, 1):
        if v["bron_slug"] not in bronnen:
            niet_hersteld.append(f"{v['bron']}, {v['locator']}")
            continue
        bron = bronnen[v["bron_slug"]]
        vermelding = opgeslagen.get((bron.pk, v["locator"])) or Vermelding(bron=bron, locator=v["locator"])
        vermelding.titel_in_bron, vermelding.citaat = v["titel_in_bron"], v["citaat"]
        vermelding.volgorde = v.get("volgorde", volgorde)
        vermeldingen.append(vermelding)
    bestaand = Les.objects.in_bulk([v["les"] for v in versie.verbanden_snapshot])
    opgeslagen = {v.naar_id: v for v in Verband.objects.filter(van_id=versie.id)}
    verbanden = []
    for v in versie.verbanden_snapshot:
        if v["les"] in bestaand:
            verband = opgeslagen.get(v["les"]) or Verband(naar=bestaand[v["les"]])
            verband.soort, verband.toelichting = v["soort"], v["toelichting"]
            verbanden.append(verband)
    niet_hersteld += [
        f"{Verband.Soort(v['soort']).label} {v['titel']}"
        for v in versie.verbanden_snapshot
        if v["les"] not in bestaand
    ]
    relaties = {
        "themas": Thema.objects.filter(slug__in=[t["slug"] for t in versie.themas_snapshot]),
        "tags": versie.tags_snapshot,
        "vermeldingen": vermeldingen,
        "verbanden": verbanden,
    }
    return relaties, niet_hersteld


def plaats_in_bron_bijwerken(*, les_ids=None):
    """Store these lessons' first place in a source (all lessons with `None`): after their citations
    change, or a source's title or place in its bundle. One UPDATE."""
    lessen = Les.objects.all() if les_ids is None else Les.objects.filter(pk__in=les_ids)
    plaats = first_place(Vermelding.objects.all())
    lessen.update(
        plaats_bron=plaats["eerste_bron"], plaats_essay=plaats["eerste_essay"], plaats=plaats["eerste_plaats"]
    )


def rebuild_derived():
    """After content was written past the services (loaddata, restore, generated lessons): what the
    services keep of it, worked out afresh: first places in sources, related lessons and counts."""
    plaats_in_bron_bijwerken()
    related.alles_opnieuw()
    counts.alles_opnieuw()


def keep_only(rows, queryset, **parent):
    """Make `queryset` (the rows of one parent) hold exactly `rows`: the others are deleted, these saved."""
    queryset.exclude(pk__in=[row.pk for row in rows if row.pk]).delete()
    for row in rows:
        for name, value in parent.items():
            setattr(row, name, value)
        row.save()


def _publieke_naam(user, zonder="redactie"):
    naam = PubliekeNaam.objects.filter(user=user).values_list("naam", flat=True).first() if user else None
    return naam or zonder


def _write_version(les, history_type, *, redacteur, reden, goedgekeurd=None, relaties=None, **velden):
    """A copy of the lesson as saved, with its relations as stored now and the editor's public name.

    A version approved by a final editor names who approved it, and as its editors the authors of
    the change approved (its first public version would otherwise name only the approver). A version
    waiting for review is not stored in the lesson's rows: its `relaties` (themas, tags, vermeldingen,
    verbanden, as les_opslaan takes them) and `velden` (its number, status) are given."""
    if relaties is None:
        stored = Les.objects.prefetch_related(
            "themas", "tags", "vermeldingen__bron__bronauteurs__auteur", "verbanden__naar"
        ).get(pk=les.pk)
        relaties = {
            "themas": stored.themas.all(),
            "tags": [tag.name for tag in stored.tags.all()],
            "vermeldingen": stored.vermeldingen.all(),
            "verbanden": stored.verbanden.all(),
        }
    if goedgekeurd:
        goedkeurder, auteurs = goedgekeurd
        namen = ", ".join(dict.fromkeys(_publieke_naam(auteur) for auteur in auteurs))
        # Never "door redactie · goedgekeurd door redactie": an approver without a public name is
        # "eindredactie" (create_editor asks every editor for a public name).
        velden.update(
            redacteur_naam=namen[:100], goedgekeurd_door=_publieke_naam(goedkeurder, zonder="eindredactie")
        )
    else:
        velden.setdefault("redacteur_naam", _publieke_naam(redacteur, zonder=""))
    Les.history.model.objects.create(
        **{
            **{field.attname: getattr(les, field.attname) for field in LES_HISTORIE.fields_included(les)},
            # A version is dated when its lesson was saved, the date its citations give (Citaat.datum),
            # so that a Memento-Datetime or a Robust Link's data-versiondate names exactly this version;
            # a version waiting for review, which saves no lesson, when it was written.
            "history_date": timezone.now() if history_type == "-" else les.gewijzigd,
            **velden,
        },
        history_type=history_type,
        history_user=redacteur,
        history_change_reason=reden,
        themas_snapshot=[{"slug": t.slug, "naam": t.naam} for t in relaties["themas"]],
        tags_snapshot=sorted(set(relaties["tags"])),
        vermeldingen_snapshot=[
            {
                "bron": v.bron.titel,
                "bron_slug": v.bron.slug,
                "locator": v.locator,
                "titel_in_bron": v.titel_in_bron,
                "citaat": v.citaat,
                "volgorde": v.volgorde,
                "auteurs": [auteur.naam for auteur in v.bron.geordende_auteurs],
            }
            for v in sorted(relaties["vermeldingen"], key=lambda v: v.volgorde)
        ],
        verbanden_snapshot=[
            {"les": v.naar_id, "titel": v.naar.titel, "soort": v.soort, "toelichting": v.toelichting}
            for v in relaties["verbanden"]
        ],
    )


# What lessons carry; the names of their sources, authors and tags are in their search text ----------


@transaction.atomic
def thema_opslaan(*, thema):
    """Save a theme; a changed slug keeps answering. (A theme is not in its lessons' search text.)"""
    save_keeping_old_slug(thema)
    return thema


@transaction.atomic
def themas_verwijderen(*, themas):
    """Delete themes; their pages answer 410, and their lessons' related lessons no longer count them."""
    themas = list(themas)
    les_ids = set(Les.themas.through.objects.filter(thema__in=themas).values_list("les_id", flat=True))
    voor = related.voor_wijziging(les_ids)
    thema_ids = [thema.pk for thema in themas]
    for thema in themas:
        delete_keeping_address(thema)
    related.bijwerken(les_ids, voor=voor)
    counts.bijwerken(themas=thema_ids)


@transaction.atomic
def tag_opslaan(*, tag, items=None):
    """Save a tag and (optionally) what it tags: `items` (TaggedItem objects, stored or new) are
    its taggings after the edit. The lessons it tagged before and tags now are reindexed."""
    getagd = set() if tag._state.adding else lesson_ids_mentioning(tags=[tag])
    save_keeping_old_slug(tag)
    if items is not None:
        keep_only(items, TaggedItem.objects.filter(tag=tag), tag=tag)
    getagd |= lesson_ids_mentioning(tags=[tag])
    update_search_index(getagd)
    related.bijwerken(getagd)
    counts.bijwerken(tags=[tag.pk])
    return tag


@transaction.atomic
def tags_verwijderen(*, tags):
    """Delete tags; the lessons they tagged are no longer found by them, and their pages answer 410."""
    getagd = lesson_ids_mentioning(tags=tags)
    tags = list(tags)
    tag_ids = [tag.pk for tag in tags]
    for tag in tags:
        delete_keeping_address(tag)
    update_search_index(getagd)
    related.bijwerken(getagd)
    counts.bijwerken(tags=tag_ids)


@transaction.atomic
def tags_samenvoegen(*, tags, naam):
    """Put everything tagged with `tags` under the tag named `naam` (made if it does not exist); the
    other tags go, their pages answering 301 to its page. Returns the tag merged into."""
    doel, _ = Tag.objects.get_or_create(name=naam)
    getagd = lesson_ids_mentioning(tags=tags)
    al = TaggedItem.objects.filter(tag=doel)
    for item in TaggedItem.objects.filter(tag__in=tags).exclude(tag=doel):
        if al.filter(content_type_id=item.content_type_id, object_id=item.object_id).exists():
            item.delete()  # it carries the tag merged into already
        else:
            item.tag = doel
            item.save()
    for tag in Tag.objects.filter(pk__in=[tag.pk for tag in tags]).exclude(pk=doel.pk):
        delete_keeping_address(tag, into=doel)
    update_search_index(getagd)
    related.bijwerken(getagd)
    counts.bijwerken(tags=[doel.pk, *(tag.pk for tag in tags)])
    return doel
