"""Writes that touch more than one row, each in one transaction: a lesson with its relations, links,
search text and ONE new version; a theme, source, author or tag with its old address and the search
text of its lessons. No signal or `save()` override does any of this: the admin and scripts call these.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from taggit.models import Tag, TaggedItem

from bronnen.models import Bron
from omleidingen.models import delete_keeping_address, save_keeping_old_slug
from zoeken.search import lesson_ids_mentioning, update_search_index

from . import wikilinks
from .models import LES_HISTORIE, Les, PubliekeNaam, Thema, Verband, Vermelding


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
):
    """Save a lesson and (optionally) its themes, tags, citations and relations as ONE new version.

    `vermeldingen` are the lesson's citations after the edit (Vermelding objects, stored or new);
    when given, its other citations are deleted. `verbanden`, the relations it makes with other
    lessons (Verband objects), likewise. `basisversie` is the version the editor started from
    (default: the one `les` holds); if someone saved since, BewerkingsConflict is raised and
    nothing is saved. `goedgekeurd` is for `publiceren`: (the final editor, the authors approved).
    """
    basis = les.versie if basisversie is None else basisversie
    if not les._state.adding and not Les.objects.filter(pk=les.pk, versie=basis).update(versie=basis + 1):
        raise BewerkingsConflict(f"Les {les.pk} is gewijzigd sinds versie {basis}.")
    les.versie = basis + 1
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
    _write_version(
        les, "+" if les.versie == 1 else "~", redacteur=redacteur, reden=reden, goedgekeurd=goedgekeurd
    )
    return les


# The editorial workflow: concept → ter beoordeling → gepubliceerd. A Redacteur writes, edits and
# submits; an Eindredacteur (permission lessen.publish_les) publishes what others wrote and takes
# lessons offline. Edits to a lesson already published go live at once (les_opslaan): see README.

PUBLISH = "lessen.publish_les"


def wat_ontbreekt(les):
    """What a lesson still lacks before it can be submitted or published, in an editor's words."""
    ontbreekt = []
    if not les.samenvatting.strip():
        ontbreekt.append("een samenvatting")
    if not les.tekst.strip():
        ontbreekt.append("een tekst")
    if not les.kennissoort:
        ontbreekt.append("de kennissoort")
    if les._state.adding or not les.themas.exists():
        ontbreekt.append("een thema")
    if les._state.adding or not les.vermeldingen.exclude(locator="").exists():
        ontbreekt.append("een bron met vindplaats")
    return ontbreekt


def auteurs_van_de_wijziging(les):
    """Who saved the versions since the lesson was last published (all its versions if it never
    was): the change a final editor approves. None stands for a script."""
    laatst = les.history.filter(status=Les.Status.GEPUBLICEERD).order_by("-versie").values("versie")[:1]
    sinds = les.history.all() if not laatst else les.history.filter(versie__gt=laatst[0]["versie"])
    ids = dict.fromkeys(sinds.order_by("versie").values_list("history_user_id", flat=True))
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=[i for i in ids if i])}
    return [users.get(i) for i in ids]


def _niet_compleet(les, wat):
    ontbreekt = wat_ontbreekt(les)
    if ontbreekt:
        raise NietToegestaan(
            f"‘{les.titel}’ kan nog niet {wat} worden. Er ontbreekt: {', '.join(ontbreekt)}."
        )


@transaction.atomic
def ter_beoordeling_aanbieden(*, les, redacteur):
    """Submit a complete concept for review by a final editor: one new version."""
    if les.status != Les.Status.CONCEPT:
        raise NietToegestaan(f"‘{les.titel}’ is geen concept (status: {les.get_status_display().lower()}).")
    _niet_compleet(les, "aangeboden")
    les.status = Les.Status.TER_BEOORDELING
    return les_opslaan(les=les, redacteur=redacteur, reden="Aangeboden ter beoordeling")


