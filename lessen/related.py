"""Related lessons, worked out when content changes and kept in the database (`VerwanteLes`).

A lesson's related lessons are those sharing the most tags, themes and sources with it, or linked
with it (`WEIGHTS`). The candidates are every lesson that shares a tag or a link, and the
`PER_SHARE` newest lessons of each theme and source it shares (a theme can hold thousands; a tag
is the stronger sign). Equal scores go by lesson number, oldest first. Each lesson keeps two lists
of `SHOWN`: published lessons (for visitors) and lessons of any status (for editors).

The services call `bijwerken` with the lessons whose tags, themes, sources, links or status they
changed. Since the score of two lessons is the same from either side, a change to lesson B can
only change the list of lesson A when B was on it, or when B now beats the last one on it;
so those are found (on the lessons sharing something with B) and only their lists are worked out
again. Also moved are the lessons at the edge of a changed theme's or source's newest
`PER_SHARE`: one may have fallen out of it, or come into it. `alles_opnieuw` works out every list
(after loading content past the services: `loaddata`, restore, generated lessons).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, Window
from django.db.models.functions import DenseRank
from taggit.models import TaggedItem

from .models import Les, Vermelding, VerwanteLes, Wikilink

WEIGHTS = {"links": 4, "tags": 3, "themas": 2, "bronnen": 1}
PER_SHARE = 100  # candidates from one shared theme or source: its newest lessons
SHOWN = 5  # related lessons on a lesson's page


@dataclass
class _Les:
    published: bool = False
    tags: set = field(default_factory=set)
    themas: set = field(default_factory=set)
    bronnen: set = field(default_factory=set)
    links: set = field(default_factory=set)  # lessons it links to, or that link to it


def _theme_links():
    return Les.themas.through.objects, "thema_id"


def _source_links():
    return Vermelding.objects, "bron_id"


class _Library:
    """What relatedness reads, loaded for the lessons asked for (all of them with `None`)."""

    def __init__(self):
        self.lessen = {}
        self.tagged = {}  # tag id -> lessons carrying it
        self.newest = {}  # ("themas" | "bronnen", id) -> lessons, newest first (at least PER_SHARE)
        self.tag_type = ContentType.objects.get_for_model(Les)

    def load(self, ids=None):
        """Load these lessons (ids of lessons that no longer exist are left out); `None`: all."""
        if ids is not None:
            ids = set(ids) - set(self.lessen)
            if not ids:
                return

        def among(queryset, field):
            return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})

        loaded = {}
        for pk, status in among(Les.objects, "pk").values_list("pk", "status"):
            loaded[pk] = _Les(published=status == Les.Status.GEPUBLICEERD)
        for les_id, thema_id in among(Les.themas.through.objects, "les_id").values_list("les_id", "thema_id"):
            loaded[les_id].themas.add(thema_id)
        tagged = TaggedItem.objects.filter(content_type=self.tag_type)
        for les_id, tag_id in among(tagged, "object_id").values_list("object_id", "tag_id"):
            if les_id in loaded:  # a tagging can outlive its lesson (no foreign key)
                loaded[les_id].tags.add(tag_id)
        for les_id, bron_id in among(Vermelding.objects, "les_id").values_list("les_id", "bron_id"):
            loaded[les_id].bronnen.add(bron_id)
        links = Wikilink.objects.filter(naar__isnull=False)
        if ids is not None:
            links = links.filter(Q(van__in=ids) | Q(naar__in=ids))
        for van_id, naar_id in links.values_list("van_id", "naar_id"):
            for een, ander in [(van_id, naar_id), (naar_id, van_id)]:
                if een in loaded and een != ander:
                    loaded[een].links.add(ander)
        self.lessen.update(loaded)

    def load_shares(self, lessen, *, depth=PER_SHARE):
        """For these lessons' tags, themes and sources: who carries each tag, and each theme's and
        source's `depth` newest lessons (at least PER_SHARE)."""
        depth = max(depth, PER_SHARE)
        tags = {tag for les in lessen for tag in les.tags} - set(self.tagged)
        for tag in tags:
            self.tagged[tag] = set()
        if tags:
            taggings = TaggedItem.objects.filter(content_type=self.tag_type, tag_id__in=tags)
            for tag_id, les_id in taggings.values_list("tag_id", "object_id"):
                self.tagged[tag_id].add(les_id)
        for kind, (links, key) in [("themas", _theme_links()), ("bronnen", _source_links())]:
            wanted = {
                value
                for les in lessen
                for value in getattr(les, kind)
                if len(self.newest.get((kind, value), ())) < depth
            }
            if not wanted:
                continue
            rows = (
                links.filter(**{f"{key}__in": wanted})
                .annotate(rang=Window(DenseRank(), partition_by=F(key), order_by=F("les_id").desc()))
                .filter(rang__lte=depth)
                .values_list(key, "les_id", "rang")
                .order_by(key, "rang")
            )
            newest = {value: [] for value in wanted}
            for value, les_id, _rang in rows:
                if not newest[value] or newest[value][-1] != les_id:
                    newest[value].append(les_id)
            self.newest.update({(kind, value): ids for value, ids in newest.items()})

    def window(self, kind, value):
        return self.newest[kind, value][:PER_SHARE]

    def candidates(self, pk):
        les = self.lessen[pk]
        found = set(les.links)
        for tag in les.tags:
            found |= self.tagged[tag]
        for kind in ["themas", "bronnen"]:
            for value in getattr(les, kind):
                found.update(self.window(kind, value))
        found.discard(pk)
        return found

    def shared(self, pk, other_pk):
        """(score, linked, shared tags, themes, sources) of two loaded lessons: the same either way."""
        les, other = self.lessen[pk], self.lessen[other_pk]
        gelinkt = other_pk in les.links
        tags, themas = len(les.tags & other.tags), len(les.themas & other.themas)
        bronnen = len(les.bronnen & other.bronnen)
        score = (
            WEIGHTS["links"] * gelinkt
            + WEIGHTS["tags"] * tags
            + WEIGHTS["themas"] * themas
            + WEIGHTS["bronnen"] * bronnen
        )
        return score, gelinkt, tags, themas, bronnen

    def related(self, pk):
        """The rows of `pk`'s two lists, to be stored."""
        scored = [
            (self.shared(pk, other), other)
            for other in self.candidates(pk)
            if other in self.lessen  # a tagging can outlive its lesson
        ]
        scored.sort(key=lambda row: (-row[0][0], row[1]))
        rows = []
        for publiek, allowed in [(True, lambda other: self.lessen[other].published), (False, None)]:
            chosen = [row for row in scored if allowed is None or allowed(row[1])][:SHOWN]
            rows += [
                VerwanteLes(
                    les_id=pk,
                    andere_id=other,
                    publiek=publiek,
                    score=score,
                    gelinkt=gelinkt,
                    gedeelde_tags=tags,
                    gedeelde_themas=themas,
                    gedeelde_bronnen=bronnen,
                )
                for (score, gelinkt, tags, themas, bronnen), other in chosen
            ]
        return rows

    def store(self, pks):
        """Work out the lists of these loaded lessons again and replace what was stored."""
        pks = [pk for pk in pks if pk in self.lessen]
        self.load_shares([self.lessen[pk] for pk in pks])
        self.load({other for pk in pks for other in self.candidates(pk)})
        rows = [row for pk in pks for row in self.related(pk)]
        VerwanteLes.objects.filter(les__in=pks).delete()
        VerwanteLes.objects.bulk_create(rows, batch_size=500)


