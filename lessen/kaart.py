"""The map of sources in conversation: the published lessons that have relations, grouped under
their source one below the other, and each relation an arc between two of them in the space to the
left. Laid out here twice, for a wide screen and for a phone (each at the size it is shown, so its
text is the size of the text around it), and drawn as SVG by lessen/templates/lessen/kaart.html, the
same relations listed as text beneath it.

Where the lines go is what makes the map readable: the lessons and their sources' headings stand to
the right of the row of dots, the arcs to the left of it, so no arc crosses a heading or a title; an
arc bends out further the further apart its lessons are (by rank, so that no two arcs of different
length lie on top of each other), so an arc inside another never crosses it.
"""

import textwrap
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, prefetch_related_objects

from .models import Les, Verband
from .selectors import vermeldingen_with_bron_and_auteurs

MAX_VERBANDEN = 250  # a map of more is unreadable; the text says how many are left out


@dataclass(frozen=True)
class Maat:
    """The measures of one drawing, in SVG units that are CSS pixels when it is shown."""

    naam: str
    breedte: int  # the content width of the page at that screen size
    x: int  # the row of dots: arcs to the left of it, titles and headings to the right
    letter: int  # font size of a title (a heading is one pixel larger and bold)
    regel: int  # height of one line of text

    @property
    def tekens(self):
        """Characters of a title that surely fit on one line (wide sans-serif fonts average 0.53 em)."""
        return int((self.breedte - self.x - 14) / (self.letter * 0.56))

    @property
    def koptekens(self):
        return int((self.breedte - self.x) / ((self.letter + 1) * 0.64))


BREED = Maat("breed", breedte=1120, x=430, letter=15, regel=20)  # 72rem less the page's margins
SMAL = Maat("smal", breedte=343, x=136, letter=13, regel=17)  # a 375 px phone less 2rem
MATEN = (BREED, SMAL)


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
class Tekening:
    maat: Maat
    groepen: list
    bogen: list
    hoogte: int

    @property
    def titel_x(self):
        return self.maat.x + 12


@dataclass
class Kaart:
    tekeningen: list  # one per Maat: wide first
    verbanden: list
    weggelaten: int  # relations not drawn (beyond MAX_VERBANDEN)

    @property
    def bogen(self):
        return self.tekeningen[0].bogen


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
    tekeningen = [_layout(verbanden, lessen.values(), maat) for maat in MATEN]
    return Kaart(tekeningen, verbanden, weggelaten)


def _published_relations(thema):
    published = Les.objects.published().values("pk")
    verbanden = Verband.objects.filter(van__in=published, naar__in=published)
    if thema is not None:
        on_theme = Les.themas.through.objects.filter(thema=thema).values("les_id")
        verbanden = verbanden.filter(Q(van__in=on_theme) | Q(naar__in=on_theme))
    return verbanden


def _in_order(lessen):
    """The sources, each with its lessons in their place in the source: a bundle's essays together,
    in the bundle's order, the other sources by title."""
    per_bron, bronnen = defaultdict(list), {}
    for les in lessen:
        vermelding = les.vermeldingen.all()[0]  # the source it was first cited from
        bronnen[vermelding.bron_id] = vermelding.bron
        per_bron[vermelding.bron_id].append((vermelding.volgorde, les.titel, les))

    def plaats(bron):
        bundel = bron.onderdeel_van
        return (bundel.titel, bron.volgorde, bron.titel) if bundel else (bron.titel, -1, "")

    for bron in sorted(bronnen.values(), key=plaats):
        yield bron, [les for _, _, les in sorted(per_bron[bron.pk], key=lambda item: item[:2])]


def _layout(verbanden, lessen, maat):
    """Each source's heading, then its lessons, one below the other; then an arc for each relation."""
    groepen, y, plaats = [], 0, {}
    for bron, bron_lessen in _in_order(lessen):
        auteurs = ", ".join(auteur.naam for auteur in bron.geordende_auteurs)
        regels = textwrap.wrap(f"{bron.titel} ({auteurs})" if auteurs else bron.titel, maat.koptekens)
        y += maat.regel  # space above a heading
        groep = Groep(bron, y + maat.letter, regels, [])
        y += maat.regel * len(regels) + maat.regel // 2
        for les in bron_lessen:
            regels = textwrap.wrap(les.titel, maat.tekens)
            knoop = Knoop(les, y + maat.regel // 2, regels)
            groep.knopen.append(knoop)
            plaats[les.pk] = knoop.y
            y += maat.regel * len(regels) + maat.regel // 3
        groepen.append(groep)
    rand = maat.x - 8  # where an arc meets the dot of its lesson
    spans = sorted({abs(plaats[v.naar_id] - plaats[v.van_id]) for v in verbanden})
    rang = {span: i for i, span in enumerate(spans)}
    ruimte = rand - 6
    bogen = []
    for verband in verbanden:
        y1, y2 = sorted((plaats[verband.van_id], plaats[verband.naar_id]))
        uit = 10 + (ruimte - 10) * (rang[y2 - y1] + 1) / len(spans)
        pad = f"M {rand} {y1} A {uit:.0f} {(y2 - y1) / 2:.1f} 0 0 0 {rand} {y2}"
        bogen.append(Boog(verband, pad))
    return Tekening(maat, groepen, bogen, y + maat.regel // 2)
