"""Lessons with a history: versions saved at given dates, some of them while the lesson was not public."""

from datetime import UTC, datetime

from lessen.models import Les
from lessen.services import les_opslaan
from tests.factories import LesFactory


def op(datum):
    """'2024-06-01' -> that day, noon UTC."""
    return datetime.fromisoformat(datum).replace(hour=12, tzinfo=UTC)


def les_met_geschiedenis(*stappen, **velden):
    """A lesson whose versions were saved at the dates given: ('2024-01-01', 'gepubliceerd'), ...

    The first step creates it; each next one saves it with a new summary, that status and the
    changes in a third element if any (('2024-06-01', 'gepubliceerd', {'slug': 'nieuw'})). Returns
    the lesson, with the dates written into its history as if it had been saved then."""
    status = stappen[0][1]
    les = LesFactory(status=status, **velden)
    for n, (_datum, status, *wijzigingen) in enumerate(stappen[1:], 2):
        les.status = status
        les.samenvatting = f"Samenvatting zoals in versie {n}."
        for naam, waarde in (wijzigingen[0] if wijzigingen else {}).items():
            setattr(les, naam, waarde)
        les_opslaan(les=les)
    for n, (datum, *_rest) in enumerate(stappen, 1):
        Les.history.filter(id=les.pk, versie=n).update(history_date=op(datum))
    return les
