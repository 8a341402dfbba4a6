"""How many published lessons each theme, source, author and tag has, and how many there are in
all: kept in the database (`Telling`) by the services, so that the home page and the lists of
themes, sources, authors and tags read them in one query instead of counting the library.

The services call `bijwerken` with what a change touched (a lesson's themes, sources and tags
before and after it; a source; a tag): only those counts are made again, each a `Count` over
that one theme's, source's, author's or tag's links, plus the total. `alles_opnieuw` counts
everything (after loading content past the services).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from bronnen.models import Bron, BronAuteur

from .models import Les, Telling, Vermelding

S = Telling.Soort


def counted(soort, *, most=None):
    """{id: aantal} of the themes, sources, authors or tags (`soort`) that have published lessons;
    with `most`, only those with at least the `most`-th highest count (ties included)."""
    rows = Telling.objects.filter(soort=soort)
    if most is not None:
        lowest = rows.order_by("-aantal").values_list("aantal", flat=True)[most - 1 : most]
        rows = rows.filter(aantal__gte=Coalesce(Subquery(lowest), 0))
    return dict(rows.values_list("waarde", "aantal"))


def published_total():
    return Telling.objects.filter(soort=S.LESSEN).values_list("aantal", flat=True).first() or 0


def _published():
    return Les.objects.published().values("pk")


def _count(soort, links, value, counted, ids):
    """Count `links` (rows linking a value to a lesson) per `value`, for these ids (all: None)."""
    links = links if ids is None else links.filter(**{f"{value}__in": ids})
    if ids is not None and not ids:
        return
    aantallen = dict(links.values_list(value).annotate(n=counted).order_by())
    stored = Telling.objects.filter(soort=soort)
    (stored if ids is None else stored.filter(waarde__in=ids)).delete()
    Telling.objects.bulk_create(
        [Telling(soort=soort, waarde=waarde, aantal=n) for waarde, n in aantallen.items() if waarde and n],
        batch_size=500,
    )


def bijwerken(*, themas=(), bronnen=(), tags=(), auteurs=(), alle=False):
    """Count again these themes, sources (their bundles and authors too), authors and tags, and the
    total; with `alle`, everything."""
    ids = (lambda values: None) if alle else set
    bronnen = set(bronnen)
    auteurs = set(auteurs) | set(
        BronAuteur.objects.filter(bron__in=bronnen).values_list("auteur_id", flat=True)
    )
    bundels = bronnen | set(
        Bron.objects.filter(pk__in=bronnen, onderdeel_van__isnull=False).values_list(
            "onderdeel_van_id", flat=True
        )
    )
    gepubliceerd = _published()
    themas_links = Les.themas.through.objects.filter(les__in=gepubliceerd)
    vermeldingen = Vermelding.objects.filter(les__in=gepubliceerd)
    les_type = ContentType.objects.get_for_model(Les)
    getagd = TaggedItem.objects.filter(content_type=les_type, object_id__in=gepubliceerd)
    distinct = Count("les", distinct=True)
    _count(S.THEMA, themas_links, "thema", Count("les"), ids(themas))
    bundel = Coalesce("bron__onderdeel_van", "bron")
    _count(S.BRON, vermeldingen.annotate(bundel=bundel), "bundel", distinct, ids(bundels))
    _count(S.BRON_EIGEN, vermeldingen, "bron", distinct, ids(bronnen))
    _count(S.AUTEUR, vermeldingen, "bron__bronauteurs__auteur", distinct, ids(auteurs))
    _count(S.TAG, getagd, "tag", Count("object_id"), ids(tags))
    Telling.objects.update_or_create(
        soort=S.LESSEN, waarde=0, defaults={"aantal": Les.objects.published().count()}
    )


def what_lessons_carry(les_ids):
    """(themes, sources, tags) of these lessons: what a change to them touches, read before and after."""
    les_type = ContentType.objects.get_for_model(Les)
    return (
        set(Les.themas.through.objects.filter(les__in=les_ids).values_list("thema_id", flat=True)),
        set(Vermelding.objects.filter(les__in=les_ids).values_list("bron_id", flat=True)),
        set(
            TaggedItem.objects.filter(content_type=les_type, object_id__in=les_ids).values_list(
                "tag_id", flat=True
            )
        ),
    )


def na_wijziging(les_ids, *, voor):
    """After a change to these lessons (their status, themes, sources or tags), with `voor` what
    `what_lessons_carry` read before it."""
    themas, bronnen, tags = what_lessons_carry(les_ids)
    bijwerken(themas=themas | voor[0], bronnen=bronnen | voor[1], tags=tags | voor[2])


def alles_opnieuw():
    bijwerken(alle=True)