@dataclass(frozen=True)
class Voor:
    """What a change is about to undo: the themes and sources of each lesson it touches (one it
    leaves may let another lesson into its newest), and the lessons listing them (gone with a
    deleted lesson's rows)."""

    per_les: dict = field(default_factory=dict)  # lesson -> (its themes, its sources)
    listing: frozenset = frozenset()


def voor_wijziging(les_ids):
    """Read before changing these lessons' themes or sources, or deleting them; pass to `bijwerken`."""
    per_les = {pk: (set(), set()) for pk in les_ids}
    themas, key = _theme_links()
    for les_id, value in themas.filter(les_id__in=les_ids).values_list("les_id", key):
        per_les[les_id][0].add(value)
    bronnen, bron_key = _source_links()
    for les_id, value in bronnen.filter(les_id__in=les_ids).values_list("les_id", bron_key):
        per_les[les_id][1].add(value)
    return Voor(
        per_les=per_les,
        listing=frozenset(VerwanteLes.objects.filter(andere__in=les_ids).values_list("les_id", flat=True)),
    )


def bijwerken(les_ids, *, voor=Voor(), nieuw=()):
    """After a change to these lessons' tags, themes, sources, links or status (or their deletion),
    bring every list the change can alter up to date: theirs, and their neighbours'. `voor` is what
    `voor_wijziging` read before the change; `nieuw`, lessons made by it."""
    changed = set(les_ids)
    if not changed:
        return
    library = _Library()
    library.load(changed)
    # The themes and sources lessons joined or left: at their edge, a lesson fell out of their
    # newest, or came in. (A change that keeps them leaves every theme's newest as it was.)
    was = {**voor.per_les, **{pk: (set(), set()) for pk in nieuw}}
    spread = defaultdict(int)
    for pk, (themas, bronnen) in was.items():
        now = library.lessen.get(pk, _Les())
        for kind, before, after in [("themas", themas, now.themas), ("bronnen", bronnen, now.bronnen)]:
            for value in before ^ after:
                spread[kind, value] += 1
    moved = set()
    for kind, value in spread:
        links, key = _theme_links() if kind == "themas" else _source_links()
        rows = (
            links.filter(**{key: value})
            .annotate(rang=Window(DenseRank(), order_by=F("les_id").desc()))
            .filter(rang__gt=PER_SHARE - spread[kind, value], rang__lte=PER_SHARE + spread[kind, value])
            .values_list("les_id", flat=True)
        )
        moved.update(rows)
    sources = changed | moved
    library.load(moved)
    affected = set(sources) | set(voor.listing)
    affected |= set(VerwanteLes.objects.filter(andere__in=sources).values_list("les_id", flat=True))
    affected |= _those_now_ranking(library, [pk for pk in sources if pk in library.lessen])
    library.load(affected)
    library.store(affected)


