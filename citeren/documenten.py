"""The text and link targets of an uploaded note (.docx, .odt, .pdf), read in memory, within limits.

Nothing is written anywhere: the file arrives in memory (`BegrensdeUpload`), is read here and is gone
with the request. Whatever is wrong with a file (too large, another kind of file than its name says,
a zip bomb, a password, a damaged document) is an `OnleesbaarDocument` with a message for the writer,
in Dutch; never an error page.
"""

import io
import re
import zipfile
import zlib

from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from lxml import etree

MAX_BESTAND = 10 * 1024 * 1024  # bytes uploaded
MAX_UITGEPAKT = 40 * 1024 * 1024  # bytes inside a .docx or .odt, all parts together, as really unpacked
MAX_ONDERDELEN = 2000  # files inside a .docx or .odt
MAX_PAGINAS = 300  # of a PDF
MAX_TEKST = 2_000_000  # characters of text read from a document

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word files, and Office documents with a password
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_DELEN = re.compile(r"^word/(document|footnotes|endnotes|header\d*|footer\d*|comments)\.xml$")
VEILIG_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class OnleesbaarDocument(Exception):
    """A file we cannot or will not read; the message says why, for the writer."""


class BegrensdeUpload(MemoryFileUploadHandler):
    """Keeps an upload in memory, never on disk, and stops reading it past MAX_BESTAND.

    A file that is too large arrives without its content (`request.upload_te_groot` is set), so that
    the form can say so instead of the server keeping it."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # in memory whatever the size: MAX_BESTAND is the limit, not a temporary file

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BESTAND:
            self.request.upload_te_groot = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def lees(naam, data):
    """(text, [link targets]) of an uploaded document, or OnleesbaarDocument."""
    if len(data) > MAX_BESTAND:
        raise OnleesbaarDocument(te_groot_bericht())
    if data.startswith(b"PK\x03\x04"):
        return _lees_zip(data)
    if data.startswith(b"%PDF-"):
        return _lees_pdf(data)
    if data.startswith(OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise OnleesbaarDocument(_wachtwoord())
        raise OnleesbaarDocument(
            "Dit is een ouder Word-bestand (.doc). Sla het in uw tekstverwerker op als .docx of .pdf "
            "en probeer het opnieuw, of plak de tekst in het tekstvak."
        )
    raise OnleesbaarDocument(
        f"‘{naam}’ is geen document dat we kunnen lezen. Kies een .docx-, .odt- of .pdf-bestand, "
        "of plak de tekst in het tekstvak."
    )


def te_groot_bericht():
    return (
        f"Het bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB. Plak de tekst in het tekstvak, "
        "of sla de notitie op zonder afbeeldingen."
    )


def _wachtwoord():
    return (
        "Dit document is met een wachtwoord beveiligd. Sla het op zonder wachtwoord, "
        "of plak de tekst in het tekstvak."
    )


def _beschadigd():
    return (
        "Dit document is beschadigd of onvolledig; we konden het niet lezen. Plak de tekst in het tekstvak."
    )


# .docx and .odt: a zip of XML files -------------------------------------------------------------


def _lees_zip(data):
    try:
        archief = zipfile.ZipFile(io.BytesIO(data))
        onderdelen = _uitgepakt(archief)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, zlib.error,
            OSError) as exc:  # fmt: skip
        raise OnleesbaarDocument(_beschadigd()) from exc
    if "[Content_Types].xml" in onderdelen and "word/document.xml" in onderdelen:
        return _lees_docx(data)
    if onderdelen.get("mimetype", b"").strip() == b"application/vnd.oasis.opendocument.text":
        if b"encryption-data" in onderdelen.get("META-INF/manifest.xml", b""):
            raise OnleesbaarDocument(_wachtwoord())
        return _lees_odt(data)
    raise OnleesbaarDocument(
        "Dit zip-bestand is geen Word- (.docx) of OpenDocument-tekst (.odt). Kies de notitie zelf, "
        "of plak de tekst in het tekstvak."
    )


def _uitgepakt(archief):
    """{name: bytes} of every part, unpacked in pieces and stopped at the limits: what a part's header
    claims about its size is not believed (a zip bomb lies there)."""
    infos = archief.infolist()
    if len(infos) > MAX_ONDERDELEN:
        raise OnleesbaarDocument(_te_veel_uitgepakt())
    onderdelen, totaal = {}, 0
    for info in infos:
        if info.flag_bits & 0x1:  # an encrypted zip entry
            raise OnleesbaarDocument(_wachtwoord())
        stukken = []
        with archief.open(info) as bestand:
            while stuk := bestand.read(64 * 1024):
                totaal += len(stuk)
                if totaal > MAX_UITGEPAKT:
                    raise OnleesbaarDocument(_te_veel_uitgepakt())
                stukken.append(stuk)
        onderdelen[info.filename] = b"".join(stukken)
    return onderdelen


def _te_veel_uitgepakt():
    return (
        "Dit document pakt uit tot veel meer dan een notitie kan bevatten; we lezen het niet. "
        "Plak de tekst in het tekstvak."
    )


def _lees_docx(data):
    """Word: the text of the body, tables, notes, headers, footers and comments, with the target of a
    link behind words written after them, in the order of the document."""
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        teksten = []
        for part in document.part.package.iter_parts():
            if WORD_DELEN.match(str(part.partname).lstrip("/")):
                doelen = {rel_id: rel.target_ref for rel_id, rel in part.rels.items() if rel.is_external}
                teksten += _alinea_teksten(part.blob, doelen)
    except OnleesbaarDocument:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the parser on a hostile file is "unreadable"
        raise OnleesbaarDocument(_beschadigd()) from exc
    return _begrensd("\n".join(teksten)), []


def _alinea_teksten(xml, doelen):
    root = etree.fromstring(xml, parser=VEILIG_XML)
    teksten = []
    for alinea in root.iter(f"{{{WORD_NS}}}p"):
        delen = []
        for element in alinea.iter(f"{{{WORD_NS}}}t", f"{{{WORD_NS}}}hyperlink"):
            if element.tag.endswith("}t"):
                delen.append(element.text or "")
            elif (doel := doelen.get(element.get(f"{{{REL_NS}}}id"))) is not None:
                delen.append(f" {doel} ")  # before the words it hides behind: still in order
        teksten.append("".join(delen))
    return teksten


def _lees_odt(data):
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        alineas = [teletype.extractText(p) for p in document.getElementsByType(text.P)]
        alineas += [teletype.extractText(h) for h in document.getElementsByType(text.H)]
        links = [a.getAttribute("href") for a in document.getElementsByType(text.A)]
    except Exception as exc:  # noqa: BLE001 - any failure of the parser on a hostile file is "unreadable"
        raise OnleesbaarDocument(_beschadigd()) from exc
    return _begrensd("\n".join(alineas)), [link for link in links if link]


# PDF ---------------------------------------------------------------------------------------------


def _lees_pdf(data):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # only an owner password opens with ""
            raise OnleesbaarDocument(_wachtwoord())
        if len(reader.pages) > MAX_PAGINAS:
            raise OnleesbaarDocument(
                f"Dit PDF-bestand heeft meer dan {MAX_PAGINAS} pagina's. Plak de tekst van de notitie in het "
                "tekstvak."
            )
        teksten, links, lengte = [], [], 0
        for pagina in reader.pages:
            tekst = pagina.extract_text() or ""
            lengte += len(tekst)
            if lengte > MAX_TEKST:
                raise OnleesbaarDocument(_te_lang())
            teksten.append(tekst)
            for annotatie in pagina.get("/Annots") or []:
                actie = annotatie.get_object().get("/A") or {}
                if actie.get("/URI"):
                    links.append(str(actie["/URI"]))
    except OnleesbaarDocument:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on a hostile file
        raise OnleesbaarDocument(_beschadigd()) from exc
    return "\n".join(teksten), links


def _te_lang():
    return (
        "Deze tekst is langer dan een notitie kan zijn; we lezen hem niet. Plak het deel met de verwijzingen."
    )


def _begrensd(tekst):
    if len(tekst) > MAX_TEKST:
        raise OnleesbaarDocument(_te_lang())
    return tekst
