"""Search facets: how many of the found lessons each theme, source, author and tag has; and where
a search looks.

Counting in the database costs a pass over every link of every found lesson, on every new search:
for a word in all of 100,000 lessons, seconds. So each worker keeps, per content stamp, which
lessons every theme, source, author and tag has (as a bit per lesson number, or as a set when they
are few), and a search's facets are counted from its found lessons in memory: a few milliseconds
at any size.

The same index knows which lessons are published and their order by title: a search narrows its
matches to the published lessons its filters allow, and puts equal matches in title order, in
memory too (SearchScope), instead of joining every match with the lessons table.

The index is read in three queries, the first time a search needs it after a change.
"""

import threading
from array import array
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from . import content_stamp
from .models import Les

FACET_SIZE = 15

# A theme, source, author or tag on more than one lesson in SPARSE_RATIO keeps its lessons as a bit
# per lesson number (an int: counting is an AND and a bit count); one on fewer as a set, which
# then takes less memory than the bits.
SPARSE_RATIO = 256

# Published lessons' places by title are an array indexed by lesson number while the highest number
# is at most PLACES_DENSITY times their count (8 bytes a number against ~100 a dict entry).
PLACES_DENSITY = 8


@dataclass(frozen=True)
class FacetOption:
    slug: str
    naam: str
    aantal: int


@dataclass(frozen=True)
class Facet:
    parameter: str  # the query parameter that narrows to an option
    label: str
    options: list


@dataclass(frozen=True)
class _Value:
    slug: str
    naam: str
    id: int
    volgorde: tuple  # the order among equal counts
    lessen: int | frozenset  # the lesson numbers: bits, or a set when they are few


@dataclass(frozen=True)
class _Index:
    values: dict  # parameter -> [_Value]
    highest: int  # the highest lesson number any value has
    places: array | dict  # each published lesson's place by title (see _places)


# parameter: label, (value id, lesson id) per link, and (id, slug, name, sort keys) per value: among
# equal counts, themes in their own order, authors by surname, the others by name
_FACETS = {
    "thema": (
        "Thema",
        "SELECT thema_id AS waarde, les_id FROM lessen_les_themas",
        "SELECT id, slug, naam, volgorde, '' FROM lessen_thema",
    ),
    "bron": (
        "Bron",  # a part counts for the source it is part of
        "SELECT COALESCE(b.onderdeel_van_id, b.id) AS waarde, v.les_id "
        "FROM lessen_vermelding AS v JOIN bronnen_bron AS b ON b.id = v.bron_id",
        "SELECT id, slug, titel, 0, '' FROM bronnen_bron",
    ),
    "auteur": (
        "Auteur",
        "SELECT a.auteur_id AS waarde, v.les_id FROM lessen_vermelding AS v "
        "JOIN bronnen_bronauteur AS a ON a.bron_id = v.bron_id",
        "SELECT id, slug, naam, 0, sorteernaam FROM bronnen_auteur",
    ),
    "tag": (
        "Tag",
        "SELECT tag_id AS waarde, object_id AS les_id FROM taggit_taggeditem "
        "WHERE content_type_id = %(tag_type)s",
        "SELECT id, slug, name, 0, '' FROM taggit_tag",
    ),
}

_index = (None, None)  # (the content stamp's etag, index) of this worker
_lock = threading.Lock()


def search_facets(les_ids, *, stamp=None):
    """Per facet, the FACET_SIZE options with the most of these lessons (ids), most first.

    `stamp`: the content stamp this request already read (see caching.public_page), if any.
    """
    index = _current_index(stamp or content_stamp.current())
    found = set(les_ids)
    bits = _bits({les_id for les_id in found if les_id <= index.highest})  # no bits beyond any value's
    facets = []
    for parameter, (label, *_) in _FACETS.items():
        counted = []
        for value in index.values[parameter]:
            if isinstance(value.lessen, int):
                aantal = (value.lessen & bits).bit_count()
            else:
                aantal = len(value.lessen & found)
            if aantal:
                counted.append((-aantal, value.volgorde, value.naam, value.slug))
        counted.sort()
        options = [FacetOption(slug, naam, -aantal) for aantal, _, naam, slug in counted[:FACET_SIZE]]
        facets.append(Facet(parameter, label, options))
    return facets