def _those_now_ranking(library, sources):
    """The lessons whose lists each of `sources` may now enter: those having it as a candidate
    (sharing a tag or link with it, or a theme or source where it is among the newest) whose list
    is not full, or whose last entry it now beats. (If it does not, its score with them either
    did not change or fell, and then it was not on their list or is found as listed there.)"""
    library.load_shares([library.lessen[pk] for pk in sources])
    having = defaultdict(set)  # source -> lessons having it as a candidate
    for pk in sources:
        les = library.lessen[pk]
        having[pk] |= les.links
        for tag in les.tags:
            having[pk] |= library.tagged[tag]
        for kind, (links, key) in [("themas", _theme_links()), ("bronnen", _source_links())]:
            for value in getattr(les, kind):
                if pk in library.window(kind, value):
                    having[pk].update(links.filter(**{key: value}).values_list("les_id", flat=True))
        having[pk].discard(pk)
    others = set().union(*having.values())
    library.load(others)
    # Per list of those lessons: how long it is, and its last entry, as (score, -lesson): a lesson
    # enters only by beating it (equal scores go by lesson number, so a tie is no change).
    lists = defaultdict(list)
    rows = VerwanteLes.objects.filter(les__in=others).values_list("les_id", "publiek", "score", "andere_id")
    for les_id, publiek, score, andere_id in rows:
        lists[les_id, publiek].append((score, -andere_id))
    ranking = set()
    for pk in sources:
        for other in having[pk]:
            if other not in library.lessen:
                continue
            score = library.shared(other, pk)[0]
            for publiek in [False, *([True] if library.lessen[pk].published else [])]:
                shown = lists.get((other, publiek), [])
                if len(shown) < SHOWN or (score, -pk) > min(shown):
                    ranking.add(other)
    return ranking


def alles_opnieuw():
    """Work out every lesson's lists afresh; returns how many lessons there are."""
    library = _Library()
    library.load()
    VerwanteLes.objects.all().delete()
    pks = list(library.lessen)
    library.store(pks)
    return len(pks)
