"""'Controleer uw verwijzingen': a writer's note, pasted or uploaded, and a verdict for each Wijkgids link."""

import io
import re
import zipfile

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf import text as odftext
from odf.opendocument import OpenDocumentText
from pypdf import PdfWriter

from lessen.models import Les
from lessen.services import lessen_verwijderen
from tests.citeren.factories import les_met_geschiedenis
from tests.html_safety import csp_nonce, executable_markup
from tests.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

GEPUBLICEERD = Les.Status.GEPUBLICEERD
URL = reverse("citeren:controle")
SITE = "http://testserver"


@pytest.fixture
def bibliotheek(db):
    """Lessons as a note written on 1 July 2024 may have found them, and what became of them."""
    huidig = les_met_geschiedenis(("2024-01-01", GEPUBLICEERD), titel="Huidig", slug="huidig")
    vastgepind = les_met_geschiedenis(
        ("2024-01-01", GEPUBLICEERD), ("2024-03-01", GEPUBLICEERD), titel="Vastgepind", slug="vastgepind"
    )
    verhuisd = les_met_geschiedenis(
        ("2024-01-01", GEPUBLICEERD),
        ("2024-02-01", GEPUBLICEERD, {"slug": "nieuw-adres"}),
        titel="Verhuisd",
        slug="oud-adres",
    )
    hernoemd = les_met_geschiedenis(
        ("2024-01-01", GEPUBLICEERD),
        ("2024-09-01", GEPUBLICEERD, {"titel": "Nieuwe titel", "slug": "nieuwe-titel"}),
        titel="Oude titel",
        slug="oude-titel",
    )
    weg = les_met_geschiedenis(("2024-01-01", GEPUBLICEERD), titel="Ingetrokken", slug="ingetrokken")
    lessen_verwijderen(lessen=[weg], reden="Dubbel: opgegaan in ‘Huidig’")
    gewijzigd = les_met_geschiedenis(
        ("2024-01-01", GEPUBLICEERD), ("2024-10-01", GEPUBLICEERD), titel="Later gewijzigd", slug="later"
    )
    return {
        "huidig": huidig, "vastgepind": vastgepind, "verhuisd": verhuisd, "hernoemd": hernoemd,
        "weg": weg, "gewijzigd": gewijzigd,
    }  # fmt: skip


def zeven_links(b):
    return [
        f"{SITE}/lessen/huidig/",  # the current address
        f"{SITE}/l/{b['vastgepind'].pk}/v/1/",  # pinned to version 1
        f"{SITE}/lessen/oud-adres/",  # an old address
        f"{SITE}/l/{b['hernoemd'].pk}/",  # a lesson renamed since
        f"{SITE}/lessen/ingetrokken/",  # a lesson withdrawn
        f"{SITE}/l/{b['gewijzigd'].pk}/",  # changed since the note was written
        f"{SITE}/l/99999/",  # never existed
    ]


def notitie_tekst(links):
    zinnen = [f"Zie ook {link}." for link in links]
    return "Beleidsnotitie wijkaanpak\n\n" + "\n".join(zinnen) + "\nEinde."


def voeg_hyperlink_toe(alinea, url, tekst):
    """A link hidden behind words, as Word writes it: the address only in the relationships."""
    rel_id = alinea.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = tekst
    run.append(t)
    hyperlink.append(run)
    alinea._p.append(hyperlink)


def docx_notitie(links):
    document = docx.Document()
    document.add_heading("Beleidsnotitie wijkaanpak", 1)
    for n, link in enumerate(links):
        alinea = document.add_paragraph("Zoals de Wijkgids zegt ")
        if n % 2:  # every other link behind words only
            voeg_hyperlink_toe(alinea, link, "in deze les")
        else:
            alinea.add_run(f"({link}).")
    tabel = document.add_table(rows=1, cols=1)
    tabel.cell(0, 0).text = "Bron: zie hierboven."
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def uitslag(response):
    """[(link, verdict)] as the page shows them."""
    html = response.content.decode()
    items = re.findall(
        r'<li class="card controle__link controle__link--(\w+)">\s*'
        r'<p class="controle__adres"><code>([^<]+)</code>',
        html,
    )
    return [(link, oordeel) for oordeel, link in items]


def upload(client, naam, data, datum="2024-07-01"):
    return client.post(URL, {"bestand": io_bestand(naam, data), "datum": datum})


