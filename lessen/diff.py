"""A readable difference between two versions of a lesson: every field, word-level for text."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

TEXT_FIELDS = [
    ("titel", "Titel"),
    ("slug", "Adres (slug)"),
    ("samenvatting", "Samenvatting"),
    ("tekst", "Tekst"),
]
CHOICE_FIELDS = [
    ("get_soort_display", "Soort"),
    ("get_kennissoort_display", "Kennissoort"),
    ("get_status_display", "Status"),
]


@dataclass
class Verschil:
    veld: str
    gewijzigd: bool
    html: str  # safe HTML: the new value with <del>/<ins> marks, or the unchanged value


def woorden_diff(oud, nieuw):
    """Word-level diff of two strings as safe HTML with <del> and <ins>."""
    a, b = TOKENS.findall(oud or ""), TOKENS.findall(nieuw or "")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def _lijst_diff(oud, nieuw):
    weg = [item for item in oud if item not in nieuw]
    erbij = [item for item in nieuw if item not in oud]
    blijft = [item for item in nieuw if item in oud]
    parts = [f"<del>{escape(item)}</del>" for item in weg]
    parts += [f"<ins>{escape(item)}</ins>" for item in erbij]
    parts += [escape(item) for item in blijft]
    return mark_safe(", ".join(parts) or "—"), bool(weg or erbij)


def _vermeldingen(versie):
    return [
        f"{v['bron']}, {v['locator']}" + (f" — “{v['citaat']}”" if v.get("citaat") else "")
        for v in versie.vermeldingen_snapshot
    ]


def versies_vergelijken(oud, nieuw):
    """Every field of two versions (historical records), changed or not, in reading order."""
    verschillen = []
    for field, label in TEXT_FIELDS:
        a, b = getattr(oud, field), getattr(nieuw, field)
        verschillen.append(Verschil(label, a != b, woorden_diff(a, b) if a != b else escape(b)))
    for method, label in CHOICE_FIELDS:
        a, b = getattr(oud, method)(), getattr(nieuw, method)()
        verschillen.append(Verschil(label, a != b, woorden_diff(a, b) if a != b else escape(b)))
    lijsten = [
        ("Thema's", [t["naam"] for t in oud.themas_snapshot], [t["naam"] for t in nieuw.themas_snapshot]),
        ("Tags", oud.tags_snapshot, nieuw.tags_snapshot),
        ("Bronnen", _vermeldingen(oud), _vermeldingen(nieuw)),
    ]
    for label, a, b in lijsten:
        html, gewijzigd = _lijst_diff(a, b)
        verschillen.append(Verschil(label, gewijzigd, html))
    return verschillen
