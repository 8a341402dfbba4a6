"""Citing a lesson: APA 7 (Dutch conventions), a plain line, BibTeX, RIS and CSL-JSON.

A citation always names one version of a lesson and its version permalink (`/l/<id>/v/<n>/`),
so a policy note keeps pointing at exactly what was cited. Every format says the same kind of
thing: a web page of the Wijkgids (website title "Wijkgids"), by the Wijkgids editors, dated by
its version. The source the lesson summarises is named in a note, never as its container.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

UITGEVER = "Wijkgids"
AUTEUR = "Wijkgids-redactie"
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


def apa_html(citaat):
    """APA 7 for a versioned wiki entry, in Dutch: title first, then date, container, URL."""
    datum = citaat.lokale_datum
    hoofd = format_html(
        "{}. ({}, {}). In <i>{}</i> (versie {}). {}",
        citaat.titel,
        datum.year,
        date_format(datum, "j F"),  # Dutch month names: the site speaks only Dutch
        UITGEVER,
        citaat.versie,
        citaat.url,
    )
    return mark_safe(hoofd + escape(_gebaseerd_tekst(citaat)))


def _gebaseerd_tekst(citaat):
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


def _bibtex_escape(text):
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in text)


def bibtex(citaten):
    """@online entries. biblatex/biber read url, date, version and organization (the website). A
    classic BibTeX style has no @online: it warns and prints the entry as @misc, with howpublished
    (the URL in it needs the url or hyperref package) and the month macro spelled out. No
    urldate: when the reader looked is the reader's to say."""
    entries = []
    for c in citaten:
        datum = c.lokale_datum
        velden = [
            ("author", "{" + AUTEUR + "}"),  # braced: an organisation, not a surname with initials
            ("title", "{" + _bibtex_escape(c.titel) + "}"),
            ("organization", UITGEVER),
            ("howpublished", f"{UITGEVER}, versie {c.versie}, \\url{{{c.url}}}"),
            ("version", str(c.versie)),
            ("date", datum.date().isoformat()),
            ("year", str(datum.year)),
            ("month", BIBTEX_MAANDEN[datum.month - 1]),
            ("url", c.url),
            ("language", "dutch"),
        ]
        if c.gebaseerd_op:
            velden.append(("note", _bibtex_escape(_gebaseerd_tekst(c).strip())))
        body = ",\n".join(  # the month is a macro (nov), which a style spells out in its language
            f"  {naam} = {waarde}" if naam == "month" else f"  {naam} = {{{waarde}}}"
            for naam, waarde in velden
        )
        entries.append(f"@online{{{c.sleutel},\n{body}\n}}\n")
    return "\n".join(entries)


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
            regels.append(("N1", _gebaseerd_tekst(c).strip()))
        regels.append(("ER", ""))
        records.append("\r\n".join(f"{tag}  - {_ris_safe(waarde)}" for tag, waarde in regels))
    return "\r\n".join(records) + "\r\n"


def csl_json(citaten):
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
            item["note"] = _gebaseerd_tekst(c).strip()
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


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
    plain line and the JSON-LD for reference managers (expects the prefetches of `les_detail`)."""
    citaat = citaat_voor(les, request.build_absolute_uri(les.get_version_permalink()))
    return {
        "citaat": citaat,
        "apa": apa_html(citaat),
        "regel": regel(citaat),
        "citaat_auteur": AUTEUR,
        "jsonld": json_ld(les, citaat, canonical),
    }
