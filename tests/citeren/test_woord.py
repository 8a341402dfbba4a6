"""The citation bundle as a Word document: the APA list citeproc renders, titles in italics, each address a
link to the exact version, with the lesson's permanent link and the version's moment under it."""

import io

import docx
import pytest
from citeproc import formatter
from docx.opc.constants import RELATIONSHIP_TYPE

from tests.citeren.test_formats import render_apa

pytestmark = pytest.mark.django_db


def test_the_bundle_downloads_as_a_word_document_with_its_apa_list_and_robust_links(client, content):
    lessen = [content["weg"], content["mensen"], content["sturen_les"]]
    query = "les=" + ",".join(str(les.pk) for les in lessen)
    response = client.get(f"/bundel/citaten.docx?{query}")
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="wijkgids-citaten.docx"'

    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.language == "nl-NL"
    referenties = [p for p in document.paragraphs if p.paragraph_format.first_line_indent is not None]
    assert len(referenties) == 3
    apa = render_apa(client.get(f"/bundel/citaten.json?{query}").json(), formatter.plain)
    for alinea, verwacht, les in zip(referenties, apa, lessen, strict=True):
        eerste, tweede = alinea.text.split("\n")
        assert eerste == verwacht
        assert [run.text for run in alinea.runs if run.italic] == [les.titel]
        assert tweede.startswith(f"Les: http://testserver/l/{les.pk}/, versie 1 van ")
        assert alinea.paragraph_format.first_line_indent < 0  # APA's hanging indent

    links = [
        rel.target_ref for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
    ]
    for les in lessen:
        assert f"http://testserver/l/{les.pk}/v/1/" in links  # the exact version
        assert f"http://testserver/l/{les.pk}/" in links  # the lesson, whatever becomes of the version's page


def test_an_empty_bundle_is_an_empty_list(client, db):
    document = docx.Document(io.BytesIO(client.get("/bundel/citaten.docx").content))
    assert [p.text for p in document.paragraphs][0] == "Literatuurlijst"
    assert not [p for p in document.paragraphs if p.paragraph_format.first_line_indent is not None]
