"""Discovery: related lessons, the themes × sources overview, and a theme's sources side by side.

Reads, like selectors.py, each fetching what its page shows.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from taggit.models import TaggedItem

from bronnen.models import Bron

from .models import Les, Vermelding, Wikilink, sees_drafts
from .selectors import PUBLISHED, bron_auteurs, bron_counts, thema_list, verbanden_per_les

RELATED_WEIGHTS = {"links": 4, "tags": 3, "themas": 2, "bronnen": 1}
RELATED_PER_SHARE = 100  # candidates from one shared theme or source: its newest lessons


def verwante_lessen(les, *, user=None, limit=5):
    """Lessons sharing the most tags, themes and sources with `les`, or linked with it, in one query.

    Uses the relations prefetched on `les` (les_detail). The candidates are every lesson that
    shares a tag or a link, and the RELATED_PER_SHARE newest lessons of each theme and source it
    shares (a theme can hold thousands; a tag is the stronger sign). Each candidate's shared tags,
    themes, sources and links are then counted on the link tables, so the cost follows the
    candidates, not the library. Equal scores go by lesson number (oldest first). Each lesson found
    carries its reasons (gelinkt, gedeelde_tags, gedeelde_themas, gedeelde_bronnen).
    """

    def placeholders(ids):
        return ", ".join(["%s"] * len(ids))

    tag_ids = [t.pk for t in les.tags.all()]
    thema_ids = [t.pk for t in les.themas.all()]
    bron_ids = sorted({v.bron_id for v in les.vermeldingen.all()})
    wikilink = Wikilink._meta.db_table
    tagged, les_themas = TaggedItem._meta.db_table, Les.themas.through._meta.db_table
    vermelding = Vermelding._meta.db_table
    tag_type = ContentType.objects.get_for_model(Les).pk
    # `+content_type_id`: look tags up by tag (its index), not all lessons' tags by content type.
    shares_a_tag = f"FROM {tagged} WHERE +content_type_id = %s AND tag_id IN ({placeholders(tag_ids)})"
    candidates = [
        f"SELECT naar_id AS les_id FROM {wikilink} WHERE van_id = %s AND naar_id IS NOT NULL",
        f"SELECT van_id FROM {wikilink} WHERE naar_id = %s",
        *([f"SELECT object_id {shares_a_tag}"] if tag_ids else []),
    ]
    candidate_params = [les.pk, les.pk, *([tag_type, *tag_ids] if tag_ids else [])]
    for n, thema_id in enumerate(thema_ids):
        candidates.append(
            f"SELECT les_id FROM (SELECT les_id FROM {les_themas} WHERE thema_id = %s "
            f"ORDER BY les_id DESC LIMIT %s) AS thema_{n}"
        )
        candidate_params += [thema_id, RELATED_PER_SHARE]
    for n, bron_id in enumerate(bron_ids):
        candidates.append(
            f"SELECT les_id FROM (SELECT DISTINCT les_id FROM {vermelding} WHERE bron_id = %s "
            f"ORDER BY les_id DESC LIMIT %s) AS bron_{n}"
        )
        candidate_params += [bron_id, RELATED_PER_SHARE]
    # Per candidate, what it shares with `les`: each a lookup by lesson number on an index.
    counts, count_params = (
        [
            f"CASE WHEN EXISTS (SELECT 1 FROM {wikilink} WHERE van_id = %s AND naar_id = k.les_id) "
            f"OR EXISTS (SELECT 1 FROM {wikilink} WHERE van_id = k.les_id AND naar_id = %s) "
            "THEN 1 ELSE 0 END AS gelinkt"
        ],
        [les.pk, les.pk],
    )
    tag_rows = (f"{tagged} WHERE content_type_id = %s AND object_id", [tag_type], "tag_id")
    shared = [  # (column, ids of `les`, counted, (rows of a lesson, their params, the id column))
        ("gedeelde_tags", tag_ids, "COUNT(*)", tag_rows),
        ("gedeelde_themas", thema_ids, "COUNT(*)", (f"{les_themas} WHERE les_id", [], "thema_id")),
        (
            "gedeelde_bronnen",
            bron_ids,
            "COUNT(DISTINCT bron_id)",
            (f"{vermelding} WHERE les_id", [], "bron_id"),
        ),
    ]
    for name, ids, counted, (rows, rows_params, id_column) in shared:
        if not ids:
            counts.append(f"0 AS {name}")
            continue
        counts.append(
            f"(SELECT {counted} FROM {rows} = k.les_id AND {id_column} IN ({placeholders(ids)})) AS {name}"
        )
        count_params += [*rows_params, *ids]
    # Les.objects.visible_to(user), on the lessons found only.
    shown, shown_params = ["l.id <> %s"], [les.pk]
    if not sees_drafts(user):
        shown.append("l.status = %s")
        shown_params.append(PUBLISHED)
    w = RELATED_WEIGHTS
    # The best ones are chosen on their numbers alone (and status, from an index); only they are read.
    sql = f"""
        WITH kandidaten AS MATERIALIZED ({" UNION ".join(candidates)}),
        telling AS MATERIALIZED (SELECT k.les_id, {", ".join(counts)} FROM kandidaten AS k)
        SELECT l.*, top.gelinkt, top.gedeelde_tags, top.gedeelde_themas, top.gedeelde_bronnen
        FROM (
            SELECT k.*, {w["links"]} * k.gelinkt + {w["tags"]} * k.gedeelde_tags
                        + {w["themas"]} * k.gedeelde_themas + {w["bronnen"]} * k.gedeelde_bronnen AS score
            FROM telling AS k
            JOIN {Les._meta.db_table} AS l ON l.id = k.les_id
            WHERE {" AND ".join(shown)}
            ORDER BY score DESC, k.les_id
            LIMIT %s
        ) AS top
        JOIN {Les._meta.db_table} AS l ON l.id = top.les_id
        ORDER BY top.score DESC, top.les_id
    """
    return list(Les.objects.raw(sql, [*candidate_params, *count_params, *shown_params, limit]))


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
    aantallen = bron_counts(Les.objects.published().values("pk"))
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
    counts = {(pair["thema_id"], pair["top_bron"]): pair["aantal"] for pair in pairs}
    most = max(counts.values(), default=0)

    def cell(thema, bron):
        aantal = counts.get((thema.pk, bron.pk), 0)
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