def io_bestand(naam, data):
    bestand = io.BytesIO(data)
    bestand.name = naam
    return bestand


VERWACHT = ["ongewijzigd", "gewijzigd", "ongewijzigd", "gewijzigd", "verwijderd", "gewijzigd", "onbekend"]


def test_a_docx_note_with_seven_links_gets_seven_verdicts(client, bibliotheek):
    links = zeven_links(bibliotheek)
    response = upload(client, "notitie.docx", docx_notitie(links))
    assert response.status_code == 200
    assert uitslag(response) == list(zip(links, VERWACHT, strict=True))
    html = response.content.decode()
    b = bibliotheek
    # pinned: the version in the link, not the one in force on 1 July, and what changed since
    assert "U citeerde versie 1 van 1 januari 2024, zoals de link zegt" in html
    assert 'href="/lessen/vastgepind/verschil/1/2/"' in html
    # the old address: the lesson's new one
    assert f'Nieuw adres: <a href="{SITE}/lessen/nieuw-adres/">' in html
    # renamed since: the title then, and the difference
    assert "Nieuwe titel</a> (toen: ‘Oude titel’)" in html
    assert 'href="/lessen/nieuwe-titel/verschil/1/2/"' in html
    # withdrawn, with the reason
    assert "met als reden: Dubbel: opgegaan in ‘Huidig’" in html
    # changed since the note's date: the version then, the difference, an up-to-date citation
    assert 'href="/lessen/later/verschil/1/2/"' in html
    assert f"{SITE}/l/{b['gewijzigd'].pk}/v/2/" in html
    assert "Geen openbare les van de Wijkgids heeft (of had) dit nummer of adres." in html


def test_the_same_note_pasted_gets_the_same_verdicts(client, bibliotheek):
    links = zeven_links(bibliotheek)
    response = client.post(URL, {"tekst": notitie_tekst(links), "datum": "2024-07-01"})
    assert response.status_code == 200
    assert uitslag(response) == list(zip(links, VERWACHT, strict=True))


def test_odt_and_pdf_notes_are_read_too(client, bibliotheek):
    links = zeven_links(bibliotheek)[:3]
    odt = OpenDocumentText()
    for link in links:
        alinea = odftext.P(text="Zie ")
        alinea.addElement(odftext.A(href=link, text="deze les"))
        odt.text.addElement(alinea)
    data = io.BytesIO()
    odt.write(data)
    assert uitslag(upload(client, "notitie.odt", data.getvalue())) == list(
        zip(links, VERWACHT[:3], strict=True)
    )


def test_the_date_decides_the_version_cited(client, bibliotheek):
    link = f"{SITE}/l/{bibliotheek['gewijzigd'].pk}/"
    assert uitslag(client.post(URL, {"tekst": link, "datum": "2024-07-01"})) == [(link, "gewijzigd")]
    assert uitslag(client.post(URL, {"tekst": link, "datum": "2024-11-01"})) == [(link, "ongewijzigd")]


def test_the_page_costs_the_same_queries_for_three_links_as_for_thirty(client, bibliotheek):
    """Intended to prevent an n+1 issue: the lookups are batched, whatever the number of links."""

    def queries(links):
        client.post(URL, {"tekst": notitie_tekst(links), "datum": "2024-07-01"})  # content types cached
        with CaptureQueriesContext(connection) as context:
            response = client.post(URL, {"tekst": notitie_tekst(links), "datum": "2024-07-01"})
        assert len(uitslag(response)) == len(links)
        return len(context)

    weinig = zeven_links(bibliotheek)[:3]
    veel = zeven_links(bibliotheek) + [f"{SITE}/l/{n}/" for n in range(1000, 1023)]
    assert queries(weinig) == queries(veel)


def test_a_number_past_any_lesson_is_unknown_not_an_error(client, bibliotheek):
    tekst = f"{SITE}/l/{'9' * 30}/ en {SITE}/l/{bibliotheek['huidig'].pk}/v/{'9' * 30}/"
    assert [oordeel for _, oordeel in uitslag(client.post(URL, {"tekst": tekst, "datum": "2024-07-01"}))] == [
        "onbekend",
        "onbekend",
    ]


