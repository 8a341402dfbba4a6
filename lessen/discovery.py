"""Discovery: related lessons, the themes × sources overview, and a theme's sources side by side.

Reads, like selectors.py, each fetching what its page shows.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber

from bronnen.models import Bron

from . import counts
from .models import Les, Telling, Vermelding, VerwanteLes, sees_drafts
from .selectors import PUBLISHED, bron_auteurs, thema_list, verbanden_per_les


def verwante_lessen(les, *, user=None):
    """The lessons most related to `les` (`lessen/related.py`), best first, each carrying its
    reasons (gelinkt, gedeelde_tags, gedeelde_themas, gedeelde_bronnen); drafts only for editors.
    Read from the lists the services keep: one query, whatever the size of the library."""
    rows = (
        VerwanteLes.objects.filter(les=les, publiek=not sees_drafts(user))
        .select_related("andere")
        .defer("andere__tekst", "andere__tekst_html")
        .order_by("-score", "andere_id")
    )
    found = []
    for row in rows:
        andere = row.andere
        for reason in ["gelinkt", "gedeelde_tags", "gedeelde_themas", "gedeelde_bronnen"]:
            setattr(andere, reason, getattr(row, reason))
        found.append(andere)
    return found


@dataclass(frozen=True)
class MatrixCell:
    bron: Bron
    aantal: int
    level: int  # 0 for none, 1 to 4 for the heat map's shade (4: the most of any cell)


@dataclass(frozen=True)
class ThemeSourceMatrix:
    bronnen: list
    rows: list  # (thema, [MatrixCell per source])


def overzicht():
    """Themes × sources that stand on their own: published lessons per pair, in three queries."""
    themas = thema_list()
    aantallen = counts.counted(Telling.Soort.BRON)
    bronnen = list(Bron.objects.public().top_level().order_by("titel"))
    for bron in bronnen:
        bron.aantal = aantallen.get(bron.pk, 0)
    pairs = (
        Les.themas.through.objects.filter(les__status=PUBLISHED)
        .annotate(top_bron=Coalesce("les__vermeldingen__bron__onderdeel_van", "les__vermeldingen__bron"))
        .values("thema_id", "top_bron")
        .annotate(aantal=Count("les_id", distinct=True))
        .order_by()
    )
    per_pair = {(pair["thema_id"], pair["top_bron"]): pair["aantal"] for pair in pairs}
    most = max(per_pair.values(), default=0)

    def cell(thema, bron):
        aantal = per_pair.get((thema.pk, bron.pk), 0)
        return MatrixCell(bron, aantal, math.ceil(4 * aantal / most) if aantal else 0)

    return ThemeSourceMatrix(bronnen, [(thema, [cell(thema, bron) for bron in bronnen]) for thema in themas])


@dataclass(frozen=True)
class SourceColumn:
    bron: Bron
    vermeldingen: list  # the first PER_COLUMN lessons, in source order: one appearance each
    aantal: int  # all of them
    versies: tuple = ()  # other versions of the source (sharing its lessons), in the same column

    @property
    def eerste(self):
        """Shown at once."""
        return self.vermeldingen[:SHOWN_FIRST]

    @property
    def gevouwen(self):
        """Folded away under "nog … lessen"."""
        return self.vermeldingen[SHOWN_FIRST:]

    @property
    def nog(self):
        return self.aantal - len(self.eerste)

    @property
    def meer(self):
        """How many are not on the page at all (the list of lessons has them)."""
        return self.aantal - len(self.vermeldingen)


PER_COLUMN = 25
SHOWN_FIRST = 3


def source_versions(bronnen, *, user=None):
    """Sources of one kind that stand on their own and share a lesson are versions of one another
    (the two versions of a lecture); a lesson that a lecture and a guide both make does not make them
    one: {source id: the id of the first of its versions, which names the
    column}. One query, returning a row per pair of such sources, whatever the size of the library."""
    top = Coalesce("bron__onderdeel_van_id", "bron_id")
    other = Coalesce("les__vermeldingen__bron__onderdeel_van_id", "les__vermeldingen__bron_id")
    gedeeld = Vermelding.objects.all()
    if not sees_drafts(user):
        gedeeld = gedeeld.filter(les__status=PUBLISHED)
    soort = Coalesce("bron__onderdeel_van__soort", "bron__soort")
    andere_soort = Coalesce("les__vermeldingen__bron__onderdeel_van__soort", "les__vermeldingen__bron__soort")
    pairs = (
        gedeeld.annotate(a=top, b=other, soort_a=soort, soort_b=andere_soort)
        .filter(a__lt=F("b"), soort_a=F("soort_b"))
        .values_list("a", "b")
        .distinct()
        .order_by()
    )
    volgorde = {bron.pk: i for i, bron in enumerate(bronnen)}
    eerste = {pk: pk for pk in volgorde}
    for a, b in pairs:  # join the two groups under the first source of both (union-find, small)
        if a not in eerste or b not in eerste:
            continue
        ra, rb = _root(eerste, a), _root(eerste, b)
        eerste[max(ra, rb, key=volgorde.get)] = min(ra, rb, key=volgorde.get)
    return {pk: _root(eerste, pk) for pk in eerste}


def _root(eerste, pk):
    while eerste[pk] != pk:
        pk = eerste[pk]
    return pk


def thema_comparison(*, thema, user=None):
    """Each source that stands on its own, with where the theme's lessons appear in it (its essays
    too), each with the lesson's title and summary. Versions of a source (source_versions) share one
    column, where a lesson in both appears once, with the place it has in each.

    At most PER_COLUMN appearances per column (a window function keeps the first ones of each),
    and the number of all its lessons, whatever the size of the library. Each appearance carries its
    lesson's relations with lessons of other sources (`verbanden`), so the columns answer each other.
    """
    bronnen = list(Bron.objects.visible_to(user).top_level().with_auteurs().order_by("titel"))
    versie_van = source_versions(bronnen, user=user)
    on_theme = Q(les__themas=thema)
    if not sees_drafts(user):
        on_theme &= Q(les__status=PUBLISHED)
    top = Coalesce("bron__onderdeel_van_id", "bron_id")
    kolom = Case(
        *(When(top_bron=pk, then=Value(eerste)) for pk, eerste in versie_van.items() if pk != eerste),
        default=F("top_bron"),
        output_field=IntegerField(),
    )
    in_source_order = [F("bron__volgorde"), F("bron__titel"), F("volgorde"), F("locator"), F("pk")]
    vermeldingen = (
        Vermelding.objects.filter(on_theme)
        .annotate(top_bron=top)
        .annotate(kolom=kolom, rang=Window(RowNumber(), partition_by=[kolom], order_by=in_source_order))
        .filter(rang__lte=PER_COLUMN)
        .select_related("les", "bron")
        .defer("les__tekst", "les__tekst_html")
        .prefetch_related(bron_auteurs())
        .order_by("kolom", *in_source_order)
    )
    counts = dict(
        Vermelding.objects.filter(on_theme)
        .annotate(top_bron=top)
        .annotate(kolom=kolom)
        .order_by()
        .values("kolom")
        .annotate(n=Count("les_id", distinct=True))
        .values_list("kolom", "n")
    )
    vermeldingen = list(vermeldingen)
    verbanden = verbanden_per_les({vermelding.les_id for vermelding in vermeldingen}, user=user)
    per_kolom, eerder = defaultdict(list), {}
    for vermelding in vermeldingen:
        vermelding.verbanden = verbanden[vermelding.les_id]
        vermelding.ook = []  # the same lesson's places in the column's other versions
        gezien = eerder.setdefault((vermelding.kolom, vermelding.les_id), vermelding)
        if gezien is vermelding:
            per_kolom[vermelding.kolom].append(vermelding)
        else:
            gezien.ook.append(vermelding)
    versies = defaultdict(list)
    for bron in bronnen:
        if versie_van[bron.pk] != bron.pk:
            versies[versie_van[bron.pk]].append(bron)
    return [
        SourceColumn(bron, per_kolom[bron.pk], counts.get(bron.pk, 0), tuple(versies[bron.pk]))
        for bron in bronnen
        if versie_van[bron.pk] == bron.pk
    ]
