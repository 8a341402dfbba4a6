"""Reads for the pages of sources and authors: each with its lessons, counted or listed."""

from django.db.models import Prefetch

from lessen.models import Les, Vermelding
from lessen.selectors import auteur_counts, bron_counts, published_ids, with_aantal

from .models import Auteur, Bron


def bron_list():
    """Sources that stand on their own, with their authors, their parts and lesson counts."""
    bronnen = (
        Bron.objects.public().top_level().with_auteurs().prefetch_related(_onderdelen()).order_by("titel")
    )
    return _with_bron_counts(list(bronnen))


def bron_detail(*, slug, user=None):
    """A source with its authors, its bundle and its parts. Raises Bron.DoesNotExist (also for a
    source only drafts cite, unless `user` previews drafts)."""
    bron = (
        Bron.objects.visible_to(user)
        .with_auteurs()
        .select_related("onderdeel_van")
        .prefetch_related(_onderdelen(user))
        .get(slug=slug)
    )
    return _with_bron_counts([bron])[0]


def _onderdelen(user=None):
    essays = Bron.objects.visible_to(user).with_auteurs().order_by("volgorde", "titel")
    return Prefetch("onderdelen", queryset=essays)


def _with_bron_counts(bronnen):
    """Each source with `aantal` (a bundle counting its essays' lessons), its parts with their own."""
    per_bundel, per_bron = (
        bron_counts(published_ids()),
        bron_counts(published_ids(), bundel_includes_parts=False),
    )
    for bron in bronnen:
        bron.aantal = per_bundel.get(bron.pk, 0)
        with_aantal(bron.onderdelen.all(), per_bron)
    return bronnen


def bron_vermeldingen(*, bron, user=None):
    """The source's lessons in source order, each with its locator and the source's wording."""
    return (
        Vermelding.objects.filter(bron=bron, les__in=Les.objects.visible_to(user))
        .select_related("les")
        .prefetch_related(Prefetch("les__themas"))
        .order_by("volgorde", "locator", "les__titel")
    )


def auteur_list():
    return with_aantal(Auteur.objects.public(), auteur_counts(published_ids()))


def auteur_detail(*, slug, user=None):
    """An author with their sources (and each source's bundle). Raises Auteur.DoesNotExist (also
    for an author of sources only drafts cite, unless `user` previews drafts)."""
    bronnen = Bron.objects.visible_to(user).select_related("onderdeel_van").with_auteurs().order_by("titel")
    auteurs = Auteur.objects.visible_to(user)
    return auteurs.prefetch_related(Prefetch("bronnen", queryset=bronnen)).get(slug=slug)
