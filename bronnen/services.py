"""Writes of sources and authors: a changed address keeps answering, and the lessons citing them
are found by the new title or name (their search text holds it)."""

from django.db import transaction

from lessen import counts
from lessen.services import keep_only, plaats_in_bron_bijwerken
from omleidingen.models import save_keeping_old_slug
from zoeken.search import lesson_ids_mentioning, update_search_index

from .models import Bron


@transaction.atomic
def bron_opslaan(*, bron, bronauteurs=None):
    """Save a source and (optionally) its authors: `bronauteurs` (BronAuteur objects, stored or new)
    are all it has after the edit. The lessons citing it, or an essay in it, follow in search."""
    # Where its lessons were counted before: its bundle and its authors.
    bundel_voor = set() if bron._state.adding else {Bron.objects.get(pk=bron.pk).onderdeel_van_id} - {None}
    auteurs_voor = set() if bron._state.adding else set(bron.bronauteurs.values_list("auteur_id", flat=True))
    save_keeping_old_slug(bron)
    if bronauteurs is not None:
        keep_only(bronauteurs, bron.bronauteurs.all(), bron=bron)
    counts.bijwerken(bronnen=[bron.pk, *bundel_voor], auteurs=auteurs_voor)
    citing = lesson_ids_mentioning(bron=bron)
    update_search_index(citing)
    plaats_in_bron_bijwerken(les_ids=citing)  # its title or place in its bundle orders them
    return bron


@transaction.atomic
def auteur_opslaan(*, auteur):
    """Save an author; the lessons citing their sources are found by the new name."""
    save_keeping_old_slug(auteur)
    update_search_index(lesson_ids_mentioning(auteur=auteur))
    return auteur
