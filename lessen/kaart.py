"""The map of sources in conversation: the published lessons that have relations, grouped under
their source one below the other, and each relation an arc between two of them, bending out to the
left. Laid out here, drawn as SVG by lessen/templates/lessen/kaart.html: one column that fits a
phone, the same relations listed as text beneath it.
"""

import textwrap
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, prefetch_related_objects

from .models import Les, Verband
from .selectors import vermeldingen_with_bron_and_auteurs

MAX_VERBANDEN = 250  # a map of more is unreadable; the text says how many are left out
BREEDTE = 360  # the SVG's own units; it scales to the width of the page (at most 30rem)
X = 100  # where the lessons stand: the arcs bend out in the space to the left of it
RIJ = 22  # one lesson whose title fits on one line
REGEL = 16  # each further line of a longer title
KOP = 36  # one source's heading, above its lessons
LABEL = 32  # characters of a title that fit on one line beside a lesson
KOPREGEL = 40  # characters of a source's name that fit on one line above its lessons


@dataclass
class Knoop:
    les: Les
    y: int
    regels: list  # the title, in lines that fit

    @property
    def verder(self):
        return self.regels[1:]


@dataclass
class Groep:
    bron: object
    y: int
    regels: list  # the source's title and authors, in lines that fit
    knopen: list

    @property
    def verder(self):
        return self.regels[1:]


@dataclass
class Boog:
    verband: Verband
    pad: str  # the SVG path from one lesson to the other


@dataclass
class Kaart:
    groepen: list
    bogen: list
    hoogte: int
    weggelaten: int  # relations not drawn (beyond MAX_VERBANDEN)

    breedte = BREEDTE
    x = X

    @property
    def verbanden(self):
        return [boog.verband for boog in self.bogen]


def kaart(*, thema=None):
    """The map of the whole library, or of the relations that touch a theme's lessons: three
    queries whatever the size of the library (a fourth counts them when more than MAX_VERBANDEN)."""
    alle = _published_relations(thema)
    verbanden = list(
        alle.select_related("van", "naar")
        .defer("van__tekst", "van__tekst_html", "naar__tekst", "naar__tekst_html")
        .order_by("pk")[: MAX_VERBANDEN + 1]
    )
    weggelaten = alle.count() - MAX_VERBANDEN if len(verbanden) > MAX_VERBANDEN else 0
    verbanden = verbanden[:MAX_VERBANDEN]
    lessen = {}
    for verband in verbanden:  # one object per lesson, so that each is prefetched once
        verband.van = lessen.setdefault(verband.van_id, verband.van)
        verband.naar = lessen.setdefault(verband.naar_id, verband.naar)
    prefetch_related_objects(list(lessen.values()), vermeldingen_with_bron_and_auteurs())
    return _layout(verbanden, lessen.values(), weggelaten)


def _published_relations(thema):
    published = Les.objects.published().values("pk")
    verbanden = Verband.objects.filter(van__in=published, naar__in=published)
    if thema is not None:
        on_theme = Les.themas.through.objects.filter(thema=thema).values("les_id")
        verbanden = verbanden.filter(Q(van__in=on_theme) | Q(naar__in=on_theme))
    return verbanden


def _layout(verbanden, lessen, weggelaten):
    """Each lesson under the source it was first cited from, sources by title, lessons in their
    place in the source; then an arc for each relation, wider the further apart its lessons are."""
    per_bron, bronnen = defaultdict(list), {}
    for les in lessen:
        vermelding = les.vermeldingen.all()[0]
        bronnen[vermelding.bron_id] = vermelding.bron
        per_bron[vermelding.bron_id].append((vermelding.volgorde, les.titel, les))
    groepen, y, plaats = [], 0, {}
    for bron in sorted(bronnen.values(), key=lambda bron: bron.titel):
        auteurs = ", ".join(auteur.naam for auteur in bron.geordende_auteurs)
        regels = textwrap.wrap(f"{bron.titel} ({auteurs})" if auteurs else bron.titel, KOPREGEL)
        groep = Groep(bron, y + KOP - 12, regels, [])
        y += KOP + REGEL * (len(regels) - 1)
        for _, _, les in sorted(per_bron[bron.pk], key=lambda item: item[:2]):
            regels = textwrap.wrap(les.titel, LABEL)
            groep.knopen.append(Knoop(les, y + RIJ // 2, regels))
            plaats[les.pk] = y + RIJ // 2
            y += RIJ + REGEL * (len(regels) - 1)
        groepen.append(groep)
    hoogte = y + RIJ // 2
    bogen = []
    for verband in verbanden:
        y1, y2 = plaats[verband.van_id], plaats[verband.naar_id]
        uit = X - min(X - 8, 12 + abs(y2 - y1) * (X - 20) / max(hoogte, 1))
        bogen.append(Boog(verband, f"M {X - 6} {y1} C {uit:.0f} {y1}, {uit:.0f} {y2}, {X - 6} {y2}"))
    return Kaart(groepen, bogen, hoogte, weggelaten)