@transaction.atomic
def publiceren(*, les, redacteur):
    """Publish a lesson under review, approved by `redacteur`: a final editor who did not make the
    change (see `auteurs_van_de_wijziging`). The new version keeps who approved it."""
    if not redacteur.has_perm(PUBLISH):
        raise NietToegestaan(f"‘{les.titel}’: alleen een eindredacteur kan een les publiceren.")
    if les.status != Les.Status.TER_BEOORDELING:
        raise NietToegestaan(
            f"‘{les.titel}’ staat niet ter beoordeling (status: {les.get_status_display().lower()}); "
            "alleen een aangeboden les kan worden gepubliceerd."
        )
    _niet_compleet(les, "gepubliceerd")
    auteurs = auteurs_van_de_wijziging(les)
    if redacteur in auteurs:
        raise NietToegestaan(
            f"‘{les.titel}’: u heeft zelf aan deze versie gewerkt. Een andere eindredacteur moet haar "
            "goedkeuren."
        )
    les.status = Les.Status.GEPUBLICEERD
    return les_opslaan(
        les=les, redacteur=redacteur, reden="Gepubliceerd na beoordeling", goedgekeurd=(redacteur, auteurs)
    )


@transaction.atomic
def naar_concept(*, les, redacteur):
    """Put a lesson back to concept: a lesson under review by anyone who edits, a published one
    (taking it offline) only by a final editor."""
    if les.status == Les.Status.CONCEPT:
        raise NietToegestaan(f"‘{les.titel}’ is al een concept.")
    if les.is_published and not redacteur.has_perm(PUBLISH):
        raise NietToegestaan(
            f"‘{les.titel}’: alleen een eindredacteur kan een gepubliceerde les offline halen."
        )
    reden = "Offline gehaald" if les.is_published else "Teruggezet naar concept"
    les.status = Les.Status.CONCEPT
    return les_opslaan(les=les, redacteur=redacteur, reden=reden)


HERZIEN_NA = 365  # days: a lesson checked against its source is due again a year later


@transaction.atomic
def gecontroleerd(*, les, redacteur, op=None):
    """Record that `redacteur` checked the lesson against its source today (or `op`): one new version,
    with its reason, and the next review a year later."""
    op = op or timezone.localdate()
    les.gecontroleerd_op = op
    les.gecontroleerd_door = _publieke_naam(redacteur)
    les.herzien_voor = op + timedelta(days=HERZIEN_NA)
    return les_opslaan(les=les, redacteur=redacteur, reden="Gecontroleerd tegen de bron")