def test_links_to_other_sites_and_other_pages_are_told_apart(client, bibliotheek):
    tekst = f"https://example.org/l/1/ en {SITE}/themas/sturen/ en testserver/lessen/huidig"
    assert uitslag(client.post(URL, {"tekst": tekst, "datum": "2024-07-01"})) == [
        (f"{SITE}/themas/sturen/", "onbekend"),
        ("testserver/lessen/huidig", "ongewijzigd"),
    ]


def test_the_page_is_a_form_with_csrf(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"tekst": "x", "datum": "2024-07-01"}).status_code == 403


# Hostile and wrong files: a clear message in Dutch, never an error page ------------------------------


def zip_bestand(onderdelen):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in onderdelen.items():
            if callable(inhoud):
                with archief.open(naam, "w", force_zip64=True) as bestand:
                    inhoud(bestand)
            else:
                archief.writestr(naam, inhoud)
    return data.getvalue()


def nullen(bestand):
    blok = b"\0" * (1024 * 1024)
    for _ in range(48):
        bestand.write(blok)


def verminkt(data):
    """A zip whose compressed parts were damaged on the way: the headers still promise a document."""
    midden = len(data) // 2
    return data[:midden] + bytes(b ^ 0x5A for b in data[midden : midden + 200]) + data[midden + 200 :]


def versleutelde_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


@pytest.mark.parametrize(
    "naam, maak, bericht",
    [
        (
            "bom.docx",
            lambda: zip_bestand({"[Content_Types].xml": b"<Types/>", "word/document.xml": nullen}),
            "pakt uit tot veel meer dan een notitie kan bevatten",
        ),
        ("groot.pdf", lambda: b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "groter dan 10 MB"),
        ("foto.docx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "geen document dat we kunnen lezen"),
        ("leeg.docx", lambda: b"", "Dit bestand is leeg."),
        (
            "geheim.docx",
            lambda: (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
            ),
            "met een wachtwoord beveiligd",
        ),
        ("geheim.pdf", versleutelde_pdf, "met een wachtwoord beveiligd"),
        (
            "geheim.odt",
            lambda: zip_bestand(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "META-INF/manifest.xml": b"<manifest><manifest:encryption-data/></manifest>",
                    "content.xml": b"\x93\x12garbage",
                }
            ),
            "met een wachtwoord beveiligd",
        ),
        (
            "kapot.docx",
            lambda: zip_bestand({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
            "beschadigd",
        ),
        ("kapot.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer", "beschadigd"),
        ("verminkt.docx", lambda: verminkt(docx_notitie(["http://testserver/l/1/"])), "beschadigd"),
        ("oud.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "ouder Word-bestand"),
        ("archief.docx", lambda: zip_bestand({"iets.txt": b"hallo"}), "geen Word- (.docx) of OpenDocument"),
    ],
)
def test_hostile_or_wrong_files_are_refused_in_dutch(client, db, naam, maak, bericht):
    response = upload(client, naam, maak())
    assert response.status_code == 400
    assert bericht in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "data, bericht",
    [
        ({"datum": "2024-07-01"}, "Plak de tekst van uw notitie of kies het document."),
        ({"tekst": "x"}, "Vul in wanneer de notitie geschreven is."),
        ({"tekst": "x", "datum": "gisteren"}, "Schrijf de datum als 31-12-2024."),
        ({"tekst": "x", "datum": "2999-01-01"}, "Die datum ligt in de toekomst."),
        ({"tekst": "x" * 500_001, "datum": "2024-07-01"}, "hoogstens 500.000 tekens"),
    ],
)
def test_a_form_filled_in_wrongly_is_explained(client, db, data, bericht):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert bericht in response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_pasted_text_brings_executable_markup_to_the_report(client, bibliotheek, payload):
    tekst = f"{SITE}/lessen/{payload} {SITE}/l/{bibliotheek['huidig'].pk}/{payload} {payload}"
    response = client.post(URL, {"tekst": tekst, "datum": "2024-07-01"})
    assert response.status_code in (200, 400)
    assert executable_markup(response.content.decode(), nonce=csp_nonce(response)) == []


def test_a_lesson_published_after_the_notes_date_is_pointed_out(client, bibliotheek):
    link = f"{SITE}/lessen/later/"
    html = client.post(URL, {"tekst": link, "datum": "2023-05-01"}).content.decode()
    assert "de les verscheen pas na 1 mei 2023, de dag van uw notitie: controleer die datum" in html
