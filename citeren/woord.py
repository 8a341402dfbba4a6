"""The citation bundle as a Word document (.docx): the reference list in APA 7, ready to paste into a
note. Each reference is the one citeproc renders (`formats.apa_html`), its title in italics, with a
hanging indent as APA lays out a list; its address is a link to the exact version cited, and under it
stand the lesson's permanent link and the moment of the version: a Robust Link, written out, since a
Word link has no room for data-versionurl and data-versiondate.
"""

import io
import re
from html import unescape

import docx
from django.utils import timezone
from django.utils.formats import date_format
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import formats, robustlinks

INSPRINGEN = Cm(1.27)  # APA's hanging indent: half an inch
LINKKLEUR = RGBColor(0x1A, 0x4E, 0x8A)


def literatuurlijst_docx(citaten):
    document = docx.Document()
    document.core_properties.title = "Literatuurlijst uit de Wijkgids"
    document.core_properties.language = "nl-NL"
    document.core_properties.author = formats.AUTEUR
    document.add_heading("Literatuurlijst", level=1)
    document.add_paragraph(
        f"APA 7, gemaakt op {date_format(timezone.localdate(), 'j F Y')}. Elke link wijst naar precies "
        "de geciteerde versie; daaronder staan de permanente link van de les en de datum van die versie, "
        "zodat de versie ook later terug te vinden is."
    )
    apa = formats.apa_html(citaten)
    for citaat in citaten:
        alinea = document.add_paragraph()
        alinea.paragraph_format.left_indent = INSPRINGEN
        alinea.paragraph_format.first_line_indent = -INSPRINGEN
        _referentie(alinea, str(apa[citaat.sleutel]), citaat.url)
        alinea.add_run().add_break()
        toelichting = alinea.add_run("Les: ")
        toelichting.font.size = Pt(9)
        _link(alinea, robustlinks.origineel(citaat), robustlinks.origineel(citaat), grootte=Pt(9))
        datum = date_format(timezone.localtime(citaat.datum), "j F Y, H:i")
        alinea.add_run(f", versie {citaat.versie} van {datum}").font.size = Pt(9)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def _referentie(alinea, html, url):
    """The reference citeproc rendered as HTML, as runs: <i> in italics, the version's address a link."""
    for n, deel in enumerate(re.split(r"</?i>", html)):
        tekst = unescape(deel)
        if url in tekst:
            voor, na = tekst.split(url, 1)
            alinea.add_run(voor).italic = n % 2 == 1
            _link(alinea, url, url)
            alinea.add_run(na).italic = n % 2 == 1
        elif tekst:
            alinea.add_run(tekst).italic = n % 2 == 1


def _link(alinea, url, tekst, *, grootte=None):
    """A hyperlink as Word writes it: the address in the part's relationships, the text in a run."""
    rel_id = alinea.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = alinea.add_run(tekst)
    run.font.color.rgb = LINKKLEUR
    run.font.underline = True
    if grootte is not None:
        run.font.size = grootte
    hyperlink.append(run._r)  # moved from the paragraph into the link
    alinea._p.append(hyperlink)
