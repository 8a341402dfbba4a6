"""Reads. Each selector fetches what its page shows, so templates never trigger a query."""

from django.db.models import Count, F, Func, IntegerField, Min, OuterRef, Prefetch, Q, Subquery
from taggit.models import Tag

from bronnen.models import Auteur, Bron, BronAuteur

from .models import Les, Thema, Vermelding

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


def _bron_lesson_count():
    """Published lessons of a source, a bundle counting those of its parts."""
    return _published_count(
        Vermelding.objects.filter(Q(bron=OuterRef("pk")) | Q(bron__onderdeel_van=OuterRef("pk")))
    )


def _auteur_lesson_count():
    return _published_count(Vermelding.objects.filter(bron__auteurs=OuterRef("pk")))


def _vermeldingen_with_bron():
    return Prefetch("vermeldingen", queryset=Vermelding.objects.select_related("bron"))


def _vermeldingen_with_bron_and_auteurs():
    return Prefetch(
        "vermeldingen",
        queryset=Vermelding.objects.select_related("bron", "bron__onderdeel_van").prefetch_related(
            Prefetch("bron__bronauteurs", queryset=BronAuteur.objects.select_related("auteur"))
        ),
    )


def for_cards(lessen):
    """What a lesson card shows: its themes and where it comes from."""
    return lessen.prefetch_related("themas", _vermeldingen_with_bron())


def lesson_list(*, user=None, zoekterm="", thema=None, tag=None, bron=None, auteur=None):
    """Lessons visible to `user`, narrowed by any combination of filters (model instances)."""
    lessen = Les.objects.visible_to(user)
    if zoekterm:
        lessen = lessen.filter(Q(titel__icontains=zoekterm) | Q(samenvatting__icontains=zoekterm))
    if thema is not None:
        lessen = lessen.filter(pk__in=Les.themas.through.objects.filter(thema=thema).values("les_id"))
    if tag is not None:
        lessen = lessen.filter(pk__in=Les.tags.through.objects.filter(tag=tag).values("object_id"))
    if bron is not None:
        in_bron = Vermelding.objects.filter(Q(bron=bron) | Q(bron__onderdeel_van=bron))
        lessen = lessen.filter(pk__in=in_bron.values("les_id"))
    if auteur is not None:
        lessen = lessen.filter(pk__in=Vermelding.objects.filter(bron__auteurs=auteur).values("les_id"))
    return for_cards(lessen.order_by("titel", "pk"))


def lesson_detail(*, slug, user=None):
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


def lesson_by_pk(*, pk, user=None):
    return Les.objects.visible_to(user).only("pk", "slug").get(pk=pk)


def theme_list():
    # A GROUP BY query ignores Meta.ordering: order explicitly.
    return Thema.objects.annotate(aantal=Count("lessen", filter=Q(lessen__status=PUBLISHED))).order_by(
        "volgorde", "naam"
    )


def tags_in_use(*, limit=None):
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


def tag_by_slug(*, slug):
    """A tag that at least one published lesson carries. Raises Tag.DoesNotExist."""
    return _tags_with_counts().get(slug=slug)


def bron_list():
    """Sources that stand on their own, with their authors, their parts and lesson counts."""
    onderdelen = (
        Bron.objects.with_auteurs().annotate(aantal=_bron_lesson_count()).order_by("volgorde", "titel")
    )
    return (
        Bron.objects.top_level()
        .with_auteurs()
        .annotate(aantal=_bron_lesson_count())
        .prefetch_related(Prefetch("onderdelen", queryset=onderdelen))
        .order_by("titel")
    )


def bron_detail(*, slug):
    """A source with its authors, its bundle and its parts. Raises Bron.DoesNotExist."""
    onderdelen = (
        Bron.objects.with_auteurs().annotate(aantal=_bron_lesson_count()).order_by("volgorde", "titel")
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


def api_lessons():
    """Published lessons in permanent-number order, with what the JSON shape holds."""
    return (
        Les.objects.published()
        .prefetch_related("themas", "tags", _vermeldingen_with_bron_and_auteurs())
        .order_by("pk")
    )
