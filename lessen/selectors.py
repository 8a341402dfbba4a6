"""Reads. Each selector fetches what its page shows, so templates never trigger a query."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextChoices,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from taggit.models import Tag, TaggedItem

from bronnen.models import Auteur, Bron, BronAuteur

from . import counts
from .models import Les, Telling, Thema, Verband, Vermelding, sees_drafts

PUBLISHED = Les.Status.GEPUBLICEERD


def published_ids():
    return Les.objects.published().values("pk")


def _counts(links, value, aantal):
    """{value id: aantal} over `links`, rows that link a value to a lesson; grouped by the value's
    id alone, which is several times quicker than grouping on all its columns."""
    return dict(links.values_list(value).annotate(n=aantal).order_by())


def thema_counts(lessen):
    """{theme id: how many of these lessons (a queryset of ids) it has}."""
    return _counts(Les.themas.through.objects.filter(les__in=lessen), "thema", Count("les"))


def bron_counts(lessen, *, bundel_includes_parts=True):
    """{source id: how many of these lessons cite it}; a bundle counts the lessons of its essays,
    unless `bundel_includes_parts` is off (then an essay counts its own)."""
    bron = Coalesce("bron__onderdeel_van", "bron") if bundel_includes_parts else "bron"
    return _counts(Vermelding.objects.filter(les__in=lessen), bron, Count("les", distinct=True))


def auteur_counts(lessen):
    links = Vermelding.objects.filter(les__in=lessen)
    return _counts(links, "bron__bronauteurs__auteur", Count("les", distinct=True))


def tag_counts(lessen):
    links = TaggedItem.objects.filter(content_type__app_label="lessen", object_id__in=lessen)
    return _counts(links, "tag", Count("object_id"))


def with_aantal(values, aantallen):
    """`values` as a list, each with its `aantal` (0 if it has none)."""
    values = list(values)
    for value in values:
        value.aantal = aantallen.get(value.pk, 0)
    return values


def bron_auteurs():
    """For citations (Vermelding): the authors of their source, in order (Bron.geordende_auteurs)."""
    return Prefetch("bron__bronauteurs", queryset=BronAuteur.objects.select_related("auteur"))


def vermeldingen_with_bron_and_auteurs():
    return Prefetch(
        "vermeldingen",
        queryset=Vermelding.objects.select_related("bron", "bron__onderdeel_van").prefetch_related(
            bron_auteurs()
        ),
    )


class Volgorde(TextChoices):
    """How a list of lessons can be ordered: the values of `?volgorde=`."""

    TITEL = "titel", "Titel"
    BRON = "bron", "Plaats in de bron"
    GEWIJZIGD = "gewijzigd", "Laatst gewijzigd"


def les_list(
    *,
    user=None,
    zoekterm="",
    thema=None,
    tag=None,
    bron=None,
    auteur=None,
    kennissoort=None,
    volgorde=Volgorde.TITEL,
):
    """Lessons visible to `user`, narrowed by any combination of filters, in the order asked for,
    with what a card shows: themes, and each source with its bundle and authors."""
    lessen = Les.objects.visible_to(user).search(zoekterm)
    lessen = filtered(lessen, thema=thema, tag=tag, bron=bron, auteur=auteur, kennissoort=kennissoort)
    lessen = lessen.prefetch_related("themas", vermeldingen_with_bron_and_auteurs())
    if volgorde == Volgorde.GEWIJZIGD:
        return lessen.order_by("-gewijzigd", "titel", "pk")
    if volgorde == Volgorde.BRON:
        return _in_source_order(lessen, bron=bron)
    return lessen.order_by("titel", "pk")


def _in_source_order(lessen, *, bron=None):
    """Lessons by source (by title; a bundle's essays in their order), then by their place in it.
    A lesson in several sources takes its first place: the columns the services keep (`plaats_*`);
    in `bron`, when the list is narrowed to one, worked out for that source's lessons."""
    if bron is None:
        return lessen.order_by("plaats_bron", "plaats_essay", "plaats", "titel", "pk")
    return lessen.alias(**first_place(Vermelding.objects.in_bron(bron))).order_by(
        "eerste_bron", "eerste_essay", "eerste_plaats", "titel", "pk"
    )


def first_place(vermeldingen):
    """A lesson's first place among `vermeldingen` (citations), as three subqueries: the title of the
    source (a bundle's for its essays), the essay's place in its bundle, the citation's place."""
    eerste = (
        vermeldingen.filter(les=OuterRef("pk"))
        .annotate(bron_titel=Coalesce("bron__onderdeel_van__titel", "bron__titel"))
        .order_by("bron_titel", "bron__volgorde", "bron__titel", "volgorde", "locator")
    )

    def first(field):
        return Subquery(eerste.values(field)[:1])

    return {
        "eerste_bron": first("bron_titel"),
        "eerste_essay": first("bron__volgorde"),
        "eerste_plaats": first("volgorde"),
    }


def filtered(lessen, *, thema=None, tag=None, bron=None, auteur=None, kennissoort=None):
    if thema is not None:
        lessen = lessen.filter(pk__in=Les.themas.through.objects.filter(thema=thema).values("les_id"))
    if tag is not None:
        lessen = lessen.filter(pk__in=Les.tags.through.objects.filter(tag=tag).values("object_id"))
    if bron is not None:
        lessen = lessen.filter(pk__in=Vermelding.objects.in_bron(bron).values("les_id"))
    if auteur is not None:
        lessen = lessen.filter(pk__in=Vermelding.objects.filter(bron__auteurs=auteur).values("les_id"))
    if kennissoort is not None:
        lessen = lessen.filter(kennissoort=kennissoort)
    return lessen


def les_detail(*, slug, user=None):
    """One lesson with everything its page shows. Raises Les.DoesNotExist when not visible."""
    visible_parts = (
        Les.objects.visible_to(user)
        .annotate(positie=Min("vermeldingen__volgorde"))
        .order_by("positie", "titel")
    )
    eerste_publicatie = Les.history.filter(id=OuterRef("pk"), status=PUBLISHED).order_by("versie")
    return (
        Les.objects.visible_to(user)
        .annotate(eerst_gepubliceerd=Subquery(eerste_publicatie.values("history_date")[:1]))
        .prefetch_related(
            Prefetch("ouder", queryset=Les.objects.visible_to(user)),  # None when `user` may not see it
            "themas",
            "tags",
            vermeldingen_with_bron_and_auteurs(),
            Prefetch("onderdelen", queryset=visible_parts),
        )
        .get(slug=slug)
    )


@dataclass(frozen=True)
class VerbandZijde:
    """A relation as one of its two lessons shows it: "werkt uit" on one, "wordt uitgewerkt in" on
    the other, each naming the other lesson, with the editors' sentence."""

    zin: str
    les: Les  # the other lesson, with its citations and their sources
    toelichting: str
    soort: str

    @property
    def bronnen(self):
        """The titles of the other lesson's sources (an essay by its own title, not its bundle's)."""
        return list(dict.fromkeys(vermelding.bron.titel for vermelding in self.les.vermeldingen.all()))


def verbanden_per_les(les_ids, *, user=None):
    """{lesson id: [VerbandZijde]} for these lessons: their relations, either way, with the lessons
    `user` may see (a relation to a draft is not public). Two queries, whatever their number."""
    van, naar = Q(van__in=les_ids), Q(naar__in=les_ids)
    if not sees_drafts(user):  # on the joined row, not a subquery of all published lessons
        van, naar = van & Q(naar__status=PUBLISHED), naar & Q(van__status=PUBLISHED)
    verbanden = list(
        Verband.objects.filter(van | naar)
        .select_related("van", "naar")
        .defer("van__tekst", "van__tekst_html", "naar__tekst", "naar__tekst_html")
    )
    ids = set(les_ids)
    per_les = {les_id: [] for les_id in ids}
    for verband in verbanden:
        soort = Verband.Soort(verband.soort)
        if verband.van_id in ids:
            per_les[verband.van_id].append(
                VerbandZijde(soort.label, verband.naar, verband.toelichting, soort)
            )
        if verband.naar_id in ids:
            per_les[verband.naar_id].append(
                VerbandZijde(soort.vanaf_naar, verband.van, verband.toelichting, soort)
            )
    andere = [zijde.les for zijden in per_les.values() for zijde in zijden]
    prefetch_related_objects(
        andere, Prefetch("vermeldingen", queryset=Vermelding.objects.select_related("bron"))
    )
    volgorde = list(Verband.Soort)
    for zijden in per_les.values():
        zijden.sort(key=lambda zijde: (volgorde.index(zijde.soort), zijde.les.titel))
    return per_les


LINKS_SHOWN = 20  # lessons linking here on the lesson page itself; all of them on /lessen/<slug>/links/


def links_hierheen(les):
    """The published lessons whose text links to `les`, each once, by title (MediaWiki's "What
    links here"). A queryset: the lesson page takes the first LINKS_SHOWN + 1, its list pages."""
    # A join from the links, not `pk IN (...)`: SQLite would walk every published lesson by title.
    linking = Les.objects.published().filter(uitgaande_links__naar=les).distinct()
    return linking.only("pk", "slug", "titel").order_by("titel", "pk")


def first_links_hierheen(les):
    """The first LINKS_SHOWN lessons linking to `les`, and whether there are more: one query."""
    first = list(links_hierheen(les)[: LINKS_SHOWN + 1])
    return first[:LINKS_SHOWN], len(first) > LINKS_SHOWN


def les_by_pk(*, pk, user=None):
    return Les.objects.visible_to(user).only("pk", "slug").get(pk=pk)


def les_by_slug(*, slug, user=None):
    """The lesson itself, for its version pages. Raises Les.DoesNotExist when not visible."""
    return Les.objects.visible_to(user).only("pk", "slug", "titel", "versie", "status").get(slug=slug)


def thema_list():
    """Every theme with its number of published lessons (as counted by the services)."""
    return with_aantal(Thema.objects.all(), counts.counted(Telling.Soort.THEMA))


def thema_detail(*, slug):
    """A theme (its page counts its lessons as it pages them). Raises Thema.DoesNotExist."""
    return Thema.objects.get(slug=slug)


def tag_list(*, limit=None):
    """Tags of published lessons, most used first, equal counts by name (as counted by the services)."""
    aantallen = counts.counted(Telling.Soort.TAG, most=limit)
    tags = with_aantal(Tag.objects.filter(pk__in=aantallen).order_by("name"), aantallen)
    return sorted(tags, key=lambda tag: -tag.aantal)[:limit]


def published_tags():
    """The tags that published lessons carry: to the public, a tag only drafts carry does not exist."""
    links = TaggedItem.objects.filter(content_type__app_label="lessen", object_id__in=published_ids())
    return Tag.objects.filter(pk__in=links.values("tag_id"))


def tag_detail(*, slug):
    """A tag that at least one published lesson carries. Raises Tag.DoesNotExist."""
    tag = Tag.objects.get(slug=slug)
    if not Les.objects.published().filter(tags=tag).exists():
        raise Tag.DoesNotExist
    return tag


def api_les_list():
    """Published lessons in permanent-number order, with what the JSON shape holds."""
    return (
        Les.objects.published()
        .prefetch_related("themas", "tags", vermeldingen_with_bron_and_auteurs())
        .order_by("pk")
    )


def les_by_ids(ids):
    """Published lessons with these numbers, in the order given, with what a citation needs."""
    lessen = Les.objects.published().prefetch_related(vermeldingen_with_bron_and_auteurs()).in_bulk(ids)
    return [lessen[pk] for pk in ids if pk in lessen]


def published_among(ids):
    """Of these lesson numbers, those of published lessons, in the order given."""
    published = set(Les.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in published]


def filter_choices():
    """What the lesson list's filters offer: every theme and kind of knowledge, and the public
    sources, authors and tags."""
    return {
        "alle_kennissoorten": Les.Kennissoort.choices,
        "alle_tags": published_tags().order_by("name"),
        "alle_themas": Thema.objects.all(),
        "alle_bronnen": Bron.objects.public(),
        "alle_auteurs": Auteur.objects.public(),
    }