@transaction.atomic
def lessen_verwijderen(*, lessen, redacteur=None, reden=""):
    """Delete lessons. Each keeps its versions, the last one recording the deletion (with its
    relations as they were, and `reden`, which "Controleer uw verwijzingen" shows), so that its
    addresses answer 410. Links to them in other lessons' bodies no longer lead there; a lesson that
    made a relation with one gets a version without it, whose reason names the deleted lesson only
    if it was published (a draft's title is never public)."""
    les_ids, linking, vervallen = [], set(), {}
    for les in list(lessen):
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
    publishes or takes offline (that goes through review, see `publiceren`).
    """
    oud = les.history.get(versie=nummer)
    for field in ["titel", "titel_beschrijvend", "slug", "samenvatting", "tekst", "soort", "kennissoort"]:
        setattr(les, field, getattr(oud, field))
    les.ouder_id = oud.ouder_id
    bronnen = Bron.objects.in_bulk([v["bron_slug"] for v in oud.vermeldingen_snapshot], field_name="slug")
    vermeldingen, niet_hersteld = [], []
    for volgorde, v in enumerate(oud.vermeldingen_snapshot, 1):
        if v["bron_slug"] not in bronnen:
            niet_hersteld.append(f"{v['bron']}, {v['locator']}")
            continue
        vermeldingen.append(
            Vermelding(
                bron=bronnen[v["bron_slug"]],
                locator=v["locator"],
                titel_in_bron=v["titel_in_bron"],
                citaat=v["citaat"],
                volgorde=v.get("volgorde", volgorde),
            )
        )
    bestaand = Les.objects.in_bulk([v["les"] for v in oud.verbanden_snapshot])
    verbanden = [
        Verband(naar=bestaand[v["les"]], soort=v["soort"], toelichting=v["toelichting"])
        for v in oud.verbanden_snapshot
        if v["les"] in bestaand
    ]
    niet_hersteld += [
        f"{Verband.Soort(v['soort']).label} {v['titel']}"
        for v in oud.verbanden_snapshot
        if v["les"] not in bestaand
    ]
    les_opslaan(
        les=les,
        themas=Thema.objects.filter(slug__in=[t["slug"] for t in oud.themas_snapshot]),
        tags=oud.tags_snapshot,
        vermeldingen=vermeldingen,
        verbanden=verbanden,
        redacteur=redacteur,
        reden=f"Teruggezet naar versie {nummer}",
    )
    return niet_hersteld


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


def _write_version(les, history_type, *, redacteur, reden, goedgekeurd=None):
    """A copy of the lesson as saved, with its relations as stored now and the editor's public name.

    A version approved by a final editor names who approved it, and as its editors the authors of
    the change approved (its first public version would otherwise name only the approver)."""
    stored = Les.objects.prefetch_related(
        "themas", "tags", "vermeldingen__bron__bronauteurs__auteur", "verbanden__naar"
    ).get(pk=les.pk)
    if goedgekeurd:
        goedkeurder, auteurs = goedgekeurd
        namen = ", ".join(dict.fromkeys(_publieke_naam(auteur) for auteur in auteurs))
        velden = {"redacteur_naam": namen[:100], "goedgekeurd_door": _publieke_naam(goedkeurder)}
    else:
        velden = {"redacteur_naam": _publieke_naam(redacteur, zonder="")}
    Les.history.model.objects.create(
        **{field.attname: getattr(les, field.attname) for field in LES_HISTORIE.fields_included(les)},
        # A version is dated when its lesson was saved, the date its citations give (Citaat.datum), so
        # that a Memento-Datetime or a Robust Link's data-versiondate names exactly this version.
        history_date=timezone.now() if history_type == "-" else les.gewijzigd,
        history_type=history_type,
        history_user=redacteur,
        history_change_reason=reden,
        **velden,
        themas_snapshot=[{"slug": t.slug, "naam": t.naam} for t in stored.themas.all()],
        tags_snapshot=sorted(tag.name for tag in stored.tags.all()),
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
            for v in stored.vermeldingen.all()
        ],
        verbanden_snapshot=[
            {"les": v.naar_id, "titel": v.naar.titel, "soort": v.soort, "toelichting": v.toelichting}
            for v in stored.verbanden.all()
        ],
    )


# What lessons carry; the names of their sources, authors and tags are in their search text ----------


@transaction.atomic
def thema_opslaan(*, thema):
    """Save a theme; a changed slug keeps answering. (A theme is not in its lessons' search text.)"""
    save_keeping_old_slug(thema)
    return thema


@transaction.atomic
def tag_opslaan(*, tag, items=None):
    """Save a tag and (optionally) what it tags: `items` (TaggedItem objects, stored or new) are
    its taggings after the edit. The lessons it tagged before and tags now are reindexed."""
    getagd = set() if tag._state.adding else lesson_ids_mentioning(tags=[tag])
    save_keeping_old_slug(tag)
    if items is not None:
        keep_only(items, TaggedItem.objects.filter(tag=tag), tag=tag)
    update_search_index(getagd | lesson_ids_mentioning(tags=[tag]))
    return tag


@transaction.atomic
def tags_verwijderen(*, tags):
    """Delete tags; the lessons they tagged are no longer found by them, and their pages answer 410."""
    getagd = lesson_ids_mentioning(tags=tags)
    for tag in list(tags):
        delete_keeping_address(tag)
    update_search_index(getagd)


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
    return doel
