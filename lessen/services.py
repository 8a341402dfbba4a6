"""Writes that touch more than one row: a lesson with its relations and its version, atomically."""

from django.db import transaction

from bronnen.models import Bron

from .models import Thema, Vermelding
from .search import update_search_index


@transaction.atomic
def les_opslaan(*, les, themas=None, tags=None, vermeldingen=None, redacteur=None, reden=""):
    """Save a lesson and (optionally) its themes, tags and citations, then write ONE version.

    `vermeldingen` is a list of dicts with bron, locator, titel_in_bron, citaat, volgorde; when
    given it replaces the lesson's citations. Raises BewerkingsConflict if the lesson was saved by
    someone else since it was loaded.
    """
    les.save_without_historical_record()
    if themas is not None:
        les.themas.set(themas)
    if tags is not None:
        les.tags.set(list(tags))
    if vermeldingen is not None:
        les.vermeldingen.all().delete()
        Vermelding.objects.bulk_create(Vermelding(les=les, **vermelding) for vermelding in vermeldingen)
    update_search_index([les.pk])  # now that tags and citations are saved too
    les.versie_vastleggen(redacteur=redacteur, reden=reden)
    return les


@transaction.atomic
def versie_herstellen(*, les, nummer, redacteur=None):
    """Put version `nummer` back as the newest version (a revert is a new version, never a rewind).

    Returns the list of citations that could not be restored because their source no longer exists.
    """
    oud = les.history.get(versie=nummer)
    for field in [
        "titel",
        "titel_beschrijvend",
        "slug",
        "samenvatting",
        "tekst",
        "soort",
        "kennissoort",
        "status",
    ]:
        setattr(les, field, getattr(oud, field))
    les.ouder_id = oud.ouder_id
    bronnen = Bron.objects.in_bulk([v["bron_slug"] for v in oud.vermeldingen_snapshot], field_name="slug")
    vermeldingen, niet_hersteld = [], []
    for volgorde, v in enumerate(oud.vermeldingen_snapshot, 1):
        if v["bron_slug"] not in bronnen:
            niet_hersteld.append(f"{v['bron']}, {v['locator']}")
            continue
        vermeldingen.append(
            {
                "bron": bronnen[v["bron_slug"]],
                "locator": v["locator"],
                "titel_in_bron": v["titel_in_bron"],
                "citaat": v["citaat"],
                "volgorde": v.get("volgorde", volgorde),
            }
        )
    les_opslaan(
        les=les,
        themas=Thema.objects.filter(slug__in=[t["slug"] for t in oud.themas_snapshot]),
        tags=oud.tags_snapshot,
        vermeldingen=vermeldingen,
        redacteur=redacteur,
        reden=f"Teruggezet naar versie {nummer}",
    )
    return niet_hersteld
