"""Reads. Each selector fetches what its page shows, so templates never trigger a query."""

from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from taggit.models import Tag

from bronnen.models import Auteur, Bron, BronAuteur

from . import search
from .models import Les, Thema, Vermelding, Wikilink, sees_drafts

PUBLISHED = Les.Status.GEPUBLICEERD


class CountDistinct(Func):
    """COUNT(DISTINCT x) as a plain expression, for use inside a correlated subquery."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _published_count(vermeldingen):
    """A subquery counting the distinct published lessons among `vermeldingen` (a Vermelding qs)."""
    counted = vermeldingen.filter(les__status=PUBLISHED).order_by().values(n=CountDistinct(F("les_id")))
    return Subquery(counted, output_field=IntegerField())


def bron_lesson_count():
    """Published lessons of a source, a bundle counting those of its parts."""
    return _published_count(
        Vermelding.objects.filter(Q(bron=OuterRef("pk")) | Q(bron__onderdeel_van=OuterRef("pk")))
    )


def _auteur_lesson_count():
    return _published_count(Vermelding.objects.filter(bron__auteurs=OuterRef("pk")))


def _vermeldingen_with_bron_and_auteurs():
    return Prefetch(
        "vermeldingen",
        queryset=Vermelding.objects.select_related("bron", "bron__onderdeel_van").prefetch_related(
            Prefetch("bron__bronauteurs", queryset=BronAuteur.objects.select_related("auteur"))
        ),
    )


def les_list(*, user=None, zoekterm="", thema=None, tag=None, bron=None, auteur=None):
    """Lessons visible to `user`, narrowed by any combination of filters, with what a card shows."""
    lessen = Les.objects.visible_to(user)
    query = search.parse_query(zoekterm)
    if query:
        lessen = lessen.filter(pk__in=search.matching_lessons(query))
    lessen = _filtered(lessen, thema=thema, tag=tag, bron=bron, auteur=auteur)
    return lessen.prefetch_related(
        "themas", Prefetch("vermeldingen", Vermelding.objects.select_related("bron"))
    ).order_by("titel", "pk")


def _filtered(lessen, *, thema=None, tag=None, bron=None, auteur=None):
    if thema is not None:
        lessen = lessen.filter(pk__in=Les.themas.through.objects.filter(thema=thema).values("les_id"))
    if tag is not None:
        lessen = lessen.filter(pk__in=Les.tags.through.objects.filter(tag=tag).values("object_id"))
    if bron is not None:
        in_bron = Vermelding.objects.filter(Q(bron=bron) | Q(bron__onderdeel_van=bron))
        lessen = lessen.filter(pk__in=in_bron.values("les_id"))
    if auteur is not None:
        lessen = lessen.filter(pk__in=Vermelding.objects.filter(bron__auteurs=auteur).values("les_id"))
    return lessen


def les_detail(*, slug, user=None):
    """One lesson with everything its page shows. Raises Les.DoesNotExist when not visible."""
    visible_parts = (
        Les.objects.visible_to(user)
        .annotate(positie=Min("vermeldingen__volgorde"))
        .order_by("positie", "titel")
    )
    return (
        Les.objects.visible_to(user)
        .select_related("ouder")
        .prefetch_related(
            "themas",
            "tags",
            _vermeldingen_with_bron_and_auteurs(),
            Prefetch("onderdelen", queryset=visible_parts),
        )
        .get(slug=slug)
    )


LINKS_SHOWN = 20  # lessons linking here on the lesson page itself; all of them on /lessen/<slug>/links/


def links_hierheen(les):
    """The published lessons whose text links to `les`, each once, by title (MediaWiki's "What
    links here"). A queryset: the lesson page takes the first LINKS_SHOWN + 1, its list pages."""
    linking = Wikilink.objects.filter(naar=les).values("van_id")
    return Les.objects.published().filter(pk__in=linking).only("pk", "slug", "titel").order_by("titel", "pk")


def first_links_hierheen(les):
    """The first LINKS_SHOWN lessons linking to `les`, and whether there are more: one query."""
    first = list(links_hierheen(les)[: LINKS_SHOWN + 1])
    return first[:LINKS_SHOWN], len(first) > LINKS_SHOWN


def les_by_pk(*, pk, user=None):
    return Les.objects.visible_to(user).only("pk", "slug").get(pk=pk)


def les_by_slug(*, slug, user=None):
    """The lesson itself, for its version pages. Raises Les.DoesNotExist when not visible."""
    return Les.objects.visible_to(user).only("pk", "slug", "titel", "versie", "status").get(slug=slug)


def _versions_visible_to(les, user):
    versies = les.history.all()
    if not sees_drafts(user):
        versies = versies.filter(status=PUBLISHED)  # a draft stage of a lesson is never public
    return versies


def versie_list(*, les, user=None):
    """The lesson's versions, newest first, without their bodies."""
    return (
        _versions_visible_to(les, user)
        .only(
            "history_id", "id", "versie", "history_date", "redacteur_naam", "history_change_reason", "titel"
        )
        .order_by("-versie")
    )


def versie_detail(*, les, nummer, user=None):
    return _versions_visible_to(les, user).get(versie=nummer)


def thema_list():
    # A GROUP BY query ignores Meta.ordering: order explicitly.
    return Thema.objects.annotate(aantal=Count("lessen", filter=Q(lessen__status=PUBLISHED))).order_by(
        "volgorde", "naam"
    )


def tag_list(*, limit=None):
    """Tags of published lessons, most used first."""
    return _tags_with_counts().order_by("-aantal", "name")[:limit]


def _tags_with_counts():
    items = "taggit_taggeditem_items"
    of_published_lessons = Q(
        **{
            f"{items}__content_type__app_label": "lessen",
            f"{items}__content_type__model": "les",
            f"{items}__object_id__in": Les.objects.published().values("pk"),
        }
    )
    return Tag.objects.annotate(aantal=Count(items, filter=of_published_lessons)).filter(aantal__gt=0)


def tag_detail(*, slug):
    """A tag that at least one published lesson carries. Raises Tag.DoesNotExist."""
    return _tags_with_counts().get(slug=slug)


def bron_list():
    """Sources that stand on their own, with their authors, their parts and lesson counts."""
    onderdelen = (
        Bron.objects.with_auteurs().annotate(aantal=bron_lesson_count()).order_by("volgorde", "titel")
    )
    return (
        Bron.objects.top_level()
        .with_auteurs()
        .annotate(aantal=bron_lesson_count())
        .prefetch_related(Prefetch("onderdelen", queryset=onderdelen))
        .order_by("titel")
    )


def bron_detail(*, slug):
    """A source with its authors, its bundle and its parts. Raises Bron.DoesNotExist."""
    onderdelen = (
        Bron.objects.with_auteurs().annotate(aantal=bron_lesson_count()).order_by("volgorde", "titel")
    )
    return (
        Bron.objects.with_auteurs()
        .select_related("onderdeel_van")
        .prefetch_related(Prefetch("onderdelen", queryset=onderdelen))
        .get(slug=slug)
    )


def bron_vermeldingen(*, bron, user=None):
    """The source's lessons in source order, each with its locator and the source's wording."""
    return (
        Vermelding.objects.filter(bron=bron, les__in=Les.objects.visible_to(user))
        .select_related("les")
        .prefetch_related(Prefetch("les__themas"))
        .order_by("volgorde", "locator", "les__titel")
    )


def auteur_list():
    return Auteur.objects.annotate(aantal=_auteur_lesson_count())


def auteur_detail(*, slug):
    """An author with their sources (and each source's bundle). Raises Auteur.DoesNotExist."""
    bronnen = Bron.objects.select_related("onderdeel_van").with_auteurs().order_by("titel")
    return Auteur.objects.prefetch_related(Prefetch("bronnen", queryset=bronnen)).get(slug=slug)


def api_les_list():
    """Published lessons in permanent-number order, with what the JSON shape holds."""
    return (
        Les.objects.published()
        .prefetch_related("themas", "tags", _vermeldingen_with_bron_and_auteurs())
        .order_by("pk")
    )


def les_by_ids(ids):
    """Published lessons with these numbers, in the order given, with what a citation needs."""
    lessen = Les.objects.published().prefetch_related(_vermeldingen_with_bron_and_auteurs()).in_bulk(ids)
    return [lessen[pk] for pk in ids if pk in lessen]


# Search ---------------------------------------------------------------------------------------


def search_scope(*, thema=None, tag=None, bron=None, auteur=None):
    """Where a search looks: the published lessons (never drafts) that the filters allow."""
    return _filtered(Les.objects.published(), thema=thema, tag=tag, bron=bron, auteur=auteur)


def search_hits(query, ids):
    """The lessons with these ids, in this order, each with its title and the stretch of its text
    that match the query highlighted, and where it comes from."""
    lessen = (
        Les.objects.filter(pk__in=ids)
        .prefetch_related("themas", _vermeldingen_with_bron_and_auteurs())
        .in_bulk()
    )
    return [
        {
            "les": les,
            "titel": search.highlight(les.titel, query),
            "fragment": search.snippet(f"{les.samenvatting}\n{search.plain_text(les.tekst_html)}", query),
        }
        for les in (lessen.get(pk) for pk in ids)
        if les is not None
    ]
