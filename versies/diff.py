"""A readable difference between two versions of a lesson: every field, word by word for text.

Each field's difference is a list of pieces (kind, text), kind "=" unchanged, "-" removed or "+"
added, which lessen/templates/versies/_verschil.html shows with <del> and <ins>.
"""

import difflib
import re
from dataclasses import dataclass

from lessen.models import Verband

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

TEXT_FIELDS = [
    ("titel", "Titel"),
    ("slug", "Adres (slug)"),
    ("samenvatting", "Samenvatting"),
    ("tekst", "Tekst"),
    ("get_soort_display", "Soort"),
    ("get_kennissoort_display", "Kennissoort"),
    ("get_status_display", "Status"),
]


@dataclass
class Verschil:
    veld: str
    gewijzigd: bool
    delen: list  # (kind, text): "=" unchanged, "-" removed, "+" added


def woorden_diff(oud, nieuw):
    """The word-level difference of two strings, as pieces."""
    a, b = TOKENS.findall(oud or ""), TOKENS.findall(nieuw or "")
    delen = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            delen.append(("=", "".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            delen.append(("-", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            delen.append(("+", "".join(b[j1:j2])))
    return delen


def _lijst_diff(oud, nieuw):
    """Removed items, added items, then those that stayed, separated by commas."""
    items = [("-", item) for item in oud if item not in nieuw] + [
        ("+", item) for item in nieuw if item not in oud
    ]
    gewijzigd = bool(items)
    items += [("=", item) for item in nieuw if item in oud]
    delen = []
    for item in items:
        delen += [("=", ", "), item] if delen else [item]
    return delen or [("=", "—")], gewijzigd


def _vermeldingen(versie):
    return [
        f"{v['bron']}, {v['locator']}" + (f" — “{v['citaat']}”" if v.get("citaat") else "")
        for v in versie.vermeldingen_snapshot
    ]


def _verbanden(versie, zichtbaar):
    return [
        f"{Verband.Soort(v['soort']).label} ‘{v['titel']}’: {v['toelichting']}"
        for v in versie.verbanden_snapshot
        if zichtbaar is None or v["les"] in zichtbaar
    ]


def andere_lessen(*versies):
    """The numbers of the other lessons these versions' relations name."""
    return {v["les"] for versie in versies for v in versie.verbanden_snapshot}


def versies_vergelijken(oud, nieuw, *, zichtbaar=None):
    """Every field of two versions (historical records), changed or not, in reading order.

    A version keeps its relations as they were stored, naming the other lesson; only those with a
    lesson in `zichtbaar` (see `versies.selectors.visible_lesson_ids`) are shown: a relation with a
    lesson the reader may not see was never there for them. None: all (for editors, in the admin)."""
    verschillen = []
    for field, label in TEXT_FIELDS:
        a, b = getattr(oud, field), getattr(nieuw, field)
        if callable(a):
            a, b = a(), b()
        verschillen.append(Verschil(label, a != b, woorden_diff(a, b) if a != b else [("=", b)]))
    lijsten = [
        ("Thema's", [t["naam"] for t in oud.themas_snapshot], [t["naam"] for t in nieuw.themas_snapshot]),
        ("Tags", oud.tags_snapshot, nieuw.tags_snapshot),
        ("Bronnen", _vermeldingen(oud), _vermeldingen(nieuw)),
        ("Verbanden met andere lessen", _verbanden(oud, zichtbaar), _verbanden(nieuw, zichtbaar)),
    ]
    for label, a, b in lijsten:
        delen, gewijzigd = _lijst_diff(a, b)
        verschillen.append(Verschil(label, gewijzigd, delen))
    return verschillen