class SearchScope:
    """Where a search looks: the published lessons (never drafts) that the filters allow (model
    instances: thema, tag, bron, auteur; a source includes its parts), each with its place by title
    (equal matches come in that order)."""

    def __init__(self, *, stamp=None, **filters):
        self.stamp = stamp
        self.filters = {parameter: value for parameter, value in filters.items() if value is not None}

    def places(self, les_ids):
        """{id: place by title} of those of these lessons that are in the scope."""
        index = _current_index(self.stamp or content_stamp.current())
        places = index.places
        if isinstance(places, dict):
            kept = [les_id for les_id in les_ids if les_id in places]
        else:
            size = len(places)
            kept = [les_id for les_id in les_ids if 0 <= les_id < size and places[les_id] >= 0]
        for parameter, chosen in self.filters.items():
            lessen = next((value.lessen for value in index.values[parameter] if value.id == chosen.pk), ())
            allowed = _ids(lessen)
            kept = [les_id for les_id in kept if les_id in allowed]
        return {les_id: places[les_id] for les_id in kept}


def forget():
    """Drop this worker's index (tests: each starts with a database of its own)."""
    global _index
    _index = (None, None)


def _current_index(stamp):
    global _index
    kept_etag, index = _index
    if kept_etag != stamp.etag:
        with _lock:
            kept_etag, index = _index
            if kept_etag != stamp.etag:
                index = _read_index()
                _index = (stamp.etag, index)
    return index


def _read_index():
    """Every facet value with its lessons, and the published lessons by title, in three queries
    whatever the number of lessons."""
    tag_type = ContentType.objects.get_for_model(Les).pk
    # One row per value with all its lessons, gathered by the database: a row per link meant over a
    # million rows to fetch and loop over at 100,000 lessons (~1.5 s to read the index; now ~0.85).
    if connection.vendor == "postgresql":
        gathered, as_ids = "array_agg(k.les_id)", list
    else:
        gathered, as_ids = "group_concat(k.les_id)", _parse_ids
    links = " UNION ALL ".join(
        f"SELECT '{parameter}', k.waarde, {gathered} FROM ({sql}) AS k GROUP BY k.waarde"
        for parameter, (_, sql, _) in _FACETS.items()
    )
    names = " UNION ALL ".join(
        f"SELECT '{parameter}', n.* FROM ({sql}) AS n" for parameter, (_, _, sql) in _FACETS.items()
    )
    lessons_of = {parameter: {} for parameter in _FACETS}
    with connection.cursor() as cursor:
        cursor.execute(links % {"tag_type": int(tag_type)})
        for parameter, value_id, les_ids in cursor.fetchall():
            lessons_of[parameter][value_id] = frozenset(as_ids(les_ids))
        cursor.execute(names)
        described = cursor.fetchall()
        # the order of equal matches in search (the tie-break it had in SQL: lower-case title, id)
        cursor.execute(
            "SELECT id FROM lessen_les WHERE status = %s ORDER BY LOWER(titel), id", [Les.Status.GEPUBLICEERD]
        )
        published = [row[0] for row in cursor.fetchall()]
    highest = max((max(ids) for values in lessons_of.values() for ids in values.values()), default=0)
    values = {parameter: [] for parameter in _FACETS}
    for parameter, value_id, slug, naam, *volgorde in described:
        lessen = lessons_of[parameter].get(value_id)
        if lessen:
            kept = _bits(lessen) if len(lessen) * SPARSE_RATIO > highest else lessen
            values[parameter].append(_Value(slug, naam, value_id, tuple(volgorde), kept))
    return _Index(values, highest, _places(published))


def _parse_ids(text):
    """SQLite's group_concat of lesson numbers, '3,17,42', as numbers."""
    return map(int, text.split(","))


def _places(published):
    """Each of these lessons' place in the list: an array indexed by lesson number (-1: not
    published), compact and quick to look up (100,000 matches: ~50 ms quicker than a dict); or a
    dict when the numbers are sparse, so that a few lessons with large numbers take no large array."""
    size = max(published, default=0) + 1
    if size > PLACES_DENSITY * len(published) + 1024:
        return {les_id: place for place, les_id in enumerate(published)}
    places = array("l", [-1]) * size
    for place, les_id in enumerate(published):
        places[les_id] = place
    return places


def _ids(lessen):
    """A value's lesson numbers as a set, whichever way they are kept."""
    if not isinstance(lessen, int):
        return lessen
    raw = lessen.to_bytes((lessen.bit_length() + 7) // 8, "little")
    return frozenset(
        position * 8 + bit for position, byte in enumerate(raw) if byte for bit in range(8) if byte >> bit & 1
    )


def _bits(les_ids):
    """The lesson numbers as one int with those bits set."""
    if not les_ids:
        return 0
    raw = bytearray(max(les_ids) // 8 + 1)
    for les_id in les_ids:
        raw[les_id >> 3] |= 1 << (les_id & 7)
    return int.from_bytes(raw, "little")
