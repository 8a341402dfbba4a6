"""A readable difference between two versions of a lesson: every field, word by word for text.

Each field's difference is a list of pieces (kind, text), kind "=" unchanged, "-" removed or "+"
added, which lessen/templates/versies/_verschil.html shows with <del> and <ins>. The text of a lesson
is compared as readers read it: the words of its rendered HTML, paragraph by paragraph (`alineas`),
so that a changed word shows as that word, and the paragraphs around it that did not change can be
folded away; editors, who write Markdown, get the Markdown compared too (`delen`).
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.urls import reverse

from lessen.models import Verband

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

TEXT_FIELDS = [
    ("titel", "Titel"),
    ("adres", "Adres"),
    ("samenvatting", "Samenvatting"),
    ("tekst", "Tekst"),
    ("get_soort_display", "Soort les"),
    ("get_kennissoort_display", "Soort kennis"),
    ("get_status_display", "Status"),
]

# Where the rendered text breaks into paragraphs (and headings, list items, quotes).
BLOKKEN = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "tr", "div"}


@dataclass
class Alinea:
    """One paragraph of the difference: changed (`delen`) or a run of unchanged ones (`gelijk`)."""

    delen: list = field(default_factory=list)
    gelijk: list = field(default_factory=list)


@dataclass
class Verschil:
    veld: str
    gewijzigd: bool
    delen: list  # (kind, text): "=" unchanged, "-" removed, "+" added
    alineas: list = field(default_factory=list)  # the text as readers read it, for "Tekst"


class _Alineas(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.alineas, self.nu = [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOKKEN:
            self.sluit()
        elif tag == "br":
            self.nu.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOKKEN:
            self.sluit()

    def handle_data(self, data):
        self.nu.append(data)

    def sluit(self):
        tekst = " ".join("".join(self.nu).split())
        if tekst:
            self.alineas.append(tekst)
        self.nu = []


def alineas(html):
    """The paragraphs of rendered HTML as plain text, as a reader reads them."""
    parser = _Alineas()
    parser.feed(html or "")
    parser.close()
    parser.sluit()
    return parser.alineas


def alineas_diff(oud_html, nieuw_html):
    """The rendered texts paragraph by paragraph: runs of unchanged paragraphs as one folded
    Alinea, each changed paragraph word by word against the one it replaced."""
    a, b = alineas(oud_html), alineas(nieuw_html)
    uit = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            uit.append(Alinea(gelijk=b[j1:j2]))
            continue
        oud, nieuw = a[i1:i2], b[j1:j2]
        for k in range(max(len(oud), len(nieuw))):
            van = oud[k] if k < len(oud) else ""
            naar = nieuw[k] if k < len(nieuw) else ""
            uit.append(Alinea(delen=woorden_diff(van, naar)))
    return uit


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


def _waarde(versie, naam):
    if naam == "adres":  # the address a reader sees, not the slug an editor types
        return reverse("lessen:les_detail", args=[versie.slug]) if versie.slug else ""
    value = getattr(versie, naam)
    return value() if callable(value) else value


def andere_lessen(*versies):
    """The numbers of the other lessons these versions' relations name."""
    return {v["les"] for versie in versies for v in versie.verbanden_snapshot}


def versies_vergelijken(oud, nieuw, *, zichtbaar=None):
    """Every field of two versions (historical records), changed or not, in reading order.

    A version keeps its relations as they were stored, naming the other lesson; only those with a
    lesson in `zichtbaar` (see `versies.selectors.visible_lesson_ids`) are shown: a relation with a
    lesson the reader may not see was never there for them. None: all (for editors, in the admin)."""
    verschillen = []
    for naam, label in TEXT_FIELDS:
        a, b = _waarde(oud, naam), _waarde(nieuw, naam)
        verschil = Verschil(label, a != b, woorden_diff(a, b) if a != b else [("=", b)])
        if naam == "tekst":
            verschil.alineas = alineas_diff(oud.tekst_html, nieuw.tekst_html)
        verschillen.append(verschil)
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
